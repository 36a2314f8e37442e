// The conformance cases as GoogleTest tests, named by their ids (suite = area). ctest runs each
// as its own test, `conformance.<id>`, selecting it with --case=<id>
// (tests/suites/conformance_ctest.cmake writes the list from --list-cases): a gtest filter cannot
// name ids, it reads '-' as "exclude".
//   conformance_cases --list-cases       every id, one a line, in catalogue order
//   conformance_cases --case=ID ...      only these cases (repeatable; an unknown id exits 2)
// --target=URL picks a deployment; empty means the embedded reference. The session opens lazily:
// listing starts nothing.
#include <gtest/gtest.h>

#include <iostream>
#include <memory>
#include <vector>

#include "session/session.h"
#include "report/run_report.h"
#include "runner/late_arrivals.h"
#include "runner/runner.h"

namespace {

wc::SessionOptions gOptions;

wc::Session& session() {
  static std::unique_ptr<wc::Session> opened = [] {
    int code = 0;
    std::string error;
    auto s = wc::openSession(gOptions, &code, &error);
    if (!s) {
      std::cerr << "conformance_cases: " << error << " (exit " << code << ")\n";
      std::exit(code);
    }
    return s;
  }();
  return *opened;
}

class ConformanceCase : public testing::Test {
 public:
  explicit ConformanceCase(const wc::CaseDef* def) : def_(def) {}
  void TestBody() override {
    // On the embedded reference, the instance whose configuration the case needs.
    auto& env = session().environmentFor(*def_);
    std::vector<wc::CaseResult> ran = {wc::runCase(*def_, env)};
    // The cases here run one at a time: after each, its routes are swept as after a run's last.
    auto note = wc::sweepAfterTheLastCase(ran, {&env}, true);
    if (!note.empty()) std::cout << note << "\n";
    const auto& result = ran.front();
    auto evidence = wc::evidenceText(result, session().redactor());
    switch (result.verdict) {
      case wc::Verdict::Pass:
      case wc::Verdict::Info:
        break;
      case wc::Verdict::Warn:
        std::cout << "WARN (SHOULD): " << result.message << "\n";
        break;
      case wc::Verdict::Skip:
        GTEST_SKIP() << result.message;
      case wc::Verdict::Fail:
      case wc::Verdict::Error:
      case wc::Verdict::Interrupted:
        ADD_FAILURE() << wc::toString(result.verdict) << ": "
                      << session().redactor().redact(result.message) << "\n"
                      << evidence;
    }
  }

 private:
  const wc::CaseDef* def_;
};

}  // namespace

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  std::vector<const wc::CaseDef*> selected;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--target=", 0) == 0) gOptions.target = a.substr(9);
    if (a.rfind("--target-config=", 0) == 0) gOptions.targetConfig = a.substr(16);
    if (a == "--destructive") gOptions.destructive = true;
    if (a == "--list-cases") {
      for (const auto& def : wc::allCases().all()) std::cout << def.info.id << "\n";
      return 0;
    }
    if (a.rfind("--case=", 0) == 0) {
      const auto* def = wc::allCases().find(a.substr(7));
      if (!def) {
        std::cerr << "conformance_cases: no case " << a.substr(7) << " (see --list-cases)\n";
        return 2;
      }
      selected.push_back(def);
      gOptions.filters.push_back(def->info.id);  // the session starts only the instances these need
    }
  }
  if (selected.empty())
    for (const auto& def : wc::allCases().all()) selected.push_back(&def);
  for (const wc::CaseDef* def : selected) {
    const auto& id = def->info.id;
    auto dot = id.find('.');
    testing::RegisterTest(id.substr(0, dot).c_str(), id.substr(dot + 1).c_str(), nullptr, nullptr,
                          __FILE__, __LINE__,
                          [def]() -> testing::Test* { return new ConformanceCase(def); });
  }
  return RUN_ALL_TESTS();
}
