#!/usr/bin/env python3
"""Parser benchmark: feedwatch against the libxml2 SAX2 floor, sfeed and Python feed parsers.

Usage: bench.py CORPUS_DIR [--feedwatch PATH] [--floor PATH] [--python PYTHON] [--skip NAME]...

Every contender reads the same files in one process (sfeed: one process per file, as it reads a
single feed from stdin). Reported per contender: CPU seconds (user+sys, the stable measure on a
shared machine), wall seconds, MB/s on CPU time and on wall time, items/s where the contender
reports items, and peak RSS. Prints a Markdown table. Standard library only; the Python parsers
are run with --python (default: python3) and skipped when not importable.
"""
import argparse
import glob
import os
import subprocess
import sys
import time

PY_PARSERS = {
    "feedparser-rs": "import feedparser_rs as m\nparse = lambda d: len(m.parse(d).entries)",
    "fastfeedparser": "import fastfeedparser as m\ndef parse(d):\n    try:\n        return len(m.parse(d).entries)\n    except Exception:\n        return 0",
    "feedparser": "import feedparser as m\nparse = lambda d: len(m.parse(d).entries)",
}

PY_DRIVER = """
import sys, time
%s
files = sys.argv[1:]
items = 0
for path in files:
    with open(path, 'rb') as handle:
        items += parse(handle.read())
print(items)
"""


def run(command, stdin_path=None):
    """Runs one command under GNU time; returns (wall, cpu, peak_rss_kb, stdout)."""
    report = "/tmp/feedwatch-bench-time.txt"
    start = time.monotonic()
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    result = subprocess.run(["/usr/bin/time", "-o", report, "-f", "%U %S %M"] + command, stdin=stdin,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    wall = time.monotonic() - start
    with open(report) as handle:
        user, system, rss = handle.read().split()[-3:]
    return wall, float(user) + float(system), int(rss), result.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus")
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(os.path.dirname(here))
    parser.add_argument("--feedwatch", default=os.path.join(root, ".build/release/feedwatch"))
    parser.add_argument("--floor", default=os.path.join(here, "sax2_floor"))
    parser.add_argument("--python", default="python3")
    parser.add_argument("--skip", action="append", default=[])
    args = parser.parse_args()
    files = sorted(glob.glob(os.path.join(args.corpus, "*.xml")))
    total = sum(os.path.getsize(f) for f in files)
    megabytes = total / 1048576
    rows = []

    def add(name, wall, cpu, rss, items):
        rows.append((name, cpu, wall, megabytes / cpu if cpu else 0, megabytes / wall, items / cpu if items and cpu else None, rss))

    if "floor" not in args.skip and os.path.exists(args.floor):
        wall, cpu, rss, _ = run([args.floor] + files)
        add("libxml2 SAX2 floor (C, empty callbacks)", wall, cpu, rss, None)
    if "feedwatch" not in args.skip:
        wall, cpu, rss, out = run([args.feedwatch, "parse"] + files)
        items = sum(int(line.rsplit(", ", 2)[1].split()[0]) for line in out.decode().splitlines()
                    if ", " in line and "item" in line)
        add("feedwatch parse (Swift, this repo)", wall, cpu, rss, items)
        wall, cpu, rss, _ = run([args.feedwatch, "parse", "--json"] + files)
        add("feedwatch parse --json (with JSON output)", wall, cpu, rss, items)
    if "sfeed" not in args.skip and subprocess.run(["which", "sfeed"], stdout=subprocess.DEVNULL).returncode == 0:
        wall_total, cpu_total, peak, items = 0.0, 0.0, 0, 0
        for path in files:
            wall, cpu, rss, out = run(["sfeed"], stdin_path=path)
            wall_total += wall
            cpu_total += cpu
            peak = max(peak, rss)
            items += out.count(b"\n")
        add("sfeed 1.7 (C, one process per file)", wall_total, cpu_total, peak, items)
    for name, code in PY_PARSERS.items():
        if name in args.skip:
            continue
        probe = subprocess.run([args.python, "-c", code], stderr=subprocess.DEVNULL)
        if probe.returncode != 0:
            continue
        wall, cpu, rss, out = run([args.python, "-c", PY_DRIVER % code] + files)
        items = int(out.strip() or 0)
        add(name + " (Python)", wall, cpu, rss, items)

    print("%d files, %.1f MB (%s)\n" % (len(files), megabytes, args.corpus))
    print("| parser | CPU s | wall s | MB/s (CPU) | MB/s (wall) | items/s (CPU) | peak RSS MB |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, cpu, wall, rate, wall_rate, items, rss in rows:
        print("| %s | %.2f | %.2f | %.1f | %.1f | %s | %.0f |" % (
            name, cpu, wall, rate, wall_rate, "%.0f" % items if items else "", rss / 1024))


if __name__ == "__main__":
    main()
