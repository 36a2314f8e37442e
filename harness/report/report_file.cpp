#include "report/report_file.h"

#include <fstream>

namespace wc {

namespace {

bool writeText(const std::string& text, const std::string& path, std::ios::openmode mode,
               const char* verb, std::string* error) {
  std::ofstream out(path, std::ios::binary | mode);
  out << text;
  out.flush();
  if (!out) {
    if (error) *error = std::string("cannot ") + verb + " " + path;
    return false;
  }
  return true;
}

}  // namespace

bool writeReportFile(const std::string& text, const std::string& path, std::string* error) {
  return writeText(text, path, std::ios::trunc, "write", error);
}

bool appendToFile(const std::string& text, const std::string& path, std::string* error) {
  return writeText(text, path, std::ios::app, "append to", error);
}

}  // namespace wc
