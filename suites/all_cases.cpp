#include "suites.h"

namespace wc {

const CaseRegistry& allCases() {
  static const CaseRegistry registry = [] {
    CaseRegistry r;
    registerDeliveryCases(r);
    registerPayloadCases(r);
    registerTokenCases(r);
    return r;
  }();
  return registry;
}

}  // namespace wc
