// A coarse regression guard for the payload checks: the checks every delivery case
// runs on a 2 KB webhook (parse, schema, one field) must stay within 10x the figure the benchmark
// recorded (bench/payload_sample.h). The benchmark (BM_PayloadChecks) is the measure; this only
// catches a lost validator cache or a regex rebuilt per check, which cost 10-100x.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <vector>

#include "capture/captured_request.h"
#include "payload_sample.h"
#include "schema/payload_validator.h"
#include "support/webhook_checks.h"

namespace wc {
namespace {

// The median over batches, so one preempted batch on a busy CI machine does not decide.
double medianMicrosPerCheck(const CapturedRequest& request, bool* allPassed) {
  constexpr int kBatches = 15, kChecksPerBatch = 40;
  const auto& schema = SchemaValidator::webhookPayload();
  std::vector<double> perCheck;
  *allPassed = true;
  for (int batch = 0; batch < kBatches; ++batch) {
    auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < kChecksPerBatch; ++i) {
      nlohmann::json payload;
      *allPassed &= bodyIsJsonObject(request, &payload) && matchesSchema(payload, schema, nullptr) &&
                    static_cast<bool>(fieldEquals(payload, "/status", "success", "perf"));
    }
    std::chrono::duration<double, std::micro> took = std::chrono::steady_clock::now() - start;
    perCheck.push_back(took.count() / kChecksPerBatch);
  }
  std::nth_element(perCheck.begin(), perCheck.begin() + kBatches / 2, perCheck.end());
  return perCheck[kBatches / 2];
}

TEST(PayloadChecksSpeed, StayWithinTenTimesTheRecordedFigure) {
  CapturedRequest request;
  request.body = bench::samplePayload();
  bool allPassed = false;
  medianMicrosPerCheck(request, &allPassed);  // warm-up: the validator compiles its patterns once
  double micros = medianMicrosPerCheck(request, &allPassed);
  ASSERT_TRUE(allPassed) << "the sample payload must pass the checks it is timed with";
  const double limit = 10 * bench::kRecordedPayloadCheckMicros;
  EXPECT_LT(micros, limit) << "payload checks take " << micros << " us each, more than 10x the "
                           << bench::kRecordedPayloadCheckMicros
                           << " us recorded: profile BM_PayloadChecks (docs/PERFORMANCE.md)";
  RecordProperty("micros_per_check", static_cast<int>(micros));
}

}  // namespace
}  // namespace wc
