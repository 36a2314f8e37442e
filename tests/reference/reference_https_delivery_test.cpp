// HTTPS delivery (delivery.https): the harness's throwaway certificate serves a TLS capture
// server; the reference delivers to it when it trusts that certificate, and refuses to when it
// does not, which shows it verifies the receiver's certificate rather than accepting any.
#include <gtest/gtest.h>

#include <fstream>

#include "capture/capture_server.h"
#include "client/target_client.h"
#include "reference/reference_target.h"
#include "util/self_signed_cert.h"

namespace wc::reference {
namespace {

class HttpsDeliveryTest : public testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    ASSERT_TRUE(certificate_.create(&error)) << error;
    CaptureOptions tls;
    tls.tlsCertFile = certificate_.certFile();
    tls.tlsKeyFile = certificate_.keyFile();
    capture_ = std::make_unique<CaptureServer>(tls);
    ASSERT_TRUE(capture_->start(&error)) << error;
  }
  void TearDown() override {
    if (target_) target_->stop();
    capture_->stop();
  }
  // A run with an https webhook on a reference that trusts `caFile` ("" -> the system's CAs).
  std::string runWithHttpsWebhook(const std::string& caFile) {
    ReferenceOptions options;
    options.timing = fastDeliveryTiming();
    options.timing.maxAttempts = 1;
    options.webhookCaFile = caFile;
    options.log = false;
    target_ = std::make_unique<ReferenceTarget>(options);
    std::string error;
    EXPECT_TRUE(target_->start("127.0.0.1", 0, &error)) << error;
    TargetClient client(ClientOptions{target_->baseUrl()});
    auto route = capture_->newRoute("https");
    auto run = client.post("/runs/wait", {{"assistant_id", "echo"},
                                          {"input", {{"messages", nlohmann::json::array()}}},
                                          {"webhook", capture_->urlFor(route, "?token=a%2Bb")}});
    EXPECT_TRUE(run.ok()) << run.error;
    return route;
  }

  SelfSignedCertificate certificate_;
  std::unique_ptr<CaptureServer> capture_;
  std::unique_ptr<ReferenceTarget> target_;
};

TEST_F(HttpsDeliveryTest, TheCaptureServerAdvertisesHttps) {
  EXPECT_EQ(0u, capture_->urlFor("r").rfind("https://127.0.0.1:", 0)) << capture_->urlFor("r");
}

TEST_F(HttpsDeliveryTest, DeliversWhenTheReferenceTrustsTheCertificate) {
  auto route = runWithHttpsWebhook(certificate_.certFile());
  CapturedRequest got;
  ASSERT_TRUE(capture_->awaitWebhook(route, std::chrono::seconds(5), &got));
  EXPECT_EQ(capture_->targetFor(route, "?token=a%2Bb"), got.target);
}

TEST_F(HttpsDeliveryTest, RefusesAnUntrustedCertificate) {
  auto route = runWithHttpsWebhook("");  // the system's CAs do not know our throwaway one
  EXPECT_TRUE(capture_->expectNoWebhook(route, std::chrono::milliseconds(1500)));
}

TEST(SelfSignedCertificate, FilesAreRemovedWithTheObject) {
  std::string cert;
  {
    SelfSignedCertificate c;
    std::string error;
    ASSERT_TRUE(c.create(&error)) << error;
    cert = c.certFile();
    EXPECT_TRUE(std::ifstream(cert).good());
  }
  EXPECT_FALSE(std::ifstream(cert).good()) << cert << " outlived its certificate";
}

TEST(CaptureServerTls, AMissingCertificateIsOneClearError) {
  CaptureOptions tls;
  tls.tlsCertFile = "/nonexistent/cert.pem";
  tls.tlsKeyFile = "/nonexistent/key.pem";
  CaptureServer capture(tls);
  std::string error;
  EXPECT_FALSE(capture.start(&error));
  EXPECT_NE(std::string::npos, error.find("cannot load the TLS certificate")) << error;
}

}  // namespace
}  // namespace wc::reference
