// Datanets end-to-end: a real `openledger-node --dev --tmp` driven by polkadot.js with no custom
// types. Alice creates a datanet, changes its policy, appoints Bob as curator; a contributor's
// submission is accepted by Bob, Bob publishes version 1, and everything is read back through the
// typed runtime API (`api.call.datanetsApi.*`) and checked against storage and events.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import {
  Keyring, UNIT, connectApi, cryptoWaitReady, findEvent, sendAndWatch, startNode, trackedSteps,
} from './lib/node.js';

let node;
let api;
let alice;
let bob;
let charlie;
const run = trackedSteps(it);
const { step } = run;


const text = (bytes) => Buffer.from(bytes.toU8a(true)).toString('utf8');

/** Submits and requires success; a failure message names the module error and its docs. */
async function mustSucceed(tx, signer) {
  const result = await sendAndWatch(tx, signer);
  assert.equal(result.dispatchError, null, `${tx.method.section}.${tx.method.method} failed: ${result.dispatchError?.text}`);
  return result;
}

describe('datanets on a dev node', { timeout: 10 * 60_000 }, () => {
  let datanetId;

  before(
    async () => {
      await cryptoWaitReady();
      node = await startNode({ name: 'datanets' });
      api = await connectApi(node.wsUrl);
      const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
      alice = keyring.addFromUri('//Alice');
      bob = keyring.addFromUri('//Bob');
      charlie = keyring.addFromUri('//Charlie');
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
    assert.ok(api.tx.datanets?.create, 'api.tx.datanets.create exists');
    assert.equal(api.consts.datanets.maxNameLength.toNumber(), 64);
    assert.ok(api.call.datanetsApi?.datanet, 'api.call.datanetsApi.datanet exists (metadata v15 runtime API)');
  });

  step('a bad input is rejected with a named, documented error and nothing is held', {}, async () => {
    const before = (await api.query.system.account(alice.address)).data.reserved.toBigInt();
    const tooLong = 'x'.repeat(65);
    const result = await sendAndWatch(
      api.tx.datanets.create(tooLong, 'ipfs://meta', {
        admission: 'Open', review: 'Curated', contributionDeposit: UNIT, rejectionSlash: 0,
        curationFee: 0, maxContributionSize: 1024,
      }, { mayTrain: true, commercialUse: true, attributionRequired: true, derivativesAllowed: true, uri: null }),
      alice,
    );
    assert.equal(result.dispatchError?.name, 'datanets.NameTooLong');
    assert.match(result.dispatchError.docs, /64|shorten/i, 'the error says how to fix it');
    const after = (await api.query.system.account(alice.address)).data.reserved.toBigInt();
    assert.equal(after, before, 'a failed create holds no deposit');
  });

  step('Alice creates a datanet and its deposit is held', {}, async () => {
    const { events } = await mustSucceed(
      api.tx.datanets.create('Rust bugs', 'ipfs://bafy-rust-bugs', {
        admission: 'Open', review: 'Curated', contributionDeposit: UNIT, rejectionSlash: 100_000_000,
        curationFee: 50_000_000, maxContributionSize: 1_048_576,
      }, { mayTrain: true, commercialUse: true, attributionRequired: true, derivativesAllowed: true, uri: 'https://spdx.org/licenses/CC-BY-4.0' }),
      alice,
    );
    const created = findEvent(events, 'datanets', 'Created');
    assert.ok(created, 'Created event');
    datanetId = created.event.data.datanet.toNumber();
    const deposit = created.event.data.deposit.toBigInt();
    assert.ok(deposit >= UNIT, `deposit ${deposit} is at least the 1 OPEN base`);
    const holds = await api.query.balances.holds(alice.address);
    assert.ok(holds.some((h) => JSON.stringify(h.id.toJSON()).toLowerCase().includes('datanet') && h.amount.toBigInt() === deposit), 'held under a Datanets reason');
  });

  step('Alice sets a new policy; its higher curation fee is scheduled a day ahead (datanets.CurationFeeScheduled)', {}, async () => {
    const { events, blockHash } = await mustSucceed(
      api.tx.datanets.setPolicy(datanetId, {
        admission: 'Open', review: 'Curated', contributionDeposit: 2n * UNIT, rejectionSlash: 200_000_000,
        curationFee: 100_000_000, maxContributionSize: 2_097_152,
      }),
      alice,
    );
    const info = (await api.call.datanetsApi.datanet(datanetId)).unwrap();
    assert.equal(info.policy.contributionDeposit.toBigInt(), 2n * UNIT);
    assert.equal(info.policy.maxContributionSize.toNumber(), 2_097_152);
    // A raised curation fee takes a larger part of what every accepted contribution earns, so
    // it applies only CurationFeeDelay blocks later; until then the old fee stays in force.
    const delay = api.consts.datanets.curationFeeDelay.toNumber();
    assert.equal(delay, 28_800, 'one day of 3-second blocks');
    const included = (await api.rpc.chain.getHeader(blockHash)).number.toNumber();
    const scheduled = findEvent(events, 'datanets', 'CurationFeeScheduled');
    assert.ok(scheduled, 'CurationFeeScheduled event');
    assert.equal(scheduled.event.data.fee.toNumber(), 100_000_000);
    assert.equal(scheduled.event.data.from.toNumber(), included + delay);
    assert.equal(info.policy.curationFee.toNumber(), 50_000_000, 'the old fee is still in force');
    const [fee, from] = info.scheduledCurationFee.unwrap();
    assert.equal(fee.toNumber(), 100_000_000);
    assert.equal(from.toNumber(), included + delay);
  });

  step('Alice appoints Bob as curator; a stranger cannot', {}, async () => {
    const denied = await sendAndWatch(api.tx.datanets.addCurator(datanetId, charlie.address), bob);
    assert.equal(denied.dispatchError?.name, 'datanets.NotOwner');
    await mustSucceed(api.tx.datanets.addCurator(datanetId, bob.address), alice);
    const curators = (await api.call.datanetsApi.curators(datanetId)).unwrap().map((a) => a.toString());
    assert.deepEqual(curators, [alice.address, bob.address], 'owner first, then appointed curators');
  });

  step('with nothing accepted yet, publishing says so', {}, async () => {
    const result = await sendAndWatch(api.tx.datanets.publishVersion(datanetId), bob);
    assert.equal(result.dispatchError?.name, 'datanets.NothingToPublish');
  });

  step('a contribution accepted by Bob goes into version 1, read back through the runtime API', {}, async () => {
    const contentHash = '0x' + '11'.repeat(32);
    const submitted = await mustSucceed(
      api.tx.contributions.submit(datanetId, contentHash, 4096, 'Data', 'ipfs://bafy-bug-1', [], 2n ** 128n - 1n, 1_000_000_000),
      charlie,
    );
    const id = findEvent(submitted.events, 'contributions', 'ContributionSubmitted').event.data.id.toBigInt();
    await mustSucceed(api.tx.contributions.review(id, 'Accept'), bob);

    const { events } = await mustSucceed(api.tx.datanets.publishVersion(datanetId), bob);
    const published = findEvent(events, 'datanets', 'VersionPublished');
    assert.equal(published.event.data.version.toNumber(), 1);
    assert.equal(published.event.data.count.toNumber(), 1);

    const versions = await api.call.datanetsApi.versions(datanetId, 1, 10);
    assert.equal(versions.length, 1);
    const [v1] = versions;
    assert.equal(v1.number.toNumber(), 1);
    assert.equal(v1.count.toNumber(), 1);
    assert.equal(v1.root.toHex(), published.event.data.root.toHex());
    const info = (await api.call.datanetsApi.datanet(datanetId)).unwrap();
    assert.equal(info.latestVersion.toNumber(), 1);
    assert.equal(text(info.name), 'Rust bugs');
    assert.equal(info.root.toHex(), v1.root.toHex());

    // The accepted contribution's inclusion proof leads to the published root.
    const proof = (await api.call.datanetsApi.inclusionProof(datanetId, 0)).unwrap();
    assert.equal(proof.siblings.length, api.consts.datanets.treeDepth.toNumber());
  });
});
