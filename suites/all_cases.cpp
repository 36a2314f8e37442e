// The catalogue: every area's table, in order. Adding an area is its file
// (suites/<area>_cases.cpp, defining `CaseTable <area>Cases()`) plus one line in this list.
#include "case_table.h"

#define WC_AREAS(AREA) \
  AREA(delivery)       \
  AREA(payload)        \
  AREA(token)          \
  AREA(headers)        \
  AREA(headersSignature) \
  AREA(disable)        \
  AREA(urlPolicy)      \
  AREA(failure)        \
  AREA(concurrency)    \
  AREA(resilience)

namespace wc {

#define WC_DECLARE_AREA(area) CaseTable area##Cases();
WC_AREAS(WC_DECLARE_AREA)
#define WC_AREA_TABLE(area) area##Cases(),

const CaseRegistry& allCases() {
  static const CaseRegistry registry = [] {
    CaseRegistry r;
    for (const auto& table : {WC_AREAS(WC_AREA_TABLE)})
      for (const auto& row : table) r.add(row.def());
    return r;
  }();
  return registry;
}

}  // namespace wc
