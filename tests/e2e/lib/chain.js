// Helpers shared by the pallet end-to-end tests (attribution, journey): submit a transaction and
// require success or a named module error, wait for a block number, and read balances, holds and
// events at a given block so that a check can cover exactly one block.
//
// Every function takes the polkadot.js `api` (or a transaction, which carries its registry)
// explicitly, so test files keep their own connection.

import assert from 'node:assert/strict';

import { findEvent, sendAndWatch } from './node.js';

/** Submits and requires success; a failure message names the module error and its docs. */
export async function mustSucceed(tx, signer, options) {
  const result = await sendAndWatch(tx, signer, options);
  assert.equal(result.dispatchError, null, `${tx.method.section}.${tx.method.method} failed: ${result.dispatchError?.text}`);
  return result;
}

/**
 * Submits a transaction that must fail with the module error `section.name`; decodes the error
 * from the extrinsic's `system.ExtrinsicFailed` event through the registry's `findMetaError` and
 * checks its documentation is not empty. Returns the result of `sendAndWatch` with the decoded
 * metadata error as `meta`.
 */
export async function mustFailWith(tx, signer, section, name, options) {
  const result = await sendAndWatch(tx, signer, options);
  assert.equal(result.dispatchError?.name, `${section}.${name}`, `expected ${section}.${name}, got ${result.dispatchError?.text ?? 'success'}`);
  const failed = findEvent(result.events, 'system', 'ExtrinsicFailed');
  assert.ok(failed, 'the extrinsic emitted system.ExtrinsicFailed');
  const { dispatchError } = failed.event.data;
  assert.ok(dispatchError.isModule, `a module error, not ${dispatchError.type}`);
  const meta = tx.registry.findMetaError(dispatchError.asModule);
  assert.equal(meta.section, section);
  assert.equal(meta.name, name);
  assert.ok(meta.docs.join(' ').trim().length > 0, `${section}.${name} is documented`);
  return { ...result, meta };
}

/**
 * `Promise.all` that waits for every promise to settle before failing with the first rejection:
 * when transactions are sent in parallel and one is refused, the others are still in a block (or
 * refused) by the time this returns, so the next step's transactions from the same accounts do
 * not collide with them in the pool (`1014: Priority is too low`).
 */
export async function allSettled(promises) {
  const results = await Promise.allSettled(promises);
  const failed = results.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((result) => result.value);
}

/** The number of the best block. */
export async function bestNumber(api) {
  return (await api.rpc.chain.getHeader()).number.toNumber();
}

/** The number of the block with hash `blockHash`. */
export async function numberOf(api, blockHash) {
  return (await api.rpc.chain.getHeader(blockHash)).number.toNumber();
}

/** The hash of the parent of the block with hash `blockHash`. */
export async function parentOf(api, blockHash) {
  return (await api.rpc.chain.getHeader(blockHash)).parentHash.toHex();
}

/**
 * Resolves with the best block number once the best block is `number` or later; rejects after
 * `timeoutMs`. A transaction sent after `waitForBlock(api, n)` lands in block `n + 1` or later,
 * so to act from block `b` on (e.g. a round's `reveal_from`), wait for `b - 1`.
 */
export function waitForBlock(api, number, { timeoutMs = 120_000 } = {}) {
  return new Promise((resolve, reject) => {
    let unsubscribe = null;
    let settled = false;
    const settle = (fn, value) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (unsubscribe) unsubscribe();
      fn(value);
    };
    const timer = setTimeout(
      () => settle(reject, new Error(`block ${number} not reached within ${timeoutMs} ms`)),
      timeoutMs,
    );
    api.rpc.chain
      .subscribeNewHeads((header) => {
        const now = header.number.toNumber();
        if (now >= number) settle(resolve, now);
      })
      .then((unsub) => {
        unsubscribe = unsub;
        if (settled) unsub();
      })
      .catch((error) => settle(reject, error));
  });
}

/** `address`'s free balance, at block `at` if given (else at the best block). */
export async function freeBalance(api, address, at) {
  const account = at ? await api.query.system.account.at(at, address) : await api.query.system.account(address);
  return account.data.free.toBigInt();
}

/** What `address` has on hold under `pallet`'s hold reason `reason`, at block `at` if given. */
export async function heldUnder(api, address, pallet, reason, at) {
  const holds = at ? await api.query.balances.holds.at(at, address) : await api.query.balances.holds(address);
  return holds
    .filter((hold) => hold.id.type === pallet && hold.id.value.type === reason)
    .reduce((sum, hold) => sum + hold.amount.toBigInt(), 0n);
}

/** The event records of the block with hash `blockHash` (all extrinsics and hooks). */
export async function eventsAt(api, blockHash) {
  const apiAt = await api.at(blockHash);
  return [...(await apiAt.query.system.events())];
}

/** Every event record `section.method` among `events`. */
export function filterEvents(events, section, method) {
  return events.filter(({ event }) => event.section.toLowerCase() === section.toLowerCase() && event.method === method);
}

/**
 * The transaction fee `address` paid in `events`: the `actualFee` of its
 * `transactionPayment.TransactionFeePaid` events. `actualFee` already includes the tip (the
 * event's `tip` field says how much of it was tip), so the tip is not added again.
 */
export function feePaidBy(events, address) {
  return filterEvents(events, 'transactionPayment', 'TransactionFeePaid')
    .filter(({ event }) => event.data.who.toString() === address)
    .reduce((sum, { event }) => sum + event.data.actualFee.toBigInt(), 0n);
}

/** All transaction fees paid in `events` (every payer). */
export function feesPaid(events) {
  return filterEvents(events, 'transactionPayment', 'TransactionFeePaid')
    .reduce((sum, { event }) => sum + event.data.actualFee.toBigInt(), 0n);
}

/** `amount × parts / 10^9`, rounded down: `Perbill::mul_floor`. */
export function perbillMulFloor(parts, amount) {
  return (BigInt(amount) * BigInt(parts)) / 1_000_000_000n;
}
