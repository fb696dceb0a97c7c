#!/usr/bin/env python3
"""Keyword-matcher baselines for the classifier benchmark, on the data generate.py writes.

    bench/classify/.venv/bin/python bench/classify/baselines.py [--data DIR] [--regex-items N]

For 10, 100 and 1,000 topics, prints one JSON line per engine with items/s on one core (CPU time of
this process, as the Swift benchmark measures):
- hyperscan: every topic term as a caseless literal pattern in one Hyperscan database, one scan per
  item (title + " " + summary), the matched topics collected in the callback;
- pyahocorasick: every lower-cased term in one Aho-Corasick automaton, one pass per lower-cased item;
- regex: the naive way, one compiled `\\b(?:term|...)\\b` regex per topic (IGNORECASE), every topic
  searched on every item; measured on the first N items (--regex-items, default 2000), as it is slow.
These only find keywords: no tokens, folding, stems, NOT or scoring, so they are a speed floor for
the work feedwatch does, not the same work. Install: python3 -m venv .venv && .venv/bin/pip install
hyperscan pyahocorasick.
"""
import argparse
import json
import os
import re
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def cpu():
    return time.process_time()


def load(data):
    with open(os.path.join(data, "items.jsonl"), encoding="utf-8") as handle:
        texts = [f"{item['title']} {item['summary']}" for item in map(json.loads, handle)]
    return texts


def report(engine, topics, items, seconds, matches, **extra):
    line = {"engine": engine, "topics": topics, "items": items,
            "items_per_second": int(items / seconds) if seconds > 0 else None, "matches": matches}
    line.update(extra)
    print(json.dumps(line), flush=True)


def run_hyperscan(texts, topics):
    import hyperscan

    patterns, owners = [], []
    for number, topic in enumerate(topics):
        for term in topic["terms"]:
            patterns.append(re.escape(term).encode())
            owners.append(number)
    database = hyperscan.Database()
    started = cpu()
    database.compile(
        expressions=patterns, ids=list(range(len(patterns))),
        elements=len(patterns), flags=[hyperscan.HS_FLAG_CASELESS | hyperscan.HS_FLAG_SINGLEMATCH] * len(patterns))
    compile_seconds = cpu() - started
    encoded = [text.encode() for text in texts]
    matches = 0
    found = set()

    def on_match(pattern, start, end, flags, context):
        found.add(owners[pattern])

    started = cpu()
    for data in encoded:
        found.clear()
        database.scan(data, match_event_handler=on_match)
        matches += len(found)
    report("hyperscan", len(topics), len(texts), cpu() - started, matches, compile_seconds=round(compile_seconds, 3))


def run_aho_corasick(texts, topics):
    import ahocorasick

    automaton = ahocorasick.Automaton()
    owners = {}
    for number, topic in enumerate(topics):
        for term in topic["terms"]:
            owners.setdefault(term.lower(), set()).add(number)
    for term, numbers in owners.items():
        automaton.add_word(term, tuple(numbers))
    automaton.make_automaton()
    matches = 0
    started = cpu()
    for text in texts:
        found = set()
        for _, numbers in automaton.iter(text.lower()):
            found.update(numbers)
        matches += len(found)
    report("pyahocorasick", len(topics), len(texts), cpu() - started, matches)


def run_regex(texts, topics, limit):
    expressions = [
        re.compile(r"\b(?:" + "|".join(re.escape(term) for term in topic["terms"]) + r")\b", re.IGNORECASE)
        for topic in topics
    ]
    sample = texts[:limit]
    matches = 0
    started = cpu()
    for text in sample:
        for expression in expressions:
            if expression.search(text):
                matches += 1
    report("regex-per-topic", len(topics), len(sample), cpu() - started, matches)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default=os.path.join(HERE, "data"))
    parser.add_argument("--regex-items", type=int, default=2000)
    arguments = parser.parse_args()
    texts = load(arguments.data)
    for count in (10, 100, 1000):
        with open(os.path.join(arguments.data, f"topics-{count}.json"), encoding="utf-8") as handle:
            topics = json.load(handle)
        run_hyperscan(texts, topics)
        run_aho_corasick(texts, topics)
        run_regex(texts, topics, arguments.regex_items)


if __name__ == "__main__":
    main()
