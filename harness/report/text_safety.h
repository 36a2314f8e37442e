#pragma once
// Captured bodies and target answers are arbitrary bytes; reports are UTF-8 text formats (XML,
// JSON, HTML, Markdown) and the terminal interprets control sequences. Everything from the
// target passes through one of these before it is written.
#include <string>

namespace wc {

// Replaces each invalid UTF-8 sequence with U+FFFD, so XML/JSON writers never emit invalid text.
std::string validUtf8(const std::string& text);

// &, <, >, " and ' as entities: safe in HTML text and attribute values.
std::string htmlEscape(const std::string& text);

// Valid UTF-8 with every control character made visible: C0 and DEL as `\x1b`, C1 (U+0080..9F),
// bidirectional overrides/isolates and U+FFFE/U+FFFF as `\u{009b}`. An ESC or OSC sequence
// thus loses its ESC and shows as text. `keepLayout` keeps \n and \t (and drops the \r of a
// \r\n) for block contexts: bodies, evidence. Without it, they are escaped too (one line).
std::string escapeControl(const std::string& text, bool keepLayout);

// One line safe to print on a terminal: escapeControl(text, false).
std::string terminalSafe(const std::string& text);

// Text from a target or a file as one inert line of a terminal or CI log: CR, LF, ESC and every
// other control character escaped (escapeControl), a leading `::` or `##[` (after any blanks)
// with its first character as `\x3a` / `\x23`, so a CI runner never reads it as a workflow
// command, and at most `maxBytes` bytes cut on a character boundary ("…" appended when cut).
// Redact before: a cut secret is no longer recognised.
std::string inertLine(const std::string& text, size_t maxBytes);

// Target-derived text as a Markdown code span: control characters escaped, line breaks as
// spaces, fenced with one backtick more than its longest backtick run, so links, images,
// mentions and HTML inside stay inert text. `inTable` escapes `|` (GFM splits cells on a pipe
// even inside a code span). Empty text gives "".
std::string markdownCode(const std::string& text, bool inTable = false);

// At most `maxBytes` bytes of UTF-8 text, cut on a character boundary, "…" appended when cut.
std::string truncateUtf8(const std::string& text, size_t maxBytes);

}  // namespace wc
