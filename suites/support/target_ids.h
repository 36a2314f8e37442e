#pragma once
// Ids the target gives (thread_id, cron_id) go into the paths of later requests: a missing one, or
// one with a control byte (a NUL cuts a path, a newline splits a log line), ends the case as
// `error` naming the field; the rest are percent-encoded where they enter a path (pathSegment).
#include <string>

#include "runner/case_context.h"

namespace wc {

// `field` of the JSON object `answer` returned by `call`, or the case ends as `error`.
std::string requireTargetId(CaseContext& ctx, const ApiResponse& answer, const char* field,
                            const std::string& call);
// A new thread on the target (POST /threads): its id.
std::string newThread(CaseContext& ctx);

}  // namespace wc
