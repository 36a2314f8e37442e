#pragma once
// GitHub Actions workflow commands (`::error` / `::warning`) for the cases that need attention,
// so a run's failures and warnings show on the job's page and in the PR checks. No file or line
// properties: the cases are not in the user's repository, so annotations stay on the run.
#include <ostream>
#include <string>

#include "report/run_report.h"

namespace wc {

enum class AnnotationStyle { None, Github };

// --annotations: "github", "none" or "auto" (github when GITHUB_ACTIONS is "true"). False for
// any other value.
bool parseAnnotationStyle(const std::string& text, bool githubActions, AnnotationStyle* out);
// The --annotations flag of run and merge, "auto" judged by this process's GITHUB_ACTIONS: ""
// when `flag` is valid, else the usage error's line.
std::string annotationStyleFromFlag(const std::string& flag, AnnotationStyle* out);

// The escaping GitHub applies to a command's message (% CR LF) and to a property value (also
// : and ,), so a message from the target cannot end the command or start another.
std::string escapeWorkflowData(const std::string& text);
std::string escapeWorkflowProperty(const std::string& text);

// One line per case that breaks the gate (::error: fail, error, stale, interrupted, a warning
// under --strict) or warns without breaking it (::warning), messages redacted and bounded.
void printAnnotations(const JudgedRun& judged, std::ostream& out);

// GitHub Actions renders $GITHUB_STEP_SUMMARY on the run's page: appends <reportDir>/summary.md
// to it when the variable is set (run and merge). Not being able to is one warning on stderr,
// never the verdict.
void appendGithubStepSummary(const std::string& reportDir);

}  // namespace wc
