#include "client/created_resources.h"

#include <cctype>
#include <ctime>
#include <set>

#include "util/ids.h"

namespace wc {
namespace {

constexpr int kPage = 100;

// Thread and cron ids are UUIDs on every LangGraph server; anything else stays out of a path.
bool safePathId(const std::string& id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) return false;
  return true;
}

bool tagged(const nlohmann::json& metadata, const CleanupOptions& o) {
  if (!metadata.is_object()) return false;
  auto by = metadata.find(kCreatedByKey);
  if (by == metadata.end() || *by != kCreatedByValue) return false;
  if (o.conformanceRun.empty()) return true;
  auto run = metadata.find(kConformanceRunKey);
  return run != metadata.end() && *run == o.conformanceRun;
}

std::string idOf(const nlohmann::json& item, const char* key) {
  if (!item.is_object()) return "";
  auto it = item.find(key);
  return it != item.end() && it->is_string() ? it->get<std::string>() : "";
}

// Pages through a search until it answers fewer than a page, keeping the matching ids.
void collect(const TargetClient& client, const std::string& path, nlohmann::json query,
             const char* idKey, const std::function<bool(const nlohmann::json&)>& matches,
             const CleanupOptions& o, std::vector<std::string>* ids, std::vector<std::string>* problems) {
  std::set<std::string> seen;
  for (int offset = 0; seen.size() < o.maxItems; offset += kPage) {
    query["limit"] = kPage;
    query["offset"] = offset;
    auto page = client.post(path, query);
    if (!page.ok() || !page.json.is_array()) {
      problems->push_back(page.ok() ? "POST " + path + " did not answer a JSON array" : page.error);
      return;
    }
    for (const auto& item : page.json) {
      auto id = idOf(item, idKey);
      if (!matches(item) || !seen.insert(id).second) continue;
      if (!safePathId(id)) {
        problems->push_back("POST " + path + " answered an id that is not a plain id; skipped");
        continue;
      }
      ids->push_back(id);
    }
    if (page.json.size() < static_cast<size_t>(kPage)) return;
  }
}

}  // namespace

nlohmann::json creationTag(const std::string& conformanceRun) {
  return {{kCreatedByKey, kCreatedByValue}, {kConformanceRunKey, conformanceRun}};
}

std::string newConformanceRunId() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &utc);
  return std::string("wc-") + stamp + "-" + newUuid4().substr(0, 8);
}

CleanupResult cleanUpCreated(const TargetClient& client, const CleanupOptions& o) {
  CleanupResult out;
  nlohmann::json filter = {{kCreatedByKey, kCreatedByValue}};
  if (!o.conformanceRun.empty()) filter[kConformanceRunKey] = o.conformanceRun;
  // Crons first: a thread cron must not fire on a thread being deleted.
  collect(client, "/runs/crons/search", nlohmann::json::object(), "cron_id",
          [&o](const nlohmann::json& cron) {
            return cron.is_object() &&
                   (tagged(cron.value("metadata", nlohmann::json()), o) ||
                    (cron.contains("payload") && cron["payload"].is_object() &&
                     tagged(cron["payload"].value("metadata", nlohmann::json()), o)));
          },
          o, &out.crons, &out.problems);
  // The search filters by metadata; the check again here keeps a server that ignores the filter
  // from handing us someone else's threads.
  collect(client, "/threads/search", {{"metadata", filter}}, "thread_id",
          [&o](const nlohmann::json& thread) {
            return thread.is_object() && tagged(thread.value("metadata", nlohmann::json()), o);
          },
          o, &out.threads, &out.problems);
  if (o.dryRun) return out;
  for (const auto& id : out.crons) {
    auto r = client.del("/runs/crons/" + pathSegment(id));
    if (r.ok() || r.status == 404) ++out.cronsDeleted;
    else out.problems.push_back(r.error);
  }
  for (const auto& id : out.threads) {
    auto r = client.del("/threads/" + pathSegment(id));
    if (r.ok() || r.status == 404) ++out.threadsDeleted;
    else out.problems.push_back(r.error);
  }
  return out;
}

std::string describeCleanup(const CleanupResult& r, const CleanupOptions& o) {
  auto count = [](size_t n, const char* what) {
    return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
  };
  std::string whose = "created by webhook-conformance" +
                      (o.conformanceRun.empty() ? std::string(" (any run)")
                                                : " run " + o.conformanceRun);
  std::string line = o.dryRun ? "would delete " + count(r.threads.size(), "thread") + " and " +
                                    count(r.crons.size(), "cron") + " " + whose
                              : "deleted " + count(r.threadsDeleted, "thread") + " and " +
                                    count(r.cronsDeleted, "cron") + " " + whose;
  if (!r.problems.empty())
    line += "; " + std::to_string(r.problems.size()) + " problem(s), the first: " + r.problems.front();
  return line;
}

}  // namespace wc
