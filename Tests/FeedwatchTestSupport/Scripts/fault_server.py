#!/usr/bin/env python3
"""A real HTTP/1.1 server on 127.0.0.1 with programmable faults, for feedwatch's fetcher tests.

Python standard library only. Prints the bound port on the first line of stdout, then serves until
killed. Every request is appended to ROOT/.access.log as `METHOD PATH`, and the request headers of
the latest request to each path are kept for /inspect. Endpoints (query parameters in brackets):

  /feed[?etag=E&lm=DATE&cache=CC&expires=DATE]  a small RSS document with validators; 304 when
                                                If-None-Match or If-Modified-Since matches
  /encoded/gzip | /encoded/deflate | /encoded/br | /encoded/zstd
                                                the feed, content-coded that way (br and zstd as
                                                valid uncompressed frames: stdlib has no encoder)
  /bomb?mb=N                                    N MB of zeros, gzip-coded (a few KB on the wire)
  /endless                                      a chunked body that never ends (bounded to 60 s)
  /slow?bytes=N&interval=S                      N bytes, one every S seconds (Content-Length set)
  /stall                                        headers, 10 bytes of a 1000-byte body, then silence
  /reset                                        half a status line, then a TCP reset
  /status/CODE[?retry=V]                        that status (Retry-After: V when given)
  /redirect?code=C&to=URL                       one redirect
  /chain/N?code=C[&final=PATH]                  N redirects of code C, then PATH (default /feed)
  /loop                                         redirects to itself
  /hold?ms=M                                    answers after M ms; /stats reports the most
                                                requests held at once
  /stats                                        {"max_in_flight": N, "requests": N}
  /inspect?path=P                               the headers of the latest request to P, as JSON
  /files/NAME                                   a file from ROOT
"""
import argparse
import email.utils
import gzip
import http.server
import json
import os
import signal
import socket
import struct
import sys
import threading
import time
import urllib.parse
import zlib

FEED = (
    b'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>Fault feed</title>'
    b"<link>http://example.org/</link><description>served by fault_server.py</description>"
    + b"".join(
        b"<item><title>Item %d about migration</title><link>http://example.org/%d</link></item>" % (i, i)
        for i in range(20)
    )
    + b"</channel></rss>\n"
)
DEFAULT_ETAG = '"feed-v1"'
DEFAULT_LAST_MODIFIED = "Sat, 01 Nov 2025 10:00:00 GMT"

state_lock = threading.Lock()
in_flight = 0
max_in_flight = 0
request_count = 0
last_headers = {}
bomb_cache = {}


class BitWriter:
    """Little-endian bit packing, as brotli (RFC 7932) lays out its headers."""

    def __init__(self):
        self.out = bytearray()
        self.bits = 0
        self.count = 0

    def write(self, value, width):
        self.bits |= value << self.count
        self.count += width
        while self.count >= 8:
            self.out.append(self.bits & 0xFF)
            self.bits >>= 8
            self.count -= 8

    def align(self):
        if self.count:
            self.out.append(self.bits & 0xFF)
            self.bits = 0
            self.count = 0


def brotli_uncompressed(data):
    """A valid brotli stream of uncompressed meta-blocks (RFC 7932 section 9.2)."""
    writer = BitWriter()
    writer.write(0, 1)  # WBITS = 16
    for start in range(0, len(data), 65536):
        block = data[start:start + 65536]
        writer.write(0, 1)  # ISLAST = 0
        writer.write(0, 2)  # MNIBBLES = 4
        writer.write(len(block) - 1, 16)  # MLEN - 1
        writer.write(1, 1)  # ISUNCOMPRESSED
        writer.align()
        writer.out += block
    writer.write(1, 1)  # ISLAST
    writer.write(1, 1)  # ISLASTEMPTY
    writer.align()
    return bytes(writer.out)


