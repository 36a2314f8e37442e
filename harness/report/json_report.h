#pragma once
// report.json: the machine-readable record of a run. Schema: docs/report.schema.json, described
// in docs/REPORTS.md. Every string passes through the redactor.
#include <nlohmann/json.hpp>
#include <string>

#include "report/run_report.h"

namespace wc {

constexpr int kReportSchemaVersion = 1;

nlohmann::json buildJsonReport(const RunReport& report);
bool writeJsonReport(const RunReport& report, const std::string& path, std::string* error);

// Every string (keys too) in a JSON value, redacted.
nlohmann::json redactJson(const nlohmann::json& value, const Redactor& redactor);

}  // namespace wc
