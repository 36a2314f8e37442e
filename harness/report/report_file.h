#pragma once
// One way every report file is written: whole, binary-exact, and a failure named by its path.
#include <string>

namespace wc {

bool writeReportFile(const std::string& text, const std::string& path, std::string* error);

}  // namespace wc
