#!/usr/bin/env python3
"""Daemon size and start-up benchmark (issue 6): N feeds on a local server, T topics.

Measures, for `feedwatch run` (release build):
  - start-up to READY=1 on a cold and on a warm database (sd_notify socket bound here),
  - wall time of the first full pass (all feeds fetched, parsed, classified, stored),
  - resident memory after the first pass and its peak (VmRSS / VmHWM),
  - CPU used while idle between polls (over --idle seconds).
Usage: python3 bench/daemon/run.py [--feeds 1000] [--topics 100] [--idle 20] [--topic-share 0.03]
                                   [--binary .build/release/feedwatch]

Items are 68 words; each word comes from the topics' 60-word vocabulary with probability
--topic-share, else from 5,000 neutral made-up words. The default (0.03) makes about one item in
eight match some topic, like a news feed watched for a few subjects; --topic-share 1 is the stress
case where every item matches about forty of the 100 topics.
"""
import argparse
import http.server
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

WORDS = ("migration asylum border tariff trade lithium copper nickel cartel gang police army court "
         "election minister president congress senate budget oil mining export import shrimp banana "
         "cocoa drought flood rights torture journalist protest strike union school hospital vaccine "
         "football music film festival bank bond market crypto bitcoin weather storm port airport").split()


SYLLABLES = "ka lo mi nu pe ra si to ve da ge hi ju le mo ni pu ri sa te".split()
NEUTRAL = sorted({"".join(random.Random(n).choice(SYLLABLES) for _ in range(2 + n % 3)) for n in range(20000)})[:5000]


def word(rng, topic_share):
    return rng.choice(WORDS) if rng.random() < topic_share else rng.choice(NEUTRAL)


def make_feed(index, topic_share, items=20):
    rng = random.Random(index)
    now = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime())
    entries = []
    for item in range(items):
        title = " ".join(word(rng, topic_share) for _ in range(8))
        summary = " ".join(word(rng, topic_share) for _ in range(60))
        entries.append(f"<item><guid>f{index}-{item}</guid><title>{title}</title>"
                       f"<link>https://example.org/{index}/{item}</link><description>{summary}</description>"
                       f"<pubDate>{now}</pubDate></item>")
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed {index}</title>{"".join(entries)}</channel></rss>'


def make_topics(count):
    rng = random.Random(7)
    lines = []
    for index in range(count):
        terms = rng.sample(WORDS, 4)
        lines.append(f"  t{index}:\n    query: '({terms[0]} OR {terms[1]}) ({terms[2]} OR \"{terms[3]} {rng.choice(WORDS)}\")'")
    return "\n".join(lines)


def status(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            fields[key] = value.strip()
    return fields


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        parts = f.read().rsplit(")", 1)[1].split()
    return (int(parts[11]) + int(parts[12])) / os.sysconf("SC_CLK_TCK")


def wait_for(sock, predicate, timeout):
    end = time.time() + timeout
    messages = []
    while time.time() < end:
        sock.settimeout(max(0.01, end - time.time()))
        try:
            message = sock.recv(4096).decode()
        except socket.timeout:
            break
        messages.append(message)
        if predicate(message):
            return time.time(), messages
    return None, messages


def matches(state_dir):
    import sqlite3
    with sqlite3.connect(os.path.join(state_dir, "feedwatch.sqlite")) as db:
        return db.execute("SELECT count(*) FROM match").fetchone()[0]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--topics", type=int, default=100)
    parser.add_argument("--idle", type=float, default=20)
    parser.add_argument("--topic-share", type=float, default=0.03)
    parser.add_argument("--binary", default=".build/release/feedwatch")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    work = tempfile.mkdtemp(prefix="feedwatch-bench-daemon-")
    www = os.path.join(work, "www")
    os.makedirs(www)
    for index in range(args.feeds):
        with open(os.path.join(www, f"{index}.xml"), "w") as f:
            f.write(make_feed(index, args.topic_share))

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **k):
            super().__init__(*a, directory=www, **k)

        def log_message(self, *a):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    feeds = "\n".join(f"  - url: http://127.0.0.1:{port}/{i}.xml\n    allow_private: true" for i in range(args.feeds))
    config = os.path.join(work, "feeds.yml")
    with open(config, "w") as f:
        f.write(f"settings:\n  interval: 1h\n  catchup: 0s\nnotify:\n  log: false\nfeeds:\n{feeds}\ntopics:\n{make_topics(args.topics)}\n")

    results = []
    for label in ("cold database", "warm database"):
        notify_path = os.path.join(work, "notify.sock")
        if os.path.exists(notify_path):
            os.unlink(notify_path)
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        sock.bind(notify_path)
        env = dict(os.environ, NOTIFY_SOCKET=notify_path)
        start = time.time()
        process = subprocess.Popen([binary, "run", "--config", config, "--state-dir", os.path.join(work, "state"),
                                    "--log-level", "warning"], env=env, stderr=subprocess.DEVNULL)
        ready, _ = wait_for(sock, lambda m: "READY=1" in m, 30)
        passed, _ = wait_for(sock, lambda m: "STATUS=" in m and "next poll" in m, 600)
        row = {"run": label, "ready_s": (ready - start) if ready else None,
               "first_pass_s": (passed - start) if passed else None}
        info = status(process.pid)
        row["rss_mb"] = int(info["VmRSS"].split()[0]) / 1024
        row["peak_mb"] = int(info["VmHWM"].split()[0]) / 1024
        # VmRSS counts the shared libraries' resident pages too (the Swift runtime, Foundation and
        # its ICU data: about 40 MB shared with every other Swift process); RssAnon is the heap.
        row["anon_mb"] = int(info["RssAnon"].split()[0]) / 1024
        before = cpu_seconds(process.pid)
        time.sleep(args.idle)
        row["idle_cpu_pct"] = 100 * (cpu_seconds(process.pid) - before) / args.idle
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        sock.close()
        results.append(row)

    print(f"feedwatch run: {args.feeds} feeds on 127.0.0.1, {args.topics} topics, 20 items a feed, "
          f"topic share {args.topic_share}, {matches(os.path.join(work, 'state'))} matches stored")
    print(f"{'run':<15} {'READY (s)':>10} {'first pass (s)':>15} {'RSS (MB)':>9} {'anon (MB)':>10} "
          f"{'peak (MB)':>10} {'idle CPU %':>11}")
    for row in results:
        print(f"{row['run']:<15} {row['ready_s']:>10.3f} {row['first_pass_s']:>15.2f} {row['rss_mb']:>9.1f} "
              f"{row['anon_mb']:>10.1f} {row['peak_mb']:>10.1f} {row['idle_cpu_pct']:>11.2f}")
    server.shutdown()


if __name__ == "__main__":
    sys.exit(main())
