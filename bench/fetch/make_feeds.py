#!/usr/bin/env python3
"""Writes N RSS feeds (ROOT/N/0.xml ... N-1.xml) of identical size and mtime, so one ETag fits all."""
import os
import sys

root = sys.argv[1]
for count in map(int, sys.argv[2:]):
    directory = os.path.join(root, str(count))
    os.makedirs(directory, exist_ok=True)
    for index in range(count):
        items = "".join(
            "<item><title>Feed %07d item %02d: trade talks and migration policy</title>"
            "<link>http://127.0.0.1/%07d/%02d</link><guid>%07d-%02d</guid>"
            "<description>Officials met to discuss tariffs, critical minerals and regional security.</description>"
            "<pubDate>Mon, 24 Nov 2025 16:%02d:00 GMT</pubDate></item>" % (index, n, index, n, index, n, n)
            for n in range(20)
        )
        text = ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>Feed %07d</title>'
                "<link>http://127.0.0.1/</link><description>bench</description>%s</channel></rss>\n" % (index, items))
        path = os.path.join(directory, "%d.xml" % index)
        with open(path, "w") as f:
            f.write(text)
        os.utime(path, (1764000000, 1764000000))
