// The attribution ledger tree (core/src/ledger.rs, docs/DESIGN.md §9.5) in JavaScript: leaf,
// node and root hashes and proof verification, so a wallet or the portal can check a claim
// proof without trusting anyone. Checked against the Rust core's golden vectors in
// tests/e2e/ledger.test.js.
import { blake2AsU8a } from '@polkadot/util-crypto';
import { u8aConcat, stringToU8a, bnToU8a, u8aEq } from '@polkadot/util';

export const LEAF_DOMAIN = stringToU8a('openledger/ledger-leaf/v1');
export const NODE_DOMAIN = stringToU8a('openledger/ledger-node/v1');
export const ROOT_DOMAIN = stringToU8a('openledger/ledger-root/v1');
const U128_MAX = (1n << 128n) - 1n;

const le = (value, bytes) => bnToU8a(BigInt(value), { bitLength: bytes * 8, isLe: true });
const hash = (...parts) => blake2AsU8a(u8aConcat(...parts), 256);

/** A leaf's node: `{ hash, owed, score }` (owed and score as BigInt). */
export function leafNode({ account, owed, score }) {
  return {
    hash: hash(LEAF_DOMAIN, account, le(owed, 16), le(score, 16)),
    owed: BigInt(owed),
    score: BigInt(score),
  };
}

/** The parent of two nodes; throws on a u128 overflow (such a tree is invalid). */
export function parentNode(left, right) {
  const owed = left.owed + right.owed;
  const score = left.score + right.score;
  if (owed > U128_MAX || score > U128_MAX) throw new Error('ledger sum overflows u128');
  return { hash: hash(NODE_DOMAIN, left.hash, right.hash, le(owed, 16), le(score, 16)), owed, score };
}

/** The root over a top node (null for an empty tree) and a leaf count. */
export function rootOf(top, leaves) {
  const t = top ?? { hash: new Uint8Array(32), owed: 0n, score: 0n };
  return {
    hash: hash(ROOT_DOMAIN, t.hash, le(leaves, 8), le(t.owed, 16), le(t.score, 16)),
    leaves: BigInt(leaves), owed: t.owed, score: t.score,
  };
}

/** Builds the whole tree's root from sorted leaves. */
export function buildRoot(leaves) {
  let level = leaves.map(leafNode);
  while (level.length > 1) {
    const next = [];
    for (let i = 0; i < level.length; i += 2) {
      next.push(i + 1 < level.length ? parentNode(level[i], level[i + 1]) : level[i]);
    }
    level = next;
  }
  return rootOf(level[0] ?? null, leaves.length);
}

/** Whether `leaf` is at `proof.index` under `root` (`{ hash, leaves, owed, score }`). */
export function verifyProof(root, leaf, proof) {
  let index = BigInt(proof.index);
  let width = BigInt(root.leaves);
  if (index >= width) return false;
  let node = leafNode(leaf);
  const siblings = [...proof.siblings];
  while (width > 1n) {
    if ((index ^ 1n) < width) {
      const sibling = siblings.shift();
      if (!sibling) return false;
      const s = { hash: sibling.hash, owed: BigInt(sibling.owed), score: BigInt(sibling.score) };
      node = index % 2n === 0n ? parentNode(node, s) : parentNode(s, node);
    }
    index /= 2n;
    width = (width + 1n) / 2n;
  }
  if (siblings.length) return false;
  const recomputed = rootOf(node, root.leaves);
  return u8aEq(recomputed.hash, root.hash) && recomputed.owed === BigInt(root.owed) &&
    recomputed.score === BigInt(root.score);
}
