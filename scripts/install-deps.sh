#!/usr/bin/env bash
# Installs what building and testing feedwatch needs on Debian/Ubuntu, skipping what is present.
# Usage: scripts/install-deps.sh [--test]   (--test adds what the test suite needs)
set -euo pipefail

packages=(pkg-config libcurl4-openssl-dev libxml2-dev libstemmer-dev libsqlite3-dev python3)
if [ "${1:-}" = "--test" ]; then
  packages+=(python3-pip)
fi

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
# python3 may come from elsewhere (pyenv); only ask apt for it when there is none at all.
if command -v python3 >/dev/null; then
  missing=("${missing[@]/python3}")
  if python3 -m pip --version >/dev/null 2>&1; then missing=("${missing[@]/python3-pip}"); fi
fi
missing=($(printf '%s\n' "${missing[@]}" | grep -v '^$' || true))

if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi

if [ "${1:-}" = "--test" ]; then
  # The tests start a real SMTP server on 127.0.0.1 (aiosmtpd).
  if ! python3 -c 'import aiosmtpd' 2>/dev/null; then
    python3 -m pip install --quiet aiosmtpd 2>/dev/null \
      || python3 -m pip install --quiet --break-system-packages aiosmtpd
  fi
fi
