#include "cli/exit_codes.h"

#include <iostream>

#include "report/text_safety.h"

namespace wc {

int usageError(const std::string& message) {
  // Messages quote flags, files and targets: one inert line whatever they hold.
  std::cerr << "webhook-conformance: " << inertLine(message, 4000) << "\n";
  return kExitUsage;
}

}  // namespace wc
