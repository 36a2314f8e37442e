#include "client/http_exchange.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstdlib>
#include <mutex>
#include <set>

#include "util/cancellation.h"

namespace wc {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// The multi handles of the exchanges in flight, so a cancellation can wake their polls.
class CallsInFlight {
 public:
  static CallsInFlight& instance() {
    static CallsInFlight calls;
    return calls;
  }
  void add(CURLM* multi) {
    std::lock_guard<std::mutex> lock(mutex_);
    multis_.insert(multi);
  }
  void remove(CURLM* multi) {
    std::lock_guard<std::mutex> lock(mutex_);
    multis_.erase(multi);
  }
  void wakeAll() {
    std::lock_guard<std::mutex> lock(mutex_);
    for (CURLM* multi : multis_) curl_multi_wakeup(multi);  // thread-safe by libcurl's contract
  }

 private:
  std::mutex mutex_;  // guards multis_; held across wakeups so no handle is freed meanwhile
  std::set<CURLM*> multis_;
};

void initCurlOnce() {
  static const CURLcode initialised = curl_global_init(CURL_GLOBAL_DEFAULT);
  (void)initialised;
}

struct Transfer {
  const HttpExchangeRequest& request;
  HttpExchangeResult& result;
  std::string cutBecause;  // set when a callback ends the exchange
  size_t headerBytes = 0;
  size_t headerLines = 0;
  Clock::time_point lastByte = Clock::now();
};

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == '\r' || s.back() == '\n' || s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

size_t onHeaderLine(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t length = size * count;
  t->lastByte = Clock::now();
  t->headerBytes += length;
  t->headerLines += 1;
  if (t->headerBytes > t->request.maxHeaderBytes || t->headerLines > t->request.maxHeaderLines) {
    t->cutBecause = "answered a header section of more than " +
                    std::to_string(t->request.maxHeaderBytes) + " bytes or " +
                    std::to_string(t->request.maxHeaderLines) + " lines";
    return 0;
  }
  std::string_view line = trimmed(std::string_view(data, length));
  if (line.rfind("HTTP/", 0) == 0) {
    t->result.headers.clear();  // a new response begins (after a 1xx, only the last counts)
  } else if (auto colon = line.find(':'); colon != std::string_view::npos && colon > 0) {
    t->result.headers.emplace_back(std::string(line.substr(0, colon)),
                                   std::string(trimmed(line.substr(colon + 1))));
  }
  return length;
}

// Called once TCP and TLS are up, just before the request is sent: silence counts from here.
int onConnected(void* user, char*, char*, int, int) {
  auto* t = static_cast<Transfer*>(user);
  t->result.connected = true;
  t->lastByte = Clock::now();
  return CURL_PREREQFUNC_OK;
}

size_t onBodyBytes(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t length = size * count;
  t->lastByte = Clock::now();
  if (t->request.onBody) {
    t->cutBecause = t->request.onBody(std::string_view(data, length));
    if (!t->cutBecause.empty()) return 0;
  }
  return length;
}

bool hasControlBytes(const std::string& s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
  });
}

std::string withDetail(std::string what, const char* errorBuffer) {
  if (errorBuffer[0] == '\0') return what;
  std::string detail = errorBuffer;
  if (detail.size() > 200) detail.resize(200);
  return what + " (" + detail + ")";
}

