// Every conformance case as its own GoogleTest test, so ctest lists, labels and runs them one by
// one (gtest_discover_tests). --target=URL picks a deployment; empty means the embedded
// reference. The session opens lazily: listing tests starts nothing.
#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>
#include <memory>

#include "cli/session.h"
#include "report/run_report.h"
#include "runner/runner.h"

namespace {

wc::RunCommandOptions gOptions;

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
    auto result = wc::runCase(*def_, session().environment());
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
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--target=", 0) == 0) gOptions.target = a.substr(9);
    if (a.rfind("--target-config=", 0) == 0) gOptions.targetConfig = a.substr(16);
    if (a == "--destructive") gOptions.destructive = true;
  }
  for (const auto& def : wc::allCases().all()) {
    auto dot = def.info.id.find('.');
    auto suite = def.info.id.substr(0, dot);
    auto name = def.info.id.substr(dot + 1);
    // GoogleTest reads '-' in --gtest_filter as "exclude what follows", so the filter ctest passes
    // for "delivery.runs-crons" would select nothing: register the names with '_' instead.
    std::replace(suite.begin(), suite.end(), '-', '_');
    std::replace(name.begin(), name.end(), '-', '_');
    const wc::CaseDef* ptr = &def;
    testing::RegisterTest(suite.c_str(), name.c_str(), nullptr, nullptr, __FILE__, __LINE__,
                          [ptr]() -> testing::Test* { return new ConformanceCase(ptr); });
  }
  return RUN_ALL_TESTS();
}
