#include "live/live_capture.h"

#include <algorithm>
#include <iostream>

#include "live/relay_protocol.h"
#include "report/text_safety.h"

namespace wc {
namespace {

constexpr size_t kHttpBodyLimit = 8 * 1024 * 1024;  // answered 413 beyond (CaptureOptions)
// Routes a relay keeps a programmed answer for; beyond, a new one is refused (429).
constexpr size_t kMaxProgrammedRoutes = 10000;

bool isIpv6(const std::string& address) { return address.find(':') != std::string::npos; }

}  // namespace

LiveCapture::LiveCapture(LiveCaptureOptions options, std::ostream& out)
    : options_(std::move(options)), out_(out), store_(options_.maxWebhooks, options_.maxKeptMiB * 1024 * 1024) {
  CaptureOptions co;
  co.bindAddress = options_.bind;
  co.port = options_.port;
  co.maxBodyBytes = std::max(kHttpBodyLimit, options_.maxBodyBytes);
  co.maxStoredBodyBytes = options_.maxBodyBytes;
  co.keepRequests = false;  // keep() below stores a bounded number, with their verdicts
  co.pageToken = options_.relayToken;
  server_ = std::make_unique<CaptureServer>(co);
  // Every view reads only what it returns from the store: the page the newest --max-shown, a
  // poll with ?after=SEQ what was stored since (rendered once, at arrival).
  auto page = [this] {
    auto newest = store_.newest(options_.maxShown);
    RouteResponse r;
    r.body = renderCapturePage(newest.webhooks, pageSummary(newest));
    r.headers.emplace_back("Cache-Control", "no-store");
    return r;
  };
  server_->servePage("/", page);
  server_->servePage("/view", page);
  server_->servePage("/favicon.ico", [] { return RouteResponse{204, {}, {}, {}}; });
  server_->servePage("/live.js", [] {
    return RouteResponse{200, {}, {{"Content-Type", "text/javascript; charset=utf-8"},
                                   {"Cache-Control", "no-store"}}, capturePageScript()};
  });
  server_->servePageWithQuery("/webhooks.json", [this](const std::string& query) {
    return cursorPage(query, SIZE_MAX, [](const CaptureStore::Slice& slice, const CapturePageSummary&) {
      return renderWebhooksJson(slice.webhooks);
    });
  });
  server_->servePageWithQuery("/live.json", [this](const std::string& query) {
    return cursorPage(query, options_.maxShown, [](const CaptureStore::Slice& slice,
                                                  const CapturePageSummary& summary) {
      nlohmann::json rows = nlohmann::json::array();
      for (const auto& w : slice.webhooks) rows.push_back(w->rowHtml);
      nlohmann::json live = {{"last_seq", slice.lastSeq},
                             {"title", capturePageTitle(slice.kept, summary)},
                             {"summary", capturePageSummaryHtml(slice.kept, summary)},
                             {"rows", std::move(rows)}};
      return live.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    });
  });
  if (!options_.relayToken.empty()) {
    server_->servePageWithQuery(kRelayPullPath,
                                [this](const std::string& query) { return relayPull(query); });
    server_->serveControl(kRelayRouteResponsePath,
                          [this](const std::string&, const std::string& body) { return programRoute(body); });
  }
  server_->setOnRecorded([this](const CapturedRequest& request) { keep(request); });
}

RouteResponse LiveCapture::programRoute(const std::string& body) {
  RouteResponse r;
  r.headers.emplace_back("Content-Type", "text/plain; charset=utf-8");
  std::string route, error;
  RouteResponse programmed;
  if (!parseRouteResponseJson(body, &route, &programmed, &error)) {
    r.status = 400;
    r.body = "capture: " + error + "\n";
    return r;
  }
  {
    std::lock_guard<std::mutex> lock(programmedMutex_);
    if (!programmedRoutes_.count(route) && programmedRoutes_.size() >= kMaxProgrammedRoutes) {
      r.status = 429;
      r.body = "capture: the relay already keeps answers for " +
               std::to_string(kMaxProgrammedRoutes) + " routes\n";
      return r;
    }
    programmedRoutes_.insert(route);
  }
  server_->setRouteResponse(route, std::move(programmed));
  r.status = 204;
  return r;
}

RouteResponse LiveCapture::relayPull(const std::string& query) const {
  RouteResponse r;
  r.headers.emplace_back("Cache-Control", "no-store");
  std::string error;
  auto pull = parseRelayPullQuery(query, &error);
  if (!pull) {
    r.status = 400;
    r.headers.emplace_back("Content-Type", "text/plain; charset=utf-8");
    r.body = "capture: " + error + "\n";
    return r;
  }
  r.headers.emplace_back("Content-Type", "application/json");
  const auto deadline = std::chrono::steady_clock::now() + pull->wait;
  uint64_t cursor = pull->after;
  for (;;) {
    auto slice = store_.after(cursor);
    InspectedWebhooks chosen;
    size_t bytes = 0;
    uint64_t next = slice.lastSeq;
    for (const auto& w : slice.webhooks) {
      if (w->request.route.rfind(pull->routePrefix, 0) != 0) continue;
      if (!chosen.empty() && (chosen.size() == kRelayMaxRequestsPerAnswer ||
                              bytes + w->request.body.size() > kRelayMaxBodyBytesPerAnswer)) {
        next = chosen.back()->seq;  // the rest in the next answer
        break;
      }
      bytes += w->request.body.size();
      chosen.push_back(w);
    }
    // Nothing for this prefix yet: wait for the next webhook (any route) or the deadline; the
    // store wakes every waiter when capture stops.
    if (chosen.empty() && store_.awaitNewer(slice.lastSeq, deadline)) {
      cursor = slice.lastSeq;
      continue;
    }
    const uint64_t lastSeq = chosen.empty() ? slice.lastSeq : next;
    r.body = relayAnswerJson(chosen, lastSeq,
                             store_.droppedBetween(pull->after, lastSeq, pull->routePrefix),
                             std::chrono::steady_clock::now());
    return r;
  }
}

CapturePageSummary LiveCapture::pageSummary(const CaptureStore::Slice& slice) const {
  return {options_.expectToken, baseUrl(), slice.dropped, options_.maxShown, slice.kept};
}

RouteResponse LiveCapture::cursorPage(
    const std::string& query, size_t limit,
    const std::function<std::string(const CaptureStore::Slice&, const CapturePageSummary&)>& render)
    const {
  RouteResponse r;
  r.headers.emplace_back("Cache-Control", "no-store");
  std::string error;
  auto after = parseAfterCursor(query, store_.newest(0).lastSeq, &error);
  if (!after) {
    r.status = 400;
    r.headers.emplace_back("Content-Type", "text/plain; charset=utf-8");
    r.body = "capture: " + error + "\n";
    return r;
  }
  auto slice = store_.after(*after, limit);
  r.headers.emplace_back("Content-Type", "application/json");
  r.headers.emplace_back("X-Capture-Dropped", std::to_string(slice.dropped));
  r.headers.emplace_back("X-Capture-Last-Seq", std::to_string(slice.lastSeq));
  r.body = render(slice, pageSummary(slice));
  return r;
}

void LiveCapture::keep(const CapturedRequest& request) {
  auto webhook = std::make_shared<InspectedWebhook>();
  webhook->inspection = inspectWebhook(request, options_.expectToken);  // on the whole body
  webhook->request = request;
  webhook->request.capStoredBody(options_.maxBodyBytes);
  auto line = describeWebhook(webhook->request, webhook->inspection);
  // Stored in the order handler threads get here (seq order), so a client polling ?after=SEQ
  // never misses one; a webhook whose checks took longer may follow one that arrived after it.
  store_.add(std::move(webhook));
  std::lock_guard<std::mutex> lock(outMutex_);
  out_ << line << std::endl;
}

size_t LiveCapture::dropped() const { return store_.dropped(); }

InspectedWebhooks LiveCapture::webhooks() const { return store_.after(0).webhooks; }

std::string LiveCapture::baseUrl() const {
  std::string host = options_.bind;
  if (host == "0.0.0.0" || host.empty()) host = "127.0.0.1";
  if (host == "::") host = "::1";
  return "http://" + (isIpv6(host) ? "[" + host + "]" : host) + ":" +
         std::to_string(server_->port());
}

bool LiveCapture::start(std::string* error) {
  if (!server_->start(error)) return false;
  std::lock_guard<std::mutex> lock(outMutex_);
  out_ << "capture: listening on " << baseUrl() << " (bound to "
       << inertLine(options_.bind, kShownSettingBytes) << "); send webhooks to any path, e.g. "
       << baseUrl() << "/hook"
       << (options_.expectToken.empty()
               ? ""
               : "?token=" + inertLine(options_.expectToken, kShownSettingBytes))
       << "; live view at " << baseUrl() << "/" << std::endl;
  if (!options_.relayToken.empty())
    out_ << "capture: relay mode: runs pull their webhooks from " << baseUrl() << kRelayPullPath
         << "; every page answers 401 without Authorization: Bearer <the relay token>" << std::endl;
  return true;
}

void LiveCapture::stop() {
  store_.close();  // relay pulls waiting for a webhook answer now, not at their deadline
  server_->stop();
}

}  // namespace wc
