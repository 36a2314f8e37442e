#include "case_table.h"

#include <cstdio>

#include "support/needs.h"

namespace wc {

CaseRow::CaseRow(const char* id, Level level, std::string title, std::string source,
                 std::vector<Need> needs, CaseBody body) {
  auto& info = def_.info;
  info.id = id;
  info.area = info.id.substr(0, info.id.find('.'));
  info.endpoint = endpointInfo(Endpoint::ThreadRunsCreate).slug;
  info.level = level;
  info.title = std::move(title);
  info.source = std::move(source);
  info.needs = std::move(needs);
  def_.run = std::move(body);
  def_.unmetNeed = [needs = info.needs](const TargetProfile& profile) {
    return skipReason(needs, profile);
  };
}

CaseRow&& CaseRow::since(PlatformChange change) && {
  def_.info.onlySince.push_back(change);
  def_.unmetNeed = [needs = def_.info.needs, since = def_.info.onlySince](const TargetProfile& p) {
    if (auto why = skipReason(needs, p)) return why;
    return versionSkipReason(since, p.platform);
  };
  return std::move(*this);
}
CaseRow&& CaseRow::dependsOn(PlatformChange change) && {
  def_.info.dependsOn.push_back(change);
  return std::move(*this);
}

CaseRow&& CaseRow::set(std::string CaseInfo::*field, std::string& text) && {
  def_.info.*field = std::move(text);
  return std::move(*this);
}
CaseRow&& CaseRow::on(Endpoint endpoint) && {
  def_.info.endpoint = endpointInfo(endpoint).slug;
  return std::move(*this);
}
CaseRow&& CaseRow::budget(std::chrono::seconds deadline) && {
  def_.info.budget = deadline;
  return std::move(*this);
}

CaseRow endpointRow(const char* id, Level level, Endpoint endpoint, const std::string& promise,
                    std::string source, std::vector<Need> needs,
                    void (*body)(CaseContext&, Endpoint)) {
  return CaseRow{id, level, endpointInfo(endpoint).operation + promise, std::move(source),
                 std::move(needs),
                 [body, endpoint](CaseContext& ctx) { body(ctx, endpoint); }}
      .on(endpoint);
}

std::string secondsText(std::chrono::milliseconds duration) {
  char text[32];
  std::snprintf(text, sizeof text, "%g s", static_cast<double>(duration.count()) / 1000.0);
  return text;
}

}  // namespace wc
