#pragma once
// JSON from outside (targets, webhooks, files, clients) is parsed with limits: a document nested
// deeper than `maxDepth` or larger than `maxBytes` is a clear error, never a stack overflow
// (nlohmann's copy and dump recurse, so a 100,000-deep array would crash them later).
#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace wc {

struct JsonLimits {
  size_t maxDepth = 128;               // nesting of arrays/objects; LangGraph runs need < 20
  size_t maxBytes = 16 * 1024 * 1024;  // the text itself
  // Values (objects, arrays, strings, numbers, booleans, nulls) in all; 0: no bound. What a tree
  // costs in memory is mostly per value (~100 bytes for `0,` in an object), not per byte of text.
  size_t maxValues = 0;
};

// The parsed document, or nullopt with *error saying what was wrong ("nested deeper than 128
// levels", "larger than 16777216 bytes", "more than 1000 values", "not JSON: ..."). One pass; no
// exceptions escape. *values (when given): how many values the document holds.
std::optional<nlohmann::json> parseBoundedJson(std::string_view text, const JsonLimits& limits = {},
                                               std::string* error = nullptr, size_t* values = nullptr);

// Values in a tree (each object, array, string, number, boolean and null), as maxValues counts.
size_t jsonValueCount(const nlohmann::json& tree);

// Same, but a failure is nlohmann's discarded value (json::value_t::discarded), like
// json::parse(text, nullptr, false): for code that only asks is_discarded().
nlohmann::json parseBoundedJsonOrDiscarded(std::string_view text, const JsonLimits& limits = {});

// Shape-checked reads of a field from outside JSON: the fallback when `doc` is not an object,
// the key is absent or its value has another type (json::value() would throw type_error).
std::string textField(const nlohmann::json& doc, const char* key, const std::string& fallback = "");
bool flagField(const nlohmann::json& doc, const char* key, bool fallback = false);

// Reads a whole regular file of at most maxBytes; false with *error naming the file otherwise.
bool readBoundedFile(const std::string& path, size_t maxBytes, std::string* text,
                     std::string* error);

// A configuration file the user hands us (a langgraph.json: --target-config, serve-reference
// --config): 1 MiB, nested at most 64 levels. The README's flag table states it.
constexpr JsonLimits kConfigFileLimits{64, 1024 * 1024};

// A regular file of at most limits.maxBytes holding one JSON object nested at most
// limits.maxDepth levels (a langgraph.json); nullopt with *error naming the file and the problem.
std::optional<nlohmann::json> readJsonObjectFile(const std::string& path, const JsonLimits& limits,
                                                 std::string* error);

}  // namespace wc
