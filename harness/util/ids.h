#pragma once
#include <chrono>
#include <string>

namespace wc {

std::string newUuid4();
// ISO 8601 / RFC 3339 in UTC with microseconds and "+00:00", as the platform writes them.
std::string isoTimestamp(std::chrono::system_clock::time_point t);
// Parses the subset of RFC 3339 the platform emits; false when it does not parse.
bool parseIsoTimestamp(const std::string& text, std::chrono::system_clock::time_point* out);

}  // namespace wc
