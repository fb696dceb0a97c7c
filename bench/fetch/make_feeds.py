#!/usr/bin/env python3
"""Writes N RSS feeds (ROOT/N/0.xml ... N-1.xml) of identical size and mtime, so one ETag fits all.

Each feed has 20 items; two of them (one in ten, like a news feed watched for a few subjects) are
about trade talks and migration and match the default topics of the project's feeds.yml, the
others about local news that matches none. Every file has the same items but for the feed number
(written with a fixed width), hence the same size."""
import os
import sys

MATCHING = ("trade talks and migration policy",
            "Officials met to discuss tariffs, asylum rules and regional security.")
NEUTRAL = ("city council reviews library hours",
           "Residents discussed bus routes, school lunches and weekend markets today.")

root = sys.argv[1]
for count in map(int, sys.argv[2:]):
    directory = os.path.join(root, str(count))
    os.makedirs(directory, exist_ok=True)
    for index in range(count):
        items = "".join(
            "<item><title>Feed %07d item %02d: %s</title>"
            "<link>http://127.0.0.1/%07d/%02d</link><guid>%07d-%02d</guid>"
            "<description>%s</description>"
            "<pubDate>Mon, 24 Nov 2025 16:%02d:00 GMT</pubDate></item>"
            % ((index, n, (MATCHING if n % 10 == 0 else NEUTRAL)[0], index, n, index, n,
                (MATCHING if n % 10 == 0 else NEUTRAL)[1], n))
            for n in range(20)
        )
        text = ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>Feed %07d</title>'
                "<link>http://127.0.0.1/</link><description>bench</description>%s</channel></rss>\n" % (index, items))
        path = os.path.join(directory, "%d.xml" % index)
        with open(path, "w") as f:
            f.write(text)
        os.utime(path, (1764000000, 1764000000))