def zstd_raw(data):
    """A valid zstd frame of raw blocks (RFC 8878 section 3.1.1), for 256..65791 bytes."""
    assert 256 <= len(data) <= 65791
    frame = bytearray(struct.pack("<I", 0xFD2FB528))
    frame.append(0x60)  # Frame_Content_Size_flag = 1 (2 bytes), Single_Segment_flag = 1
    frame += struct.pack("<H", len(data) - 256)
    header = 1 | (0 << 1) | (len(data) << 3)  # Last_Block, Raw_Block, Block_Size
    frame += struct.pack("<I", header)[:3]
    frame += data
    return bytes(frame)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    root = "."

    def log_message(self, fmt, *args):
        pass

    def record(self):
        global request_count
        with state_lock:
            request_count += 1
            last_headers[urllib.parse.urlsplit(self.path).path] = {k: v for k, v in self.headers.items()}
        with open(os.path.join(self.root, ".access.log"), "a") as log:
            log.write("%s %s\n" % (self.command, self.path))

    def send_body(self, status, body, content_type="application/rss+xml", extra=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        for name, value in extra:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, code, location):
        self.send_response(code)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):
        self.record()
        url = urllib.parse.urlsplit(self.path)
        query = {k: v[-1] for k, v in urllib.parse.parse_qs(url.query).items()}
        parts = [p for p in url.path.split("/") if p]
        name = parts[0] if parts else ""
        try:
            getattr(self, "serve_" + name, self.serve_missing)(parts, query)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def serve_missing(self, parts, query):
        self.send_body(404, b"not found\n", "text/plain")

    def serve_feed(self, parts, query):
        etag = query.get("etag", DEFAULT_ETAG)
        last_modified = query.get("lm", DEFAULT_LAST_MODIFIED)
        extra = [("ETag", etag), ("Last-Modified", last_modified)]
        if "cache" in query:
            extra.append(("Cache-Control", query["cache"]))
        if "expires" in query:
            extra.append(("Expires", query["expires"]))
            extra.append(("Date", email.utils.formatdate(usegmt=True)))
        match = self.headers.get("If-None-Match")
        since = self.headers.get("If-Modified-Since")
        if (match is not None and match == etag) or (match is None and since == last_modified):
            self.send_response(304)
            for header, value in extra:
                self.send_header(header, value)
            self.end_headers()
            return
        self.send_body(200, FEED, extra=extra)

    def serve_encoded(self, parts, query):
        coding = parts[1] if len(parts) > 1 else "gzip"
        encoders = {
            "gzip": gzip.compress,
            "deflate": zlib.compress,  # HTTP "deflate" is the zlib format (RFC 9110 section 8.4.1.2)
            "br": brotli_uncompressed,
            "zstd": zstd_raw,
        }
        body = encoders[coding](FEED)
        self.send_body(200, body, extra=[("Content-Encoding", coding), ("Vary", "Accept-Encoding")])

    def serve_bomb(self, parts, query):
        megabytes = int(query.get("mb", "50"))
        with state_lock:
            if megabytes not in bomb_cache:
                bomb_cache[megabytes] = gzip.compress(b"\0" * (megabytes << 20), 9)
            body = bomb_cache[megabytes]
        self.send_body(200, body, extra=[("Content-Encoding", "gzip")])

    def serve_endless(self, parts, query):
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        chunk = b"<item><title>more</title></item>" * 256
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        self.wfile.write(b"0\r\n\r\n")

    def serve_slow(self, parts, query):
        count = int(query.get("bytes", "100"))
        interval = float(query.get("interval", "0.1"))
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(count))
        self.end_headers()
        for _ in range(count):
            self.wfile.write(b"x")
            self.wfile.flush()
            time.sleep(interval)

    def serve_stall(self, parts, query):
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", "1000")
        self.end_headers()
        self.wfile.write(b"<rss>12345")
        self.wfile.flush()
        # Silence, bounded so the server never keeps a thread forever.
        self.connection.settimeout(30)
        try:
            self.connection.recv(1)
        except OSError:
            pass

    def serve_reset(self, parts, query):
        self.wfile.write(b"HTTP/1.1 200 O")
        self.wfile.flush()
        # SO_LINGER with a zero timeout turns close() into a TCP RST.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True

    def serve_status(self, parts, query):
        code = int(parts[1]) if len(parts) > 1 else 500
        extra = [("Retry-After", query["retry"])] if "retry" in query else []
        self.send_body(code, b"status %d\n" % code, "text/plain", extra)

    def serve_redirect(self, parts, query):
        self.redirect(int(query.get("code", "302")), query.get("to", "/feed"))

    def serve_chain(self, parts, query):
        remaining = int(parts[1]) if len(parts) > 1 else 1
        code = int(query.get("code", "302"))
        final = query.get("final", "/feed")
        if remaining <= 1:
            self.redirect(code, final)
        else:
            rest = urllib.parse.urlencode({"code": code, "final": final})
            self.redirect(code, "/chain/%d?%s" % (remaining - 1, rest))

    def serve_loop(self, parts, query):
        self.redirect(302, "/loop")

    def serve_hold(self, parts, query):
        global in_flight, max_in_flight
        with state_lock:
            in_flight += 1
            max_in_flight = max(max_in_flight, in_flight)
        try:
            time.sleep(int(query.get("ms", "200")) / 1000.0)
        finally:
            with state_lock:
                in_flight -= 1
        self.send_body(200, FEED)

    def serve_stats(self, parts, query):
        with state_lock:
            body = json.dumps({"max_in_flight": max_in_flight, "requests": request_count}).encode()
        self.send_body(200, body, "application/json")

    def serve_inspect(self, parts, query):
        with state_lock:
            body = json.dumps(last_headers.get(query.get("path", "/"), {})).encode()
        self.send_body(200, body, "application/json")

    def serve_files(self, parts, query):
        path = os.path.normpath("/".join(parts[1:]))
        full = os.path.join(self.root, path)
        if path.startswith("..") or not os.path.isfile(full):
            return self.serve_missing(parts, query)
        with open(full, "rb") as f:
            self.send_body(200, f.read())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", required=True)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    # A parent that spawns us from a thread with signals blocked (libdispatch workers do) passes the
    # mask on; unblock SIGTERM so Process.terminate() really ends the server.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    Handler.root = args.root
    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
