#include <unistd.h>

#include <exception>
#include <iostream>
#include <string>

#include "cli/cli.h"
#include "cli/usage_error.h"
#include "report/report_file.h"

namespace {

// Out of memory where the command set its own exit for it (wc::setOutOfMemoryExit): its line and
// code, with no half-written report left. Returns only when none is set.
void exitIfOutOfMemoryIsTheCommands() {
  int code = wc::outOfMemoryExitCode();
  if (code < 0) return;
  wc::abandonOpenReportSet();
  const auto& line = wc::outOfMemoryLine();
  (void)!::write(2, line.data(), line.size());
  std::_Exit(code);
}

}  // namespace

// Last resort: anything that escapes (no known input should reach here) is one line and exit 3,
// never an abort with a core dump. An exception escaping a thread ends in the same handler.
int main(int argc, char** argv) {
  std::set_terminate([] {
    std::string what;
    if (auto e = std::current_exception()) {
      try {
        std::rethrow_exception(e);
      } catch (const std::bad_alloc&) {
        exitIfOutOfMemoryIsTheCommands();
        what = ": std::bad_alloc";
      } catch (const std::exception& x) {
        what = std::string(": ") + x.what();
      } catch (...) {
      }
    }
    std::cerr << "webhook-conformance: internal error: an exception escaped" << what << " (please report this)"
              << std::endl;
    std::_Exit(wc::kExitUnreachable);
  });
  try {
    return wc::cliMain(argc, argv);
  } catch (const std::bad_alloc&) {
    exitIfOutOfMemoryIsTheCommands();
    std::cerr << "webhook-conformance: out of memory (please report the input that caused it)\n";
  } catch (const std::exception& e) {
    std::cerr << "webhook-conformance: internal error: " << e.what() << " (please report this)\n";
  }
  return wc::kExitUnreachable;
}
