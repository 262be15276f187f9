// Deterministic attribution end to end: a real `openledger-node --dev --tmp`, three real
// `openledger-attestor run` processes, and polkadot.js for everything a person would do.
//
// `openledger-attestor gen-dataset` writes 2,000 labelled contributions (16-dimensional raw
// vectors, 4 classes, 10% of labels flipped) and a 200-query evaluation set. Four contributors
// submit them (in batches) to Alice's auto-accepting datanet (curation fee 5%); Alice publishes
// a version; Dave registers a paid model on it with the KNN-Shapley spec (k = 5) and the
// evaluation set's hash. Charlie, Eve and Ferdie bond equally and each runs `openledger-attestor
// run`; Ferdie's content directory was tampered with (some files altered, so they no longer hash
// to their content hash and are left out). Dave opens round 0: Charlie and Eve compute the same
// root independently, Ferdie another; two thirds agree, so the root is agreed and Ferdie is
// slashed (`OtherRoot`). Bob pays for inferences; the contributor share accrues to the model's
// ledger. Round 1 shares it by round 0's scores. Then a contributor claims what it is owed with
// one Merkle proof from `openledger-attestor prove` (signed by itself), another's claim is relayed
// by Alice (the money goes to the contributor), a second claim pays nothing, a forged amount is
// refused, and `openledger-attestor verify` (from files) and `verify-round` (from the chain alone)
// recompute round 1 and confirm the chain's root; with the tampered files `verify-round` fails.

import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { u8aToHex } from '@polkadot/util';
import { blake2AsHex, blake2AsU8a } from '@polkadot/util-crypto';

import {
  Keyring, UNIT, connectApi, cryptoWaitReady, findEvent, nodeBinary, startNode, trackedSteps, waitFor,
} from './lib/node.js';
import { allSettled, eventsAt, filterEvents, freeBalance, mustFailWith, mustSucceed } from './lib/chain.js';

const CONTRIBUTIONS = 2_000;
const QUERIES = 200;
const DIMS = 16;
const K = 5;
const BATCH = 50;
const BOND = 200n * UNIT;
const BOUNTY = 30n * UNIT;
const FEE = UNIT;
const INFERENCES = 6;
const ROUND = { commitPhase: 10, revealPhase: 5, slashFraction: 100_000_000, trustThreshold: 500_000_000 };

// `hash` is reserved in polkadot.js (a codec's `.hash` is the hash of its encoding), so a field
// named `hash` reads as `hash_`.
const rootHash = (ledger) => ledger.root.hash_.toHex();

const attestorBinary = () => path.join(path.dirname(nodeBinary()), 'openledger-attestor');

let node;
let api;
const run = trackedSteps(it);
const { step } = run;

