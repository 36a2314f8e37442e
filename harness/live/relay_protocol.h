#pragma once
// The relay's pull API, both ends: `capture --relay` answers GET /relay/pull with the requests it
// recorded under one route prefix, and `run --relay` turns each answer back into the requests the
// local capture server records. Bodies travel as base64, so the bytes that arrive are the bytes
// the deployment sent; both ends bound what one answer holds.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "capture/capture_server.h"
#include "capture/captured_request.h"
#include "live/capture_inspection.h"

namespace wc {

inline constexpr const char* kRelayPullPath = "/relay/pull";
// POST: what the relay answers on one route from now on (a case's programmed answer).
inline constexpr const char* kRelayRouteResponsePath = "/relay/route-response";
inline constexpr const char* kRelayTokenVariable = "WEBHOOK_CONFORMANCE_RELAY_TOKEN";
// The longest a pull waits for a request before answering an empty list.
inline constexpr std::chrono::milliseconds kRelayMaxWait{25000};
// What one answer holds at most (at least one request, whatever its size).
inline constexpr size_t kRelayMaxRequestsPerAnswer = 100;
inline constexpr size_t kRelayMaxBodyBytesPerAnswer = 8 * 1024 * 1024;
// A route prefix: what newRoute() puts before a route, [A-Za-z0-9-], 8 to 64 bytes (a short one
// would let one run pull another's webhooks by accident).
inline constexpr size_t kRelayMinPrefixBytes = 8, kRelayMaxPrefixBytes = 64;

struct RelayPullQuery {
  std::string routePrefix;
  uint64_t after = 0;
  std::chrono::milliseconds wait{0};
};

// `route_prefix=P&after=SEQ&wait_ms=N` (any order, each once; wait_ms at most kRelayMaxWait):
// untrusted client input. nullopt with *error saying what was wrong.
std::optional<RelayPullQuery> parseRelayPullQuery(const std::string& rawQuery, std::string* error);

// The answer to a pull: {"last_seq": the next cursor, "requests": [...], "dropped": N} holding
// the given webhooks (already filtered and bounded by the caller); N of the run's webhooks up to
// last_seq were dropped by the relay (over its limits) before they were pulled.
std::string relayAnswerJson(const InspectedWebhooks& webhooks, uint64_t lastSeq, size_t dropped,
                            std::chrono::steady_clock::time_point now);

// Parses a relay's answer into requests; arrivedSteady is set from each request's age at the
// relay, so intervals between deliveries survive the relay. `dropped` is 0 when the relay does
// not say. false with *error otherwise.
bool parseRelayAnswer(const std::string& text, std::chrono::steady_clock::time_point now,
                      std::vector<CapturedRequest>* requests, uint64_t* lastSeq, size_t* dropped,
                      std::string* error);

// A programmed answer for a route, as the run sends it to the relay:
// {"route", "status", "delay_ms", "headers": [[name, value]], "body"}.
std::string routeResponseJson(const std::string& route, const RouteResponse& response);
// The relay's side: untrusted input, bounded (route as a prefix allows, status 100-599, delay at
// most 120 s, at most 32 headers of 8 KiB without CR/LF/NUL, a body of at most 64 KiB).
bool parseRouteResponseJson(const std::string& text, std::string* route, RouteResponse* response,
                            std::string* error);

// A fresh prefix for one run's routes: "relay-" and 16 random hex digits and "-".
std::string newRelayRoutePrefix();

// The shared secret: the file's content when a file is given (bounded read, surrounding white
// space trimmed), else the environment variable. nullopt with *error (never holding the secret)
// when there is none or it is shorter than 16 bytes or holds a line break.
std::optional<std::string> readRelayToken(const std::string& file, std::string* error);

}  // namespace wc
