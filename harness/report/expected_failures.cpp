#include "report/expected_failures.h"

#include <yaml.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "runner/runner.h"

namespace wc {
namespace {

// libyaml document node -> JSON. Scalars stay strings: every field here is a string, and
// `target_version: 0.10` must not become the number 0.1.
nlohmann::json toJson(yaml_document_t* doc, yaml_node_t* node, int depth) {
  if (!node || depth > 64) return nullptr;
  switch (node->type) {
    case YAML_SCALAR_NODE:
      return std::string(reinterpret_cast<const char*>(node->data.scalar.value),
                         node->data.scalar.length);
    case YAML_SEQUENCE_NODE: {
      auto out = nlohmann::json::array();
      for (auto* item = node->data.sequence.items.start; item < node->data.sequence.items.top;
           ++item)
        out.push_back(toJson(doc, yaml_document_get_node(doc, *item), depth + 1));
      return out;
    }
    case YAML_MAPPING_NODE: {
      auto out = nlohmann::json::object();
      for (auto* pair = node->data.mapping.pairs.start; pair < node->data.mapping.pairs.top;
           ++pair) {
        auto key = toJson(doc, yaml_document_get_node(doc, pair->key), depth + 1);
        if (!key.is_string()) continue;
        out[key.get<std::string>()] = toJson(doc, yaml_document_get_node(doc, pair->value), depth + 1);
      }
      return out;
    }
    default:
      return nullptr;
  }
}

bool parseYaml(const std::string& text, nlohmann::json* out, std::string* error) {
  yaml_parser_t parser;
  yaml_document_t doc;
  if (!yaml_parser_initialize(&parser)) {
    *error = "cannot initialise the YAML parser";
    return false;
  }
  yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(text.data()),
                               text.size());
  bool ok = yaml_parser_load(&parser, &doc);
  if (!ok) {
    std::ostringstream s;
    s << "not valid YAML or JSON: " << (parser.problem ? parser.problem : "parse error")
      << " at line " << parser.problem_mark.line + 1;
    *error = s.str();
  } else {
    *out = toJson(&doc, yaml_document_get_root_node(&doc), 0);
    yaml_document_delete(&doc);
  }
  yaml_parser_delete(&parser);
  return ok;
}

bool looksLikeJson(const std::string& text) {
  auto first = text.find_first_not_of(" \t\r\n");
  return first != std::string::npos && (text[first] == '{' || text[first] == '[');
}

}  // namespace

bool parseExpectedFailures(const std::string& text, const std::string& name,
                           std::vector<ExpectedFailure>* out, std::string* error) {
  auto fail = [&](const std::string& why) {
    *error = "--expected-failures: " + name + ": " + why;
    return false;
  };
  nlohmann::json doc;
  if (looksLikeJson(text)) {
    try {
      doc = nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
      return fail(std::string("not valid JSON: ") + e.what());
    }
  } else {
    std::string why;
    if (!parseYaml(text, &doc, &why)) return fail(why);
  }
  if (doc.is_object() && doc.size() == 1 && doc.contains("expected_failures"))
    doc = doc["expected_failures"];
  if (doc.is_null()) doc = nlohmann::json::array();  // an empty YAML file lists nothing
  if (!doc.is_array())
    return fail("expected a list of {id, reason, target_version} entries "
                "(or an object with the key expected_failures)");
  std::set<std::string> seen;
  out->clear();
  for (size_t i = 0; i < doc.size(); ++i) {
    const auto& e = doc[i];
    std::string where = "entry " + std::to_string(i + 1);
    if (!e.is_object()) return fail(where + " is not an object");
    for (const auto& [key, value] : e.items()) {
      if (key != "id" && key != "reason" && key != "target_version")
        return fail(where + ": unknown key '" + key + "' (allowed: id, reason, target_version)");
      if (!value.is_string()) return fail(where + ": '" + key + "' must be a string");
    }
    ExpectedFailure entry;
    entry.id = e.value("id", "");
    entry.reason = e.value("reason", "");
    entry.targetVersion = e.value("target_version", "");
    if (entry.id.empty()) return fail(where + " has no id");
    if (entry.reason.empty()) return fail(where + " (" + entry.id + ") has no reason");
    if (!seen.insert(entry.id).second) return fail(entry.id + " is listed twice");
    out->push_back(std::move(entry));
  }
  return true;
}

bool loadExpectedFailures(const std::string& path, std::vector<ExpectedFailure>* out,
                          std::string* error) {
  std::error_code ec;
  std::ifstream in(path);
  // A directory opens as a stream on Linux and then throws on the first read.
  if (!std::filesystem::is_regular_file(path, ec) || !in) {
    *error = "--expected-failures: cannot read " + path + " (not a readable file)";
    return false;
  }
  std::string text;
  try {
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  } catch (const std::exception& e) {
    *error = "--expected-failures: cannot read " + path + ": " + e.what();
    return false;
  }
  return parseExpectedFailures(text, path, out, error);
}

std::vector<std::string> unknownExpectedFailureIds(const std::vector<ExpectedFailure>& entries,
                                                   const CaseRegistry& registry) {
  std::vector<std::string> unknown;
  for (const auto& e : entries)
    if (!registry.find(e.id)) unknown.push_back(e.id);
  return unknown;
}

void applyTargetVersion(const std::vector<ExpectedFailure>& entries,
                        const std::string& targetVersion, std::vector<ExpectedFailure>* active,
                        std::vector<IgnoredExpectedFailure>* ignored) {
  for (const auto& e : entries) {
    if (e.targetVersion.empty() || globMatch(e.targetVersion, targetVersion)) {
      active->push_back(e);
      continue;
    }
    ignored->push_back(
        {e, "target_version " + e.targetVersion + " does not match the target's " +
                (targetVersion.empty() ? "unknown version (/info reports none)" : targetVersion)});
  }
}

}  // namespace wc
