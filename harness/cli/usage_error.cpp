#include "cli/usage_error.h"

#include <atomic>
#include <iostream>

#include "report/text_safety.h"

namespace wc {

int usageError(const std::string& message) {
  // Messages quote flags, files and targets: one inert line whatever they hold.
  std::cerr << "webhook-conformance: " << inertLine(message, 4000) << "\n";
  return kExitUsage;
}

namespace {
std::atomic<int> outOfMemoryCode{-1};
std::string outOfMemoryText;  // written before outOfMemoryCode, read after it
}  // namespace

void setOutOfMemoryExit(int code, const std::string& line) {
  outOfMemoryText = "webhook-conformance: " + inertLine(line, 4000) + "\n";
  outOfMemoryCode = code;
}

int outOfMemoryExitCode() { return outOfMemoryCode; }

const std::string& outOfMemoryLine() { return outOfMemoryText; }

}  // namespace wc
