#include "report/redactor.h"

#include <algorithm>
#include <cctype>
#include <string_view>

#include <nlohmann/json.hpp>

namespace wc {
namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string percentDecode(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

bool isSchemeChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
}

// Ends the authority of a URL found in free text: the URL grammar's delimiters, whitespace and
// the characters that quote or close a URL in prose, JSON, XML and HTML.
bool endsAuthority(char c) {
  return c == '/' || c == '?' || c == '#' || c == '"' || c == '\'' || c == '<' || c == '>' ||
         c == '`' || c == '\\' || std::isspace(static_cast<unsigned char>(c)) ||
         static_cast<unsigned char>(c) < 0x20;
}

// Where a header value in text ends: the line, or what closes it in our own messages and JSON.
bool endsHeaderValue(char c) { return c == '\n' || c == '\r' || c == '"' || c == ')' || c == ';'; }

// text[at...] begins with `lowerName` (lower case), ignoring the case of text.
bool startsWithIgnoringCase(const std::string& text, size_t at, const std::string& lowerName) {
  if (text.size() - at < lowerName.size()) return false;
  for (size_t k = 0; k < lowerName.size(); ++k)
    if (std::tolower(static_cast<unsigned char>(text[at + k])) != lowerName[k]) return false;
  return true;
}

// `secret` as a JSON string holds it, without the quotes: as nlohmann::json dumps it (UTF-8 kept)
// and with every non-ASCII character as \uXXXX (ensure_ascii).
std::string jsonEscaped(const std::string& secret, bool asciiOnly) {
  const auto quoted = nlohmann::json(secret).dump(-1, ' ', asciiOnly,
                                                  nlohmann::json::error_handler_t::replace);
  return quoted.substr(1, quoted.size() - 2);
}

// Every byte outside RFC 3986's unreserved set as %XX, in upper or lower case hex.
std::string percentEncoded(const std::string& secret, bool upperHex) {
  const char* hex = upperHex ? "0123456789ABCDEF" : "0123456789abcdef";
  std::string out;
  for (char c : secret) {
    auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += hex[byte >> 4];
      out += hex[byte & 0xF];
    }
  }
  return out;
}

bool isTokenChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
}

}  // namespace

Redactor::Redactor() {
  for (const char* name : {"authorization", "proxy-authorization", "x-api-key", "cookie"})
    headerNames_.emplace_back(name);
}

void Redactor::addSecret(const std::string& secret) {
  // Very short values would redact ordinary text; headers holding them are masked by name.
  if (secret.size() < 4) return;
  // A target echoes a secret inside a JSON body or a URL in escaped form. The forms are made
  // here once, so redact() stays one search per stored string.
  for (const auto& form : {secret, jsonEscaped(secret, false), jsonEscaped(secret, true),
                           percentEncoded(secret, true), percentEncoded(secret, false)}) {
    if (std::find(secrets_.begin(), secrets_.end(), form) == secrets_.end())
      secrets_.push_back(form);
  }
  std::sort(secrets_.begin(), secrets_.end(),
            [](const auto& a, const auto& b) { return a.size() > b.size(); });
}

void Redactor::addSecretsFromUrl(const std::string& url) {
  auto scheme = url.find("://");
  if (scheme == std::string::npos) return;
  auto start = scheme + 3;
  auto end = start;
  while (end < url.size() && !endsAuthority(url[end])) ++end;
  auto at = url.rfind('@', end == 0 ? 0 : end - 1);
  if (at == std::string::npos || at < start) return;
  auto userinfo = url.substr(start, at - start);
  auto colon = userinfo.find(':');
  std::vector<std::string> parts = {userinfo.substr(0, colon)};
  if (colon != std::string::npos) parts.push_back(userinfo.substr(colon + 1));
  for (const auto& part : parts) {
    addSecret(part);
    addSecret(percentDecode(part));
  }
}

void Redactor::addSecretHeaderName(const std::string& name) {
  auto key = lower(name);
  if (key.empty() || std::find(headerNames_.begin(), headerNames_.end(), key) != headerNames_.end())
    return;
  headerNames_.push_back(key);
}

bool Redactor::isSecretHeader(const std::string& name) const {
  return std::find(headerNames_.begin(), headerNames_.end(), lower(name)) != headerNames_.end();
}

std::string Redactor::headerValue(const std::string& name, const std::string& value) const {
  return isSecretHeader(name) ? std::string(kMask) : redact(value);
}

std::string redactUrlUserinfo(std::string text) {
  static const std::string kUserinfoMask = std::string(Redactor::kMask) + "@";
  for (auto sep = text.find("://"); sep != std::string::npos; sep = text.find("://", sep + 3)) {
    // A scheme is a letter followed by letters, digits, + - . (RFC 3986 3.1).
    size_t begin = sep;
    while (begin > 0 && isSchemeChar(text[begin - 1])) --begin;
    if (begin == sep || !std::isalpha(static_cast<unsigned char>(text[begin]))) continue;
    size_t start = sep + 3, end = start;
    while (end < text.size() && !endsAuthority(text[end])) ++end;
    // A raw '@' in the password: the last one, searched within the authority only (a search
    // back to the start of the text made a report.json with 10,000 URLs quadratic).
    auto inAuthority = std::string_view(text).substr(start, end - start).rfind('@');
    if (inAuthority == std::string_view::npos) continue;
    auto at = start + inAuthority;
    if (text.compare(start, at + 1 - start, kUserinfoMask) == 0) continue;
    text.replace(start, at + 1 - start, kUserinfoMask);
  }
  return text;
}

std::string Redactor::redact(std::string text) const {
  static const std::string mask = kMask;
  for (const auto& secret : secrets_) {
    for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at)) {
      text.replace(at, secret.size(), mask);
      at += mask.size();
    }
  }
  text = redactUrlUserinfo(std::move(text));
  // "Name: value" for a secret header name (a request summary, a header line in evidence).
  if (text.find(": ") == std::string::npos && text.find(":\t") == std::string::npos) return text;
  // Compared in place, ignoring case: a lower-cased copy of a 10,000-case report.json cost as
  // much as the scan (the report-writer benchmark).
  std::string out;
  size_t copied = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (i > 0 && isTokenChar(text[i - 1])) continue;
    for (const auto& name : headerNames_) {
      if (!startsWithIgnoringCase(text, i, name)) continue;
      size_t colon = i + name.size();
      // "Name: value" with a space, as headers are written; "color:#fff" in CSS is no header.
      if (colon + 1 >= text.size() || text[colon] != ':' ||
          (text[colon + 1] != ' ' && text[colon + 1] != '\t'))
        continue;
      size_t value = colon + 1;
      while (value < text.size() && (text[value] == ' ' || text[value] == '\t')) ++value;
      size_t end = value;
      // A JSON-escaped quote (\") ends it too: the pass also runs over serialised report.json.
      while (end < text.size() && !endsHeaderValue(text[end]) &&
             !(text[end] == '\\' && end + 1 < text.size() && text[end + 1] == '"'))
        ++end;
      // Already masked (a second pass over a rendered page or serialised JSON): leave it, so the
      // markup or escapes after the mask stay whole.
      if (end == value || text.compare(value, mask.size(), mask) == 0) continue;
      out.append(text, copied, value - copied);
      out += mask;
      copied = end;
      i = end - 1;
      break;
    }
  }
  if (copied == 0) return text;
  out.append(text, copied, std::string::npos);
  return out;
}

}  // namespace wc
