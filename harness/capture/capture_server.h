#pragma once
// The embedded webhook receiver. Every case gets its own route (/hook/<route>/...), so
// concurrent cases never see each other's webhooks. Waits are event-driven (a condition
// variable) and return an explained AssertionResult, Envoy fake-upstream style.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "capture/captured_request.h"
#include "capture/page_host.h"

namespace httplib {
class Server;
struct Response;
}

namespace wc {

class BoundedServer;

struct CaptureOptions {
  std::string bindAddress = "127.0.0.1";
  int port = 0;                 // 0: any free port
  std::string callbackBaseUrl;  // advertised base (e.g. a tunnel); "" -> http://bind:port
  size_t maxBodyBytes = 8 * 1024 * 1024;  // over it: answered 413, kept as a RefusedRequest
  // Bodies longer than this are stored cut, marked CapturedRequest::bodyTruncated (0: keep the
  // whole body up to maxBodyBytes, as the embedded run does: cases check payloads). onRecorded
  // still sees the whole body.
  size_t maxStoredBodyBytes = 0;
  // false: requests are only counted and handed to onRecorded (which keeps its own bounded
  // store, as `capture` does); received()/all() then stay empty.
  bool keepRequests = true;
  // What keepRequests keeps (received()/all()): beyond any of these bounds a request is counted,
  // so waits and failure messages still see it arrive, but not kept. 1,000 on one route is
  // far beyond any case; 256 MiB of bodies bound what a sender flooding the run can make it hold.
  size_t maxKeptPerRoute = 1000;
  size_t maxKeptTotal = 10000;
  size_t maxKeptBodyBytes = 256 * 1024 * 1024;
  // Connection threads: `threads` start, more are added on demand up to maxThreads, so idle or
  // half-open connections (a sender trickling headers) cannot starve new ones.
  int threads = 64;
  int maxThreads = 512;
  // A sender that stalls mid-request is dropped after this long without a byte.
  std::chrono::milliseconds readTimeout{5000};
  // An overall deadline per request: a connection that has not delivered a whole request this
  // long after it opened (or after its last answered request) is shut down, however slowly it
  // trickles bytes. A request being answered (e.g. a programmed delay) is never cut. 0: none.
  std::chrono::milliseconds requestTimeout{30000};
  // Requests served on one kept-alive connection before the server closes it. httplib's 5 makes
  // a pooling sender reconnect every 5 webhooks; idle connections still close after 5 s.
  size_t keepAliveMaxCount = 100;
  // Both set: serve HTTPS with this PEM certificate (chain) and key (BoundedServer's TLS,
  // OpenSSL, TLS 1.2 or later); URLs are then https://. Both empty: plain HTTP.
  std::string tlsCertFile, tlsKeyFile;
  // Put before every name newRoute() makes: a run behind a shared relay pulls only the routes
  // starting with it, so runs sharing one relay never see each other's webhooks.
  std::string routePrefix;
  // Set: every page (servePage) answers 401 unless the request carries
  // `Authorization: Bearer <pageToken>` (the relay's shared secret); the Host guard is then moot.
  std::string pageToken;
};

// A request the server answered without handing it to a route (today: a body over maxBodyBytes,
// answered 413). Kept so a wait that times out can say the webhook came but was refused.
struct RefusedRequest {
  int status = 0;
  std::string method;
  std::string target;  // raw request target
  std::string route;   // "" when not under /hook/
  std::string contentLength;  // as declared by the sender
  std::chrono::system_clock::time_point arrivedAt;

  std::string summary() const;
};

// What a route answers; programmable per route for the failure cases.
struct RouteResponse {
  int status = 200;
  std::chrono::milliseconds delay{0};
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

class CaptureServer {
 public:
  explicit CaptureServer(CaptureOptions options = {});
  ~CaptureServer();
  CaptureServer(const CaptureServer&) = delete;
  CaptureServer& operator=(const CaptureServer&) = delete;

  // Binds, starts listening on a thread and returns once ready; false with a message otherwise.
  bool start(std::string* error);
  void stop();
  int port() const { return port_; }
  bool servesTls() const { return !options_.tlsCertFile.empty(); }

  // A fresh route name, unique in this server.
  std::string newRoute(const std::string& hint);
  // Advertised URL for a route: <callback base>/hook/<route><suffix>. suffix may hold a path and query.
  std::string urlFor(const std::string& route, const std::string& suffix = "") const;
  // The raw request target the route expects for a suffix (what must arrive byte-exact).
  std::string targetFor(const std::string& route, const std::string& suffix = "") const;

  void setRouteResponse(const std::string& route, RouteResponse response);
  // Called by setRouteResponse (on the caller's thread, before it returns): behind a relay the
  // relay answers the deployment, so it must be told what to answer. Set before the cases run.
  void setOnRouteResponse(std::function<void(const std::string&, const RouteResponse&)> forward);
  // What setRouteResponse programmed for the route; nullopt when it answers the default 200.
  std::optional<RouteResponse> responseFor(const std::string& route) const;

  // Waits until `count` requests have arrived on the route (total, not new ones).
  [[nodiscard]] testing::AssertionResult awaitWebhooks(const std::string& route, size_t count,
                                                       std::chrono::milliseconds timeout,
                                                       std::vector<CapturedRequest>* out = nullptr);
  [[nodiscard]] testing::AssertionResult awaitWebhook(const std::string& route,
                                                      std::chrono::milliseconds timeout,
                                                      CapturedRequest* out = nullptr);
  // Succeeds when no more than `alreadySeen` requests are on the route after the window.
  [[nodiscard]] testing::AssertionResult expectNoWebhook(const std::string& route,
                                                         std::chrono::milliseconds window,
                                                         size_t alreadySeen = 0);

