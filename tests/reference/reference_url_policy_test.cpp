// The reference's webhook URL policy (reference/delivery/url_policy.h): each rule of the platform's
// webhooks.url policy, and the order they apply in (the first failing rule names the refusal).
#include <gtest/gtest.h>

#include "reference/delivery/url_policy.h"

namespace wc::reference {
namespace {

// A hosts file of the test's own: the machine's /etc/hosts must not decide a verdict.
const HostsTable& testHosts() {
  static const HostsTable table = parseHostsFile(
      "# comment line\n127.0.0.1 localhost\n10.1.1.1 intranet.corp  # private\n"
      "169.254.169.254 metadata-alias\nnot-an-address broken.example\n");
  return table;
}

// The refusal message, or "" when the URL is allowed.
std::string refusal(const std::string& url, const UrlPolicy& policy) {
  auto problem = urlPolicyProblem(url, policy, testHosts());
  return problem ? problem->detail : "";
}

// The rule that refused the URL, or nullopt when it is allowed.
std::optional<UrlRule> ruleOf(const std::string& url, const UrlPolicy& policy) {
  auto problem = urlPolicyProblem(url, policy, testHosts());
  if (!problem) return std::nullopt;
  return problem->rule;
}

bool mentions(const std::string& message, const std::string& part) {
  return message.find(part) != std::string::npos;
}

TEST(UrlPolicy, DefaultsAllowLoopbackAndPublicHttp) {
  UrlPolicy policy;
  EXPECT_EQ("", refusal("http://127.0.0.1:8080/hook?token=a", policy));
  EXPECT_EQ("", refusal("http://localhost/hook", policy));
  EXPECT_EQ("", refusal("https://hooks.example.com/x", policy));
  EXPECT_EQ("", refusal("/internal/route", policy));
  EXPECT_FALSE(policy.restricting());
}

TEST(UrlPolicy, MaxUrlLength) {
  UrlPolicy policy;
  policy.maxUrlLength = 40;
  std::string url = "https://hooks.example.com/";
  EXPECT_EQ("", refusal(url + std::string(40 - url.size(), 'a'), policy));
  EXPECT_TRUE(mentions(refusal(url + std::string(41 - url.size(), 'a'), policy), "too long"));
  EXPECT_TRUE(policy.restricting());
  UrlPolicy defaults;
  EXPECT_TRUE(mentions(refusal("https://h.example.com/" + std::string(4096, 'a'), defaults),
                       "too long"));
}

TEST(UrlPolicy, RelativeUrlRefusedOnlyWithDisableLoopback) {
  UrlPolicy policy;
  EXPECT_EQ("", refusal("/hook", policy));
  policy.disableLoopback = true;
  EXPECT_TRUE(mentions(refusal("/hook", policy), "Loopback webhooks"));
}

TEST(UrlPolicy, RequireHttps) {
  UrlPolicy policy;
  policy.requireHttps = true;
  EXPECT_TRUE(mentions(refusal("http://hooks.example.com/x", policy), "https"));
  EXPECT_EQ("", refusal("https://hooks.example.com/x", policy));
}

TEST(UrlPolicy, AllowedPortsWithSchemeDefaults) {
  UrlPolicy policy;
  policy.allowedPorts = {443, 8443};
  EXPECT_EQ("", refusal("https://hooks.example.com/x", policy));        // 443 by default
  EXPECT_EQ("", refusal("https://hooks.example.com:8443/x", policy));
  EXPECT_TRUE(mentions(refusal("http://hooks.example.com/x", policy), "port 80 not allowed"));
  EXPECT_TRUE(mentions(refusal("https://hooks.example.com:9000/x", policy), "port 9000"));
}

TEST(UrlPolicy, EmptyHost) {
  UrlPolicy policy;
  EXPECT_TRUE(mentions(refusal("http:///path", policy), "Invalid webhook hostname"));
}

TEST(UrlPolicy, AllowedDomainsExactAndWildcardSubdomainsOnly) {
  UrlPolicy policy;
  policy.allowedDomains = {"hooks.example.com", "*.mycorp.com"};
  EXPECT_EQ("", refusal("https://hooks.example.com/x", policy));
  EXPECT_EQ("", refusal("https://HOOKS.example.com/x", policy));  // hosts compare lower-case
  EXPECT_EQ("", refusal("https://a.mycorp.com/x", policy));
  EXPECT_EQ("", refusal("https://a.b.mycorp.com/x", policy));
  EXPECT_TRUE(mentions(refusal("https://mycorp.com/x", policy), "domain not allowed"));  // apex
  EXPECT_TRUE(mentions(refusal("https://evilmycorp.com/x", policy), "domain not allowed"));
  EXPECT_TRUE(mentions(refusal("https://other.example.com/x", policy), "domain not allowed"));
}

TEST(UrlPolicy, LoopbackBlockedWhenDisableLoopback) {
  UrlPolicy policy;
  policy.disableLoopback = true;
  for (const char* url : {"http://127.0.0.1:9/x", "http://127.8.9.10/x", "http://localhost/x",
                          "http://api.localhost/x", "http://[::1]:8080/x", "http://0.0.0.0/x",
                          "http://[::ffff:127.0.0.1]/x"})
    EXPECT_TRUE(mentions(refusal(url, policy), "loopback")) << url;
  EXPECT_EQ("", refusal("http://10.0.0.1/x", policy));  // private ranges are another switch
  EXPECT_EQ("", refusal("https://hooks.example.com/x", policy));
}

TEST(UrlPolicy, PrivateRangesBlockedWhenDisablePrivateIps) {
  UrlPolicy policy;
  policy.disablePrivateIps = true;
  for (const char* url : {"http://10.1.2.3/x", "http://172.16.0.1/x", "http://192.168.1.1/x",
                          "http://100.64.0.1/x", "http://[fd00::1]/x", "http://intranet.corp/x"})
    EXPECT_EQ(UrlRule::PrivateAddress, ruleOf(url, policy)) << url;
  EXPECT_EQ("", refusal("http://172.32.0.1/x", policy));
  EXPECT_EQ("", refusal("http://100.128.0.1/x", policy));  // past 100.64.0.0/10
}

TEST(UrlPolicy, PrivateAddressesAcceptedByDefault) {
  UrlPolicy policy;
  policy.disableLoopback = true;  // the 0.10.0 default: private ranges are another switch
  for (const char* url : {"http://10.0.0.1:9/x", "http://172.16.0.1/x", "http://192.168.1.1/x",
                          "http://100.64.0.1/x", "http://[fd00::1]/x", "http://intranet.corp/x"})
    EXPECT_EQ("", refusal(url, policy)) << url;
}

TEST(UrlPolicy, ListedDomainBypassesTheSsrfBlock) {
  UrlPolicy policy;
  policy.disableLoopback = true;
  policy.allowedDomains = {"127.0.0.1"};
  EXPECT_EQ("", refusal("http://127.0.0.1:8080/x", policy));
  EXPECT_TRUE(mentions(refusal("http://localhost/x", policy), "domain not allowed"));
}

TEST(UrlPolicy, CloudMetadataRefusedWhateverTheSwitches) {
  for (bool on : {false, true}) {
    UrlPolicy policy;
    policy.disableLoopback = on;
    policy.disablePrivateIps = on;
    for (const char* url :
         {"http://169.254.169.254/latest/meta-data/", "http://169.254.1.1:9/x",
          "http://[fd00:ec2::254]/x", "http://100.100.100.200/x", "http://[::ffff:169.254.169.254]/x",
          "http://metadata.google.internal/computeMetadata/v1/", "http://METADATA.amazonaws.com./x",
          "http://metadata/x", "http://instance-data/x", "http://metadata-alias/x",
          "http://2852039166/x"})  // 169.254.169.254 as one number: the address it names
      EXPECT_EQ(UrlRule::CloudMetadata, ruleOf(url, policy)) << url;
  }
}

TEST(UrlPolicy, ClusterLocalNamesRefused) {
  UrlPolicy policy;
  EXPECT_EQ(UrlRule::ClusterLocal, ruleOf("http://kubernetes.default.svc.cluster.local/x", policy));
  EXPECT_EQ(UrlRule::ClusterLocal, ruleOf("http://a.b.svc.cluster.local.:8080/x", policy));
  EXPECT_EQ("", refusal("http://svc.cluster.local.example.com/x", policy));
}

TEST(UrlPolicy, UnresolvableHostRefusedNamingDns) {
  UrlPolicy policy;
  EXPECT_EQ(UrlRule::Dns, ruleOf("http://conformance-forbidden.invalid/x", policy));
  EXPECT_TRUE(mentions(refusal("http://nowhere.invalid./x", policy), "DNS resolution failed"));
  // Names outside .invalid, /etc/hosts and localhost are not looked up: accepted as ordinary.
  EXPECT_EQ("", refusal("https://hooks.example.com/x", policy));
}

TEST(UrlPolicy, SchemesOtherThanHttpRefused) {
  UrlPolicy policy;
  for (const char* url : {"ftp://example.com/x", "file:///etc/passwd", "gopher://127.0.0.1:70/x"})
    EXPECT_EQ(UrlRule::Scheme, ruleOf(url, policy)) << url;
}

TEST(UrlPolicy, NumericFormsAreTheAddressesTheyName) {
  UrlPolicy policy;
  policy.disableLoopback = true;
  EXPECT_EQ(UrlRule::Loopback, ruleOf("http://127.1/x", policy));
  EXPECT_EQ(UrlRule::Loopback, ruleOf("http://2130706433/x", policy));  // 127.0.0.1
}

TEST(UrlPolicy, AllowedDomainsEntriesSkipTheSsrfBlock) {
  UrlPolicy policy;
  policy.disableLoopback = true;
  policy.disablePrivateIps = true;
  policy.allowedDomains = {"169.254.169.254", "nowhere.invalid", "10.0.0.1", "*.svc.cluster.local"};
  for (const char* url : {"http://169.254.169.254/x", "http://nowhere.invalid/x",
                          "http://10.0.0.1/x", "http://kubernetes.default.svc.cluster.local/x"})
    EXPECT_EQ("", refusal(url, policy)) << url;
}

TEST(UrlPolicy, OlderVersionsHaveNoSsrfBlock) {
  UrlPolicy policy;
  policy.ssrfProtection = false;
  for (const char* url : {"http://169.254.169.254/x", "http://metadata.google.internal/x",
                          "http://kubernetes.default.svc.cluster.local/x", "http://x.invalid/x"})
    EXPECT_EQ("", refusal(url, policy)) << url;
}

// Each pair breaks two rules; the earlier rule in the platform's order must name the refusal.
TEST(UrlPolicy, RulesApplyInThePlatformsOrder) {
  UrlPolicy all;
  all.maxUrlLength = 60;
  all.disableLoopback = true;
  all.requireHttps = true;
  all.allowedPorts = {443};
  all.allowedDomains = {"hooks.example.com"};
  std::string longTail(80, 'a');
  EXPECT_TRUE(mentions(refusal("/" + longTail, all), "too long"));               // 1 before 2
  EXPECT_TRUE(mentions(refusal("/short", all), "Loopback"));                      // 2
  EXPECT_TRUE(mentions(refusal("http://other.example.com:1/", all), "https"));   // 3 before 4, 6
  EXPECT_TRUE(mentions(refusal("https://other.example.com:1/", all), "port 1")); // 4 before 6
  EXPECT_TRUE(mentions(refusal("https://:443/", all), "hostname"));               // 5 before 6
  EXPECT_TRUE(mentions(refusal("https://localhost/", all), "domain not allowed"));  // 6 before 7
  UrlPolicy ssrf;
  ssrf.disableLoopback = true;
  EXPECT_TRUE(mentions(refusal("https://localhost/", ssrf), "loopback"));         // 7
}

TEST(OfflineResolver, NeverLooksUpANameOnTheNetwork) {
  EXPECT_EQ("127.0.0.1", numericAddress("127.1"));
  EXPECT_EQ("", numericAddress("example.com"));
  auto listed = resolveOffline("INTRANET.corp.", testHosts());
  EXPECT_EQ((std::vector<std::string>{"10.1.1.1"}), listed.addresses);
  EXPECT_EQ(0u, testHosts().count("broken.example"));  // a line without an address is ignored
  EXPECT_FALSE(resolveOffline("a.invalid", testHosts()).resolvable);
  EXPECT_TRUE(resolveOffline("api.localhost", testHosts()).lookedUp);
  auto other = resolveOffline("hooks.example.com", testHosts());
  EXPECT_TRUE(other.resolvable);
  EXPECT_FALSE(other.lookedUp);
  EXPECT_TRUE(other.addresses.empty());
}

TEST(UrlPolicy, ShapeCheckRefusesNonUrls) {
  EXPECT_TRUE(webhookShapeProblem("not a url"));
  EXPECT_TRUE(webhookShapeProblem("ftp://example.com/hook"));
  EXPECT_TRUE(webhookShapeProblem("hook"));
  EXPECT_TRUE(webhookShapeProblem(""));
  EXPECT_TRUE(webhookShapeProblem(123));
  EXPECT_TRUE(webhookShapeProblem(std::string(65537, 'a')));
  EXPECT_FALSE(webhookShapeProblem("http://127.0.0.1:1/hook?token=a%20b+c"));
  EXPECT_FALSE(webhookShapeProblem("/relative/route"));
}

TEST(UrlPolicy, ParsesLanggraphJsonKeysAndRefusesWrongTypes) {
  std::string error;
  auto policy = parseUrlPolicy({{"allowed_domains", {"A.example.com", "*.x.org"}},
                                {"allowed_ports", {443}},
                                {"max_url_length", 100},
                                {"require_https", true},
                                {"disable_loopback", false}},
                               /*loopbackDefault=*/true, &error);
  ASSERT_TRUE(policy) << error;
  EXPECT_EQ((std::vector<std::string>{"a.example.com", "*.x.org"}), policy->allowedDomains);
  EXPECT_EQ(100u, policy->maxUrlLength);
  EXPECT_FALSE(policy->disableLoopback);
  auto defaults = parseUrlPolicy(nullptr, /*loopbackDefault=*/true, &error);
  ASSERT_TRUE(defaults);
  EXPECT_TRUE(defaults->disableLoopback);
  EXPECT_FALSE(parseUrlPolicy({{"allowed_ports", "443"}}, false, &error));
  EXPECT_TRUE(mentions(error, "allowed_ports"));
  EXPECT_FALSE(parseUrlPolicy({{"require_https", "yes"}}, false, &error));
  EXPECT_FALSE(parseUrlPolicy({{"max_url_length", 0}}, false, &error));
}

}  // namespace
}  // namespace wc::reference
