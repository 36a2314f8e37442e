#include "reference/delivery/webhook_sender.h"
#include "reference/delivery/webhook_signing.h"

#include <algorithm>
#include <random>

#include "reference/delivery/faulty_urls.h"
#include "util/ids.h"
#include "util/url.h"

namespace wc::reference {
namespace {

// scheme://host:port/path — what a log line may show of a webhook URL (the query may hold a token).
std::string redactedUrl(const std::string& url) {
  auto parsed = parseUrl(url);
  if (!parsed) return "<unparsable URL>";
  auto path = withoutQuery(parsed->pathAndQuery);
  return (parsed->absolute ? parsed->schemeHostPort() : "") + path;
}

// How long stop() keeps shutting in-flight attempts down, and how often it repeats that.
constexpr auto kCancelDeadline = std::chrono::milliseconds(1000);
constexpr auto kCancelRetry = std::chrono::milliseconds(20);
constexpr size_t kMaxNotConnectedKept = 1000;
constexpr int kMaxRedirects = 5;  // as the Python server's webhook client

std::string sentAt(const nlohmann::json& body, const Fault& fault, const std::string& endpoint) {
  auto now = std::chrono::system_clock::now();
  if (fault.is(FaultMode::TimestampsUnordered, endpoint) && body.contains("created_at") &&
      body["created_at"].is_string()) {
    std::chrono::system_clock::time_point created;
    if (parseIsoTimestamp(body["created_at"].get<std::string>(), &created))
      return isoTimestamp(created - std::chrono::seconds(1));
  }
  return isoTimestamp(now);
}

}  // namespace

WebhookSender::WebhookSender(const ReferenceOptions& options, const WebhookConfig& config,
                             const Fault& fault)
    : options_(options), config_(config), fault_(fault), pool_(options.deliveryThreads) {}

WebhookSender::~WebhookSender() { stop(); }

void WebhookSender::setSelfBaseUrl(const std::string& baseUrl) {
  std::lock_guard<std::mutex> lock(mutex_);
  selfBaseUrl_ = baseUrl;
}

void WebhookSender::setFailureListener(std::function<void(const std::string&)> listener) {
  std::lock_guard<std::mutex> lock(mutex_);
  onFailure_ = std::move(listener);
}

void WebhookSender::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  wake_.notify_all();  // backoff waits end
  lateCopyDue_.notify_all();
  settled_.notify_all();
  cancelInFlight();
  pool_.shutdown();
  if (lateCopyThread_.joinable()) lateCopyThread_.join();
}

void WebhookSender::configure(httplib::Client& client) const {
  const auto& timing = options_.timing;
  client.set_url_encode(false);       // the query must arrive exactly as the caller wrote it
  client.set_follow_location(false);  // redirects are followed hop by hop (followRedirects)
  client.set_connection_timeout(timing.connectTimeout);
  client.set_read_timeout(timing.readTimeout);
  client.set_write_timeout(timing.readTimeout);
  // https webhooks: the server's certificate is verified, against --webhook-ca-file when
  // given (the harness's throwaway certificate), else the system's CAs.
  if (!options_.webhookCaFile.empty()) client.set_ca_cert_path(options_.webhookCaFile.c_str());
  client.enable_server_certificate_verification(true);
}

void WebhookSender::cancelInFlight() {
  // ClientImpl::stop() shuts a connected socket down from any thread. A client registered a
  // moment before it connected has no socket yet for stop() to reach (and httplib would open
  // one after), so stop() is repeated until every attempt has ended, within a deadline.
  auto deadline = std::chrono::steady_clock::now() + kCancelDeadline;
  std::unique_lock<std::mutex> lock(mutex_);
  while (!inFlight_.empty()) {
    for (auto* client : inFlight_) client->stop();
    auto retry = std::min(deadline, std::chrono::steady_clock::now() + kCancelRetry);
    if (attemptEnded_.wait_until(lock, retry, [this] { return inFlight_.empty(); })) return;
    if (std::chrono::steady_clock::now() >= deadline) {
      logLine(options_, std::to_string(inFlight_.size()) +
                            " webhook delivery attempt(s) still under way at shutdown");
      return;
    }
  }
}

std::vector<std::string> WebhookSender::notConnected() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return notConnected_;
}

bool WebhookSender::beginAttempt(httplib::Client* client) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (stopping_) return false;
  inFlight_.insert(client);
  return true;
}

void WebhookSender::endAttempt(httplib::Client* client) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    inFlight_.erase(client);
  }
  attemptEnded_.notify_all();
}

bool WebhookSender::stopping() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return stopping_;
}

void WebhookSender::enqueue(Delivery delivery) {
  std::string key = delivery.orderKey.empty() ? delivery.runId : delivery.orderKey;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) return;
    auto& queue = queues_[key];
    queue.push_back(std::move(delivery));
    if (queue.size() > 1) return;  // the delivery in progress for this key sends it next
  }
  pool_.enqueue([this, key] { drain(key); });
}

