#!/usr/bin/env python3
"""Interleaved CPU-time comparison of feedwatch builds against the SAX2 floor.

Usage: interleave.py CORPUS_DIR ROUNDS FEEDWATCH_BINARY... [--floor PATH]

On a shared machine one run of each is not a precise figure: this runs the floor and every given
binary (`BINARY parse FILES...`) in turn, ROUNDS times, and prints each one's CPU seconds
(user + sys of the child) per round, the minimum and the median, and the floor-to-binary ratios.
Copy a build aside (cp .build/release/feedwatch /tmp/before) to compare it with the next one.
Standard library only.
"""
import argparse
import glob
import os
import resource
import statistics
import subprocess


def cpu_seconds(command):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus")
    parser.add_argument("rounds", type=int)
    parser.add_argument("binaries", nargs="+")
    parser.add_argument("--floor", default=os.path.join(here, "sax2_floor"))
    args = parser.parse_args()
    files = sorted(glob.glob(os.path.join(args.corpus, "*.xml")))
    results = {"floor": []}
    for _ in range(args.rounds):
        results["floor"].append(cpu_seconds([args.floor] + files))
        for binary in args.binaries:
            results.setdefault(binary, []).append(cpu_seconds([binary, "parse"] + files))
    print(os.popen("uptime").read().strip())
    for name, values in results.items():
        print("%-28s min %.2f  median %.2f  (%s)" % (
            name, min(values), statistics.median(values), " ".join("%.2f" % v for v in values)))
    floor = results["floor"]
    for binary in args.binaries:
        values = results[binary]
        print("%-28s %.1f %% of the floor (minima), %.1f %% (medians)" % (
            binary, 100 * min(floor) / min(values), 100 * statistics.median(floor) / statistics.median(values)))


if __name__ == "__main__":
    main()
