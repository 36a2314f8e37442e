#pragma once
// The ~2 KB webhook the payload-check benchmark (bench/wakeup_latency_bench.cpp, BM_PayloadChecks)
// and its regression guard (tests/suites/perf_payload_checks_test.cpp) check: parse, schema, one
// field.
#include <nlohmann/json.hpp>
#include <string>

namespace wc::bench {

// BM_PayloadChecks' median on the README's machine (2 CPUs, Xeon 2.5 GHz), docs/PERFORMANCE.md.
// The guard fails at 10x this: a coarse alarm for a lost cache or a copy per check, not a measure.
inline constexpr double kRecordedPayloadCheckMicros = 44.0;

inline std::string samplePayload() {
  nlohmann::json run = {
      {"run_id", "1ef4c0b4-0000-4000-8000-000000000001"},
      {"thread_id", "1ef4c0b4-0000-4000-8000-000000000002"},
      {"assistant_id", "fe096781-5601-53d2-b2f6-0d3403f7e9ca"},
      {"created_at", "2026-01-01T00:00:00+00:00"},
      {"updated_at", "2026-01-01T00:00:01+00:00"},
      {"run_started_at", "2026-01-01T00:00:00.1+00:00"},
      {"run_ended_at", "2026-01-01T00:00:01+00:00"},
      {"webhook_sent_at", "2026-01-01T00:00:01.1+00:00"},
      {"status", "success"},
      {"metadata", {{"conformance_case", "bench"}}},
      {"multitask_strategy", "reject"},
      {"kwargs", {{"input", {{"text", std::string(1500, 'x')}}}, {"webhook", "http://h/hook/r?token=t"}}},
      {"values", {{"text", "done"}}}};
  return run.dump();
}

}  // namespace wc::bench
