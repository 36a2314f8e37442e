// `capture`'s views against what is stored: with 1,000 or 10,000 webhooks kept, a poll
// for what came after the newest but one (/webhooks.json?after=SEQ, /live.json) and the page
// (newest --max-shown, 100) cost the same; only the full /webhooks.json grows with the store.
// The rendering at arrival (CaptureStore::add) is measured per webhook.
#include <benchmark/benchmark.h>

#include <map>
#include <memory>

#include "live/capture_store.h"
#include "payload_sample.h"

namespace {

using namespace wc;

std::shared_ptr<InspectedWebhook> sampleWebhook(const std::string& body) {
  auto w = std::make_shared<InspectedWebhook>();
  w->request.method = "POST";
  w->request.target = "/hook/bench?token=t";
  w->request.headers = {{"Content-Type", "application/json"}};
  w->request.body = body;
  w->request.bodyBytesReceived = body.size();
  w->request.arrivedAt = std::chrono::system_clock::now();
  w->inspection = inspectWebhook(w->request, "t");
  return w;
}

const CaptureStore& filledStore(size_t stored) {
  static std::map<size_t, std::unique_ptr<CaptureStore>> stores;  // built once per size
  auto& store = stores[stored];
  if (!store) {
    store = std::make_unique<CaptureStore>(stored);
    const auto body = bench::samplePayload();
    for (size_t i = 0; i < stored; ++i) store->add(sampleWebhook(body));
  }
  return *store;
}

void BM_CaptureStoreAdd(benchmark::State& state) {  // inspect excluded: rendering + storing
  CaptureStore store(10000, SIZE_MAX);
  const auto webhook = sampleWebhook(bench::samplePayload());
  for (auto _ : state) store.add(std::make_shared<InspectedWebhook>(*webhook));
}
BENCHMARK(BM_CaptureStoreAdd)->Unit(benchmark::kMicrosecond);

void BM_WebhooksJsonAfterNewestButOne(benchmark::State& state) {
  const auto& store = filledStore(static_cast<size_t>(state.range(0)));
  const auto last = store.newest(0).lastSeq;
  for (auto _ : state) benchmark::DoNotOptimize(renderWebhooksJson(store.after(last - 1).webhooks));
}
BENCHMARK(BM_WebhooksJsonAfterNewestButOne)->Arg(1000)->Arg(10000)->Unit(benchmark::kMicrosecond);

void BM_CapturePageNewest100(benchmark::State& state) {
  const auto& store = filledStore(static_cast<size_t>(state.range(0)));
  for (auto _ : state) {
    auto newest = store.newest(100);
    CapturePageSummary summary{"t", "http://127.0.0.1:1", newest.dropped, 100, newest.kept};
    benchmark::DoNotOptimize(renderCapturePage(newest.webhooks, summary));
  }
}
BENCHMARK(BM_CapturePageNewest100)->Arg(1000)->Arg(10000)->Unit(benchmark::kMicrosecond);

void BM_WebhooksJsonAll(benchmark::State& state) {
  const auto& store = filledStore(static_cast<size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(renderWebhooksJson(store.after(0).webhooks));
  state.SetComplexityN(state.range(0));
}
BENCHMARK(BM_WebhooksJsonAll)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond)->Complexity(benchmark::oN);

}  // namespace
