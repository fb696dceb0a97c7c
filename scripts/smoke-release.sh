#!/usr/bin/env bash
# Checks the binary `make build` installs, which the tests (a debug build) do not run: it is linked
# differently (static Swift runtime, `make link-flags`), so this proves that link works end to end.
# - `--version` and `check` of the shipped feeds.yml (configuration, every topic query compiled);
# - `parse --json` of every parser fixture gives its golden document byte for byte;
# - `run --once` over a feed served on 127.0.0.1 stores its items, and a second pass is all 304s.
# Usage: scripts/smoke-release.sh [BINARY]   (default .build/release/feedwatch). Run by `make smoke`.
set -euo pipefail
cd "$(dirname "$0")/.."
binary=$(realpath "${1:-.build/release/feedwatch}")
work=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "smoke: $*" >&2; exit 1; }

"$binary" --version >/dev/null || fail "--version failed"
"$binary" check --config feeds.yml >/dev/null || fail "check --config feeds.yml failed"

# The fixtures' golden documents were made with this base URL (Tests/FeedwatchParseTests/FixtureTests.swift).
fixtures=Tests/FeedwatchParseTests/Fixtures
count=0
for golden in "$fixtures"/*.golden.json; do
  stem=${golden%.golden.json}
  document=""
  for candidate in "$stem".xml "$stem".json; do
    if [ -f "$candidate" ]; then document=$candidate; fi
  done
  [ -n "$document" ] || fail "no document beside $golden"
  "$binary" parse --json --base-url https://example.org/feeds/main.xml "$document" >"$work/parsed.json" 2>/dev/null \
    || fail "parse --json $document failed"
  cmp -s <(tr -d '\n' <"$work/parsed.json") <(tr -d '\n' <"$golden") || fail "parse --json $document differs from $golden"
  count=$((count + 1))
done
[ "$count" -gt 0 ] || fail "no golden fixtures found in $fixtures"

# One pass over a feed on loopback (python's http.server sends Last-Modified, so the second pass
# asks conditionally and gets 304s), with a fresh state directory.
mkdir -p "$work/www" "$work/state"
cp "$fixtures/rss_guid_permalink.xml" "$work/www/feed.xml"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work/www" >/dev/null 2>&1 &
server=$!
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/feed.xml" && break; sleep 0.05; done
cat >"$work/feeds.yml" <<YAML
settings:
  state_dir: $work/state
feeds:
  - {url: "http://127.0.0.1:$port/feed.xml", allow_private: true}
topics:
  anything:
    query: "the OR a OR feed"
YAML
"$binary" run --once --log-level warning --config "$work/feeds.yml" || fail "run --once (first pass) failed"
"$binary" run --once --log-level warning --config "$work/feeds.yml" || fail "run --once (second pass) failed"
"$binary" status --json --config "$work/feeds.yml" >"$work/status.json" || fail "status --json failed"
python3 - "$work/status.json" <<'PY' || fail "status after two passes is not what they should leave"
import json, sys
status = json.load(open(sys.argv[1]))
feeds = status["feeds"]
assert len(feeds) == 1, feeds
feed = feeds[0]
assert feed["items"] == 3, feed  # the fixture's three items, stored once
assert feed["result"] == "not modified" and feed["consecutiveFailures"] == 0, feed
PY
echo "smoke: $binary: version, check, $count golden parses, two passes over a loopback feed"
