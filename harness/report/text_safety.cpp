#include "report/text_safety.h"

#include <algorithm>
#include <cstdio>

namespace wc {

std::string validUtf8(const std::string& text) {
  static const char* kReplacement = "\xEF\xBF\xBD";
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    auto c = static_cast<unsigned char>(text[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    bool ok = len > 0 && i + len <= text.size();
    for (size_t k = 1; ok && k < len; ++k)
      ok = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
    if (ok && len > 1) {
      // Reject overlong forms, surrogates and code points past U+10FFFF.
      unsigned cp = c & (0xFF >> (len + 1));
      for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
      static const unsigned kMin[] = {0, 0, 0x80, 0x800, 0x10000};
      ok = cp >= kMin[len] && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
    }
    if (ok) {
      out.append(text, i, len);
      i += len;
    } else {
      out += kReplacement;
      ++i;
    }
  }
  return out;
}

std::string htmlEscape(const std::string& text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

namespace {

// The code point of the valid UTF-8 sequence at text[i] and its length.
unsigned decodeAt(const std::string& text, size_t i, size_t* len) {
  auto c = static_cast<unsigned char>(text[i]);
  *len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
  if (*len == 1) return c;
  unsigned cp = c & (0xFF >> (*len + 1));
  for (size_t k = 1; k < *len; ++k)
    cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
  return cp;
}

bool invisibleControl(unsigned cp) {
  return (cp >= 0x80 && cp <= 0x9F) ||                       // C1: CSI, OSC, NEL as one character
         (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||  // bidi overrides
         cp == 0x200E || cp == 0x200F || cp == 0x061C ||      // direction marks
         cp == 0x2028 || cp == 0x2029 ||                      // line/paragraph separators
         cp == 0xFFFE || cp == 0xFFFF;                        // not characters (invalid in XML)
}

}  // namespace

std::string escapeControl(const std::string& raw, bool keepLayout) {
  std::string text = validUtf8(raw), out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    size_t len = 1;
    unsigned cp = decodeAt(text, i, &len);
    char buf[16];
    if (cp < 0x20 || cp == 0x7F) {
      if (keepLayout && (cp == '\n' || cp == '\t')) {
        out += static_cast<char>(cp);
      } else if (keepLayout && cp == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
        // \r\n: the \n alone keeps the layout.
      } else {
        std::snprintf(buf, sizeof buf, "\\x%02x", cp);
        out += buf;
      }
    } else if (invisibleControl(cp)) {
      std::snprintf(buf, sizeof buf, "\\u{%04x}", cp);
      out += buf;
    } else {
      out.append(text, i, len);
    }
    i += len;
  }
  return out;
}

std::string terminalSafe(const std::string& text) { return escapeControl(text, false); }

std::string inertLine(const std::string& raw, size_t maxBytes) {
  // Escaping only lengthens: the first maxBytes of the input are all that can be shown, and a
  // megabyte body costs no more than its start.
  size_t head = std::min(raw.size(), maxBytes);
  while (head > 0 && head < raw.size() && (static_cast<unsigned char>(raw[head]) & 0xC0) == 0x80)
    --head;
  const std::string escaped = escapeControl(raw.substr(0, head), false);
  std::string line = truncateUtf8(escaped, maxBytes);
  if (head < raw.size() && escaped.size() <= maxBytes) line += "…";
  // GitHub Actions reads `::command::` (and the older `##[command]`) at a line's start, blanks
  // before it allowed.
  const size_t start = line.find_first_not_of(" \t");
  if (start == std::string::npos) return line;
  if (line.compare(start, 2, "::") == 0) line.replace(start, 1, "\\x3a");
  else if (line.compare(start, 3, "##[") == 0) line.replace(start, 1, "\\x23");
  return line;
}

std::string markdownCode(const std::string& raw, bool inTable) {
  std::string text;
  for (char c : escapeControl(raw, true)) text += (c == '\n' || c == '\t') ? ' ' : c;
  if (text.empty()) return "";
  if (inTable) {
    std::string piped;
    for (char c : text) {
      if (c == '|') piped += "\\|";
      else piped += c;
    }
    text = piped;
  }
  size_t longest = 0, run = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  std::string fence(longest + 1, '`');
  // A span starting or ending with a backtick needs a space, which the renderer strips again.
  bool pad = text.front() == '`' || text.back() == '`' ||
             (text.front() == ' ' && text.back() == ' ');
  std::string inner = pad ? " " + text + " " : text;
  return fence + inner + fence;
}

std::string truncateUtf8(const std::string& raw, size_t maxBytes) {
  std::string text = validUtf8(raw);
  if (text.size() <= maxBytes) return text;
  size_t cut = maxBytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + "…";
}

}  // namespace wc
