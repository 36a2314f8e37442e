#include "util/excerpt.h"

namespace wc {

std::string excerpt(const std::string& text, size_t maxBytes) {
  if (text.size() <= maxBytes) return text;
  size_t cut = maxBytes;
  // A continuation byte (10xxxxxx) at the cut would leave its sequence's lead byte dangling.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + "…(" + std::to_string(text.size()) + " bytes)";
}

}  // namespace wc
