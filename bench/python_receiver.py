#!/usr/bin/env python3
"""The webhook receiver a user would otherwise write: http.server.ThreadingHTTPServer that keeps
every body. Same protocol as wc_capture_receiver: prints "PORT <n>", waits for --expect bodies
(or stdin to close), prints one JSON line with what it recorded."""
import argparse
import json
import resource
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

bodies = []
lock = threading.Lock()
done = threading.Event()
expect = 0


class Receiver(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the load generator uses: the fairer baseline

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with lock:
            bodies.append(body)
            if len(bodies) >= expect:
                done.set()
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def main():
    global expect
    parser = argparse.ArgumentParser()
    parser.add_argument("--expect", type=int, default=100000)
    parser.add_argument("--timeout-s", type=float, default=600)
    args = parser.parse_args()
    expect = args.expect
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"PORT {server.server_address[1]}", flush=True)
    # The load generator is done when stdin closes; every answered request was recorded by then.
    threading.Thread(target=lambda: (sys.stdin.read(), done.set()), daemon=True).start()
    started = time.monotonic()
    done.wait(args.timeout_s)
    seconds = time.monotonic() - started
    with lock:
        held = list(bodies)
    ids, unparsable = set(), 0
    for body in held:
        try:
            ids.add(json.loads(body)["run_id"])
        except (ValueError, KeyError, TypeError):
            unparsable += 1
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"receiver": "python-threading", "complete": len(held) >= expect, "recorded": len(held),
                      "distinct": len(ids), "unparsable": unparsable,
                      "seconds_to_last": round(seconds, 3), "peak_rss_kb": peak_kb}), flush=True)
    server.shutdown()
    return 0 if len(held) >= expect else 1


if __name__ == "__main__":
    sys.exit(main())
