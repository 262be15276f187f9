#!/usr/bin/env bash
# openledger-attestor command-line tests against the real binary, on a small synthetic dataset:
# compute is deterministic (same root twice, and with 1 or 2 threads), verify accepts the root
# and names the first differing leaf when content was tampered with (exit 1), missing content is
# reported and left out, prove emits a proof for an account and refuses an unknown one, and the
# flipped labels rank at the bottom (AUC).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$here/scripts/env.sh"
attestor="$CARGO_TARGET_DIR/release/openledger-attestor"
[ -x "$attestor" ] || { echo "attestor binary missing: $attestor (run scripts/build.sh)" >&2; exit 1; }
work="$(mktemp -d /tmp/openledger-attestor-XXXXXX)"
trap '[ "${KEEP:-0}" = 1 ] || rm -rf "$work"' EXIT
pass=0
ok() { pass=$((pass + 1)); printf '  \033[32mok\033[0m %s\n' "$*"; }
fail() { printf '  \033[31mFAIL\033[0m %s\n' "$*" >&2; exit 1; }
field() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval("d"+sys.argv[2]))' "$@"; }

echo "attestor CLI tests with $attestor"
"$attestor" gen-dataset --out "$work/data" --contributions 3000 --queries 100 --dims 16 --classes 4 --accounts 40 --seed 9 2>/dev/null
inputs=(--k 5 --dims 16 --evaluation "$work/data/evaluation.bin" --contributions "$work/data/contributions.csv" --content "$work/data/content")

"$attestor" compute "${inputs[@]}" --out "$work/a" --threads 1 >/dev/null 2>&1
"$attestor" compute "${inputs[@]}" --out "$work/b" --threads 2 >/dev/null 2>&1
root="$(field "$work/a/root.json" '["root"]')"
[ "$root" = "$(field "$work/b/root.json" '["root"]')" ] || fail "compute is not deterministic across thread counts"
cmp -s "$work/a/leaves.scale" "$work/b/leaves.scale" || fail "leaves files differ"
[ "$(field "$work/a/root.json" '["included"]')" = 3000 ] || fail "not every contribution was included"
[ "$(field "$work/a/root.json" '["leaves"]')" = 41 ] || fail "expected 40 contributors + 1 curator leaves"
ok "compute: same root ($root) with 1 and 2 threads; 3000 included, 41 leaves"

"$attestor" verify "${inputs[@]}" --root "$root" --leaves "$work/a/leaves.scale" > "$work/verify.json" 2>/dev/null || fail "verify rejected the computed root"
[ "$(field "$work/verify.json" '["publishedLeavesMatch"]')" = True ] || fail "published leaves should match"
ok "verify: recomputed root matches, published leaves match (exit 0)"

cp -r "$work/data/content" "$work/tampered"
victim="$(find "$work/tampered" -type f | sort | sed -n 1p)"
python3 -c 'import sys; p=sys.argv[1]; b=bytearray(open(p,"rb").read()); b[5]^=0xff; open(p,"wb").write(b)' "$victim"
set +e; "$attestor" verify --k 5 --dims 16 --evaluation "$work/data/evaluation.bin" --contributions "$work/data/contributions.csv" \
  --content "$work/tampered" --root "$root" --leaves "$work/a/leaves.scale" > "$work/tampered.json" 2>/dev/null; code=$?; set -e
[ "$code" = 1 ] || fail "verify with tampered content should exit 1, got $code"
[ "$(field "$work/tampered.json" '["leftOut"][0]["status"]')" = hash-mismatch ] || fail "tampered file not reported as hash-mismatch"
field "$work/tampered.json" '["firstDifferingLeaf"]["index"]' >/dev/null || fail "no first differing leaf named"
ok "verify: tampered content is left out (hash-mismatch), root differs (exit 1), first differing leaf named"

rm -f "$(find "$work/data/content" -type f | sort | tail -1)"
"$attestor" compute "${inputs[@]}" --out "$work/c" >/dev/null 2>&1
[ "$(field "$work/c/root.json" '["leftOut"][0]["status"]')" = missing ] || fail "missing content not reported"
[ "$(field "$work/c/root.json" '["included"]')" = 2999 ] || fail "missing content should be left out"
ok "compute: a missing file is reported and left out (2999 included)"

account="$(sed -n 2p "$work/data/contributions.csv" | cut -d, -f3)"
"$attestor" prove --leaves "$work/a/leaves.scale" --account "$account" > "$work/proof.json" || fail "prove failed"
[ "$(field "$work/proof.json" '["root"]')" = "$root" ] || fail "proof names another root"
nodes="$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["proof"]["siblings"]))' "$work/proof.json")"
[ "$nodes" -le 6 ] || fail "proof of 41 leaves has $nodes nodes (> ceil(log2 41) = 6)"
if "$attestor" prove --leaves "$work/a/leaves.scale" --account 5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY >/dev/null 2>&1; then
  fail "prove should refuse an account without a leaf"
fi
ok "prove: $nodes-node proof for $account; an account without a leaf is refused"

"$attestor" auc --values "$work/a/values.csv" --flipped "$work/data/flipped.txt" > "$work/auc.json"
python3 - "$work/auc.json" <<'PY' || fail "flipped labels should rank at the bottom (AUC >= 0.9)"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["auc"] >= 0.9, d
PY
ok "quality: flipped labels detected, AUC $(field "$work/auc.json" '["auc"]')"
echo "attestor CLI tests: $pass passed"
