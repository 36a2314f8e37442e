#pragma once
// Arbitrary bytes as one request to a live capture server on loopback (the body path every server
// of the project shares: util/bounded_body). The first byte chooses the framing: Content-Length,
// chunked (chunk sizes from the input), until end of file, gzip or br Content-Encoding, or the
// input as the whole request. Whatever arrives, the answer is an HTTP status the server documents
// (or a closed connection), within a bound, and nothing recorded holds more than the limit.
// Used by fuzz/fuzz_server_body.cpp and, over a fixed set of inputs, by a reliability test.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "capture/capture_server.h"

namespace wc::fuzzing {

constexpr size_t kServerBodyLimit = 4096;

class ServerBodyDriver {
 public:
  ServerBodyDriver() {
    CaptureOptions options;
    options.maxBodyBytes = kServerBodyLimit;
    options.keepRequests = false;
    options.readTimeout = std::chrono::milliseconds(500);
    options.requestTimeout = std::chrono::milliseconds(2000);
    server_ = std::make_unique<CaptureServer>(options);
    std::string error;
    started_ = server_->start(&error);
    server_->setOnRecorded([this](const CapturedRequest& r) {
      if (r.body.size() > kServerBodyLimit) overLimit_ = true;
    });
  }
  bool started() const { return started_; }
  bool sawBodyOverLimit() const { return overLimit_; }

  // The status answered (0: the connection closed without one). -1: a broken invariant.
  int exercise(const std::string& input) {
    const std::string request = requestFor(input);
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return 0;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(server_->port()));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
      ::close(fd);
      return 0;
    }
    sendWithin(fd, request, std::chrono::milliseconds(1000));
    if (untilEof_) ::shutdown(fd, SHUT_WR);
    const std::string answer = readWithin(fd, std::chrono::milliseconds(3000));
    ::close(fd);
    if (answer.rfind("HTTP/1.1 ", 0) != 0) return 0;
    const int status = std::atoi(answer.substr(9, 3).c_str());
    switch (status) {
      case 100: case 200: case 400: case 404: case 405: case 408: case 411: case 413: case 414: case 415:
      case 417: case 431: case 501: case 505: return status;
      default: return -1;
    }
  }

 private:
  std::string requestFor(const std::string& input) {
    untilEof_ = false;
    if (input.empty()) return "";
    const unsigned mode = static_cast<unsigned char>(input[0]) % 6;
    const std::string body = input.substr(1);
    const std::string head = "POST /hook/fuzz?token=t HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                             "Content-Type: application/json\r\n";
    switch (mode) {
      case 0: return head + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
      case 1: {
        std::string chunked = head + "Transfer-Encoding: chunked\r\n\r\n";
        for (size_t at = 0; at < body.size();) {
          const size_t n = 1 + static_cast<unsigned char>(body[at]) % 64;
          const std::string piece = body.substr(at, n);
          char size[32];
          std::snprintf(size, sizeof(size), "%zx\r\n", piece.size());
          chunked += size + piece + "\r\n";
          at += n;
        }
        return chunked + "0\r\n\r\n";
      }
      case 2: untilEof_ = true; return head + "Connection: close\r\n\r\n" + body;
      case 3:
        return head + "Content-Encoding: gzip\r\nContent-Length: " + std::to_string(body.size()) +
               "\r\n\r\n" + body;
      case 4:
        return head + "Content-Encoding: br\r\nContent-Length: " + std::to_string(body.size()) +
               "\r\n\r\n" + body;
      default: return body;  // the whole request, head included
    }
  }
  static void sendWithin(int fd, const std::string& bytes, std::chrono::milliseconds bound) {
    const auto deadline = std::chrono::steady_clock::now() + bound;
    size_t done = 0;
    while (done < bytes.size() && std::chrono::steady_clock::now() < deadline) {
      pollfd p{fd, POLLOUT, 0};
      if (::poll(&p, 1, 100) != 1) continue;
      auto n = ::send(fd, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
      if (n <= 0) return;
      done += static_cast<size_t>(n);
    }
  }
  static std::string readWithin(int fd, std::chrono::milliseconds bound) {
    const auto deadline = std::chrono::steady_clock::now() + bound;
    std::string answer;
    char buffer[4096];
    while (answer.size() < 64 * 1024) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) break;
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) != 1) break;
      auto n = ::recv(fd, buffer, sizeof(buffer), 0);
      if (n <= 0) break;
      answer.append(buffer, static_cast<size_t>(n));
      if (answer.find("\r\n\r\n") != std::string::npos) break;  // the status line is enough
    }
    return answer;
  }

  std::unique_ptr<CaptureServer> server_;
  bool started_ = false;
  bool untilEof_ = false;
  std::atomic<bool> overLimit_{false};
};

}  // namespace wc::fuzzing
