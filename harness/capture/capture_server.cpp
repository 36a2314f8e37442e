#include "capture/capture_server.h"

#include <httplib.h>

#include <algorithm>
#include <random>
#include <sstream>

#include "capture/growing_task_queue.h"
#include "capture/page_host.h"
#include "util/bounded_body.h"
#include "util/bounded_server.h"
#include "util/listen_backlog.h"
#include "util/server_ready.h"

namespace wc {
namespace {

constexpr const char* kHookPrefix = "/hook/";

// "/hook/<route>/anything?query" -> "<route>"; "" when the target is not under /hook/.
std::string routeOf(const std::string& target) {
  if (target.rfind(kHookPrefix, 0) != 0) return "";
  auto start = std::char_traits<char>::length(kHookPrefix);
  auto end = target.find_first_of("/?#", start);
  return target.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

// httplib 0.11.4 adds REMOTE_ADDR, REMOTE_PORT, LOCAL_ADDR and LOCAL_PORT to req.headers, one
// each, after the headers read from the wire. Headers is a case-insensitive multimap and emplace
// puts a new entry last among equal keys, so httplib's entry is the last one of each name; a
// sender's own header of that name stays.
std::vector<std::pair<std::string, std::string>> wireHeaders(const httplib::Headers& headers) {
  static const char* const kAdded[] = {"REMOTE_ADDR", "REMOTE_PORT", "LOCAL_ADDR", "LOCAL_PORT"};
  std::vector<httplib::Headers::const_iterator> skip;
  for (const char* name : kAdded) {
    auto range = headers.equal_range(name);
    if (range.first == range.second) continue;
    skip.push_back(std::prev(range.second));
  }
  std::vector<std::pair<std::string, std::string>> out;
  for (auto it = headers.begin(); it != headers.end(); ++it)
    if (std::find(skip.begin(), skip.end(), it) == skip.end()) out.emplace_back(it->first, it->second);
  return out;
}

std::string randomSuffix() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  std::ostringstream s;
  s << std::hex << (rng() & 0xffffffffffULL);
  return s.str();
}

}  // namespace

CaptureServer::CaptureServer(CaptureOptions options) : options_(std::move(options)) {
  // BoundedServer serves TLS itself, so HTTPS gets the same bounded header section, handshake
  // deadline and lingering close as plain HTTP.
  if (servesTls())
    server_ = std::make_unique<BoundedServer>(options_.tlsCertFile, options_.tlsKeyFile);
  else
    server_ = std::make_unique<BoundedServer>();
}

CaptureServer::~CaptureServer() { stop(); }

bool CaptureServer::start(std::string* error) {
  if (!server_->is_valid()) {  // TLS: the certificate or key did not load
    if (error)
      *error = "capture server: cannot load the TLS certificate " + options_.tlsCertFile +
               " and key " + options_.tlsKeyFile +
               " (PEM files, the key matching the certificate): " + server_->tlsError();
    return false;
  }
  auto threads = static_cast<size_t>(std::max(1, options_.threads));
  auto maxThreads = std::max(threads, static_cast<size_t>(std::max(1, options_.maxThreads)));
  server_->new_task_queue = [this, threads, maxThreads] {
    return new GrowingTaskQueue(threads, maxThreads, &connectionThreads_);
  };
  installBodyRefusals(*server_, options_.maxBodyBytes);  // 415/413 before a body is read
  server_->set_read_timeout(options_.readTimeout);
  server_->set_keep_alive_max_count(options_.keepAliveMaxCount);
  server_->set_tcp_nodelay(true);  // answers are small: never hold one back for Nagle
  // A body refused (413 too large, 415 encoded) is answered before any route runs or as it
  // passes the limit; the error handler still sees the request line and headers, so the refusal
  // is kept as evidence.
  httplib::Server::HandlerWithResponse keepRefusals = [this](const httplib::Request& req,
                                                             httplib::Response& res) {
    if (res.status == 413 || res.status == 415) {
      RefusedRequest refused;
      refused.status = res.status;
      refused.method = req.method;
      refused.target = req.target;
      refused.route = routeOf(req.target);
      refused.contentLength = req.get_header_value("Content-Length");
      refused.arrivedAt = std::chrono::system_clock::now();
      recordRefused(std::move(refused));
    }
    return httplib::Server::HandlerResponse::Unhandled;
  };
  server_->set_error_handler(keepRefusals);
  auto handler = [this](const httplib::Request& req, const std::string& body,
                        httplib::Response& res) {
    auto peer = req.remote_addr + ":" + std::to_string(req.remote_port);
    requestStarted(peer);
    struct Finished {
      CaptureServer* server;
      const std::string& peer;
      ~Finished() { server->requestFinished(peer); }
    } finished{this, peer};
    if (answerPageOrControl(req, body, res)) return;
    answerWebhook(req, body, peer, res);
  };
  // Bodies come through a ContentReader, counted as they arrive: httplib's own reading holds a
  // chunked or until-end-of-file body whole whatever payload_max_length says.
  const size_t maxBody = options_.maxBodyBytes;
  auto withBody = [handler, maxBody](const httplib::Request& req, httplib::Response& res,
                                     const httplib::ContentReader& reader) {
    std::string body;
    switch (readBoundedBody(reader, maxBody, &body, res)) {
      case BodyRead::Complete:
        return handler(req, body, res);
      case BodyRead::TooLarge:
        return answerAndClose(res, tooLargeRefusal(maxBody));
      case BodyRead::Broken:
        return answerAndClose(res, {400, "request body ended before its declared end\n"});
    }
  };
  server_->Get(".*", [handler](const httplib::Request& req, httplib::Response& res) {
    handler(req, "", res);  // httplib reads no GET body
  });
  server_->Post(".*", withBody);
  server_->Put(".*", withBody);
  server_->Patch(".*", withBody);
  server_->Delete(".*", withBody);
  if (options_.port == 0) {
    port_ = server_->bind_to_any_port(options_.bindAddress);
  } else {
    port_ = server_->bind_to_port(options_.bindAddress, options_.port) ? options_.port : -1;
  }
  if (port_ <= 0) {
    if (error)
      *error = "capture server: cannot bind " + options_.bindAddress + ":" +
               std::to_string(options_.port);
    return false;
  }
  widenListenBacklog(port_);
  pageHosts_ = page_host::policyFor(options_.bindAddress, options_.callbackBaseUrl);
  // The socket accepts from here on (into the backlog) even before the thread runs.
  listener_ = std::thread([this] { server_->listen_after_bind(); });
  if (!waitUntilRunning(*server_, std::chrono::seconds(5))) {
    if (error) *error = "capture server: did not start listening within 5 s";
    return false;
  }
  if (options_.requestTimeout.count() > 0)
    sweeper_ = std::thread([this] { sweepStalledConnections(); });
  return true;
}

void CaptureServer::answerWebhook(const httplib::Request& req, const std::string& body,
                                  const std::string& peer, httplib::Response& res) {
  CapturedRequest captured;
  captured.method = req.method;
  captured.target = req.target;
  captured.route = routeOf(req.target);
  captured.headers = wireHeaders(req.headers);
  captured.body = body;
  captured.bodyBytesReceived = body.size();
  captured.arrivedAt = std::chrono::system_clock::now();
  captured.arrivedSteady = std::chrono::steady_clock::now();
  captured.peer = peer;
  // The answer is the one programmed when the request arrived, read before record() wakes the
  // waiting case: read after, it would hold the mutex the case needs as it wakes.
  RouteResponse response = responseFor(captured.route).value_or(RouteResponse{});
  if (onRecorded_) onRecorded_(captured);
  captured.capStoredBody(options_.maxStoredBodyBytes);
  record(std::move(captured));

  if (response.delay.count() > 0) {
    // Interruptible delay: stop() must never wait for a hanging route.
    std::unique_lock<std::mutex> lock(mutex_);
    stopped_.wait_for(lock, response.delay, [this] { return stopping_; });
  }
  res.status = response.status;
  for (const auto& [k, v] : response.headers) res.set_header(k, v);
  res.set_content(response.body, "text/plain");
}

void CaptureServer::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  arrived_.notify_all();  // wakes the cases waiting
  stopped_.notify_all();  // wakes programmed delays and the sweeper
  if (sweeper_.joinable()) sweeper_.join();
  if (server_) server_->stop();  // closes the listening socket: nothing new is accepted
  // Connection threads blocked reading a sender (one trickling headers, an idle keep-alive) would
  // hold the join below for up to a read timeout each, forever for a trickler: shutdown() of
  // every accepted socket wakes them with end-of-file; httplib still closes its sockets.
  if (listener_.joinable()) {
    if (port_ > 0) shutdownAcceptedSockets(port_);
    listener_.join();
  }
}

