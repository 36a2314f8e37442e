#!/usr/bin/env python3
"""Hostile loopback peers and senders for bench/peak-memory.sh. Loopback only, bounded in time.

  hostile_peer.py attack PORT PATH   the body and header attacks against a server on 127.0.0.1:PORT;
                                     prints one line per attack: name, status answered, bytes sent
  hostile_peer.py trickle-tls PORT_FILE SECONDS
                                     a TLS peer that trickles its handshake: writes its port to
                                     PORT_FILE, serves for SECONDS, then exits
"""
import select
import socket
import sys
import threading
import time

BROTLI_BOMB = bytes.fromhex("8bffff7f") + b"\x00" * 207  # 211 bytes announcing a huge window
MIB = 1024 * 1024


def connect(port):
    s = socket.create_connection(("127.0.0.1", port), timeout=30)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def status_of(sock):
    sock.settimeout(30)
    data = b""
    try:
        while b"\r\n" not in data and len(data) < 65536:
            piece = sock.recv(4096)
            if not piece:
                break
            data += piece
    except OSError:
        pass
    line = data.split(b"\r\n", 1)[0].split(b" ")
    return int(line[1]) if len(line) > 1 and line[1].isdigit() else 0


def send_until_answered(sock, payload, limit, piece=b" " * 65536):
    """Sends payload, then whole pieces (a chunk stays framed) until the server answers, stops
    reading for 5 s, or limit bytes went out."""
    sent = 0
    sock.settimeout(5)
    try:
        sock.sendall(payload)
        while sent < limit:
            readable, _, _ = select.select([sock], [], [], 0)
            if readable:
                break
            sock.sendall(piece)
            sent += len(piece)
    except OSError:
        pass
    return sent


def attack(port, path):
    head = f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
    results = []

    def brotli():
        s = connect(port)
        s.sendall((head + f"Content-Encoding: br\r\nContent-Length: {len(BROTLI_BOMB)}\r\n\r\n").encode() + BROTLI_BOMB)
        results.append(("211-byte brotli body", status_of(s), len(BROTLI_BOMB)))
        s.close()

    threads = [threading.Thread(target=brotli) for _ in range(6)]  # six at once
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    s = connect(port)
    chunk = b"10000\r\n" + b" " * 65536 + b"\r\n"
    sent = send_until_answered(s, (head + "Transfer-Encoding: chunked\r\n\r\n").encode(), 300 * MIB, chunk)
    results.append(("300 MiB chunked", status_of(s), sent))
    s.close()

    s = connect(port)
    sent = send_until_answered(s, (head + "Connection: close\r\n\r\n").encode(), 300 * MIB)
    results.append(("300 MiB until end of file", status_of(s), sent))
    s.close()

    s = connect(port)
    line = b"X-Flood: " + b"a" * 100 + b"\r\n"
    sent = send_until_answered(s, head.encode(), 64 * MIB, line * 600)
    results.append(("endless header section", status_of(s), sent))
    s.close()

    for name, status, sent in results:
        print(f"{name}: answered {status} after {sent // 1024} KiB sent")


def trickle_tls(port_file, seconds):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    listener.settimeout(0.2)
    with open(port_file, "w") as f:
        f.write(str(listener.getsockname()[1]))
    end = time.monotonic() + seconds

    def stall(conn):
        try:
            conn.sendall(b"\x16\x03\x03\x40\x00")
            while time.monotonic() < end:
                time.sleep(0.2)
                conn.sendall(b"\x02")
        except OSError:
            pass
        conn.close()

    while time.monotonic() < end:
        try:
            conn, _ = listener.accept()
        except socket.timeout:
            continue
        threading.Thread(target=stall, args=(conn,), daemon=True).start()


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "attack":
        attack(int(sys.argv[2]), sys.argv[3])
    elif len(sys.argv) == 4 and sys.argv[1] == "trickle-tls":
        trickle_tls(sys.argv[2], float(sys.argv[3]))
    else:
        sys.exit(__doc__)
