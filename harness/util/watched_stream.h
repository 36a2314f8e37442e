#pragma once
// httplib's SocketStream (not exported by the Debian library) with the header section and the
// body's framing lines watched: past a limit it answers 431 (400 for a framing line) itself and
// fails every later read and write, so httplib drops the request and writes nothing more. One
// stream serves a whole connection, so bytes read ahead of one request stay for the next. The
// bytes come through a ConnectionTransport, so plain and TLS connections are watched alike.
#include <httplib.h>

#include <array>
#include <string>

#include "util/bounded_server.h"
#include "util/connection_transport.h"

namespace wc {

class WatchedStream final : public httplib::Stream {
 public:
  WatchedStream(ConnectionTransport& transport, HeaderSectionLimits limits, int readTimeoutMs,
                int writeTimeoutMs)
      : transport_(transport), watch_(limits), readTimeoutMs_(readTimeoutMs),
        writeTimeoutMs_(writeTimeoutMs) {}

  void startRequest();
  bool refused() const { return refused_; }
  // Bytes of the connection read ahead (here or in the transport), not yet parsed.
  bool hasBuffered() const { return offset_ < length_ || transport_.hasPending(); }

  bool is_readable() const override;
  bool is_writable() const override;
  ssize_t read(char* ptr, size_t size) override;
  ssize_t write(const char* ptr, size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  socket_t socket() const override { return transport_.socket(); }

 private:
  std::string headerSectionReason() const;
  void refuse(int status, const char* statusText, const std::string& reason);

  ConnectionTransport& transport_;
  HeaderSectionWatch watch_;
  int readTimeoutMs_, writeTimeoutMs_;
  bool refused_ = false;
  size_t framingLineBytes_ = 0;  // bytes of the framing line being read, past the header section
  std::array<char, 16 * 1024> buffer_{};  // read ahead, as httplib's own stream does
  size_t offset_ = 0, length_ = 0;
};

}  // namespace wc
