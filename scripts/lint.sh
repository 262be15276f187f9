#!/usr/bin/env bash
# Clippy with the workspace lints (no unwrap/expect/indexing/unchecked arithmetic/panic outside
# tests) on the crates that hold our logic: primitives and pallets. The runtime and node crates
# are wiring; checking them would mean a second compile of every node dependency.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$here/scripts/env.sh"
cd "$here"
crates=(-p openledger-core -p openledger-attestor -p openledger-primitives)
for dir in pallets/*/; do crates+=(-p "pallet-$(basename "$dir")"); done
echo "[lint] cargo clippy ${crates[*]} --all-targets"
cargo clippy --locked --release --features "$OPENLEDGER_FEATURES" "${crates[@]}" --all-targets
