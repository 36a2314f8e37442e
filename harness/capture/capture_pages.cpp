// The live view's pages and controls on the capture server: served only to the relay's token
// (a bearer header, or the session cookie /login sets for a browser) or, without one, to the
// Host names the DNS-rebinding guard allows.
#include "capture/capture_server.h"

#include <httplib.h>

#include <strings.h>

#include "util/webhook_signatures.h"

namespace wc {
namespace {

// A Host value fit for a one-line plain-text reason: printable ASCII, at most 100 bytes.
std::string printableHost(const std::string& host) {
  std::string out;
  for (unsigned char c : host.substr(0, 100)) out += (c >= 0x20 && c < 0x7f) ? char(c) : '?';
  return out;
}

constexpr const char* kLoginPath = "/login";
constexpr const char* kSessionCookie = "wc_relay_session";

// Compares the whole length whatever differs, so the answer's timing does not tell how much of
// a guessed token was right.
bool sameBytes(const std::string& given, const std::string& expected) {
  unsigned char diff = given.size() == expected.size() ? 0 : 1;
  for (size_t i = 0; i < expected.size(); ++i)
    diff |= static_cast<unsigned char>(expected[i] ^ (i < given.size() ? given[i] : 0));
  return diff == 0;
}

// The browser's session: derived from the token, so the cookie never holds the token itself.
std::string sessionValue(const std::string& token) {
  return hexBodySignature(token, "webhook-conformance live view session").substr(7);  // no "sha256="
}

bool sessionCookieMatches(const std::string& cookies, const std::string& token) {
  const std::string name = std::string(kSessionCookie) + "=";
  for (size_t at = 0; at < cookies.size();) {
    auto end = cookies.find(';', at);
    if (end == std::string::npos) end = cookies.size();
    auto pair = cookies.substr(at, end - at);
    pair.erase(0, pair.find_first_not_of(' '));
    if (pair.rfind(name, 0) == 0) return sameBytes(pair.substr(name.size()), sessionValue(token));
    at = end + 1;
  }
  return false;
}

// application/x-www-form-urlencoded: the value of `token`, decoded; "" when absent or malformed.
std::string formToken(const std::string& body) {
  for (size_t at = 0; at < body.size();) {
    auto end = body.find('&', at);
    if (end == std::string::npos) end = body.size();
    if (body.compare(at, 6, "token=") == 0 && at + 6 <= end) {
      std::string out;
      for (size_t i = at + 6; i < end; ++i) {
        if (body[i] == '+') {
          out += ' ';
        } else if (body[i] != '%') {
          out += body[i];
        } else if (i + 2 < end && std::isxdigit(static_cast<unsigned char>(body[i + 1])) &&
                   std::isxdigit(static_cast<unsigned char>(body[i + 2]))) {
          out += static_cast<char>(std::stoi(body.substr(i + 1, 2), nullptr, 16));
          i += 2;
        } else {
          return "";
        }
      }
      return out;
    }
    at = end + 1;
  }
  return "";
}

void answerLogin(const httplib::Request& req, const std::string& body, const std::string& token,
                 httplib::Response& res) {
  if (req.method == "POST" && sameBytes(formToken(body), token)) {
    res.status = 303;
    res.set_header("Location", "/");
    // HttpOnly: no script reads it; SameSite=Strict: no other site's page sends it.
    res.set_header("Set-Cookie", std::string(kSessionCookie) + "=" + sessionValue(token) +
                                     "; HttpOnly; SameSite=Strict; Secure; Path=/");
    return;
  }
  res.status = req.method == "POST" ? 401 : 200;
  res.set_header("Cache-Control", "no-store");
  res.set_content(std::string("<!doctype html><meta charset=utf-8><title>relay login</title>") +
                      (req.method == "POST" ? "<p>That is not the relay's token.</p>" : "") +
                      "<form method=post action=/login><label>relay token "
                      "<input type=password name=token autocomplete=current-password></label> "
                      "<button>open the live view</button></form>\n",
                  "text/html; charset=utf-8");
}

}  // namespace

bool CaptureServer::answerPageOrControl(const httplib::Request& req, const std::string& body,
                                        httplib::Response& res) {
  const bool relay = !options_.pageToken.empty();
  if (relay && req.path == kLoginPath && (req.method == "GET" || req.method == "POST")) {
    answerLogin(req, body, options_.pageToken, res);
    return true;
  }
  const bool isPage = req.method == "GET" && pages_.count(req.path);
  const bool isControl = req.method == "POST" && controls_.count(req.path);
  if (!isPage && !isControl) return false;  // a webhook
  auto host = req.get_header_value("Host");
  if (relay) {
    if (!sameBytes(req.get_header_value("Authorization"), "Bearer " + options_.pageToken) &&
        !sessionCookieMatches(req.get_header_value("Cookie"), options_.pageToken)) {
      res.status = 401;
      res.set_header("WWW-Authenticate", "Bearer");
      res.set_content("capture: this relay answers only requests with Authorization: Bearer "
                      "<the relay token>, or a browser that logged in at /login\n",
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
