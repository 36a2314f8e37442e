// The rule that nothing the project runs connects beyond loopback, enforced where the reference
// sends webhooks: a private, link-local or public destination is recorded as "would deliver"
// and never contacted. A URL the target was expected to refuse (url-policy.private-address-
// refused against a fault mode) must not become traffic inside anyone's network.
#include <gtest/gtest.h>

#include <chrono>

#include "reference/config/reference_options.h"
#include "reference/config/webhook_config.h"
#include "reference/delivery/url_policy.h"
#include "reference/delivery/webhook_sender.h"
#include "reference/faults/faults.h"

namespace wc::reference {
namespace {

TEST(LoopbackOnlySender, OnlyLoopbackHostsAreDestinations) {
  for (const char* host : {"127.0.0.1", "127.8.9.10", "::1", "[::1]", "localhost", "a.localhost"})
    EXPECT_TRUE(isLoopbackDestination(host)) << host;
  for (const char* host : {"10.0.0.1", "169.254.169.254", "192.168.1.1", "172.16.0.1", "0.0.0.0",
                           "fe80::1", "::ffff:127.0.0.1", "example.com", "host.docker.internal",
                           "localhost.example.com", "", "128.0.0.1"})
    EXPECT_FALSE(isLoopbackDestination(host)) << host;
}

TEST(LoopbackOnlySender, OtherDestinationsAreRecordedNotConnected) {
  ReferenceOptions options;
  options.log = false;
  options.timing.connectTimeout = std::chrono::milliseconds(20000);  // a connect would show
  WebhookConfig config;
  config.urlPolicy.ssrfProtection = false;  // as before 0.10.0: every one of these URLs passes
  Fault fault;
  WebhookSender sender(options, config, fault);
  const std::vector<std::string> urls = {
      "http://10.0.0.1:9/hook?token=private", "http://169.254.169.254/latest/meta-data/?t=1",
      "https://hooks.example.com/x", "http://[fe80::1]:8080/y"};
  auto started = std::chrono::steady_clock::now();
  for (const auto& url : urls) EXPECT_FALSE(sender.deliverNow({"run-1", url, {{"a", 1}}, ""}));
  // No connection was attempted: not even one connect timeout, DNS lookup or SYN went out.
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));
  auto recorded = sender.notConnected();
  ASSERT_EQ(urls.size(), recorded.size());
  EXPECT_EQ("http://10.0.0.1:9/hook", recorded[0]);  // the query (a token) is not kept
  EXPECT_EQ("http://169.254.169.254:80/latest/meta-data/", recorded[1]);
  sender.stop();
}

}  // namespace
}  // namespace wc::reference
