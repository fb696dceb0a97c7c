#!/usr/bin/env python3
"""A real HTTP/1.1 server on 127.0.0.1 for feedwatch's tests.

Serves files from --root with ETag and Last-Modified validators (answers 304 to a matching
conditional GET). Prints the bound port on the first line of stdout, then serves until killed.
Tests change what it serves by writing files into the root directory.
"""
import argparse
import email.utils
import hashlib
import http.server
import os
import signal
import sys


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    root = "."

    def log_message(self, fmt, *args):  # keep test output quiet; the log file is for debugging
        with open(os.path.join(self.root, ".access.log"), "a") as log:
            log.write("%s %s\n" % (self.command, self.path))

    def do_GET(self):
        path = os.path.normpath(self.path.split("?", 1)[0]).lstrip("/")
        full = os.path.join(self.root, path)
        if not path or path.startswith("..") or not os.path.isfile(full):
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        with open(full, "rb") as f:
            body = f.read()
        etag = '"%s"' % hashlib.sha1(body).hexdigest()
        mtime = os.path.getmtime(full)
        last_modified = email.utils.formatdate(mtime, usegmt=True)
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        ctype = "application/xml" if full.endswith((".xml", ".rss", ".atom")) else "application/octet-stream"
        if full.endswith(".json"):
            ctype = "application/feed+json"
        self.send_header("Content-Type", ctype)
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", last_modified)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def main():
    # A child spawned from a Swift concurrency thread inherits a mask that blocks SIGTERM.
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
