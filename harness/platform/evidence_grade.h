#pragma once
// What kind of evidence an expectation rests on. A conformance gate that fails a correct
// deployment is as harmful as one that passes a broken one, so every case and every row of the
// platform table says whether its source is a promise, a reading of real behaviour, or a guess:
// a MUST never rests on a guess (tests/harness/runner/case_table_test.cpp).
#include <optional>
#include <string>

namespace wc {

enum class EvidenceGrade {
  Documented,  // the docs page, the Agent Server changelog, the OpenAPI spec, the langgraph.json schema
  Observed,    // read in a server's code or measured on a real server; the source names which
  Assumed,     // neither: the write-up says what would settle it
};
struct EvidenceGradeName {
  EvidenceGrade grade;
  const char* name;
};
inline constexpr EvidenceGradeName kEvidenceGradeNames[] = {
    {EvidenceGrade::Documented, "documented"},
    {EvidenceGrade::Observed, "observed"},
    {EvidenceGrade::Assumed, "assumed"},
};
static_assert(sizeof kEvidenceGradeNames / sizeof kEvidenceGradeNames[0] ==
                  static_cast<size_t>(EvidenceGrade::Assumed) + 1,
              "every EvidenceGrade has a name (a new grade goes last in both)");

// "documented", "observed", "assumed"; nullptr for none.
const char* toString(EvidenceGrade grade);
// The grade spelled `name`; nullopt for any other text (a report from elsewhere).
std::optional<EvidenceGrade> evidenceGradeNamed(const std::string& name);

}  // namespace wc
