#include "report/expected_failures.h"

#include <yaml.h>

#include <filesystem>
#include <set>
#include <sstream>
#include <vector>

#include "report/text_safety.h"
#include "runner/runner.h"
#include "util/bounded_json.h"

namespace wc {
namespace {

// What an expected-failures file may be: a list of a few hundred small entries needs far less.
constexpr size_t kMaxFileBytes = 1024 * 1024;

// A value from the file (or the target's version) quoted in a message, which is printed as a
// line of the CI log: inert and short.
std::string entryText(const std::string& text) { return inertLine(text, 200); }
constexpr size_t kMaxDepth = 16;
constexpr size_t kMaxNodes = 100000;

// YAML -> JSON from libyaml's event stream, one pass, bounded. No document tree is built
// (yaml_parser_load would expand `a: &a [*a, *a]` or the "billion laughs" without end): an
// alias is refused when it appears, nesting and the node count are limited. Only the first
// document is read. Scalars stay strings: every field here is a string, and
// `target_version: 0.10` must not become the number 0.1.
class YamlEventReader {
 public:
  explicit YamlEventReader(const std::string& text) {
    ok_ = yaml_parser_initialize(&parser_) != 0;
    if (ok_)
      yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(text.data()),
                                   text.size());
  }
  ~YamlEventReader() {
    if (ok_) yaml_parser_delete(&parser_);
  }
  YamlEventReader(const YamlEventReader&) = delete;
  YamlEventReader& operator=(const YamlEventReader&) = delete;

  bool read(nlohmann::json* out, std::string* error) {
    if (!ok_) return fail("cannot initialise the YAML parser", error);
    // A frame per open collection; a mapping's pending key waits in `key`.
    struct Frame {
      nlohmann::json value;
      bool haveKey = false;
      nlohmann::json key;
    };
    std::vector<Frame> stack;
    nlohmann::json root;  // null: an empty stream lists nothing
    size_t nodes = 0;
    // Places a finished node in its parent (or as the root).
    auto place = [&](nlohmann::json node) {
      if (stack.empty()) {
        root = std::move(node);
        return;
      }
      auto& top = stack.back();
      if (top.value.is_array()) {
        top.value.push_back(std::move(node));
      } else if (!top.haveKey) {
        top.key = std::move(node);
        top.haveKey = true;
      } else {
        if (top.key.is_string()) top.value[top.key.get<std::string>()] = std::move(node);
        top.haveKey = false;  // a non-scalar key is skipped with its value
      }
    };
    for (;;) {
      yaml_event_t event;
      if (!yaml_parser_parse(&parser_, &event)) return syntaxError(error);
      EventGuard guard{&event};
      switch (event.type) {
        case YAML_ALIAS_EVENT:
          return fail("YAML aliases (*" + anchorName(event.data.alias.anchor) +
                          ") are not allowed in an expected-failures file",
                      error);
        case YAML_SCALAR_EVENT:
          if (++nodes > kMaxNodes) return tooMany(error);
          place(std::string(reinterpret_cast<const char*>(event.data.scalar.value),
                            event.data.scalar.length));
          break;
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT:
          if (++nodes > kMaxNodes) return tooMany(error);
          if (stack.size() >= kMaxDepth)
            return fail("nested deeper than " + std::to_string(kMaxDepth) + " levels", error);
          stack.push_back({event.type == YAML_SEQUENCE_START_EVENT ? nlohmann::json::array()
                                                                   : nlohmann::json::object()});
          break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT: {
          auto done = std::move(stack.back().value);
          stack.pop_back();
          place(std::move(done));
          break;
        }
        case YAML_DOCUMENT_END_EVENT:
        case YAML_STREAM_END_EVENT:
          *out = std::move(root);
          return true;
        default:  // stream/document start, no-op
          break;
      }
    }
  }

 private:
  struct EventGuard {
    yaml_event_t* event;
    ~EventGuard() { yaml_event_delete(event); }
  };

  static std::string anchorName(const yaml_char_t* anchor) {
    std::string name = anchor ? reinterpret_cast<const char*>(anchor) : "";
    return name.size() > 40 ? name.substr(0, 40) + "..." : name;
  }
  static bool fail(const std::string& why, std::string* error) {
    *error = why;
    return false;
  }
  static bool tooMany(std::string* error) {
    return fail("more than " + std::to_string(kMaxNodes) + " YAML nodes", error);
  }
  bool syntaxError(std::string* error) {
    std::ostringstream s;
    s << "not valid YAML or JSON: " << (parser_.problem ? parser_.problem : "parse error")
      << " at line " << parser_.problem_mark.line + 1;
    return fail(s.str(), error);
  }

