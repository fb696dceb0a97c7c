#!/usr/bin/env python3
"""A real HTTP/1.1 webhook receiver on 127.0.0.1 for feedwatch's tests.

Prints the bound port on the first line of stdout, then serves until killed. Every POST is written to
--root as NNNN.json: {"path", "headers": {lowercased name: value}, "body": text}. It answers 200,
or the status on the first line of --root/.status while that file exists (e.g. "503" or "400").
"""
import argparse
import http.server
import json
import os
import signal
import sys


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    root = "."
    count = 0

    def log_message(self, fmt, *args):
        pass

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        status = 200
        status_file = os.path.join(self.root, ".status")
        if os.path.exists(status_file):
            with open(status_file) as f:
                status = int(f.readline().strip())
        if status < 300:
            Handler.count += 1
            base = os.path.join(self.root, "%04d" % Handler.count)
            with open(base + ".tmp", "w") as f:
                json.dump({
                    "path": self.path,
                    "headers": {k.lower(): v for k, v in self.headers.items()},
                    "body": body.decode("utf-8", "replace"),
                }, f)
            os.rename(base + ".tmp", base + ".json")
        reply = b"ok\n"
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)


def main():
    # The test process may start this from a thread that blocks signals (libdispatch workers do), and a
    # child inherits that mask: unblock everything so the test's SIGTERM stops the server.
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", required=True)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    Handler.root = args.root
    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
