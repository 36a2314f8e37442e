#include "tls_hostile_client.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <memory>

#include "reliability_support.h"

namespace wc::reliability {
namespace {

using TlsClock = std::chrono::steady_clock;

// One client connection: a non-blocking socket under an OpenSSL session.
class TlsConnection {
 public:
  TlsConnection() : context_(SSL_CTX_new(TLS_client_method()), SSL_CTX_free), ssl_(nullptr, SSL_free) {}
  ~TlsConnection() {
    ssl_.reset();
    if (fd_ >= 0) ::close(fd_);
  }

  bool connect(int port, TlsClock::time_point deadline) {
    if (!context_) return false;
    SSL_CTX_set_verify(context_.get(), SSL_VERIFY_NONE, nullptr);  // the throwaway certificate
    SSL_CTX_set_mode(context_.get(),
                     SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd_ < 0 || ::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
      return false;
    ::fcntl(fd_, F_SETFL, ::fcntl(fd_, F_GETFL) | O_NONBLOCK);
    ssl_.reset(SSL_new(context_.get()));
    if (!ssl_ || SSL_set_fd(ssl_.get(), fd_) != 1) return false;
    for (;;) {
      ERR_clear_error();
      int result = SSL_connect(ssl_.get());
      if (result == 1) return true;
      if (!await(SSL_get_error(ssl_.get(), result), deadline)) return false;
    }
  }

  // Some of `bytes` sent: the count; 0 when the server answered or closed first; -1 on an error
  // or at the deadline.
  long sendUnlessAnswered(const std::string& bytes, TlsClock::time_point deadline,
                          HostileAnswer& answer) {
    for (;;) {
      if (answered(answer)) return 0;
      ERR_clear_error();
      int sent = SSL_write(ssl_.get(), bytes.data(), static_cast<int>(bytes.size()));
      if (sent > 0) return sent;
      int error = SSL_get_error(ssl_.get(), sent);
      if (error != SSL_ERROR_WANT_WRITE && error != SSL_ERROR_WANT_READ) return -1;
      pollfd p{fd_, POLLIN | POLLOUT, 0};  // POLLIN: the answer may be what is coming
      if (::poll(&p, 1, msLeftUntil(deadline)) <= 0) return -1;
    }
  }

  // Reads the answer's head until its blank line, the server's end, or the deadline.
  void readAnswer(TlsClock::time_point deadline, HostileAnswer& answer) {
    while (!closed_ && answer.head.find("\r\n\r\n") == std::string::npos &&
           answer.head.size() < 65536) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, msLeftUntil(deadline)) <= 0) return;
      answered(answer);
    }
  }

 private:
  bool await(int error, TlsClock::time_point deadline) {
    short events = error == SSL_ERROR_WANT_READ    ? POLLIN
                   : error == SSL_ERROR_WANT_WRITE ? POLLOUT
                                                   : 0;
    pollfd p{fd_, events, 0};
    return events != 0 && ::poll(&p, 1, msLeftUntil(deadline)) > 0;
  }

  // Reads what the server has sent, without waiting: true once an answer or its end came
  // (a TLS 1.3 session ticket is no answer).
  bool answered(HostileAnswer& answer) {
    char buffer[4096];
    while (!closed_) {
      ERR_clear_error();
      int n = SSL_read(ssl_.get(), buffer, sizeof buffer);
      if (n > 0) {
        answer.head.append(buffer, static_cast<size_t>(n));
        continue;
      }
      int error = SSL_get_error(ssl_.get(), n);
      if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) break;
      closed_ = true;
      if (error == SSL_ERROR_SYSCALL && errno == ECONNRESET) answer.resetSeen = true;
    }
    return closed_ || !answer.head.empty();
  }

  std::unique_ptr<SSL_CTX, void (*)(SSL_CTX*)> context_;
  std::unique_ptr<SSL, void (*)(SSL*)> ssl_;
  int fd_ = -1;
  bool closed_ = false;
};

}  // namespace

HostileAnswer floodOverTls(int port, const std::string& head, const std::string& piece,
                           size_t pieceBytes, std::chrono::milliseconds deadlineAfter) {
  auto deadline = TlsClock::now() + deadlineAfter;
  HostileAnswer answer;
  TlsConnection tls;
  if (!tls.connect(port, deadline)) return answer;
  bool sending = true;
  for (size_t offset = 0; sending && offset < head.size();) {
    long n = tls.sendUnlessAnswered(head.substr(offset), deadline, answer);
    sending = n > 0;
    offset += n > 0 ? static_cast<size_t>(n) : 0;
    answer.headBytesSent = offset;
  }
  while (sending && answer.bodyBytesSent < pieceBytes) {
    for (size_t offset = 0; sending && offset < piece.size();) {
      long n = tls.sendUnlessAnswered(piece.substr(offset), deadline, answer);
      sending = n > 0;
      offset += n > 0 ? static_cast<size_t>(n) : 0;
      answer.bodyBytesSent += n > 0 ? static_cast<size_t>(n) : 0;
    }
  }
  tls.readAnswer(deadline, answer);
  int status = 0;
  if (std::sscanf(answer.head.c_str(), "HTTP/1.%*d %d", &status) == 1) answer.status = status;
  return answer;
}

}  // namespace wc::reliability
