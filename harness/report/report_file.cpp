#include "report/report_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace wc {

namespace {

const char* kindOf(mode_t mode) {
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

// Opened without blocking and checked before a byte is written: a FIFO or device named like a
// report would otherwise hang the run forever (open() of a FIFO waits for a reader).
bool writeText(const std::string& text, const std::string& path, bool append, const char* verb,
               std::string* error) {
  auto fail = [&](const std::string& why) {
    if (error) *error = std::string("cannot ") + verb + " " + path + ": " + why;
    return false;
  };
  struct stat st{};
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode))
    return fail(std::string("it is ") + kindOf(st.st_mode) + ", not a regular file");
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_NONBLOCK | O_CLOEXEC | (append ? O_APPEND : 0),
                  0644);
  if (fd < 0) return fail(std::strerror(errno));
  bool regular = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);  // it may have changed since
  if (!regular) {
    ::close(fd);
    return fail(std::string("it is ") + kindOf(st.st_mode) + ", not a regular file");
  }
  if (!append && ::ftruncate(fd, 0) != 0) {
    ::close(fd);
    return fail(std::strerror(errno));
  }
  for (size_t done = 0; done < text.size();) {
    auto n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(fd);
      return fail(std::strerror(errno));
    }
    done += static_cast<size_t>(n);
  }
  if (::close(fd) != 0) return fail(std::strerror(errno));
  return true;
}

thread_local ReportSetWrite* openSet = nullptr;

}  // namespace

// A set opened inside another (merge's, around writeAllReports) joins it: the outer one commits.
ReportSetWrite::ReportSetWrite() : outer_(openSet) {
  if (!outer_) openSet = this;
}

ReportSetWrite::~ReportSetWrite() {
  if (outer_) return;
  openSet = nullptr;
  for (const auto& s : staged_) ::unlink(s.temporary.c_str());
}

bool ReportSetWrite::commit(std::string* error) {
  if (outer_) return true;
  for (const auto& s : staged_)
    if (::rename(s.temporary.c_str(), s.path.c_str()) != 0) {
      if (error) *error = "cannot write " + s.path + ": " + std::strerror(errno);
      return false;
    }
  staged_.clear();
  return true;
}

bool writeReportFile(const std::string& text, const std::string& path, std::string* error) {
  if (!openSet) return writeText(text, path, false, "write", error);
  // The final path is checked now (a FIFO named report.json is refused, never replaced).
  struct stat st{};
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    if (error) *error = "cannot write " + path + ": it is " + kindOf(st.st_mode) + ", not a regular file";
    return false;
  }
  const auto temporary = path + ".partial-" + std::to_string(::getpid());
  if (!writeText(text, temporary, false, "write", error)) return false;
  auto& staged = openSet->staged_;
  const bool again = std::any_of(staged.begin(), staged.end(),
                                 [&path](const auto& s) { return s.path == path; });
  if (!again) staged.push_back({temporary, path});  // written twice: the last text wins
  return true;
}

void abandonOpenReportSet() noexcept {
  if (!openSet) return;
  for (const auto& s : openSet->staged_) ::unlink(s.temporary.c_str());
}

bool appendToFile(const std::string& text, const std::string& path, std::string* error) {
  return writeText(text, path, true, "append to", error);
}

}  // namespace wc
