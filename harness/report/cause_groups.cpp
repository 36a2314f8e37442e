#include "report/cause_groups.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <utility>

namespace wc {
namespace {

// A quoted value longer than this is prose, not a value: left as it is.
constexpr size_t kMaxQuotedBytes = 200;
constexpr size_t kMinIdBytes = 10;

bool isWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool isHex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }
bool isDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

// 8-4-4-4-12 hex digits at text[at], not followed by a word character: its length, else 0.
size_t uuidLength(const std::string& text, size_t at) {
  static constexpr size_t kGroups[] = {8, 4, 4, 4, 12};
  size_t p = at;
  for (size_t g = 0; g < 5; ++g) {
    if (g > 0 && (p >= text.size() || text[p++] != '-')) return 0;
    for (size_t k = 0; k < kGroups[g]; ++k, ++p)
      if (p >= text.size() || !isHex(text[p])) return 0;
  }
  return p == text.size() || !isWordChar(text[p]) ? p - at : 0;
}

bool isIdChar(char c) { return isWordChar(c) || c == '-'; }

// An identifier (a route, a hex id): a word of letters, digits, '-' and '_' with a digit and a
// letter, kMinIdBytes or longer. Its length, else 0. "5xx" and "150000ms" stay words.
size_t identifierLength(const std::string& text, size_t at) {
  if (at > 0 && isIdChar(text[at - 1])) return 0;
  size_t p = at;
  bool digit = false, letter = false;
  for (; p < text.size() && isIdChar(text[p]); ++p) {
    digit = digit || isDigit(text[p]);
    letter = letter || std::isalpha(static_cast<unsigned char>(text[p]));
  }
  return p - at >= kMinIdBytes && digit && letter ? p - at : 0;
}

// A URL or an absolute path ("https://h/p?q", "/hook/x?token=a") starting a word: its length
// without the punctuation that follows it in prose, else 0.
size_t urlLength(const std::string& text, size_t at) {
  auto space = [&text](size_t i) { return std::isspace(static_cast<unsigned char>(text[i])) != 0; };
  if (at > 0 && !space(at - 1) && text[at - 1] != '(' && text[at - 1] != '[') return 0;
  size_t end = at, scheme = at;
  while (end < text.size() && !space(end)) ++end;
  while (scheme < end && std::isalpha(static_cast<unsigned char>(text[scheme]))) ++scheme;
  const bool path = text[at] == '/';
  const bool url = scheme > at && text.compare(scheme, 3, "://") == 0;
  while (end > at && std::string(",;:.)]").find(text[end - 1]) != std::string::npos) --end;
  return (path || url) && end - at >= 2 ? end - at : 0;
}

// A quote at text[at] that opens a value (not the apostrophe of "target's") and closes on the
// same line, followed by no word character: the length with both quotes, else 0.
size_t quotedLength(const std::string& text, size_t at) {
  const char quote = text[at];
  if (quote != '\'' && quote != '"' && quote != '`') return 0;
  if (at > 0 && isWordChar(text[at - 1])) return 0;
  const size_t end = std::min(text.size(), at + 1 + kMaxQuotedBytes);
  for (size_t p = at + 1; p < end; ++p) {
    if (text[p] == '\n') return 0;
    if (text[p] != quote) continue;
    return p + 1 == text.size() || !isWordChar(text[p + 1]) ? p + 1 - at : 0;
  }
  return 0;
}

}  // namespace

std::string messageShape(const std::string& message) {
  std::string out;
  out.reserve(message.size());
  size_t i = 0;
  while (i < message.size()) {
    const bool wordStart = i == 0 || !isWordChar(message[i - 1]);
    if (size_t n = urlLength(message, i)) {
      out += "<url>";
      i += n;
    } else if (size_t n = wordStart ? uuidLength(message, i) : 0) {
      out += "<uuid>";
      i += n;
    } else if (size_t n = identifierLength(message, i)) {
      out += "<id>";
      i += n;
    } else if (size_t n = quotedLength(message, i)) {
      out += message[i];
      out += "…";
      out += message[i];
      i += n;
    } else if (isDigit(message[i])) {
      out += "<n>";
      while (i < message.size() && isDigit(message[i])) ++i;
    } else {
      out += message[i++];
    }
  }
  return out;
}

std::vector<CauseGroup> groupByCause(const JudgedRun& judged, Attention which) {
  const auto& results = judged.report.results;
  std::vector<CauseGroup> groups;
  std::map<std::pair<Outcome, std::string>, size_t> groupOf;
  for (size_t i = 0; i < results.size(); ++i) {
    const auto& o = judged.outcomes[i];
    const bool wanted = which == Attention::BreaksGate
                            ? o.breaksGate
                            : !o.breaksGate && o.outcome == Outcome::Warn;
    if (!wanted) continue;
    auto shape = messageShape(judged.report.redactor.redact(o.message));
    auto [it, added] = groupOf.try_emplace({o.outcome, shape}, groups.size());
    if (added) groups.push_back({o.outcome, std::move(shape), {}});
    groups[it->second].cases.push_back(i);
  }
  std::stable_sort(groups.begin(), groups.end(), [](const CauseGroup& a, const CauseGroup& b) {
    return a.cases.size() > b.cases.size();
  });
  return groups;
}

std::string commonLevel(const JudgedRun& judged, const CauseGroup& group) {
  const auto& results = judged.report.results;
  const auto level = results[group.cases.front()].info.level;
  for (size_t i : group.cases)
    if (results[i].info.level != level) return "";
  return toString(level);
}

}  // namespace wc
