#!/usr/bin/env bash
# Benchmarks `tally build` on synthetic trackers (examples/synth.rs): wall time with hyperfine,
# peak memory with /usr/bin/time -v, and the time of each stage (examples/phases.rs).
# The output goes to /dev/shm (memory) as well as to disk, so the file system's own speed can
# be told apart from tally's.
# Needs hyperfine and GNU time (Debian: apt-get install hyperfine time).
# Usage: bash benches/build.sh [N ...]   (default: 1000 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
cargo build --release --quiet --example synth --example phases --example incremental
cargo build --release --quiet
bin=target/release/tally
shm=$(mktemp -d /dev/shm/tally-bench.XXXXXX)
trap 'rm -rf "$shm"' EXIT
for n in "${sizes[@]}"; do
  dir=target/bench/synth-$n
  target/release/examples/synth "$dir" "$n"
  echo "== $n incidents: stages (output in memory)"
  target/release/examples/phases "$dir" "$shm/stages-$n"
  echo "== $n incidents: what a first search downloads"
  python3 benches/search_budget.py "$shm/stages-$n" "company 1" "Co 10" "actor 7" "alias 3" "company 1999"
  echo "== $n incidents: rebuild after one incident changes (tally serve)"
  target/release/examples/incremental "$dir"
  echo "== $n incidents: whole build, output in memory"
  hyperfine --warmup 1 --runs 10 "$bin build --root $dir --output $shm/out-$n"
  /usr/bin/time -v "$bin" build --root "$dir" --output "$shm/out-$n" 2>&1 | grep -E "Built|Maximum resident"
  echo "== $n incidents: whole build, output on disk"
  hyperfine --warmup 1 --runs 5 "$bin build --root $dir --output $dir/public"
  echo "output: $(du -sh "$dir/public" | cut -f1), $(find "$dir/public" -type f | wc -l) files"
done
