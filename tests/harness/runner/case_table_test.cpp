// The case tables (suites/<area>_cases.cpp): every id is unique, carries its area as prefix and
// is written once, as a literal, in the row that defines it (one grep lands on the case); every
// Need is handled by the skip logic.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "runner/case.h"
#include "runner/runner.h"
#include "support/needs.h"

namespace wc {
namespace {

TEST(CaseTables, IdsAreUniqueAndPrefixedByTheirArea) {
  std::set<std::string> seen;
  for (const auto& c : allCases().all()) {
    const auto& info = c.info;
    EXPECT_TRUE(seen.insert(info.id).second) << "duplicate id " << info.id;
    ASSERT_FALSE(info.area.empty()) << info.id;
    EXPECT_EQ(0u, info.id.rfind(info.area + ".", 0)) << info.id << " is not in area " << info.area;
    // ctest names and bracket arguments take them as they are
    // (tests/suites/conformance_ctest.cmake).
    EXPECT_EQ(std::string::npos, info.id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789.-"))
        << info.id;
    EXPECT_TRUE(c.run) << info.id << " has no body";
  }
  EXPECT_EQ(allCases().all().size(), seen.size());
}

std::map<std::string, std::string> suiteSources() {
  std::map<std::string, std::string> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(WC_SUITES_DIR)) {
    auto ext = entry.path().extension();
    if (!entry.is_regular_file() || (ext != ".cpp" && ext != ".h")) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    files[entry.path().string()] = text.str();
  }
  return files;
}

TEST(CaseTables, EveryIdIsOneStringLiteralUnderSuites) {
  const auto files = suiteSources();
  ASSERT_FALSE(files.empty()) << "no sources under " << WC_SUITES_DIR;
  for (const auto& c : allCases().all()) {
    const std::string literal = "\"" + c.info.id + "\"";
    std::vector<std::string> where;
    for (const auto& [path, text] : files)
      for (auto at = text.find(literal); at != std::string::npos; at = text.find(literal, at + 1))
        where.push_back(path);
    EXPECT_EQ(1u, where.size()) << literal << " must be written once under suites/, found "
                                << where.size() << (where.empty() ? "" : ", e.g. in " + where[0]);
  }
}

TEST(Needs, AreListedInDeclarationOrderWithDistinctNames) {
  std::set<std::string> names;
  for (size_t i = 0; i < std::size(kNeedNames); ++i) {
    EXPECT_EQ(static_cast<Need>(i), kNeedNames[i].need) << kNeedNames[i].name;
    ASSERT_NE(nullptr, toString(kNeedNames[i].need));
    EXPECT_TRUE(names.insert(toString(kNeedNames[i].need)).second) << kNeedNames[i].name;
  }
  EXPECT_EQ(nullptr, toString(static_cast<Need>(std::size(kNeedNames))));
}

// A target that has nothing, and one that has everything (and a langgraph.json that sets
// every key): each need is unmet on one of them and met on the other.
TargetProfile bareTarget() { return {}; }
TargetProfile fullyConfiguredTarget() {
  TargetProfile p;
  p.info = {{"flags", {{"crons", true}}}};
  p.destructive = true;
  p.failAssistantId = "fail";
  p.slowAssistantId = "slow";
  p.reviewAssistantId = "review";
  p.httpsCallback = true;
  p.targetConfig = nlohmann::json{
      {"http", {{"disable_webhooks", true}}},
      {"webhooks",
       {{"headers", {{"X-Secret", "s"}}},
        {"url", {{"require_https", true}, {"disable_private_ips", true}}},
        {"allowed_fields", {"run_id", "status"}}}}};
  return p;
}

// A deployment that left every webhooks.* key at the platform's default.
TargetProfile platformDefaultsTarget() {
  TargetProfile p = bareTarget();
  p.targetConfig = nlohmann::json::object();
  return p;
}

TEST(Needs, EveryNeedIsHandledBySkipLogic) {
  const TargetProfile profiles[] = {bareTarget(), fullyConfiguredTarget(), platformDefaultsTarget()};
  for (const auto& [need, name] : kNeedNames) {
    int skipped = 0, met = 0;
    for (const auto& profile : profiles) {
      auto why = skipReason(need, profile);
      if (why) {
        ++skipped;
        EXPECT_FALSE(why->empty()) << name;
      } else {
        ++met;
      }
    }
    EXPECT_GE(skipped, 1) << name << ": unmet on at least one of the three targets";
    EXPECT_GE(met, 1) << name << ": met on at least one of the three targets";
  }
}

TEST(Needs, ACaseSkipsWithItsFirstUnmetNeed) {
  CaseInfo info;
  info.needs = {Need::WebhooksEnabled, Need::Crons, Need::Destructive};
  auto why = skipReason(info, bareTarget());
  ASSERT_TRUE(why);
  EXPECT_EQ(*skipReason(Need::Crons, bareTarget()), *why);
  info.needs = {Need::WebhooksEnabled};
  EXPECT_FALSE(skipReason(info, bareTarget()));
}

}  // namespace
}  // namespace wc

