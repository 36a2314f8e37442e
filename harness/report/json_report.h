#pragma once
// report.json: the machine-readable record of a run. Schema: docs/report.schema.json, described
// in docs/REPORTS.md. Every string passes through the redactor.
#include <nlohmann/json.hpp>
#include <string>

#include "report/run_report.h"

namespace wc {

constexpr int kReportSchemaVersion = 1;

nlohmann::json buildJsonReport(const JudgedRun& judged);
bool writeJsonReport(const JudgedRun& judged, const std::string& path, std::string* error);

// The report.json of a run that ended with exit 3 before any case: the target as far as known,
// "error": {"exit_code", "message"}, no cases.
nlohmann::json buildUnreachableJsonReport(const UnreachableReport& report);
bool writeUnreachableJsonReport(const UnreachableReport& report, const std::string& path,
                                std::string* error);

// Every string (keys too) in a JSON value, redacted in place.
void redactJsonInPlace(nlohmann::json& value, const Redactor& redactor);

}  // namespace wc
