#!/usr/bin/env bash
# The whole test suite N times in a row (3 by default) on a fresh clone of HEAD, on both backends:
# the duration of each run and its peak memory, sampled from /proc every second as the summed RSS
# of the vitest process tree (the figure that matters on a shared machine), plus the largest single
# process's maxrss from /usr/bin/time. Usage: bench/suite-runs.sh [runs] [postgres|pglite|both]
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-3}"
which="${2:-both}"
work="$(mktemp -d /tmp/retail-suite-runs.XXXXXX)"
git clone -q "$repo" "$work/clone"
cd "$work/clone"
# shellcheck source=../scripts/use-node.sh
source ./scripts/use-node.sh >/dev/null
npm ci --no-audit --no-fund >/dev/null

# Summed RSS (kB) of a process and all its descendants.
tree_rss() {
  local pids
  pids="$(ps -o pid= --ppid "$1" 2>/dev/null | tr '\n' ' ')"
  local total
  total="$(awk '/^VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0)"
  for p in $pids; do total=$((total + $(tree_rss "$p"))); done
  echo "${total:-0}"
}

run_once() { # backend run-number
  local backend="$1" n="$2" db="" env=()
  if [ "$backend" = postgres ]; then
    db="retail_suite_runs_$$_$n"
    psql -h 127.0.0.1 -U postgres -qc "create database ${db}"
    env=(TEST_DATABASE_URL="postgres://postgres@127.0.0.1:5432/${db}")
  else
    env=(TEST_BACKEND=pglite)
  fi
  local log="$work/${backend}-${n}.log" start peak=0
  start=$(date +%s.%N)
  env "${env[@]}" /usr/bin/time -f '%M' -o "$work/maxrss" npm test >"$log" 2>&1 &
  local pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    local rss
    rss=$(tree_rss "$pid")
    [ "$rss" -gt "$peak" ] && peak=$rss
    sleep 1
  done
  local rc=0
  wait "$pid" || rc=$?
  local secs
  secs=$(echo "$(date +%s.%N) - $start" | bc)
  local tests
  tests=$(sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -E '^ +Tests ' | tail -1 | sed 's/^ *Tests *//')
  printf '| %s | %d | %s | %.0f s | %d MB | %d MB | %s |\n' "$backend" "$n" "$([ $rc = 0 ] && echo pass || echo "FAIL ($rc)")" "$secs" \
    $((peak / 1024)) $(($(cat "$work/maxrss") / 1024)) "$tests"
  [ -n "$db" ] && psql -h 127.0.0.1 -U postgres -qc "drop database if exists ${db} with (force)" >/dev/null
  return 0
}

echo "| backend | run | result | duration | peak RSS, process tree | largest process maxrss | tests |"
echo "|---|---:|---|---:|---:|---:|---|"
for backend in postgres pglite; do
  [ "$which" = both ] || [ "$which" = "$backend" ] || continue
  for n in $(seq 1 "$runs"); do run_once "$backend" "$n"; done
done
echo "logs: $work"
