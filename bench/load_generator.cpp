// Loopback load for the ingest benchmark: N webhook POSTs, each a ~2 KB Run body with a unique
// run_id, over C concurrent keep-alive connections. No retries: a request that fails is counted,
// never resent, so the receiver's distinct-id count measures exactly-once delivery.
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "util/url.h"

namespace {

struct Options {
  std::string url;
  long count = 100000;
  int connections = 48;
  size_t bodyBytes = 2048;
};

// A Run as the platform sends it, padded (kwargs.input.text) to about `bytes` bytes.
std::string runBody(long index, size_t bytes) {
  char id[64];
  std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012ld", index);
  std::string body = std::string("{\"run_id\":\"") + id +
                     "\",\"thread_id\":\"11111111-1111-4111-8111-111111111111\","
                     "\"assistant_id\":\"22222222-2222-4222-8222-222222222222\","
                     "\"created_at\":\"2026-01-01T00:00:00+00:00\","
                     "\"updated_at\":\"2026-01-01T00:00:01+00:00\",\"status\":\"success\","
                     "\"metadata\":{},\"multitask_strategy\":\"reject\","
                     "\"kwargs\":{\"input\":{\"text\":\"";
  const std::string tail = "\"}},\"values\":null}";
  if (body.size() + tail.size() < bytes) body.append(bytes - body.size() - tail.size(), 'x');
  return body + tail;
}

bool parseArgs(int argc, char** argv, Options* o) {
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--url") o->url = value;
    else if (flag == "--count") o->count = std::stol(value);
    else if (flag == "--connections") o->connections = std::stoi(value);
    else if (flag == "--body-bytes") o->bodyBytes = std::stoul(value);
    else return false;
  }
  return !o->url.empty() && o->count > 0 && o->connections > 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (!parseArgs(argc, argv, &o)) {
    std::cerr << "usage: wc_load_generator --url http://127.0.0.1:PORT/path [--count N] "
                 "[--connections C] [--body-bytes B]\n";
    return 2;
  }
  std::string why;
  auto url = wc::parseUrl(o.url, &why);
  if (!url || url->scheme != "http") {
    std::cerr << "wc_load_generator: --url must be an http URL: " << why << "\n";
    return 2;
  }
  std::atomic<long> next{0}, ok{0}, failed{0};
  std::atomic<long> reconnects{0};
  std::mutex mutex;  // guards failures
  std::map<std::string, long> failures;  // what went wrong -> how often
  auto started = std::chrono::steady_clock::now();
  std::vector<std::thread> workers;
  for (int c = 0; c < o.connections; ++c) {
    workers.emplace_back([&] {
      httplib::Client client(url->host, url->port);
      client.set_keep_alive(true);
      client.set_tcp_nodelay(true);  // headers and body are separate writes: no Nagle stall
      client.set_connection_timeout(10, 0);
      client.set_read_timeout(30, 0);
      for (long i = next++; i < o.count; i = next++) {
        if (!client.is_socket_open()) ++reconnects;
        auto res = client.Post(url->pathAndQuery.c_str(), runBody(i, o.bodyBytes),
                               "application/json");
        if (res && res->status >= 200 && res->status < 300) {
          ++ok;
          continue;
        }
        ++failed;
        std::lock_guard<std::mutex> lock(mutex);
        ++failures[res ? "HTTP " + std::to_string(res->status) : httplib::to_string(res.error())];
      }
    });
  }
  for (auto& w : workers) w.join();
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf(
      "{\"sent\":%ld,\"ok\":%ld,\"failed\":%ld,\"connects\":%ld,\"seconds\":%.3f,"
      "\"rps\":%.0f,\"body_bytes\":%zu,\"connections\":%d}\n",
      o.count, ok.load(), failed.load(), reconnects.load(), seconds, o.count / seconds,
      runBody(0, o.bodyBytes).size(), o.connections);
  for (const auto& [what, n] : failures) std::cerr << "failed: " << n << " x " << what << "\n";
  return failed.load() == 0 ? 0 : 1;
}
