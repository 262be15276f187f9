// The client side of attribution rounds and rewards, for the end-to-end tests: the commitment an
// attestor posts, and the chain's arithmetic redone in BigInt (stake-weighted median, trust,
// bounty split, fee split, reward counter) so that tests can check the chain's numbers exactly.
//
// The Rust originals: `Pallet::commitment_hash` (pallets/attribution/src/functions.rs),
// `aggregate` and `split_by_weight` (primitives/src/attribution.rs), `FeeSplit::split`, `accrue`
// and `settle` (primitives/src/rewards.rs).

import { u8aConcat } from '@polkadot/util';
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

/**
 * The commitment `attestor` posts for `scores` (sorted `(u64, u32)` pairs) and `salt` (32 raw
 * bytes): `blake2_256(SCALE(Vec<(u64, u32)>) ++ salt ++ SCALE(AccountId32))`, where SCALE of the
 * scores is a compact length followed by each pair (u64 then u32, little endian) and SCALE of
 * an AccountId32 is its 32 raw bytes.
 */
export function commitmentHash(api, scores, salt, attestor) {
  const encoded = api.createType('Vec<(u64, u32)>', scores).toU8a();
  const account = decodeAddress(typeof attestor === 'string' ? attestor : attestor.address);
  return blake2AsHex(u8aConcat(encoded, salt, account), 256);
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
 * scores sorted) and each reveal's trust (`aggregate`): for every id some reveal scores, the
 * stake-weighted median with missing scores counting as 0 (zero medians left out); trust is
 * `sum(min(own, consensus)) / sum(own)` in parts per billion, rounded down (100% for no scores).
 */
export function aggregate(reveals) {
  const ids = [...new Set(reveals.flatMap(({ scores }) => scores.map(([id]) => id)))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const lookup = reveals.map(({ scores }) => new Map(scores.map(([id, score]) => [id, score])));
  const clipped = reveals.map(() => 0n);
  const consensus = [];
  for (const id of ids) {
    const median = stakeWeightedMedian(reveals.map(({ stake }, i) => [lookup[i].get(id) ?? 0, stake]));
    lookup.forEach((own, i) => {
      if (own.has(id)) clipped[i] += BigInt(Math.min(own.get(id), median));
    });
    if (median > 0) consensus.push([id, median]);
  }
  const outcomes = reveals.map(({ scores }, i) => {
    const ownTotal = scores.reduce((sum, [, score]) => sum + BigInt(score), 0n);
    const trust = ownTotal === 0n ? PERBILL : (clipped[i] * PERBILL) / ownTotal;
    return { ownTotal, clippedTotal: clipped[i], trust };
  });
  return { consensus, outcomes };
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
