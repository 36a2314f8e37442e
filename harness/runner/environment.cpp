#include "runner/environment.h"

namespace wc {

bool TargetProfile::hasCrons() const {
  if (!info.is_object()) return false;
  auto flags = info.find("flags");
  if (flags == info.end() || !flags->is_object()) return false;
  auto crons = flags->find("crons");
  return crons != flags->end() && crons->is_boolean() && crons->get<bool>();
}

std::string TargetProfile::version() const {
  if (info.is_object()) {
    for (const char* key : {"langgraph_api_version", "version"}) {
      auto it = info.find(key);
      if (it != info.end() && it->is_string()) return it->get<std::string>();
    }
  }
  return "";
}

}  // namespace wc
