// Bodies bounded by what arrives, not by what the sender declares: a compression bomb is refused
// before it inflates, a chunked flood and a body ending only at end-of-file are cut at the limit,
// and the server's memory stays small. The same for the embedded capture server, the `capture`
// command and serve-reference (README, "Limits").
#include <gtest/gtest.h>
#include <unistd.h>

#include "capture/capture_server.h"
#include "capture_process.h"
#include "hostile_bodies.h"
#include "serve_reference_process.h"

namespace wc::reliability {
namespace {

using namespace std::chrono_literals;

constexpr size_t kMiB = 1024 * 1024;
constexpr size_t kFloodBytes = 300 * kMiB;
constexpr size_t kMemoryAllowance = 64 * kMiB;  // over the idle peak, whatever was sent

const std::string& bomb() {  // 256 MiB of zeros in about 250 KB
  static const std::string compressed = gzipBomb(256 * kMiB);
  return compressed;
}

// Each attack against the server at `port`, process `pid`: its answer, and its memory peak.
void expectBodiesBounded(pid_t pid, int port, const std::string& target) {
  const auto& encoded = bomb();
  struct Attack {
    const char* name;
    int expected;
    std::function<HostileAnswer()> send;
  } attacks[] = {
      {"gzip bomb", 415, [&] { return sendEncoded(port, target, "gzip", encoded, 20s); }},
      {"br body", 415, [&] { return sendEncoded(port, target, "br", "\x1b\x01", 20s); }},
      {"chunked 300 MiB", 413,
       [&] { return floodBody(port, target, kFloodBytes, Framing::Chunked, 30s); }},
      {"300 MiB until end-of-file", 413,
       [&] { return floodBody(port, target, kFloodBytes, Framing::UntilEndOfFile, 30s); }},
  };
  for (const auto& attack : attacks) {
    SCOPED_TRACE(attack.name);
    resetPeakResident(pid);
    auto idle = peakResidentBytes(pid);
    ASSERT_GT(idle, 0u) << "cannot read /proc/" << pid << "/status";
    auto answer = attack.send();
    auto peak = peakResidentBytes(pid);
    EXPECT_EQ(attack.expected, answer.status)
        << "after sending " << answer.bodyBytesSent << " body bytes; answer: "
        << answer.head.substr(0, 300);
    EXPECT_LT(answer.bodyBytesSent, kFloodBytes) << "the server read the whole body";
    EXPECT_LT(peak, idle + kMemoryAllowance)
        << "peak resident memory " << peak / kMiB << " MiB, idle " << idle / kMiB << " MiB";
    std::cout << "[ figures  ] " << attack.name << ": answered " << answer.status << " after "
              << answer.bodyBytesSent / 1024 << " KiB sent; peak " << peak / kMiB
              << " MiB over idle " << idle / kMiB << " MiB\n";
  }
}

TEST(BoundedBodies, CaptureServerRefusesBombsAndCutsFloodsAtTheLimit) {
  bomb();  // built before the memory is measured
  CaptureServer server;  // the embedded run's limit: 8 MiB
  std::string error;
  ASSERT_TRUE(server.start(&error)) << error;
  auto route = server.newRoute("hostile");
  expectBodiesBounded(::getpid(), server.port(), server.targetFor(route));
  EXPECT_EQ(server.received(route).size(), 0u);
  EXPECT_EQ(server.refused().size(), 4u) << "each refusal is kept as evidence";
  server.stop();
}

TEST(BoundedBodies, CaptureCommandRefusesBombsAndCutsFloodsAtTheLimit) {
  CaptureProcess capture;
  ASSERT_GT(capture.port(), 0) << capture.output();
  expectBodiesBounded(capture.pid(), capture.port(), "/hook/hostile");
}

TEST(BoundedBodies, ServeReferenceRefusesBombsAndCutsFloodsAtTheLimit) {
  ServeReferenceProcess reference;
  ASSERT_FALSE(reference.awaitUrl(10s).empty()) << reference.err();
  expectBodiesBounded(reference.pid(), reference.port(), "/threads");
}

}  // namespace
}  // namespace wc::reliability
