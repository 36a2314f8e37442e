#include "reference/delivery/offline_resolver.h"

#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace wc::reference {
namespace {

constexpr std::streamsize kMaxHostsFileBytes = 1 << 20;

// `name` is `domain` or a name under it.
bool isUnder(const std::string& name, const std::string& domain) {
  if (name == domain) return true;
  return name.size() > domain.size() &&
         name.compare(name.size() - domain.size(), domain.size(), domain) == 0 &&
         name[name.size() - domain.size() - 1] == '.';
}

}  // namespace

std::string normalisedHost(std::string host) {
  std::transform(host.begin(), host.end(), host.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host.size() > 1 && host.back() == '.') host.pop_back();
  return host;
}

std::string numericAddress(const std::string& text) {
  if (text.empty() || text.size() > 255) return "";
  addrinfo hints{};
  hints.ai_flags = AI_NUMERICHOST;  // parse only: never a lookup
  hints.ai_family = AF_UNSPEC;
  addrinfo* found = nullptr;
  if (getaddrinfo(text.c_str(), nullptr, &hints, &found) != 0 || !found) return "";
  char out[NI_MAXHOST] = {};
  int rc = getnameinfo(found->ai_addr, found->ai_addrlen, out, sizeof out, nullptr, 0, NI_NUMERICHOST);
  freeaddrinfo(found);
  if (rc != 0) return "";
  std::string address = out;
  return address.substr(0, address.find('%'));  // an IPv6 zone names an interface, not a range
}

HostsTable parseHostsFile(const std::string& text) {
  HostsTable table;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line) && table.size() < kMaxHostsEntries) {
    line = line.substr(0, line.find('#'));
    std::istringstream words(line);
    std::string address, name;
    if (!(words >> address)) continue;
    address = numericAddress(address);
    if (address.empty()) continue;
    while (words >> name && table.size() < kMaxHostsEntries) table[normalisedHost(name)].push_back(address);
  }
  return table;
}

const HostsTable& systemHostsTable() {
  static const HostsTable table = [] {
    std::ifstream in("/etc/hosts", std::ios::binary);
    std::string text(static_cast<size_t>(kMaxHostsFileBytes) + 1, '\0');
    in.read(&text[0], kMaxHostsFileBytes + 1);
    if (in.gcount() > kMaxHostsFileBytes) return HostsTable{};
    text.resize(static_cast<size_t>(in.gcount()));
    return parseHostsFile(text);
  }();
  return table;
}

HostResolution resolveOffline(const std::string& rawHost, const HostsTable& hosts) {
  const std::string host = normalisedHost(rawHost);
  HostResolution r;
  r.lookedUp = true;
  if (auto literal = numericAddress(host); !literal.empty()) {
    r.addresses = {literal};
    return r;
  }
  if (isUnder(host, "localhost")) {
    r.addresses = {"127.0.0.1", "::1"};
    return r;
  }
  if (auto listed = hosts.find(host); listed != hosts.end()) {
    r.addresses = listed->second;
    return r;
  }
  if (isUnder(host, "invalid")) {
    r.resolvable = false;
    return r;
  }
  r.lookedUp = false;
  return r;
}

}  // namespace wc::reference
