#pragma once
// Captured bodies are arbitrary bytes; reports are UTF-8 text formats (XML, JSON, HTML).
#include <string>

namespace wc {

// Replaces each invalid UTF-8 sequence with U+FFFD, so XML/JSON writers never emit invalid text.
std::string validUtf8(const std::string& text);

// &, <, >, " and ' as entities: safe in HTML text and attribute values.
std::string htmlEscape(const std::string& text);

}  // namespace wc