void WebhookSender::drain(const std::string& key) {
  for (;;) {
    Delivery next;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      next = queues_[key].front();
    }
    deliverNow(next);
    std::lock_guard<std::mutex> lock(mutex_);
    auto& queue = queues_[key];
    queue.pop_front();
    if (queue.empty()) {
      queues_.erase(key);
      settled_.notify_all();
      return;
    }
  }
}

bool WebhookSender::waitBackoff(std::chrono::milliseconds delay) {
  std::unique_lock<std::mutex> lock(mutex_);
  return !wake_.wait_for(lock, delay, [this] { return stopping_; });
}

void WebhookSender::logFailure(const Delivery& d, const std::string& why) const {
  logLine(options_, "webhook for run " + d.runId + " to " + redactedUrl(d.url) +
                       " not delivered: " + why);
  std::function<void(const std::string&)> listener;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    listener = onFailure_;
  }
  if (listener) listener(d.runId);
}

namespace {

bool isRedirect(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

// The absolute URL a Location header names, relative to `base` (scheme://host:port): an
// absolute http(s) URL or an absolute path; "" for anything else.
std::string redirectTarget(const std::string& base, const std::string& location) {
  if (location.empty() || location.size() > 8192) return "";
  if (location[0] == '/' && (location.size() == 1 || location[1] != '/')) return base + location;
  auto url = parseUrl(location);
  if (!url || !url->absolute || (url->scheme != "http" && url->scheme != "https")) return "";
  return location;
}

}  // namespace

httplib::Result WebhookSender::followRedirects(const Delivery& d, std::string base,
                                               httplib::Result res, const httplib::Headers& headers,
                                               const std::string& body, const char* contentType,
                                               std::string* why) {
  for (int hop = 1; res && isRedirect(res->status); ++hop) {
    if (hop > kMaxRedirects) {
      *why = "more than " + std::to_string(kMaxRedirects) + " redirects";
      return httplib::Result{nullptr, httplib::Error::Unknown};
    }
    auto next = redirectTarget(base, res->get_header_value("Location"));
    if (next.empty()) return res;  // an unusable Location: the 3xx stands as the answer
    if (!fault_.is(FaultMode::RedirectPastPolicy))
      if (auto problem = urlPolicyProblem(next, config_.urlPolicy)) {
        *why = "redirect to " + redactedUrl(next) + " refused by the URL policy: " + problem->detail;
        return httplib::Result{nullptr, httplib::Error::Unknown};
      }
    auto url = parseUrl(next);
    if (!url || !isLoopbackDestination(url->host)) {
      std::lock_guard<std::mutex> lock(mutex_);
      if (notConnected_.size() < kMaxNotConnectedKept) notConnected_.push_back(redactedUrl(next));
      *why = "redirect to " + redactedUrl(next) + ": not a loopback host, not connected";
      return httplib::Result{nullptr, httplib::Error::Unknown};
    }
    httplib::Client client(url->schemeHostPort());
    configure(client);
    if (!beginAttempt(&client)) return httplib::Result{nullptr, httplib::Error::Canceled};
    // 307/308 repeat the request; 301/302/303 turn a POST into a GET without body (as httpx).
    const bool repeat = res->status == 307 || res->status == 308;
    res = repeat ? client.Post(url->pathAndQuery, headers, body, contentType)
                 : client.Get(url->pathAndQuery, headers);
    endAttempt(&client);
    base = url->schemeHostPort();
  }
  return res;
}

bool WebhookSender::deliverNow(const Delivery& d, bool* answered) {
  // Counted while it runs, queued or not (some faults deliver on the run's worker).
  struct UnderWay {
    WebhookSender& sender;
    explicit UnderWay(WebhookSender& s) : sender(s) {
      std::lock_guard<std::mutex> lock(sender.mutex_);
      ++sender.deliveriesUnderWay_;
    }
    ~UnderWay() {
      {
        std::lock_guard<std::mutex> lock(sender.mutex_);
        --sender.deliveriesUnderWay_;
      }
      sender.settled_.notify_all();
    }
  } underWay(*this);
  bool ignored = false;
  if (!answered) answered = &ignored;
  *answered = false;
  if (!fault_.is(FaultMode::AcceptsForbiddenUrl)) {
    // Checked again before sending, as the platform does: the policy may have changed since.
    if (auto problem = urlPolicyProblem(d.url, config_.urlPolicy)) {
      logFailure(d, "refused by the URL policy: " + problem->detail);
      return false;
    }
  }
  std::string absolute = d.url;
  if (!d.url.empty() && d.url[0] == '/') {
    std::lock_guard<std::mutex> lock(mutex_);
    absolute = selfBaseUrl_ + d.url;  // a relative webhook calls this server's own route
  }
  std::string why;
  auto parsed = parseUrl(absolute, &why);
  if (!parsed || !parsed->absolute || parsed->host.empty() ||
      (parsed->scheme != "http" && parsed->scheme != "https")) {
    logFailure(d, "not an http(s) URL" + (why.empty() ? "" : ": " + why));
    return false;
  }
  // Nothing the project runs connects beyond loopback: a private, link-local or public host
  // (a URL a case expected the target to refuse, or a redirect) is recorded, never contacted.
  if (!isLoopbackDestination(parsed->host)) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (notConnected_.size() < kMaxNotConnectedKept) notConnected_.push_back(redactedUrl(absolute));
    }
    logLine(options_, "webhook for run " + d.runId + " would go to " + redactedUrl(absolute) +
                          ": not a loopback host, so the reference does not connect");
    *answered = true;  // it counts as delivered elsewhere, not as a dead receiver
    return false;
  }
  std::string target = parsed->pathAndQuery;
  // The fault no-https-delivery: like langgraph-api 0.15.0rc4 to 0.16.0rc1, https webhooks fail
  // while plain http ones keep working.
  if (fault_.is(FaultMode::NoHttpsDelivery) && parsed->scheme == "https") {
    logFailure(d, "https delivery broken (fault no-https-delivery)");
    return false;
  }
  if (fault_.is(FaultMode::QueryDropped, d.endpoint)) target = withoutQuery(target);
  if (fault_.is(FaultMode::QueryReencoded, d.endpoint)) target = withQueryReencoded(target);
  if (fault_.is(FaultMode::TokenChanged, d.endpoint)) target = withTokenChanged(target);
  if (fault_.is(FaultMode::PathAppended, d.endpoint)) target = withPathAppended(target);
  httplib::Headers headers;
  if (!fault_.is(FaultMode::IgnoresConfiguredHeaders, d.endpoint))
    for (const auto& [name, value] : config_.headers) headers.emplace(name, value);
  const char* contentType =
      fault_.is(FaultMode::WrongContentType, d.endpoint) ? "text/plain" : "application/json";
  const bool asPut = fault_.is(FaultMode::MethodPut, d.endpoint);

  static thread_local std::mt19937 rng{std::random_device{}()};
  nlohmann::json body = d.body;
  const auto& timing = options_.timing;
  for (int attempt = 1; attempt <= timing.maxAttempts; ++attempt) {
    httplib::Client client(parsed->schemeHostPort());
    configure(client);
    if (body.contains("webhook_sent_at")) body["webhook_sent_at"] = sentAt(body, fault_, d.endpoint);
    if (!beginAttempt(&client)) return false;  // stopping
    const auto payload = body.dump();
    const auto signedHeaders = withSignatures(headers, options_, fault_, d.runId, payload);
    auto res = asPut ? client.Put(target, signedHeaders, payload, contentType)
                     : client.Post(target, signedHeaders, payload, contentType);
    if (res) *answered = true;
    bool delivered = res && res->status >= 200 && res->status < 300;
    if (delivered && (fault_.is(FaultMode::DuplicateDelivery, d.endpoint) ||
                      (fault_.is(FaultMode::DuplicateSometimes) && ++deliveredCount_ % 1000 == 0)))
      client.Post(target, signedHeaders, payload, contentType);
    endAttempt(&client);
    if (res && isRedirect(res->status) && options_.followsRedirects) {
      std::string why;
      res = followRedirects(d, parsed->schemeHostPort(), std::move(res), signedHeaders, payload,
                            contentType, &why);
      if (!res) {
        if (!why.empty()) logFailure(d, why);  // refused or not connected: not retried
        return false;
      }
      delivered = res->status >= 200 && res->status < 300;
    }
    if (delivered && fault_.is(FaultMode::LateDuplicate, d.endpoint))
      scheduleLateCopy({parsed->schemeHostPort(), target, body.dump(), d.runId, headers, contentType});
    if (delivered) return true;
    if (stopping()) return false;  // the attempt was cut short by stop(): not a failure to log
    bool retry = !res || res->status >= 500 || res->status == 429;
    if (res && res->status >= 500 && fault_.is(FaultMode::NoRetry5xx)) retry = false;
    if (res && res->status >= 400 && res->status < 500 && fault_.is(FaultMode::Retries4xx))
      retry = true;
    std::string outcome = res ? "HTTP " + std::to_string(res->status)
                              : httplib::to_string(res.error());
    if (!retry || attempt == timing.maxAttempts) {
      logFailure(d, outcome + " on attempt " + std::to_string(attempt) +
                        (retry ? " (no attempts left)" : " (not retried)"));
      return false;
    }
    auto base = timing.backoffBase * (1 << (attempt - 1));
    std::uniform_int_distribution<long long> jitter(0, base.count() / 4 + 1);
    if (!waitBackoff(base + std::chrono::milliseconds(jitter(rng)))) return false;
  }
  return false;
}

}  // namespace wc::reference
