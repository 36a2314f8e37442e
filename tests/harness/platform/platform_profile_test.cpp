// The platform profile table (harness/platform/platform_profile.h): every change has a row, a
// version promises a change from its first version on, and a target's profile comes from its
// GET /info unless --platform-version overrides it.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "platform/platform_profile.h"

namespace wc {
namespace {

TEST(PlatformProfile, EveryChangeHasOneRowWithAVersionAndASource) {
  std::set<PlatformChange> seen;
  std::set<std::string> keys;
  for (const auto& row : platformChanges()) {
    EXPECT_TRUE(seen.insert(row.change).second) << row.key << " twice";
    EXPECT_TRUE(keys.insert(row.key).second) << row.key;
    EXPECT_TRUE(parseVersionTriple(row.firstVersion)) << row.key;
    EXPECT_NE(std::string(row.source).find("docs/PLATFORM.md"), std::string::npos) << row.key;
    EXPECT_FALSE(std::string(row.cases).empty()) << row.key;
  }
  EXPECT_EQ(static_cast<size_t>(PlatformChange::RedirectsFollowed) + 1, seen.size());
}

TEST(PlatformProfile, AVersionPromisesAChangeFromItsFirstVersionOn) {
  EXPECT_FALSE(pythonPlatform("0.7.45", "").promises(PlatformChange::ErrorObject));
  EXPECT_TRUE(pythonPlatform("0.7.46", "").promises(PlatformChange::ErrorObject));
  EXPECT_FALSE(pythonPlatform("0.9.9", "").promises(PlatformChange::LoopbackRefusedByDefault));
  EXPECT_TRUE(pythonPlatform("0.10.0rc1", "").promises(PlatformChange::LoopbackRefusedByDefault));
  EXPECT_TRUE(pythonPlatform("0.16.0", "").promises(PlatformChange::SsrfProtection));
  EXPECT_FALSE(pythonPlatform("0.2.78", "").promises(PlatformChange::DisableWebhooks));
}

TEST(PlatformProfile, RangesNameTheTableRowsAround) {
  EXPECT_EQ("0.7.21 to before 0.7.46", pythonPlatform("0.7.45", "").range());
  EXPECT_EQ("0.7.46 to before 0.10.0", pythonPlatform("0.9.3", "").range());
  EXPECT_EQ("0.10.0 and later", pythonPlatform("0.16.0", "").range());
  EXPECT_EQ("before 0.2.79", pythonPlatform("0.1.0", "").range());
}

TEST(PlatformProfile, FromInfoOrOverride) {
  auto python = platformProfileOf({{"version", "0.7.45"}}, "");
  EXPECT_EQ(PlatformProfile::Server::LangGraphApi, python.server);
  EXPECT_EQ("langgraph-api 0.7.45 (GET /info)", python.describe());
  EXPECT_TRUE(python.unknownNotice().empty());

  auto overridden = platformProfileOf({{"version", "0.7.45"}}, "0.16.0");
  EXPECT_EQ("0.16.0", overridden.version);
  EXPECT_EQ("--platform-version", overridden.origin);
  EXPECT_TRUE(overridden.promises(PlatformChange::ErrorObject));

  auto js = platformProfileOf({{"version", "1.5.1"}, {"langgraph_js_version", "1.4.18"}}, "");
  EXPECT_EQ(PlatformProfile::Server::LangGraphJs, js.server);
  EXPECT_FALSE(js.errorShapeJudged());
  EXPECT_TRUE(js.promises(PlatformChange::LoopbackRefusedByDefault));  // judged as the newest

  // A LangSmith deployment of a JS project runs on the Python server: the server decides.
  auto jsGraphsOnPython = platformProfileOf(
      {{"version", "0.7.45"}, {"langgraph_py_version", "1.0.5"}, {"context", "js"}}, "");
  EXPECT_EQ(PlatformProfile::Server::LangGraphApi, jsGraphsOnPython.server);
  EXPECT_FALSE(jsGraphsOnPython.promises(PlatformChange::ErrorObject));

  for (const auto& info : {nlohmann::json::object(), nlohmann::json{{"version", "dev"}},
                           nlohmann::json("not an object")}) {
    auto unknown = platformProfileOf(info, "");
    EXPECT_EQ(PlatformProfile::Server::Unknown, unknown.server) << info.dump();
    EXPECT_TRUE(unknown.promises(PlatformChange::ErrorObject));
    EXPECT_NE(unknown.unknownNotice().find(kNewestPlatformVersion), std::string::npos);
    EXPECT_EQ("newest", unknown.toJson()["profile"]);
  }
}

// report.json's platform section grades every row: the changelog documents a version; a version
// the harness only assumes for code it read says so.
TEST(PlatformProfile, ReportsEachChangesEvidenceGrade) {
  auto json = pythonPlatform("0.10.0", "GET /info").toJson();
  ASSERT_EQ(platformChanges().size(), json["evidence"].size());
  EXPECT_EQ("documented", json["evidence"]["error-object"]);
  EXPECT_EQ("assumed", json["evidence"]["ssrf-protection"]);
  EXPECT_EQ("assumed", json["evidence"]["redirects-followed"]);
}

// docs/PLATFORM.md, "The harness's platform table": one line per row of the code's table, with
// its first version and its grade, so the document cannot drift from what the cases judge by.
TEST(PlatformProfile, PlatformDocListsEveryRowWithItsGrade) {
  std::ifstream in(WC_PLATFORM_DOC);
  ASSERT_TRUE(in) << WC_PLATFORM_DOC;
  std::stringstream text;
  text << in.rdbuf();
  const auto doc = text.str();
  for (const auto& row : platformChanges()) {
    const std::string start = std::string("| `") + row.key + "` | " + row.firstVersion + " |";
    auto at = doc.find(start);
    ASSERT_NE(std::string::npos, at) << "docs/PLATFORM.md has no line starting " << start;
    const auto line = doc.substr(at, doc.find('\n', at) - at);
    EXPECT_NE(std::string::npos, line.find(toString(row.evidence))) << line;
  }
}

TEST(PlatformProfile, VersionsAreParsedStrictlyAndBounded) {
  EXPECT_TRUE(parseVersionTriple("0.15.0rc4"));
  for (const char* bad : {"", "latest", "v0.7.45", "0.7", "-1.0.0", "0.-1.2"})
    EXPECT_FALSE(parseVersionTriple(bad)) << bad;
  EXPECT_FALSE(parseVersionTriple(std::string(100, '1')));
}

// A change backported to older release lines is promised there from the patch on, and only on
// that line.
TEST(PlatformProfile, BackportsCountOnTheirOwnReleaseLine) {
  PlatformChangeRow row = platformChange(PlatformChange::ErrorObject);
  row.firstVersion = "0.15.0";
  row.backports = "0.12.12, 0.13.7";
  auto v = [](int a, int b, int c) { return std::make_tuple(a, b, c); };
  EXPECT_TRUE(versionPromises(v(0, 15, 0), row));
  EXPECT_TRUE(versionPromises(v(0, 16, 2), row));
  EXPECT_TRUE(versionPromises(v(0, 12, 12), row));
  EXPECT_TRUE(versionPromises(v(0, 13, 9), row));
  EXPECT_FALSE(versionPromises(v(0, 12, 11), row));
  EXPECT_FALSE(versionPromises(v(0, 13, 6), row));
  EXPECT_FALSE(versionPromises(v(0, 14, 4), row));  // no backport on 0.14
  row.backports = " ,junk, 0.14.4 ";
  EXPECT_TRUE(versionPromises(v(0, 14, 4), row));
  EXPECT_FALSE(versionPromises(v(0, 11, 0), row));
}

}  // namespace
}  // namespace wc

