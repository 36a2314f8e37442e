#include "reference/delivery/faulty_urls.h"

#include <cctype>
#include <cstdio>

namespace wc::reference {
namespace {

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

}  // namespace

std::string withoutQuery(const std::string& target) { return target.substr(0, target.find('?')); }

// Percent-decodes the query, then encodes it as a form would: space -> '+', and everything but
// unreserved characters, '=' and '&' percent-encoded (so '+' becomes %2B, '/' becomes %2F).
std::string withQueryReencoded(const std::string& target) {
  auto q = target.find('?');
  if (q == std::string::npos) return target;
  std::string decoded;
  for (size_t i = q + 1; i < target.size(); ++i) {
    if (target[i] == '%' && i + 2 < target.size() && hexValue(target[i + 1]) >= 0 &&
        hexValue(target[i + 2]) >= 0) {
      decoded += static_cast<char>(hexValue(target[i + 1]) * 16 + hexValue(target[i + 2]));
      i += 2;
    } else {
      decoded += target[i];
    }
  }
  std::string out = target.substr(0, q + 1);
  for (unsigned char c : decoded) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '=' || c == '&') {
      out += static_cast<char>(c);
    } else if (c == ' ') {
      out += '+';
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

// Appends "-altered" to the value of every `token` parameter.
std::string withTokenChanged(const std::string& target) {
  auto q = target.find('?');
  if (q == std::string::npos) return target;
  std::string out = target.substr(0, q + 1);
  size_t start = q + 1;
  while (start <= target.size()) {
    auto amp = target.find('&', start);
    std::string param = target.substr(start, amp == std::string::npos ? amp : amp - start);
    if (param.rfind("token=", 0) == 0 || param == "token") {
      if (param == "token") param += "=";
      param += "-altered";
    }
    out += param;
    if (amp == std::string::npos) break;
    out += '&';
    start = amp + 1;
  }
  return out;
}

// A client that builds the URL from parts and adds a segment: the receiver sees another path.
std::string withPathAppended(const std::string& target) {
  auto q = target.find('?');
  if (q == std::string::npos) return target + "/appended";
  return target.substr(0, q) + "/appended" + target.substr(q);
}

}  // namespace wc::reference
