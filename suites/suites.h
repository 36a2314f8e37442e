#pragma once
// One registration function per area (suites/<area>_cases.cpp).
#include "runner/case.h"

namespace wc {

void registerDeliveryCases(CaseRegistry& registry);
void registerPayloadCases(CaseRegistry& registry);
void registerTokenCases(CaseRegistry& registry);
void registerCronDeliveryCases(CaseRegistry& registry);  // called by registerDeliveryCases
void registerPayloadOutcomeCases(CaseRegistry& registry);
void registerHeadersCases(CaseRegistry& registry);
void registerDisableCases(CaseRegistry& registry);
void registerUrlPolicyCases(CaseRegistry& registry);
void registerFailureCases(CaseRegistry& registry);
void registerConcurrencyCases(CaseRegistry& registry);
void registerResilienceCases(CaseRegistry& registry);

}  // namespace wc
