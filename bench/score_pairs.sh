#!/usr/bin/env bash
# `ce2 score-pairs` end to end on one core (see BENCHMARKS.md, Screening).
#
#   bench/score_pairs.sh          # builds the release binary, prints pairs/s (median of RUNS)
#
# The input is built at run time from ../shared/data (or CE2_SHARED_DATA) into a temporary
# folder, never into the repository: 100,000 rows `schema,name1,name2`, all persons. name1 is
# every full name of the yente global and US negatives (100,000 distinct names, many in Arabic,
# Persian, Hebrew and Thai script); name2 is, row by row in turn, a UN-listed name (untreated
# and treated forms of the yente positives), the same party written family name first in
# capitals (`WHEELER, Patricia Lucas`), and a name of the other negative file, so that most
# names are distinct and a cache of repeated names is not what is measured.
#
# Each run is `taskset -c 0 target/release/ce2 score-pairs` (one core), CSV in and CSV out
# with the score, match and explanation columns, process start included. Runs RUNS times
# (default 3) and prints the median; then the same without the explanation column
# (`--no-explanation`). KEEP=1 keeps the input and the outputs and prints where they are;
# CE2_BIN=path measures that binary instead of building this tree's.
set -euo pipefail
cd "$(dirname "$0")/.."
data="${CE2_SHARED_DATA:-$(cd .. && pwd)/shared/data}/sanctions/matching/yente"
runs="${RUNS:-3}"
[ -d "$data" ] || { echo "notice: $data is absent; nothing to measure" >&2; exit 0; }

if [ -n "${CE2_BIN:-}" ]; then
  bin="$CE2_BIN" # another build to compare with, as it is
else
  cargo build --release -q -p ce2
  bin="$PWD/target/release/ce2"
fi
work="$(mktemp -d "${TMPDIR:-/tmp}/ce2-score-pairs.XXXXXX")"
if [ "${KEEP:-0}" = 1 ]; then
  echo "input and outputs kept in $work" >&2
else
  trap 'rm -rf "$work"' EXIT
fi
input="$work/pairs.csv"

python3 - "$data" "$input" <<'EOF'
import csv, sys
data, out = sys.argv[1], sys.argv[2]

def rows(name):
    with open(f"{data}/{name}", newline="", encoding="utf-8") as f:
        return [r for r in csv.DictReader(f) if r["full_name"].strip()]

neg = rows("candgen_negatives_global.csv") + rows("candgen_negatives_us.csv")
pos = [r["full_name"] for r in rows("candgen_positives_un_untreated.csv") + rows("candgen_positives_un_treated.csv")]
n = 100_000
half = len(neg) // 2

def family_first(r):
    given = " ".join(p for p in (r["first_name"], r["middle_name"]) if p.strip())
    last = r["last_name"].strip()
    if not last or not given:
        return r["full_name"].upper()
    return f"{last.upper()}, {given}"

names = set()
with open(out, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["schema", "name1", "name2"])
    for i in range(n):
        r = neg[i % len(neg)]
        kind = i % 4
        if kind == 0:
            other = pos[(i // 4) % len(pos)]
        elif kind == 1:
            other = family_first(r)
        else:
            other = neg[(i + half) % len(neg)]["full_name"]
        names.update((r["full_name"], other))
        w.writerow(["Person", r["full_name"], other])
print(f"input: {n} pairs, {len(names)} distinct names of {2 * n}", file=sys.stderr)
EOF

# median of a list of numbers
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

measure() { # label, output file, then extra score-pairs arguments
  local label="$1" out="$2"; shift 2
  local rates=()
  for _ in $(seq "$runs"); do
    local t0 t1
    t0=$(date +%s.%N)
    taskset -c 0 "$bin" score-pairs --input "$input" -o "$out" "$@" 2> "$work/err"
    t1=$(date +%s.%N)
    rates+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.0f", 100000 / (b - a)}')")
  done
  printf '%-52s %8s pairs/s   (median of %d: %s)\n' "$label" \
    "$(printf '%s\n' "${rates[@]}" | median)" "$runs" "${rates[*]}"
}

measure "score-pairs, 100,000 pairs, one core" "$work/out.csv"
if "$bin" score-pairs --help | grep -q -- --no-explanation; then
  measure "same, without the explanation column" "$work/out_noexp.csv" --no-explanation
fi
