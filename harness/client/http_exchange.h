#pragma once
// One HTTP exchange with a target, on libcurl. One overall deadline covers DNS, connect, the TLS
// handshake and the whole response; the run's cancellation ends it at once (the exchange waits in
// curl_multi_poll, which wakeTargetCalls() interrupts), so no watchdog thread is needed.
// Everything the target sends is bounded: header section (bytes and lines), body bytes, time.
// Proxies come from the environment as curl reads them (https_proxy or HTTPS_PROXY, http_proxy,
// no_proxy or NO_PROXY); a loopback host is always reached directly.
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wc {

class Cancellation;

struct HttpExchangeRequest {
  std::string method;  // GET, POST, PATCH, DELETE
  std::string url;     // absolute, as sent (paths already percent-encoded)
  std::vector<std::pair<std::string, std::string>> headers;
  const std::string* body = nullptr;  // sent with its Content-Length when set
  std::string user, password;         // basic auth when either is set
  std::chrono::steady_clock::time_point deadline;
  std::chrono::milliseconds connectTimeout{5000};  // DNS + TCP + TLS handshake
  std::chrono::milliseconds readTimeout{30000};    // no byte for this long, once connected
  size_t maxHeaderBytes = 64 * 1024;
  size_t maxHeaderLines = 200;
  // PEM bundle that verifies the target's certificate (a private CA); "" = the system's CAs.
  std::string caFile;
  // False only where the peer's identity is not what is being checked (the callback probe
  // reaches the harness's own capture server, whatever certificate a tunnel presents).
  bool verifyPeer = true;
  std::shared_ptr<const Cancellation> cancellation;
  // Sees the body as it arrives; a non-empty return ends the exchange with that reason.
  std::function<std::string(std::string_view)> onBody;
};

struct HttpExchangeResult {
  enum class Outcome {
    Complete,          // a whole response arrived (any status)
    CutByReceiver,     // onBody or a header bound ended it: `reason` says why
    DeadlineExceeded,  // the overall deadline passed
    Cancelled,         // the run was stopped
    Transport,         // no (complete) response: `reason` says what happened, in words
  };
  Outcome outcome = Outcome::Transport;
  int status = 0;  // 0: no status line arrived
  std::vector<std::pair<std::string, std::string>> headers;
  std::string reason;
  bool connected = false;  // TCP (and TLS) established
};

HttpExchangeResult performHttpExchange(const HttpExchangeRequest& request);

// Wakes every exchange in flight to look at its cancellation again (Cancellation::onCancel).
void wakeTargetCalls();

}  // namespace wc
