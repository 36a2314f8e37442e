#pragma once
// Request bodies bounded by what arrives, not by what the sender declares. Debian's cpp-httplib
// 0.11.4 compares payload_max_length with a declared Content-Length only: it reads chunked and
// until-end-of-file bodies whole, and it inflates gzip/deflate/br bodies before any limit (211
// bytes of brotli become 256 MiB). So a server refuses what it cannot bound before the body is
// read (refusalBeforeBody, from its pre-routing handler) and reads the rest through a
// ContentReader that stops at the limit (readBoundedBody, or BoundedBodyRoutes for plain handlers).
#include <httplib.h>

#include <cstddef>
#include <optional>
#include <string>

namespace wc {

struct BodyRefusal {
  int status = 0;      // 415 or 413
  std::string reason;  // one line, plain text
};

// 415 for a Content-Encoding other than identity (httplib would inflate it unbounded) or a
// multipart/form-data body (httplib parses it into parts, never the raw bytes); 400 for a
// Content-Length that is not a number. nullopt: the body may be read with readBoundedBody.
std::optional<BodyRefusal> refusalBeforeBody(const httplib::Request& req);

enum class BodyRead { Complete, TooLarge, Broken };

// Reads the body through `reader` into *body, stopping as soon as it would pass maxBytes.
// A declared Content-Length over payload_max_length (set to maxBytes) is read by httplib into
// nothing, then answered 413 (`res` carries that status), so a client that sends its whole body
// before reading still sees the answer. Broken: the sender stalled or the stream ended early.
BodyRead readBoundedBody(const httplib::ContentReader& reader, size_t maxBytes, std::string* body,
                         const httplib::Response& res);

// The 413 refusal of a body that passed maxBytes as it arrived.
BodyRefusal tooLargeRefusal(size_t maxBytes);

// Answers `refusal` and has httplib close the connection after the answer: the unread rest of
// the body must never be parsed as the next request. A content provider that fails after writing
// the whole answer is httplib 0.11.4's only way for a handler to end a kept-alive connection.
void answerAndClose(httplib::Response& res, const BodyRefusal& refusal);

// Registers plain handlers (which read req.body) whose bodies are read bounded: refused bodies
// are answered by the pre-routing handler (install it with installBodyRefusals), longer ones
// 413 as they arrive, both closing the connection.
class BoundedBodyRoutes {
 public:
  BoundedBodyRoutes(httplib::Server& server, size_t maxBytes) : server_(server), maxBytes_(maxBytes) {}
  httplib::Server& server() { return server_; }
  size_t maxBytes() const { return maxBytes_; }
  void Get(const std::string& pattern, httplib::Server::Handler handler) {
    server_.Get(pattern, std::move(handler));  // httplib reads no GET body
  }
  void Post(const std::string& pattern, httplib::Server::Handler handler);
  void Put(const std::string& pattern, httplib::Server::Handler handler);
  void Patch(const std::string& pattern, httplib::Server::Handler handler);
  void Delete(const std::string& pattern, httplib::Server::Handler handler);

 private:
  httplib::Server::HandlerWithContentReader bounded(httplib::Server::Handler handler) const;
  httplib::Server& server_;
  size_t maxBytes_;
};

// Sets `server`'s pre-routing handler to answer refusalBeforeBody (and close), and its
// payload_max_length to maxBytes.
void installBodyRefusals(httplib::Server& server, size_t maxBytes);

}  // namespace wc
