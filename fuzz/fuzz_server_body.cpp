// Arbitrary bytes as one request to a live capture server on loopback: Content-Length, chunked,
// until-EOF, gzip and br framings and raw requests (fuzz/server_body_driver.h). The answer is a
// documented status or a closed connection; nothing recorded passes the body limit.
#include <cstddef>
#include <cstdint>
#include <string>

#include "server_body_driver.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static wc::fuzzing::ServerBodyDriver driver;
  if (!driver.started()) __builtin_trap();
  const int status = driver.exercise(std::string(reinterpret_cast<const char*>(data), size));
  if (status < 0 || driver.sawBodyOverLimit()) __builtin_trap();
  return 0;
}
