// Arbitrary bytes as a request body to the reference target: the body parser every route uses
// (parseRequestBody: size and depth limits), then what the routes do with the object — run
// creation (stateless and on a thread), thread creation, cron creation and search, with the
// routes' field shape checks. A refusal is a 4xx with a one-line detail; nothing throws,
// crashes or recurses without bound; a created run has a run_id. Webhooks are disabled and the
// URL policy allows only 127.0.0.1, so no input can make the reference connect anywhere.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "reference/crons/cron_scheduler.h"
#include "reference/delivery/webhook_sender.h"
#include "reference/http/http_json.h"
#include "reference/http/request_fields.h"
#include "reference/runs/run_engine.h"

namespace {

using nlohmann::json;
using wc::reference::ApiRefusal;

void checkRefusal(const ApiRefusal& refusal) {
  if (refusal.status < 400 || refusal.status > 503) __builtin_trap();
  if (refusal.detail.empty() || refusal.detail.find('\n') != std::string::npos) __builtin_trap();
}

// The reference's engine without its HTTP server. Rebuilt every kInputsPerInstance inputs, so
// the runs and crons the inputs create do not pile up over a long run.
wc::reference::ReferenceOptions quietOptions() {
  wc::reference::ReferenceOptions options;
  options.log = false;
  options.workers = 2;
  options.deliveryThreads = 1;
  return options;
}

wc::reference::WebhookConfig closedConfig() {
  wc::reference::WebhookConfig config;
  config.disableWebhooks = true;
  config.urlPolicy.allowedDomains = {"127.0.0.1"};
  return config;
}

struct Reference {
  Reference() { threadId = engine.createThread(json::object())["thread_id"].get<std::string>(); }
  ~Reference() {
    crons.stop();
    sender.stop();
    engine.stop();
  }
  wc::reference::ReferenceOptions options = quietOptions();
  wc::reference::WebhookConfig config = closedConfig();
  wc::reference::Fault fault;
  wc::reference::WebhookSender sender{options, config, fault};
  wc::reference::RunEngine engine{options, config, fault, sender};
  wc::reference::CronScheduler crons{engine, options, fault};  // never started: crons never fire
  std::string threadId;
};

constexpr int kInputsPerInstance = 256;

template <typename Created>
void checkCreated(const Created& created) {
  if (auto* refusal = std::get_if<ApiRefusal>(&created)) return checkRefusal(*refusal);
  (void)std::get<json>(created).dump();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static std::unique_ptr<Reference> reference;
  static int inputs = 0;
  if (!reference || ++inputs % kInputsPerInstance == 0) {
    reference.reset();
    reference = std::make_unique<Reference>();
  }
  auto& r = *reference;

  std::string text(reinterpret_cast<const char*>(data), size);
  auto parsed = wc::reference::parseRequestBody(text);
  if (auto* refusal = std::get_if<ApiRefusal>(&parsed)) {
    checkRefusal(*refusal);
    return 0;
  }
  const json& body = std::get<json>(parsed);
  if (!body.is_object()) __builtin_trap();
  (void)body.dump();

  // POST /runs and POST /threads/{id}/runs (create, wait and stream share this path).
  for (const std::string& threadId : {std::string(), r.threadId}) {
    auto created = r.engine.createRun(threadId, body);
    checkCreated(created);
    if (auto* run = std::get_if<json>(&created))
      if (!run->contains("run_id") || !(*run)["run_id"].is_string()) __builtin_trap();
  }

  // POST /threads, as its route checks the body first.
  using wc::reference::FieldShape;
  if (auto problem = wc::reference::fieldShapeProblem(
          body, {{"thread_id", FieldShape::String}, {"metadata", FieldShape::Object}})) {
    checkRefusal(*problem);
  } else {
    (void)r.engine.createThread(body).dump();
  }

  // POST /runs/crons and POST /threads/{id}/runs/crons; POST /runs/crons/search.
  checkCreated(r.crons.create("", body));
  checkCreated(r.crons.create(r.threadId, body));
  if (auto problem = wc::reference::fieldShapeProblem(
          body, {{"assistant_id", FieldShape::String}, {"thread_id", FieldShape::String}}))
    checkRefusal(*problem);
  else
    (void)r.crons.search(body).dump();
  return 0;
}
