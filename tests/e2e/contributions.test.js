// Contributions end-to-end: a real `openledger-node --dev --tmp` driven by polkadot.js with no
// custom types. Alice creates a curated datanet with a small contribution deposit; Bob submits a
// contribution, Charlie's copy of the same content and Charlie's attempt to review are refused
// with named, documented errors, Alice accepts; Bob submits and withdraws a second contribution
// (both deposits come back) and revokes the accepted one. Last, Dave registers through a
// content commitment and Charlie's copy, included between commitment and reveal, is displaced. Every step is checked against events,
// held balances and the typed runtime API (`api.call.contributionsApi.*`).
//
// Content hashes are random, and every check is relative to the datanet this run creates or to
// balances read before the step, so the file also passes against a chain it has run on before.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { hexToU8a, stringToU8a, u8aConcat } from '@polkadot/util';
import { blake2AsHex } from '@polkadot/util-crypto';

import {
  Keyring, UNIT, connectApi, cryptoWaitReady, findEvent, randomAsU8a, sendAndWatch, startNode,
  trackedSteps,
} from './lib/node.js';

let node;
let api;
let alice;
let bob;
let charlie;
let dave;
const run = trackedSteps(it);
const { step } = run;

/** The datanet's contribution deposit: 0.01 OPEN. */
const CONTRIBUTION_DEPOSIT = UNIT / 100n;
/** Its rejection slash: 10% (Perbill). */
const REJECTION_SLASH = 100_000_000;
const SIZE = 2_048;
const METADATA_URI = 'ipfs://bafy-contribution-e2e';

/** A fresh content hash: blake2-256 of random bytes. */
const freshHash = () => blake2AsHex(randomAsU8a(64), 256);

/** Submits and requires success; a failure message names the module error and its docs. */
async function mustSucceed(tx, signer) {
  const result = await sendAndWatch(tx, signer);
  assert.equal(result.dispatchError, null, `${tx.method.section}.${tx.method.method} failed: ${result.dispatchError?.text}`);
  return result;
}

/**
 * Submits a transaction that must fail with the module error `section.name`; decodes the error
 * from the extrinsic's `system.ExtrinsicFailed` event through `api.registry.findMetaError` and
 * checks its documentation is not empty. Returns the decoded metadata error.
 */
async function mustFailWith(tx, signer, section, name) {
  const result = await sendAndWatch(tx, signer);
  assert.equal(result.dispatchError?.name, `${section}.${name}`, `expected ${section}.${name}, got ${result.dispatchError?.text ?? 'success'}`);
  const failed = findEvent(result.events, 'system', 'ExtrinsicFailed');
  assert.ok(failed, 'the extrinsic emitted system.ExtrinsicFailed');
  const { dispatchError } = failed.event.data;
  assert.ok(dispatchError.isModule, `a module error, not ${dispatchError.type}`);
  const meta = api.registry.findMetaError(dispatchError.asModule);
  assert.equal(meta.section, section);
  assert.equal(meta.name, name);
  assert.ok(meta.docs.join(' ').trim().length > 0, `${section}.${name} is documented`);
  return meta;
}

/** What `address` has on hold under `pallet`'s hold reason `reason`. */
async function heldUnder(address, pallet, reason) {
  const holds = await api.query.balances.holds(address);
  return holds
    .filter((hold) => hold.id.type === pallet && hold.id.value.type === reason)
    .reduce((sum, hold) => sum + hold.amount.toBigInt(), 0n);
}

/** Bob's (or anyone's) contribution deposits, storage deposits and total reserved balance. */
async function deposits(address) {
  const [review, storage, account] = await Promise.all([
    heldUnder(address, 'Contributions', 'ContributionDeposit'),
    heldUnder(address, 'Contributions', 'StorageDeposit'),
    api.query.system.account(address),
  ]);
  return { review, storage, reserved: account.data.reserved.toBigInt() };
}

/** Every contribution on the pages `page(startAfter)` returns, following them to the end. */
async function allPages(limit, page) {
  const full = Math.min(limit, api.consts.contributions.maxPageSize.toNumber());
  const items = [];
  let startAfter = null;
  for (;;) {
    const batch = await page(startAfter, limit);
    assert.ok(batch.length <= full, 'a page never exceeds min(limit, MaxPageSize)');
    items.push(...batch);
    if (batch.length < full) return items;
    startAfter = batch[batch.length - 1].id;
  }
}

