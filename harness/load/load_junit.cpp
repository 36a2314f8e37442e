// load-junit.xml: one <testcase> per check of the accounting, in the element shape junit.xml
// uses (both Jenkins XSDs), so the same CI publish step reads it. Also writes all three files.
#include <unistd.h>

#include <pugixml.hpp>

#include <cstdio>
#include <filesystem>
#include <sstream>

#include "load/load_reports.h"
#include "report/report_file.h"
#include "report/text_safety.h"

namespace wc::load {
namespace {

// XML 1.0 cannot carry most control characters, even escaped: made visible instead.
std::string xmlSafe(const std::string& raw) { return escapeControl(raw, true); }

std::string seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", s);
  return buf;
}

}  // namespace

std::string renderLoadJunit(const LoadReport& report) {
  const auto& s = report.summary;
  const auto& red = report.redactor;
  pugi::xml_document doc;
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  auto root = doc.append_child("testsuites");
  root.append_attribute("name") = "webhook-conformance load";
  auto suite = root.append_child("testsuite");
  size_t failures = 0, skipped = 0, errors = report.header.interrupted.empty() ? 0 : 1;
  for (const auto& c : s.checks) {
    failures += c.failed;
    skipped += c.skipped;
  }
  suite.append_attribute("name") = "load";
  suite.append_attribute("tests") = static_cast<unsigned>(s.checks.size() + errors);
  suite.append_attribute("failures") = static_cast<unsigned>(failures);
  suite.append_attribute("errors") = static_cast<unsigned>(errors);
  suite.append_attribute("skipped") = static_cast<unsigned>(skipped);
  suite.append_attribute("time") = seconds(s.wallSeconds).c_str();
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0 || host[0] == '\0') std::snprintf(host, sizeof host, "localhost");
  suite.append_attribute("hostname") = xmlSafe(host).c_str();
  suite.append_attribute("id") = 0u;
  suite.append_attribute("package") = "webhook-conformance";
  auto props = suite.append_child("properties");
  auto property = [&](const char* name, const std::string& value) {
    auto p = props.append_child("property");
    p.append_attribute("name") = name;
    p.append_attribute("value") = xmlSafe(red.redact(value)).c_str();
  };
  property("target", report.header.target);
  property("endpoint", report.header.endpoint);
  property("runs", std::to_string(s.planned));
  property("webhooks", std::to_string(s.webhooks));
  for (const auto& c : s.checks) {
    auto tc = suite.append_child("testcase");
    tc.append_attribute("classname") = "webhook-conformance.load";
    tc.append_attribute("name") = c.id.c_str();
    tc.append_attribute("time") = seconds(s.wallSeconds).c_str();
    const std::string message = xmlSafe(red.redact(c.message));
    if (c.skipped) {
      tc.append_child("skipped").text() = message.c_str();
    } else if (c.failed) {
      auto f = tc.append_child("failure");
      f.append_attribute("message") = xmlSafe(red.redact(c.title)).c_str();
      f.append_attribute("type") = "load";
      f.text() = message.c_str();
    }
    tc.append_child("system-out").text() = (c.title + "\n" + message).c_str();
  }
  if (errors) {
    auto tc = suite.append_child("testcase");
    tc.append_attribute("classname") = "webhook-conformance.load";
    tc.append_attribute("name") = "load.completed";
    tc.append_attribute("time") = seconds(s.wallSeconds).c_str();
    auto e = tc.append_child("error");
    e.append_attribute("message") = "the load test did not run to its end";
    e.append_attribute("type") = "interrupted";
    e.text() = xmlSafe(red.redact(report.header.interrupted)).c_str();
  }
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
  return out.str();
}

bool writeLoadReports(const LoadReport& report, const std::string& dir, std::string* error) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    *error = "cannot create " + dir + ": " + ec.message();
    return false;
  }
  ReportSetWrite set;
  return writeReportFile(renderLoadJson(report), dir + "/load.json", error) &&
         writeReportFile(renderLoadHtml(report), dir + "/load.html", error) &&
         writeReportFile(renderLoadJunit(report), dir + "/load-junit.xml", error) && set.commit(error);
}

}  // namespace wc::load
