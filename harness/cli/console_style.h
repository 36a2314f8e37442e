#pragma once
// Colour on the console: red for what breaks the gate, yellow for warnings, green for passes, dim
// for case ids. Decided once per stream (--color, NO_COLOR, whether it is a terminal), so a CI
// log, a pipe or a file never receives an escape sequence unless --color always asks for one.
#include <string>

namespace wc {

enum class ColorChoice { Auto, Always, Never };

// --color: "auto", "always" or "never"; false for any other value.
bool parseColorChoice(const std::string& text, ColorChoice* out);
// The --color flag of run: "" when valid, else the usage error's line.
std::string colorChoiceFromFlag(const std::string& flag, ColorChoice* out);

// Always and Never decide alone (a flag overrides the environment, as no-color.org asks); Auto
// colours a terminal unless NO_COLOR holds a non-empty value. `noColor`: NO_COLOR's value or null.
bool colorWanted(ColorChoice choice, bool terminal, const char* noColor);
// colorWanted with this process's NO_COLOR and isatty(fd).
bool colorWantedFor(ColorChoice choice, int fd);

// Wraps text in SGR sequences when on; returns it unchanged when off. The text is printed as
// given: target text must be made terminal-safe before it is styled.
class Palette {
 public:
  explicit Palette(bool on) : on_(on) {}
  bool on() const { return on_; }
  std::string bad(const std::string& text) const { return wrap("31", text); }   // red
  std::string warn(const std::string& text) const { return wrap("33", text); }  // yellow
  std::string good(const std::string& text) const { return wrap("32", text); }  // green
  std::string dim(const std::string& text) const { return wrap("2", text); }
  std::string bold(const std::string& text) const { return wrap("1", text); }

 private:
  std::string wrap(const char* sgr, const std::string& text) const {
    return on_ && !text.empty() ? "\033[" + std::string(sgr) + "m" + text + "\033[0m" : text;
  }
  bool on_;
};

}  // namespace wc
