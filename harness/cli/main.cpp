#include <exception>
#include <iostream>

#include "cli/cli.h"
#include "cli/exit_codes.h"

// Last resort: anything that escapes (no known input should reach here) is one line and exit 3,
// never an abort with a core dump. An exception escaping a thread ends in the same handler.
int main(int argc, char** argv) {
  std::set_terminate([] {
    std::cerr << "webhook-conformance: internal error: an exception escaped";
    if (auto e = std::current_exception()) {
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& x) {
        std::cerr << ": " << x.what();
      } catch (...) {
      }
    }
    std::cerr << " (please report this)" << std::endl;
    std::_Exit(wc::kExitUnreachable);
  });
  try {
    return wc::cliMain(argc, argv);
  } catch (const std::bad_alloc&) {
    std::cerr << "webhook-conformance: out of memory (please report the input that caused it)\n";
  } catch (const std::exception& e) {
    std::cerr << "webhook-conformance: internal error: " << e.what() << " (please report this)\n";
  }
  return wc::kExitUnreachable;
}
