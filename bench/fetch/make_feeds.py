#!/usr/bin/env python3
"""Writes the fetch benchmark's feeds: N RSS files per count, all of one size and mtime, so that one
ETag (nginx's is mtime-size) fits every file of a kind.

    make_feeds.py ROOT N [N...]            small feeds:   ROOT/N/0.xml ... ROOT/N/(N-1).xml
    make_feeds.py --typical ROOT N [N...]  typical feeds: ROOT/typical/N/0.xml ...

small: 20 items of one short sentence each, 6 KB, the same text in every file but for the feed
number; gzip shrinks it tenfold. It weighs the per-item costs (parse, classify, store) against
almost no transfer.

typical: shaped like a news site's RSS 2.0 feed (30 items, each with a title, link, permalink guid,
pubDate, dc:creator, two categories and an HTML description of about 600 bytes; 29 KB a file,
about 14 KB gzipped). The words are drawn per item from a Zipf-like vocabulary (the real English and
Spanish words of the labeled dev items that are about none of the topics, then synthetic words), so
no two items repeat and gzip compresses it as it does real text (about 2x). With these curl's
first pass takes about what the issue measured for its floor (0.32 s at 1,000 feeds).

In both kinds one item in ten (like a news feed watched for a few subjects) is about trade talks
and migration and matches the default topics of the project's feeds.yml; the others match none."""
import json
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "classify"))
from generate import widened  # noqa: E402  (the classify bench's vocabulary, widened the same way)

MATCHING = ("trade talks and migration policy",
            "Officials met to discuss tariffs, asylum rules and regional security.")
NEUTRAL = ("city council reviews library hours",
           "Residents discussed bus routes, school lunches and weekend markets today.")
DEV_ITEMS = "/work/shared/topics-dev/items.jsonl"
MTIME = 1764000000


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    os.utime(path, (MTIME, MTIME))


def small(root, count):
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
        write(os.path.join(directory, "%d.xml" % index),
              '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>Feed %07d</title>'
              "<link>http://127.0.0.1/</link><description>bench</description>%s</channel></rss>\n" % (index, items))


def vocabulary(rng):
    """Real words first (most frequent first, so the head of the Zipf curve is real function words),
    from the dev items labeled with no topic; then synthetic words up to a news-like 50,000."""
    counts = {}
    if os.path.exists(DEV_ITEMS):
        with open(DEV_ITEMS, encoding="utf-8") as handle:
            for line in handle:
                item = json.loads(line)
                if item["labels"]:
                    continue
                for word in f"{item['title']} {item['summary']}".replace(",", " ").replace(".", " ").split():
                    if word.isalpha():
                        counts[word.lower()] = counts.get(word.lower(), 0) + 1
    return widened(sorted(counts, key=lambda w: -counts[w]), rng)


def fitted(text, size):
    """text cut at a word to at most size UTF-8 bytes, then padded with spaces to exactly size."""
    data = text.encode("utf-8")
    if len(data) > size:
        data = data[:size]
        data = data[:data.rfind(b" ")] if b" " in data else b""
    return data.decode("utf-8") + " " * (size - len(data))


def typical(root, count):
    rng = random.Random(20261129 + count)
    words = vocabulary(rng)
    cumulative, total = [], 0.0
    for rank in range(len(words)):
        total += 1.0 / (rank + 10)
        cumulative.append(total)

    def sentence(low, high):
        chosen = rng.choices(words, cum_weights=cumulative, k=rng.randint(low, high))
        return " ".join(chosen).capitalize()

    directory = os.path.join(root, "typical", str(count))
    os.makedirs(directory, exist_ok=True)
    for index in range(count):
        items = []
        for n in range(30):
            if n % 10 == 0:
                title = fitted("%s: %s" % (MATCHING[0].capitalize(), sentence(3, 6)), 90)
                body = MATCHING[1] + " " + ". ".join(sentence(8, 18) for _ in range(6))
            else:
                title = fitted(sentence(7, 12), 90)
                body = ". ".join(sentence(8, 18) for _ in range(6))
            link = "https://news%03d.example.com/%07d/%02d/story.html" % (index % 1000, index, n)
            items.append(
                "<item><title>%s</title><link>%s</link><guid isPermaLink=\"true\">%s</guid>"
                "<pubDate>Mon, 24 Nov 2025 16:%02d:00 GMT</pubDate><dc:creator>%s</dc:creator>"
                "<category>%s</category><category>%s</category>"
                "<description>&lt;p&gt;%s&lt;/p&gt;</description></item>\n"
                % (title, link, link, n, fitted(sentence(2, 2), 24), fitted(sentence(1, 1), 16),
                   fitted(sentence(1, 2), 20), fitted(body, 600)))
        write(os.path.join(directory, "%d.xml" % index),
              '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
              'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>News %07d</title>'
              "<link>https://news%03d.example.com/</link><description>Latest stories</description>"
              "<language>en</language>\n%s</channel></rss>\n" % (index, index % 1000, "".join(items)))


arguments = sys.argv[1:]
kind = small
if arguments and arguments[0] == "--typical":
    kind = typical
    arguments = arguments[1:]
for count in map(int, arguments[1:]):
    kind(arguments[0], count)
