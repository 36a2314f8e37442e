#include "report/report_reader.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "report/json_report.h"
#include "report/text_safety.h"
#include "util/bounded_json.h"
#include "util/ids.h"

namespace wc {
namespace {

using nlohmann::json;

// A shape problem: thrown by the checks below, caught once in parseReportJson, so each check is
// one line and no nlohmann type_error can escape from an unchecked access.
struct BadShape {
  std::string where, what;
};

[[noreturn]] void bad(const std::string& where, const std::string& what) { throw BadShape{where, what}; }

const char* typeName(const json& j) { return j.type_name(); }

// A value from the file quoted in a message: one inert line of at most kMaxQuotedValueBytes, so a
// 60 MiB string or an escape sequence in the wrong field never reaches the terminal whole.
std::string quotedValue(const std::string& value) { return "\"" + inertLine(value, kMaxQuotedValueBytes) + "\""; }

// The member `key` of object `o`, or nullptr when absent. `required`: absent is a problem.
const json* member(const json& o, const char* key, const std::string& where, bool required) {
  auto it = o.find(key);
  if (it == o.end()) {
    if (required) bad(where, std::string("missing \"") + key + "\"");
    return nullptr;
  }
  return &*it;
}

std::string text(const json& o, const char* key, const std::string& where, bool required = false,
                 bool nullable = true) {
  const json* v = member(o, key, where, required);
  if (!v || (nullable && v->is_null())) return "";
  if (!v->is_string()) bad(where + "." + key, std::string("expected a string, got ") + typeName(*v));
  return v->get<std::string>();
}

const json& object(const json& o, const char* key, const std::string& where) {
  static const json kEmpty = json::object();
  const json* v = member(o, key, where, false);
  if (!v || v->is_null()) return kEmpty;
  if (!v->is_object()) bad(where + "." + key, std::string("expected an object, got ") + typeName(*v));
  return *v;
}

const json& array(const json& o, const char* key, const std::string& where, size_t maxItems) {
  static const json kEmpty = json::array();
  const json* v = member(o, key, where, false);
  if (!v || v->is_null()) return kEmpty;
  if (!v->is_array()) bad(where + "." + key, std::string("expected an array, got ") + typeName(*v));
  if (v->size() > maxItems)
    bad(where + "." + key, std::to_string(v->size()) + " items, at most " + std::to_string(maxItems));
  return *v;
}

std::vector<std::string> lines(const json& o, const char* key, const std::string& where) {
  std::vector<std::string> out;
  const auto& a = array(o, key, where, kMaxLinesPerList);
  for (size_t i = 0; i < a.size(); ++i) {
    if (!a[i].is_string()) bad(where + "." + key + "[" + std::to_string(i) + "]", "expected a string");
    out.push_back(a[i].get<std::string>());
  }
  return out;
}

// Milliseconds from the file, clamped before the cast (a cast of 1e300 is undefined).
long long millis(const json& o, const char* key, const std::string& where) {
  const json* v = member(o, key, where, false);
  if (!v || v->is_null()) return 0;
  if (!v->is_number()) bad(where + "." + key, std::string("expected a number, got ") + typeName(*v));
  double d = v->get<double>();
  if (!std::isfinite(d) || d < 0) bad(where + "." + key, "expected a number of milliseconds >= 0");
  return static_cast<long long>(std::min(d, 1e12));
}

std::chrono::system_clock::time_point timestamp(const json& o, const char* key, const std::string& where) {
  std::chrono::system_clock::time_point t{};
  auto s = text(o, key, where);
  if (!s.empty() && !parseIsoTimestamp(s, &t)) bad(where + "." + key, "not an RFC 3339 timestamp: " + quotedValue(s));
  return t;
}

Verdict verdictOf(const std::string& s, const std::string& where) {
  for (auto v : {Verdict::Pass, Verdict::Fail, Verdict::Warn, Verdict::Info, Verdict::Skip,
                 Verdict::Error, Verdict::Interrupted})
    if (s == toString(v)) return v;
  bad(where, "unknown verdict " + quotedValue(s) + " (pass, fail, warn, info, skip, error, interrupted)");
}

Level levelOf(const std::string& s, const std::string& where) {
  for (auto l : {Level::Must, Level::Should, Level::Info})
    if (s == toString(l)) return l;
  bad(where, "unknown level " + quotedValue(s) + " (MUST, SHOULD, INFO)");
}

CapturedRequest requestOf(const json& r, const std::string& where) {
  if (!r.is_object()) bad(where, "expected an object");
  CapturedRequest out;
  out.method = text(r, "method", where);
  out.target = text(r, "target", where);
  out.route = text(r, "route", where);
  out.peer = text(r, "peer", where);
  out.body = text(r, "body", where);
  out.bodyBytesReceived = out.body.size();
  out.arrivedAt = timestamp(r, "arrived_at", where);
  const auto& headers = array(r, "headers", where, kMaxLinesPerList);
  for (size_t i = 0; i < headers.size(); ++i) {
    auto at = where + ".headers[" + std::to_string(i) + "]";
    if (!headers[i].is_object()) bad(at, "expected an object");
    out.headers.emplace_back(text(headers[i], "name", at, true, false), text(headers[i], "value", at));
  }
  return out;
}

CaseResult caseOf(const json& c, const std::string& where) {
  if (!c.is_object()) bad(where, std::string("expected an object, got ") + typeName(c));
  CaseResult r;
  r.info.id = text(c, "id", where, true, false);
  if (r.info.id.empty() || r.info.id.size() > 200 || r.info.id.find('.') == std::string::npos)
    bad(where + ".id", "not a case id (\"<area>.<name>\")");
  r.info.title = text(c, "title", where);
  r.info.area = text(c, "area", where);
  if (r.info.area.empty()) r.info.area = r.info.id.substr(0, r.info.id.find('.'));
  r.info.endpoint = text(c, "endpoint", where);
  r.info.source = text(c, "source", where);
  // Reports written before grades existed have none; an unknown name is refused, not guessed.
  if (auto grade = text(c, "evidence_grade", where); !grade.empty()) {
    r.info.evidenceGrade = evidenceGradeNamed(grade);
    if (!r.info.evidenceGrade)
      bad(where + ".evidence_grade",
          "unknown grade " + quotedValue(grade) + " (documented, observed, assumed)");
  }
  r.info.settledBy = text(c, "settled_by", where);
  r.info.level = levelOf(text(c, "level", where, true, false), where + ".level");
  r.verdict = verdictOf(text(c, "verdict", where, true, false), where + ".verdict");
  // A stale entry's message is the stale explanation, which the merged judgement writes anew.
  if (text(c, "outcome", where) != "stale") r.message = text(c, "message", where);
  r.duration = std::chrono::milliseconds(millis(c, "duration_ms", where));
  r.instance = text(c, "instance", where);
  const json* rerun = member(c, "rerun", where, false);
  r.rerun = rerun && rerun->is_boolean() && rerun->get<bool>();
  const auto& e = object(c, "evidence", where);
  auto ew = where + ".evidence";
  r.evidence.failures = lines(e, "failures", ew);
  r.evidence.observations = lines(e, "observations", ew);
  // Reports written before warnings were recorded have none.
  if (member(e, "warnings", ew, false)) r.evidence.warnings = lines(e, "warnings", ew);
  const auto& errors = array(e, "schema_errors", ew, kMaxLinesPerList);
  for (size_t i = 0; i < errors.size(); ++i) {
    auto at = ew + ".schema_errors[" + std::to_string(i) + "]";
    if (!errors[i].is_object()) bad(at, "expected an object");
    r.evidence.schemaErrors.push_back({text(errors[i], "pointer", at), text(errors[i], "message", at)});
  }
  const auto& requests = array(e, "requests", ew, kMaxRequestsPerCase);
  for (size_t i = 0; i < requests.size(); ++i)
    r.evidence.requests.push_back(requestOf(requests[i], ew + ".requests[" + std::to_string(i) + "]"));
  return r;
}

ExpectedFailure entryOf(const json& e, const std::string& where) {
  if (!e.is_object()) bad(where, "expected an object");
  return {text(e, "id", where, true, false), text(e, "reason", where), text(e, "target_version", where)};
}

void targetOf(const json& doc, TargetProfile* p) {
  const json* t = member(doc, "target", "report", true);
  if (!t->is_object()) bad("target", "expected an object");
  p->baseUrl = text(*t, "url", "target", true, false);
  const json* embedded = member(*t, "embedded_reference", "target", false);
  p->embeddedReference = embedded && embedded->is_boolean() && embedded->get<bool>();
  p->referenceFault = text(*t, "reference_fault", "target");
  p->info = object(*t, "info", "target");
  const auto& a = object(*t, "assistants", "target");
  p->assistantId = text(a, "default", "target.assistants");
  p->failAssistantId = text(a, "fail", "target.assistants");
  p->slowAssistantId = text(a, "slow", "target.assistants");
  p->reviewAssistantId = text(a, "review", "target.assistants");  // absent in older reports
  if (const json* config = member(*t, "config", "target", false); config && config->is_object())
    p->targetConfig = *config;  // already masked by the run that wrote it
  const auto& platform = object(*t, "platform", "target");
  auto server = text(platform, "server", "target.platform");
  p->platform.server = server == "langgraph-api"  ? PlatformProfile::Server::LangGraphApi
                       : server == "langgraph-js" ? PlatformProfile::Server::LangGraphJs
                                                  : PlatformProfile::Server::Unknown;
  p->platform.version = text(platform, "version", "target.platform");
  p->platform.origin = text(platform, "origin", "target.platform");
}

void parseDocument(const json& doc, ReadReport* out) {
  if (!doc.is_object()) bad("report", std::string("expected a JSON object, got ") + typeName(doc));
  const json* version = member(doc, "schema_version", "report", true);
  if (!version->is_number_integer() || version->get<long long>() != kReportSchemaVersion)
    bad("schema_version", (version->is_number() ? inertLine(version->dump(), kMaxQuotedValueBytes) : typeName(*version)) + ": this webhook-conformance reads schema_version " +
                              std::to_string(kReportSchemaVersion) + " (a report of another version?)");
  const auto& tool = object(doc, "tool", "report");
  if (text(tool, "name", "tool") != "webhook-conformance") bad("tool.name", "not a webhook-conformance report");
  auto& run = out->run;
  run.toolVersion = text(tool, "version", "tool");
  run.startedAt = timestamp(doc, "started_at", "report");
  run.duration = std::chrono::milliseconds(millis(doc, "duration_ms", "report"));
  targetOf(doc, &run.profile);
  run.configuration = object(doc, "configuration", "report");
  const auto& summary = object(doc, "summary", "report");
  const json* strict = member(summary, "strict", "summary", false);
  if (strict && !strict->is_boolean()) bad("summary.strict", "expected a boolean");
  run.strict = strict && strict->get<bool>();
  out->gate = text(summary, "gate", "summary");
  const auto& expected = object(doc, "expected_failures", "report");
  if (!expected.empty()) {
    run.expectedFailuresFile = text(expected, "file", "expected_failures");
    const auto& active = array(expected, "active", "expected_failures", kMaxReportCases);
    for (size_t i = 0; i < active.size(); ++i) {
      auto e = entryOf(active[i], "expected_failures.active[" + std::to_string(i) + "]");
      run.expectedFailures.emplace(e.id, e);
    }
    const auto& ignored = array(expected, "ignored", "expected_failures", kMaxReportCases);
    for (size_t i = 0; i < ignored.size(); ++i) {
      auto at = "expected_failures.ignored[" + std::to_string(i) + "]";
      run.ignoredExpectedFailures.push_back({entryOf(ignored[i], at), text(ignored[i], "why", at)});
    }
  }
  run.interruption = text(object(doc, "interrupted", "report"), "reason", "interrupted");
  const auto& error = object(doc, "error", "report");
  if (!error.empty()) {
    const json* code = member(error, "exit_code", "error", true);
    if (!code->is_number_integer() || code->get<long long>() < 1 || code->get<long long>() > 255)
      bad("error.exit_code", "expected an exit code 1-255");
    out->errorExitCode = static_cast<int>(code->get<long long>());
    out->errorMessage = text(error, "message", "error");
  }
  const auto& cases = array(doc, "cases", "report", kMaxReportCases);
  if (cases.empty() && error.empty()) bad("cases", "no cases, and no error saying why");
  std::set<std::string> ids;  // id and instance, one line each
  for (size_t i = 0; i < cases.size(); ++i) {
    auto r = caseOf(cases[i], "cases[" + std::to_string(i) + "]");
    // One run judges each case once on each instance: a second entry is not a run's report. A
    // merge keeps a case once per run that judged it, each on its own origin ("b (default)"), so
    // what merge wrote is read back too.
    if (!ids.insert(r.info.id + '\n' + r.instance).second)
      bad("cases[" + std::to_string(i) + "]", "case " + quotedValue(r.info.id) + " appears twice" +
                                                  (r.instance.empty() ? "" : " on " + quotedValue(r.instance)));
    run.results.push_back(std::move(r));
  }
  const auto& instances = array(doc, "instances", "report", kMaxLinesPerList);
  for (size_t i = 0; i < instances.size(); ++i) {
    auto at = "instances[" + std::to_string(i) + "]";
    if (!instances[i].is_object()) bad(at, "expected an object");
    TargetInstance t;
    t.name = text(instances[i], "name", at, true, false);
    // The writer adds "fixtures/configs/" again: keep the file name only.
    t.configFile = text(instances[i], "config", at);
    if (auto slash = t.configFile.rfind('/'); slash != std::string::npos) t.configFile.erase(0, slash + 1);
    t.baseUrl = text(instances[i], "base_url", at);
    run.instances.push_back(t);
  }
  run.diagnoses = lines(doc, "diagnoses", "report");
}

}  // namespace

bool parseReportJson(std::string_view text, const std::string& name, ReadReport* out,
                     std::string* error) {
  JsonLimits limits;
  limits.maxBytes = kMaxReportJsonBytes;
  limits.maxDepth = kMaxReportDepth;
  limits.maxValues = kMaxReportValues;
  std::string why;
  size_t values = 0;
  auto doc = parseBoundedJson(text, limits, &why, &values);
  if (!doc) {
    *error = name + ": " + why;
    return false;
  }
  *out = ReadReport{};
  out->path = name;
  out->values = values;
  try {
    parseDocument(*doc, out);
  } catch (const BadShape& b) {
    *error = name + ": " + b.where + ": " + b.what;
    return false;
  }
  return true;
}

bool readReportJson(const std::string& path, ReadReport* out, std::string* error) {
  std::string text;
  if (!readBoundedFile(path, kMaxReportJsonBytes, &text, error)) return false;
  return parseReportJson(text, path, out, error);
}

}  // namespace wc
