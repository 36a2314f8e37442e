#pragma once
// One registration function per area (suites/<area>_cases.cpp).
#include "runner/case.h"

namespace wc {

void registerDeliveryCases(CaseRegistry& registry);
void registerPayloadCases(CaseRegistry& registry);
void registerTokenCases(CaseRegistry& registry);

}  // namespace wc
