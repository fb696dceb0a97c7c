#!/usr/bin/env bash
# Fetcher benchmark: N feeds served by nginx on 127.0.0.1 (ETag, Last-Modified, gzip), each tool run
# twice: a first pass of 200s and a second of 304s (conditional GET). Tools:
# - `feedwatch run --once`: the whole pipeline (fetch, parse, classify against the default topics of
#   the project's feeds.yml, store), from a fresh state directory; the second pass reuses that state;
# - `feedwatch fetch --json --url-file`: the fetch stage alone;
# - `curl --parallel --parallel-max 64`: the transport floor (decodes gzip, parses nothing);
# - newsboat (`newsboat -x reload`, apt: newsboat): the libcurl-based reader a user might pick instead,
#   with a fresh cache for the first pass (NEWSBOAT=0 leaves it out).
# Feeds (bench/fetch/make_feeds.py): `typical` (30 items, 33 KB, 12 KB gzipped, varied text, like a
# news site's feed) and `small` (20 one-line items, 6 KB, the same text in every file, 0.6 KB
# gzipped: per-item costs against almost no transfer); FEED_KINDS="typical" or "small" runs one.
# Usage: bench/fetch/run.sh [N...]   (default: 1000 5000). Needs nginx (apt: nginx-light) and curl;
# FEEDWATCH_BIN=path measures that binary instead of a fresh release build, which is built as
# `make build` builds the installed binary (Swift runtime linked statically, `make link-flags`: it
# starts with less dynamic linking; measure that one, not a plain `swift build -c release`).
# Prints a Markdown table: wall seconds (best of RUNS=3, to the millisecond), CPU seconds and peak RSS
# for each tool and pass, then the whole pipeline's ratios to curl (the targets of issue 4).
# PRIORITY=realtime runs nginx and every measured command under `chrt -f 50` (root or CAP_SYS_NICE):
# other processes of the machine (builds, tests) then wait while a pass runs, so a shared machine's
# wall times come closer to a quiet one's (the hypervisor's own noise stays).
# MEASURE=instructions counts instructions instead (valgrind's callgrind, one run each, apt: valgrind):
# the same on a loaded machine as on a quiet one, so a change can be judged where wall time is noise.
# The table's cells are then millions of instructions (all processes of the command); newsboat is left out (NEWSBOAT=0), and callgrind is slow
# (a first pass over 1,000 typical feeds takes a few minutes), so pass one count: run.sh 1000.
set -euo pipefail
cd "$(dirname "$0")/../.."
counts=("$@")
[ $# -gt 0 ] || counts=(1000 5000)
read -r -a kinds <<<"${FEED_KINDS:-typical small}"

command -v nginx >/dev/null || { echo "nginx is needed: apt-get install nginx-light" >&2; exit 69; }
# FEEDWATCH_BIN: an already built binary to measure instead of building one.
if [ -n "${FEEDWATCH_BIN:-}" ]; then
  feedwatch="$FEEDWATCH_BIN"
else
  # shellcheck disable=SC2046  # the flags are separate words
  swift build -c release --product feedwatch --static-swift-stdlib $(make -s link-flags) >/dev/null
  feedwatch="$(swift build -c release --static-swift-stdlib $(make -s link-flags) --show-bin-path)/feedwatch"
fi

work="$(mktemp -d /tmp/feedwatch-bench-fetch.XXXXXX)"
chmod 755 "$work"  # nginx workers run as an unprivileged user
if [ "${MEASURE:-time}" = instructions ]; then
  command -v valgrind >/dev/null || { echo "MEASURE=instructions needs valgrind: apt-get install valgrind" >&2; exit 69; }
  # valgrind gives up on the Swift binary's debug information; a copy without it runs the same code.
  strip --strip-debug -o "$work/feedwatch" "$feedwatch"
  feedwatch="$work/feedwatch"
  NEWSBOAT=0
fi
nginx_pid=""
cleanup() {
  if [ -n "$nginx_pid" ] && kill -0 "$nginx_pid" 2>/dev/null; then kill "$nginx_pid"; fi
  rm -rf "$work"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
for kind in "${kinds[@]}"; do
  case "$kind" in
    small) python3 bench/fetch/make_feeds.py "$work/www" "${counts[@]}" ;;
    typical) python3 bench/fetch/make_feeds.py --typical "$work/www" "${counts[@]}" ;;
    *) echo "FEED_KINDS: unknown kind '$kind'; use typical and/or small" >&2; exit 64 ;;
  esac