  yaml_parser_t parser_;
  bool ok_ = false;
};

bool parseYaml(const std::string& text, nlohmann::json* out, std::string* error) {
  YamlEventReader reader(text);
  return reader.read(out, error);
}

bool looksLikeJson(const std::string& text) {
  auto first = text.find_first_not_of(" \t\r\n");
  return first != std::string::npos && (text[first] == '{' || text[first] == '[');
}

}  // namespace

bool parseExpectedFailures(const std::string& text, const std::string& name,
                           std::vector<ExpectedFailure>* out, std::string* error) {
  auto fail = [&](const std::string& why) {
    *error = "--expected-failures: " + name + ": " + why;
    return false;
  };
  if (text.size() > kMaxFileBytes)
    return fail("larger than " + std::to_string(kMaxFileBytes) + " bytes");
  nlohmann::json doc;
  if (looksLikeJson(text)) {
    std::string why;
    auto parsed = parseBoundedJson(text, JsonLimits{kMaxDepth, kMaxFileBytes}, &why);
    if (!parsed) return fail("not valid JSON: " + why);
    doc = std::move(*parsed);
  } else {
    std::string why;
    if (!parseYaml(text, &doc, &why)) return fail(why);
  }
  if (doc.is_object() && doc.size() == 1 && doc.contains("expected_failures"))
    doc = doc["expected_failures"];
  if (doc.is_null()) doc = nlohmann::json::array();  // an empty YAML file lists nothing
  if (!doc.is_array())
    return fail("expected a list of {id, reason, target_version} entries "
                "(or an object with the key expected_failures)");
  std::set<std::string> seen;
  out->clear();
  for (size_t i = 0; i < doc.size(); ++i) {
    const auto& e = doc[i];
    std::string where = "entry " + std::to_string(i + 1);
    if (!e.is_object()) return fail(where + " is not an object");
    for (const auto& [key, value] : e.items()) {
      if (key != "id" && key != "reason" && key != "target_version")
        return fail(where + ": unknown key '" + entryText(key) +
                    "' (allowed: id, reason, target_version)");
      if (!value.is_string()) return fail(where + ": '" + key + "' must be a string");
    }
    ExpectedFailure entry;
    entry.id = e.value("id", "");
    entry.reason = e.value("reason", "");
    entry.targetVersion = e.value("target_version", "");
    if (entry.id.empty()) return fail(where + " has no id");
    if (entry.reason.empty()) return fail(where + " (" + entryText(entry.id) + ") has no reason");
    if (!seen.insert(entry.id).second) return fail(entryText(entry.id) + " is listed twice");
    out->push_back(std::move(entry));
  }
  return true;
}

bool loadExpectedFailures(const std::string& path, std::vector<ExpectedFailure>* out,
                          std::string* error) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {  // e.g. a directory
    *error = "--expected-failures: cannot read " + path + " (not a readable file)";
    return false;
  }
  std::string text, why;
  if (!readBoundedFile(path, kMaxFileBytes, &text, &why)) {
    *error = "--expected-failures: " + why;
    return false;
  }
  return parseExpectedFailures(text, path, out, error);
}

std::vector<std::string> unknownExpectedFailureIds(const std::vector<ExpectedFailure>& entries,
                                                   const CaseRegistry& registry) {
  std::vector<std::string> unknown;
  for (const auto& e : entries)
    if (!registry.find(e.id)) unknown.push_back(e.id);
  return unknown;
}

void applyTargetVersion(const std::vector<ExpectedFailure>& entries,
                        const std::string& targetVersion, std::vector<ExpectedFailure>* active,
                        std::vector<IgnoredExpectedFailure>* ignored) {
  for (const auto& e : entries) {
    if (e.targetVersion.empty() || globMatch(e.targetVersion, targetVersion)) {
      active->push_back(e);
      continue;
    }
    ignored->push_back(
        {e, "target_version " + entryText(e.targetVersion) + " does not match the target's " +
                (targetVersion.empty() ? "unknown version (/info reports none)"
                                       : entryText(targetVersion))});
  }
}

}  // namespace wc
