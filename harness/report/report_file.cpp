#include "report/report_file.h"

#include <fstream>

namespace wc {

bool writeReportFile(const std::string& text, const std::string& path, std::string* error) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.flush();
  if (!out) {
    if (error) *error = "cannot write " + path;
    return false;
  }
  return true;
}

}  // namespace wc
