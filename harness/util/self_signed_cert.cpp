#include "util/self_signed_cert.h"

#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>

namespace wc {
namespace {

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
using Key = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using Cert = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using Extension = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION, X509_EXTENSION_free>>;

bool addExtension(X509* cert, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  Extension ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
  return ext && X509_add_ext(cert, ext.get(), -1) == 1;
}

Cert makeCertificate(EVP_PKEY* key) {
  Cert cert(X509_new());
  if (!cert) return nullptr;
  X509_set_version(cert.get(), 2);  // v3: extensions
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), static_cast<long>(std::random_device{}() & 0x7fffffff) + 1);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24 * 3600);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0);
  X509_set_issuer_name(cert.get(), name);
  X509_set_pubkey(cert.get(), key);
  // A CA (it signs itself) that clients can be given as their trust anchor.
  if (!addExtension(cert.get(), NID_basic_constraints, "critical,CA:TRUE") ||
      !addExtension(cert.get(), NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost") ||
      X509_sign(cert.get(), key, EVP_sha256()) <= 0)
    return nullptr;
  return cert;
}

template <typename Write>
bool writePem(const std::string& path, Write write) {
  FILE* f = std::fopen(path.c_str(), "w");
  if (!f) return false;
  bool ok = write(f) == 1;
  return std::fclose(f) == 0 && ok;
}

}  // namespace

bool SelfSignedCertificate::create(std::string* error) {
  auto fail = [&](const std::string& what) {
    if (error) *error = "cannot make a self-signed certificate for HTTPS delivery: " + what;
    return false;
  };
  Key key(EVP_EC_gen("P-256"));
  if (!key) return fail("EC key generation failed");
  Cert cert = makeCertificate(key.get());
  if (!cert) return fail("signing failed");
  std::string pattern = (std::filesystem::temp_directory_path() / "webhook-conformance-tls-XXXXXX").string();
  if (!::mkdtemp(pattern.data())) return fail("cannot create a temp dir");  // mode 0700
  dir_ = pattern;
  certFile_ = dir_ + "/cert.pem";
  keyFile_ = dir_ + "/key.pem";
  if (!writePem(certFile_, [&](FILE* f) { return PEM_write_X509(f, cert.get()); }))
    return fail("cannot write " + certFile_);
  if (!writePem(keyFile_, [&](FILE* f) {
        return PEM_write_PrivateKey(f, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
      }))
    return fail("cannot write " + keyFile_);
  ::chmod(keyFile_.c_str(), 0600);
  return true;
}

SelfSignedCertificate::~SelfSignedCertificate() {
  if (dir_.empty()) return;
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

}  // namespace wc
