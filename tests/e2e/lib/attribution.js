// The client side of attribution rounds and rewards, for the end-to-end tests: the commitment an
// attestor posts, and the chain's arithmetic redone in BigInt (stake-weighted median, trust,
// bounty split, fee split, reward counter) so that tests can check the chain's numbers exactly.
//
// The Rust originals: `commitment_hash` (core/src/commitment.rs, which the pallet calls),
// `aggregate`, `weighted_jaccard`, `quorum_reached` and `split_by_weight`
// (primitives/src/attribution.rs), `FeeSplit::split`, `accrue` and `settle`
// (primitives/src/rewards.rs).

import { bnToU8a, compactToU8a, stringToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsHex, decodeAddress } from '@polkadot/util-crypto';

import { perbillMulFloor } from './chain.js';

/** One whole `Perbill` (100%) in parts per billion. */
export const PERBILL = 1_000_000_000n;

/** Points a contribution gets per unit of consensus score (`POINTS_PER_SCORE`). */
export const POINTS_PER_SCORE = 1_000_000_000n;

/** One balance unit in reward-counter units (`2^128`). */
export const COUNTER_SCALE = 1n << 128n;

/**
 * Sorts `(contribution, score)` pairs by contribution id, as `reveal` requires (strictly
 * increasing), with ids as BigInt and scores as numbers.
 */
