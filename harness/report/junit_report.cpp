#include "report/junit_report.h"

#include <pugixml.hpp>
#include <unistd.h>

#include <map>

#include "util/ids.h"

namespace wc {
namespace {

std::string seconds(std::chrono::milliseconds ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", static_cast<double>(ms.count()) / 1000.0);
  return buf;
}

// XML 1.0 cannot carry most control characters, even escaped; captured bodies may hold them.
std::string xmlSafe(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

void property(pugi::xml_node props, const char* name, const std::string& value) {
  auto p = props.append_child("property");
  p.append_attribute("name") = name;
  p.append_attribute("value") = xmlSafe(value).c_str();
}

}  // namespace

bool writeJunitReport(const RunReport& report, const std::string& path, std::string* error) {
  const auto& redactor = report.redactor;
  pugi::xml_document doc;
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  auto root = doc.append_child("testsuites");
  root.append_attribute("name") = "webhook-conformance";
  auto all = countVerdicts(report.results);

  std::vector<std::string> areas;  // in catalogue order
  std::map<std::string, std::vector<const CaseResult*>> byArea;
  for (const auto& r : report.results) {
    if (!byArea.count(r.info.area)) areas.push_back(r.info.area);
    byArea[r.info.area].push_back(&r);
  }
  size_t failures = 0;
  for (const auto& area : areas) {
    auto suite = root.append_child("testsuite");
    size_t f = 0, e = 0, s = 0;
    std::chrono::milliseconds time{0};
    for (const auto* r : byArea[area]) {
      if (r->verdict == Verdict::Error) ++e;
      else if (breaksGate(r->verdict, report.strict)) ++f;
      else if (r->verdict == Verdict::Skip) ++s;
      time += r->duration;
    }
    failures += f;
    suite.append_attribute("name") = area.c_str();
    suite.append_attribute("tests") = static_cast<unsigned>(byArea[area].size());
    suite.append_attribute("failures") = static_cast<unsigned>(f);
    suite.append_attribute("errors") = static_cast<unsigned>(e);
    suite.append_attribute("skipped") = static_cast<unsigned>(s);
    suite.append_attribute("time") = seconds(time).c_str();
    suite.append_attribute("timestamp") = isoTimestamp(report.startedAt).substr(0, 19).c_str();
    auto props = suite.append_child("properties");
    property(props, "target", redactor.redact(report.profile.baseUrl));
    property(props, "target_version", report.profile.version());
    for (const auto* r : byArea[area]) {
      auto tc = suite.append_child("testcase");
      tc.append_attribute("classname") = ("webhook-conformance." + area).c_str();
      tc.append_attribute("name") = r->info.id.c_str();
      tc.append_attribute("time") = seconds(r->duration).c_str();
      auto cprops = tc.append_child("properties");
      property(cprops, "id", r->info.id);
      property(cprops, "level", toString(r->info.level));
      property(cprops, "verdict", toString(r->verdict));
      property(cprops, "source", r->info.source);
      property(cprops, "title", r->info.title);
      auto message = xmlSafe(redactor.redact(r->message));
      auto evidence = xmlSafe(evidenceText(*r, redactor));
      if (r->verdict == Verdict::Error) {
        auto n = tc.append_child("error");
        n.append_attribute("message") = message.c_str();
        n.append_attribute("type") = "error";
        n.text() = evidence.c_str();
      } else if (breaksGate(r->verdict, report.strict)) {
        auto n = tc.append_child("failure");
        n.append_attribute("message") = message.c_str();
        n.append_attribute("type") = toString(r->info.level);
        n.text() = evidence.c_str();
      } else if (r->verdict == Verdict::Skip) {
        tc.append_child("skipped").append_attribute("message") = message.c_str();
      } else if (!evidence.empty()) {
        std::string out = std::string(toString(r->verdict)) + ": " + message + "\n" + evidence;
        tc.append_child("system-out").text() = out.c_str();
      }
    }
  }
  root.append_attribute("tests") = static_cast<unsigned>(all.total);
  root.append_attribute("failures") = static_cast<unsigned>(failures);
  root.append_attribute("errors") = static_cast<unsigned>(all.error);
  root.append_attribute("skipped") = static_cast<unsigned>(all.skip);
  root.append_attribute("time") = seconds(report.duration).c_str();
  if (!doc.save_file(path.c_str(), "  ", pugi::format_default, pugi::encoding_utf8)) {
    if (error) *error = "cannot write " + path;
    return false;
  }
  return true;
}

}  // namespace wc
