#pragma once
// What every case shares during one run: the target, the capture server and the target profile.
#include <chrono>
#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "capture/capture_server.h"
#include "client/http_exchange.h"
#include "client/target_client.h"
#include "platform/platform_profile.h"
#include "util/cancellation.h"

namespace wc {

// A target's webhook delivery timing, when the harness set it itself (the embedded reference).
struct KnownDeliveryTiming {
  std::chrono::milliseconds readTimeout{0};  // per attempt
  std::chrono::milliseconds backoffBase{0};  // attempt n waits base * 2^(n-1) + up to 25 % jitter
  int maxAttempts = 1;
};

struct TargetProfile {
  std::string baseUrl;
  bool embeddedReference = false;
  std::string referenceFault;          // fault mode of the embedded reference, "" when clean
  nlohmann::json info;                 // GET /info
  std::string assistantId;             // for echo runs
  std::string failAssistantId;         // a graph that raises ("" when the target has none)
  std::string slowAssistantId;         // a graph that sleeps input.seconds ("" when none)
  std::string reviewAssistantId;       // a graph that pauses for human review ("" when none)
  std::optional<nlohmann::json> targetConfig;  // the deployment's langgraph.json, when given
  bool destructive = false;
  double timeoutScale = 1.0;
  // Set for the embedded reference, whose delivery timing the session chose: the retry, redirect
  // and duplicate windows are derived from it (suites/support/delivery_windows.h). Other targets
  // get the platform-sized windows.
  std::optional<KnownDeliveryTiming> knownDelivery;
  // An https:// webhook URL reaches the capture server (delivery.https): the embedded run's TLS
  // capture server, --capture-tls-cert, or an https --callback-url.
  bool httpsCallback = false;
  // What the preflight noticed but did not refuse (a missing GET /ok or /info): shown as run-level
  // diagnoses; the cases still run and judge what the target does.
  std::vector<std::string> preflightNotes;
  // What the target's version promises (its GET /info, or --platform-version).
  PlatformProfile platform;
  // --webhook-secret-file's secret: signatures on webhooks are verified with it ("" = recorded
  // only). A secret: registered with the redactor, never written to a report.
  std::string webhookSecret;
  // Which embedded reference instance this is (its configuration's name), "" for a single target.
  std::string instance;

  bool hasCrons() const;
  std::string version() const;  // from /info, "" when unknown
};

// Run-end -> webhook-arrival latencies seen in this session on this target. The disable cases
// size their "no webhook" observation window from the slowest one. Concurrent cases share it.
class DeliveryLatencies {
 public:
  void record(std::chrono::milliseconds latency) {
    std::lock_guard<std::mutex> lock(mutex_);
    slowest_ = std::max(slowest_, latency);
    ++count_;
  }
  // The slowest latency recorded, or nullopt when no webhook has been measured yet.
  std::optional<std::chrono::milliseconds> slowest() const {
    std::lock_guard<std::mutex> lock(mutex_);
    if (count_ == 0) return std::nullopt;
    return slowest_;
  }
  size_t count() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return count_;
  }

 private:
  mutable std::mutex mutex_;  // guards slowest_ and count_
  std::chrono::milliseconds slowest_{0};
  size_t count_ = 0;
};

// What cases learn about the target during one run and share on purpose, under a key: the
// first answer stands (e.g. the target's refusal of loopback webhooks, diagnosed once).
class RunFindings {
 public:
  std::optional<std::string> recall(const std::string& key) const {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = findings_.find(key);
    if (it == findings_.end()) return std::nullopt;
    return it->second;
  }
  // Stores `value` unless the key has one already; returns the value that stands.
  std::string remember(const std::string& key, const std::string& value) {
    std::lock_guard<std::mutex> lock(mutex_);
    return findings_.emplace(key, value).first->second;
  }

 private:
  mutable std::mutex mutex_;  // guards findings_
  std::map<std::string, std::string> findings_;
};

