#pragma once
// Progress while `run` works. On a terminal: one line rewritten in place (done/total, failures
// and warnings so far, the case waited on longest) and nothing else: the final summary shows each
// failure and warning once, grouped by cause. Otherwise (CI logs): one plain line per finished
// case, with the message of a failure or warning. Text from the target (ids, messages) is
// redacted and has its control characters escaped: the terminal shows it, never obeys it.
#include <ostream>
#include <string>

#include "cli/console_style.h"
#include "report/redactor.h"
#include "runner/runner.h"

namespace wc {

class ProgressPrinter {
 public:
  // `color`: console_style.h's decision for `out`.
  ProgressPrinter(std::ostream& out, bool terminal, const Redactor& redactor, bool color = false)
      : out_(out), terminal_(terminal), redactor_(redactor), palette_(color) {}
  void update(const Progress& progress);  // called under the runner's lock: keep it short

 private:
  std::string safe(const std::string& text) const;
  std::string verdict(Verdict v) const;
  std::ostream& out_;
  bool terminal_;
  const Redactor& redactor_;
  const Palette palette_;
  size_t warnings_ = 0;  // the runner counts failures; warnings are counted here
};

}  // namespace wc
