#!/usr/bin/env python3
"""Generate a realistic feed corpus for the parser benchmark.

Usage: generate_corpus.py OUTDIR [--megabytes 200] [--seed 1]

Writes RSS 2.0 (with content:encoded, dc:creator, categories, enclosures), Atom 1.0 (html and
xhtml content) and RSS 1.0/RDF documents, English and Spanish text, 5 KB to 2 MB each (most
between 20 and 300 KB, like real news feeds), until about --megabytes in all. Deterministic for a
given seed. Standard library only.
"""
import argparse
import os
import random
from xml.sax.saxutils import escape

EN = ("the government announced new trade measures on critical minerals while migration talks "
      "continued in the capital and human rights groups asked for transparency regional security "
      "officials met to discuss border cooperation exports lithium copper tariffs agreement").split()
ES = ("el gobierno anunció nuevas medidas comerciales sobre minerales críticos mientras las "
      "conversaciones sobre migración continuaban en la capital y grupos de derechos humanos "
      "pidieron transparencia funcionarios de seguridad regional se reunieron para discutir la "
      "cooperación fronteriza exportaciones litio cobre aranceles acuerdo niños señalización").split()


def sentence(rng, words, n):
    text = " ".join(rng.choice(words) for _ in range(n))
    return text[0].upper() + text[1:] + "."


def paragraph_html(rng, words):
    sentences = " ".join(sentence(rng, words, rng.randint(8, 25)) for _ in range(rng.randint(2, 6)))
    if rng.random() < 0.3:
        sentences += ' <a href="https://example.org/%d">%s</a>' % (rng.randint(1, 10**6), rng.choice(words))
    if rng.random() < 0.2:
        sentences = "<strong>%s</strong> " % rng.choice(words) + sentences
    return "<p>%s</p>" % sentences


def date(rng):
    day = rng.randint(1, 28)
    return "%s, %02d %s 2026 %02d:%02d:%02d %s" % (
        rng.choice(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]), day,
        rng.choice(["Jan", "Feb", "Mar", "Apr", "May", "Jun"]), rng.randint(0, 23), rng.randint(0, 59),
        rng.randint(0, 59), rng.choice(["GMT", "+0000", "-0500", "EST"]))


def iso(rng):
    return "2026-%02d-%02dT%02d:%02d:%02dZ" % (rng.randint(1, 6), rng.randint(1, 28), rng.randint(0, 23),
                                                rng.randint(0, 59), rng.randint(0, 59))


def rss(rng, words, items):
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
           'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
           'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">\n<channel>\n'
           '<title>%s</title>\n<link>https://news.example.org/</link>\n<description>%s</description>\n'
           '<language>%s</language>\n<lastBuildDate>%s</lastBuildDate>\n'
           '<atom:link href="https://news.example.org/feed" rel="self" type="application/rss+xml"/>\n'
           % (escape(sentence(rng, words, 4)), escape(sentence(rng, words, 12)),
              "es" if words is ES else "en", date(rng))]
    for i in range(items):
        body = "".join(paragraph_html(rng, words) for _ in range(rng.randint(2, 12)))
        out.append('<item>\n<title>%s</title>\n<link>https://news.example.org/%d</link>\n'
                   '<guid isPermaLink="false">item-%d-%d</guid>\n<pubDate>%s</pubDate>\n'
                   '<dc:creator>%s</dc:creator>\n<category>%s</category>\n<category>%s</category>\n'
                   '<description>%s</description>\n<content:encoded><![CDATA[%s]]></content:encoded>\n'
                   % (escape(sentence(rng, words, rng.randint(5, 14))), i, rng.randint(0, 10**9), i, date(rng),
                      escape(sentence(rng, words, 2)), rng.choice(words), rng.choice(words),
                      escape(paragraph_html(rng, words)), body))
        if rng.random() < 0.1:
            out.append('<enclosure url="https://cdn.example.org/%d.mp3" type="audio/mpeg" length="%d"/>\n'
                       % (i, rng.randint(10**5, 10**8)))
        out.append('</item>\n')
    out.append('</channel>\n</rss>\n')
    return "".join(out)


def atom(rng, words, items):
    out = ['<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="%s">\n'
           '<title>%s</title>\n<link href="https://atom.example.org/"/>\n<id>tag:atom.example.org,2026:feed</id>\n'
           '<updated>%s</updated>\n' % ("es" if words is ES else "en", escape(sentence(rng, words, 4)), iso(rng))]
    for i in range(items):
        body = "".join(paragraph_html(rng, words) for _ in range(rng.randint(2, 12)))
        if rng.random() < 0.5:
            content = '<content type="html">%s</content>' % escape(body)
        else:
            content = '<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">%s</div></content>' % body
        out.append('<entry>\n<title type="html">%s</title>\n<link rel="alternate" type="text/html" '
                   'href="https://atom.example.org/%d"/>\n<id>tag:atom.example.org,2026:%d</id>\n'
                   '<published>%s</published>\n<updated>%s</updated>\n<author><name>%s</name></author>\n'
                   '<category term="%s"/>\n<summary>%s</summary>\n%s\n</entry>\n'
                   % (escape(sentence(rng, words, rng.randint(5, 14))), i, i, iso(rng), iso(rng),
                      escape(sentence(rng, words, 2)), rng.choice(words), escape(sentence(rng, words, 20)),
                      content))
    out.append('</feed>\n')
    return "".join(out)


def rdf(rng, words, items):
    out = ['<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
           'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
           '<channel rdf:about="https://rdf.example.org/"><title>%s</title><link>https://rdf.example.org/</link>'
           '<description>%s</description><dc:date>%s</dc:date></channel>\n'
           % (escape(sentence(rng, words, 4)), escape(sentence(rng, words, 10)), iso(rng))]
    for i in range(items):
        out.append('<item rdf:about="https://rdf.example.org/%d"><title>%s</title><link>https://rdf.example.org/%d</link>'
                   '<description>%s</description><dc:date>%s</dc:date><dc:creator>%s</dc:creator>'
                   '<dc:subject>%s</dc:subject></item>\n'
                   % (i, escape(sentence(rng, words, 8)), i,
                      escape("".join(paragraph_html(rng, words) for _ in range(rng.randint(1, 6)))), iso(rng),
                      escape(sentence(rng, words, 2)), rng.choice(words)))
    out.append('</rdf:RDF>\n')
    return "".join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir")
    parser.add_argument("--megabytes", type=float, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(args.outdir, exist_ok=True)
    total, n = 0, 0
    target = args.megabytes * 1024 * 1024
    while total < target:
        kind = rng.choices(["rss", "atom", "rdf"], weights=[6, 3, 1])[0]
        words = ES if rng.random() < 0.4 else EN
        # Item counts giving 5 KB .. 2 MB documents, mostly 20-300 KB.
        r = rng.random()
        items = rng.randint(1, 3) if r < 0.1 else rng.randint(5, 60) if r < 0.9 else rng.randint(150, 600)
        text = {"rss": rss, "atom": atom, "rdf": rdf}[kind](rng, words, items)
        data = text.encode("utf-8")
        path = os.path.join(args.outdir, "%05d-%s.xml" % (n, kind))
        with open(path, "wb") as handle:
            handle.write(data)
        total += len(data)
        n += 1
    print("%d files, %.1f MB in %s" % (n, total / 1048576, args.outdir))


if __name__ == "__main__":
    main()
