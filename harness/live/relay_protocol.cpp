#include "live/relay_protocol.h"

#include <algorithm>
#include <cstdlib>
#include <iomanip>
#include <random>
#include <sstream>

#include "util/bounded_json.h"
#include "util/ids.h"
#include "util/webhook_signatures.h"

namespace wc {
namespace {

constexpr size_t kRelayMinTokenBytes = 16, kRelayMaxTokenBytes = 4096;
constexpr size_t kRelayMaxDigits = 19;  // below 2^64: std::stoull cannot overflow

bool isPrefixCharacter(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-';
}

std::optional<uint64_t> relayNumber(const std::string& digits) {
  if (digits.empty() || digits.size() > kRelayMaxDigits ||
      !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  return std::stoull(digits);
}

}  // namespace

std::optional<RelayPullQuery> parseRelayPullQuery(const std::string& rawQuery, std::string* error) {
  RelayPullQuery query;
  bool sawPrefix = false, sawAfter = false, sawWait = false;
  std::istringstream parts(rawQuery);
  std::string part;
  while (std::getline(parts, part, '&')) {
    auto eq = part.find('=');
    auto name = part.substr(0, eq);
    auto value = eq == std::string::npos ? "" : part.substr(eq + 1);
    if (name == "route_prefix" && !sawPrefix) {
      sawPrefix = true;
      if (value.size() < kRelayMinPrefixBytes || value.size() > kRelayMaxPrefixBytes ||
          !std::all_of(value.begin(), value.end(), isPrefixCharacter)) {
        *error = "route_prefix must be " + std::to_string(kRelayMinPrefixBytes) + " to " +
                 std::to_string(kRelayMaxPrefixBytes) + " letters, digits or '-'";
        return std::nullopt;
      }
      query.routePrefix = value;
    } else if (name == "after" && !sawAfter) {
      sawAfter = true;
      auto after = relayNumber(value);
      if (!after) {
        *error = "after must be a sequence number (1 to 19 decimal digits)";
        return std::nullopt;
      }
      query.after = *after;
    } else if (name == "wait_ms" && !sawWait) {
      sawWait = true;
      auto wait = relayNumber(value);
      if (!wait || *wait > static_cast<uint64_t>(kRelayMaxWait.count())) {
        *error = "wait_ms must be 0 to " + std::to_string(kRelayMaxWait.count());
        return std::nullopt;
      }
      query.wait = std::chrono::milliseconds(*wait);
    } else {
      *error = "the query takes route_prefix, after and wait_ms, each once";
      return std::nullopt;
    }
  }
  if (!sawPrefix) {
    *error = "route_prefix is required (the run's own prefix)";
    return std::nullopt;
  }
  return query;
}

std::string relayAnswerJson(const InspectedWebhooks& webhooks, uint64_t lastSeq, size_t dropped,
                            std::chrono::steady_clock::time_point now) {
  auto requests = nlohmann::json::array();
  for (const auto& w : webhooks) {
    const auto& r = w->request;
    auto headers = nlohmann::json::array();
    for (const auto& [k, v] : r.headers) headers.push_back({k, v});
    auto age = std::chrono::duration_cast<std::chrono::milliseconds>(now - r.arrivedSteady);
    requests.push_back({{"seq", w->seq},
                        {"method", r.method},
                        {"target", r.target},
                        {"headers", std::move(headers)},
                        {"body_base64", base64Of(r.body)},
                        {"body_bytes", std::max(r.bodyBytesReceived, r.body.size())},
                        {"body_truncated", r.bodyTruncated},
                        {"arrived_at", isoTimestamp(r.arrivedAt)},
                        {"age_ms", std::max<int64_t>(0, age.count())},
                        {"peer", r.peer}});
  }
  nlohmann::json answer = {
      {"last_seq", lastSeq}, {"requests", std::move(requests)}, {"dropped", dropped}};
  // Headers and targets are the sender's bytes, not always UTF-8: replaced in the JSON text. The
  // cases compare targets and bodies byte-exact; bodies travel as base64 and are never touched.
  return answer.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool parseRelayAnswer(const std::string& text, std::chrono::steady_clock::time_point now,
                      std::vector<CapturedRequest>* requests, uint64_t* lastSeq, size_t* dropped,
                      std::string* error) {
  JsonLimits limits;
  limits.maxDepth = 8;
  limits.maxBytes = 2 * kRelayMaxBodyBytesPerAnswer;
  auto doc = parseBoundedJson(text, limits, error);
  if (!doc) return false;
  if (!doc->is_object() || !(*doc)["last_seq"].is_number_unsigned() || !(*doc)["requests"].is_array() ||
      (*doc)["requests"].size() > kRelayMaxRequestsPerAnswer) {
    *error = "the relay's answer is not {\"last_seq\": N, \"requests\": [at most " +
             std::to_string(kRelayMaxRequestsPerAnswer) + "]}";
    return false;
  }
  *lastSeq = (*doc)["last_seq"].get<uint64_t>();
  const auto& droppedField = (*doc)["dropped"];
  *dropped = droppedField.is_number_unsigned()
                 ? static_cast<size_t>(std::min<uint64_t>(droppedField.get<uint64_t>(), 1u << 30))
                 : 0;
  for (const auto& item : (*doc)["requests"]) {
    CapturedRequest r;
    r.method = textField(item, "method");
    r.target = textField(item, "target");
    r.peer = textField(item, "peer");
    if (r.method.empty() || r.target.empty() || !item.contains("headers") || !item["headers"].is_array()) {
      *error = "a request in the relay's answer has no method, target or headers";
      return false;
    }
    for (const auto& h : item["headers"]) {
      if (!h.is_array() || h.size() != 2 || !h[0].is_string() || !h[1].is_string()) {
        *error = "a header in the relay's answer is not [name, value]";
        return false;
      }
      r.headers.emplace_back(h[0].get<std::string>(), h[1].get<std::string>());
    }
    auto body = textField(item, "body_base64");
    if (!body.empty()) {
      auto bytes = base64Decoded(body);
      if (!bytes) {
        *error = "a body in the relay's answer is not base64";
        return false;
      }
      r.body = std::move(*bytes);
    }
    r.bodyBytesReceived = r.body.size();
    if (item.contains("body_bytes") && item["body_bytes"].is_number_unsigned())
      r.bodyBytesReceived = std::max(r.body.size(), item["body_bytes"].get<size_t>());
    r.bodyTruncated = flagField(item, "body_truncated");
    if (!parseIsoTimestamp(textField(item, "arrived_at"), &r.arrivedAt))
      r.arrivedAt = std::chrono::system_clock::now();
    int64_t age = 0;
    if (item.contains("age_ms") && item["age_ms"].is_number_unsigned())
      age = std::min<int64_t>(item["age_ms"].get<int64_t>(), 24 * 3600 * 1000);
    r.arrivedSteady = now - std::chrono::milliseconds(age);
    requests->push_back(std::move(r));
  }
  return true;
}

std::string routeResponseJson(const std::string& route, const RouteResponse& response) {
  auto headers = nlohmann::json::array();
  for (const auto& [k, v] : response.headers) headers.push_back({k, v});
  nlohmann::json doc = {{"route", route},
                        {"status", response.status},
                        {"delay_ms", response.delay.count()},
                        {"headers", std::move(headers)},
                        {"body", response.body}};
  return doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool parseRouteResponseJson(const std::string& text, std::string* route, RouteResponse* response,
                            std::string* error) {
  constexpr size_t kMaxRouteBytes = 200, kMaxHeaders = 32, kMaxHeaderBytes = 8192,
                   kMaxBodyBytes = 64 * 1024;
  constexpr int64_t kMaxDelayMs = 120000;
  JsonLimits limits;
  limits.maxDepth = 4;
  limits.maxBytes = 2 * kMaxBodyBytes + kMaxHeaders * kMaxHeaderBytes * 2;
  auto doc = parseBoundedJson(text, limits, error);
  if (!doc) return false;
  *route = textField(*doc, "route");
  if (route->size() < kRelayMinPrefixBytes || route->size() > kMaxRouteBytes ||
      !std::all_of(route->begin(), route->end(), isPrefixCharacter)) {
    *error = "route must be 8 to 200 letters, digits or '-'";
    return false;
  }
  const auto& status = (*doc)["status"];
  if (!status.is_number_integer() || status.get<int64_t>() < 100 || status.get<int64_t>() > 599) {
    *error = "status must be an integer from 100 to 599";
    return false;
  }
  response->status = status.get<int>();
  const auto& delay = (*doc)["delay_ms"];
  if (!delay.is_number_integer() || delay.get<int64_t>() < 0 || delay.get<int64_t>() > kMaxDelayMs) {
    *error = "delay_ms must be an integer from 0 to 120000";
    return false;
  }
  response->delay = std::chrono::milliseconds(delay.get<int64_t>());
  const auto& headers = (*doc)["headers"];
  if (!headers.is_array() || headers.size() > kMaxHeaders) {
    *error = "headers must be an array of at most 32 [name, value] pairs";
    return false;
  }
  for (const auto& h : headers) {
    if (!h.is_array() || h.size() != 2 || !h[0].is_string() || !h[1].is_string() ||
        h[0].get<std::string>().empty() ||
        h[0].get<std::string>().size() + h[1].get<std::string>().size() > kMaxHeaderBytes ||
        (h[0].get<std::string>() + h[1].get<std::string>()).find_first_of(std::string("\r\n\0", 3)) !=
            std::string::npos) {
      *error = "each header must be [name, value], at most 8 KiB, without CR, LF or NUL";
      return false;
    }
    response->headers.emplace_back(h[0].get<std::string>(), h[1].get<std::string>());
  }
  response->body = textField(*doc, "body");
  if (response->body.size() > kMaxBodyBytes) {
    *error = "body must be at most 64 KiB";
    return false;
  }
  return true;
}

std::string newRelayRoutePrefix() {
  std::random_device random;
  const uint64_t bits = (static_cast<uint64_t>(random()) << 32) ^ random();
  std::ostringstream out;
  out << "relay-" << std::hex << std::setw(16) << std::setfill('0') << bits << "-";
  return out.str();
}

std::optional<std::string> readRelayToken(const std::string& file, std::string* error) {
  std::string text, source;
  if (!file.empty()) {
    if (!readBoundedFile(file, kRelayMaxTokenBytes, &text, error)) return std::nullopt;
    source = "--relay-token-file " + file;
  } else if (const char* value = std::getenv(kRelayTokenVariable)) {
    text = value;
    source = kRelayTokenVariable;
  } else {
    *error = std::string("the relay needs its shared secret: set ") + kRelayTokenVariable +
             " or give --relay-token-file FILE";
    return std::nullopt;
  }
  const auto first = text.find_first_not_of(" \t\r\n");
  text = first == std::string::npos ? "" : text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
  if (text.size() < kRelayMinTokenBytes || text.size() > kRelayMaxTokenBytes ||
      text.find_first_of("\r\n", 0) != std::string::npos || text.find('\0') != std::string::npos) {
    *error = source + " must hold one secret of " + std::to_string(kRelayMinTokenBytes) + " to " +
             std::to_string(kRelayMaxTokenBytes) + " bytes on one line";
    return std::nullopt;
  }
  return text;
}

}  // namespace wc
