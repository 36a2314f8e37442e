#pragma once
// One load test, once its plan is checked: the session gives the target, a capture server of its
// own feeds the ledger, the driver creates the runs, and the reports and the verdict end it.
#include <memory>
#include <ostream>
#include <string>

#include "load/load_options.h"

namespace wc {
class Cancellation;
}

namespace wc::load {

// The capture flags openSession does not see as given (load runs its own capture server): one
// line saying what to fix, "" when they hold.
std::string captureProblem(const LoadOptions& options);

// Drives `plan`, writes the load reports to --report-dir and prints the verdict on `out`;
// progress and errors go to `err`. Returns the exit code (README "Load mode").
int runLoad(const LoadOptions& options, const LoadPlan& plan,
            const std::shared_ptr<Cancellation>& cancellation, std::ostream& out, std::ostream& err);

}  // namespace wc::load
