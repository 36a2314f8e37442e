#include "support/target_ids.h"

#include "report/text_safety.h"
#include "util/bounded_json.h"

namespace wc {

std::string requireTargetId(CaseContext& ctx, const ApiResponse& answer, const char* field,
                            const std::string& call) {
  auto id = textField(answer.json, field);
  if (id.empty())
    ctx.error(call + " answered without a string " + field + ": " + answer.body.substr(0, 300));
  for (unsigned char c : id)
    if (c < 0x20 || c == 0x7f)
      ctx.error(call + " answered a " + field + " with a control character ('" +
                escapeControl(id.substr(0, 80), false) + "'): it cannot go into a request path");
  return id;
}

std::string newThread(CaseContext& ctx) {
  auto thread = ctx.need(ctx.target().createThread(), "creating a thread");
  return requireTargetId(ctx, thread, "thread_id", "POST /threads");
}

}  // namespace wc
