#pragma once
// Requests a hostile webhook sender sends, from a raw socket, and the memory a server holds while
// it answers them: a compression bomb, a chunked flood, a body that ends only at end-of-file,
// header lines that never end, a refused body sent whole before the answer is read.
#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <string>

namespace wc::reliability {

// Peak resident memory (VmHWM) of a process, and its reset (clear_refs 5) so that the next
// peak measures only what follows. Bytes; 0 when /proc cannot be read.
size_t peakResidentBytes(pid_t pid);
void resetPeakResident(pid_t pid);

// A gzip stream that inflates to `inflatedBytes` zero bytes (about 1/1000 of it), built in
// pieces so the sender never holds the inflated size.
std::string gzipBomb(size_t inflatedBytes);

enum class Framing { Chunked, UntilEndOfFile };

struct HostileAnswer {
  int status = 0;          // 0: no response head came
  size_t bodyBytesSent = 0;
  size_t headBytesSent = 0;  // of the request's header section
  bool resetSeen = false;    // a send or read failed with a reset (or a broken pipe)
  std::string head;        // the response head (or what came of it)
};

// POSTs up to `bodyBytes` to `target` in 64 KiB pieces, framed chunked or without a length
// (Connection: close; the body ends with the sender's end-of-file), and stops sending as soon
// as the server answers or closes. Everything within `deadline`.
HostileAnswer floodBody(int port, const std::string& target, size_t bodyBytes, Framing framing,
                        std::chrono::milliseconds deadline);

// POSTs `body` with Content-Length and the given Content-Encoding; the answer's head.
HostileAnswer sendEncoded(int port, const std::string& target, const std::string& encoding,
                          const std::string& body, std::chrono::milliseconds deadline);

// Sends `target`'s request line, then header lines of `lineBytes` each until `lines` have gone
// (then the blank line), the server answers or closes, or the deadline passes; the answer's head.
HostileAnswer floodHeaderLines(int port, const std::string& target, size_t lineBytes, size_t lines,
                               std::chrono::milliseconds deadline);

// POSTs a chunked body whose first chunk-size line never ends ("000..." without a line feed)
// until `bytes` of it have gone, the server answers or closes, or the deadline passes.
HostileAnswer floodChunkSizeLine(int port, const std::string& target, size_t bytes,
                                 std::chrono::milliseconds deadline);

enum class BodyLength { Declared, Chunked };

// POSTs `bodyBytes` with Content-Length or chunked, sending all of it before reading anything (as
// a sender that ignores an early answer does), then reads the answer's head.
HostileAnswer sendBodyBeforeReading(int port, const std::string& target, size_t bodyBytes,
                                    BodyLength length, std::chrono::milliseconds deadline);

}  // namespace wc::reliability
