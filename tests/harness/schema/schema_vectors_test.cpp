// Payload vectors as data (nlohmann/json test style): y_ must validate, n_ must not.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "schema/payload_validator.h"

namespace wc {
namespace {

std::vector<std::filesystem::path> vectors(const std::string& prefix) {
  std::vector<std::filesystem::path> out;
  for (const auto& entry : std::filesystem::directory_iterator(WC_PAYLOAD_VECTORS))
    if (entry.path().filename().string().rfind(prefix, 0) == 0) out.push_back(entry.path());
  std::sort(out.begin(), out.end());
  return out;
}

nlohmann::json load(const std::filesystem::path& p) {
  std::ifstream in(p);
  return nlohmann::json::parse(in);
}

TEST(PayloadSchemaVectors, AcceptsEveryYVector) {
  auto files = vectors("y_");
  ASSERT_GE(files.size(), 5u);
  for (const auto& f : files) {
    auto errors = SchemaValidator::webhookPayload().validate(load(f));
    EXPECT_TRUE(errors.empty()) << f.filename() << ": " << formatSchemaErrors(errors);
  }
}

TEST(PayloadSchemaVectors, RejectsEveryNVectorWithAPointer) {
  auto files = vectors("n_");
  ASSERT_GE(files.size(), 5u);
  for (const auto& f : files) {
    auto errors = SchemaValidator::webhookPayload().validate(load(f));
    EXPECT_FALSE(errors.empty()) << f.filename() << " was accepted";
  }
}

TEST(PayloadSchemaVectors, NamesTheFieldThatIsWrong) {
  auto doc = load(std::filesystem::path(WC_PAYLOAD_VECTORS) / "n_run_id_not_uuid.json");
  auto errors = SchemaValidator::webhookPayload().validate(doc);
  ASSERT_FALSE(errors.empty());
  bool named = false;
  for (const auto& e : errors) named |= e.pointer == "/run_id";
  EXPECT_TRUE(named) << formatSchemaErrors(errors);
}

TEST(RunSchema, AcceptsAStoredRunAndRejectsRollbackStatus) {
  auto doc = load(std::filesystem::path(WC_PAYLOAD_VECTORS) / "y_stateful_success_values.json");
  EXPECT_TRUE(SchemaValidator::run().validate(doc).empty());
  doc["status"] = "rollback";  // a webhook status, not a Run status
  EXPECT_FALSE(SchemaValidator::run().validate(doc).empty());
}

// A megabyte of fraction digits would overflow std::regex's stack inside valijson's `pattern`:
// the long string is a failed check naming its field, the rest of the payload still judged.
TEST(PayloadSchemaVectors, AMegabyteDateTimeIsAFailedCheckNotACrash) {
  auto doc = load(std::filesystem::path(WC_PAYLOAD_VECTORS) / "y_stateful_success_values.json");
  doc["created_at"] = "2026-01-01T00:00:00." + std::string(1 << 20, '1') + "Z";
  doc["status"] = 7;
  auto errors = SchemaValidator::webhookPayload().validate(doc);
  bool longNamed = false, statusNamed = false;
  for (const auto& e : errors) {
    longNamed |= e.pointer == "/created_at" && e.message.find("longer than") != std::string::npos;
    statusNamed |= e.pointer == "/status";
  }
  EXPECT_TRUE(longNamed) << formatSchemaErrors(errors);
  EXPECT_TRUE(statusNamed) << formatSchemaErrors(errors);
  doc["created_at"] = "2026-01-01T00:00:00.123456789Z";  // a real one still passes that field
  for (const auto& e : SchemaValidator::webhookPayload().validate(doc)) EXPECT_NE("/created_at", e.pointer);
}

}  // namespace
}  // namespace wc
