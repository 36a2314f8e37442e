// Wake-up latency: from a webhook's arrival at the capture server (the handler has the whole
// request) to the return of the case's awaitWebhook. Also the cost of the payload checks a case
// runs on each webhook. Google Benchmark; p50/p99 are reported as counters in microseconds.
#include <benchmark/benchmark.h>
#include <httplib.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "payload_sample.h"
#include "capture/capture_server.h"
#include "schema/payload_validator.h"
#include "support/webhook_checks.h"

namespace {

using namespace std::chrono_literals;

// Posts to the routes it is handed, on one kept-alive connection, from its own thread.
class Sender {
 public:
  explicit Sender(int port) : client_("127.0.0.1", port), thread_([this] { loop(); }) {
    client_.set_keep_alive(true);
    client_.set_tcp_nodelay(true);  // a Nagle stall would be measured as arrival time, not ours
  }
  ~Sender() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    ready_.notify_all();
    thread_.join();
  }
  void post(std::string target) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      queue_.push_back(std::move(target));
    }
    ready_.notify_all();
  }

 private:
  void loop() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (true) {
      ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;
      auto target = std::move(queue_.front());
      queue_.pop_front();
      lock.unlock();
      client_.Post(target.c_str(), R"({"run_id":"r","status":"success"})", "application/json");
      lock.lock();
    }
  }

  httplib::Client client_;
  std::mutex mutex_;  // guards queue_ and stopping_
  std::condition_variable ready_;
  std::deque<std::string> queue_;
  bool stopping_ = false;
  std::thread thread_;
};

double percentile(std::vector<double> samples, double p) {
  if (samples.empty()) return 0;
  std::sort(samples.begin(), samples.end());
  auto at = static_cast<size_t>(p * static_cast<double>(samples.size() - 1));
  return samples[at];
}

void BM_WakeUpLatency(benchmark::State& state) {
  wc::CaptureOptions options;
  options.keepAliveMaxCount = 1000000;  // one connection: measure the wake-up, not reconnects
  wc::CaptureServer server(options);
  std::string error;
  if (!server.start(&error)) return state.SkipWithError(error.c_str());
  Sender sender(server.port());
  std::vector<double> micros;
  for (auto _ : state) {
    auto route = server.newRoute("wake");
    sender.post(server.targetFor(route));
    wc::CapturedRequest got;
    auto arrived = server.awaitWebhook(route, 5s, &got);
    auto returned = std::chrono::steady_clock::now();
    if (!arrived) return state.SkipWithError(arrived.message());
    double latency = std::chrono::duration<double>(returned - got.arrivedSteady).count();
    state.SetIterationTime(latency);
    micros.push_back(latency * 1e6);
  }
  state.counters["p50_us"] = percentile(micros, 0.50);
  state.counters["p99_us"] = percentile(micros, 0.99);
  state.counters["max_us"] = percentile(micros, 1.0);
  server.stop();
}
BENCHMARK(BM_WakeUpLatency)->UseManualTime()->Iterations(10000)->Unit(benchmark::kMicrosecond);

// The checks every delivery case runs on a ~2 KB webhook: parse, schema, one field.
void BM_PayloadChecks(benchmark::State& state) {
  wc::CapturedRequest request;
  request.body = wc::bench::samplePayload();
  const auto& schema = wc::SchemaValidator::webhookPayload();
  for (auto _ : state) {
    nlohmann::json payload;
    bool ok = wc::bodyIsJsonObject(request, &payload) && wc::matchesSchema(payload, schema, nullptr) &&
              wc::fieldEquals(payload, "/status", "success", "bench");
    if (!ok) return state.SkipWithError("the benchmark payload should pass the checks");
    benchmark::DoNotOptimize(payload);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * request.body.size()));
}
BENCHMARK(BM_PayloadChecks)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
