#pragma once
// The live webhook viewer behind `webhook-conformance capture`: a capture server that inspects
// each webhook once, prints it, keeps the newest ones and serves them as a page that updates
// itself; with a relay token it is also the relay runs pull their webhooks from.
#include <functional>
#include <memory>
#include <mutex>
#include <ostream>
#include <set>
#include <string>

#include "capture/capture_server.h"
#include "live/capture_inspection.h"
#include "live/capture_store.h"

namespace wc {

// --bind, --expect-token and bind errors echoed on the console, cut to this.
constexpr size_t kShownSettingBytes = 500;

struct LiveCaptureOptions {
  std::string bind = "127.0.0.1";
  int port = 8765;  // 0: any free port
  std::string expectToken;
  // A body over this is kept cut to it and marked truncated (checks still judge the whole body).
  size_t maxBodyBytes = 1024 * 1024;
  size_t maxWebhooks = 10000;  // kept in memory; the oldest are dropped (and counted) beyond
  size_t maxKeptMiB = 256;     // what the kept webhooks and their renderings hold, together
  size_t maxShown = 100;       // rendered by the live page, newest first
  // --relay: serve GET /relay/pull (relay_protocol.h) and require the shared secret on every
  // page. The secret comes from --relay-token-file or WEBHOOK_CONFORMANCE_RELAY_TOKEN.
  bool relay = false;
  std::string relayTokenFile;
  std::string relayToken;  // read by the capture command; set: relay mode (LiveCapture reads this)
};

// The capture server with the UI pages and the console printer attached (tests drive this).
class LiveCapture {
 public:
  LiveCapture(LiveCaptureOptions options, std::ostream& out);
  bool start(std::string* error);
  void stop();
  int port() const { return server_->port(); }
  std::string baseUrl() const;
  size_t received() const { return server_->totalReceived(); }
  size_t dropped() const;
  // The kept webhooks with their verdicts, in the order stored (seq).
  InspectedWebhooks webhooks() const;
  const CaptureServer& server() const { return *server_; }

 private:
  void keep(const CapturedRequest& request);  // onRecorded: inspect once, print, store
  // GET /relay/pull: a long poll for the webhooks stored under one route prefix.
  RouteResponse relayPull(const std::string& query) const;
  // POST /relay/route-response: what the relay answers on a run's route from now on.
  RouteResponse programRoute(const std::string& body);
  CapturePageSummary pageSummary(const CaptureStore::Slice& slice) const;
  // /webhooks.json and /live.json: 400 for a bad ?after=, else render what was stored after it.
  RouteResponse cursorPage(
      const std::string& query, size_t limit,
      const std::function<std::string(const CaptureStore::Slice&, const CapturePageSummary&)>&
          render) const;

  LiveCaptureOptions options_;
  std::ostream& out_;
  std::mutex outMutex_;  // guards out_: handler threads print concurrently
  CaptureStore store_;   // locks itself
  std::mutex programmedMutex_;  // guards programmedRoutes_
  std::set<std::string> programmedRoutes_;  // bounded: kMaxProgrammedRoutes
  std::unique_ptr<CaptureServer> server_;
};

}  // namespace wc
