#pragma once
// An area's cases as one table of rows (suites/<area>_cases.cpp). A row starts with the literal
// id, the level, the title, the source, the needs and the body; the write-up follows beside it:
// purpose, what the target must support, procedure, asserts. The area is the id's prefix.
//
//   CaseRow{"<area>.<name>", Level::Should, "a webhook answered 404 is not retried", kRetries,
//           {Need::WebhooksEnabled}, noRetryOn4xx}
//       .evidence(EvidenceGrade::Observed)
//       .purpose("A 4xx says the request itself is wrong; repeating it only adds load.")
//       .requiring("...").procedure("...").asserts("...")
//
// The evidence grade says what kind of source `source` is: documented (docs page, changelog,
// OpenAPI, langgraph.json schema), observed (the server's code or a measurement: the source names
// which) or assumed. An assumed row is SHOULD or INFO and says what would settle it (settledBy).
//
// Families (one row per endpoint, per vector) are rows too, each with its literal id; a helper
// may fill in the repeated text around the id, never the id itself.
#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "runner/case.h"
#include "support/endpoints.h"

namespace wc {

using CaseBody = std::function<void(CaseContext&)>;

class CaseRow {
 public:
  // The endpoint defaults to POST /threads/{thread_id}/runs: on() names another.
  CaseRow(const char* id, Level level, std::string title, std::string source,
          std::vector<Need> needs, CaseBody body);

  CaseRow&& evidence(EvidenceGrade grade) && {
    def_.info.evidenceGrade = grade;
    return std::move(*this);
  }
  // For an assumed expectation: what would settle it (a docs sentence, a measurement on ...).
  CaseRow&& settledBy(std::string text) && {
    return std::move(*this).set(&CaseInfo::settledBy, text);
  }
  CaseRow&& purpose(std::string text) && { return std::move(*this).set(&CaseInfo::purpose, text); }
  // What the target must support.
  CaseRow&& requiring(std::string text) && { return std::move(*this).set(&CaseInfo::requires_, text); }
  CaseRow&& procedure(std::string text) && { return std::move(*this).set(&CaseInfo::procedure, text); }
  CaseRow&& asserts(std::string text) && { return std::move(*this).set(&CaseInfo::asserts, text); }
  CaseRow&& on(Endpoint endpoint) &&;
  CaseRow&& onEveryEndpoint() && {
    def_.info.endpoint = kEveryEndpoint;
    return std::move(*this);
  }
  CaseRow&& budget(std::chrono::seconds deadline) &&;  // default CaseInfo::kDefaultCaseBudget
  // What the case creates at most, when more than one run on its endpoint (plannedCreations).
  CaseRow&& creates(Creations most) && {
    def_.info.creates = most;
    return std::move(*this);
  }
  // Skipped on platform versions before `change` (they do not promise it).
  CaseRow&& since(PlatformChange change) &&;
  // What the case asserts depends on whether the target's version promises `change`.
  CaseRow&& dependsOn(PlatformChange change) &&;

  const CaseDef& def() const { return def_; }

 private:
  CaseRow&& set(std::string CaseInfo::*field, std::string& text) &&;
  CaseDef def_;
};

using CaseTable = std::vector<CaseRow>;

// A row of a per-endpoint family (one row per endpoint, each with its literal id): on(endpoint),
// the title is the endpoint's operation followed by `promise`, the body is called with it.
CaseRow endpointRow(const char* id, Level level, Endpoint endpoint, const std::string& promise,
                    std::string source, std::vector<Need> needs,
                    void (*body)(CaseContext&, Endpoint));

// "2 s", "2.5 s", "0.3 s": a duration for a write-up, from the constant the body waits with.
std::string secondsText(std::chrono::milliseconds duration);

}  // namespace wc
