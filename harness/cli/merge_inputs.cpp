// Which files `merge` reads, and whether they are conformance runs or load shards.
#include "cli/merge_command.h"

#include <filesystem>
#include <set>

#include "load/load_reports.h"
#include "report/report_merge.h"
#include "util/bounded_json.h"

namespace wc {
namespace {

namespace fs = std::filesystem;

bool endsWith(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// The top-level "kind" string of a JSON text, found without building the tree (the file is read
// again by its own reader): the parse stops at it, or at the first syntax error.
class TopLevelKind : public nlohmann::json_sax<nlohmann::json> {
 public:
  std::string kind;
  bool null() override { return value(); }
  bool boolean(bool) override { return value(); }
  bool number_integer(number_integer_t) override { return value(); }
  bool number_unsigned(number_unsigned_t) override { return value(); }
  bool number_float(number_float_t, const string_t&) override { return value(); }
  bool binary(binary_t&) override { return value(); }
  bool string(string_t& v) override {
    if (!atKind_) return value();
    kind = v;
    return false;
  }
  bool start_object(std::size_t) override { return value() && ++depth_ <= kMaxReportDepth; }
  bool start_array(std::size_t) override { return value() && ++depth_ <= kMaxReportDepth; }
  bool end_object() override { return --depth_, true; }
  bool end_array() override { return --depth_, true; }
  bool key(string_t& k) override {
    atKind_ = depth_ == 1 && k == "kind";
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }

 private:
  bool value() {
    atKind_ = false;
    return true;
  }
  size_t depth_ = 0;
  bool atKind_ = false;
};

// A file named neither *report.json nor *load.json: a load.json says so at its top level (its
// writer always writes "kind"); anything else is read as a report.json and checked there.
bool sniffKind(const std::string& path, MergeKind* kind, std::string* error) {
  std::string text;
  if (!readBoundedFile(path, load::kMaxLoadJsonBytes, &text, error)) return false;
  TopLevelKind sniffer;
  try {
    nlohmann::json::sax_parse(text, &sniffer);
  } catch (const nlohmann::json::exception&) {  // not JSON: the report reader says so
  }
  *kind = sniffer.kind == "webhook-conformance load" ? MergeKind::Loads : MergeKind::Reports;
  return true;
}

// "" for a regular file or none at all; otherwise what it is (stat only: a FIFO is never opened).
std::string notRegular(const fs::path& path) {
  std::error_code ec;
  switch (fs::status(path, ec).type()) {
    case fs::file_type::regular:
    case fs::file_type::not_found:
    case fs::file_type::none: return "";
    case fs::file_type::directory: return "a directory";
    case fs::file_type::fifo: return "a FIFO";
    case fs::file_type::socket: return "a socket";
    case fs::file_type::block:
    case fs::file_type::character: return "a device";
    default: return "not a regular file";
  }
}

// One argument: the file to read and its kind; false with a message naming the argument.
bool classifyOne(const std::string& arg, std::string* file, MergeKind* kind, std::string* error) {
  std::error_code ec;
  if (fs::is_directory(arg, ec)) {
    for (const char* name : {"report.json", "load.json"})
      if (auto what = notRegular(fs::path(arg) / name); !what.empty()) {
        *error = (fs::path(arg) / name).string() + ": it is " + what + ", not a regular file";
        return false;
      }
    bool report = fs::is_regular_file(fs::path(arg) / "report.json", ec);
    bool load = fs::is_regular_file(fs::path(arg) / "load.json", ec);
    if (report && load) {
      *error = arg + " holds both report.json and load.json: give the file you mean";
      return false;
    }
    if (!report && !load) {
      *error = arg + " holds neither report.json (a run's report dir) nor load.json (a load shard's)";
      return false;
    }
    *file = (fs::path(arg) / (report ? "report.json" : "load.json")).string();
    *kind = report ? MergeKind::Reports : MergeKind::Loads;
    return true;
  }
  if (auto what = notRegular(arg); !what.empty()) {
    *error = arg + ": it is " + what + ", not a regular file";
    return false;
  }
  if (!fs::is_regular_file(arg, ec)) {
    *error = arg + ": no such report dir or file";
    return false;
  }
  *file = arg;
  if (endsWith(arg, "report.json")) *kind = MergeKind::Reports;
  else if (endsWith(arg, "load.json")) *kind = MergeKind::Loads;
  else return sniffKind(arg, kind, error);
  return true;
}

}  // namespace

bool classifyMergeInputs(const std::vector<std::string>& args, MergeInputs* out, std::string* error) {
  if (args.empty()) {
    *error = "merge needs the report dirs (report.json) of the runs, or the load.json of load shards";
    return false;
  }
  if (args.size() > kMaxMergedReports) {
    *error = "merge takes at most " + std::to_string(kMaxMergedReports) + " runs, got " + std::to_string(args.size());
    return false;
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string file;
    MergeKind kind;
    if (!classifyOne(args[i], &file, &kind, error)) return false;
    if (i == 0) out->kind = kind;
    if (kind != out->kind) {
      *error = "merge: " + args[0] + " is a " + (out->kind == MergeKind::Reports ? "report.json" : "load.json") +
               " but " + args[i] + " is a " + (kind == MergeKind::Reports ? "report.json" : "load.json") +
               ": merge conformance runs or load shards, not both";
      return false;
    }
    std::error_code ec;
    auto canonical = fs::weakly_canonical(file, ec).string();
    if (!seen.insert(ec ? file : canonical).second) {
      *error = "merge: " + file + " is given twice";
      return false;
    }
    out->files.push_back(file);
    // A run is named by its report dir, however it was given ("b/report.json" -> "b").
    auto label = args[i];
    if (label != "report.json" && endsWith(label, "/report.json")) label.erase(label.size() - 12);
    out->labels.push_back(label);
  }
  return true;
}

}  // namespace wc
