#include "suites.h"

namespace wc {

const CaseRegistry& allCases() {
  static const CaseRegistry registry = [] {
    CaseRegistry r;
    registerDeliveryCases(r);
    registerPayloadCases(r);
    registerPayloadOutcomeCases(r);
    registerTokenCases(r);
    registerHeadersCases(r);
    registerDisableCases(r);
    registerUrlPolicyCases(r);
    registerFailureCases(r);
    registerConcurrencyCases(r);
    registerResilienceCases(r);
    return r;
  }();
  return registry;
}

}  // namespace wc
