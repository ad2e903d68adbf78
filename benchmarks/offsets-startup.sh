#!/usr/bin/env bash
# The start-up cost of a full __consumer_offsets: how long a broker takes to answer its first ApiVersions on an empty
# data directory, and after RECORDS offset commits over PARTITIONS partitions of one group and a clean restart; then
# the three slowest loads of a partition of __consumer_offsets, which run in the background after the start.
# Usage: benchmarks/offsets-startup.sh [RECORDS] [PARTITIONS]   (after mvn package; about 5 minutes for 2,000,000)
set -euo pipefail
cd "$(dirname "$0")/.."
records="${1:-2000000}"
partitions="${2:-100}"
home="distribution/target/broker-0.1.0-SNAPSHOT"
probe="${KPROBE:-../shared/bench/kprobe.sh}"
work="$(mktemp -d)"
port=19092
trap 'kill $(jobs -p) 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
echo "work directory: $work"
printf 'listeners = "PLAINTEXT://127.0.0.1:%s"\nlog.dirs = "%s/data"\n%s\n' "$port" "$work" "${EXTRA_CONFIG:-}" \
    > "$work/broker.conf"

# start_broker NAME: starts the broker; sets started_ms to the milliseconds until it answered ApiVersions
start_broker() {
  local start=$(date +%s%N)
  "$home/bin/broker" "$work/broker.conf" > "$work/broker-$1.log" 2>&1 &
  broker=$!
  until "$probe" "127.0.0.1:$port" 1; do sleep 0.02; done
  started_ms=$(( ($(date +%s%N) - start) / 1000000 ))
}

stop_broker() {
  kill -TERM "$broker"
  wait "$broker" || true
}

start_broker empty; empty_ms=$started_ms; stop_broker
rm -rf "$work/data"
start_broker empty-again; empty_again_ms=$started_ms; stop_broker
rm -rf "$work/data"
start_broker fill
java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp benchmarks/target/benchmarks.jar \
    dev.ferry.benchmarks.offsets.CommitOffsets "127.0.0.1:$port" \
    "$records" "$partitions"
sleep "${SETTLE_SECONDS:-20}"   # let the log cleaner take what it can before the stop
grep -c "Cleaned log __consumer_offsets" "$work/broker-fill.log" | sed 's/^/cleanings of __consumer_offsets: /' || true
stop_broker
bytes=$(find "$work/data" -path '*__consumer_offsets-*' -name '*.log' -exec cat {} + | wc -c)
start_broker full; full_ms=$started_ms
sleep 5   # the groups load in the background once the broker answers
grep "Loaded the group coordinator state" "$work/broker-full.log" | sed 's/^.* - //' | sort -t' ' -k9 -n | tail -3
stop_broker
echo "first ApiVersions: empty data directory ${empty_ms} ms and ${empty_again_ms} ms; after ${records} commits ${full_ms} ms"
echo "__consumer_offsets on disk before the restart: ${bytes} bytes"
