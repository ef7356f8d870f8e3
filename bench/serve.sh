#!/usr/bin/env bash
# Service benchmark: `ce2 serve` over the full consolidated lists (UN + OFAC + EU), loaded with
# wrk on loopback (see BENCHMARKS.md, "Service").
#
#   bench/serve.sh            # builds the release binary, prints the figures
#
# Settings (environment): RUNS (wrk runs, default 3; the median is printed), DURATION (seconds
# per run, default 30), CONNECTIONS (default 32), THREADS (wrk threads, default 2), STARTS
# (cold starts timed, default 5), CE2_BIN (a binary to measure instead of building one).
#
# The load generator and the server share the machine's cores: neither is pinned, wrk's two
# threads and the server's runtime run side by side, and the CPU each used is printed. The
# queries are names from the yente candidate-generation sets (50,000 global negatives in many
# scripts and the 683 listed UN persons, shuffled), each POSTed as a one-query /match request;
# the request bodies and the wrk script are written to a temporary folder and removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
data="${CE2_DATA:-$(cd .. && pwd)/shared/data/sanctions}"
runs="${RUNS:-3}"
duration="${DURATION:-30}"
connections="${CONNECTIONS:-32}"
threads="${THREADS:-2}"
starts="${STARTS:-5}"
[ -d "$data" ] || { echo "notice: $data is absent; nothing to measure" >&2; exit 0; }
command -v wrk > /dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 1; }
command -v python3 > /dev/null || { echo "python3 is needed (to write the request bodies)" >&2; exit 1; }

if [ -n "${CE2_BIN:-}" ]; then
  bin="$CE2_BIN"
else
  cargo build --release -q -p ce2
  bin="$PWD/target/release/ce2"
fi
work="$(mktemp -d)"
pid=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2> /dev/null; then kill -TERM "$pid"; wait "$pid" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
# A duration as wrk prints it (850.00us, 12.34ms, 1.02s) in milliseconds.
to_ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us$/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /m$/) {sub(/m$/,"",v); v*=60000} else if (v ~ /s$/) {sub(/s$/,"",v); v*=1000}; printf "%.2f\n", v}'; }
status_kb() { awk -v k="$2:" '$1==k {print $2}' "/proc/$1/status"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo), load average $(cut -d' ' -f1-3 /proc/loadavg) at the start"

# The store: the full consolidated lists, as bench/lists.sh and `ce2 bench` read them.
store="$work/s.sqlite"
"$bin" --store "$store" ingest "$data/un/un_consolidated_2026-02-27.xml" > /dev/null
"$bin" --store "$store" ingest "$data/ofac/2024-05-03/sdn.csv" "$data/ofac/2025-12-24/add.csv" \
  "$data/ofac/2025-12-24/alt.csv" "$data/ofac/2025-12-24/sdn_comments.csv" > /dev/null
"$bin" --store "$store" ingest "$data/eu/eu_reg_2017_1509_dprk_annexes_consolidated_2025-12-17.csv" > /dev/null

# The request bodies, one a line, and the wrk script that posts them in turn (each wrk thread
# starts at another place in the list).
python3 - "$data/matching/yente" "$work/bodies.jsonl" << 'EOF'
import csv, json, random, sys
folder, out = sys.argv[1], sys.argv[2]
names = []
for f in ("candgen_negatives_global.csv", "candgen_positives_un_untreated.csv"):
    with open(f"{folder}/{f}", newline="", encoding="utf-8") as fh:
        names += [r["full_name"].strip() for r in csv.DictReader(fh) if r["full_name"].strip()]
random.Random(4).shuffle(names)
with open(out, "w", encoding="utf-8") as fh:
    for n in names:
        q = {"queries": {"q1": {"schema": "Person", "properties": {"name": [n]}}}}
        fh.write(json.dumps(q, ensure_ascii=False) + "\n")
EOF
cat > "$work/match.lua" << 'EOF'
local started = 0
function setup(thread)
  thread:set("tid", started)
  started = started + 1
end
local bodies = {}
local i = 0
function init(args)
  for line in io.lines(os.getenv("CE2_BODIES")) do bodies[#bodies + 1] = line end
  i = ((tid or 0) * 7919) % #bodies
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
function request()
  i = i % #bodies + 1
  return wrk.format(nil, "/match/default", nil, bodies[i])
end
EOF
export CE2_BODIES="$work/bodies.jsonl"

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
url="http://127.0.0.1:$port"

# Start the server and wait for /readyz, polled every 10 ms; sets pid, and ready to the
# milliseconds taken.
start_server() {
  local t0
  t0="$(date +%s%N)"
  "$bin" --store "$store" serve --listen "127.0.0.1:$port" --rate-limit 0 > "$work/serve.log" 2>&1 &
  pid=$!
  ready="$(python3 - "$url/readyz" "$t0" "$pid" << 'EOF'
import os, sys, time, urllib.request
url, t0, pid = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
while time.time_ns() - t0 < 60e9:
    try:
        with urllib.request.urlopen(url, timeout=1) as r:
            if r.status == 200:
                print(round((time.time_ns() - t0) / 1e6))
                sys.exit(0)
    except OSError:
        pass
    if not os.path.exists(f"/proc/{pid}"):
        sys.exit("the server stopped before it was ready")
    time.sleep(0.01)
sys.exit("the server was not ready within 60 s")
EOF
)"
}

