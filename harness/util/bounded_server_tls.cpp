// BoundedServer's TLS: the context made from PEM files, and each connection's handshake, reads,
// writes and close_notify over a non-blocking socket, every wait bounded by a timeout.
#include <fcntl.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <climits>

#include "util/bounded_server.h"
#include "util/connection_transport.h"

namespace wc {
namespace {

// Our close_notify is a courtesy: a peer that does not read it is not waited for long.
constexpr int kCloseNotifyMs = 1000;

// OpenSSL's queued errors as one line, oldest first; the queue is left empty.
std::string openSslErrors() {
  std::string text;
  while (unsigned long code = ERR_get_error()) {
    char line[256];
    ERR_error_string_n(code, line, sizeof line);
    text += (text.empty() ? "" : "; ") + std::string(line);
  }
  return text.empty() ? "no reason given" : text;
}

// A key file with a passphrase fails to load rather than prompting on the terminal.
int refusePassphrase(char*, int, int, void*) { return 0; }

SSL_CTX* newServerContext(const std::string& certFile, const std::string& keyFile,
                          std::string* error) {
  ERR_clear_error();
  SSL_CTX* context = SSL_CTX_new(TLS_server_method());
  auto fail = [&](const std::string& what) -> SSL_CTX* {
    *error = what + " (" + openSslErrors() + ")";
    SSL_CTX_free(context);
    return nullptr;
  };
  if (!context) return fail("cannot make a TLS context");
  SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION);
  // A peer closing without close_notify ends the stream as plain TCP's end does; a TLS 1.2
  // renegotiation would be one more handshake to bound.
  SSL_CTX_set_options(context, SSL_OP_IGNORE_UNEXPECTED_EOF | SSL_OP_NO_RENEGOTIATION);
  SSL_CTX_set_mode(context, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  SSL_CTX_set_default_passwd_cb(context, refusePassphrase);
  if (SSL_CTX_use_certificate_chain_file(context, certFile.c_str()) != 1)
    return fail("cannot load the certificate " + certFile);
  const std::string mismatch = "the private key " + keyFile + " does not match the certificate " +
                               certFile;
  if (SSL_CTX_use_PrivateKey_file(context, keyFile.c_str(), SSL_FILETYPE_PEM) != 1) {
    bool mismatched = ERR_GET_REASON(ERR_peek_last_error()) == X509_R_KEY_VALUES_MISMATCH;
    return fail(mismatched ? mismatch : "cannot load the private key " + keyFile);
  }
  if (SSL_CTX_check_private_key(context) != 1) return fail(mismatch);
  return context;
}

// OpenSSL writes to the socket with write(), which raises SIGPIPE on a connection the peer has
// reset, and the process does not ignore SIGPIPE: the connection thread blocks it while it serves
// TLS, and takes one left pending before unblocking it.
class SigpipeBlocked {
 public:
  SigpipeBlocked() {
    sigemptyset(&sigpipe_);
    sigaddset(&sigpipe_, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &sigpipe_, &previous_);
  }
  ~SigpipeBlocked() {
    sigset_t pending;
    timespec now{};
    if (sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE))
      sigtimedwait(&sigpipe_, nullptr, &now);
    pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
  }

 private:
  sigset_t sigpipe_, previous_;
};

class TlsTransport final : public ConnectionTransport {
 public:
  TlsTransport(socket_t sock, SSL* ssl) : ConnectionTransport(sock), ssl_(ssl) {}

  bool handshake(int timeoutMs) {
    return retry([this] { return SSL_accept(ssl_); }, timeoutMs) > 0;
  }
  ssize_t receive(char* data, size_t size, int timeoutMs) override {
    int count = static_cast<int>(std::min<size_t>(size, INT_MAX));
    return retry([&] { return SSL_read(ssl_, data, count); }, timeoutMs);
  }
  ssize_t send(const char* data, size_t size, int timeoutMs) override {
    int count = static_cast<int>(std::min<size_t>(size, INT_MAX));
    int sent = retry([&] { return SSL_write(ssl_, data, count); }, timeoutMs);
    return sent > 0 ? sent : -1;
  }
  bool hasPending() const override { return SSL_pending(ssl_) > 0 || SSL_has_pending(ssl_) == 1; }
  // Sends our close_notify; the peer's is not awaited (the lingering close drains it).
  void closeNotify(int timeoutMs) {
    if (broken_) return;  // OpenSSL: no SSL_shutdown after a fatal error
    retry([this] {
      int result = SSL_shutdown(ssl_);
      return result == 0 ? 1 : result;  // 0: ours went, the peer's has not come
    }, timeoutMs);
  }

 private:
  // Runs `operation` again whenever OpenSSL needs the socket readable or writable, until it
  // succeeds, fails or `timeoutMs` passed: its result when positive, 0 at the peer's
  // close_notify, -1 otherwise.
  template <typename Operation>
  int retry(Operation operation, int timeoutMs) {
    auto deadline = ConnectionClock::now() + std::chrono::milliseconds(timeoutMs);
    for (;;) {
      ERR_clear_error();  // SSL_get_error reads this thread's queue
      int result = operation();
      if (result > 0) return result;
      int error = SSL_get_error(ssl_, result);
      if (error == SSL_ERROR_ZERO_RETURN) return 0;
      short events = error == SSL_ERROR_WANT_READ    ? POLLIN
                     : error == SSL_ERROR_WANT_WRITE ? POLLOUT
                                                     : 0;
      if (events == 0) broken_ = true;
      if (events == 0 || !awaitSocket(sock_, events, msUntil(deadline))) return -1;
    }
  }

  SSL* ssl_;
  bool broken_ = false;  // a fatal TLS or socket error
};

}  // namespace

BoundedServer::BoundedServer(HeaderSectionLimits limits)
    : limits_(limits), tlsContext_(nullptr, SSL_CTX_free) {}

BoundedServer::BoundedServer(const std::string& certFile, const std::string& keyFile,
                             HeaderSectionLimits limits)
    : limits_(limits), servesTls_(true),
      tlsContext_(newServerContext(certFile, keyFile, &tlsError_), SSL_CTX_free) {}

BoundedServer::~BoundedServer() = default;

bool BoundedServer::is_valid() const { return !servesTls_ || tlsContext_ != nullptr; }

bool BoundedServer::serveTls(socket_t sock) {
  if (!tlsContext_) return false;
  SigpipeBlocked noSigpipe;
  std::unique_ptr<SSL, void (*)(SSL*)> ssl(SSL_new(tlsContext_.get()), SSL_free);
  if (!ssl || SSL_set_fd(ssl.get(), sock) != 1) return false;
  ::fcntl(sock, F_SETFL, ::fcntl(sock, F_GETFL) | O_NONBLOCK);  // every wait is our poll
  TlsTransport tls(sock, ssl.get());
  // One read timeout for the whole handshake: a peer that sends nothing, or trickles its
  // ClientHello a byte at a time, is dropped then and its connection thread freed.
  if (!tls.handshake(readTimeoutMs())) return false;
  bool served = serveRequests(tls);
  tls.closeNotify(std::min(writeTimeoutMs(), kCloseNotifyMs));
  return served;
}

}  // namespace wc
