#!/usr/bin/env python3
"""Writes the classifier benchmark's data for the default topics: the five topics of the project's
feeds.yml (large queries, ~25 KB, with phrases, NEAR and NOT guards) and 20,000 small items like
those of the fetch benchmark (bench/fetch/make_feeds.py): one in ten about trade talks and migration,
which match, the others about local news, which match none.

    bench/classify/feeds_topics.py [--feeds feeds.yml] [--items 20000] [--out bench/classify/data]
        [--typical DIR]

Writes topics-feeds.json ([{"name","query","min_score"}]) and items-feeds.jsonl ({"id","title","summary"});
then: classify-bench data/items-feeds.jsonl data/topics-feeds.json

With --typical DIR (the "typical" feeds of bench/fetch/make_feeds.py, e.g. /tmp/fb/www/typical/1000),
also items-typical.jsonl: every item of DIR's N.xml files in order, its title and its description as
text (tags dropped, entities decoded, trimmed as the parser trims them: close enough to what
`feedwatch parse` gives for the classifier's cost). Those feeds' generated words are mostly met once, so
this is the set on which a cold pass (every word seen for the first time) shows.
"""
import argparse
import html
import json
import os
import re
import xml.etree.ElementTree as ElementTree

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
# The same texts as bench/fetch/make_feeds.py.
MATCHING = ("trade talks and migration policy",
            "Officials met to discuss tariffs, asylum rules and regional security.")
NEUTRAL = ("city council reviews library hours",
           "Residents discussed bus routes, school lunches and weekend markets today.")

parser = argparse.ArgumentParser()
parser.add_argument("--feeds", default=os.path.join(HERE, "..", "..", "feeds.yml"))
parser.add_argument("--items", type=int, default=20_000)
parser.add_argument("--out", default=os.path.join(HERE, "data"))
parser.add_argument("--typical", help="a directory of bench/fetch typical feeds (0.xml, 1.xml, ...)")
arguments = parser.parse_args()
os.makedirs(arguments.out, exist_ok=True)

with open(arguments.feeds, encoding="utf-8") as handle:
    config = yaml.safe_load(handle)
topics = [{"name": name, "query": spec["query"], "min_score": spec.get("min_score")}
          for name, spec in config["topics"].items()]
with open(os.path.join(arguments.out, "topics-feeds.json"), "w", encoding="utf-8") as handle:
    json.dump(topics, handle, ensure_ascii=False, indent=1)
with open(os.path.join(arguments.out, "items-feeds.jsonl"), "w", encoding="utf-8") as handle:
    for number in range(arguments.items):
        title, summary = MATCHING if number % 10 == 0 else NEUTRAL
        feed, item = divmod(number, 20)
        handle.write(json.dumps({"id": "%07d-%02d" % (feed, item),
                                 "title": "Feed %07d item %02d: %s" % (feed, item, title),
                                 "summary": summary}) + "\n")

if arguments.typical:
    names = sorted((name for name in os.listdir(arguments.typical) if re.fullmatch(r"[0-9]+[.]xml", name)),
                   key=lambda name: int(name[:-4]))
    with open(os.path.join(arguments.out, "items-typical.jsonl"), "w", encoding="utf-8") as handle:
        for name in names:
            channel = ElementTree.parse(os.path.join(arguments.typical, name)).getroot().find("channel")
            for number, item in enumerate(channel.findall("item")):
                summary = html.unescape(re.sub(r"<[^>]*>", " ", item.findtext("description") or "")).strip()
                handle.write(json.dumps({"id": "%s-%02d" % (name[:-4], number),
                                         "title": (item.findtext("title") or "").strip(),
                                         "summary": summary}, ensure_ascii=False) + "\n")