namespace wc {
namespace {

// The platform profile table names the cases each change decides: those ids (or id patterns
// ending in '*') must exist, and every case that says it depends on a change is named there.
TEST(PlatformChanges, NameCasesThatExistAndThatNameThem) {
  auto matches = [](const std::string& pattern, const std::string& id) {
    if (!pattern.empty() && pattern.back() == '*')
      return id.rfind(pattern.substr(0, pattern.size() - 1), 0) == 0;
    auto star = pattern.find('*');
    if (star == std::string::npos) return pattern == id;
    return id.rfind(pattern.substr(0, star), 0) == 0 &&
           id.size() >= pattern.size() - 1 &&
           id.compare(id.size() - (pattern.size() - star - 1), std::string::npos,
                      pattern.substr(star + 1)) == 0;
  };
  for (const auto& row : platformChanges()) {
    std::string list = row.cases;
    for (size_t at = 0; at <= list.size();) {
      auto comma = list.find(", ", at);
      auto pattern = list.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
      bool found = false;
      for (const auto& c : allCases().all()) found = found || matches(pattern, c.info.id);
      EXPECT_TRUE(found) << row.key << " names " << pattern << ", which matches no case";
      if (comma == std::string::npos) break;
      at = comma + 2;
    }
  }
  for (const auto& c : allCases().all())
    for (const auto* changes : {&c.info.onlySince, &c.info.dependsOn})
      for (auto change : *changes) {
        const auto& row = platformChange(change);
        std::string list = row.cases;
        bool named = false;
        for (size_t at = 0; at <= list.size();) {
          auto comma = list.find(", ", at);
          named = named || matches(list.substr(at, comma == std::string::npos ? std::string::npos
                                                                              : comma - at),
                                   c.info.id);
          if (comma == std::string::npos) break;
          at = comma + 2;
        }
        EXPECT_TRUE(named) << c.info.id << " depends on " << row.key << ", whose row does not name it";
      }
}

}  // namespace
}  // namespace wc

namespace wc {
namespace {

// Every expectation says what kind of evidence it rests on, and a MUST never rests on a guess: a
// gate that fails a correct deployment on an assumption is as harmful as one that passes a
// broken one.
TEST(EvidenceGrades, EveryCaseIsGraded) {
  for (const auto& c : allCases().all())
    EXPECT_TRUE(c.info.evidenceGrade) << c.info.id << " has no .evidence(EvidenceGrade::...)";
}

TEST(EvidenceGrades, NoMustRestsOnAnAssumption) {
  for (const auto& c : allCases().all())
    if (c.info.evidenceGrade == EvidenceGrade::Assumed)
      EXPECT_NE(Level::Must, c.info.level)
          << c.info.id << " is a MUST resting on an assumption: make it SHOULD or INFO, or cite "
                          "a document or an observation";
}

TEST(EvidenceGrades, AnAssumptionSaysWhatWouldSettleIt) {
  for (const auto& c : allCases().all()) {
    const bool assumed = c.info.evidenceGrade == EvidenceGrade::Assumed;
    EXPECT_EQ(assumed, !c.info.settledBy.empty())
        << c.info.id << (assumed ? ": an assumed expectation needs .settledBy(...)"
                                 : ": .settledBy(...) is for assumed expectations only");
  }
}

// "Observed" covers two kinds of evidence; the source names which.
TEST(EvidenceGrades, AnObservationNamesCodeOrMeasurement) {
  for (const auto& c : allCases().all()) {
    if (c.info.evidenceGrade != EvidenceGrade::Observed) continue;
    const auto& s = c.info.source;
    EXPECT_TRUE(s.find("code") != std::string::npos || s.find("measured") != std::string::npos)
        << c.info.id << ": an observed source says whether it was read in the server's code or "
                        "measured on a real server: " << s;
  }
}

TEST(EvidenceGrades, AreListedInDeclarationOrderWithDistinctNames) {
  std::set<std::string> names;
  for (size_t i = 0; i < std::size(kEvidenceGradeNames); ++i) {
    const auto grade = kEvidenceGradeNames[i].grade;
    EXPECT_EQ(static_cast<EvidenceGrade>(i), grade) << kEvidenceGradeNames[i].name;
    ASSERT_NE(nullptr, toString(grade));
    EXPECT_TRUE(names.insert(toString(grade)).second) << kEvidenceGradeNames[i].name;
    EXPECT_EQ(grade, evidenceGradeNamed(toString(grade)));
  }
  EXPECT_FALSE(evidenceGradeNamed("proven"));
}

}  // namespace
}  // namespace wc
