#pragma once

#include <cstddef>
#include <string>

namespace wc {

// At most `maxBytes` of `text` for a message, cut before a UTF-8 sequence rather than inside it,
// with the whole length said when anything was cut: "abc…(1234 bytes)". The one way the project
// shortens outside text; making it inert for a terminal or a report is the writers' job.
std::string excerpt(const std::string& text, size_t maxBytes);

}  // namespace wc
