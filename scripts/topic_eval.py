#!/usr/bin/env python3
"""Precision, recall and F1 per topic of a feedwatch configuration on a labeled set of news items.

Input: a JSON Lines file, one item a line: {"id", "lang", "title", "summary", "labels": [topic...]}
(the format of shared/topics-dev/items.jsonl), and a feeds.yml whose `topics:` are measured.

The items are written as one RSS 2.0 document per language (guid = id, <language> set, as a feed
that declares its language would be), each is run through `feedwatch match --json --config FILE`,
and the topics it prints per guid are compared with the labels.

    scripts/topic_eval.py /work/shared/topics-dev/items.jsonl --config feeds.yml [--errors]

Labeled sets beside this script: topic_eval_tune.jsonl, topic_eval_holdout.jsonl and
topic_eval_extra.jsonl were used for tuning the default topics; topic_eval_holdout2.jsonl is held
out (the estimate for unseen news; see docs/topics.md before tuning on it); topic_eval_holdout3.jsonl,
topic_eval_holdout4.jsonl, topic_eval_holdout5.jsonl, topic_eval_holdout6.jsonl, topic_eval_holdout7.jsonl,
topic_eval_holdout8.jsonl, topic_eval_holdout9.jsonl, topic_eval_holdout10.jsonl, topic_eval_holdout11.jsonl
and topic_eval_holdout12.jsonl were written
without sight of the queries, measured once, then tuned on (docs/topics.md).

--feedwatch PATH picks the binary (default: .build/release/feedwatch, else .build/debug/feedwatch).
--engine swift-test instead runs the classifier through the test harness
(Tests/FeedwatchClassifyTests/TopicEvaluationHarness.swift), which needs no config loader.
Exit status 0; the table goes to stdout.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
from xml.sax.saxutils import escape

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def read_items(path):
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def rss_document(items, lang):
    parts = [
        "<?xml version='1.0' encoding='utf-8'?>",
        '<rss version="2.0"><channel>',
        f"<title>topic evaluation ({escape(lang)})</title>",
        "<link>https://feedwatch.invalid/eval</link>",
        "<description>labeled items</description>",
        f"<language>{escape(lang)}</language>",
    ]
    for item in items:
        parts.append(
            "<item>"
            f"<title>{escape(item.get('title') or '')}</title>"
            f"<description>{escape(item.get('summary') or '')}</description>"
            f"<link>{escape(item.get('url') or 'https://feedwatch.invalid/' + item['id'])}</link>"
            f'<guid isPermaLink="false">{escape(item["id"])}</guid>'
            "</item>"
        )
    parts.append("</channel></rss>")
    return "\n".join(parts)


def feedwatch_binary(explicit):
    if explicit:
        return explicit
    for flavour in ("release", "debug"):
        candidate = os.path.join(ROOT, ".build", flavour, "feedwatch")
        if os.access(candidate, os.X_OK):
            return candidate
    sys.exit("topic_eval: no feedwatch binary; build it (swift build) or pass --feedwatch PATH")


def predictions_with_feedwatch(items, config, binary):
    predicted = {}
    by_lang = {}
    for item in items:
        by_lang.setdefault(item.get("lang") or "", []).append(item)
    with tempfile.TemporaryDirectory() as directory:
        for lang, group in by_lang.items():
            path = os.path.join(directory, f"items-{lang or 'unknown'}.xml")
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(rss_document(group, lang))
            result = subprocess.run(
                [binary, "match", "--json", "--explain", "--config", config, path],
                capture_output=True, text=True, check=False,
            )
            if result.returncode != 0:
                sys.exit(f"topic_eval: feedwatch match failed ({result.returncode}): {result.stderr.strip()}")
            for line in result.stdout.splitlines():
                if line.strip():
                    record = json.loads(line)
                    predicted[record["id"]] = record.get("topics") or []
    return predicted


def predictions_with_swift_test(items_path, config):
    import yaml  # only this engine needs PyYAML

    with open(config, encoding="utf-8") as handle:
        topics = yaml.safe_load(handle).get("topics") or {}
    specs = [
        {"name": name, "query": spec["query"], "min_score": spec.get("min_score")}
        for name, spec in topics.items()
    ]
    with tempfile.TemporaryDirectory() as directory:
        topics_path = os.path.join(directory, "topics.json")
        output_path = os.path.join(directory, "out.jsonl")
        with open(topics_path, "w", encoding="utf-8") as handle:
            json.dump(specs, handle)
        environment = dict(os.environ)
        environment.update(
            FEEDWATCH_TOPIC_EVAL_TOPICS=topics_path,
            FEEDWATCH_TOPIC_EVAL_ITEMS=os.path.abspath(items_path),
            FEEDWATCH_TOPIC_EVAL_OUTPUT=output_path,
        )
        result = subprocess.run(
            ["swift", "test", "--filter", "TopicEvaluationHarness"],
            cwd=ROOT, env=environment, capture_output=True, text=True, check=False,
        )
        if result.returncode != 0 or not os.path.exists(output_path):
            sys.exit("topic_eval: swift test harness failed:\n" + result.stdout[-3000:] + result.stderr[-3000:])
        with open(output_path, encoding="utf-8") as handle:
            return {record["id"]: record["topics"] for record in map(json.loads, handle)}


def topic_name(match):
    return match["topic"] if isinstance(match, dict) else match


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("items", help="labeled JSON Lines file")
    parser.add_argument("--config", default=os.path.join(ROOT, "feeds.yml"), help="feeds.yml to measure")
    parser.add_argument("--feedwatch", help="feedwatch binary to run")
    parser.add_argument("--engine", choices=["feedwatch", "swift-test"], default="feedwatch")
    parser.add_argument("--errors", action="store_true", help="list false positives and negatives with evidence")
    arguments = parser.parse_args()

    items = read_items(arguments.items)
    if arguments.engine == "feedwatch":
        predicted = predictions_with_feedwatch(items, arguments.config, feedwatch_binary(arguments.feedwatch))
    else:
        predicted = predictions_with_swift_test(arguments.items, arguments.config)

    topics = sorted({label for item in items for label in item["labels"]}
                    | {topic_name(m) for matches in predicted.values() for m in matches})
    print(f"{'topic':<20} {'support':>7} {'tp':>4} {'fp':>4} {'fn':>4} {'precision':>9} {'recall':>6} {'F1':>5}")
    f1_scores = []
    errors = []
    for topic in topics:
        tp = fp = fn = 0
        for item in items:
            matches = predicted.get(item["id"], [])
            got = any(topic_name(m) == topic for m in matches)
            want = topic in item["labels"]
            tp += got and want
            fp += got and not want
            fn += want and not got
            if got != want:
                evidence = next((m for m in matches if topic_name(m) == topic), None)
                errors.append((topic, "FP" if got else "FN", item, evidence))
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        f1_scores.append(f1)
        print(f"{topic:<20} {tp + fn:>7} {tp:>4} {fp:>4} {fn:>4} {precision:>9.3f} {recall:>6.3f} {f1:>5.3f}")
    if f1_scores:
        print(f"{'macro average':<20} {'':>7} {'':>4} {'':>4} {'':>4} {'':>9} {'':>6} {sum(f1_scores) / len(f1_scores):>5.3f}")
    if arguments.errors:
        for topic, kind, item, evidence in errors:
            print(f"\n{kind} {topic} {item['id']} [{item.get('lang')}] {item.get('title')}")
            print(f"   {item.get('summary')}")
            if evidence and isinstance(evidence, dict):
                print(f"   score {evidence.get('score')}: {json.dumps(evidence.get('terms'), ensure_ascii=False)}")


if __name__ == "__main__":
    main()
