// POST /threads/{id}/runs/crons, POST /runs/crons, POST /runs/crons/search,
// PATCH and DELETE /runs/crons/{cron_id}.
#include "reference/crons/cron_scheduler.h"
#include "reference/http/http_json.h"
#include "reference/http/request_fields.h"
#include "reference/http/route_helpers.h"
#include "reference/http/routes.h"

namespace wc::reference {

void installCronRoutes(BoundedBodyRoutes& s, CronScheduler& crons, bool patchable) {
  postOnThreadAndStateless(
      s, std::string("/threads/") + kId + "/runs/crons", "/runs/crons",
      [&crons](const std::string& threadId, const httplib::Request& req, httplib::Response& res) {
        auto cron = createFromBody(req, res, [&](const nlohmann::json& body) {
          return crons.create(threadId, body);
        });
        if (cron) sendJson(res, 200, *cron);
      });
  s.Post("/runs/crons/search", [&crons](const httplib::Request& req, httplib::Response& res) {
    auto body = parseBody(req, res);
    if (!body) return;
    if (auto problem = fieldShapeProblem(
            *body, {{"assistant_id", FieldShape::String}, {"thread_id", FieldShape::String}}))
      return sendRefusal(res, *problem);
    sendJson(res, 200, crons.search(*body));
  });
  if (patchable)  // versions before 0.7.21 have no such route (404 like any unknown path)
    s.Patch(std::string("/runs/crons/") + kId,
            [&crons](const httplib::Request& req, httplib::Response& res) {
              auto cron = createFromBody(req, res, [&](const nlohmann::json& body) {
                return crons.patch(req.matches[1], body);
              });
              if (cron) sendJson(res, 200, *cron);
            });
  s.Delete(std::string("/runs/crons/") + kId,
           [&crons](const httplib::Request& req, httplib::Response& res) {
             if (crons.remove(req.matches[1])) {
               res.status = 204;  // the spec says 200; the Python server answers 204
             } else {
               sendJson(res, 404, {{"detail", "Cron not found"}});
             }
           });
}

}  // namespace wc::reference
