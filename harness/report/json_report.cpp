#include "util/bounded_json.h"
#include "report/report_file.h"
#include "report/json_report.h"

#include <fstream>

#include "report/text_safety.h"
#include "util/ids.h"

namespace wc {
namespace {

nlohmann::json requestJson(const CapturedRequest& r, const Redactor& redactor) {
  nlohmann::json headers = nlohmann::json::array();
  for (const auto& [name, value] : r.headers)
    headers.push_back(
        {{"name", validUtf8(name)}, {"value", validUtf8(redactor.headerValue(name, value))}});
  nlohmann::json out = {{"method", r.method},
                        {"target", validUtf8(r.target)},
                        {"route", r.route},
                        {"peer", r.peer},
                        {"arrived_at", isoTimestamp(r.arrivedAt)},
                        {"headers", headers},
                        {"body", validUtf8(r.body)}};
  auto parsed = parseBoundedJsonOrDiscarded(r.body);
  out["body_json"] = parsed.is_discarded() ? nlohmann::json(nullptr) : parsed;
  return out;
}

nlohmann::json caseJson(const JudgedRun& judged, const CaseResult& r) {
  const auto& o = judged.outcome(r);
  nlohmann::json schemaErrors = nlohmann::json::array();
  for (const auto& e : r.evidence.schemaErrors)
    schemaErrors.push_back({{"pointer", e.pointer}, {"message", e.message}});
  nlohmann::json requests = nlohmann::json::array();
  for (const auto& req : r.evidence.requests) requests.push_back(requestJson(req, judged.report.redactor));
  nlohmann::json expected = nullptr;
  if (o.expected) {
    expected = {{"reason", o.expected->reason},
                {"target_version", o.expected->targetVersion.empty()
                                       ? nlohmann::json(nullptr)
                                       : nlohmann::json(o.expected->targetVersion)},
                {"status", o.outcome == Outcome::Stale             ? "stale"
                           : o.outcome == Outcome::ExpectedFailure ? "expected-failure"
                                                                   : "not-exercised"}};
  }
  return {{"id", r.info.id},
          {"title", r.info.title},
          {"area", r.info.area},
          {"endpoint", r.info.endpoint},
          {"level", toString(r.info.level)},
          {"source", r.info.source},
          {"evidence_grade", r.info.evidenceGrade ? nlohmann::json(toString(*r.info.evidenceGrade))
                                                  : nlohmann::json(nullptr)},
          {"settled_by", r.info.settledBy.empty() ? nlohmann::json(nullptr)
                                                  : nlohmann::json(r.info.settledBy)},
          {"verdict", toString(r.verdict)},
          {"outcome", toString(o.outcome)},
          {"breaks_gate", o.breaksGate},
          {"message", validUtf8(o.message)},
          {"duration_ms", r.duration.count()},
          {"instance", r.instance.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.instance)},
          {"rerun", r.rerun},
          {"created",
           {{"runs", r.evidence.created.runs},
            {"threads", r.evidence.created.threads},
            {"crons", r.evidence.created.crons},
            {"cron_firings", r.evidence.created.cronFirings}}},
          {"expected_failure", expected},
          {"evidence",
           {{"failures", r.evidence.failures},
            {"warnings", r.evidence.warnings},
            {"observations", r.evidence.observations},
            {"schema_errors", schemaErrors},
            {"requests", requests}}}};
}

nlohmann::json entryJson(const ExpectedFailure& e) {
  return {{"id", e.id},
          {"reason", e.reason},
          {"target_version",
           e.targetVersion.empty() ? nlohmann::json(nullptr) : nlohmann::json(e.targetVersion)}};
}

// The deployment's langgraph.json with every webhooks.headers value masked: a literal value is
// the secret itself (and may be too short to be masked by value), and a template may embed one.
nlohmann::json maskedTargetConfig(const std::optional<nlohmann::json>& config) {
  if (!config) return nullptr;
  auto out = *config;
  if (out.is_object() && out.contains("webhooks") && out["webhooks"].is_object() &&
      out["webhooks"].contains("headers") && out["webhooks"]["headers"].is_object())
    for (auto& [name, value] : out["webhooks"]["headers"].items()) value = Redactor::kMask;
  return out;
}

nlohmann::json targetJson(const TargetProfile& p) {
  auto orNull = [](const std::string& s) {
    return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s);
  };
  return {{"url", p.baseUrl},
          {"embedded_reference", p.embeddedReference},
          {"reference_fault", orNull(p.referenceFault)},
          {"version", orNull(p.version())},
          {"info", p.info.is_object() ? p.info : nlohmann::json::object()},
          {"assistants",
           {{"default", p.assistantId},
            {"fail", orNull(p.failAssistantId)},
            {"slow", orNull(p.slowAssistantId)},
            {"review", orNull(p.reviewAssistantId)}}},
          {"config", maskedTargetConfig(p.targetConfig)},
          {"platform", p.platform.toJson()}};
}

bool writeJsonText(const nlohmann::json& report, const Redactor& redactor,
                   const std::string& path, std::string* error) {
  auto text = report.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  // A second pass over the serialised text: nothing that slipped past a field survives.
  text = redactor.redact(text) + "\n";
  return writeReportFile(text, path, error);
}

}  // namespace