done
mkdir -p "$work/tmp"
cat > "$work/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $work/nginx.pid;
error_log $work/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/tmp/body; proxy_temp_path $work/tmp/proxy; fastcgi_temp_path $work/tmp/fcgi;
  uwsgi_temp_path $work/tmp/uwsgi; scgi_temp_path $work/tmp/scgi;
  types { application/rss+xml xml; }
  keepalive_requests 100000;
  etag on;
  gzip on; gzip_types application/rss+xml; gzip_min_length 256;
  server { listen 127.0.0.1:$port; root $work/www; }
}
CONF
# PRIORITY=realtime: the commands below, nginx included, run before any other process of the machine.
rt=()
if [ "${PRIORITY:-normal}" = realtime ]; then
  chrt -f 50 true 2>/dev/null || { echo "PRIORITY=realtime needs chrt and root (or CAP_SYS_NICE)" >&2; exit 69; }
  rt=(chrt -f 50)
fi
"${rt[@]}" nginx -c "$work/nginx.conf" -e "$work/error.log" &
nginx_pid=$!
# Any answer (the root is a 403) means nginx is up.
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null && break; sleep 0.05; done

# A kind's URL prefix: small feeds at /N/, typical ones at /typical/N/.
prefix() { if [ "$1" = small ]; then echo "http://127.0.0.1:$port"; else echo "http://127.0.0.1:$port/$1"; fi; }

