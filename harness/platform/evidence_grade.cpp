#include "platform/evidence_grade.h"

namespace wc {

const char* toString(EvidenceGrade grade) {
  for (const auto& g : kEvidenceGradeNames)
    if (g.grade == grade) return g.name;
  return nullptr;
}

std::optional<EvidenceGrade> evidenceGradeNamed(const std::string& name) {
  for (const auto& g : kEvidenceGradeNames)
    if (name == g.name) return g.grade;
  return std::nullopt;
}

}  // namespace wc
