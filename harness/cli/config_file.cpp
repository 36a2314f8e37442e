#include "cli/config_file.h"

#include <filesystem>
#include <system_error>

namespace wc {
namespace {

std::optional<std::string> problemWith(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) return "--config " + path + ": no such file";
  // A FIFO or a device (/dev/zero) would be read without end.
  if (!fs::is_regular_file(status)) return "--config " + path + ": not a regular file";
  const auto size = fs::file_size(path, ec);
  if (ec) return "--config " + path + ": cannot read its size (" + ec.message() + ")";
  if (size > kMaxConfigFileBytes)
    return "--config " + path + ": " + std::to_string(size) + " bytes, more than the 1 MiB allowed";
  return std::nullopt;
}

}  // namespace

std::optional<std::string> configFileProblem(const std::vector<std::string>& reversedArgs) {
  // Only before the command: after it, --config is the command's own (serve-reference's
  // langgraph.json), which that command reads with its own bounds.
  const std::string flag = "--config";
  for (size_t i = reversedArgs.size(); i-- > 0;) {
    const auto& arg = reversedArgs[i];
    if (arg == flag && i > 0) {
      if (auto problem = problemWith(reversedArgs[--i])) return problem;
    } else if (arg.rfind(flag + "=", 0) == 0) {
      if (auto problem = problemWith(arg.substr(flag.size() + 1))) return problem;
    } else if (arg.rfind('-', 0) != 0) {
      break;  // the command
    }
  }
  return std::nullopt;
}

}  // namespace wc