class Environment {
 public:
  // The client's options carry the cancellation that stops the run (a fresh one when none).
  Environment(TargetClient client, std::shared_ptr<CaptureServer> capture, TargetProfile profile)
      : cancellation_(client.options().cancellation
                          ? std::const_pointer_cast<Cancellation>(client.options().cancellation)
                          : std::make_shared<Cancellation>()),
        client_(withCancellation(std::move(client), cancellation_)),
        capture_(std::move(capture)),
        profile_(std::move(profile)) {
    // Stopping the run ends what cases wait on: calls in flight and webhook waits.
    cancellation_->onCancel([] { wakeTargetCalls(); });
    captureStopper_->capture = capture_;
    cancellation_->onCancel([stopper = captureStopper_] { stopper->stop(); });
  }

  // Stops the capture server (webhook waits end). Safe from any thread, any number of times:
  // the cancellation and the session's close may both ask at once.
  void stopCapture() { captureStopper_->stop(); }

  // A second capture server that serves TLS (the embedded run's throwaway certificate), for
  // delivery.https. Set before cases run; stopped with the main one.
  void setHttpsCapture(std::shared_ptr<CaptureServer> tls) {
    httpsCapture_ = std::move(tls);
    std::lock_guard<std::mutex> lock(captureStopper_->mutex);
    captureStopper_->https = httpsCapture_;
  }
  // Where an https:// webhook URL reaches us: the main capture server when its URLs are https
  // (--callback-url https://..., --capture-tls-cert), else the TLS one; null when neither.
  CaptureServer* httpsCapture() {
    if (capture_->urlFor("").rfind("https://", 0) == 0) return capture_.get();
    return httpsCapture_.get();
  }

  // What the target still owes when the harness can know it (the embedded reference: webhooks
  // queued, backing off or being sent): true once nothing is, false at the deadline with
  // *pending saying what still was. The sweep after the last case waits on it (runner/late_arrivals.h).
  using DeliveriesSettledWait =
      std::function<bool(std::chrono::steady_clock::time_point deadline, std::string* pending)>;
  void setDeliveriesSettledWait(DeliveriesSettledWait wait) { deliveriesSettled_ = std::move(wait); }
  const DeliveriesSettledWait& deliveriesSettledWait() const { return deliveriesSettled_; }

  const TargetClient& client() const { return client_; }
  Cancellation& cancellation() const { return *cancellation_; }
  CaptureServer& capture() { return *capture_; }
  const TargetProfile& profile() const { return profile_; }
  DeliveryLatencies& latencies() { return latencies_; }
  RunFindings& findings() { return findings_; }

  // --timeout-scale is checked to lie in [0.1, 100] where it is read, so this cannot overflow.
  std::chrono::milliseconds scaled(std::chrono::milliseconds base) const {
    return std::chrono::milliseconds(
        static_cast<long long>(static_cast<double>(base.count()) * profile_.timeoutScale));
  }

 private:
  static TargetClient withCancellation(TargetClient client, std::shared_ptr<Cancellation> c) {
    auto options = client.options();
    options.cancellation = std::move(c);
    return TargetClient(std::move(options));
  }

  struct CaptureStopper {
    std::mutex mutex;  // serialises stop(): CaptureServer::stop() joins its listener thread
    std::weak_ptr<CaptureServer> capture, https;
    void stop() {
      std::lock_guard<std::mutex> lock(mutex);
      if (auto c = capture.lock()) c->stop();
      if (auto c = https.lock()) c->stop();
    }
  };
  std::shared_ptr<CaptureStopper> captureStopper_ = std::make_shared<CaptureStopper>();
  std::shared_ptr<Cancellation> cancellation_;
  TargetClient client_;
  std::shared_ptr<CaptureServer> capture_;
  std::shared_ptr<CaptureServer> httpsCapture_;
  TargetProfile profile_;
  DeliveryLatencies latencies_;
  RunFindings findings_;
  DeliveriesSettledWait deliveriesSettled_;  // unset: nothing known to wait for
};

}  // namespace wc
