// The fuzz target fuzz_server_body's driver in the default and sanitizer builds: its seed corpus,
// a body just past the limit in every framing, and pseudo-random bodies. Each request gets a
// documented answer (413 past the limit, 415 for a compressed body) and nothing recorded passes
// the limit.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "../../../fuzz/server_body_driver.h"

namespace wc {
namespace {

std::string fileBytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

TEST(ServerBodyPath, SeedCorpusGetsDocumentedAnswers) {
  fuzzing::ServerBodyDriver driver;
  ASSERT_TRUE(driver.started());
  size_t inputs = 0;
  for (const auto& entry : std::filesystem::directory_iterator(WC_FUZZ_CORPUS "/fuzz_server_body")) {
    EXPECT_GE(driver.exercise(fileBytes(entry.path())), 0) << entry.path();
    ++inputs;
  }
  EXPECT_GE(inputs, 5u);
  EXPECT_FALSE(driver.sawBodyOverLimit());
}

TEST(ServerBodyPath, PastTheLimitIs413InEveryFramingAndCompressedIs415) {
  fuzzing::ServerBodyDriver driver;
  ASSERT_TRUE(driver.started());
  const std::string over(fuzzing::kServerBodyLimit + 1, 'x');
  EXPECT_EQ(413, driver.exercise(std::string(1, '\0') + over)) << "Content-Length";
  EXPECT_EQ(413, driver.exercise(std::string(1, '\1') + over)) << "chunked";
  EXPECT_EQ(413, driver.exercise(std::string(1, '\2') + over)) << "until end of file";
  EXPECT_EQ(415, driver.exercise(std::string(1, '\3') + "tiny")) << "gzip";
  EXPECT_EQ(415, driver.exercise(std::string(1, '\4') + "tiny")) << "br";
  EXPECT_EQ(200, driver.exercise(std::string(1, '\0') + "{}")) << "within the limit";
  EXPECT_FALSE(driver.sawBodyOverLimit());
}

TEST(ServerBodyPath, PseudoRandomBodiesGetDocumentedAnswers) {
  fuzzing::ServerBodyDriver driver;
  ASSERT_TRUE(driver.started());
  std::mt19937 random(20261207);
  for (int i = 0; i < 60; ++i) {
    std::string input(1, static_cast<char>(i % 5));  // the framings that end by themselves
    const size_t length = random() % (2 * fuzzing::kServerBodyLimit);
    for (size_t j = 0; j < length; ++j) input += static_cast<char>(random() & 0xff);
    EXPECT_GE(driver.exercise(input), 0) << "input " << i << " of " << input.size() << " bytes";
  }
  EXPECT_FALSE(driver.sawBodyOverLimit());
}

}  // namespace
}  // namespace wc
