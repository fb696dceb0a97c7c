#!/bin/sh
# Conformance on feedparser's own test documents beyond the shared corpus.
#
# The shared corpus holds 331 of the documents of feedparser's test suite. This script fetches the
# pinned feedparser sdist from PyPI, copies every other document of its tests/wellformed,
# tests/illformed, tests/encoding and tests/entities folders into a corpus under $WORK, has the
# oracle (shared/tools/feedparser_oracle.py, same feedparser version) write the expected documents,
# and runs shared/tools/conformance.py on them with the feedwatch binary given as $FEEDWATCH_BIN.
#
#   FEEDWATCH_BIN=.build/release/feedwatch scripts/feedparser-suite.sh
#
# Results and the reasons for each disagreement: docs/conformance.md.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}
BIN=${FEEDWATCH_BIN:-$ROOT/.build/release/feedwatch}
WORK=${WORK:-/tmp/feedwatch-feedparser-suite}
VERSION=6.0.11   # the sdist that ships the tests; the oracle is shared/tools' pinned feedparser

rm -rf "$WORK" && mkdir -p "$WORK/sdist" "$WORK/venv"
python3 -m venv "$WORK/venv"
"$WORK/venv/bin/pip" install -q "feedparser==6.0.14"
"$WORK/venv/bin/pip" download -q --no-binary :all: --no-deps -d "$WORK/sdist" "feedparser==$VERSION"
tar xzf "$WORK/sdist/feedparser-$VERSION.tar.gz" -C "$WORK/sdist"
"$WORK/venv/bin/python" - "$WORK" "$SHARED" "$VERSION" <<'PY'
import json, os, shutil, sys
work, shared, version = sys.argv[1:4]
tests = os.path.join(work, "sdist", f"feedparser-{version}", "tests")
manifest = json.load(open(os.path.join(shared, "corpus", "manifest.json")))
have = {f["origin"]["path"] for f in manifest["files"]
        if f.get("origin", {}).get("repo") == "kurtmckee/feedparser"}
target = os.path.join(work, "corpus", "feeds", "feedparser-tests")
os.makedirs(target)
count = 0
for top in ("wellformed", "illformed", "encoding", "entities"):
    for dirpath, _dirs, names in os.walk(os.path.join(tests, top)):
        for name in sorted(names):
            rel = os.path.relpath(os.path.join(dirpath, name), os.path.dirname(tests))
            if rel in have or not name.endswith(".xml"):
                continue
            flat = os.path.relpath(os.path.join(dirpath, name), tests).replace(os.sep, "__")
            shutil.copy(os.path.join(dirpath, name), os.path.join(target, flat))
            count += 1
print(f"{count} documents not in the shared corpus")
PY
"$WORK/venv/bin/python" "$SHARED/tools/regen_expected.py" --corpus "$WORK/corpus"
python3 "$SHARED/tools/conformance.py" --corpus "$WORK/corpus" --cmd "$BIN parse --json" --jobs 2 --worst 60
