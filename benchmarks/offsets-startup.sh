#!/usr/bin/env bash
# The start-up cost of a full __consumer_offsets: how long a broker takes to answer its first ApiVersions on an empty
# data directory, and after RECORDS offset commits over PARTITIONS partitions of one group and a clean restart.
# Usage: benchmarks/offsets-startup.sh [RECORDS] [PARTITIONS]   (after mvn package; about 5 minutes for 2,000,000)
set -euo pipefail
cd "$(dirname "$0")/.."
records="${1:-2000000}"
partitions="${2:-100}"
home="distribution/target/broker-0.1.0-SNAPSHOT"
probe="${KPROBE:-../shared/bench/kprobe.sh}"
work="$(mktemp -d)"
port=19092
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
printf 'listeners = "PLAINTEXT://127.0.0.1:%s"\nlog.dirs = "%s/data"\n%s\n' "$port" "$work" "${EXTRA_CONFIG:-}" \
    > "$work/broker.conf"

# start_broker: starts the broker and prints the milliseconds until it answers ApiVersions
start_broker() {
  local start=$(date +%s%N)
  "$home/bin/broker" "$work/broker.conf" > "$work/broker-$1.log" 2>&1 &
  broker=$!
  until "$probe" "127.0.0.1:$port" 1; do sleep 0.02; done
  echo $(( ($(date +%s%N) - start) / 1000000 ))
}

stop_broker() {
  kill -TERM "$broker"
  wait "$broker" || true
}

offsets_records() {
  java -cp "$home/lib/*" -Dlog4j2.level=warn kafka.tools.DumpLogSegments 2>/dev/null >/dev/null || true
  find "$work/data" -path '*__consumer_offsets-*' -name '*.log' -exec du -cb {} + | tail -1 | cut -f1
}

empty_ms=$(start_broker empty); stop_broker
empty_again_ms=$(start_broker empty-again); stop_broker
rm -rf "$work/data"
start_broker fill > /dev/null
java -cp benchmarks/target/benchmarks.jar dev.ferry.benchmarks.offsets.CommitOffsets "127.0.0.1:$port" \
    "$records" "$partitions"
sleep "${SETTLE_SECONDS:-20}"   # let the log cleaner take what it can before the stop
grep -c "Cleaned log __consumer_offsets" "$work/broker-fill.log" | sed 's/^/cleanings of __consumer_offsets: /' || true
stop_broker
bytes=$(find "$work/data" -path '*__consumer_offsets-*' -name '*.log' -exec cat {} + | wc -c)
full_ms=$(start_broker full)
grep "Loaded the committed offsets" "$work/broker-full.log" | sed 's/^.*INFO *//'
stop_broker
echo "first ApiVersions: empty data directory ${empty_ms} ms and ${empty_again_ms} ms; after ${records} commits ${full_ms} ms"
echo "__consumer_offsets on disk before the restart: ${bytes} bytes"
