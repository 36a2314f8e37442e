#pragma once
// Before anything is created on the target: the callback URL the deployment will be given must
// reach this run's capture server, and what passes through it must arrive unaltered. A wrong
// callback otherwise costs minutes of timeouts blamed on the target, and a tunnel that re-encodes
// queries fails the token cases for the tunnel's fault.
#include <chrono>
#include <memory>
#include <string>

namespace wc {

class CaptureServer;
class Cancellation;

// The probe's query: what a careless proxy or tunnel would decode or re-encode.
inline constexpr const char* kCallbackProbeQuery = "?probe=a%20b+c%2Fd&token=%3D%26x";
// The probe, its arrival and its verdict all end within this (README: exit 3 within 20 s).
inline constexpr std::chrono::seconds kCallbackProbeBudget{20};

// POSTs a probe to the capture server's advertised URL for a fresh route and waits for it.
// Returns "" when it arrived byte-exact; otherwise one line naming the callback URL and what
// came (nothing, with why the POST failed; or the altered request target). The probe's route is
// forgotten afterwards: the capture server's counts speak of the target's webhooks only.
std::string probeCallback(CaptureServer& capture, std::shared_ptr<const Cancellation> cancellation,
                          std::chrono::milliseconds budget = kCallbackProbeBudget);

}  // namespace wc
