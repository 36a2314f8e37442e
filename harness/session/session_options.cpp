#include "session/session_options.h"

namespace wc {

bool parseHeader(const std::string& text, std::string* name, std::string* value) {
  auto colon = text.find(':');
  if (colon == std::string::npos || colon == 0) return false;
  *name = text.substr(0, colon);
  auto v = text.substr(colon + 1);
  auto first = v.find_first_not_of(" \t");
  *value = first == std::string::npos ? "" : v.substr(first);
  return true;
}

}  // namespace wc