# The best of three runs of a command, as "WALL_SECONDS CPU_SECONDS PEAK_RSS_KB" (the machine is shared,
# so the best wall time is the least disturbed; CPU seconds are user + system).
measure() {
  if [ "${MEASURE:-time}" = instructions ]; then
    valgrind --tool=callgrind --trace-children=yes --callgrind-out-file=/dev/null "$@" >/dev/null 2>"$work/callgrind.txt" || true
    # One "I refs" line per process; the cell is their sum in millions (the other columns are 0).
    awk '/I[ ]+refs:/ { gsub(",", "", $NF); total += $NF } END { printf "%.0f 0 0", total / 1e6 }' "$work/callgrind.txt"
    return
  fi
  local best=""
  for _ in $(seq "${RUNS:-3}"); do
    # Wall time from bash's microsecond clock around the run (time's %e has 10 ms steps, too coarse
    # for a 50 ms pass); CPU and peak RSS from time. Both tools pay the same wrapper.
    local start=$EPOCHREALTIME
    "${rt[@]}" /usr/bin/time -o "$work/time.txt" -f '%e %U %S %M' "$@" >/dev/null 2>"$work/stderr.txt" || true
    local end=$EPOCHREALTIME
    local line
    line=$(tail -1 "$work/time.txt" | awk -v s="$start" -v e="$end" '{printf "%.3f %.2f %d", e - s, $2 + $3, $4}')
    if [ -z "$best" ] || awk -v a="${line%% *}" -v b="${best%% *}" 'BEGIN{exit !(a < b)}'; then best="$line"; fi
  done
  echo "$best"
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
# One table row from two `measure` results: the larger peak RSS of the two passes.
report() {
  local wall1 cpu1 rss1 wall2 cpu2 rss2
  read -r wall1 cpu1 rss1 <<<"$3"
  read -r wall2 cpu2 rss2 <<<"$4"
  if [ "${MEASURE:-time}" = instructions ]; then
    echo "| $1 | $2 | $wall1 | $wall2 | - |"
    return
  fi
  echo "| $1 | $2 | $wall1 ($cpu1) | $wall2 ($cpu2) | $(( (rss1 > rss2 ? rss1 : rss2) / 1024 )) |"
}

if [ "${MEASURE:-time}" = instructions ]; then
  echo "| feeds | tool | 200 pass: M instructions | 304 pass: M instructions | - |"
else
  echo "| feeds | tool | 200 pass: wall s (CPU s) | 304 pass: wall s (CPU s) | peak RSS (MB) |"
fi
echo "| ---: | --- | ---: | ---: | ---: |"
ratios=()
for kind in "${kinds[@]}"; do
for n in "${counts[@]}"; do
  base="$(prefix "$kind")/$n"
  # Every feed file of a kind has the same size and mtime, so one ETag fits all (nginx's is mtime-size).
  etag=$(curl -fsI "$base/0.xml" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag"{print $2}')
  for ((i = 0; i < n; i++)); do echo "$base/$i.xml"; done > "$work/urls.txt"
  awk '{print "url = " $0; print "output = /dev/null"}' "$work/urls.txt" > "$work/curl-200.cfg"
  # The whole pipeline: a fresh state directory for every 200 pass; the 304 passes reuse the last one.
  python3 bench/fetch/make_config.py feeds.yml "$work/urls.txt" "$work/state" "$work/feeds.yml" 64
  run_once() { rm -rf "$work/state"; "$feedwatch" run --once --log-level warning --config "$work/feeds.yml"; }
  export -f run_once; export feedwatch work
  if [ "${MEASURE:-time}" = instructions ]; then
    # One run, so the state directory is emptied here (bash under valgrind does not see exported functions).
    rm -rf "$work/state"
    first=$(measure "$feedwatch" run --once --log-level warning --config "$work/feeds.yml")
  else
    first=$(measure bash -c run_once)
  fi
  second=$(measure "$feedwatch" run --once --log-level warning --config "$work/feeds.yml")
  report "$n $kind" '`feedwatch run --once` (whole pipeline)' "$first" "$second"
  pipeline_first=${first%% *} pipeline_second=${second%% *}
  for per_host in 2 64; do
    first=$(measure "$feedwatch" fetch --json --allow-host "127.0.0.1:$port" --concurrency 64 --per-host "$per_host" --url-file "$work/urls.txt")
    second=$(measure "$feedwatch" fetch --json --allow-host "127.0.0.1:$port" --concurrency 64 --per-host "$per_host" --etag "$etag" --url-file "$work/urls.txt")
    report "$n $kind" "\`feedwatch fetch --json\` (per-host $per_host)" "$first" "$second"
  done
  first=$(measure curl -s --compressed --parallel --parallel-max 64 -K "$work/curl-200.cfg")
  second=$(measure curl -s --compressed --parallel --parallel-max 64 -H "If-None-Match: $etag" -K "$work/curl-200.cfg")
  report "$n $kind" '`curl --parallel --parallel-max 64`' "$first" "$second"
  ratios+=("$(awk -v k="$n $kind" -v a="$pipeline_first" -v b="${first%% *}" -v c="$pipeline_second" -v d="${second%% *}" \
    'BEGIN { printf "| %s | %.2fx | %.2fx |", k, a / b, c / d }')")
  if [ "${NEWSBOAT:-1}" != 0 ] && command -v newsboat >/dev/null; then
    # newsboat keeps its validators in its cache: a fresh cache for the 200 pass, the same one after.
    # One run each (it is slow); reload-threads 64 as curl's parallelism (its default is 1).
    printf 'reload-threads 64\n' > "$work/newsboat.conf"
    cp "$work/urls.txt" "$work/newsboat-urls"
    newsboat_reload() { newsboat -x reload -u "$work/newsboat-urls" -C "$work/newsboat.conf" -c "$work/newsboat.db"; }
    export -f newsboat_reload
    rm -f "$work/newsboat.db" "$work/newsboat.db.lock"
    first=$(RUNS=1 measure bash -c newsboat_reload)
    second=$(RUNS=1 measure bash -c newsboat_reload)
    report "$n $kind" '`newsboat -x reload` (reload-threads 64)' "$first" "$second"
  fi
done
done
if [ "${MEASURE:-time}" != instructions ]; then
  echo
  echo "| feeds | run --once / curl, 200 pass (target 3x) | 304 pass (target 1.5x) |"
  echo "| ---: | ---: | ---: |"
  printf '%s\n' "${ratios[@]}"
fi
# Sanity (on the last kind and the first count): the 304 pass really is all 304s and the 200 pass all
# 200s, and what the whole pipeline stored.
n=${counts[0]}
base="$(prefix "${kinds[-1]}")/$n"
etag=$(curl -fsI "$base/0.xml" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag"{print $2}')
for ((i = 0; i < n; i++)); do echo "$base/$i.xml"; done > "$work/urls.txt"
python3 bench/fetch/make_config.py feeds.yml "$work/urls.txt" "$work/state" "$work/feeds.yml" 64
ok=$("$feedwatch" fetch --json --allow-host "127.0.0.1:$port" --url-file "$work/urls.txt" | grep -c '"status":200' || true)
same=$("$feedwatch" fetch --json --allow-host "127.0.0.1:$port" --etag "$etag" --url-file "$work/urls.txt" | grep -c '"status":304' || true)
echo
echo "check: $ok of $n answered 200, $same of $n answered 304 to the stored ETag ($etag)"
rm -rf "$work/state"
"$feedwatch" run --once --log-level warning --config "$work/feeds.yml" 2>/dev/null
"$feedwatch" status --json --config "$work/feeds.yml" > "$work/status.json" 2>/dev/null || true
python3 - "$work/status.json" <<'PY'
import json, sys
try:
    status = json.load(open(sys.argv[1]))
except Exception as error:
    print("check: status --json unreadable:", error); sys.exit()
feeds = status.get("feeds", [])
items = sum(feed.get("items_seen", feed.get("items", 0)) or 0 for feed in feeds)
failing = sum(1 for feed in feeds if feed.get("last_error") or feed.get("error"))
print("check: run --once stored %d items from %d feeds (%d failing) of the last N" % (items, len(feeds), failing))
PY
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