// What went wrong, in words a user can act on.
std::string transportFailure(CURLcode code, const char* errorBuffer, const HttpExchangeRequest& r) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST: return withDetail("could not connect: the host name was not resolved", errorBuffer);
    case CURLE_COULDNT_CONNECT:
      return withDetail("could not connect (connection refused or host unreachable)", errorBuffer);
    case CURLE_OPERATION_TIMEDOUT:
      return "could not connect within the connect timeout of " +
             std::to_string(r.connectTimeout.count()) +
             " ms (DNS, TCP connect and TLS handshake together)";
    case CURLE_SSL_CONNECT_ERROR: return withDetail("the TLS handshake failed", errorBuffer);
    case CURLE_PEER_FAILED_VERIFICATION:
      return withDetail("TLS certificate verification failed", errorBuffer) +
             (r.caFile.empty() ? "; a target with a private CA needs --ca-file" : "");
    case CURLE_SSL_CACERT_BADFILE:
      return withDetail(r.caFile.empty() ? "the system's CA certificates could not be loaded"
                                         : "the CA file " + r.caFile + " could not be loaded",
                        errorBuffer);
    case CURLE_COULDNT_RESOLVE_PROXY:
      return withDetail("could not connect: the proxy's host name was not resolved", errorBuffer);
    case CURLE_SEND_ERROR:
      return withDetail("the connection broke while sending the request (reset or closed)", errorBuffer);
    case CURLE_RECV_ERROR:
      return withDetail("the connection broke while reading the answer (reset)", errorBuffer);
    case CURLE_GOT_NOTHING: return "the target closed the connection without answering";
    case CURLE_PARTIAL_FILE: return "the connection closed before the whole body arrived";
    case CURLE_WEIRD_SERVER_REPLY: return withDetail("the answer is not HTTP", errorBuffer);
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT: return withDetail("the URL cannot be used", errorBuffer);
    default: return withDetail(std::string("transport failure: ") + curl_easy_strerror(code), errorBuffer);
  }
}

// NO_PROXY (or no_proxy) from the environment, with the loopback names added.
const std::string& noProxyList() {
  static const std::string list = [] {
    std::string fromEnvironment;
    for (const char* name : {"NO_PROXY", "no_proxy"})
      if (const char* value = std::getenv(name); value && *value) {
        fromEnvironment = value;
        break;
      }
    const std::string loopback = "localhost,127.0.0.1,::1";
    return fromEnvironment.empty() ? loopback : fromEnvironment + "," + loopback;
  }();
  return list;
}

// The easy handle's options; "" or why the request cannot be sent.
std::string configure(CURL* easy, const HttpExchangeRequest& r, Transfer* t, curl_slist** headers,
                      char* errorBuffer) {
  for (const auto& [name, value] : r.headers) {
    // A CR or LF in a header would write further headers into the request.
    if (hasControlBytes(name) || hasControlBytes(value) || name.empty())
      return "request header '" + (hasControlBytes(name) ? std::string("?") : name) +
             "' holds a control character or has no name; not sent";
    // curl drops "Name:" (empty value); "Name;" sends it empty.
    *headers = curl_slist_append(*headers, (value.empty() ? name + ";" : name + ": " + value).c_str());
  }
  *headers = curl_slist_append(*headers, "Expect:");  // no 100-continue round trip
  const auto left = std::max(std::chrono::duration_cast<milliseconds>(r.deadline - Clock::now()),
                             milliseconds(1));
  curl_easy_setopt(easy, CURLOPT_URL, r.url.c_str());
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, errorBuffer);
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
#if LIBCURL_VERSION_NUM >= 0x075500
  curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
#else
  curl_easy_setopt(easy, CURLOPT_PROTOCOLS, CURLPROTO_HTTP | CURLPROTO_HTTPS);
#endif
  curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(easy, CURLOPT_PATH_AS_IS, 1L);  // the path as built, dot segments included
  // https_proxy/HTTPS_PROXY and http_proxy from the environment, as curl reads them; NO_PROXY
  // merged with the loopback names, so a local target never goes through a proxy.
  curl_easy_setopt(easy, CURLOPT_NOPROXY, noProxyList().c_str());
  if (!r.caFile.empty()) curl_easy_setopt(easy, CURLOPT_CAINFO, r.caFile.c_str());
  if (!r.verifyPeer) {
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  curl_easy_setopt(easy, CURLOPT_FORBID_REUSE, 1L);
  curl_easy_setopt(easy, CURLOPT_USERAGENT, "webhook-conformance");
  curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(left.count()));
  curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(std::min(r.connectTimeout, left).count()));
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, *headers);
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, onHeaderLine);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, t);
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, onBodyBytes);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, t);
  curl_easy_setopt(easy, CURLOPT_PREREQFUNCTION, onConnected);
  curl_easy_setopt(easy, CURLOPT_PREREQDATA, t);
  if (!r.user.empty() || !r.password.empty()) {
    curl_easy_setopt(easy, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
    curl_easy_setopt(easy, CURLOPT_USERNAME, r.user.c_str());
    curl_easy_setopt(easy, CURLOPT_PASSWORD, r.password.c_str());
  }
  if (r.body) {
    curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(r.body->size()));
    curl_easy_setopt(easy, CURLOPT_POSTFIELDS, r.body->data());
    if (r.method != "POST") curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, r.method.c_str());
  } else if (r.method == "GET") {
    curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
  } else {
    curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, r.method.c_str());
  }
  return "";
}