void redactJsonInPlace(nlohmann::json& value, const Redactor& redactor) {
  if (value.is_string()) {
    auto& text = value.get_ref<std::string&>();
    text = redactor.redact(std::move(text));
  } else if (value.is_array()) {
    for (auto& item : value) redactJsonInPlace(item, redactor);
  } else if (value.is_object()) {
    // Keys are rarely secret: the object is rebuilt only when one is.
    bool keyChanged = false;
    for (auto& [key, item] : value.items()) {
      redactJsonInPlace(item, redactor);
      keyChanged = keyChanged || redactor.redact(key) != key;
    }
    if (!keyChanged) return;
    auto out = nlohmann::json::object();
    for (auto& [key, item] : value.items()) out[redactor.redact(key)] = std::move(item);
    value = std::move(out);
  }
}

namespace {

nlohmann::json instancesJson(const std::vector<TargetInstance>& instances) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& i : instances)
    out.push_back({{"name", i.name},
                   {"config", i.configFile.empty() ? nlohmann::json(nullptr)
                                                   : nlohmann::json("fixtures/configs/" + i.configFile)},
                   {"base_url", i.baseUrl},
                   {"cases", i.cases}});
  return out;
}

nlohmann::json validUtf8Each(const std::vector<std::string>& lines) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& l : lines) out.push_back(validUtf8(l));
  return out;
}

}  // namespace

nlohmann::json buildJsonReport(const JudgedRun& judged) {
  const auto& report = judged.report;
  const auto& p = report.profile;
  const auto& gate = judged.gate;
  const auto& v = gate.verdicts;
  nlohmann::json expected = nullptr;
  if (!report.expectedFailuresFile.empty()) {
    expected = {{"file", report.expectedFailuresFile},
                {"active", nlohmann::json::array()},
                {"ignored", nlohmann::json::array()}};
    for (const auto& [id, e] : report.expectedFailures) expected["active"].push_back(entryJson(e));
    for (const auto& i : report.ignoredExpectedFailures) {
      auto j = entryJson(i.entry);
      j["why"] = i.why;
      expected["ignored"].push_back(j);
    }
  }
  nlohmann::json cases = nlohmann::json::array();
  for (const auto& r : report.results) cases.push_back(caseJson(judged, r));
  nlohmann::json out = {
      {"schema_version", kReportSchemaVersion},
      {"tool", {{"name", "webhook-conformance"}, {"version", report.toolVersion}}},
      {"started_at", isoTimestamp(report.startedAt)},
      {"duration_ms", report.duration.count()},
      {"target", targetJson(p)},
      {"configuration", report.configuration},
      {"summary",
       {{"total", v.total},
        {"pass", v.pass},
        {"fail", v.fail},
        {"warn", v.warn},
        {"info", v.info},
        {"skip", v.skip},
        {"error", v.error},
        {"interrupted", v.interrupted},
        {"expected_failure", gate.expectedFailures},
        {"stale", gate.stale},
        {"breaking", gate.breaking},
        {"gate", gate.passed() ? "pass" : "fail"},
        {"nothing_judged", gate.nothingJudged},
        {"strict", report.strict}}},
      {"conformance_run", report.conformanceRun.empty() ? nlohmann::json(nullptr)
                                                        : nlohmann::json(report.conformanceRun)},
      {"plan", report.plan},
      {"health_runs", report.healthRuns},
      {"cleanup", report.cleanup},
      {"rerun_of", report.rerunOf ? nlohmann::json(isoTimestamp(*report.rerunOf)) : nlohmann::json(nullptr)},
      {"expected_failures", expected},
      {"interrupted", report.interruption.empty()
                          ? nlohmann::json(nullptr)
                          : nlohmann::json{{"reason", validUtf8(report.interruption)}}},
      {"error", nullptr},
      {"cases", std::move(cases)},  // moved, not copied: 10,000 cases are a big tree
      {"instances", instancesJson(report.instances)},
      {"diagnoses", validUtf8Each(report.diagnoses)}};
  redactJsonInPlace(out, report.redactor);
  return out;
}

nlohmann::json buildUnreachableJsonReport(const UnreachableReport& report) {
  nlohmann::json out = {
      {"schema_version", kReportSchemaVersion},
      {"tool", {{"name", "webhook-conformance"}, {"version", report.toolVersion}}},
      {"started_at", isoTimestamp(report.startedAt)},
      {"duration_ms", report.duration.count()},
      {"target", targetJson(report.profile)},
      {"configuration", report.configuration},
      {"summary",
       {{"total", 0}, {"pass", 0}, {"fail", 0}, {"warn", 0}, {"info", 0}, {"skip", 0},
        {"error", 0}, {"interrupted", 0}, {"expected_failure", 0}, {"stale", 0},
        {"breaking", 0}, {"gate", "fail"}, {"strict", false}}},
      {"expected_failures", nullptr},
      {"interrupted", nullptr},
      {"error", {{"exit_code", report.exitCode}, {"message", validUtf8(report.message)}}},
      {"cases", nlohmann::json::array()}};
  redactJsonInPlace(out, report.redactor);
  return out;
}

bool writeUnreachableJsonReport(const UnreachableReport& report, const std::string& path,
                                std::string* error) {
  return writeJsonText(buildUnreachableJsonReport(report), report.redactor, path, error);
}

bool writeJsonReport(const JudgedRun& judged, const std::string& path, std::string* error) {
  return writeJsonText(buildJsonReport(judged), judged.report.redactor, path, error);
}

}  // namespace wc