export function sortScores(scores) {
  return scores
    .map(([id, score]) => [BigInt(id), Number(score)])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The domain tag a commitment's preimage starts with (`COMMITMENT_DOMAIN`, 32 bytes). */
export const COMMITMENT_DOMAIN = 'openledger/attribution-commit/v2';

/**
 * The preimage of the commitment `attestor` posts in round `round` of model `model` for `scores`
 * (sorted `(u64, u32)` pairs) and `salt` (32 raw bytes), as `openledger_core::commitment` lays it
 * out: the 32-byte domain tag, SCALE(model: u32), SCALE(round: u32), SCALE(Vec<(u64, u32)>) (a
 * compact length, then each pair: u64 then u32, little endian), the salt, and the attestor's
 * AccountId32 (its 32 raw bytes). Built by hand, without the API's type registry, so that it is
 * an independent check of the Rust encoding.
 */
export function commitmentPreimage(model, round, scores, salt, attestor) {
  const account = attestor instanceof Uint8Array
    ? attestor
    : decodeAddress(typeof attestor === 'string' ? attestor : attestor.address);
  const u32 = (value) => bnToU8a(BigInt(value), { bitLength: 32, isLe: true });
  const u64 = (value) => bnToU8a(BigInt(value), { bitLength: 64, isLe: true });
  return u8aConcat(
    stringToU8a(COMMITMENT_DOMAIN),
    u32(model),
    u32(round),
    compactToU8a(scores.length),
    ...scores.map(([id, score]) => u8aConcat(u64(id), u32(score))),
    salt,
    account,
  );
}

/** The commitment hash: `blake2_256` of [`commitmentPreimage`], as hex. */
export function commitmentHash(model, round, scores, salt, attestor) {
  return blake2AsHex(commitmentPreimage(model, round, scores, salt, attestor), 256);
}

/**
 * The golden test vector of `openledger_core::commitment` (`golden_inputs`, `GOLDEN_COMMITMENT`):
 * model 7, round 3, scores [(1, 100), (42, 7)], salt 0x00 01 … 1f, attestor //Alice.
 */
export const GOLDEN_COMMITMENT = {
  model: 7,
  round: 3,
  scores: [[1n, 100], [42n, 7]],
  salt: Uint8Array.from({ length: 32 }, (_, i) => i),
  attestor: '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY',
  hash: '0xdf4cb6559a6e2e7e59c74a560adf3fd561b5ea3e41024331d8be0d65ca035ca3',
};

/** Throws unless this file's [`commitmentHash`] reproduces the golden vector of the core crate. */
export function checkGoldenCommitment() {
  const { model, round, scores, salt, attestor, hash } = GOLDEN_COMMITMENT;
  const actual = commitmentHash(model, round, scores, salt, attestor);
  if (actual !== hash) {
    const preimage = u8aToHex(commitmentPreimage(model, round, scores, salt, attestor));
    throw new Error(`commitment golden vector: got ${actual}, expected ${hash} (preimage ${preimage})`);
  }
  return actual;
}

/** Stake-weighted lower median of `(value, stake)` entries (`stake_weighted_median`). */
export function stakeWeightedMedian(entries) {
  const total = entries.reduce((sum, [, stake]) => sum + stake, 0n);
  if (total === 0n) return 0;
  const sorted = [...entries].sort(([va, sa], [vb, sb]) => (va - vb) || (sa < sb ? -1 : sa > sb ? 1 : 0));
  let belowOrEqual = 0n;
  for (const [value, stake] of sorted) {
    if (stake === 0n) continue;
    belowOrEqual += stake;
    if (belowOrEqual >= total - belowOrEqual) return value;
  }
  return 0;
}

/**
 * The consensus of `reveals` (`[{ stake: bigint, scores: [[id: bigint, score: number]] }]`,
 * scores sorted) and each reveal's trust (`aggregate`). A reveal whose scores add up to 0
 * abstains: it weighs nothing in the medians and has trust 0. For every id some reveal scores,
 * the consensus is the stake-weighted median of the other reveals, missing scores counting as
 * 0 (zero medians left out); trust is the weighted Jaccard similarity of the reveal and the
 * consensus, `sum(min) / sum(max)` over the ids of either, in parts per billion, rounded down.
 */
export function aggregate(reveals) {
  const ids = [...new Set(reveals.flatMap(({ scores }) => scores.map(([id]) => id)))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const lookup = reveals.map(({ scores }) => new Map(scores.map(([id, score]) => [id, score])));
  const ownTotals = reveals.map(({ scores }) => scores.reduce((sum, [, score]) => sum + BigInt(score), 0n));
  const weights = reveals.map(({ stake }, i) => (ownTotals[i] === 0n ? 0n : stake));
  const consensus = [];
  for (const id of ids) {
    const median = stakeWeightedMedian(weights.map((weight, i) => [lookup[i].get(id) ?? 0, weight]));
    if (median > 0) consensus.push([id, median]);
  }
  const outcomes = reveals.map(({ scores }, i) => {
    const abstained = ownTotals[i] === 0n;
    const { lower, upper } = jaccardSums(scores, consensus);
    const trust = abstained || lower === 0n ? 0n : (lower * PERBILL) / upper;
    return { ownTotal: ownTotals[i], agreedTotal: lower, unionTotal: upper, trust, abstained };
  });
  return { consensus, outcomes };
}

/** Sums of the smaller and of the larger score over the ids of either list (`weighted_jaccard`). */
export function jaccardSums(a, b) {
  const left = new Map(a.map(([id, score]) => [id, BigInt(score)]));
  const right = new Map(b.map(([id, score]) => [id, BigInt(score)]));
  let lower = 0n;
  let upper = 0n;
  for (const id of new Set([...left.keys(), ...right.keys()])) {
    const x = left.get(id) ?? 0n;
    const y = right.get(id) ?? 0n;
    lower += x < y ? x : y;
    upper += x < y ? y : x;
  }
  return { lower, upper };
}

/** `quorum_reached`: some stake revealed, and `revealed / active >= quorum` (Perbill), exactly. */
export function quorumReached(revealed, active, quorum) {
  return revealed > 0n && revealed * PERBILL >= active * BigInt(quorum);
}

/** `split_by_weight`: shares of `total` by `weights`, each rounded down, and the dust. */
export function splitByWeight(total, weights) {
  const totalWeight = weights.reduce((sum, weight) => sum + weight, 0n);
  const shares = weights.map((weight) => (totalWeight === 0n ? 0n : (total * weight) / totalWeight));
  return { shares, dust: total - shares.reduce((sum, share) => sum + share, 0n) };
}

/**
 * `FeeSplit::split` of `fee` by the split the `rewardsApi.feeSplit` runtime API returns: the
 * model owner's, attestors' and contributors' parts rounded down, the treasury the rest.
 */
export function feeShares(split, fee) {
  const modelOwner = perbillMulFloor(split.modelOwner.toBigInt(), fee);
  const attestors = perbillMulFloor(split.attestors.toBigInt(), fee);
  const contributors = perbillMulFloor(split.contributors.toBigInt(), fee);
  return { treasury: fee - modelOwner - attestors - contributors, modelOwner, attestors, contributors };
}

/**
 * A fresh pool's reward counter after `paidIn` was paid into it in any number of payments while
 * it had `totalPoints` points: `floor(paidIn × 2^128 / totalPoints)` (each accrual carries its
 * remainder into the next, so the payments add up exactly).
 */
export function counterAfter(paidIn, totalPoints) {
  return (paidIn * COUNTER_SCALE) / totalPoints;
}

/** What a member with `points`, settled at counter `from` with no carry, is owed at `counter`. */
export function owedAt(points, counter, from = 0n) {
  return (points * (counter - from)) / COUNTER_SCALE;
}
