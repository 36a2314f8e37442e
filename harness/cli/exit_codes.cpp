#include "cli/exit_codes.h"

#include <iostream>

namespace wc {

int usageError(const std::string& message) {
  std::cerr << "webhook-conformance: " << message << "\n";
  return kExitUsage;
}

}  // namespace wc
