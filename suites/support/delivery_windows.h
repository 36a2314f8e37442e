#pragma once
// How long a case listens for an attempt that may still come: a retry, a duplicate, a followed
// redirect. On a target whose delivery timing the harness set itself (the embedded reference,
// TargetProfile::knownDelivery) a window is twice the longest gap that timing allows between two
// attempts, plus a scheduling slack: nothing the target can still send falls outside it, and the
// case waits tens to hundreds of milliseconds instead of seconds. Elsewhere the windows are sized
// for the platform (its backoff starts at 1 s). Every window is x --timeout-scale.
#include <chrono>

#include "runner/case_context.h"

namespace wc {

// readTimeout + the largest backoff (base * 2^(attempts-2)) with its 25 % jitter.
std::chrono::milliseconds longestAttemptGap(const KnownDeliveryTiming& timing);

// After the last attempt seen, how long no further attempt must come before retries are
// considered over (platform: 2 s).
std::chrono::milliseconds retryQuietWindow(const CaseContext& ctx);
// After the first webhook, how long a second one of the same run is waited for (platform: 1 s).
std::chrono::milliseconds duplicateWindow(const CaseContext& ctx);
// After a 4xx answer, how long a retry is waited for (platform: 2.5 s).
std::chrono::milliseconds noRetryWindow(const CaseContext& ctx);
// After a 307 answer, how long the redirect's target is watched (platform: 1.5 s).
std::chrono::milliseconds redirectWindow(const CaseContext& ctx);

// The platform-sized defaults above, for write-ups.
inline constexpr std::chrono::milliseconds kPlatformQuietWindow{2000};
inline constexpr std::chrono::milliseconds kPlatformDuplicateWindow{1000};
inline constexpr std::chrono::milliseconds kPlatformNoRetryWindow{2500};
inline constexpr std::chrono::milliseconds kPlatformRedirectWindow{1500};
// "2 s (scaled; on the embedded reference: twice its longest gap between attempts + 0.1 s)".
std::string windowText(std::chrono::milliseconds platform);

}  // namespace wc
