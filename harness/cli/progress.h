#pragma once
// Progress while `run` works. On a terminal: one line rewritten in place (done/total, failures so
// far, the case waited on longest), with each failure printed above it as it happens. Otherwise
// (CI logs): one plain line per finished case. Text from the target (ids, messages) is
// redacted and has its control characters escaped: the terminal shows it, never obeys it.
#include <ostream>
#include <string>

#include "report/redactor.h"
#include "runner/runner.h"

namespace wc {

class ProgressPrinter {
 public:
  ProgressPrinter(std::ostream& out, bool terminal, const Redactor& redactor)
      : out_(out), terminal_(terminal), redactor_(redactor) {}
  void update(const Progress& progress);  // called under the runner's lock: keep it short

 private:
  std::string safe(const std::string& text) const;
  std::ostream& out_;
  bool terminal_;
  const Redactor& redactor_;
};

}  // namespace wc
