#include "util/bounded_json.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <filesystem>
#include <fstream>

#include "util/fast_json.h"

namespace wc {
namespace {

using json = nlohmann::json;

// nlohmann's message quotes the token it stopped in ("last read: '...'"), which for an unclosed
// string is everything after its quote: 80 bytes of it say where, the rest only floods a log.
std::string withShortToken(const std::string& message) {
  constexpr size_t kMaxToken = 80;
  const std::string marker = "last read: '";
  auto at = message.find(marker);
  if (at == std::string::npos || message.size() - at - marker.size() <= kMaxToken + 1) return message;
  return message.substr(0, at + marker.size() + kMaxToken) + "...' (cut)";
}

// nlohmann's own DOM builder behind a depth check: start_object/start_array beyond the limit
// stop the (iterative) SAX parse before the document grows deeper.
class DepthLimitedDom {
 public:
  DepthLimitedDom(json& result, size_t maxDepth, size_t maxValues)
      : dom_(result, false), maxDepth_(maxDepth), maxValues_(maxValues) {}

  bool null() { return counted() && dom_.null(); }
  bool boolean(bool v) { return counted() && dom_.boolean(v); }
  bool number_integer(json::number_integer_t v) { return counted() && dom_.number_integer(v); }
  bool number_unsigned(json::number_unsigned_t v) { return counted() && dom_.number_unsigned(v); }
  bool number_float(json::number_float_t v, const json::string_t& s) {
    return counted() && dom_.number_float(v, s);
  }
  bool string(json::string_t& v) { return counted() && dom_.string(v); }
  bool binary(json::binary_t& v) { return counted() && dom_.binary(v); }
  bool start_object(std::size_t n) { return counted() && deeper() && dom_.start_object(n); }
  bool key(json::string_t& v) { return dom_.key(v); }
  bool end_object() {
    --depth_;
    return dom_.end_object();
  }
  bool start_array(std::size_t n) { return counted() && deeper() && dom_.start_array(n); }
  bool end_array() {
    --depth_;
    return dom_.end_array();
  }
  bool parse_error(std::size_t position, const std::string& token,
                   const nlohmann::detail::exception& e) {
    syntaxError_ = withShortToken(e.what());
    (void)position;
    (void)token;
    return false;
  }

  bool tooDeep() const { return tooDeep_; }
  bool tooMany() const { return tooMany_; }
  size_t values() const { return values_; }
  const std::string& syntaxError() const { return syntaxError_; }

 private:
  bool deeper() {
    if (++depth_ > maxDepth_) {
      tooDeep_ = true;
      return false;
    }
    return true;
  }

  bool counted() {
    if (maxValues_ != 0 && values_ == maxValues_) {
      tooMany_ = true;
      return false;
    }
    ++values_;
    return true;
  }

  nlohmann::detail::json_sax_dom_parser<json> dom_;
  size_t maxDepth_, maxValues_;
  size_t depth_ = 0, values_ = 0;
  bool tooDeep_ = false, tooMany_ = false;
  std::string syntaxError_;
};

}  // namespace

std::optional<json> parseBoundedJson(std::string_view text, const JsonLimits& limits,
                                     std::string* error, size_t* values) {
  auto fail = [&](const std::string& why) -> std::optional<json> {
    if (error) *error = why;
    return std::nullopt;
  };
  if (text.size() > limits.maxBytes)
    return fail("JSON larger than " + std::to_string(limits.maxBytes) + " bytes (" +
                std::to_string(text.size()) + ")");
  // Valid documents go the fast way; anything it refuses is nlohmann's to judge and explain. With
  // a bound on values, only a text too short to exceed it (a value takes at least 2 bytes but
  // the last).
  const bool fastAllowed = limits.maxValues == 0 || text.size() / 2 + 1 <= limits.maxValues;
  if (fastAllowed)
    if (auto fast = parseValidJsonFast(text, limits.maxDepth)) {
      if (values) *values = jsonValueCount(*fast);
      return fast;
    }
  json result;
  DepthLimitedDom sax(result, limits.maxDepth, limits.maxValues);
  bool ok = false;
  try {
    ok = json::sax_parse(text.begin(), text.end(), &sax, json::input_format_t::json,
                         /*strict=*/true, /*ignore_comments=*/false);
  } catch (const std::exception& e) {  // sax_parse reports through parse_error; be safe anyway
    return fail(std::string("not JSON: ") + e.what());
  }
  if (sax.tooDeep())
    return fail("JSON nested deeper than " + std::to_string(limits.maxDepth) + " levels");
  if (sax.tooMany())
    return fail("JSON of more than " + std::to_string(limits.maxValues) + " values");
  if (values) *values = sax.values();
  if (!ok || result.is_discarded())
    return fail("not JSON" + (sax.syntaxError().empty() ? "" : ": " + sax.syntaxError()));
  return result;
}

// Recursive: for trees built under a depth limit (the parsers above, the report writers).
size_t jsonValueCount(const json& tree) {
  size_t n = 1;
  if (tree.is_structured())
    for (const auto& child : tree) n += jsonValueCount(child);
  return n;
}

json parseBoundedJsonOrDiscarded(std::string_view text, const JsonLimits& limits) {
  auto parsed = parseBoundedJson(text, limits);
  return parsed ? std::move(*parsed) : json(json::value_t::discarded);
}

std::string textField(const json& doc, const char* key, const std::string& fallback) {
  if (!doc.is_object()) return fallback;
  auto it = doc.find(key);
  return it != doc.end() && it->is_string() ? it->get<std::string>() : fallback;
}

bool flagField(const json& doc, const char* key, bool fallback) {
  if (!doc.is_object()) return fallback;
  auto it = doc.find(key);
  return it != doc.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

bool readBoundedFile(const std::string& path, size_t maxBytes, std::string* text,
                     std::string* error) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    *error = "cannot read " + path + " (not a regular file)";
    return false;
  }
  auto size = std::filesystem::file_size(path, ec);
  if (ec) {
    *error = "cannot read " + path + ": " + ec.message();
    return false;
  }
  if (size > maxBytes) {
    *error = path + " is larger than " + std::to_string(maxBytes) + " bytes";
    return false;
  }
  // Without blocking, and checked again once open: the path may have become a FIFO since.
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  struct stat st{};
  if (fd < 0 || ::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    if (fd >= 0) ::close(fd);
    *error = "cannot read " + path + " (not a regular file, or not readable)";
    return false;
  }
  text->clear();
  char buffer[65536];
  for (ssize_t n; (n = ::read(fd, buffer, sizeof buffer)) != 0;) {
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(fd);
      *error = "cannot read " + path + ": " + std::strerror(errno);
      return false;
    }
    text->append(buffer, static_cast<size_t>(n));
    if (text->size() > maxBytes) break;
  }
  ::close(fd);
  if (text->size() > maxBytes) {  // grew while we read it
    *error = path + " is larger than " + std::to_string(maxBytes) + " bytes";
    return false;
  }
  return true;
}

std::optional<nlohmann::json> readJsonObjectFile(const std::string& path, const JsonLimits& limits,
                                                 std::string* error) {
  std::string text, why;
  if (!readBoundedFile(path, limits.maxBytes, &text, error)) return std::nullopt;
  auto parsed = parseBoundedJson(text, limits, &why);
  if (!parsed || !parsed->is_object()) {
    *error = path + " is not a JSON object" + (why.empty() ? "" : ": " + why);
    return std::nullopt;
  }
  return parsed;
}

}  // namespace wc
