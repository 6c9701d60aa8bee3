#!/usr/bin/env bash
# Runs the generated-input tests (tests/testsuite/generated.rs) with new seeds, 10,000 cases per
# seed, until the time is up. Usage: bash benches/generated.sh [HOURS]   (default: 1)
# A failure stops the run and prints the smallest failing tracker and its seed.
set -euo pipefail
cd "$(dirname "$0")/.."
hours=${1:-1}
end=$(( $(date +%s) + ${hours%.*} * 3600 ))
cargo test --release --test testsuite --no-run --quiet
total=0
while [ "$(date +%s)" -lt "$end" ]; do
  seed=$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')
  echo "== seed $seed"
  log=target/generated-$seed.log
  if ! PROPTEST_CASES=10000 PROPTEST_RNG_SEED=$seed cargo test --release --quiet --test testsuite generated -- --nocapture >"$log" 2>&1; then
    cat "$log"
    exit 1
  fi
  grep "generated:" "$log"
  total=$((total + 10000))
  echo "$total cases so far"
done
