#include "hostile_bodies.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <fstream>
#include <vector>

namespace wc::reliability {
namespace {

using Clock = std::chrono::steady_clock;

int msLeft(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return left.count() > 0 ? static_cast<int>(left.count()) : 0;
}

int connectLoopback(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return -1;
  }
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  return fd;
}

// Sends all of `bytes` unless the server answers, closes or the deadline passes first.
// False when sending stopped early.
bool sendUnlessAnswered(int fd, const std::string& bytes, Clock::time_point deadline,
                        size_t* sent) {
  size_t offset = 0;
  while (offset < bytes.size()) {
    pollfd p{fd, POLLIN | POLLOUT, 0};
    if (::poll(&p, 1, msLeft(deadline)) <= 0) return false;
    if (p.revents & (POLLIN | POLLHUP | POLLERR)) return false;  // answered or closed
    auto n = ::send(fd, bytes.data() + offset, bytes.size() - offset, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) continue;
      return false;
    }
    offset += static_cast<size_t>(n);
    if (sent) *sent += static_cast<size_t>(n);
  }
  return true;
}

HostileAnswer readAnswer(int fd, Clock::time_point deadline, HostileAnswer answer) {
  char buffer[4096];
  while (answer.head.find("\r\n\r\n") == std::string::npos && answer.head.size() < 65536) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, msLeft(deadline)) <= 0) break;
    auto n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
    if (n < 0 && errno == ECONNRESET) answer.resetSeen = true;
    if (n <= 0) break;  // closed or reset: what came before still counts
    answer.head.append(buffer, static_cast<size_t>(n));
  }
  int status = 0;
  if (std::sscanf(answer.head.c_str(), "HTTP/1.%*d %d", &status) == 1) answer.status = status;
  return answer;
}

// Sends all of `bytes` whatever the server answers; false when the deadline passed or the
// connection failed (a reset or broken pipe sets *reset).
bool sendIgnoringAnswers(int fd, const std::string& bytes, Clock::time_point deadline,
                         size_t* sent, bool* reset) {
  for (size_t offset = 0; offset < bytes.size();) {
    pollfd p{fd, POLLOUT, 0};
    if (::poll(&p, 1, msLeft(deadline)) <= 0) return false;
    auto n = ::send(fd, bytes.data() + offset, bytes.size() - offset, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) continue;
      if (errno == ECONNRESET || errno == EPIPE) *reset = true;
      return false;
    }
    offset += static_cast<size_t>(n);
    *sent += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

size_t peakResidentBytes(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stoull(line.substr(6)) * 1024;
  return 0;
}

void resetPeakResident(pid_t pid) {
  std::ofstream("/proc/" + std::to_string(pid) + "/clear_refs") << "5";
}

std::string gzipBomb(size_t inflatedBytes) {
  z_stream z{};
  deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY);  // +16: a gzip wrapper
  std::vector<unsigned char> zeros(1 << 20, 0), out(1 << 16);
  std::string compressed;
  for (size_t left = inflatedBytes; left > 0 || z.avail_in > 0;) {
    size_t piece = std::min(left, zeros.size());
    left -= piece;
    z.next_in = zeros.data();
    z.avail_in = static_cast<uInt>(piece);
    int flush = left == 0 ? Z_FINISH : Z_NO_FLUSH;
    int result;
    do {
      z.next_out = out.data();
      z.avail_out = static_cast<uInt>(out.size());
      result = deflate(&z, flush);
      compressed.append(reinterpret_cast<char*>(out.data()), out.size() - z.avail_out);
    } while (z.avail_out == 0 || (flush == Z_FINISH && result != Z_STREAM_END));
    if (flush == Z_FINISH) break;
  }
  deflateEnd(&z);
  return compressed;
}

HostileAnswer floodBody(int port, const std::string& target, size_t bodyBytes, Framing framing,
                        std::chrono::milliseconds deadlineAfter) {
  auto deadline = Clock::now() + deadlineAfter;
  HostileAnswer answer;
  int fd = connectLoopback(port);
  if (fd < 0) return answer;
  std::string head = "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     "Content-Type: application/json\r\n";
  head += framing == Framing::Chunked ? "Transfer-Encoding: chunked\r\n\r\n"
                                      : "Connection: close\r\n\r\n";
  const size_t kPiece = 64 * 1024;
  std::string data(kPiece, ' ');
  std::string piece = framing == Framing::Chunked ? "10000\r\n" + data + "\r\n" : data;
  bool sending = sendUnlessAnswered(fd, head, deadline, nullptr);
  while (sending && answer.bodyBytesSent < bodyBytes)
    sending = sendUnlessAnswered(fd, piece, deadline, &answer.bodyBytesSent);
  if (sending) {  // the whole body went out: end it
    if (framing == Framing::Chunked) sendUnlessAnswered(fd, "0\r\n\r\n", deadline, nullptr);
    else ::shutdown(fd, SHUT_WR);
  }
  answer = readAnswer(fd, deadline, answer);
  ::close(fd);
  return answer;
}

