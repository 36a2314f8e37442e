#include "support/delivery_windows.h"

#include "case_table.h"

namespace wc {
namespace {

constexpr std::chrono::milliseconds kSchedulingSlack{100};

std::chrono::milliseconds window(const CaseContext& ctx, std::chrono::milliseconds platform) {
  const auto& known = ctx.profile().knownDelivery;
  if (!known) return ctx.scaled(platform);
  return 2 * longestAttemptGap(*known) + ctx.scaled(kSchedulingSlack);
}

}  // namespace

std::chrono::milliseconds longestAttemptGap(const KnownDeliveryTiming& timing) {
  auto backoff = timing.backoffBase * (1 << std::max(0, std::min(timing.maxAttempts, 16) - 2));
  return timing.readTimeout + backoff + backoff / 4 + std::chrono::milliseconds(1);
}

std::chrono::milliseconds retryQuietWindow(const CaseContext& ctx) {
  return window(ctx, kPlatformQuietWindow);
}
std::chrono::milliseconds duplicateWindow(const CaseContext& ctx) {
  return window(ctx, kPlatformDuplicateWindow);
}
std::chrono::milliseconds noRetryWindow(const CaseContext& ctx) {
  return window(ctx, kPlatformNoRetryWindow);
}
std::chrono::milliseconds redirectWindow(const CaseContext& ctx) {
  return window(ctx, kPlatformRedirectWindow);
}

std::string windowText(std::chrono::milliseconds platform) {
  return secondsText(platform) + " (scaled; on the embedded reference: twice its longest gap "
                                 "between attempts + " + secondsText(kSchedulingSlack) + ")";
}

}  // namespace wc
