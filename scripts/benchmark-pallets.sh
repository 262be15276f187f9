#!/usr/bin/env bash
# Regenerates `pallets/<name>/src/weights.rs` with the node's `benchmark pallet` command, running
# the pallet's v2 benchmarks inside the real wasm runtime.
#
#   scripts/benchmark-pallets.sh                 # every OpenLedger pallet
#   scripts/benchmark-pallets.sh datanets        # one pallet
#   STEPS=50 REPEAT=20 scripts/benchmark-pallets.sh   # more samples (release-quality numbers)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$here/scripts/env.sh"
cd "$here"
[ -x "$OPENLEDGER_NODE" ] || "$here/scripts/build.sh"

steps="${STEPS:-20}"
repeat="${REPEAT:-10}"
pallets=("$@")
if [ ${#pallets[@]} -eq 0 ]; then
  for dir in pallets/*/; do pallets+=("$(basename "$dir")"); done
fi

for name in "${pallets[@]}"; do
  out="pallets/$name/src/weights.rs"
  [ -d "pallets/$name" ] || { echo "no pallet at pallets/$name" >&2; exit 1; }
  echo "[bench] pallet_$name -> $out (steps $steps, repeat $repeat)"
  "$OPENLEDGER_NODE" benchmark pallet \
    --runtime "$(ls "$CARGO_TARGET_DIR"/release/wbuild/openledger-runtime/openledger_runtime.compact.compressed.wasm)" \
    --genesis-builder=runtime --genesis-builder-preset=dev \
    --pallet "pallet_$name" --extrinsic '*' \
    --steps "$steps" --repeat "$repeat" \
    --template scripts/weight-template.hbs \
    --output "$out"
done
