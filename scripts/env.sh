# Sourced by every script: one toolchain, one target directory, one profile and feature set,
# so nothing is compiled twice and CI on a clean clone reuses the last local build.
# Debian's Rust 1.96 (with the wasm32v1-none sysroot from scripts/setup.sh) comes first.
export PATH="/usr/bin:$PATH"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/openledger/target}"
export OPENLEDGER_PROFILE="release"
# OPENLEDGER_NODE may be set beforehand to test another binary.
# `runtime-benchmarks` is part of the everyday build so `benchmark pallet` works with the same
# binary the tests use; release builds for production use `--profile production` without it.
export OPENLEDGER_FEATURES="runtime-benchmarks"
export CARGO_BUILD_FLAGS="--locked --release --workspace --features ${OPENLEDGER_FEATURES}"
export OPENLEDGER_NODE="${OPENLEDGER_NODE:-$CARGO_TARGET_DIR/release/openledger-node}"
# The target directory lives outside the repository, so tell substrate-wasm-builder where the
# workspace (and its Cargo.lock) is; otherwise it resolves the runtime's dependencies afresh.
export WASM_BUILD_WORKSPACE_HINT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
