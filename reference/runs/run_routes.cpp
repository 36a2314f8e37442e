// Runs: create (background), wait, stream — on a thread or stateless — a stateless batch, plus
// GET, list, join and cancel of a thread's runs.
#include "reference/http/http_json.h"
#include "reference/http/route_helpers.h"
#include "reference/http/routes.h"
#include "reference/runs/run_engine.h"

namespace wc::reference {
namespace {

using nlohmann::json;
constexpr auto kRunDeadline = std::chrono::minutes(10);
constexpr size_t kMaxBatchRuns = 100;

std::string sse(const std::string& event, const json& data) {
  return "event: " + event + "\ndata: " + data.dump() + "\n\n";
}

// What /wait and /join answer for an ended run: the thread's values, or the error object.
json finalValues(RunEngine& engine, const RunRecord& record) {
  if (record.error)
    return {{"__error__", {{"error", record.errorType}, {"message", *record.error}}}};
  auto thread = engine.getThread(record.run["thread_id"]);
  return thread ? (*thread)["values"] : json::object();
}

// As LangGraph.js (langgraph-api/src/api/runs.mts) names the run: "/threads/<tid>/runs/<rid>"
// on a thread, "/runs/<rid>" for a stateless run (its temporary thread is not named).
void setContentLocation(httplib::Response& res, const json& run, bool stateless) {
  const std::string runPath = "/runs/" + run["run_id"].get<std::string>();
  res.set_header("Content-Location",
                 stateless ? runPath : "/threads/" + run["thread_id"].get<std::string>() + runPath);
}

// POST `threadPattern` and `statelessPath` create a run from the body (`viaWait`: the /wait
// endpoints); each answers with Content-Location naming the run, then with what
// `answer(run, res)` writes.
template <typename Answer>
void postRunCreation(BoundedBodyRoutes& s, RunEngine& engine, const std::string& threadPattern,
                     const std::string& statelessPath, const std::string& endpointSuffix,
                     Answer answer, bool viaWait = false) {
  postOnThreadAndStateless(
      s, threadPattern, statelessPath,
      [&engine, answer, viaWait, endpointSuffix](const std::string& threadId,
                                                 const httplib::Request& req,
                                                 httplib::Response& res) {
        // As webhookEndpoints() names them: threads-runs-stream, runs-stream, ...
        const std::string endpoint =
            (threadId.empty() ? "runs-" : "threads-runs-") + endpointSuffix;
        auto run = createFromBody(req, res, [&](const json& body) {
          return engine.createRun(threadId, body, /*fromCron=*/false, viaWait, endpoint);
        });
        if (!run) return;
        setContentLocation(res, *run, threadId.empty());
        answer(*run, res);
      });
}

}  // namespace

void installRunRoutes(BoundedBodyRoutes& s, RunEngine& engine) {
  const std::string threadRuns = std::string("/threads/") + kId + "/runs";

  postRunCreation(s, engine, threadRuns, "/runs", "create",
                  [](const json& run, httplib::Response& res) { sendJson(res, 200, run); });

  // wait: the final values once the run ended.
  postRunCreation(s, engine, threadRuns + "/wait", "/runs/wait", "wait",
                  [&engine](const json& run, httplib::Response& res) {
                    RunRecord record;
                    if (!engine.awaitRun(run["run_id"], kRunDeadline, &record))
                      return sendJson(res, 503, {{"detail", "run did not finish"}});
                    sendJson(res, 200, finalValues(engine, record));
                  },
                  /*viaWait=*/true);

  // stream: SSE — metadata (run_id) first, then the values, written once the run ended.
  postRunCreation(
      s, engine, threadRuns + "/stream", "/runs/stream", "stream",
      [&engine](const json& run, httplib::Response& res) {
        res.set_chunked_content_provider(
            "text/event-stream", [&engine, run](size_t, httplib::DataSink& sink) {
              std::string runId = run["run_id"];
              auto first = sse("metadata", {{"run_id", runId}, {"attempt", 1}});
              sink.write(first.data(), first.size());
              RunRecord record;
              engine.awaitRun(runId, kRunDeadline, &record);
              auto values = finalValues(engine, record);
              auto rest = record.error ? sse("error", values["__error__"]) : sse("values", values);
              sink.write(rest.data(), rest.size());
              sink.done();
              return true;
            });
      });

  // batch: stateless background runs, each with its own webhook. Every item is checked first,
  // so a refused webhook refuses the whole batch and creates nothing (bounded: kMaxBatchRuns).
  s.Post("/runs/batch", [&engine](const httplib::Request& req, httplib::Response& res) {
    auto body = parseBody(req, res, /*arrayAllowed=*/true);
    if (!body) return;
    if (!body->is_array() || body->empty() || body->size() > kMaxBatchRuns)
      return sendJson(res, 422, {{"detail", "the body must be an array of 1-" +
                                                std::to_string(kMaxBatchRuns) + " runs"}});
    for (const auto& item : *body) {
      if (!item.is_object()) return sendJson(res, 422, {{"detail", "each run must be an object"}});
      if (item.contains("webhook") && !item["webhook"].is_null())
        if (auto refusal = engine.admitWebhook(item["webhook"])) return sendRefusal(res, *refusal);
    }
    json runs = json::array();
    for (const auto& item : *body) {
      auto created = engine.createRun("", item, /*fromCron=*/false, /*viaWait=*/false, "runs-batch");
      if (auto* refusal = std::get_if<ApiRefusal>(&created)) return sendRefusal(res, *refusal);
      runs.push_back(std::get<json>(created));
    }
    sendJson(res, 200, runs);
  });

  s.Get(threadRuns, [&engine](const httplib::Request& req, httplib::Response& res) {
    engine.getThread(req.matches[1]) ? sendJson(res, 200, engine.listRuns(req.matches[1]))
                                     : sendJson(res, 404, {{"detail", "Thread not found"}});
  });
  s.Get(threadRuns + "/" + kId, [&engine](const httplib::Request& req, httplib::Response& res) {
    auto run = engine.getRun(req.matches[1], req.matches[2]);
    run ? sendJson(res, 200, *run) : sendJson(res, 404, {{"detail", "Run not found"}});
  });
  s.Get(threadRuns + "/" + kId + "/join",
        [&engine](const httplib::Request& req, httplib::Response& res) {
          if (!engine.getRun(req.matches[1], req.matches[2]))
            return sendJson(res, 404, {{"detail", "Run not found"}});
          RunRecord record;
          if (!engine.awaitRun(req.matches[2], kRunDeadline, &record))
            return sendJson(res, 503, {{"detail", "run did not finish"}});
          sendJson(res, 200, finalValues(engine, record));
        });
  s.Post(threadRuns + "/" + kId + "/cancel",
         [&engine](const httplib::Request& req, httplib::Response& res) {
           switch (engine.cancelRun(req.matches[1], req.matches[2])) {
             case CancelOutcome::NotFound:
               return sendJson(res, 404, {{"detail", "Run not found"}});
             case CancelOutcome::AlreadyDone:
               return sendJson(res, 409, {{"detail", "Run is not pending or running"}});
             case CancelOutcome::Cancelled:
               break;
           }
           auto wantsWait = req.get_param_value("wait");
           if (wantsWait == "true" || wantsWait == "1") {
             engine.awaitRun(req.matches[2], kRunDeadline, nullptr);
             res.status = 204;
             return;
           }
           sendJson(res, 202, json::object());
         });
}

}  // namespace wc::reference
