#!/usr/bin/env bash
# Installs everything an OpenLedger build and its tests need on a fresh Debian 12 machine.
# Safe to run again: every step checks whether it is already done.
#
# What it does:
#   1. apt packages: Debian's Rust 1.96 (rustc-web, cargo-web, rust-web-src) with lld, protobuf,
#      clang, make, pkg-config, Node.js and npm if missing.
#   2. A wasm32v1-none standard library for Debian's rustc (core, alloc, compiler_builtins built
#      from rust-web-src with embedded bitcode), so substrate-wasm-builder can build the runtime.
#   3. npm packages for the end-to-end tests (tests/e2e, exact versions from package-lock.json).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
say() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"

# ---- 1. system packages -------------------------------------------------------------------
pkgs=(rustc-web cargo-web rust-web-src rust-web-clippy lld-22 protobuf-compiler clang libclang-dev make pkg-config curl)
# OPENLEDGER_SETUP_E2E=0 skips Node.js and the test client packages (e.g. in the Docker build).
setup_e2e="${OPENLEDGER_SETUP_E2E:-1}"
[ "$setup_e2e" = 0 ] || command -v node >/dev/null 2>&1 || pkgs+=(nodejs npm)
missing=()
for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing system packages: ${missing[*]}"
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
else
  say "system packages present"
fi

# ---- 2. wasm32v1-none sysroot for Debian's rustc -------------------------------------------
RUSTC=/usr/bin/rustc
CARGO=/usr/bin/cargo
sysroot="$($RUSTC --print sysroot)"
wasm_lib="$sysroot/lib/rustlib/wasm32v1-none/lib"
stamp="$wasm_lib/.rustc-version"
want="$($RUSTC -vV | sha256sum | cut -d' ' -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && ls "$wasm_lib"/libcore-*.rlib >/dev/null 2>&1; then
  say "wasm32v1-none standard library present for $($RUSTC --version)"
else
  say "building core/alloc for wasm32v1-none with $($RUSTC --version) (about 30 s)"
  work="$(mktemp -d)"
  mkdir -p "$work/src"
  cat > "$work/Cargo.toml" <<'TOML'
[package]
name = "wasm-sysroot-seed"
version = "0.0.0"
edition = "2021"
[lib]
crate-type = ["rlib"]
[profile.release]
lto = false
panic = "abort"
TOML
  cat > "$work/src/lib.rs" <<'RS'
#![no_std]
RS
  (cd "$work" && PATH=/usr/bin:$PATH RUSTFLAGS=-Cembed-bitcode=yes RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR="$work/target" \
     $CARGO build -q --release --target wasm32v1-none -Zbuild-std=core,alloc)
  $SUDO mkdir -p "$wasm_lib"
  $SUDO rm -f "$wasm_lib"/lib*.rlib
  for l in core alloc compiler_builtins; do
    $SUDO cp "$work"/target/wasm32v1-none/release/deps/lib${l}-*.rlib "$wasm_lib/"
  done
  echo "$want" | $SUDO tee "$stamp" >/dev/null
  rm -rf "$work"
  # Cargo does not notice new sysroot libraries: drop stale wasm builds of the runtime.
  target_dir="${CARGO_TARGET_DIR:-$HOME/.cache/openledger/target}"
  rm -rf "$target_dir"/*/wbuild/openledger-runtime/target/wasm32v1-none 2>/dev/null || true
  say "installed wasm32v1-none libraries into $wasm_lib"
fi

# ---- 3. end-to-end test client packages ----------------------------------------------------
if [ "$setup_e2e" != 0 ] && [ -f "$here/tests/e2e/package.json" ]; then
  if [ ! -d "$here/tests/e2e/node_modules" ] || [ "$here/tests/e2e/package-lock.json" -nt "$here/tests/e2e/node_modules/.package-lock.json" ]; then
    say "installing end-to-end test packages (npm ci)"
    (cd "$here/tests/e2e" && npm ci --no-audit --no-fund --loglevel=error)
  else
    say "end-to-end test packages present"
  fi
fi
say "setup complete"
