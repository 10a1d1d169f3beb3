#!/usr/bin/env bash
# The demo's programme page under `citybridge serve` before issue 9 (waitress: one process,
# 8 threads) and after (gunicorn: 2 workers x 1 or 2 threads, with and without gzip), in
# interleaved rounds of wrk, on one demo database. For each run: wrk's requests per second and
# latency percentiles, and the server's CPU time per request (user + system time of all its
# processes, read from /proc), which other load on the machine does not change.
#
#   bench/web_servers.sh [BEFORE [AFTER]]     (git revisions; default 179831f^ and HEAD)
#
# Needs wrk (apt-get install wrk) and, for the "before" server, waitress in the venv
# (.venv/bin/pip install waitress==3.0.2; it is no longer a dependency).
# ROUNDS (3), DURATION (8 s), CONNECTIONS (8) and URL change the runs.
set -euo pipefail
cd "$(dirname "$0")/.."
BEFORE=${1:-179831f^}
AFTER=${2:-HEAD}
WORK=$(mktemp -d)
trap 'kill $(cat "$WORK"/*.pid 2>/dev/null) 2>/dev/null || true; rm -rf "$WORK"' EXIT
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk"; exit 1; }

# Each revision's code, with this tree's compiled catalogues (build output, not in git).
for side in before after; do
  revision=$BEFORE; [ $side = after ] && revision=$AFTER
  mkdir -p "$WORK/$side"
  git archive "$revision" src | tar -x -C "$WORK/$side"
  (cd src && find citybridge/locale -name '*.mo' -exec cp {} "$WORK/$side/src/{}" \;)
done

export CITYBRIDGE_DATA_DIR=$WORK/data CITYBRIDGE_DEBUG=0 LOG_LEVEL=WARNING CITYBRIDGE_REQUEST_LOG=0
PYTHONPATH=$WORK/after/src .venv/bin/python -m citybridge.cli migrate --verbosity 0
PYTHONPATH=$WORK/after/src .venv/bin/python -m citybridge.cli load-demo >/dev/null
URL=${URL:-/en/programmes/iuc-japan/}

tree_cpu() {  # CPU ticks (1/100 s) of a process and its children
  local total=0
  for p in $(pstree -p -T "$1" | grep -o '([0-9]*)' | tr -d '()'); do
    [ -r /proc/$p/stat ] && total=$((total + $(awk '{print $14+$15}' /proc/$p/stat)))
  done
  echo $total
}
start() {  # NAME PORT CODE [serve options]
  local name=$1 port=$2 code=$3; shift 3
  PYTHONPATH=$WORK/$code/src .venv/bin/python -m citybridge.cli serve --port "$port" "$@" \
    >"$WORK/$name.log" 2>&1 &
  echo $! >"$WORK/$name.pid"
  for _ in $(seq 150); do curl -sf -o /dev/null "http://127.0.0.1:$port$URL" && return; sleep 0.2; done
  echo "$name did not start:"; cat "$WORK/$name.log"; exit 1
}
start waitress 8481 before
start g2x1 8482 after --workers 2 --threads 1
start g2x2 8483 after --workers 2 --threads 2
RUNS="waitress:8481 g2x1:8482 g2x2:8483 g2x2-gzip:8483"
for run in $RUNS; do wrk -t1 -c4 -d2s "http://127.0.0.1:${run##*:}$URL" >/dev/null; done  # warm up

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq "${ROUNDS:-3}"); do
  for run in $RUNS; do
    name=${run%%:*} port=${run##*:}
    pid=$(cat "$WORK/${name%-gzip}.pid")
    header=()
    [[ $name == *gzip ]] && header=(-H "Accept-Encoding: gzip")
    a=$(tree_cpu "$pid")
    out=$(wrk -t2 -c"${CONNECTIONS:-8}" -d"${DURATION:-8}"s --latency "${header[@]}" \
      "http://127.0.0.1:$port$URL")
    b=$(tree_cpu "$pid")
    requests=$(echo "$out" | awk '/requests in/{print $1}')
    printf "round %s %-10s %7s req/s  p50 %8s  p99 %8s  CPU %5s ms/request %s\n" "$round" "$name" \
      "$(echo "$out" | awk '/Requests\/sec/{print $2}')" "$(echo "$out" | awk '$1=="50%"{print $2}')" \
      "$(echo "$out" | awk '$1=="99%"{print $2}')" "$(echo "scale=1; ($b-$a)*10/$requests" | bc)" \
      "$(echo "$out" | grep -E 'Non-2xx|Socket errors' | tr '\n' ' ')"
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
