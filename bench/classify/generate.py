#!/usr/bin/env python3
"""Generates the classifier benchmark's data: news-like items and topics, deterministically.

    bench/classify/generate.py [--items 100000] [--out bench/classify/data]

Writes items.jsonl ({"id","title","summary"}, title + summary about 650 bytes, English and Spanish
mixed) and topics-10.json, topics-100.json, topics-1000.json ([{"name","query","terms"}]: each
topic an OR of 10 to 30 terms, about a third of them two-word phrases, some with a NOT guard;
"terms" lists them plainly for the keyword-matcher baselines).

The vocabulary is drawn from the labeled dev items when they are present (real English and Spanish
news words, accents included) plus synthetic words, with a Zipf-like frequency so that common
words are common and topic terms occur at realistic rates.
"""
import argparse
import json
import os
import random
import re

HERE = os.path.dirname(os.path.abspath(__file__))
DEV_ITEMS = "/work/shared/topics-dev/items.jsonl"


def vocabulary(rng):
    words = []
    if os.path.exists(DEV_ITEMS):
        with open(DEV_ITEMS, encoding="utf-8") as handle:
            for line in handle:
                item = json.loads(line)
                words += re.findall(r"[^\W_]+", f"{item['title']} {item['summary']}")
    # Real words first, most frequent first, so the head of the Zipf curve is real function words.
    counts = {}
    for word in words:
        counts[word.lower()] = counts.get(word.lower(), 0) + 1
    return widened(sorted(counts, key=lambda w: -counts[w]), rng)


def widened(words, rng, size=50_000):
    """`words` followed by synthetic words (syllables drawn from `rng`) up to a news-like vocabulary
    of `size` distinct words (bench/fetch/make_feeds.py uses it too)."""
    words = list(words)
    seen = set(words)
    syllables = ["ka", "ro", "men", "ta", "li", "sor", "que", "del", "ban", "tri", "co", "mo", "nal", "es", "ver"]
    while len(words) < size:
        word = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--out", default=os.path.join(HERE, "data"))
    arguments = parser.parse_args()
    rng = random.Random(20261129)
    os.makedirs(arguments.out, exist_ok=True)

    words = vocabulary(rng)
    # Zipf-like weights: rank r has weight 1/(r+10).
    weights = [1.0 / (rank + 10) for rank in range(len(words))]
    cumulative = []
    total = 0.0
    for weight in weights:
        total += weight
        cumulative.append(total)

    def sample(count):
        return rng.choices(words, cum_weights=cumulative, k=count)

    with open(os.path.join(arguments.out, "items.jsonl"), "w", encoding="utf-8") as handle:
        for number in range(arguments.items):
            title = " ".join(sample(rng.randint(7, 12))).capitalize()
            summary_words = []
            while len(" ".join(summary_words)) < 590 - len(title):
                sentence = sample(rng.randint(8, 20))
                sentence[0] = sentence[0].capitalize()
                summary_words += sentence[:-1] + [sentence[-1] + rng.choice([".", ",", ";"])]
            summary = " ".join(summary_words)
            handle.write(json.dumps({"id": f"b-{number}", "title": title, "summary": summary}, ensure_ascii=False) + "\n")

    # Topic terms come from the middle of the frequency range: rare enough to discriminate,
    # common enough that topics do match some items.
    term_pool = [w for w in words[5000:] if len(w) > 3]
    for topic_count in (10, 100, 1000):
        topics = []
        for number in range(topic_count):
            terms = []
            for _ in range(rng.randint(10, 30)):
                if rng.random() < 0.33:
                    terms.append(f"{rng.choice(term_pool)} {rng.choice(term_pool)}".lower())
                else:
                    terms.append(rng.choice(term_pool).lower())
            parts = [f'"{term}"' if " " in term else term for term in terms]
            query = "(" + " OR ".join(parts) + ")"
            if rng.random() < 0.3:
                query += f" -{rng.choice(term_pool).lower()}"
            topics.append({"name": f"topic-{number}", "query": query, "terms": terms})
        with open(os.path.join(arguments.out, f"topics-{topic_count}.json"), "w", encoding="utf-8") as handle:
            json.dump(topics, handle, ensure_ascii=False)


if __name__ == "__main__":
    main()
