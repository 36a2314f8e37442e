#include "session/session.h"

#include <thread>
#include <vector>

#include "session/configuration_instances.h"
#include "launch/langgraph_js_launcher.h"
#include "session/reference_log.h"
#include "live/relay_protocol.h"
#include "session/relay_puller.h"
#include "reference/reference_target.h"
#include "util/self_signed_cert.h"

namespace wc {

Session::Session() = default;
Session::~Session() { close(); }

std::string Session::referenceLogMention() const {
  return referenceLog_ ? referenceLog_->mention() : "";
}

Environment& Session::environmentFor(const CaseDef& def) {
  if (!def.unmetNeed || !def.unmetNeed(environment_->profile())) return *environment_;
  for (auto& c : configurations_)
    if (!def.unmetNeed(c.environment->profile())) return *c.environment;
  return *environment_;
}

std::vector<Session::Instance> Session::instances() const {
  std::vector<Instance> out = {{profile().instance, profile().instance == "default" ? "default.json" : "",
                                profile().baseUrl, environment_.get()}};
  for (const auto& c : configurations_)
    out.push_back({c.environment->profile().instance, c.file, c.environment->profile().baseUrl,
                   c.environment.get()});
  return out;
}

size_t Session::webhooksReceived() {
  size_t n = capture_ ? capture_->totalReceived() : 0;
  if (auto* tls = environment_ ? environment_->httpsCapture() : nullptr; tls && tls != capture_.get())
    n += tls->totalReceived();
  return n;
}

size_t Session::webhooksDroppedByRelay() const {
  return relayPuller_ ? relayPuller_->droppedByRelay() : 0;
}

std::string Session::callbackBase() const {
  if (!capture_) return "";
  auto url = capture_->urlFor("");
  auto hook = url.find("/hook/");
  return hook == std::string::npos ? url : url.substr(0, hook);
}

void Session::close() {
  // Each stop waits for its own threads and connections (tens of ms for a reference instance);
  // they share nothing, so they run at once: the run's end waits for the slowest, not the sum.
  if (relayPuller_) {  // before the capture server it injects into
    relayPuller_->stop();
    if (capture_) capture_->setOnRouteResponse(nullptr);  // the cases are over
  }
  std::vector<std::thread> stops;
  if (environment_) stops.emplace_back([this] { environment_->stopCapture(); });
  else if (capture_) stops.emplace_back([this] { capture_->stop(); });
  for (auto& c : configurations_) stops.emplace_back([&c] { c.target->stop(); });
  if (embedded_) stops.emplace_back([this] { embedded_->stop(); });
  if (launched_) stops.emplace_back([this] { launched_->stop(); });
  for (auto& t : stops) t.join();
}

CaptureOptions captureOptionsFrom(const SessionOptions& o) {
  CaptureOptions co;
  co.bindAddress = o.captureBind;
  co.port = o.capturePort;
  co.callbackBaseUrl = o.callbackUrl;
  if (!o.relayUrl.empty()) {  // the relay is the callback; this run's routes under their own prefix
    co.callbackBaseUrl = o.relayUrl;
    co.routePrefix = newRelayRoutePrefix();
  }
  co.tlsCertFile = o.captureTlsCert;
  co.tlsKeyFile = o.captureTlsKey;
  return co;
}

}  // namespace wc
