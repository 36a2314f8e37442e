#pragma once
// What the platform promises about webhooks changes from version to version. One table
// (platformChanges()) holds every change a case depends on: the behaviour, the first
// langgraph-api version with it, the cases it changes and its public source (docs/PLATFORM.md,
// "Versions"). A target's PlatformProfile says which of those promises its version makes: the
// cases judge by it, the embedded reference emulates it, report.json records it.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "platform/evidence_grade.h"

namespace wc {

enum class PlatformChange {
  DisableWebhooks,           // http.disable_webhooks
  CronOnRunCompleted,        // crons accept on_run_completed: keep / delete
  WebhookHeaders,            // webhooks.headers
  WebhookUrlPolicy,          // webhooks.url (allowed_domains, require_https, ...)
  AllowedFields,             // webhooks.allowed_fields
  CronEnabledFlag,           // crons accept enabled: false
  CronPatch,                 // PATCH /runs/crons/{cron_id}
  ErrorObject,               // `error` is {error, message}, not a string
  LoopbackRefusedByDefault,  // webhooks.url.disable_loopback defaults to true
  SsrfProtection,            // cloud-metadata, cluster-local and unresolvable webhook hosts refused
  RedirectsFollowed,         // up to 5 redirects followed, the URL policy checked at each hop
};

struct PlatformChangeRow {
  PlatformChange change;
  const char* key;           // report.json's name for it: "error-object"
  const char* firstVersion;  // langgraph-api (Python), e.g. "0.7.46"
  const char* behaviour;     // from that version on
  const char* before;        // before that version
  const char* cases;         // the case ids it changes, comma-separated
  const char* source;        // the public source, via docs/PLATFORM.md
  // What `source` is: the changelog documents a version; a version the harness only assumes for
  // a behaviour observed in recent code is Assumed.
  EvidenceGrade evidence;
  // Older release lines that got the change in a patch release ("0.12.12, 0.13.7"): the two
  // newest stable lines get patches, so "from firstVersion on" is not the whole truth. A version
  // of such a line from that patch on promises the change too.
  const char* backports = "";
};

// Whether `version` promises a change that first shipped in `row`: from its first version on,
// or from a backport on the version's own release line (same MAJOR.MINOR).
bool versionPromises(const std::tuple<int, int, int>& version, const PlatformChangeRow& row);

// Every change, oldest first (a literal table in platform_profile.cpp).
const std::vector<PlatformChangeRow>& platformChanges();
const PlatformChangeRow& platformChange(PlatformChange change);

// The newest version the table knows: an unknown target is judged against it.
constexpr const char* kNewestPlatformVersion = "0.16.0";

// MAJOR.MINOR.PATCH at the start of `version` ("0.10.0rc1" -> 0.10.0: a release candidate has
// the changes of its release); nullopt when it does not start that way.
std::optional<std::tuple<int, int, int>> parseVersionTriple(const std::string& version);

struct PlatformProfile {
  enum class Server { LangGraphApi, LangGraphJs, Unknown };
  Server server = Server::Unknown;
  std::string version;  // the version judged by; "" when unknown
  std::string origin;   // "GET /info", "--platform-version" or "" when unknown

  // Whether this target's version makes the promise of `change`. A langgraph-api version does
  // from the change's first version on; an unknown target is judged against the newest, and so
  // is LangGraph.js (it implements the platform's API; its own deviations are in payload checks).
  bool promises(PlatformChange change) const;
  // LangGraph.js sends `error` as a string in every version read, and no Python version number
  // applies to it: the error-shape check accepts either shape there.
  bool errorShapeJudged() const { return server != Server::LangGraphJs; }
  // "langgraph-api 0.7.45 (GET /info)", "LangGraph.js 1.5.1 (GET /info)", "unknown version".
  std::string describe() const;
  // The profile's name in reports: the version range of the table it falls into, e.g.
  // "0.7.46-0.7.54"; "newest" for an unknown target.
  std::string range() const;
  // One line for a target whose version is unknown, "" otherwise.
  std::string unknownNotice() const;
  nlohmann::json toJson() const;  // report.json "platform", with each change's evidence grade
};

// The profile of a target from its GET /info, by the server it names, not by its graphs'
// language: a langgraph_py_version marks the Python server even when it hosts JS graphs (a
// LangSmith or self-hosted deployment of a JS project runs on it); otherwise a
// langgraph_js_version or context "js" marks the LangGraph.js dev server. The version is
// langgraph_api_version or version. `overrideVersion` (--platform-version) makes it a
// langgraph-api of that version.
PlatformProfile platformProfileOf(const nlohmann::json& info, const std::string& overrideVersion);
PlatformProfile pythonPlatform(const std::string& version, const std::string& origin);

// For a case's write-up: "langgraph-api 0.7.46 and later: <behaviour>; before: <before>
// (docs/PLATFORM.md, 'Versions')".
std::string versionsText(PlatformChange change);

}  // namespace wc
