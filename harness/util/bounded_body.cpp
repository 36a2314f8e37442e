#include "util/bounded_body.h"

#include <strings.h>

#include <cctype>

namespace wc {
namespace {

std::string trimmed(const std::string& text) {
  auto begin = text.find_first_not_of(" \t");
  if (begin == std::string::npos) return "";
  return text.substr(begin, text.find_last_not_of(" \t") - begin + 1);
}

// At most 40 printable ASCII bytes of a sender's header value, for a one-line reason.
std::string printable(const std::string& value) {
  std::string out;
  for (unsigned char c : value.substr(0, 40)) out += (c >= 0x20 && c < 0x7f) ? char(c) : '?';
  return value.size() > 40 ? out + "..." : out;
}

// The methods whose body httplib 0.11.4 reads (detail::expect_content, not exported).
bool readsBody(const httplib::Request& req) {
  return req.method == "POST" || req.method == "PUT" || req.method == "PATCH" ||
         req.method == "DELETE";
}

}  // namespace

std::optional<BodyRefusal> refusalBeforeBody(const httplib::Request& req) {
  auto encodings = req.headers.equal_range("Content-Encoding");
  for (auto it = encodings.first; it != encodings.second; ++it) {
    auto encoding = trimmed(it->second);
    if (encoding.empty() || strcasecmp(encoding.c_str(), "identity") == 0) continue;
    return BodyRefusal{415, "Content-Encoding '" + printable(encoding) +
                                "' refused: bodies are read uncompressed only, so that their "
                                "size limit holds\n"};
  }
  if (req.is_multipart_form_data())
    return BodyRefusal{415, "multipart/form-data bodies are refused: they cannot be read as raw "
                            "bytes within the size limit\n"};
  if (req.has_header("Content-Length")) {
    auto declared = trimmed(req.get_header_value("Content-Length"));
    bool digits = !declared.empty() && declared.size() <= 19 &&
                  declared.find_first_not_of("0123456789") == std::string::npos;
    if (!digits)
      return BodyRefusal{400, "Content-Length '" + printable(declared) + "' is not a number\n"};
  }
  return std::nullopt;
}

BodyRead readBoundedBody(const httplib::ContentReader& reader, size_t maxBytes, std::string* body,
                         const httplib::Response& res) {
  bool tooLarge = false;
  bool complete = reader([&](const char* data, size_t length) {
    if (length > maxBytes - body->size()) {
      tooLarge = true;
      return false;  // stops httplib reading: the rest never leaves the socket
    }
    body->append(data, length);
    return true;
  });
  if (tooLarge || res.status == 413) return BodyRead::TooLarge;
  return complete ? BodyRead::Complete : BodyRead::Broken;
}

BodyRefusal tooLargeRefusal(size_t maxBytes) {
  return BodyRefusal{413, "request body larger than " + std::to_string(maxBytes) +
                              " bytes (counted as it arrived, with or without Content-Length)\n"};
}

void answerAndClose(httplib::Response& res, const BodyRefusal& refusal) {
  res.status = refusal.status;
  res.set_header("Connection", "close");
  auto text = refusal.reason;
  res.set_content_provider(
      text.size(), "text/plain; charset=utf-8",
      [text](size_t offset, size_t length, httplib::DataSink& sink) {
        sink.write(text.data() + offset, length);
        return false;  // the answer is whole; failing makes httplib close the connection
      });
}

httplib::Server::HandlerWithContentReader BoundedBodyRoutes::bounded(
    httplib::Server::Handler handler) const {
  return [handler = std::move(handler), maxBytes = maxBytes_](
             const httplib::Request& req, httplib::Response& res,
             const httplib::ContentReader& reader) {
    httplib::Request withBody = req;  // its matches still point into req.path, alive here
    switch (readBoundedBody(reader, maxBytes, &withBody.body, res)) {
      case BodyRead::Complete:
        return handler(withBody, res);
      case BodyRead::TooLarge:
        return answerAndClose(res, tooLargeRefusal(maxBytes));
      case BodyRead::Broken:
        return answerAndClose(res, {400, "request body ended before its declared end\n"});
    }
  };
}

void BoundedBodyRoutes::Post(const std::string& pattern, httplib::Server::Handler handler) {
  server_.Post(pattern, bounded(std::move(handler)));
}
void BoundedBodyRoutes::Put(const std::string& pattern, httplib::Server::Handler handler) {
  server_.Put(pattern, bounded(std::move(handler)));
}
void BoundedBodyRoutes::Patch(const std::string& pattern, httplib::Server::Handler handler) {
  server_.Patch(pattern, bounded(std::move(handler)));
}
void BoundedBodyRoutes::Delete(const std::string& pattern, httplib::Server::Handler handler) {
  server_.Delete(pattern, bounded(std::move(handler)));
}

void installBodyRefusals(httplib::Server& server, size_t maxBytes) {
  server.set_payload_max_length(maxBytes);
  server.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!readsBody(req)) return httplib::Server::HandlerResponse::Unhandled;
    auto refusal = refusalBeforeBody(req);
    if (!refusal) return httplib::Server::HandlerResponse::Unhandled;
    answerAndClose(res, *refusal);
    return httplib::Server::HandlerResponse::Handled;
  });
}

}  // namespace wc
