#pragma once
// A fast parse for valid JSON: Debian's simdjson, then the tree as nlohmann::json. Separate from
// bounded_json.cpp because simdjson's CMake target defines SIMDJSON_THREADS_ENABLED, which the
// build's shared precompiled header must not see (cmake/BuildSpeedTargets.cmake).
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

namespace wc {

// The document as nlohmann's own parser would build it (non-negative integers unsigned, a
// repeated key's last value; only -0 differs: unsigned 0 where nlohmann has a signed 0), or
// nullopt for anything simdjson refuses: invalid JSON, but also valid JSON it does not represent
// (integers beyond 64 bits, a UTF-8 byte order mark), containers nested deeper than maxDepth, and
// documents over 64 KiB. The caller then parses with nlohmann, so verdicts and messages stay
// nlohmann's.
std::optional<nlohmann::json> parseValidJsonFast(std::string_view text, size_t maxDepth);

}  // namespace wc