describe('attribution anyone can recompute, on a dev node with three attestors', { timeout: 20 * 60_000 }, () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'openledger-attestor-e2e-'));
  const data = path.join(work, 'data');
  const children = [];
  const logs = {};
  let alice;
  let bob;
  let dave;
  let attestors;
  let contributors;
  let datanet;
  let model;
  let hashes;

  const attestor = (...args) => execFileSync(attestorBinary(), args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const ledgerView = async () => {
    const view = await api.call.attributionApi.modelLedger(model);
    return view.isSome ? view.unwrap() : null;
  };
  const activeBond = async (pair) => (await api.call.attributionApi.attestor(pair.address)).unwrap().active.toBigInt();
  const readRoot = (who, round) => JSON.parse(fs.readFileSync(path.join(work, who, `root-${model}-${round}.json`), 'utf8'));

  /** Opens a round as Dave and waits until the attestors' run finalizes it; returns its view. */
  async function runRound(round) {
    const opened = await mustSucceed(api.tx.attribution.openRound(model, BOUNTY), dave);
    assert.equal(findEvent(opened.events, 'attribution', 'RootRoundOpened').event.data.round.toNumber(), round);
    await waitFor(async () => {
      const view = await api.call.attributionApi.round(model, round);
      return view.isSome && view.unwrap().phase.isFinalized;
    }, { timeoutMs: 180_000, intervalMs: 1_000, what: `round ${round} finalized by the attestors` });
    return (await api.call.attributionApi.round(model, round)).unwrap();
  }

  before(async () => {
    await cryptoWaitReady();
    try {
      node = await startNode({ name: 'attestor' });
      api = await connectApi(node.wsUrl);
    } catch (error) {
      run.failed = true;
      throw error;
    }
    const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
    [alice, bob, dave] = ['//Alice', '//Bob', '//Dave'].map((uri) => keyring.addFromUri(uri));
    attestors = { charlie: keyring.addFromUri('//Charlie'), eve: keyring.addFromUri('//Eve'), ferdie: keyring.addFromUri('//Ferdie') };
    contributors = [0, 1, 2, 3].map((i) => keyring.addFromUri(`//attestor-e2e-contributor-${i}`));
  }, { timeout: 180_000 });

  after(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    if (run.failed) for (const [who, file] of Object.entries(logs)) console.log(`--- ${who} attestor log ---\n${fs.readFileSync(file, 'utf8').split('\n').slice(-40).join('\n')}`);
    if (api) await api.disconnect().catch(() => {});
    if (node) {
      await node.stop();
      if (run.failed) console.log(`--- ${node.logFile} (last lines) ---\n${node.tail(80)}`);
      else node.removeLogs();
    }
    if (!run.failed) fs.rmSync(work, { recursive: true, force: true });
  }, { timeout: 60_000 });

  step('a synthetic labelled dataset: 2,000 contributions, 200 evaluation queries, 10% of labels flipped', {}, async () => {
    attestor('gen-dataset', '--out', data, '--contributions', String(CONTRIBUTIONS), '--queries', String(QUERIES),
      '--dims', String(DIMS), '--classes', '4', '--accounts', '4', '--seed', '5');
    hashes = fs.readFileSync(path.join(data, 'contributions.csv'), 'utf8').trim().split('\n').slice(1).map((line) => line.split(',')[1]);
    assert.equal(hashes.length, CONTRIBUTIONS);
  });

  step('four contributors submit them in batches to an auto-accepting datanet; Alice publishes a version', {}, async () => {
    await mustSucceed(api.tx.utility.batchAll(contributors.map((c) => api.tx.balances.transferKeepAlive(c.address, 1_000n * UNIT))), alice);
    const created = await mustSucceed(api.tx.datanets.create('synthetic digits', 'ipfs://bafy-synthetic', {
      admission: 'Open', review: 'AutoAccept', contributionDeposit: 0, rejectionSlash: 0, curationFee: 50_000_000,
      maxContributionSize: 1_024,
    }, { mayTrain: true, commercialUse: true, attributionRequired: true, derivativesAllowed: true, uri: null }), alice);
    datanet = findEvent(created.events, 'datanets', 'Created').event.data.datanet.toNumber();
    // Contribution i goes to contributor i mod 4, in batches of BATCH, one batch per contributor at a time.
    const batches = contributors.map(() => []);
    hashes.forEach((hash, i) => batches[i % contributors.length].push(
      api.tx.contributions.submit(datanet, hash, 2 + DIMS, 'Data', `ipfs://item-${i}`, [], 2n ** 128n - 1n, 1_000_000_000),
    ));
    for (let offset = 0; offset < CONTRIBUTIONS / contributors.length; offset += BATCH) {
      await allSettled(contributors.map((c, i) => mustSucceed(api.tx.utility.batchAll(batches[i].slice(offset, offset + BATCH)), c)));
    }
    await mustSucceed(api.tx.datanets.publishVersion(datanet), alice);
  });

  step('Dave registers a paid model with the KNN-Shapley spec; the runtime API returns the spec and its hash', {}, async () => {
    const evaluation = fs.readFileSync(path.join(data, 'evaluation.bin'));
    const spec = { method: { KnnShapley: { k: K } }, format: { RawI8: { dims: DIMS } }, evaluationSet: blake2AsHex(evaluation, 256), evaluationQueries: QUERIES };
    const registered = await mustSucceed(api.tx.attribution.registerModelWithSpec(
      'synthetic-knn', blake2AsHex('weights', 256), 'ipfs://bafy-model', [[datanet, 1]], FEE, spec,
      `file://${path.join(data, 'evaluation.bin')}`, 0,
    ), dave);
    model = findEvent(registered.events, 'attribution', 'ModelRegistered').event.data.model.toNumber();
    const declared = findEvent(registered.events, 'attribution', 'AttributionSpecDeclared').event.data.specHash.toHex();
    const view = (await api.call.attributionApi.modelSpec(model)).unwrap();
    assert.equal(view.hash_.toHex(), declared);
    assert.equal(view.spec.method.asKnnShapley.k.toNumber(), K);
    // The spec hash is blake2_256("openledger/attribution-spec/v1" ++ SCALE(spec)).
    const preimage = new Uint8Array([...new TextEncoder().encode('openledger/attribution-spec/v1'), ...view.spec.toU8a()]);
    assert.equal(u8aToHex(blake2AsU8a(preimage, 256)), declared);
    // All 2,000 contributions are training items, paged by the runtime API.
    let count = 0;
    let startAfter = null;
    for (;;) {
      const page = await api.call.attributionApi.trainingItems(model, startAfter, 500);
      count += page.items.length;
      if (page.next.isNone) break;
      startAfter = page.next.unwrap();
    }
    assert.equal(count, CONTRIBUTIONS);
    await mustSucceed(api.tx.sudo.sudo(api.tx.attribution.setRoundParameters(ROUND)), alice);
  });

  step('Charlie, Eve and Ferdie bond and start `openledger-attestor run`; Ferdie\'s content is tampered with', {}, async () => {
    await allSettled(Object.values(attestors).map((pair) => mustSucceed(api.tx.attribution.bond(BOND), pair)));
    const tampered = path.join(work, 'tampered');
    fs.cpSync(path.join(data, 'content'), tampered, { recursive: true });
    for (const hash of hashes.slice(0, 25)) {
      const file = path.join(tampered, hash.slice(2, 4), hash.slice(2));
      const bytes = fs.readFileSync(file);
      bytes[2] ^= 0x7f;
      fs.writeFileSync(file, bytes);
    }
    for (const [who, pair] of Object.entries(attestors)) {
      const content = who === 'ferdie' ? tampered : path.join(data, 'content');
      logs[who] = path.join(work, `${who}.log`);
      const out = fs.openSync(logs[who], 'a');
      const child = spawn(attestorBinary(), [
        'run', '--rpc', node.httpUrl, '--suri', `//${who[0].toUpperCase()}${who.slice(1)}`, '--model', String(model),
        '--content', content, '--publish', path.join(work, who), '--rounds', '2', '--threads', '1', '--poll-ms', '500',
      ], { stdio: ['ignore', out, out] });
      fs.closeSync(out);
      children.push(child);
      assert.ok(pair.address);
    }
  });

  step('round 0: Charlie and Eve agree on the root, Ferdie (tampered) reveals another and is slashed', {}, async () => {
    const before = { ferdie: await activeBond(attestors.ferdie), charlie: await activeBond(attestors.charlie) };
    const view = await runRound(0);
    assert.ok(view.quorumReached, 'two thirds of the revealed stake, and over half of the active stake, agreed');
    const [charlie, eve, ferdie] = ['charlie', 'eve', 'ferdie'].map((who) => readRoot(who, 0));
    assert.equal(charlie.root, eve.root, 'two attestors computing independently agree bit for bit');
    assert.notEqual(ferdie.root, charlie.root);
    assert.equal(ferdie.leftOut.length, 25);
    assert.ok(ferdie.leftOut.every((entry) => entry.status === 'hash-mismatch'));
    const ledger = await ledgerView();
    assert.equal(ledger.round.toNumber(), 0);
    assert.equal(rootHash(ledger), charlie.root);
    assert.equal(ledger.root.owed.toBigInt(), 0n, 'the first root owes nothing: no epoch closed yet');
    assert.equal(await activeBond(attestors.ferdie), before.ferdie - before.ferdie / 10n, 'Ferdie lost 10% of his bond');
    assert.equal(await activeBond(attestors.charlie), before.charlie, 'Charlie kept his');
  });

  step('Bob pays for inferences; the contributor share accrues to the model\'s ledger', {}, async () => {
    for (let i = 0; i < INFERENCES; i += 1) {
      const { events } = await mustSucceed(api.tx.attribution.recordInference(model, FEE, blake2AsHex(`q${i}`, 256), blake2AsHex(`a${i}`, 256), null), bob);
      const split = findEvent(events, 'rewards', 'FeeDistributed').event.data;
      assert.ok(split.ledger.toBigInt() > 0n, 'the contributor share went to the ledger');
      assert.equal(split.modelPool.toBigInt(), 0n);
    }
    const ledger = (await api.call.rewardsApi.ledger(model)).unwrap();
    assert.ok(ledger.inflow.toBigInt() > 0n);
    // The attestors' share goes to those who agreed on round 0's root, by stake: Charlie and
    // Eve earn it, Ferdie (refuted and slashed) does not.
    const attestorsOwed = async (pair) => (await api.call.rewardsApi.pendingIn(pair.address, { Attestors: model })).toBigInt();
    assert.ok(await attestorsOwed(attestors.charlie) > 0n, 'Charlie earns the attestors\' share');
    assert.ok(await attestorsOwed(attestors.eve) > 0n, 'Eve earns the attestors\' share');
    assert.equal(await attestorsOwed(attestors.ferdie), 0n, 'Ferdie earns none of it');
  });

  step('round 1 shares the inflow by round 0\'s scores: Charlie and Eve agree again, the root owes what arrived', {}, async () => {
    const inflow = (await api.call.rewardsApi.ledger(model)).unwrap().inflow.toBigInt();
    const view = await runRound(1);
    assert.ok(view.quorumReached);
    const [charlie, eve, ferdie] = ['charlie', 'eve', 'ferdie'].map((who) => readRoot(who, 1));
    assert.equal(charlie.root, eve.root);
    assert.notEqual(ferdie.root, charlie.root);
    const ledger = await ledgerView();
    assert.equal(ledger.round.toNumber(), 1);
    assert.equal(rootHash(ledger), charlie.root);
    const owed = ledger.root.owed.toBigInt();
    assert.ok(owed <= inflow && inflow - owed < BigInt(ledger.root.leaves.toNumber()), `owed ${owed} of ${inflow}: dust under one unit per leaf`);
    assert.equal(ledger.inflow.toBigInt(), inflow);
    await waitFor(async () => children.every((child) => child.exitCode !== null), { timeoutMs: 60_000, what: 'attestors stopping after two rounds' });
    assert.ok(children.every((child) => child.exitCode === 0), 'every attestor exited cleanly');
  });

  const proofOf = (pair) => {
    const root = (readRoot('charlie', 1)).root;
    return JSON.parse(attestor('prove', '--leaves', path.join(work, 'charlie', `${root}.leaves`), '--account', pair.address));
  };
  const claimTx = (pair, proof, owed = BigInt(proof.leaf.owed)) => api.tx.rewards.claimByProof(
    model, pair.address, owed, BigInt(proof.leaf.score), proof.proof.index,
    proof.proof.siblings.map((s) => ({ hash: s.hash, owed: BigInt(s.owed), score: BigInt(s.score) })),
  );

  step('a contributor claims everything it is owed with one proof; a relayed claim pays the contributor', {}, async () => {
    const [first, second] = contributors;
    const proof = proofOf(first);
    const owed = BigInt(proof.leaf.owed);
    assert.ok(owed > 0n, 'the contributor is owed something');
    assert.ok(proof.proof.siblings.length <= Math.ceil(Math.log2(6)), 'a proof of at most ceil(log2 n) nodes');
    const { blockHash, events } = await mustSucceed(claimTx(first, proof), first);
    const claimed = findEvent(events, 'rewards', 'LedgerClaimed').event.data;
    assert.equal(claimed.amount.toBigInt(), owed);
    const fee = filterEvents(await eventsAt(api, blockHash), 'transactionPayment', 'TransactionFeePaid')
      .find(({ event }) => event.data.who.toString() === first.address)?.event.data.actualFee.toBigInt() ?? 0n;
    const header = await api.rpc.chain.getHeader(blockHash);
    const beforeBalance = await freeBalance(api, first.address, header.parentHash);
    assert.equal(await freeBalance(api, first.address, blockHash), beforeBalance + owed - fee);

    // Alice relays the second contributor's claim: the money goes to the contributor, who pays nothing.
    const relayed = proofOf(second);
    const secondBefore = await freeBalance(api, second.address);
    await mustSucceed(claimTx(second, relayed), alice);
    assert.equal(await freeBalance(api, second.address), secondBefore + BigInt(relayed.leaf.owed));
    assert.equal((await api.call.rewardsApi.ledgerClaimed(model, second.address)).toBigInt(), BigInt(relayed.leaf.owed));
  });

  step('claiming again pays nothing; a forged amount or another account\'s leaf is refused', {}, async () => {
    const [first, , third] = contributors;
    const proof = proofOf(first);
    await mustFailWith(claimTx(first, proof), first, 'rewards', 'NothingToClaim');
    const thirds = proofOf(third);
    await mustFailWith(claimTx(third, thirds, BigInt(thirds.leaf.owed) + 1n), third, 'rewards', 'InvalidProof');
    // Third's proof presented for Bob, who has no leaf.
    await mustFailWith(claimTx(bob, thirds), bob, 'rewards', 'InvalidProof');
  });

  step('`openledger-attestor verify` recomputes round 1 from the chain\'s data and confirms its root', {}, async () => {
    // The training items and payees as the chain lists them, as the CSV `verify` takes.
    const rows = ['id,content_hash,contributor,curator,curation_fee_ppb'];
    let startAfter = null;
    const items = [];
    for (;;) {
      const page = await api.call.attributionApi.trainingItems(model, startAfter, 1_000);
      items.push(...page.items);
      if (page.next.isNone) break;
      startAfter = page.next.unwrap();
    }
    items.sort((a, b) => (a.id.toBigInt() < b.id.toBigInt() ? -1 : 1));
    for (const item of items) {
      rows.push([item.id.toString(), item.contentHash.toHex(), item.contributor.toString(), item.curator.unwrap().toString(), item.curationFee.toNumber()].join(','));
    }
    const csv = path.join(work, 'chain-contributions.csv');
    fs.writeFileSync(csv, `${rows.join('\n')}\n`);
    const ledger = await ledgerView();
    const round0 = readRoot('charlie', 0).root;
    const inflow = (await api.call.attributionApi.roundInflow(model, 1)).unwrap().toBigInt();
    const report = JSON.parse(attestor('verify', '--k', String(K), '--dims', String(DIMS),
      '--evaluation', path.join(data, 'evaluation.bin'), '--contributions', csv, '--content', path.join(data, 'content'),
      '--previous', path.join(work, 'eve', `${round0}.leaves`), '--pot', String(inflow),
      '--root', rootHash(ledger), '--leaves', path.join(work, 'eve', `${rootHash(ledger)}.leaves`)));
    assert.equal(report.matches, true, JSON.stringify(report).slice(0, 400));
    assert.equal(report.publishedLeavesMatch, true, 'the published leaves are the recomputed ones');
  });
  step('`openledger-attestor verify-round` checks round 1 from the chain alone; tampered files fail it with the first differing leaf', {}, async () => {
    const report = JSON.parse(attestor('verify-round', '--rpc', node.httpUrl, '--model', String(model), '--round', '1',
      '--content', path.join(data, 'content'), '--out', path.join(work, 'verify-good')));
    assert.equal(report.matches, true);
    assert.equal(report.publishedLeavesMatch, true);
    assert.equal(report.chainRoot, rootHash(await ledgerView()));
    let failed = null;
    try {
      attestor('verify-round', '--rpc', node.httpUrl, '--model', String(model), '--round', '1',
        '--content', path.join(work, 'tampered'), '--out', path.join(work, 'verify-bad'));
    } catch (error) {
      failed = error;
    }
    assert.ok(failed, 'verify-round with tampered content fails');
    assert.equal(failed.status, 1, 'exit 1: the root does not match');
    const bad = JSON.parse(failed.stdout);
    assert.equal(bad.matches, false);
    assert.equal(bad.leftOut.length, 25);
    assert.equal(typeof bad.firstDifferingLeaf.index, 'number');
  });
});