  // A page served at `path` (GET, exact path) instead of being recorded: a UI beside the hooks
  // (`webhook-conformance capture`). Register before start(). A page answers only requests whose
  // Host names this server (bind address, advertised host, `localhost` on loopback), 421
  // otherwise: a DNS-rebinding web page must not read it. Webhook routes accept any Host.
  void servePage(const std::string& path, std::function<RouteResponse()> render);
  // The same, for a page that reads its query (`/webhooks.json?after=SEQ`): render gets the raw
  // query (the target after the first '?', undecoded, "" when none), untrusted client input.
  void servePageWithQuery(const std::string& path,
                          std::function<RouteResponse(const std::string& rawQuery)> render);
  // A control endpoint at `path` (POST, exact path) beside the pages, behind the same guards
  // (pageToken, else the Host check): render gets the raw query and the body (bounded by
  // maxBodyBytes), both untrusted. Register before start().
  void serveControl(const std::string& path,
                    std::function<RouteResponse(const std::string& rawQuery, const std::string& body)> handle);
  // Called for each request about to be recorded (on the handler thread), with its whole body
  // and only the headers that came on the wire. Set before start().
  void setOnRecorded(std::function<void(const CapturedRequest&)> callback);

  // Records a request that arrived elsewhere (pulled from a relay) as if it had arrived here:
  // filed under the route its target names, handed to onRecorded, kept within the same bounds.
  void inject(CapturedRequest request);
  const std::string& routePrefix() const { return options_.routePrefix; }

  // Drops what arrived on a route the harness used for itself (the callback probe), so counts
  // like totalReceived() speak of the target's webhooks only.
  void forget(const std::string& route);

  std::vector<CapturedRequest> received(const std::string& route) const;
  std::vector<CapturedRequest> all() const;
  size_t totalReceived() const;
  // Requests that arrived but were not kept (over maxKeptPerRoute, maxKeptTotal or
  // maxKeptBodyBytes).
  size_t notKept() const;
  // Requests answered 413 (body over maxBodyBytes) or 415 (encoded body), in arrival order.
  std::vector<RefusedRequest> refused() const;
  // Connection threads running now (grows under load up to maxThreads).
  size_t connectionThreads() const;

 private:
  void sweepStalledConnections();  // the requestTimeout watchdog, on its own thread
  void requestStarted(const std::string& peer);
  void requestFinished(const std::string& peer);
  void recordRefused(RefusedRequest request);
  void record(CapturedRequest request);
  // A page or control of the live view (true: answered), behind the token or the Host guard.
  bool answerPageOrControl(const httplib::Request& req, const std::string& body,
                           httplib::Response& res);
  // Records a webhook and answers it as programmed for its route.
  void answerWebhook(const httplib::Request& req, const std::string& body, const std::string& peer,
                     httplib::Response& res);
  static void servePageResponse(const RouteResponse& page, httplib::Response& res);
  std::string describeOthers(const std::string& route) const;  // needs mutex_ held
  size_t arrivedOn(const std::string& route) const;            // needs mutex_ held
  std::string describeArrived(const std::string& route) const;  // needs mutex_ held

  CaptureOptions options_;
  std::unique_ptr<BoundedServer> server_;  // plain or TLS
  std::thread listener_;
  std::thread sweeper_;
  int port_ = 0;
  std::atomic<size_t> connectionThreads_{0};

  // Set before start(), read-only while serving: no lock.
  std::map<std::string, std::function<RouteResponse(const std::string&)>> pages_;
  page_host::Policy pageHosts_;
  std::map<std::string, std::function<RouteResponse(const std::string&, const std::string&)>> controls_;
  std::function<void(const CapturedRequest&)> onRecorded_;
  std::function<void(const std::string&, const RouteResponse&)> onRouteResponse_;

  mutable std::mutex mutex_;  // guards everything below
  std::condition_variable arrived_;
  // Only stop() notifies this one: the sweeper and programmed delays wait for stopping_, and on
  // arrived_ every webhook would wake them to contend for mutex_ with the case being woken.
  std::condition_variable stopped_;
  std::map<std::string, std::vector<CapturedRequest>> byRoute_;
  std::vector<CapturedRequest> unrouted_;
  std::vector<RefusedRequest> refused_;
  std::map<std::string, RouteResponse> responses_;
  size_t routeCounter_ = 0;
  size_t total_ = 0;
  // Per route ("" for requests under no route), kept or not; at most maxKeptTotal routes.
  std::map<std::string, size_t> arrivedByRoute_;
  size_t kept_ = 0, keptBodyBytes_ = 0, notKept_ = 0;
  bool stopping_ = false;

  // Its own lock: every request updates it as it starts and ends, and under mutex_ the handler's
  // update at the end would make the case just woken by arrived_ wait for the mutex again.
  mutable std::mutex peersMutex_;  // guards peers_
  // Per peer ("addr:port"): requests being answered now, and when the last one started or ended.
  struct PeerActivity {
    int active = 0;
    std::chrono::steady_clock::time_point last;
  };
  std::map<std::string, PeerActivity> peers_;
};

}  // namespace wc
