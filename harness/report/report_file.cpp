#include "report/report_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

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

}  // namespace

bool writeReportFile(const std::string& text, const std::string& path, std::string* error) {
  return writeText(text, path, false, "write", error);
}

bool appendToFile(const std::string& text, const std::string& path, std::string* error) {
  return writeText(text, path, true, "append to", error);
}

}  // namespace wc
