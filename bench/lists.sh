#!/usr/bin/env bash
# Ingest and diff benchmarks on the real lists in ../shared/data (see BENCHMARKS.md).
#
#   bench/lists.sh            # builds the release binary, prints one line per measurement
#
# Each measurement runs the release binary on a fresh store (except the diff, which needs two
# versions) and reports wall time and peak resident memory from GNU time. Runs RUNS times
# (default 5) and prints the median.
set -euo pipefail
cd "$(dirname "$0")/.."
data="$(cd .. && pwd)/shared/data/sanctions"
runs="${RUNS:-5}"
[ -d "$data" ] || { echo "notice: $data is absent; nothing to measure" >&2; exit 0; }

cargo build --release -q -p ce2
bin="$PWD/target/release/ce2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# median of a list of numbers
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

measure() { # name, then the ce2 arguments; a fresh store per run
  local name="$1"; shift
  local secs=() kbs=()
  for i in $(seq "$runs"); do
    rm -f "$work"/s.sqlite*
    /usr/bin/time -f "%e %M" -o "$work/t" "$bin" --store "$work/s.sqlite" "$@" > /dev/null
    read -r s kb < "$work/t"; secs+=("$s"); kbs+=("$kb")
  done
  printf '%-44s %8.2f s %8.0f MB   (median of %d)\n' "$name" \
    "$(printf '%s\n' "${secs[@]}" | median)" "$(printf '%s\n' "${kbs[@]}" | median | awk '{print $1/1024}')" "$runs"
}

measure "ingest UN consolidated XML (2026-02-27)" ingest "$data/un/un_consolidated_2026-02-27.xml"
measure "ingest OFAC CSV set (2021-07-07, 4 files)" ingest "$data/ofac/2021-07-07_bench"
measure "ingest OFAC sdn.csv 2024 + 2025 companions" ingest "$data/ofac/2024-05-03/sdn.csv" \
  "$data/ofac/2025-12-24/add.csv" "$data/ofac/2025-12-24/alt.csv" "$data/ofac/2025-12-24/sdn_comments.csv"
measure "ingest EU DPRK annexes (journal CSV)" ingest "$data/eu/eu_reg_2017_1509_dprk_annexes_consolidated_2025-12-17.csv"
if [ -n "${CE2_OFAC_ADVANCED_XML:-}" ] && [ -f "$CE2_OFAC_ADVANCED_XML" ]; then
  measure "ingest OFAC SDN_ADVANCED.XML (121 MB)" ingest "$CE2_OFAC_ADVANCED_XML"
fi

# Diff between two OFAC versions: 2021-07-07 then 2024-05-03 (+2025 companions).
rm -f "$work"/d.sqlite*
"$bin" --store "$work/d.sqlite" ingest "$data/ofac/2021-07-07_bench" > /dev/null
"$bin" --store "$work/d.sqlite" ingest "$data/ofac/2024-05-03/sdn.csv" "$data/ofac/2025-12-24/add.csv" \
  "$data/ofac/2025-12-24/alt.csv" "$data/ofac/2025-12-24/sdn_comments.csv" > /dev/null
secs=()
for i in $(seq "$runs"); do
  /usr/bin/time -f "%e %M" -o "$work/t" "$bin" --store "$work/d.sqlite" --json diff us_ofac_sdn > "$work/diff.json"
  read -r s kb < "$work/t"; secs+=("$s")
done
printf '%-44s %8.2f s   (median of %d; %s)\n' "diff OFAC 2021-07-07 → 2024-05-03" \
  "$(printf '%s\n' "${secs[@]}" | median)" "$runs" \
  "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d["added"]), "added,", len(d["removed"]), "removed,", len(d["changed"]), "changed")' "$work/diff.json")"
