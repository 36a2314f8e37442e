#pragma once
// A synthetic run for the report-writer tests: one case per outcome, with evidence that carries
// everything a writer must handle (a JSON body, schema errors, headers, odd bytes).
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "report/run_report.h"

namespace wc::testing_support {

inline CapturedRequest capturedWebhook(const std::string& body) {
  CapturedRequest r;
  r.method = "POST";
  r.target = "/hook/payload-1-abc?token=t0k%2Ben";
  r.route = "payload-1-abc";
  r.headers = {{"Content-Type", "application/json"}, {"X-Request-Id", "42"}};
  r.body = body;
  r.arrivedAt = std::chrono::system_clock::now();
  r.peer = "127.0.0.1:50000";
  return r;
}

inline CaseResult result(const std::string& id, const std::string& area,
                         const std::string& endpoint, Level level, Verdict verdict,
                         const std::string& message) {
  CaseResult r;
  r.info.id = id;
  r.info.area = area;
  r.info.endpoint = endpoint;
  r.info.level = level;
  r.info.title = "title of " + id;
  r.info.source = "docs: source of " + id;
  r.info.evidenceGrade = EvidenceGrade::Documented;
  r.verdict = verdict;
  r.message = message;
  r.duration = std::chrono::milliseconds(12);
  return r;
}

// Cases: delivery.ok (pass), payload.broken (fail, schema errors + capture), token.skipped (skip),
// token.should (warn), delivery.erred (error), payload.known (fail, expected), token.fixed
// (pass, listed: stale).
inline RunReport sampleReport() {
  RunReport report;
  report.toolVersion = "9.9.9";
  report.profile.baseUrl = "http://127.0.0.1:1234";
  report.profile.info = {{"version", "0.4.1"}, {"flags", {{"crons", true}}}};
  report.profile.assistantId = "echo";
  report.startedAt = std::chrono::system_clock::now();
  report.duration = std::chrono::milliseconds(345);
  report.configuration = {{"jobs", 32}};
  report.results.push_back(result("delivery.ok", "delivery", "POST /runs/wait", Level::Must,
                                  Verdict::Pass, ""));
  auto broken = result("payload.broken", "payload", "POST /threads/{thread_id}/runs", Level::Must,
                       Verdict::Fail, "the body does not match the Run schema");
  broken.evidence.failures.push_back("expected status in the final enum, got \"running\" <b>");
  broken.evidence.schemaErrors.push_back({"/status", "value not in enum"});
  broken.evidence.schemaErrors.push_back({"/kwargs/input", "expected object"});
  broken.evidence.requests.push_back(capturedWebhook(
      R"({"run_id":"r1","status":"running","kwargs":{"input":3,"webhook":"http://x/|y"},"bin":"\u0001"})"));
  broken.evidence.requests.back().body += std::string("\xff\xfe", 2);  // not UTF-8 at all
  broken.evidence.requests.push_back(capturedWebhook(
      R"({"run_id":"r2","status":"running","kwargs":{"input":3}})"));
  report.results.push_back(broken);
  report.results.push_back(result("token.skipped", "token", "", Level::Must, Verdict::Skip,
                                  "needs the deployment's langgraph.json"));
  report.results.push_back(result("token.should", "token", "POST /runs/stream", Level::Should,
                                  Verdict::Warn, "Retry-After not honoured"));
  report.results.back().info.evidenceGrade = EvidenceGrade::Assumed;
  report.results.back().info.settledBy = "a measurement on a real server";
  report.results.push_back(result("delivery.erred", "delivery", "POST /runs/wait", Level::Must,
                                  Verdict::Error, "POST /runs/wait answered 500"));
  report.results.push_back(result("payload.known", "payload", "POST /runs/wait", Level::Must,
                                  Verdict::Fail, "values missing"));
  report.results.push_back(result("token.fixed", "token", "POST /runs/wait", Level::Must,
                                  Verdict::Pass, ""));
  report.expectedFailuresFile = "expected.yaml";
  report.expectedFailures["payload.known"] = {"payload.known", "upstream bug #1", ""};
  report.expectedFailures["token.fixed"] = {"token.fixed", "fixed in 0.4?", "0.4.*"};
  report.ignoredExpectedFailures.push_back(
      {{"delivery.ok", "old", "0.3.*"}, "target_version 0.3.* does not match the target's 0.4.1"});
  return report;
}

inline std::string readFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

inline std::filesystem::path freshDir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() /
             (name + "-" + std::to_string(::getpid()) + "-" +
              std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace wc::testing_support
