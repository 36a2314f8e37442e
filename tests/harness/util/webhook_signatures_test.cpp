// The signature schemes against their publishers' own examples: GitHub's X-Hub-Signature-256
// example (the same form as X-LangSmith-Signature) and the Standard Webhooks specification's.
#include <gtest/gtest.h>

#include "util/webhook_signatures.h"

namespace wc {
namespace {

TEST(WebhookSignatures, HexBodySignatureMatchesGitHubsExample) {
  const std::string secret = "It's a Secret to Everybody", body = "Hello, World!";
  const std::string published =
      "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
  EXPECT_EQ(published, hexBodySignature(secret, body));
  EXPECT_TRUE(hexBodySignatureMatches(published, secret, body));
  EXPECT_TRUE(hexBodySignatureMatches("sha256=757107EA0EB2509FC211221CCE984B8A37570B6D7586C22C46F4379C8B043E17",
                                      secret, body));
  EXPECT_FALSE(hexBodySignatureMatches(published, secret, body + " "));
  EXPECT_FALSE(hexBodySignatureMatches(published, "another secret", body));
  EXPECT_FALSE(hexBodySignatureMatches(published.substr(7), secret, body)) << "the sha256= is part of it";
}

TEST(WebhookSignatures, StandardWebhooksMatchesTheSpecificationsExample) {
  const auto key = standardWebhooksKey("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
  ASSERT_TRUE(key);
  EXPECT_EQ(24u, key->size());
  const std::string id = "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp = "1614265330",
                    body = R"({"test": 2432232314})";
  const std::string published = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
  EXPECT_EQ(published, standardWebhooksSignature(*key, id, timestamp, body));
  EXPECT_TRUE(standardWebhooksSignatureMatches("v1,bm90LXRoaXM= " + published, *key, id, timestamp, body))
      << "any entry of a space-separated list may match (key rotation)";
  EXPECT_FALSE(standardWebhooksSignatureMatches(published, *key, id, "1614265331", body));
  EXPECT_FALSE(standardWebhooksSignatureMatches(published, *key, id, timestamp, body + " "));
  EXPECT_FALSE(standardWebhooksKey("whsec_not base64!"));
}

}  // namespace
}  // namespace wc