/** The contribution's `ContributionInfo` from the runtime API; it must exist. */
async function contribution(id) {
  const info = await api.call.contributionsApi.contribution(id);
  assert.ok(info.isSome, `contribution ${id} exists`);
  return info.unwrap();
}

// Bob accepts the datanet's deposit and slash as they are; above them `submit` fails.
const submitTx = (datanet, hash, kind = 'Data', parents = [], maxDeposit = CONTRIBUTION_DEPOSIT, maxSlash = REJECTION_SLASH) =>
  api.tx.contributions.submit(datanet, hash, SIZE, kind, METADATA_URI, parents, maxDeposit, maxSlash);

describe('contributions on a dev node', { timeout: 10 * 60_000 }, () => {
  let datanet;
  // Bob's first (later accepted, then revoked) contribution.
  let id;
  let hash;
  let acceptedAt;
  // Bob's deposits before his first submission.
  let bobBefore;

  before(
    async () => {
      await cryptoWaitReady();
      try {
        node = await startNode({ name: 'contributions' });
        api = await connectApi(node.wsUrl);
      } catch (error) {
        run.failed = true;
        throw error;
      }
      const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
      alice = keyring.addFromUri('//Alice');
      bob = keyring.addFromUri('//Bob');
      charlie = keyring.addFromUri('//Charlie');
      dave = keyring.addFromUri('//Dave');
    },
    { timeout: 180_000 },
  );

  after(
    async () => {
      if (api) await api.disconnect().catch(() => {});
      if (node) {
        await node.stop();
        if (run.failed) console.log(`--- ${node.logFile} (last lines) ---\n${node.tail(120)}`);
        else node.removeLogs();
      }
    },
    { timeout: 60_000 },
  );

  step('metadata exposes the pallet, its constants and the typed runtime API', {}, async () => {
    for (const call of ['submit', 'review', 'withdraw', 'revoke', 'commitContent', 'submitCommitted', 'cancelCommitment']) {
      assert.ok(api.tx.contributions?.[call], `api.tx.contributions.${call} exists`);
    }
    for (const method of ['contribution', 'contributionByContentHash', 'contributionsByContributor', 'contributionsByDatanet', 'reputation']) {
      assert.ok(api.call.contributionsApi?.[method], `api.call.contributionsApi.${method} exists`);
    }
    assert.ok(api.consts.contributions.maxPageSize.toNumber() > 0);
    assert.ok(api.errors.contributions.DuplicateContent, 'the error is in the metadata');
  });

  step('Alice creates a curated datanet with a small contribution deposit', {}, async () => {
    const { events } = await mustSucceed(
      api.tx.datanets.create('e2e contributions', 'ipfs://bafy-e2e-contributions', {
        admission: 'Open', review: 'Curated', contributionDeposit: CONTRIBUTION_DEPOSIT,
        rejectionSlash: REJECTION_SLASH, curationFee: 0, maxContributionSize: 1_048_576,
      }, { mayTrain: true, commercialUse: true, attributionRequired: true, derivativesAllowed: true, uri: null }),
      alice,
    );
    const created = findEvent(events, 'datanets', 'Created');
    assert.ok(created, 'Created event');
    datanet = created.event.data.datanet.toNumber();
    const info = (await api.call.datanetsApi.datanet(datanet)).unwrap();
    assert.equal(info.policy.contributionDeposit.toBigInt(), CONTRIBUTION_DEPOSIT);
    assert.ok(info.policy.review.isCurated);
  });

  step('a deposit or slash above the limits Bob signed fails (DepositAboveLimit, SlashAboveLimit) and holds nothing', {}, async () => {
    const before = await deposits(bob.address);
    await mustFailWith(submitTx(datanet, freshHash(), 'Data', [], CONTRIBUTION_DEPOSIT - 1n), bob, 'contributions', 'DepositAboveLimit');
    await mustFailWith(submitTx(datanet, freshHash(), 'Data', [], CONTRIBUTION_DEPOSIT, REJECTION_SLASH - 1), bob, 'contributions', 'SlashAboveLimit');
    const after = await deposits(bob.address);
    assert.equal(after.review, before.review, 'no contribution deposit held');
    assert.equal(after.storage, before.storage, 'no storage deposit held');
  });

  step('Bob submits a contribution and both its deposits are held', {}, async () => {
    hash = freshHash();
    bobBefore = await deposits(bob.address);
    const { events } = await mustSucceed(submitTx(datanet, hash), bob);
    const submitted = findEvent(events, 'contributions', 'ContributionSubmitted');
    assert.ok(submitted, 'ContributionSubmitted event');
    assert.ok(!findEvent(events, 'contributions', 'ContributionAccepted'), 'a curated datanet does not accept at once');
    id = submitted.event.data.id.toBigInt();
    assert.equal(submitted.event.data.datanet.toNumber(), datanet);
    assert.equal(submitted.event.data.contributor.toString(), bob.address);
    assert.equal(submitted.event.data.contentHash.toHex(), hash);
    assert.ok(submitted.event.data.kind.isData);

    const info = await contribution(id);
    assert.ok(info.status.isPending);
    assert.equal(info.reviewDeposit.toBigInt(), CONTRIBUTION_DEPOSIT);
    const storageDeposit = info.storageDeposit.toBigInt();
    assert.ok(storageDeposit > 0n, 'a storage deposit is held');
    assert.equal(info.held.toBigInt(), CONTRIBUTION_DEPOSIT + storageDeposit);

    const now = await deposits(bob.address);
    assert.equal(now.review - bobBefore.review, CONTRIBUTION_DEPOSIT, 'held under ContributionDeposit');
    assert.equal(now.storage - bobBefore.storage, storageDeposit, 'held under StorageDeposit');
    assert.equal(now.reserved - bobBefore.reserved, CONTRIBUTION_DEPOSIT + storageDeposit);
  });

  step('the same content hash from Charlie fails with contributions.DuplicateContent', {}, async () => {
    const before = await deposits(charlie.address);
    const meta = await mustFailWith(submitTx(datanet, hash), charlie, 'contributions', 'DuplicateContent');
    assert.match(meta.docs.join(' '), /already registered/i);
    assert.deepEqual(await deposits(charlie.address), before, 'nothing is held from Charlie');
    // The hash still belongs to Bob's contribution.
    const owner = (await api.call.contributionsApi.contributionByContentHash(hash)).unwrap();
    assert.equal(owner.id.toBigInt(), id);
    assert.equal(owner.contributor.toString(), bob.address);
  });

  step('Charlie, not a curator, cannot review (contributions.NotCurator)', {}, async () => {
    for (const verdict of ['Accept', 'Reject']) {
      await mustFailWith(api.tx.contributions.review(id, verdict), charlie, 'contributions', 'NotCurator');
    }
    assert.ok((await contribution(id)).status.isPending, 'still pending');
  });

  step('Alice accepts; the contribution deposit comes back, the storage deposit stays', {}, async () => {
    const { blockHash, events } = await mustSucceed(api.tx.contributions.review(id, 'Accept'), alice);
    const accepted = findEvent(events, 'contributions', 'ContributionAccepted');
    assert.ok(accepted, 'ContributionAccepted event');
    assert.equal(accepted.event.data.id.toBigInt(), id);
    assert.equal(accepted.event.data.curator.unwrap().toString(), alice.address);
    assert.equal(accepted.event.data.leafIndex.toNumber(), 0, 'the first leaf of a new datanet');
    assert.equal(accepted.event.data.refunded.toBigInt(), CONTRIBUTION_DEPOSIT);
    acceptedAt = (await api.rpc.chain.getHeader(blockHash)).number.toNumber();

    const info = await contribution(id);
    assert.ok(info.status.isAccepted);
    assert.equal(info.status.asAccepted.leafIndex.toNumber(), 0);
    assert.equal(info.status.asAccepted.acceptedAt.toNumber(), acceptedAt);
    assert.equal(info.held.toBigInt(), info.storageDeposit.toBigInt());

    const now = await deposits(bob.address);
    assert.equal(now.review, bobBefore.review, 'contribution deposit released');
    assert.equal(now.storage - bobBefore.storage, info.storageDeposit.toBigInt(), 'storage deposit stays');
    const reputation = await api.call.contributionsApi.reputation(datanet, bob.address);
    assert.equal(reputation.accepted.toNumber(), 1);
  });

  step('Bob submits another and withdraws it: both deposits come back', {}, async () => {
    const secondHash = freshHash();
    const before = await deposits(bob.address);
    const { events } = await mustSucceed(submitTx(datanet, secondHash, 'Label', [id]), bob);
    const second = findEvent(events, 'contributions', 'ContributionSubmitted').event.data.id.toBigInt();
    const info = await contribution(second);
    assert.deepEqual(info.parents.map((parent) => parent.toBigInt()), [id], 'lineage is recorded');
    const held = info.held.toBigInt();
    assert.equal(held, CONTRIBUTION_DEPOSIT + info.storageDeposit.toBigInt());
    assert.equal((await deposits(bob.address)).reserved - before.reserved, held);

    const withdrawn = await mustSucceed(api.tx.contributions.withdraw(second), bob);
    const event = findEvent(withdrawn.events, 'contributions', 'ContributionWithdrawn');
    assert.ok(event, 'ContributionWithdrawn event');
    assert.equal(event.event.data.refunded.toBigInt(), held);
    assert.deepEqual(await deposits(bob.address), before, 'held balances are back to where they were');
    assert.ok((await api.call.contributionsApi.contribution(second)).isNone, 'the record is gone');
    assert.ok((await api.call.contributionsApi.contributionByContentHash(secondHash)).isNone, 'the hash is free again');
  });

  step('Bob revokes the accepted contribution', {}, async () => {
    const { blockHash, events } = await mustSucceed(api.tx.contributions.revoke(id), bob);
    const revoked = findEvent(events, 'contributions', 'ContributionRevoked');
    assert.ok(revoked, 'ContributionRevoked event');
    assert.equal(revoked.event.data.id.toBigInt(), id);
    assert.equal(revoked.event.data.leafIndex.toNumber(), 0);
    const revokedAt = (await api.rpc.chain.getHeader(blockHash)).number.toNumber();
    const { status } = await contribution(id);
    assert.ok(status.isRevoked);
    assert.equal(status.asRevoked.leafIndex.toNumber(), 0);
    assert.equal(status.asRevoked.acceptedAt.toNumber(), acceptedAt);
    assert.equal(status.asRevoked.revokedAt.toNumber(), revokedAt);
    // Revoking twice is refused.
    await mustFailWith(api.tx.contributions.revoke(id), bob, 'contributions', 'NotAccepted');
  });

  step('the runtime API agrees: by id, by content hash, by contributor, by datanet, reputation', {}, async () => {
    const info = await contribution(id);
    assert.equal(info.id.toBigInt(), id);
    assert.equal(info.datanet.toNumber(), datanet);
    assert.equal(info.contributor.toString(), bob.address);
    assert.equal(info.contentHash.toHex(), hash);
    assert.equal(info.sizeBytes.toNumber(), SIZE);
    assert.ok(info.kind.isData);
    assert.equal(Buffer.from(info.metadataUri.toU8a(true)).toString('utf8'), METADATA_URI);
    assert.equal(info.parents.length, 0);
    assert.equal(info.reviewDeposit.toBigInt(), CONTRIBUTION_DEPOSIT);
    assert.equal(info.rejectionSlash.toNumber(), REJECTION_SLASH);
    assert.ok(info.submittedAt.toNumber() <= acceptedAt);

    const byHash = (await api.call.contributionsApi.contributionByContentHash(hash)).unwrap();
    assert.equal(byHash.toHex(), info.toHex(), 'by content hash: the same record');

    const bobs = await allPages(2, (startAfter, limit) => api.call.contributionsApi.contributionsByContributor(bob.address, startAfter, limit));
    assert.ok(bobs.every((item) => item.contributor.toString() === bob.address), 'only Bob\'s contributions');
    const mine = bobs.filter((item) => item.id.toBigInt() === id);
    assert.equal(mine.length, 1, 'Bob\'s pages hold the contribution exactly once');
    assert.equal(mine[0].toHex(), info.toHex());
    assert.equal(new Set(bobs.map((item) => item.id.toString())).size, bobs.length, 'pages never repeat an id');

    const inDatanet = await allPages(100, (startAfter, limit) => api.call.contributionsApi.contributionsByDatanet(datanet, null, startAfter, limit));
    assert.deepEqual(inDatanet.map((item) => item.id.toBigInt()), [id], 'the withdrawn one is gone');
    // Filtered by state through the datanet-and-state index.
    const byState = async (state) =>
      (await allPages(1, (startAfter, limit) => api.call.contributionsApi.contributionsByDatanet(datanet, state, startAfter, limit)))
        .map((item) => item.id.toBigInt());
    assert.deepEqual(await byState('Revoked'), [id]);
    assert.deepEqual(await byState('Pending'), []);
    assert.deepEqual(await byState('Accepted'), []);
    assert.deepEqual(await byState('Rejected'), []);

    const reputation = await api.call.contributionsApi.reputation(datanet, bob.address);
    assert.deepEqual(
      { accepted: reputation.accepted.toNumber(), rejected: reputation.rejected.toNumber(), revoked: reputation.revoked.toNumber() },
      { accepted: 1, rejected: 0, revoked: 1 },
    );
    const nobody = await api.call.contributionsApi.reputation(datanet, charlie.address);
    assert.deepEqual([nobody.accepted.toNumber(), nobody.rejected.toNumber(), nobody.revoked.toNumber()], [0, 0, 0]);
  });

  step('a committed registration displaces a copy made after the commitment (front-running)', {}, async () => {
    // Dave commits to his content without revealing it: blake2-256 of the domain tag, the
    // content hash, his public key and a random salt (openledger_core::content).
    const content = freshHash();
    const salt = randomAsU8a(32);
    const commitment = blake2AsHex(
      u8aConcat(stringToU8a('openledger/content-commitment/v1'), hexToU8a(content), dave.publicKey, salt),
      256,
    );
    const committed = await mustSucceed(api.tx.contributions.commitContent(commitment), dave);
    const posted = findEvent(committed.events, 'contributions', 'ContentCommitted');
    assert.ok(posted, 'ContentCommitted event');
    assert.equal(posted.event.data.commitment.toHex(), commitment);
    const committedAt = (await api.rpc.chain.getHeader(committed.blockHash)).number.toNumber();
    const period = api.consts.contributions.commitmentPeriod.toNumber();
    assert.equal(posted.event.data.expiresAt.toNumber(), committedAt + period, 'expires CommitmentPeriod blocks later');

    // Charlie, a watcher who sees the reveal coming, registers a copy first, auto-accepted
    // into his own datanet (blocks after the commitment).
    const own = await mustSucceed(
      api.tx.datanets.create('e2e watcher', 'ipfs://bafy-e2e-watcher', {
        admission: 'Open', review: 'AutoAccept', contributionDeposit: 0,
        rejectionSlash: 0, curationFee: 0, maxContributionSize: 1_048_576,
      }, { mayTrain: true, commercialUse: true, attributionRequired: true, derivativesAllowed: true, uri: null }),
      charlie,
    );
    const watcherDatanet = findEvent(own.events, 'datanets', 'Created').event.data.datanet.toNumber();
    const copy = await mustSucceed(submitTx(watcherDatanet, content, 'Data', [], 0, 0), charlie);
    const copyId = findEvent(copy.events, 'contributions', 'ContributionSubmitted').event.data.id.toBigInt();
    assert.ok(findEvent(copy.events, 'contributions', 'ContributionAccepted'), 'the copy was accepted at once');

    // Dave's reveal takes the content hash back.
    const revealed = await mustSucceed(
      api.tx.contributions.submitCommitted(datanet, content, SIZE, 'Data', METADATA_URI, [], CONTRIBUTION_DEPOSIT, REJECTION_SLASH, salt),
      dave,
    );
    const displaced = findEvent(revealed.events, 'contributions', 'ContributionDisplaced');
    assert.ok(displaced, 'ContributionDisplaced event');
    assert.equal(displaced.event.data.id.toBigInt(), copyId);
    assert.equal(displaced.event.data.contributor.toString(), charlie.address);
    const daveId = findEvent(revealed.events, 'contributions', 'ContributionSubmitted').event.data.id.toBigInt();
    assert.equal(displaced.event.data.by.toBigInt(), daveId);
    const owner = (await api.call.contributionsApi.contributionByContentHash(content)).unwrap();
    assert.equal(owner.id.toBigInt(), daveId);
    assert.equal(owner.contributor.toString(), dave.address);
    assert.ok((await contribution(copyId)).status.isRevoked, 'the copy is revoked');

    // The commitment was consumed: revealing it twice fails with a named error.
    await mustFailWith(
      api.tx.contributions.submitCommitted(datanet, content, SIZE, 'Data', METADATA_URI, [], CONTRIBUTION_DEPOSIT, REJECTION_SLASH, salt),
      dave, 'contributions', 'UnknownCommitment',
    );
  });
});
