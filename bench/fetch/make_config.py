#!/usr/bin/env python3
"""Writes a feeds.yml for the whole-pipeline benchmark: the settings, notify and topics of the project's
feeds.yml (its default topics), with `feeds:` replaced by the N benchmark URLs (loopback, so each is
allowed to reach a private address) and the concurrency raised to curl's --parallel-max.

Usage: make_config.py SOURCE_FEEDS_YML URL_FILE STATE_DIR OUTPUT PER_HOST"""
import re
import sys

source, url_file, state_dir, output, per_host = sys.argv[1:6]
text = open(source).read()
# The top-level sections, by their unindented keys.
sections = dict(re.findall(r"(?ms)^(\w+):\n(.*?)(?=^\w+:|\Z)", text))
settings = "".join(
    line + "\n" for line in sections["settings"].splitlines()
    if not re.match(r"\s*(concurrency|per_host|state_dir)\s*:", line))
urls = [line.strip() for line in open(url_file) if line.strip()]
with open(output, "w") as f:
    f.write("settings:\n" + settings)
    f.write("  concurrency: 64\n  per_host: %s\n  state_dir: %s\n" % (per_host, state_dir))
    f.write("notify:\n" + sections.get("notify", "  log: true\n"))
    f.write("feeds:\n")
    for url in urls:
        f.write("  - {url: %s, allow_private: true}\n" % url)
    f.write("topics:\n" + sections["topics"])
