// The JavaScript ledger tree (lib/ledger.js) against the Rust core's golden vectors
// (core/src/ledger/tests.rs, `golden_vectors`). No node needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { u8aToHex, hexToU8a } from '@polkadot/util';
import { buildRoot, leafNode, verifyProof } from './lib/ledger.js';

const one = { account: new Uint8Array(32).fill(1), owed: 5n, score: 7n };
const two = { account: new Uint8Array(32).fill(2), owed: 0n, score: 3n };
const three = { account: new Uint8Array(32).fill(3), owed: 11n, score: 0n };

test('ledger hashes match the Rust core', () => {
  assert.equal(u8aToHex(buildRoot([]).hash), '0x2afdc849bf3fc171470123c09260486210e50a3e24db4c0a3e2c013544573bab');
  assert.equal(u8aToHex(leafNode(one).hash), '0xffc5726cda28bc97dbd7c815aea2a835fcb8a947df0c937fa53bf09e5b4312e6');
  const root = buildRoot([one, two, three]);
  assert.equal(u8aToHex(root.hash), '0x3b49838d5b41b6fa99ef950210521b91962495950cadea83dfb542b3fe7d7ceb');
  assert.equal(root.owed, 16n);
  assert.equal(root.score, 10n);
});

test('the Rust proof of leaf 2 verifies, and a forged leaf does not', () => {
  const root = buildRoot([one, two, three]);
  // SCALE of LedgerProof { index: 2, siblings: [node over leaves 0 and 1] } from the Rust test.
  const scale = hexToU8a('0x020000000000000004f1047bd2533605c69f9d0db927754cb7435797d5e11d767c9d4f40b602e157c3050000000000000000000000000000000a000000000000000000000000000000');
  const sibling = { hash: scale.slice(9, 41), owed: 5n, score: 10n };
  assert.equal(scale[8], 4); // compact length 1
  const proof = { index: 2, siblings: [sibling] };
  assert.equal(verifyProof(root, three, proof), true);
  assert.equal(verifyProof(root, { ...three, owed: 12n }, proof), false);
  assert.equal(verifyProof(root, three, { index: 1, siblings: [sibling] }), false);
  assert.equal(verifyProof(root, three, { index: 2, siblings: [] }), false);
});
