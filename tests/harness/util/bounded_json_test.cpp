// util/bounded_json's two parsers: simdjson for valid documents (util/fast_json) and nlohmann for
// everything else. The fast path must build exactly the tree nlohmann would, and leave to
// nlohmann whatever it cannot represent, so no verdict or message depends on which one ran.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "util/bounded_json.h"
#include "util/fast_json.h"

namespace wc {
namespace {

// The same value and, at every node, the same nlohmann type (5 is number_unsigned, -5
// number_integer): code that asks is_number_unsigned() must not see a difference.
void expectSameTree(const nlohmann::json& want, const nlohmann::json& got, const std::string& at) {
  ASSERT_EQ(want.type(), got.type()) << "at " << at << ": " << want.dump() << " vs " << got.dump();
  if (want.is_object()) {
    ASSERT_EQ(want.size(), got.size()) << "at " << at;
    for (const auto& [key, value] : want.items()) {
      ASSERT_TRUE(got.contains(key)) << "at " << at << ": no key " << key;
      expectSameTree(value, got.at(key), at + "/" + key);
    }
  } else if (want.is_array()) {
    ASSERT_EQ(want.size(), got.size()) << "at " << at;
    for (size_t i = 0; i < want.size(); ++i)
      expectSameTree(want[i], got[i], at + "/" + std::to_string(i));
  } else {
    ASSERT_EQ(want, got) << "at " << at;
  }
}

TEST(FastJson, BuildsTheTreeNlohmannBuilds) {
  const std::vector<std::string> documents = {
      R"({"run_id":"1ef4c0b4-0000-4000-8000-000000000001","status":"success","n":5,"m":-5})",
      R"([0, 1.5, -2.25e3, 1E2, -0.0, 18446744073709551615, -9223372036854775808, 9223372036854775807])",
      R"({"a":1,"a":2,"nested":{"list":[true,false,null,{"x":[[]]}]}})",
      R"("\u00e9\u0000\ud83d\ude00 tab\t quote\" slash\/ backslash\\")",
      R"({"":{"":""}})",
      "  {\n\t\"spaced\" : [ 1 , 2 ]\r\n}  ",
      "null", "true", "\"text\"", "[]", "{}",
  };
  for (const auto& text : documents) {
    SCOPED_TRACE(text);
    auto fast = parseValidJsonFast(text, 128);
    ASSERT_TRUE(fast.has_value());
    expectSameTree(nlohmann::json::parse(text), *fast, "");
    auto bounded = parseBoundedJson(text);
    ASSERT_TRUE(bounded.has_value());
    expectSameTree(nlohmann::json::parse(text), *bounded, "");
  }
}

// The one difference: simdjson keeps no sign on an integer zero, so -0 is unsigned 0 where
// nlohmann has signed 0. Equal, and printed the same.
TEST(FastJson, MinusZeroIsTheOneTypeDifference) {
  auto fast = parseValidJsonFast("-0", 128);
  ASSERT_TRUE(fast.has_value());
  EXPECT_EQ(nlohmann::json::parse("-0"), *fast);
  EXPECT_EQ("0", fast->dump());
}

TEST(FastJson, LeavesToNlohmannWhatItCannotRepresentOrRefuses) {
  const std::vector<std::string> documents = {
      "18446744073709551616",         // beyond 64 bits: nlohmann makes it a float
      "-9223372036854775809",
      "\xef\xbb\xbf{\"bom\":1}",      // nlohmann skips a UTF-8 byte order mark
      "{\"a\":1,}", "[1 2]", "01", "\"\\ud800\"", "\"\x01\"", "", "{\"a\":1} {}",
      "\"\xc3\x28\"",                 // ill-formed UTF-8
  };
  for (const auto& text : documents) {
    SCOPED_TRACE(text);
    EXPECT_FALSE(parseValidJsonFast(text, 128).has_value());
    // parseBoundedJson still gives nlohmann's verdict on it.
    auto bounded = parseBoundedJson(text);
    auto plain = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    EXPECT_EQ(plain.is_discarded(), !bounded.has_value());
    if (bounded) expectSameTree(plain, *bounded, "");
  }
}

TEST(FastJson, DepthAndSizeLimitsSendTheDocumentToTheBoundedParser) {
  std::string deep3 = "[[[1]]]";
  EXPECT_TRUE(parseValidJsonFast(deep3, 3).has_value());
  EXPECT_FALSE(parseValidJsonFast(deep3, 2).has_value());
  std::string why;
  EXPECT_FALSE(parseBoundedJson(deep3, JsonLimits{2, 1024}, &why).has_value());
  EXPECT_NE(std::string::npos, why.find("nested deeper than 2 levels")) << why;
  std::string deep2000(2000, '[');
  deep2000 += std::string(2000, ']');
  EXPECT_FALSE(parseValidJsonFast(deep2000, 5000).has_value());  // past simdjson's own 1,024
  std::string big = "[\"" + std::string(64 * 1024, 'x') + "\"]";
  EXPECT_FALSE(parseValidJsonFast(big, 128).has_value());
  EXPECT_TRUE(parseBoundedJson(big).has_value());
}

}  // namespace
}  // namespace wc
