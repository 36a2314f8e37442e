#pragma once
// Report files written into a fresh directory and read back, plus the searches the reliability
// report tests run on them (tests/harness/report/reliability_reports_test.cpp,
// reliability_outcomes_test.cpp).
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include "launch/langgraph_js_versions.h"
#include "report/text_safety.h"
#include "report/write_reports.h"
#include "report_fixture.h"
#include "schema/payload_validator.h"

namespace wc {
namespace testing_support {

inline const char* const kReportFiles[] = {"junit.xml", "report.json", "report.html", "summary.md"};

// The documented schema in the source tree. The reliability tests carry no compile-time path to
// it (and __FILE__ is relative under ccache), so it is found from the source directory the CLI
// library was built with: <source>/fixtures/langgraph-js -> <source>/docs.
inline const SchemaValidator& reportSchema() {
  static const SchemaValidator schema = [] {
    auto path = std::filesystem::path(defaultLangGraphJsDir()).parent_path().parent_path() /
                "docs" / "report.schema.json";
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path.string());
    return SchemaValidator(nlohmann::json::parse(in));
  }();
  return schema;
}

class ReportFiles {
 public:
  explicit ReportFiles(const std::string& name) : dir_(freshDir(name)) {}
  ~ReportFiles() { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir() const { return dir_; }
  ReportPaths paths() const { return {dir_.string(), ""}; }
  std::string read(const std::string& file) const { return readFile(dir_ / file); }

 private:
  std::filesystem::path dir_;
};

// Where `needle` occurs in `text`, with context, for a failure message.
inline std::string near(const std::string& text, const std::string& needle) {
  auto at = text.find(needle);
  if (at == std::string::npos) return "(absent)";
  auto from = at > 60 ? at - 60 : 0;
  return terminalSafe(text.substr(from, needle.size() + 120));
}

// The first raw control byte (C0 other than \n and \t, DEL) or C1 code point (U+0080..U+009F
// as UTF-8) in `text`; npos when there is none.
inline size_t firstControl(const std::string& text) {
  for (size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) return i;
    if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
        static_cast<unsigned char>(text[i + 1]) <= 0x9F)
      return i;
  }
  return std::string::npos;
}

// Markdown with its code spans removed (CommonMark: a run of n backticks closes at the next run
// of exactly n): what a renderer would interpret rather than show.
inline std::string outsideCodeSpans(const std::string& md) {
  std::string out;
  size_t i = 0;
  while (i < md.size()) {
    if (md[i] != '`') {
      out += md[i++];
      continue;
    }
    size_t n = 0;
    while (i + n < md.size() && md[i + n] == '`') ++n;
    size_t close = std::string::npos;
    for (size_t j = i + n; j < md.size();) {
      if (md[j] != '`') {
        ++j;
        continue;
      }
      size_t m = 0;
      while (j + m < md.size() && md[j + m] == '`') ++m;
      if (m == n) {
        close = j;
        break;
      }
      j += m;
    }
    if (close == std::string::npos) {  // an unclosed run is literal text
      out.append(md, i, n);
      i += n;
    } else {
      out += ' ';
      i = close + n;
    }
  }
  return out;
}

}  // namespace testing_support
}  // namespace wc