void CaptureServer::setOnRouteResponse(
    std::function<void(const std::string&, const RouteResponse&)> forward) {
  onRouteResponse_ = std::move(forward);
}

void CaptureServer::setOnRecorded(std::function<void(const CapturedRequest&)> callback) {
  onRecorded_ = std::move(callback);
}

std::string CaptureServer::newRoute(const std::string& hint) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::string clean;
  for (char c : hint) clean += (std::isalnum(static_cast<unsigned char>(c)) || c == '-') ? c : '-';
  return options_.routePrefix + clean + "-" + std::to_string(++routeCounter_) + "-" + randomSuffix();
}

void CaptureServer::inject(CapturedRequest request) {
  request.route = routeOf(request.target);
  if (onRecorded_) onRecorded_(request);
  request.capStoredBody(options_.maxStoredBodyBytes);
  record(std::move(request));
}

std::string CaptureServer::urlFor(const std::string& route, const std::string& suffix) const {
  std::string origin = options_.callbackBaseUrl;
  if (origin.empty()) {
    bool ipv6 = options_.bindAddress.find(':') != std::string::npos;  // a URL brackets it
    origin = std::string(servesTls() ? "https://" : "http://") + (ipv6 ? "[" + options_.bindAddress + "]" : options_.bindAddress) + ":" +
             std::to_string(port_);
  }
  auto scheme = origin.find("://");
  auto slash = origin.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  if (slash != std::string::npos) origin.resize(slash);  // targetFor() carries the path prefix
  return origin + targetFor(route, suffix);
}

