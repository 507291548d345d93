#!/usr/bin/env bash
# The browser suite: builds the example site, then runs every
# tests/browser/*.test.cjs with node's test runner in Debian's chromium
# (installed here with apt when missing) driven by playwright-core, with
# @axe-core/playwright for accessibility checks (npm ci).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

if [ ! -x /usr/bin/chromium ]; then
  echo "== installing Debian chromium"
  if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core fonts-liberation >/dev/null
fi
if [ ! -d "$here/node_modules/playwright-core" ] || [ ! -d "$here/node_modules/@axe-core/playwright" ]; then
  echo "== npm ci (playwright-core, @axe-core/playwright)"
  (cd "$here" && npm ci --no-audit --no-fund --silent)
fi

if [ -z "${CABLE_SITE:-}" ]; then
  echo "== building the example site"
  (cd "$repo" && cargo build --release --quiet && ./target/release/cable build)
fi
cd "$here"
node --test ./*.test.cjs
