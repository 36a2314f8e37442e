#pragma once
// A throwaway self-signed certificate for 127.0.0.1, made with OpenSSL at run start, so the
// embedded run can deliver webhooks over HTTPS (delivery.https) without a certificate in the
// repository. The files live in a fresh private temp dir, removed when the object goes.
#include <string>

namespace wc {

class SelfSignedCertificate {
 public:
  // EC P-256 key, subject and issuer CN=127.0.0.1, subjectAltName IP:127.0.0.1 and
  // DNS:localhost, valid from an hour ago for a day. False with one line on failure.
  bool create(std::string* error);
  ~SelfSignedCertificate();

  // PEM files: the certificate doubles as the CA a client trusts to verify it.
  const std::string& certFile() const { return certFile_; }
  const std::string& keyFile() const { return keyFile_; }

 private:
  std::string dir_, certFile_, keyFile_;
};

}  // namespace wc
