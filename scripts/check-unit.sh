#!/usr/bin/env bash
# Checks systemd/feedwatch.service: `systemd-analyze verify` is clean and the offline security
# exposure is at most 2.0. Run by `make test`; skipped (with a note) where systemd is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
unit=systemd/feedwatch.service
binary=${1:-.build/debug/feedwatch}

if ! command -v systemd-analyze >/dev/null; then
  echo "check-unit: systemd-analyze not found; unit not checked"
  exit 0
fi

# verify wants ExecStart to exist: check a copy that points at the binary just built.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sed "s|/usr/local/bin/feedwatch|$(realpath "$binary")|" "$unit" > "$work/feedwatch.service"
if ! out=$(systemd-analyze verify "$work/feedwatch.service" 2>&1) || [ -n "$out" ]; then
  echo "check-unit: systemd-analyze verify is not clean:"
  echo "$out"
  exit 1
fi

exposure=$(systemd-analyze security --offline=yes --no-pager "$unit" 2>/dev/null \
  | sed -n 's/.*Overall exposure level for feedwatch.service: \([0-9.]*\).*/\1/p')
if [ -z "$exposure" ]; then
  echo "check-unit: could not read the exposure level"
  exit 1
fi
if awk -v e="$exposure" 'BEGIN { exit !(e > 2.0) }'; then
  echo "check-unit: exposure $exposure is above 2.0"
  exit 1
fi
echo "check-unit: verify clean, exposure $exposure (limit 2.0)"
