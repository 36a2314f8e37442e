#pragma once
// A hostile sender over TLS, for the HTTPS capture server: an OpenSSL client that does not check
// the server's (throwaway) certificate, completes the handshake, then floods what hostile_bodies.h
// floods in the clear.
#include <chrono>
#include <cstddef>
#include <string>

#include "hostile_bodies.h"

namespace wc::reliability {

// Over TLS to 127.0.0.1:`port`: sends `head` (counted in headBytesSent), then `piece` again and
// again (counted in bodyBytesSent) until `pieceBytes` have gone, the server answers or closes, or
// the deadline passes; then reads the answer's head. status stays 0 when no handshake completed.
HostileAnswer floodOverTls(int port, const std::string& head, const std::string& piece,
                           size_t pieceBytes, std::chrono::milliseconds deadline);

}  // namespace wc::reliability
