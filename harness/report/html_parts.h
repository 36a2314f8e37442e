#pragma once
// report.html's pieces, shared by the files that render them (html_report.cpp: the page and its
// summary; html_overview.cpp: the attention list and the matrix; html_case.cpp: the case cards;
// html_curl.cpp: the curl reproducer). Not a public interface.
#include <ostream>
#include <string>

#include "report/run_report.h"
#include "report/text_safety.h"

namespace wc::html {

// Every text on the page: redacted first (secrets match their raw form), then made valid UTF-8
// with control characters visible (\x1b), then escaped.
class Html {
 public:
  explicit Html(const Redactor& redactor) : redactor_(redactor) {}
  const Redactor& redactor() const { return redactor_; }
  std::string redact(const std::string& raw) const { return redactor_.redact(raw); }
  std::string text(const std::string& raw) const {
    return htmlEscape(escapeControl(redactor_.redact(raw), true));
  }
  // One line of at most `maxBytes` (cut after redaction, so a secret is never cut in half).
  std::string line(const std::string& raw, size_t maxBytes) const {
    return htmlEscape(escapeControl(truncateUtf8(redactor_.redact(raw), maxBytes), false));
  }
  // A captured header's value: [redacted] for a secret header name, whatever the value.
  std::string header(const std::string& name, const std::string& value) const {
    return htmlEscape(escapeControl(redactor_.headerValue(name, value), true));
  }

 private:
  const Redactor& redactor_;
};

inline std::string badge(Outcome outcome) {
  std::string name = toString(outcome);
  return "<span class=\"badge b-" + name + "\">" + name + "</span>";
}

inline std::string anchorFor(const std::string& id) { return "case-" + id; }

// The outcomes a reader must look at: the attention list and the open case cards.
inline bool needsAttention(Outcome o) {
  return o == Outcome::Fail || o == Outcome::Error || o == Outcome::Warn || o == Outcome::Stale ||
         o == Outcome::Interrupted;
}

void writeAttention(std::ostream& out, const JudgedRun& judged, const Html& h);
void writeMatrix(std::ostream& out, const JudgedRun& judged, const Html& h);
void writeCase(std::ostream& out, const JudgedRun& judged, const CaseResult& r, const Html& h);

}  // namespace wc::html

namespace wc {

// A shell command that repeats `call` against `baseUrl` (userinfo removed): each argument in
// single quotes (' as '\''), the body redacted, credentials as environment variables
// ($LANGSMITH_API_KEY when `apiKey`, $WC_HEADER_<n> for each of `headerNames`, --user
// "$WC_TARGET_USERINFO" when the base URL had userinfo). Plain text: HTML-escape it to show it.
std::string curlReproducer(const RecordedCall& call, const std::string& baseUrl, bool apiKey,
                           const std::vector<std::string>& headerNames, const Redactor& redactor);

}  // namespace wc
