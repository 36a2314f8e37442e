#include "cli/console_style.h"

#include <unistd.h>

#include <cstdlib>

namespace wc {

bool parseColorChoice(const std::string& text, ColorChoice* out) {
  if (text == "auto") *out = ColorChoice::Auto;
  else if (text == "always") *out = ColorChoice::Always;
  else if (text == "never") *out = ColorChoice::Never;
  else return false;
  return true;
}

std::string colorChoiceFromFlag(const std::string& flag, ColorChoice* out) {
  if (parseColorChoice(flag, out)) return "";
  return "--color must be auto, always or never, got '" + flag.substr(0, 40) + "'";
}

bool colorWanted(ColorChoice choice, bool terminal, const char* noColor) {
  if (choice != ColorChoice::Auto) return choice == ColorChoice::Always;
  return terminal && !(noColor && *noColor);
}

bool colorWantedFor(ColorChoice choice, int fd) {
  return colorWanted(choice, isatty(fd) == 1, std::getenv("NO_COLOR"));
}

}  // namespace wc
