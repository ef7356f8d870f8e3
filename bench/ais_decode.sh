#!/usr/bin/env bash
# AIS decoding throughput on one core: ce2-ais against pyais and aiscat (PyPI), side by side on
# the USCG NAIS sample in ../shared/data (59,402 VDM/VDO sentences, 57,586 messages).
#
#   bench/ais_decode.sh             # builds the bench binary, sets up bench/out/venv, prints
#   MIN_SECS=3 bench/ais_decode.sh  # longer runs (default 2 s per decoder and input)
#
# Every decoder reads the file from memory, over and over until MIN_SECS have passed, pinned to
# CPU 0 with taskset. Two inputs: the file as logged (tag blocks, 19 `#` lines, 40,579
# `$SAVSI`/`$ARVSI` lines) and the VDM/VDO sentences alone, tag blocks stripped (made here, in
# bench/out). Each line of output is key=value pairs, with rates per wall-clock second and per
# second of the process's CPU time (the machine is shared: the CPU-time rates are the ones that
# hold from run to run); the last lines are the ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
data="$(cd .. && pwd)/shared/data/maritime/nmea/uscg-nais-maritimeviz/ais_2016_07_28_aa.nmea"
min_secs="${MIN_SECS:-2}"
[ -f "$data" ] || { echo "notice: $data is absent; nothing to measure" >&2; exit 0; }

out="$PWD/bench/out"
mkdir -p "$out"

# The Rust bench binary (release profile).
bin="$(cargo bench -q -p ce2-ais --bench ais_decode --no-run --message-format=json 2>/dev/null |
  python3 -c 'import json,sys
for l in sys.stdin:
    m = json.loads(l)
    if m.get("reason") == "compiler-artifact" and m.get("executable") and m["target"]["name"] == "ais_decode":
        print(m["executable"])')"
[ -x "$bin" ] || { echo "could not build the bench binary" >&2; exit 1; }

# pyais and aiscat in a venv of their own.
venv="$out/venv"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q pyais aiscat
fi

# The sentences alone, tag blocks stripped.
stripped="$out/uscg_sentences.nmea"
python3 - "$data" "$stripped" <<'EOF'
import sys
out = []
for line in open(sys.argv[1], "rb").read().split(b"\n"):
    s = line.rsplit(b"\\", 1)[-1].strip()
    if s.startswith(b"!") and s[3:6] in (b"VDM", b"VDO"):
        out.append(s)
open(sys.argv[2], "wb").write(b"\n".join(out) + b"\n")
EOF

echo "# $(date -u +%FT%TZ) $(uname -m), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); pinned to CPU 0; ${min_secs} s per run"
results="$out/ais_decode.txt"
: > "$results"
for input in "$data" "$stripped"; do
  taskset -c 0 "$bin" "$input" "$min_secs" | tee -a "$results"
  taskset -c 0 "$bin" "$input" "$min_secs" json | tee -a "$results"
  taskset -c 0 "$venv/bin/python" bench/ais_decode.py "$input" "$min_secs" | tee -a "$results"
done

# Ratios: ce2-ais against each other decoder, on the same input, per second of CPU time (the
# wall-clock ratio in brackets; it moves with whatever else runs on CPU 0).
python3 - "$results" <<'EOF'
import sys
rows = [dict(kv.split("=", 1) for kv in l.split()) for l in open(sys.argv[1]) if l.strip()]
for f in dict.fromkeys(r["file"] for r in rows):
    same = [r for r in rows if r["file"] == f]
    ours = next(r for r in same if r["decoder"] == "ce2-ais")
    for r in same:
        if r is ours:
            continue
        cpu = float(ours["sentences_per_cpu_s"]) / float(r["sentences_per_cpu_s"])
        wall = float(ours["sentences_per_s"]) / float(r["sentences_per_s"])
        print(f"ratio file={f} ce2-ais/{r['decoder']}={cpu:.1f}x ({wall:.1f}x wall) "
              f"messages_per_pass={ours['messages_per_pass']}/{r['messages_per_pass']}")
EOF
