#include "cli/rerun_failed.h"

#include <cctype>
#include <set>

#include "util/bounded_json.h"

namespace wc {
namespace {

constexpr size_t kMaxReportBytes = 64u << 20;  // far above 10,000 cases with evidence
constexpr size_t kMaxIdBytes = 200;

bool isCaseId(const std::string& id) {
  if (id.empty() || id.size() > kMaxIdBytes) return false;
  for (char c : id)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_'))
      return false;  // a glob character here would select more than the run had
  return true;
}

}  // namespace

bool casesToRerun(const std::string& path, std::vector<std::string>* ids, std::string* error) {
  std::string text, why;
  if (!readBoundedFile(path, kMaxReportBytes, &text, &why)) {
    *error = "--rerun-failed: " + why + " (run once with this --report-dir first)";
    return false;
  }
  auto report = parseBoundedJson(text, {}, &why);
  auto fail = [&](const std::string& problem) {
    *error = "--rerun-failed: " + path + ": " + problem;
    return false;
  };
  if (!report) return fail("not JSON: " + why);
  if (!report->is_object() || !report->contains("cases") || !(*report)["cases"].is_array())
    return fail("not a report.json of webhook-conformance (no \"cases\" list)");
  static const std::set<std::string> kAttention = {"fail", "error", "stale", "interrupted"};
  std::set<std::string> seen;
  for (const auto& c : (*report)["cases"]) {
    if (!c.is_object()) return fail("a case is not an object");
    auto id = c.find("id");
    auto outcome = c.find("outcome");
    if (outcome == c.end()) outcome = c.find("verdict");
    if (id == c.end() || !id->is_string() || outcome == c.end() || !outcome->is_string())
      return fail("a case has no string \"id\" and \"outcome\"");
    const auto name = id->get<std::string>();
    if (!isCaseId(name)) return fail("case id '" + name.substr(0, 60) + "' is not a case id");
    if (kAttention.count(outcome->get<std::string>()) && seen.insert(name).second)
      ids->push_back(name);
  }
  return true;
}

}  // namespace wc
