// Foundation end-to-end tests: one real `openledger-node --dev --tmp`, driven with polkadot.js
// and raw JSON-RPC. Checks block production and finality, chain properties, signed transfers
// and their fees, pool rejections with readable errors, and robustness against bad requests.
//
// Run with tests/e2e/run.sh (builds nothing; needs the node binary from scripts/env.sh).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import {
  EXISTENTIAL_DEPOSIT,
  Keyring,
  UNIT,
  connectApi,
  cryptoWaitReady,
  eventNames,
  findEvent,
  formatOpen,
  randomAsU8a,
  rawPost,
  rpc,
  sendAndWatch,
  startNode,
  trackedSteps,
  waitFor,
} from './lib/node.js';

let node;
let api;
let keyring;
let alice;
let bob;
const run = trackedSteps(it);
const { step } = run;


const freshAccount = () => keyring.addFromSeed(randomAsU8a(32));
const freeBalance = async (address, at) =>
  (at ? await api.query.system.account.at(at, address) : await api.query.system.account(address)).data.free.toBigInt();
const bestNumber = async () => (await api.rpc.chain.getHeader()).number.toNumber();
const finalizedNumber = async () => (await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead())).number.toNumber();

describe('openledger-node --dev: foundation', { timeout: 10 * 60_000 }, () => {
  before(
    async () => {
      await cryptoWaitReady();
      try {
        node = await startNode({ name: 'foundation' });
        console.log(`node ${node.pid} up: ${node.wsUrl} (log ${node.logFile})`);
        api = await connectApi(node.wsUrl);
      } catch (error) {
        run.failed = true;
        throw error;
      }
      keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
      alice = keyring.addFromUri('//Alice');
      bob = keyring.addFromUri('//Bob');
    },
    { timeout: 180_000 },
  );

  after(
    async () => {
      if (api) await api.disconnect().catch(() => {});
      if (node) {
        const exit = await node.stop();
        if (run.failed) {
          console.log(`--- ${node.logFile} (last lines) ---\n${node.tail(120)}`);
          console.log(`node stopped (${JSON.stringify(exit)}); log kept at ${node.logFile}`);
        } else {
          node.removeLogs();
        }
      }
    },
    { timeout: 60_000 },
  );

  step('produces blocks and finalizes them', { timeout: 120_000 }, async () => {
    const start = await bestNumber();
    const best = await waitFor(async () => {
      const n = await bestNumber();
      return n > start ? n : 0;
    }, { timeoutMs: 60_000, intervalMs: 500, what: `best block above #${start}` });
    const finalized = await waitFor(async () => {
      const n = await finalizedNumber();
      return n > 0 ? n : 0;
    }, { timeoutMs: 90_000, intervalMs: 500, what: 'finalized block above #0' });
    console.log(`METRIC best=#${best} finalized=#${finalized}`);
    assert.ok(finalized <= (await bestNumber()), 'finalized head is never ahead of best');
  });

  step('system_properties reports OPEN, 18 decimals, SS58 prefix 42', {}, async () => {
    const props = await rpc(node.httpUrl, 'system_properties');
    assert.equal(props.tokenSymbol, 'OPEN');
    assert.equal(props.tokenDecimals, 18);
    assert.equal(props.ss58Format, 42);
    assert.equal(api.registry.chainSS58, 42);
    assert.deepEqual(api.registry.chainDecimals, [18]);
    assert.deepEqual(api.registry.chainTokens, ['OPEN']);
  });

  step('offers the new JSON-RPC spec (chainHead_v1 / transaction_v1)', {}, async () => {
    const { methods } = await rpc(node.httpUrl, 'rpc_methods');
    assert.ok(Array.isArray(methods), 'rpc_methods returns a list');
    assert.ok(
      methods.includes('chainHead_v1_follow') || methods.includes('transaction_v1_broadcast'),
      `neither chainHead_v1_follow nor transaction_v1_broadcast in rpc_methods: ${methods.join(', ')}`,
    );
    for (const legacy of ['author_submitExtrinsic', 'system_accountNextIndex', 'payment_queryInfo']) {
      assert.ok(methods.includes(legacy), `${legacy} is offered`);
    }
  });

  step('exposes Prometheus metrics', {}, async () => {
    const text = await (await fetch(node.prometheusUrl, { signal: AbortSignal.timeout(10_000) })).text();
    assert.match(text, /substrate_block_height\{[^}]*status="best"/);
    assert.match(text, /substrate_block_height\{[^}]*status="finalized"/);
  });

  step('transferKeepAlive from Alice moves exactly the amount and Alice pays amount + fee', { timeout: 120_000 }, async () => {
    const recipient = freshAccount();
    const amount = 12_345n * UNIT / 1_000n; // 12.345 OPEN
    const result = await sendAndWatch(api.tx.balances.transferKeepAlive(recipient.address, amount), alice);
    assert.equal(result.dispatchError, null, `transfer failed: ${result.dispatchError?.text}`);
    const names = eventNames(result.events);
    assert.ok(names.includes('balances.Transfer'), `events: ${names.join(', ')}`);
    assert.ok(names.includes('system.ExtrinsicSuccess'), `events: ${names.join(', ')}`);

    const header = await api.rpc.chain.getHeader(result.blockHash);
    const parent = header.parentHash.toHex();
    const recipientBefore = await freeBalance(recipient.address, parent);
    const recipientAfter = await freeBalance(recipient.address, result.blockHash);
    assert.equal(recipientBefore, 0n);
    assert.equal(recipientAfter - recipientBefore, amount, 'recipient receives exactly the amount');

    const feeEvent = findEvent(result.events, 'transactionPayment', 'TransactionFeePaid');
    assert.ok(feeEvent, `TransactionFeePaid event missing: ${names.join(', ')}`);
    const fee = feeEvent.event.data[1].toBigInt(); // { who, actualFee, tip }
    assert.ok(fee > 0n, 'a signed transfer pays a fee');

    // Alice may also be credited in this block (she authors every dev block, and a runtime may
    // pay part of the fee to the author). Balance events say how much came back to her:
    // withdrawn (estimated fee) - deposited (refund + author share) = fee - author share.
    const aliceId = api.createType('AccountId', alice.address).toHex();
    const mine = (who) => who.toHex() === aliceId;
    let withdrawn = 0n;
    let deposited = 0n;
    for (const { event } of result.events) {
      if (event.section !== 'balances') continue;
      if (event.method === 'Withdraw' && mine(event.data[0])) withdrawn += event.data[1].toBigInt();
      if (event.method === 'Deposit' && mine(event.data[0])) deposited += event.data[1].toBigInt();
    }
    const authorShare = fee - (withdrawn - deposited);
    const aliceBefore = await freeBalance(alice.address, parent);
    const aliceAfter = await freeBalance(alice.address, result.blockHash);
    const paid = aliceBefore - aliceAfter;
    console.log(
      `METRIC transfer amount=${formatOpen(amount)} fee=${formatOpen(fee)} (${fee} planck) ` +
        `alice_paid=${formatOpen(paid)} author_share_back_to_alice=${authorShare} planck`,
    );
    assert.ok(authorShare >= 0n && authorShare <= fee, `author share ${authorShare} within [0, fee]`);
    assert.equal(paid, amount + fee - authorShare, 'Alice pays the amount plus the fee');
    if (authorShare === 0n) assert.equal(paid, amount + fee);
  });

  step('a transaction with an already used nonce is rejected by the pool', { timeout: 120_000 }, async () => {
    let { nonce } = await api.query.system.account(alice.address);
    if (nonce.toNumber() === 0) {
      await sendAndWatch(api.tx.balances.transferKeepAlive(bob.address, UNIT), alice);
      ({ nonce } = await api.query.system.account(alice.address));
    }
    const staleNonce = nonce.toNumber() - 1;
    await assert.rejects(
      sendAndWatch(api.tx.balances.transferKeepAlive(bob.address, UNIT), alice, { nonce: staleNonce, timeoutMs: 30_000 }),
      (error) => {
        console.log(`stale nonce ${staleNonce} rejected: ${error.message}`);
        assert.match(error.message, /stale|outdated|priority|1010/i);
        return true;
      },
    );
  });

  step('an account without funds cannot pay fees', { timeout: 60_000 }, async () => {
    const empty = freshAccount();
    await assert.rejects(
      sendAndWatch(api.tx.balances.transferKeepAlive(bob.address, UNIT), empty, { timeoutMs: 30_000 }),
      (error) => {
        console.log(`unfunded sender rejected: ${error.message}`);
        assert.match(error.message, /1010|Inability to pay some fees/i);
        return true;
      },
    );
  });

  step('a transfer larger than the balance fails with a readable error', { timeout: 120_000 }, async () => {
    const poor = freshAccount();
    const funding = 1n * UNIT;
    const funded = await sendAndWatch(api.tx.balances.transferKeepAlive(poor.address, funding), alice);
    assert.equal(funded.dispatchError, null, `funding failed: ${funded.dispatchError?.text}`);
    assert.ok(funding > EXISTENTIAL_DEPOSIT);

    const tooMuch = 10n * UNIT;
    let outcome;
    try {
      const result = await sendAndWatch(api.tx.balances.transferKeepAlive(bob.address, tooMuch), poor, { timeoutMs: 60_000 });
      assert.ok(result.dispatchError, 'transfer above the balance must not succeed');
      outcome = `dispatch error ${result.dispatchError.text}`;
      assert.match(result.dispatchError.name, /FundsUnavailable|InsufficientBalance/);
      assert.ok(eventNames(result.events).includes('system.ExtrinsicFailed'));
    } catch (error) {
      if (error.code === 'ERR_ASSERTION') throw error;
      outcome = `pool rejection ${error.message}`;
      assert.match(error.message, /1010|Inability to pay some fees/i);
    }
    console.log(`overdraft outcome: ${outcome}`);
    const left = await freeBalance(poor.address);
    assert.ok(left > 0n && left <= funding, `poor account keeps its funds minus at most a fee (has ${formatOpen(left)})`);
  });

  step('survives malformed JSON-RPC and keeps answering', { timeout: 60_000 }, async () => {
    const cases = [
      { what: 'invalid JSON', body: '{"jsonrpc":"2.0","id":1,"method":', code: -32700 },
      { what: 'unknown method', body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'openledger_noSuchMethod', params: [] }), code: -32601 },
      { what: 'wrong params', body: JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'chain_getBlockHash', params: ['not-a-number'] }), code: -32602 },
      { what: 'wrong params (bytes)', body: JSON.stringify({ jsonrpc: '2.0', id: 4, method: 'state_getStorage', params: [42] }), code: -32602 },
      { what: 'not a JSON-RPC request', body: JSON.stringify({ hello: 'world' }), code: null },
      { what: 'binary garbage', body: Buffer.from([0xff, 0x00, 0xfe, 0x7b, 0x22]), code: null },
    ];
    for (const c of cases) {
      const { status, text, json } = await rawPost(node.httpUrl, c.body);
      console.log(`${c.what}: HTTP ${status} ${text.slice(0, 160)}`);
      assert.ok(json && typeof json === 'object', `${c.what}: answer is JSON (HTTP ${status}: ${text.slice(0, 200)})`);
      assert.equal(json.jsonrpc, '2.0', `${c.what}: answer is JSON-RPC 2.0`);
      assert.ok(json.error && typeof json.error.code === 'number', `${c.what}: answer is an error object: ${text}`);
      assert.equal(json.result, undefined, `${c.what}: no result`);
      if (c.code !== null) assert.equal(json.error.code, c.code, `${c.what}: error code`);
      else assert.ok(json.error.code < 0, `${c.what}: negative error code`);
    }
    const health = await rpc(node.httpUrl, 'system_health');
    assert.equal(typeof health.peers, 'number');
    assert.equal(typeof health.isSyncing, 'boolean');
    const viaWs = await api.rpc.system.health();
    assert.ok(viaWs.peers !== undefined, 'WebSocket RPC still answers');
    const before = await bestNumber();
    await waitFor(async () => (await bestNumber()) > before, { timeoutMs: 30_000, what: 'a block after the bad requests' });
  });
});