# Stop it with SIGTERM; it must exit 0 within 5 s. Sets stopped to the seconds it took.
stop_server() {
  kill -TERM "$pid"
  local waited=0
  while kill -0 "$pid" 2> /dev/null && [ "$waited" -lt 50 ]; do sleep 0.1; waited=$((waited + 1)); done
  if kill -0 "$pid" 2> /dev/null; then
    echo "FAIL: the server did not stop within 5 s of SIGTERM" >&2; kill -KILL "$pid"; exit 1
  fi
  local rc=0
  wait "$pid" || rc=$?
  pid=""
  [ "$rc" -eq 0 ] || { echo "FAIL: the server exited $rc on SIGTERM" >&2; cat "$work/serve.log" >&2; exit 1; }
  stopped="$(awk -v w="$waited" 'BEGIN {printf "%.1f", w / 10}')"
}

# Cold starts: process start to /readyz 200 (the store file is in the page cache).
ready_ms=()
for _ in $(seq "$starts"); do
  start_server
  ready_ms+=("$ready")
  stop_server
done
printf '%-44s %8s ms   (median of %d; runs %s)\n' "cold start to ready (/readyz 200)" \
  "$(printf '%s\n' "${ready_ms[@]}" | median)" "$starts" "${ready_ms[*]}"

# The load.
start_server
ready_rss=$(status_kb "$pid" VmRSS)
curl -sf -X POST -H 'Content-Type: application/json' "$url/match/default" \
  -d '{"queries": {"q1": {"schema": "Person", "properties": {"name": ["Kim Jong Un"]}}}}' \
  | grep -q '"match":true' || { echo "FAIL: /match found no match for Kim Jong Un" >&2; exit 1; }
wrk -t"$threads" -c"$connections" -d5s -s "$work/match.lua" "$url" > /dev/null # warm-up
rps=() p50=() p90=() p99=() srv_cpu=() wrk_cpu=() answered=0
for r in $(seq "$runs"); do
  before=$(cpu_ticks "$pid")
  /usr/bin/time -f "%U %S %e" -o "$work/wrk.time" \
    wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -s "$work/match.lua" "$url" > "$work/wrk.$r"
  after=$(cpu_ticks "$pid")
  if grep -qE 'Non-2xx|Socket errors' "$work/wrk.$r"; then
    echo "FAIL: errors under load:" >&2; cat "$work/wrk.$r" >&2; exit 1
  fi
  read -r u s e < "$work/wrk.time"
  rps+=("$(awk '/^Requests\/sec/ {print $2}' "$work/wrk.$r")")
  p50+=("$(awk '$1=="50%" {print $2}' "$work/wrk.$r" | to_ms)")
  p90+=("$(awk '$1=="90%" {print $2}' "$work/wrk.$r" | to_ms)")
  p99+=("$(awk '$1=="99%" {print $2}' "$work/wrk.$r" | to_ms)")
  answered=$((answered + $(awk '/requests in/ {print $1}' "$work/wrk.$r")))
  tck=$(getconf CLK_TCK)
  srv_cpu+=("$(awk -v a="$before" -v b="$after" -v t="$tck" -v e="$e" 'BEGIN {printf "%.0f", (b - a) / t / e * 100}')")
  wrk_cpu+=("$(awk -v u="$u" -v s="$s" -v e="$e" 'BEGIN {printf "%.0f", (u + s) / e * 100}')")
  printf '  run %d: %s req/s, p50 %s ms, p90 %s ms, p99 %s ms; CPU server %s%%, wrk %s%%\n' "$r" \
    "${rps[-1]}" "${p50[-1]}" "${p90[-1]}" "${p99[-1]}" "${srv_cpu[-1]}" "${wrk_cpu[-1]}"
done
steady_rss=$(status_kb "$pid" VmRSS)
peak_rss=$(status_kb "$pid" VmHWM)
m() { printf '%s\n' "$@" | median; }
printf '%-44s %8s req/s (median of %d runs of %s s; wrk -t%s -c%s)\n' "POST /match, one query, UN + OFAC + EU" \
  "$(m "${rps[@]}")" "$runs" "$duration" "$threads" "$connections"
printf '%-44s %8s / %s / %s ms\n' "latency p50 / p90 / p99" "$(m "${p50[@]}")" "$(m "${p90[@]}")" "$(m "${p99[@]}")"
printf '%-44s %8s%% server, %s%% wrk (of %d cores: %d%%)\n' "CPU during the runs (median)" \
  "$(m "${srv_cpu[@]}")" "$(m "${wrk_cpu[@]}")" "$(nproc)" "$(($(nproc) * 100))"
printf '%-44s %8.0f MB once ready, %.0f MB after the load, %.0f MB peak\n' "resident memory" \
  "$(awk -v k="$ready_rss" 'BEGIN {print k / 1024}')" "$(awk -v k="$steady_rss" 'BEGIN {print k / 1024}')" \
  "$(awk -v k="$peak_rss" 'BEGIN {print k / 1024}')"
stop_server
printf '%-44s %8s s, exit code 0\n' "SIGTERM to exit" "$stopped"

# Every answered /match was written to the audit log before it was answered.
logged="$("$bin" --store "$store" audit | grep -c '"action":"match"' || true)"
printf '%-44s %8s (requests answered in the measured runs: %s)\n' "audit entries for /match" "$logged" "$answered"
[ "$logged" -ge "$answered" ] || { echo "FAIL: fewer audit entries than answered requests" >&2; exit 1; }
