#include "reference/reference_target.h"

#include <httplib.h>

#include "reference/crons/cron_scheduler.h"
#include "reference/delivery/webhook_sender.h"
#include "reference/http/growing_thread_pool.h"
#include "reference/http/http_json.h"
#include "reference/http/request_fields.h"
#include "reference/http/routes.h"
#include "reference/runs/graphs.h"
#include "reference/runs/run_engine.h"
#include "util/bounded_body.h"
#include "util/bounded_server.h"
#include "util/listen_backlog.h"
#include "util/server_ready.h"

namespace wc::reference {
namespace {

using nlohmann::json;

constexpr size_t kInitialConnectionThreads = 8;
constexpr size_t kMaxConnectionThreads = 256;
constexpr auto kConnectionReadTimeout = std::chrono::seconds(5);
constexpr auto kConnectionWriteTimeout = std::chrono::seconds(5);
constexpr time_t kKeepAliveTimeoutSeconds = 5;
constexpr size_t kKeepAliveMaxRequests = 1000;

std::string configurationProblem(const ReferenceOptions& options, WebhookConfig* config) {
  if (!options.fault.empty() && !isKnownFault(options.fault))
    return "unknown fault mode '" + options.fault + "'; valid: " + faultNameList();
  std::string why;
  auto loaded = loadWebhookConfig(options.langgraphConfig, options.loopbackRefusedByDefault, &why);
  if (!loaded) return "langgraph.json refused: " + why;
  *config = *loaded;
  config->urlPolicy.ssrfProtection = options.ssrfProtection;
  return "";
}

}  // namespace

ReferenceTarget::ReferenceTarget(ReferenceOptions options)
    : options_(std::move(options)),
      fault_(Fault::parse(options_.fault).value_or(Fault())),  // unknown: configError_ says so
      configError_(configurationProblem(options_, &config_)),
      sender_(std::make_unique<WebhookSender>(options_, config_, fault_)),
      engine_(std::make_unique<RunEngine>(options_, config_, fault_, *sender_)),
      crons_(std::make_unique<CronScheduler>(*engine_, options_, fault_)),
      server_(std::make_unique<BoundedServer>()) {
  installRoutes();
}

ReferenceTarget::~ReferenceTarget() { stop(); }

std::string ReferenceTarget::baseUrl() const {
  return "http://" + host_ + ":" + std::to_string(port_);
}

void ReferenceTarget::installRoutes() {
  // wait/stream/join handlers block until their run ends: the pool grows to kMaxConnectionThreads.
  server_->new_task_queue = [] {
    return new GrowingThreadPool(kInitialConnectionThreads, kMaxConnectionThreads);
  };
  // Bounds on what a client may hold (docs/REFERENCE.md, "Limits"): an encoded body is answered
  // 415 and a declared one over the limit 413 before it is read, any other 413 as it passes the
  // limit (routes registered through BoundedBodyRoutes); a peer that stops sending or reading is
  // let go.
  installBodyRefusals(*server_, kMaxRequestBodyBytes);
  server_->set_read_timeout(kConnectionReadTimeout);
  server_->set_write_timeout(kConnectionWriteTimeout);
  server_->set_keep_alive_timeout(kKeepAliveTimeoutSeconds);
  server_->set_keep_alive_max_count(kKeepAliveMaxRequests);
  BoundedBodyRoutes s(*server_, kMaxRequestBodyBytes);
  s.Get("/ok", [](const httplib::Request&, httplib::Response& res) {
    sendJson(res, 200, {{"ok", true}});
  });
  s.Get("/info", [this](const httplib::Request&, httplib::Response& res) {
    sendJson(res, 200,
             {{"version", options_.version},
              {"langgraph_api_version", options_.version},
              {"flags", {{"assistants", true}, {"crons", true}}},
              {"host", {{"kind", "webhook-conformance-reference"}}},
              // Reference-only extensions (docs/REFERENCE.md).
              {"x_reference", {{"cron_seconds", true}, {"fault", fault_.spec()}}}});
  });
  s.Post("/assistants/search", [](const httplib::Request& req, httplib::Response& res) {
    auto body = parseBody(req, res);
    if (!body) return;
    if (auto problem = fieldShapeProblem(*body, {{"graph_id", FieldShape::String}}))
      return sendRefusal(res, *problem);
    json out = json::array();
    for (const auto& g : graphs()) {
      if (body->contains("graph_id") && (*body)["graph_id"].is_string() &&
          (*body)["graph_id"] != g.graphId)
        continue;
      out.push_back({{"assistant_id", g.assistantId},
                     {"graph_id", g.graphId},
                     {"name", g.graphId},
                     {"description", nullptr},
                     {"config", json::object()},
                     {"context", json::object()},
                     {"metadata", {{"created_by", "system"}}},
                     {"version", 1},
                     {"created_at", "2026-01-01T00:00:00+00:00"},
                     {"updated_at", "2026-01-01T00:00:00+00:00"}});
    }
    sendJson(res, 200, out);
  });
  s.Post("/threads", [this](const httplib::Request& req, httplib::Response& res) {
    auto body = parseBody(req, res);
    if (!body) return;
    if (auto problem = fieldShapeProblem(
            *body, {{"thread_id", FieldShape::String}, {"metadata", FieldShape::Object}}))
      return sendRefusal(res, *problem);
    sendJson(res, 200, engine_->createThread(*body));
  });
  s.Post("/threads/search", [this](const httplib::Request& req, httplib::Response& res) {
    auto body = parseBody(req, res);
    if (!body) return;
    if (!body->is_object()) return sendJson(res, 422, {{"detail", "the body must be an object"}});
    if (auto problem = fieldShapeProblem(*body, {{"metadata", FieldShape::Object}}))
      return sendRefusal(res, *problem);
    for (const char* key : {"limit", "offset"})
      if (body->contains(key) && !((*body)[key].is_number_unsigned() && (*body)[key] <= 10000))
        return sendJson(res, 422, {{"detail", std::string(key) + " must be an integer 0-10000"}});
    sendJson(res, 200, engine_->searchThreads(*body));
  });
  s.Delete(std::string("/threads/") + kId, [this](const httplib::Request& req, httplib::Response& res) {
    if (engine_->deleteThread(req.matches[1])) res.status = 204;
    else sendJson(res, 404, {{"detail", "Thread not found"}});
  });
  s.Get(std::string("/threads/") + kId, [this](const httplib::Request& req, httplib::Response& res) {
    auto thread = engine_->getThread(req.matches[1]);
    thread ? sendJson(res, 200, *thread) : sendJson(res, 404, {{"detail", "Thread not found"}});
  });
  s.Get(std::string("/threads/") + kId + "/state",
        [this](const httplib::Request& req, httplib::Response& res) {
          auto state = engine_->getThreadState(req.matches[1]);
          state ? sendJson(res, 200, *state) : sendJson(res, 404, {{"detail", "Thread not found"}});
        });
  installRunRoutes(s, *engine_);
  installCronRoutes(s, *crons_, options_.cronPatch);
}

bool ReferenceTarget::start(const std::string& host, int port, std::string* error) {
  if (!configError_.empty()) {
    if (error) *error = "reference target: " + configError_;
    return false;
  }
  host_ = host;
  port_ = port == 0 ? server_->bind_to_any_port(host)
                    : (server_->bind_to_port(host, port) ? port : -1);
  if (port_ <= 0) {
    if (error) *error = "reference target: cannot bind " + host + ":" + std::to_string(port);
    return false;
  }
  widenListenBacklog(port_);
  sender_->setSelfBaseUrl(baseUrl());
  crons_->start();
  listener_ = std::thread([this] { server_->listen_after_bind(); });
  if (!waitUntilRunning(*server_, std::chrono::seconds(5))) {
    if (error) *error = "reference target: did not start listening within 5 s";
    return false;
  }
  return true;
}

bool ReferenceTarget::awaitDeliveriesSettled(std::chrono::steady_clock::time_point deadline,
                                             std::string* pending) const {
  return sender_->awaitSettled(deadline, pending);
}

void ReferenceTarget::stop() {
  // Crons first (they create runs), then deliveries (so a held worker lets go), then runs.
  if (crons_) crons_->stop();
  if (sender_) sender_->stop();
  if (engine_) engine_->stop();
  if (server_) server_->stop();
  if (listener_.joinable()) listener_.join();
}

}  // namespace wc::reference
