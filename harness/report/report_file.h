#pragma once
// One way every report file is written: whole, binary-exact, and a failure named by its path.
#include <string>

namespace wc {

bool writeReportFile(const std::string& text, const std::string& path, std::string* error);
// Appends (e.g. to $GITHUB_STEP_SUMMARY, which other steps write too); same failure message shape.
bool appendToFile(const std::string& text, const std::string& path, std::string* error);

}  // namespace wc
