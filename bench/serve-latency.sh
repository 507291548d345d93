#!/usr/bin/env bash
# bench/serve-latency.sh: how long from saving an essay to `cable serve`
# serving the changed page.
#
# Usage:  bench/serve-latency.sh [SITE] [EDITS=20]
#   bench/serve-latency.sh                 the example site (this repository)
#   bench/serve-latency.sh 10000           a generated corpus of 10,000 essays
#   bench/serve-latency.sh path/to/site    any site folder (holding site.toml)
#
# What it does:
#   1. builds Cable in release mode;
#   2. for a number N, uses $BENCH_DIR/cable-N, generating it first with
#      ../shared/bench/gencorpus.py --essays N --flavor cable when missing;
#   3. hands over to bench/serve-latency.py, which copies the site to a
#      temporary folder (the source is never modified), starts
#      `cable serve --port 0` on it, then EDITS times: appends a unique
#      sentence to one essay, and polls the served essay page (every 2 ms)
#      until it contains the sentence; prints each time and the median, min
#      and max in ms, and the rebuild times `serve` reported.
#
# Environment: BENCH_DIR (default /tmp/cable-bench), BENCH_SEED (default 1).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
site="${1:-$repo}"
edits="${2:-20}"
bench_dir="${BENCH_DIR:-/tmp/cable-bench}"

echo "==> cargo build --release" >&2
(cd "$repo" && cargo build --release --quiet)

if [[ "$site" =~ ^[0-9]+$ ]]; then
  essays="$site"
  site="$bench_dir/cable-$essays"
  if [ ! -f "$site/site.toml" ]; then
    echo "==> generating $essays essays into $site" >&2
    mkdir -p "$bench_dir"
    python3 "$repo/../shared/bench/gencorpus.py" --essays "$essays" --out "$site" \
      --flavor cable --seed "${BENCH_SEED:-1}"
  fi
fi
[ -f "$site/site.toml" ] || { echo "serve-latency.sh: no site.toml in $site" >&2; exit 1; }

exec python3 "$here/serve-latency.py" --cable "$repo/target/release/cable" --site "$site" --edits "$edits"
