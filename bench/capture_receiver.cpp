// The capture server as the ingest benchmark's receiver: prints its port, waits for the expected
// number of webhooks on route `bench` (or stdin to close), then reports what it recorded and what that cost in memory.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>

#include "capture/capture_server.h"

namespace {

// A field of /proc/self/status in kB ("VmRSS", "VmHWM").
long procStatusKb(const std::string& field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(field + ":", 0) == 0) return std::stol(line.substr(field.size() + 1));
  return -1;
}

}  // namespace

int main(int argc, char** argv) {
  size_t expect = 100000;
  long timeoutSeconds = 300;
  size_t keepAliveMax = wc::CaptureOptions{}.keepAliveMaxCount;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--expect") expect = std::stoul(argv[i + 1]);
    else if (flag == "--timeout-s") timeoutSeconds = std::stol(argv[i + 1]);
    else if (flag == "--keep-alive-max") keepAliveMax = std::stoul(argv[i + 1]);
    else {
      std::cerr << "usage: wc_capture_receiver [--expect N] [--timeout-s S] [--keep-alive-max K]\n";
      return 2;
    }
  }
  wc::CaptureOptions options;
  options.keepAliveMaxCount = keepAliveMax;
  wc::CaptureServer server(options);
  std::string error;
  if (!server.start(&error)) {
    std::cerr << error << "\n";
    return 1;
  }
  long rssBefore = procStatusKb("VmRSS");
  std::printf("PORT %d\n", server.port());
  std::fflush(stdout);

  // The load generator is done when stdin closes: every answered request was recorded by then
  // (the server records before it answers), so stop waiting for ones that were never sent.
  std::thread([&server] {
    std::string ignored;
    while (std::getline(std::cin, ignored)) {
    }
    server.stop();
  }).detach();
  auto started = std::chrono::steady_clock::now();
  auto arrived = server.awaitWebhooks("bench", expect, std::chrono::seconds(timeoutSeconds));
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  // Memory is read while the server holds every webhook, before anything copies them.
  long rssHeld = procStatusKb("VmRSS");
  long peak = procStatusKb("VmHWM");
  size_t recorded = server.totalReceived();

  std::set<std::string> ids;
  size_t unparsable = 0;
  for (const auto& request : server.received("bench")) {
    auto body = nlohmann::json::parse(request.body, nullptr, false);
    if (body.is_object() && body.contains("run_id") && body["run_id"].is_string())
      ids.insert(body["run_id"].get<std::string>());
    else
      ++unparsable;
  }
  std::printf(
      "{\"receiver\":\"capture-server\",\"complete\":%s,\"recorded\":%zu,\"distinct\":%zu,"
      "\"unparsable\":%zu,\"seconds_to_last\":%.3f,\"rss_before_kb\":%ld,\"rss_held_kb\":%ld,"
      "\"peak_rss_kb\":%ld,\"bytes_per_webhook\":%.0f}\n",
      arrived ? "true" : "false", recorded, ids.size(), unparsable, seconds, rssBefore, rssHeld,
      peak, recorded ? (rssHeld - rssBefore) * 1024.0 / static_cast<double>(recorded) : 0.0);
  std::fflush(stdout);
  std::_Exit(arrived ? 0 : 1);  // the stdin watcher may still block in getline
}