enum class StoppedBy { Nothing, Cancellation, Deadline, Silence };

}  // namespace

void wakeTargetCalls() { CallsInFlight::instance().wakeAll(); }

HttpExchangeResult performHttpExchange(const HttpExchangeRequest& r) {
  initCurlOnce();
  HttpExchangeResult result;
  Transfer transfer{r, result};
  char errorBuffer[CURL_ERROR_SIZE] = "";
  curl_slist* headers = nullptr;
  CURL* easy = curl_easy_init();
  CURLM* multi = curl_multi_init();
  auto release = [&] {
    if (multi && easy) curl_multi_remove_handle(multi, easy);
    if (easy) curl_easy_cleanup(easy);
    if (multi) curl_multi_cleanup(multi);
    curl_slist_free_all(headers);
  };
  if (!easy || !multi) {
    release();
    result.reason = "libcurl could not start a transfer";
    return result;
  }
  if (auto refused = configure(easy, r, &transfer, &headers, errorBuffer); !refused.empty()) {
    release();
    result.reason = refused;
    return result;
  }
  curl_multi_add_handle(multi, easy);
  CallsInFlight::instance().add(multi);
  StoppedBy stoppedBy = StoppedBy::Nothing;
  bool done = false;
  CURLcode code = CURLE_OK;
  while (true) {
    int running = 0;
    curl_multi_perform(multi, &running);
    int queued = 0;
    while (CURLMsg* message = curl_multi_info_read(multi, &queued)) {
      if (message->msg == CURLMSG_DONE) {
        done = true;
        code = message->data.result;
      }
    }
    if (done || running == 0) break;
    const auto now = Clock::now();
    if (r.cancellation && r.cancellation->cancelled()) stoppedBy = StoppedBy::Cancellation;
    else if (now >= r.deadline) stoppedBy = StoppedBy::Deadline;
    else if (result.connected && now - transfer.lastByte >= r.readTimeout) stoppedBy = StoppedBy::Silence;
    if (stoppedBy != StoppedBy::Nothing) break;
    auto wait = r.deadline - now;
    if (result.connected) wait = std::min(wait, transfer.lastByte + r.readTimeout - now);
    const int waitMs = static_cast<int>(std::chrono::duration_cast<milliseconds>(wait).count()) + 1;
    curl_multi_poll(multi, nullptr, 0, waitMs, nullptr);
  }
  CallsInFlight::instance().remove(multi);
  long status = 0;
  curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
  result.status = status > 0 ? static_cast<int>(status) : 0;

  if (stoppedBy == StoppedBy::Cancellation) {
    result.outcome = HttpExchangeResult::Outcome::Cancelled;
  } else if (stoppedBy == StoppedBy::Deadline) {
    result.outcome = HttpExchangeResult::Outcome::DeadlineExceeded;
  } else if (stoppedBy == StoppedBy::Silence) {
    result.reason = "reading the answer failed (no byte within the read timeout of " +
                    std::to_string(r.readTimeout.count()) + " ms)";
  } else if (done && code == CURLE_OK) {
    result.outcome = HttpExchangeResult::Outcome::Complete;
  } else if (!transfer.cutBecause.empty()) {
    result.outcome = HttpExchangeResult::Outcome::CutByReceiver;
    result.reason = transfer.cutBecause;
  } else if (code == CURLE_OPERATION_TIMEDOUT &&
             (result.connected || Clock::now() + milliseconds(50) >= r.deadline)) {
    result.outcome = HttpExchangeResult::Outcome::DeadlineExceeded;  // curl's copy of the deadline
  } else if (r.cancellation && r.cancellation->cancelled()) {
    result.outcome = HttpExchangeResult::Outcome::Cancelled;
  } else {
    result.reason = transportFailure(code, errorBuffer, r);
  }
  release();
  return result;
}

}  // namespace wc
