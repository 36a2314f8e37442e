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

// GitHub shows 10 ::error and 10 ::warning annotations per step and drops the rest: at most that
// many of each, the ones that explain the most first. The run's diagnoses come first (errors when
// the gate breaks, warnings when it passes), then one line per cause (cause_groups.h) of the cases
// that break the gate (::error: fail, error, stale, interrupted, a warning under --strict), then
// one per cause of the warnings (::warning), each naming its count and first ids, messages
// redacted and bounded. A last ::notice says what was left out and points to report.html.
void printAnnotations(const JudgedRun& judged, const std::string& reportDir, std::ostream& out);

// The cap of each of ::error and ::warning.
constexpr size_t kMaxAnnotationsPerKind = 10;

// GitHub Actions renders $GITHUB_STEP_SUMMARY on the run's page: appends <reportDir>/summary.md
// to it when the variable is set (run and merge). Not being able to is one warning on stderr,
// never the verdict.
void appendGithubStepSummary(const std::string& reportDir);

}  // namespace wc
