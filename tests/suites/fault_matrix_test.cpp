// The self-test matrix (googletest's "tests that are meant to fail"): the suite runs against the
// clean reference and against every fault mode, and the exact set of cases that fail must equal
// the set recorded in fault_matrix.json — no fewer (the check caught the broken promise), no more
// (nothing else broke). A fault mode that no entry catches fails the build.
//
//   fault_matrix_test --print-observed   prints the observed sets as JSON, for review
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <set>

#include "session/session.h"
#include "reference/faults/faults.h"
#include "runner/runner.h"

namespace wc {
namespace {

struct MatrixEntry {
  std::string fault;   // "" = the clean reference
  std::string config;  // file under fixtures/configs/, "" = none
  bool destructive = false;
  std::string filter;  // "" = the whole catalogue
  std::string emulateVersion;   // the reference's langgraph-api version ("" = the newest)
  std::string platformVersion;  // --platform-version: judged as ("" = what /info says)
  int jobs = 64;
  bool webhookSecret = false;  // --webhook-secret-file tests/data/webhook-secret.txt: signed webhooks
  std::set<std::string> mustFail;
  std::string name() const {
    std::string n = fault.empty() ? "clean" : fault;
    if (!config.empty()) n += "-with-" + config.substr(0, config.find('.'));
    if (destructive) n += "-destructive";
    if (!filter.empty()) n += "-only-" + filter;
    if (!emulateVersion.empty()) n += "-emulating-" + emulateVersion;
    if (!platformVersion.empty()) n += "-judged-as-" + platformVersion;
    if (webhookSecret) n += "-signing";
    // gtest filters read '-' as "exclude" and '.' as the suite separator: keep names plain.
    for (auto& c : n)
      if (c == '-' || c == '.' || c == '@') c = '_';
    return n;
  }
};

nlohmann::json gMatrix;

// How an entry of fault_matrix.json runs the suite; its must_fail set is left to the caller
// (--print-observed rewrites it instead of reading it).
MatrixEntry runSettingsOf(const nlohmann::json& e) {
  MatrixEntry m;
  m.fault = e.value("fault", "");
  m.config = e.value("config", "");
  m.destructive = e.value("destructive", false);
  m.filter = e.value("filter", "");
  m.emulateVersion = e.value("emulate_version", "");
  m.platformVersion = e.value("platform_version", "");
  m.jobs = e.value("jobs", 64);
  m.webhookSecret = e.value("webhook_secret", false);
  return m;
}

std::vector<MatrixEntry> entries() {
  std::vector<MatrixEntry> out;
  for (const auto& e : gMatrix["entries"]) {
    MatrixEntry m = runSettingsOf(e);
    for (const auto& id : e["must_fail"]) m.mustFail.insert(id.get<std::string>());
    out.push_back(m);
  }
  return out;
}

// Runs the whole catalogue against the reference in this fault/config; returns id -> result.
std::map<std::string, CaseResult> runAgainst(const MatrixEntry& entry) {
  SessionOptions o;
  o.referenceFault = entry.fault;
  o.destructive = entry.destructive;
  o.emulateVersion = entry.emulateVersion;
  o.platformVersion = entry.platformVersion;
  o.timeoutScale = gMatrix.value("timeout_scale", 0.3);
  if (!entry.config.empty()) o.targetConfig = std::string(WC_CONFIGS_DIR) + "/" + entry.config;
  if (entry.webhookSecret) o.webhookSecretFile = WC_WEBHOOK_SECRET_FILE;
  o.quiet = true;  // the reference's delivery-failure log lines would flood the test output
  int code = 0;
  std::string error;
  auto session = openSession(o, &code, &error);
  std::map<std::string, CaseResult> out;
  if (!session) {
    ADD_FAILURE() << entry.name() << ": cannot open a session: " << error;
    return out;
  }
  RunOptions ro;
  ro.jobs = entry.jobs;
  std::vector<std::string> filters;
  if (!entry.filter.empty()) filters.push_back(entry.filter);
  auto cases = selectCases(allCases(), filters);
  for (auto& r : runCases(cases, session->environment(), ro)) out[r.info.id] = r;
  return out;
}

bool failing(Verdict v) {
  return v == Verdict::Fail || v == Verdict::Error || v == Verdict::Warn ||
         v == Verdict::Interrupted;
}

class FaultMatrixTest : public testing::Test {
 public:
  explicit FaultMatrixTest(MatrixEntry entry) : entry_(std::move(entry)) {}
  void TestBody() override {
    auto results = runAgainst(entry_);
    for (const auto& [id, r] : results) {
      bool fails = failing(r.verdict);
      bool expected = entry_.mustFail.count(id) > 0;
      if (fails && !expected)
        ADD_FAILURE() << entry_.name() << ": " << id << " " << toString(r.verdict)
                      << " but must not: " << r.message;
      if (!fails && expected)
        ADD_FAILURE() << entry_.name() << ": " << id << " must fail (the fault breaks its "
                      << "promise) but was " << toString(r.verdict) << ": " << r.message;
    }
    for (const auto& id : entry_.mustFail)
      if (!results.count(id)) ADD_FAILURE() << entry_.name() << ": no case " << id;
    if (!entry_.fault.empty())
      EXPECT_FALSE(entry_.mustFail.empty()) << entry_.fault << " must break at least one case";
  }