std::string CaptureServer::targetFor(const std::string& route, const std::string& suffix) const {
  std::string base = options_.callbackBaseUrl;
  // An advertised base with a path prefix (a tunnel) arrives without that prefix only if the
  // tunnel strips it; we assume it forwards the path unchanged after the authority.
  std::string prefix;
  auto scheme = base.find("://");
  if (scheme != std::string::npos) {
    auto slash = base.find('/', scheme + 3);
    if (slash != std::string::npos) prefix = base.substr(slash);
  }
  while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
  return prefix + kHookPrefix + route + suffix;
}

void CaptureServer::setRouteResponse(const std::string& route, RouteResponse response) {
  if (onRouteResponse_) onRouteResponse_(route, response);  // outside the lock: it may do I/O
  std::lock_guard<std::mutex> lock(mutex_);
  responses_[route] = std::move(response);
}

std::optional<RouteResponse> CaptureServer::responseFor(const std::string& route) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = responses_.find(route);
  if (it == responses_.end()) return std::nullopt;
  return it->second;
}

void CaptureServer::record(CapturedRequest request) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ++total_;
    bool counted = arrivedByRoute_.count(request.route) || arrivedByRoute_.size() < options_.maxKeptTotal;
    size_t onRoute = counted ? ++arrivedByRoute_[request.route] : options_.maxKeptPerRoute + 1;
    bool withinBounds = onRoute <= options_.maxKeptPerRoute && kept_ < options_.maxKeptTotal &&
                        request.body.size() <= options_.maxKeptBodyBytes - keptBodyBytes_;
    if (!options_.keepRequests) {
      // counted only: the onRecorded callback keeps what it needs
    } else if (!withinBounds) {
      ++notKept_;
    } else {
      ++kept_;
      keptBodyBytes_ += request.body.size();
      auto& list = request.route.empty() ? unrouted_ : byRoute_[request.route];
      list.push_back(std::move(request));
    }
  }
  arrived_.notify_all();
}

void CaptureServer::recordRefused(RefusedRequest request) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    refused_.push_back(std::move(request));
  }
  arrived_.notify_all();
}

std::vector<RefusedRequest> CaptureServer::refused() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return refused_;
}

std::string RefusedRequest::summary() const {
  return method + " " + target + " answered " + std::to_string(status) +
         " (declared Content-Length " + (contentLength.empty() ? "none" : contentLength) + ")";
}

}  // namespace wc
