#pragma once
#include <string>

#include "report/run_report.h"

namespace wc {

// JUnit XML: one <testsuite> per area (time: the area's wall time), one <testcase> per case
// (classname "webhook-conformance", name the case id); failures carry the evidence, skips their
// reason as text, a SHOULD warning that does not break the gate is a <skipped> reading
// "WARN (SHOULD): ..."; suite properties carry each case's level, outcome, source and instance.
// Valid against both the Jenkins junit-10 and junit-4 XSDs. Returns false with a message.
bool writeJunitReport(const JudgedRun& judged, const std::string& path, std::string* error);

// After exit 3: one <testsuite name="preflight"> with one testcase
// "preflight.target-reachable" holding an <error> that names the reason.
bool writeUnreachableJunit(const UnreachableReport& report, const std::string& path,
                           std::string* error);

}  // namespace wc