HostileAnswer sendEncoded(int port, const std::string& target, const std::string& encoding,
                          const std::string& body, std::chrono::milliseconds deadlineAfter) {
  auto deadline = Clock::now() + deadlineAfter;
  HostileAnswer answer;
  int fd = connectLoopback(port);
  if (fd < 0) return answer;
  std::string request = "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        "Content-Type: application/json\r\nContent-Encoding: " + encoding +
                        "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  sendUnlessAnswered(fd, request, deadline, &answer.bodyBytesSent);
  answer = readAnswer(fd, deadline, answer);
  ::close(fd);
  return answer;
}

HostileAnswer floodHeaderLines(int port, const std::string& target, size_t lineBytes, size_t lines,
                               std::chrono::milliseconds deadlineAfter) {
  auto deadline = Clock::now() + deadlineAfter;
  HostileAnswer answer;
  int fd = connectLoopback(port);
  if (fd < 0) return answer;
  auto send = [&](const std::string& bytes) {
    return sendUnlessAnswered(fd, bytes, deadline, &answer.headBytesSent);
  };
  bool sending = send("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
  // In pieces of at most 64 KiB: a flood of gigabytes takes few system calls and little memory.
  const size_t kPiece = 64 * 1024;
  const size_t valueBytes = lineBytes > 5 ? lineBytes - 5 : 0;  // "X: " + value + CRLF
  if (lineBytes <= kPiece) {
    const std::string line = "X: " + std::string(valueBytes, 'a') + "\r\n";
    const size_t linesPerPiece = kPiece / line.size();
    std::string piece;
    for (size_t i = 0; i < linesPerPiece; ++i) piece += line;
    for (size_t sent = 0; sending && sent < lines; sent += linesPerPiece)
      sending = send(piece.substr(0, std::min(linesPerPiece, lines - sent) * line.size()));
  } else {
    const std::string value(kPiece, 'a');
    for (size_t line = 0; sending && line < lines; ++line) {
      sending = send("X: ");
      for (size_t left = valueBytes; sending && left > 0; left -= std::min(left, kPiece))
        sending = send(value.substr(0, std::min(left, kPiece)));
      if (sending) sending = send("\r\n");
    }
  }
  if (sending) send("\r\n");
  answer = readAnswer(fd, deadline, answer);
  ::close(fd);
  return answer;
}

HostileAnswer floodChunkSizeLine(int port, const std::string& target, size_t bytes,
                                 std::chrono::milliseconds deadlineAfter) {
  auto deadline = Clock::now() + deadlineAfter;
  HostileAnswer answer;
  int fd = connectLoopback(port);
  if (fd < 0) return answer;
  bool sending = sendUnlessAnswered(fd, "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                    "Transfer-Encoding: chunked\r\n\r\n",
                                    deadline, &answer.headBytesSent);
  const std::string zeros(64 * 1024, '0');
  while (sending && answer.bodyBytesSent < bytes)
    sending = sendUnlessAnswered(fd, zeros, deadline, &answer.bodyBytesSent);
  answer = readAnswer(fd, deadline, answer);
  ::close(fd);
  return answer;
}

HostileAnswer sendBodyBeforeReading(int port, const std::string& target, size_t bodyBytes,
                                    BodyLength length, std::chrono::milliseconds deadlineAfter) {
  auto deadline = Clock::now() + deadlineAfter;
  HostileAnswer answer;
  int fd = connectLoopback(port);
  if (fd < 0) return answer;
  bool chunked = length == BodyLength::Chunked;
  std::string head = "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     "Content-Type: application/json\r\n" +
                     (chunked ? std::string("Transfer-Encoding: chunked\r\n")
                              : "Content-Length: " + std::to_string(bodyBytes) + "\r\n") +
                     "\r\n";
  const size_t kPiece = 64 * 1024;
  std::string data(kPiece, ' ');
  std::string piece = chunked ? "10000\r\n" + data + "\r\n" : data;
  bool sending = sendIgnoringAnswers(fd, head, deadline, &answer.headBytesSent, &answer.resetSeen);
  while (sending && answer.bodyBytesSent < bodyBytes)
    sending = sendIgnoringAnswers(fd, piece, deadline, &answer.bodyBytesSent, &answer.resetSeen);
  if (sending && chunked)
    sendIgnoringAnswers(fd, "0\r\n\r\n", deadline, &answer.bodyBytesSent, &answer.resetSeen);
  answer = readAnswer(fd, deadline, answer);
  ::close(fd);
  return answer;
}

}  // namespace wc::reliability
