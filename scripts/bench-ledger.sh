#!/usr/bin/env bash
# The chain's cost of attribution by root, measured by `benchmark pallet` in the real wasm
# runtime: `finalize` of a root round (32 committers) whose root declares 10^2, 10^4 and 10^6
# leaves, and `claim_by_proof` with the proof length of a tree of 10^2, 10^4 and 10^6 leaves
# (ceil(log2 n) = 7, 14 and 20 nodes). Prints the measured execution times.
#
#   scripts/bench-ledger.sh            # REPEAT=10 samples per point
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python="$(command -v python3)"
source "$here/scripts/env.sh"
cd "$here"
[ -x "$OPENLEDGER_NODE" ] || "$here/scripts/build.sh"
repeat="${REPEAT:-10}"
wasm="$(ls "$CARGO_TARGET_DIR"/release/wbuild/openledger-runtime/openledger_runtime.compact.compressed.wasm)"
work="$(mktemp -d /tmp/openledger-bench-ledger-XXXXXX)"
trap 'rm -rf "$work"' EXIT

bench() { # pallet extrinsic low high json
  "$OPENLEDGER_NODE" benchmark pallet --runtime "$wasm" \
    --genesis-builder=runtime --genesis-builder-preset=dev \
    --pallet "$1" --extrinsic "$2" --low="$3" --high="$4" --steps 2 --repeat "$repeat" \
    --json-file "$5" >/dev/null 2>&1
}

for leaves in 100 10000 1000000; do
  bench pallet_attribution finalize_root "32,$leaves" "32,$leaves" "$work/finalize-$leaves.json"
done
for nodes in 7 14 20; do
  bench pallet_rewards claim_by_proof "$nodes" "$nodes" "$work/claim-$nodes.json"
done

"$python" - "$work" <<'EOF'
import json, os, statistics, sys
work = sys.argv[1]
def times(path):
    data = json.load(open(path))
    samples = [r["extrinsic_time"] for b in data for r in b["db_results"]] if data and "db_results" in data[0] else []
    if not samples:
        samples = [r["extrinsic_time"] for b in data for r in b.get("time_results", [])]
    return statistics.median(samples) / 1000.0  # ns -> us
print("| what | leaves | median execution time |")
print("| --- | --- | --- |")
for leaves in (100, 10_000, 1_000_000):
    print(f"| finalize a root round, 32 committers | {leaves:,} | {times(os.path.join(work, f'finalize-{leaves}.json')):,.0f} us |")
for nodes, leaves in ((7, 100), (14, 10_000), (20, 1_000_000)):
    print(f"| claim_by_proof, {nodes}-node proof | {leaves:,} | {times(os.path.join(work, f'claim-{nodes}.json')):,.0f} us |")
EOF
