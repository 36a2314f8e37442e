#pragma once
// Sends webhooks like the platform: POST, application/json, configured headers, the URL's path and
// query byte-exact, per-attempt timeouts, up to maxAttempts with exponential backoff and jitter on
// network errors, timeouts, 5xx and 429, none on other 4xx, redirects followed as the emulated
// version does (ReferenceOptions::followsRedirects), the URL policy checked again before sending
// and at every redirect hop. It connects only to loopback hosts (isLoopbackDestination). Deliveries run on their own pool so a slow receiver never holds up
// a run; deliveries of runs on the same thread leave in run order. A failed delivery is logged to
// stderr (no query, no headers: they may carry secrets) and changes nothing else.
#include <httplib.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "reference/config/reference_options.h"
#include "reference/config/webhook_config.h"
#include "reference/faults/faults.h"

namespace wc::reference {

struct Delivery {
  std::string runId;
  std::string url;        // as the caller gave it; a relative URL goes to this server itself
  nlohmann::json body;    // the payload; webhook_sent_at (when kept) is stamped per attempt
  std::string orderKey;   // deliveries with the same key are sent one after another
  std::string endpoint;   // the endpoint that created the run (webhookEndpoints())
};

class WebhookSender {
 public:
  WebhookSender(const ReferenceOptions& options, const WebhookConfig& config, const Fault& fault);
  ~WebhookSender();

  void setSelfBaseUrl(const std::string& baseUrl);
  // Called (on a delivery thread) with the run id when a delivery finally fails.
  void setFailureListener(std::function<void(const std::string& runId)> listener);

  void enqueue(Delivery delivery);             // asynchronous
  // On the caller's thread; true when a 2xx came back. *answered (when given): some attempt got
  // an HTTP answer, whatever its status (a host the reference does not connect to counts too).
  bool deliverNow(const Delivery& delivery, bool* answered = nullptr);
  // Abandons pending backoffs and queued deliveries, shuts the sockets of in-flight ones down
  // (a receiver that accepts and never answers lets go at once), then joins the pool.
  void stop();
  // Waits until no delivery is queued, backing off or being sent and no late copy (the fault
  // late-duplicate) is due, or the sender stops: true then. False at the deadline, with *pending
  // saying what was still under way. Lets the harness judge late arrivals once nothing more can.
  bool awaitSettled(std::chrono::steady_clock::time_point deadline, std::string* pending) const;
  // Webhooks not sent because their host is not loopback (isLoopbackDestination): each URL as
  // scheme://host:port/path (no query), in order. They count as "would deliver".
  std::vector<std::string> notConnected() const;

 private:
  // A delivered webhook, kept to be sent once more later (the fault late-duplicate).
  struct LateCopy {
    std::string schemeHostPort, target, body, runId;
    httplib::Headers headers;
    const char* contentType = "application/json";
  };
  void drain(const std::string& key);
  void scheduleLateCopy(LateCopy copy);
  void sendLateCopies();  // the late-copy thread: each copy when it falls due
  void configure(httplib::Client& client) const;  // timeouts and certificate verification
  bool settledLocked() const;  // needs mutex_ held
  bool waitBackoff(std::chrono::milliseconds delay);  // false when stopping
  bool stopping() const;
  // Registers a client for the duration of one attempt; false (not registered) when stopping.
  bool beginAttempt(httplib::Client* client);
  void endAttempt(httplib::Client* client);
  void cancelInFlight();
  void logFailure(const Delivery& d, const std::string& why) const;
  // With followsRedirects: follows `res` (a 3xx from `base`) up to 5 hops, checking the URL
  // policy and the loopback-only rule at each. A null result with *why set when a hop is refused.
  httplib::Result followRedirects(const Delivery& d, std::string base, httplib::Result res,
                                  const httplib::Headers& headers, const std::string& body,
                                  const char* contentType, std::string* why);

  const ReferenceOptions& options_;
  const WebhookConfig& config_;
  const Fault& fault_;
  httplib::ThreadPool pool_;
  mutable std::mutex mutex_;  // guards everything below
  std::condition_variable wake_;
  std::condition_variable attemptEnded_;
  mutable std::condition_variable settled_;  // a delivery, queue or late copy finished; or stop()
  std::condition_variable lateCopyDue_;     // a late copy was scheduled; or stop()
  std::map<std::string, std::deque<Delivery>> queues_;  // per order key, front = in progress
  std::set<httplib::Client*> inFlight_;  // clients of attempts under way, for stop()
  int deliveriesUnderWay_ = 0;           // deliverNow calls and late copies being sent
  std::multimap<std::chrono::steady_clock::time_point, LateCopy> lateCopies_;  // by due time
  std::thread lateCopyThread_;           // started with the first late copy
  std::string selfBaseUrl_;
  std::vector<std::string> notConnected_;  // bounded: the first kMaxNotConnectedKept
  std::function<void(const std::string&)> onFailure_;
  bool stopping_ = false;
  std::atomic<unsigned long> deliveredCount_{0};  // for the fault duplicate-sometimes
};

}  // namespace wc::reference
