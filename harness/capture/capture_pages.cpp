// The live view's pages and controls on the capture server: served only to the relay's bearer
// token or, without one, to the Host names the DNS-rebinding guard allows.
#include "capture/capture_server.h"

#include <httplib.h>

#include <strings.h>

namespace wc {
namespace {

// A Host value fit for a one-line plain-text reason: printable ASCII, at most 100 bytes.
std::string printableHost(const std::string& host) {
  std::string out;
  for (unsigned char c : host.substr(0, 100)) out += (c >= 0x20 && c < 0x7f) ? char(c) : '?';
  return out;
}

// Compares the whole length whatever differs, so the answer's timing does not tell how much of
// a guessed token was right.
bool bearerMatches(const std::string& authorization, const std::string& token) {
  const std::string expected = "Bearer " + token;
  unsigned char diff = authorization.size() == expected.size() ? 0 : 1;
  for (size_t i = 0; i < expected.size(); ++i)
    diff |= static_cast<unsigned char>(expected[i] ^ (i < authorization.size() ? authorization[i] : 0));
  return diff == 0;
}

}  // namespace

bool CaptureServer::answerPageOrControl(const httplib::Request& req, const std::string& body,
                                        httplib::Response& res) {
  const bool isPage = req.method == "GET" && pages_.count(req.path);
  const bool isControl = req.method == "POST" && controls_.count(req.path);
  if (!isPage && !isControl) return false;  // a webhook
  auto host = req.get_header_value("Host");
  if (!options_.pageToken.empty()) {
    if (!bearerMatches(req.get_header_value("Authorization"), options_.pageToken)) {
      res.status = 401;
      res.set_header("WWW-Authenticate", "Bearer");
      res.set_content("capture: this relay answers only requests with Authorization: Bearer "
                      "<the relay token>\n",
                      "text/plain; charset=utf-8");
      return true;
    }
  } else if (!pageHosts_.allows(host)) {
    res.status = 421;
    res.set_content("capture: refused Host '" + printableHost(host) +
                        "': the live view answers only Host " + pageHosts_.describe() +
                        " (DNS-rebinding guard)\n",
                    "text/plain; charset=utf-8");
    return true;
  }
  auto query = req.target.find('?');
  auto rawQuery = query == std::string::npos ? "" : req.target.substr(query + 1);
  servePageResponse(isPage ? pages_.at(req.path)(rawQuery) : controls_.at(req.path)(rawQuery, body),
                    res);
  return true;
}

void CaptureServer::servePage(const std::string& path, std::function<RouteResponse()> render) {
  pages_[path] = [render = std::move(render)](const std::string&) { return render(); };
}

void CaptureServer::servePageWithQuery(
    const std::string& path, std::function<RouteResponse(const std::string&)> render) {
  pages_[path] = std::move(render);
}

void CaptureServer::serveControl(
    const std::string& path,
    std::function<RouteResponse(const std::string&, const std::string&)> handle) {
  controls_[path] = std::move(handle);
}

void CaptureServer::servePageResponse(const RouteResponse& page, httplib::Response& res) {
  res.status = page.status;
  std::string type = "text/html; charset=utf-8";
  for (const auto& [k, v] : page.headers) {
    if (strcasecmp(k.c_str(), "Content-Type") == 0) type = v;
    else res.set_header(k, v);
  }
  res.set_content(page.body, type);
}

}  // namespace wc