 private:
  MatrixEntry entry_;
};

// Faults that break a promise only at volume: the catalogue's few runs never meet them, so the
// load command's test catches them instead (tests/harness/load/load_cli_faults.cmake asserts the
// lost and duplicated runs are named).
const std::set<std::string> kCaughtByLoadTests = {"drop-sometimes", "duplicate-sometimes"};
// Faults that break the target for every later case: they are caught against a serve-reference
// of their own, across several runs. undeliverable-stalls-worker: the resilience case fails, the
// health check after it names the stall, and a later run errors every case at once
// (tests/harness/session/destructive_isolation_test.cpp, reliability.DestructiveIsolation.*).
const std::set<std::string> kCaughtByIsolationTests = {"undeliverable-stalls-worker"};

TEST(FaultMatrix, EveryFaultModeIsCaughtByAnEntry) {
  std::set<std::string> caught = kCaughtByLoadTests;
  caught.insert(kCaughtByIsolationTests.begin(), kCaughtByIsolationTests.end());
  for (const auto& e : entries())
    if (!e.mustFail.empty()) caught.insert(e.fault.substr(0, e.fault.find('@')));
  for (const auto& f : reference::faultModes())
    EXPECT_TRUE(caught.count(f.name)) << "fault mode " << f.name << " (" << f.promise
                                      << ") is caught by no case in fault_matrix.json";
}

// (fault, endpoint) pairs no client can see, and why: the harness never learns these values.
const std::map<std::string, std::string> kUnobservable = {
    {"wrong-run-id@runs-crons", "a stateless cron's firing reveals its run id only in the webhook"},
    {"wrong-run-id@crons-patch", "a stateless cron's firing reveals its run id only in the webhook"},
    {"wrong-thread-id@runs-stream", "a stateless stream run does not name its temporary thread"},
    {"wrong-thread-id@runs-wait", "a stateless wait run does not name its temporary thread"},
    {"wrong-thread-id@runs-crons", "a stateless cron's firing runs on a thread nobody names"},
    {"wrong-thread-id@crons-patch", "a stateless cron's firing runs on a thread nobody names"},
};

// A promise is proven on every endpoint, not assumed: each fault that can be scoped, scoped to each
// of the ten endpoints in turn (the rest of the deployment healthy), fails at least one case.
TEST(FaultMatrix, EveryScopedFaultIsCaughtOnEveryEndpoint) {
  std::set<std::string> caught;
  for (const auto& e : entries())
    if (!e.mustFail.empty()) caught.insert(e.fault);
  size_t pairs = 0;
  for (const auto& fault : reference::scopableFaults())
    for (const auto& endpoint : reference::webhookEndpoints()) {
      const auto pair = fault + "@" + endpoint;
      if (kUnobservable.count(pair)) {
        EXPECT_FALSE(caught.count(pair)) << pair << " is caught: remove it from kUnobservable";
        continue;
      }
      ++pairs;
      EXPECT_TRUE(caught.count(pair)) << pair << " is caught by no case in fault_matrix.json";
    }
  std::cout << "[ figures  ] " << pairs << " (promise, endpoint) pairs, each caught; "
            << kUnobservable.size() << " no client can observe\n";
}

int printObserved() {
  nlohmann::json out = gMatrix;
  for (auto& e : out["entries"]) {
    MatrixEntry m = runSettingsOf(e);
    auto results = runAgainst(m);
    nlohmann::json ids = nlohmann::json::array();
    for (const auto& [id, r] : results)
      if (failing(r.verdict)) ids.push_back(id);
    e["must_fail"] = ids;
    std::cerr << m.name() << ": " << ids.size() << " failing\n";
  }
  std::cout << out.dump(2) << "\n";
  return 0;
}

}  // namespace
}  // namespace wc

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  // --matrix FILE: another matrix (a few new entries for --print-observed, say).
  std::string matrix = WC_FAULT_MATRIX;
  for (int i = 1; i + 1 < argc; ++i)
    if (std::string(argv[i]) == "--matrix") matrix = argv[i + 1];
  std::ifstream in(matrix);
  wc::gMatrix = nlohmann::json::parse(in);
  // The headers config templates this variable; the reference resolves it at startup.
  setenv("LG_WEBHOOK_CONFORMANCE_CANARY", "canary-7f3a9c-secret", 0);
  for (int i = 1; i < argc; ++i)
    if (std::string(argv[i]) == "--print-observed") return wc::printObserved();
  for (const auto& entry : wc::entries()) {
    testing::RegisterTest("FaultMatrix", entry.name().c_str(), nullptr, nullptr, __FILE__,
                          __LINE__, [entry]() -> testing::Test* {
                            return new wc::FaultMatrixTest(entry);
                          });
  }
  return RUN_ALL_TESTS();
}
