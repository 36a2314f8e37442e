// merge's reader on arbitrary text: report.json parsed back, and when it is accepted, merged with
// itself and written as merge writes it. A refusal is one short line naming the file; an accepted
// report never crashes a writer, and its junit.xml is well-formed XML whatever its ids hold.
// tests/harness/report/reliability_merge_inputs_test.cpp runs this same function over seeds and
// mutations.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <pugixml.hpp>
#include <string>

#include "report/html_report.h"
#include "report/junit_report.h"
#include "report/markdown_summary.h"
#include "report/report_merge.h"
#include "report/report_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  const std::string name = "fuzz/report.json";
  wc::ReadReport read;
  std::string error;
  if (!wc::parseReportJson(text, name, &read, &error)) {
    // One line naming the file, with at most an excerpt of the bad value.
    if (error.rfind(name + ": ", 0) != 0 || error.size() > 1000 || error.find('\n') != std::string::npos)
      __builtin_trap();
    return 0;
  }
  wc::ReadReport again = read;
  std::vector<wc::ReadReport> inputs;
  inputs.push_back(std::move(read));
  inputs.push_back(std::move(again));
  auto merged = wc::mergeRuns(std::move(inputs), {"a", "b\x1b[31m"}, false, "0.0.0", nullptr);
  if (merged.report.results.empty()) return 0;  // merge writes the "nothing ran" set instead
  const wc::JudgedRun judged(merged.report);
  (void)wc::mergedJsonReport(judged, merged).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  (void)wc::renderHtmlReport(judged);
  (void)wc::renderMarkdownSummary(judged);
  const std::string junit = "/tmp/fuzz_report_reader-" + std::to_string(::getpid()) + ".xml";
  if (!wc::writeJunitReport(judged, junit, &error)) __builtin_trap();
  pugi::xml_document doc;
  bool wellFormed = doc.load_file(junit.c_str());
  ::unlink(junit.c_str());
  if (!wellFormed) __builtin_trap();
  return 0;
}
