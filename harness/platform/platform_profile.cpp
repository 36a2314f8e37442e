#include "platform/platform_profile.h"

#include <algorithm>
#include <cstdio>

namespace wc {
namespace {

constexpr const char* kChangelog =
    "Agent Server changelog (langchain-ai/docs, src/langsmith/agent-server-changelog.mdx), "
    "docs/PLATFORM.md 'Versions'";

}  // namespace

const std::vector<PlatformChangeRow>& platformChanges() {
  static const std::vector<PlatformChangeRow> rows = {
      {PlatformChange::DisableWebhooks, "disable-webhooks", "0.2.79",
       "http.disable_webhooks: true stops webhooks on every route",
       "the key is ignored and webhooks are sent", "disable.*",
       kChangelog, EvidenceGrade::Documented},
      {PlatformChange::CronOnRunCompleted, "cron-on-run-completed", "0.5.18",
       "crons accept on_run_completed: keep / delete (a stateless firing's thread deleted)",
       "the field is unknown", "delivery.crons-delete-on-completion",
       kChangelog, EvidenceGrade::Documented},
      {PlatformChange::WebhookHeaders, "webhook-headers", "0.5.36",
       "webhooks.headers (with ${{ env.VAR }}) are sent with every webhook",
       "the key is ignored", "headers.configured-headers", kChangelog, EvidenceGrade::Documented},
      {PlatformChange::WebhookUrlPolicy, "webhook-url-policy", "0.5.36",
       "webhooks.url policy refuses forbidden webhook URLs with 422 at creation",
       "the key is ignored", "url-policy.*-refuses-forbidden, url-policy.allowed-accepted, "
       "url-policy.redirect-to-forbidden-not-followed", kChangelog, EvidenceGrade::Documented},
      {PlatformChange::AllowedFields, "allowed-fields", "0.7.11",
       "webhooks.allowed_fields trims the payload to the listed top-level fields",
       "the key is ignored", "payload.allowed-fields", kChangelog, EvidenceGrade::Documented},
      {PlatformChange::CronEnabledFlag, "cron-enabled-flag", "0.7.15",
       "a cron created or patched with enabled: false does not fire", "the field is unknown",
       "delivery.crons-disabled-silent, delivery.crons-patched-disabled-silent",
       kChangelog, EvidenceGrade::Documented},
      {PlatformChange::CronPatch, "cron-patch", "0.7.21",
       "PATCH /runs/crons/{cron_id} changes the webhook of later firings",
       "the route does not exist", "delivery.crons-patched-webhook, delivery.crons-patched-disabled-silent, "
       "url-policy.crons-patch-refuses-forbidden, disable.crons-patch",
       kChangelog, EvidenceGrade::Documented},
      {PlatformChange::ErrorObject, "error-object", "0.7.46",
       "`error` in the payload (failed, cancelled, rolled-back, timed-out runs) is an object "
       "{error, message}",
       "`error` is a string",
       "payload.failed-run-error-shape, payload.cancelled-run-delivers, concurrency.superseded-*",
       kChangelog, EvidenceGrade::Documented},
      {PlatformChange::LoopbackRefusedByDefault, "loopback-refused-by-default", "0.10.0",
       "loopback webhook URLs are refused with 422 unless webhooks.url.disable_loopback: false",
       "loopback webhook URLs are accepted",
       "url-policy.loopback-default, url-policy.relative-url-refused",
       kChangelog, EvidenceGrade::Documented},
      {PlatformChange::SsrfProtection, "ssrf-protection", "0.10.0",
       "cloud-metadata addresses and names, *.svc.cluster.local names and unresolvable hosts are "
       "refused at creation whatever the config; private addresses (RFC 1918, 100.64/10) only "
       "when webhooks.url.disable_private_ips is true",
       "no SSRF protection is promised",
       "url-policy.metadata-address-refused, url-policy.cluster-local-refused, "
       "url-policy.private-address-refused",
       "observed in the Python server's webhook.py and config modules as copied in public "
       "repositories and in langchain_core _security/_policy.py, read 2026-12-07 (no changelog "
       "entry names a version; the harness assumes 0.10.0, the release that refused loopback), "
       "docs/PLATFORM.md 'Delivery details'",
       EvidenceGrade::Assumed},
      {PlatformChange::RedirectsFollowed, "redirects-followed", "0.10.0",
       "the webhook client follows up to 5 redirects, checking the URL policy at every hop",
       "redirects are not followed (no version is documented either way)",
       "url-policy.redirect-to-forbidden-not-followed",
       "observed in the Python server's webhook client code of recent versions (no changelog "
       "entry names a version; the harness assumes 0.10.0), docs/PLATFORM.md 'Delivery details'",
       EvidenceGrade::Assumed},
  };
  return rows;
}

const PlatformChangeRow& platformChange(PlatformChange change) {
  for (const auto& row : platformChanges())
    if (row.change == change) return row;
  return platformChanges().front();  // unreachable: every enumerator has a row (a test checks)
}

std::optional<std::tuple<int, int, int>> parseVersionTriple(const std::string& version) {
  int major = 0, minor = 0, patch = 0;
  if (version.size() > 64 || version.empty() || version[0] < '0' || version[0] > '9')
    return std::nullopt;
  if (std::sscanf(version.c_str(), "%d.%d.%d", &major, &minor, &patch) != 3) return std::nullopt;
  if (major < 0 || minor < 0 || patch < 0) return std::nullopt;
  return std::make_tuple(major, minor, patch);
}

bool versionPromises(const std::tuple<int, int, int>& version, const PlatformChangeRow& row) {
  if (version >= *parseVersionTriple(row.firstVersion)) return true;
  std::string list = row.backports;
  for (size_t at = 0; at < list.size();) {
    const size_t comma = std::min(list.find(',', at), list.size());
    const size_t start = std::min(list.find_first_not_of(' ', at), comma);
    auto patch = parseVersionTriple(list.substr(start, comma - start));
    if (patch && std::get<0>(*patch) == std::get<0>(version) &&
        std::get<1>(*patch) == std::get<1>(version) && version >= *patch)
      return true;
    at = comma + 1;
  }
  return false;
}

bool PlatformProfile::promises(PlatformChange change) const {
  auto mine = server == Server::LangGraphApi ? parseVersionTriple(version) : std::nullopt;
  if (!mine) return true;  // unknown or LangGraph.js: the newest promises
  return versionPromises(*mine, platformChange(change));
}

std::string PlatformProfile::describe() const {
  std::string from = origin.empty() ? "" : " (" + origin + ")";
  switch (server) {
    case Server::LangGraphApi: return "langgraph-api " + version + from;
    case Server::LangGraphJs: return "LangGraph.js " + version + from;
    case Server::Unknown: break;
  }
  return "unknown version";
}

std::string PlatformProfile::range() const {
  auto mine = server == Server::LangGraphApi ? parseVersionTriple(version) : std::nullopt;
  if (!mine) return "newest";
  std::string first, next;
  for (const auto& row : platformChanges()) {
    auto v = *parseVersionTriple(row.firstVersion);
    if (v <= *mine) first = row.firstVersion;
    else if (next.empty() || v < *parseVersionTriple(next)) next = row.firstVersion;
  }
  if (first.empty()) return "before " + next;
  return next.empty() ? first + " and later" : first + " to before " + next;
}

std::string PlatformProfile::unknownNotice() const {
  if (server != Server::Unknown) return "";
  return std::string("the target's version is unknown (GET /info names none): it is judged "
                     "against the newest platform profile, langgraph-api ") +
         kNewestPlatformVersion + "; pass --platform-version X to judge it as version X";
}

nlohmann::json PlatformProfile::toJson() const {
  nlohmann::json promised = nlohmann::json::object(), evidence = nlohmann::json::object();
  for (const auto& row : platformChanges()) {
    promised[row.key] = promises(row.change);
    evidence[row.key] = toString(row.evidence);
  }
  const char* serverName = server == Server::LangGraphApi  ? "langgraph-api"
                           : server == Server::LangGraphJs ? "langgraph-js"
                                                           : "unknown";
  return {{"server", serverName},
          {"version", version.empty() ? nlohmann::json(nullptr) : nlohmann::json(version)},
          {"origin", origin.empty() ? nlohmann::json(nullptr) : nlohmann::json(origin)},
          {"profile", range()},
          {"promises", promised},
          {"evidence", evidence}};
}

PlatformProfile pythonPlatform(const std::string& version, const std::string& origin) {
  PlatformProfile p;
  p.server = PlatformProfile::Server::LangGraphApi;
  p.version = version;
  p.origin = origin;
  return p;
}

PlatformProfile platformProfileOf(const nlohmann::json& info, const std::string& overrideVersion) {
  if (!overrideVersion.empty()) return pythonPlatform(overrideVersion, "--platform-version");
  PlatformProfile p;
  if (!info.is_object()) return p;
  auto text = [&](const char* key) -> std::string {
    auto it = info.find(key);
    return it != info.end() && it->is_string() ? it->get<std::string>().substr(0, 64) : "";
  };
  const bool python = info.contains("langgraph_py_version");
  const bool js = !python && (info.contains("langgraph_js_version") || text("context") == "js");
  std::string version = text("langgraph_api_version");
  if (version.empty()) version = text("version");
  if (js) {
    p.server = PlatformProfile::Server::LangGraphJs;
    p.version = version;
    p.origin = "GET /info";
    return p;
  }
  if (!parseVersionTriple(version)) return p;  // no number: unknown
  return pythonPlatform(version, "GET /info");
}

std::string versionsText(PlatformChange change) {
  const auto& row = platformChange(change);
  const std::string backported =
      *row.backports ? std::string(" (backported to ") + row.backports + ")" : "";
  return std::string("Versions: langgraph-api ") + row.firstVersion + " and later" + backported +
         ": " + row.behaviour + "; before " + row.firstVersion + ": " + row.before + " (" +
         row.source + ").";
}

}  // namespace wc
