#include "util/url.h"

#include <uriparser/Uri.h>

#include <cctype>

#include <algorithm>

namespace wc {
namespace {

std::string range(const UriTextRangeA& r) {
  return r.first ? std::string(r.first, r.afterLast) : std::string();
}

}  // namespace

std::string Url::schemeHostPort() const {
  bool v6 = host.find(':') != std::string::npos;
  std::string h = v6 ? "[" + host + "]" : host;
  return scheme + "://" + h + (port ? ":" + std::to_string(port) : "");
}

std::optional<Url> parseUrl(const std::string& text, std::string* why) {
  UriUriA uri;
  const char* errorPos = nullptr;
  if (text.empty() || uriParseSingleUriA(&uri, text.c_str(), &errorPos) != URI_SUCCESS) {
    if (why) {
      *why = text.empty() ? "empty URL"
                          : "not a URI reference (error at offset " +
                                std::to_string(errorPos ? errorPos - text.c_str() : 0) + ")";
    }
    return std::nullopt;
  }
  Url url;
  url.scheme = range(uri.scheme);
  std::transform(url.scheme.begin(), url.scheme.end(), url.scheme.begin(), ::tolower);
  url.absolute = !url.scheme.empty();
  url.host = range(uri.hostText);
  url.userInfo = range(uri.userInfo);
  url.hasQueryOrFragment = uri.query.first != nullptr || uri.fragment.first != nullptr;
  std::string port = range(uri.portText);
  uriFreeUriMembersA(&uri);
  if (!port.empty()) {
    if (port.size() > 5 || !std::all_of(port.begin(), port.end(), ::isdigit) ||
        std::stoi(port) > 65535) {
      if (why) *why = "invalid port '" + port + "'";
      return std::nullopt;
    }
    url.port = std::stoi(port);
    url.explicitPort = true;
  } else if (url.scheme == "http") {
    url.port = 80;
  } else if (url.scheme == "https") {
    url.port = 443;
  }
  // Path and query straight from the original text: everything after the authority.
  size_t start = 0;
  auto sep = text.find("://");
  if (url.absolute && sep != std::string::npos) {
    start = text.find_first_of("/?#", sep + 3);
    if (start == std::string::npos) start = text.size();
  } else if (url.absolute) {
    start = text.find(':') + 1;
  }
  std::string rest = text.substr(start);
  auto hash = rest.find('#');
  if (hash != std::string::npos) rest.resize(hash);
  if (rest.empty() || rest[0] == '?') rest = "/" + rest;
  url.pathAndQuery = rest;
  return url;
}

}  // namespace wc

namespace wc {

std::string pathSegment(const std::string& id) {
  static const char* kHex = "0123456789ABCDEF";
  if (id == "." || id == "..") return id == "." ? "%2E" : "%2E%2E";
  std::string out;
  out.reserve(id.size());
  for (unsigned char c : id) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace wc
