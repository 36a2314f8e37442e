#pragma once
// One way every report file is written: whole, binary-exact, and a failure named by its path.
#include <string>
#include <vector>

namespace wc {

bool writeReportFile(const std::string& text, const std::string& path, std::string* error);

// A set of reports written together (report.json, junit.xml, report.html, summary.md; load's
// three): while one is open on this thread, writeReportFile writes each file to a temporary beside
// it and commit() renames them all at the end, so a stop mid-way never leaves one run's
// report.json beside another run's junit.xml, nor a truncated file. Without commit() the
// temporaries are removed.
class ReportSetWrite {
 public:
  ReportSetWrite();
  ~ReportSetWrite();
  ReportSetWrite(const ReportSetWrite&) = delete;
  ReportSetWrite& operator=(const ReportSetWrite&) = delete;
  bool commit(std::string* error);

 private:
  friend bool writeReportFile(const std::string&, const std::string&, std::string*);
  friend void abandonOpenReportSet() noexcept;
  struct Staged {
    std::string temporary, path;
  };
  std::vector<Staged> staged_;
  ReportSetWrite* outer_;  // non-null: this set joined an outer one, which commits
};
// Removes the temporaries of the set open on this thread, for an exit that skips destructors
// (std::terminate): no ".partial-<pid>" file is left beside the reports. Allocates nothing.
void abandonOpenReportSet() noexcept;

// Appends (e.g. to $GITHUB_STEP_SUMMARY, which other steps write too); same failure message shape.
bool appendToFile(const std::string& text, const std::string& path, std::string* error);

}  // namespace wc
