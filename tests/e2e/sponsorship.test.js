// Issue 13 end to end on a real `openledger-node --dev --tmp` with polkadot.js as it is (extrinsic
// v4, no custom types, no relayer): a contributor who has never held a token goes from a fresh key
// to OPEN in its own account.
//
// 1. Alice creates a curated datanet and funds its sponsorship budget. A fresh key that nobody
//    sponsors is refused in the transaction pool with its own reason (`Custom error: 201`).
// 2. Alice sponsors Dana, a freshly generated key with a zero balance (quota: 2 submits a day).
//    Alice, as the username authority of `medqa`, grants Dana the name `dana.medqa`, which Dana
//    signed off chain; the `namesApi` runtime API shows it; Alice pays its deposit.
// 3. Dana signs two `submit`s herself. The budget pays the fees and both deposits; Dana's balance
//    stays zero. A third submit is over quota and refused in the pool (`Custom error: 202`).
// 4. Alice accepts both: the contribution deposits go back to the budget.
// 5. Alice publishes, Dave registers a model on it, three attestors score Dana's contributions in
//    a round, Charlie pays for an inference.
// 6. Dana claims her reward from the model's pool, for free (`FeeSkipped`), and ends with OPEN.
//
// At every step the budget account's free balance and its two holds are checked to the unit
// against the fees (`SponsoredFeePaid`) and deposits the chain reported.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { stringToU8a, u8aToString } from '@polkadot/util';
import { blake2AsHex, mnemonicGenerate } from '@polkadot/util-crypto';

import {
  Keyring, UNIT, connectApi, cryptoWaitReady, findEvent, formatOpen, randomAsU8a, sendAndWatch,
  startNode, trackedSteps,
} from './lib/node.js';
import {
  allSettled, eventsAt, feePaidBy, filterEvents, freeBalance, heldUnder, mustSucceed, parentOf,
  waitForBlock,
} from './lib/chain.js';
import { commitmentHash, sortScores } from './lib/attribution.js';

let node;
let api;
let alice;
let charlie;
let dave;
let eve;
let ferdie;
let aliceStash;
let dana;
const run = trackedSteps(it);
const { step } = run;

const DEPOSIT = UNIT / 100n;
const FUNDING = 5n * UNIT;
const QUOTA = { contributions: 2, bytes: 4_096 };
const BOND = 200n * UNIT;
const freshHash = () => blake2AsHex(randomAsU8a(64), 256);

describe('a contributor with no tokens, sponsored, from first contribution to OPEN', { timeout: 10 * 60_000 }, () => {
  let datanet;
  let budget; // the datanet's budget account
  // What the budget account should hold, tracked from the chain's events.
  const expected = { free: 0n, review: 0n, storage: 0n };
  const ids = [];
  let model;

  const budgetState = async (at) => ({
    free: await freeBalance(api, budget, at),
    review: await heldUnder(api, budget, 'Contributions', 'ContributionDeposit', at),
    storage: await heldUnder(api, budget, 'Contributions', 'StorageDeposit', at),
  });
  const assertBudget = async (what, at) => {
    assert.deepEqual(await budgetState(at), expected, `the budget after ${what}`);
  };
  const refusedWith = async (tx, signer, code) => {
    await assert.rejects(sendAndWatch(tx, signer), (error) => {
      assert.match(error.message, new RegExp(`Custom error: ${code}`), error.message);
      return true;
    });
  };

  before(
    async () => {
      await cryptoWaitReady();
      try {
        node = await startNode({ name: 'sponsorship' });
        api = await connectApi(node.wsUrl);
      } catch (error) {
        run.failed = true;
        throw error;
      }
      const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
      [alice, charlie, dave, eve, ferdie, aliceStash] = ['//Alice', '//Charlie', '//Dave', '//Eve', '//Ferdie', '//Alice//stash']
        .map((uri) => keyring.addFromUri(uri));
      dana = keyring.addFromMnemonic(mnemonicGenerate());
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

  step('1. Alice creates a datanet and funds its sponsorship budget; an unsponsored fresh key is refused in the pool', {}, async () => {
    const created = await mustSucceed(
      api.tx.datanets.create('Clinical notes', 'ipfs://bafy-sponsored', {
        admission: 'Open', review: 'Curated', contributionDeposit: DEPOSIT, rejectionSlash: 100_000_000,
        curationFee: 0, maxContributionSize: 1_048_576,
      }, {
        mayTrain: true, commercialUse: true, attributionRequired: true, derivativesAllowed: true, uri: null,
      }),
      alice,
    );
    datanet = findEvent(created.events, 'datanets', 'Created').event.data.datanet.toNumber();
    const { events } = await mustSucceed(api.tx.contributions.fundSponsorship(datanet, FUNDING), alice);
    const funded = findEvent(events, 'contributions', 'SponsorshipFunded').event.data;
    assert.equal(funded.amount.toBigInt(), FUNDING);
    budget = findEvent(events, 'balances', 'Transfer').event.data.to.toString();
    expected.free = FUNDING;
    await assertBudget('funding');
    const ed = api.consts.balances.existentialDeposit.toBigInt();
    assert.equal((await api.call.sponsorshipApi.sponsorshipBudget(datanet)).toBigInt(), FUNDING - ed);

    const stranger = new Keyring({ type: 'sr25519' }).addFromMnemonic(mnemonicGenerate());
    await refusedWith(api.tx.contributions.submit(datanet, freshHash(), 100, 'Data', 'ipfs://x', [], 2n ** 128n - 1n, 1_000_000_000), stranger, 201);
    assert.equal(await freeBalance(api, dana.address), 0n);
  });

  step('2. Alice sponsors Dana (a fresh key, zero balance) and grants her the name dana.medqa', {}, async () => {
    const { blockHash, events } = await mustSucceed(api.tx.contributions.sponsor(datanet, dana.address, QUOTA), alice);
    assert.ok(findEvent(events, 'contributions', 'AccountSponsored'));
    const parent = await parentOf(api, blockHash);
    const before = await budgetState(parent);
    const after = await budgetState(blockHash);
    const ticket = after.storage - before.storage;
    assert.ok(ticket > 0n, 'the sponsorship holds a storage deposit from the budget');
    expected.free -= ticket;
    expected.storage += ticket;
    await assertBudget('sponsoring Dana', blockHash);
    const info = (await api.call.sponsorshipApi.sponsorship(dana.address, datanet)).unwrap();
    assert.equal(info.remaining.contributions.toNumber(), 2);
    assert.equal(info.grantedBy.toString(), alice.address);
    assert.equal((await api.query.system.account(dana.address)).providers.toNumber(), 1, 'Dana exists');

    // The name: root appoints Alice the authority of `medqa`; Dana signs her username; Alice
    // grants it and pays its deposit.
    await mustSucceed(api.tx.sudo.sudo(api.tx.identity.addUsernameAuthority(alice.address, 'medqa', 10)), alice);
    const username = 'dana.medqa';
    const signature = dana.sign(stringToU8a(username));
    const reservedBefore = (await api.query.system.account(alice.address)).data.reserved.toBigInt();
    await mustSucceed(api.tx.identity.setUsernameFor(dana.address, username, { Sr25519: signature }, false), alice);
    const reservedAfter = (await api.query.system.account(alice.address)).data.reserved.toBigInt();
    assert.equal(reservedAfter - reservedBefore, api.consts.identity.usernameDeposit.toBigInt(), 'Alice pays the username deposit');
    const names = await api.call.namesApi.names([dana.address, charlie.address]);
    assert.equal(u8aToString(names[0].unwrap()), username);
    assert.ok(names[1].isNone);
    assert.equal(u8aToString((await api.query.identity.usernameOf(dana.address)).unwrap()), username);
    assert.equal(await freeBalance(api, dana.address), 0n, 'Dana still holds nothing');
  });

  step('3. Dana submits two contributions herself; the budget pays fees and deposits; a third is over quota', {}, async () => {
    for (const uri of ['ipfs://bafy-dana-1', 'ipfs://bafy-dana-2']) {
      const { blockHash, events } = await mustSucceed(
        api.tx.contributions.submit(datanet, freshHash(), 2_048, 'Data', uri, [], 2n ** 128n - 1n, 1_000_000_000),
        dana,
      );
      const id = findEvent(events, 'contributions', 'ContributionSubmitted').event.data.id.toBigInt();
      ids.push(id);
      const fee = findEvent(events, 'contributions', 'SponsoredFeePaid').event.data.fee.toBigInt();
      assert.ok(fee > 0n);
      // `TransactionFeePaid` names the signer, as for every transaction; `SponsoredFeePaid`
      // says the budget paid it, and the balances below prove it.
      assert.equal(feePaidBy(await eventsAt(api, blockHash), dana.address), fee);
      const info = (await api.call.contributionsApi.contribution(id)).unwrap();
      assert.ok(info.sponsored.isTrue);
      assert.equal(info.contributor.toString(), dana.address);
      expected.free -= fee + DEPOSIT + info.storageDeposit.toBigInt();
      expected.review += DEPOSIT;
      expected.storage += info.storageDeposit.toBigInt();
      await assertBudget(`Dana's submit of ${id}`, blockHash);
      assert.equal(await freeBalance(api, dana.address, blockHash), 0n, 'Dana pays nothing');
      console.log(`METRIC sponsored submit: fee ${formatOpen(fee)} paid by the budget, deposits ${formatOpen(DEPOSIT + info.storageDeposit.toBigInt())} held from it`);
    }
    const info = (await api.call.sponsorshipApi.sponsorship(dana.address, datanet)).unwrap();
    assert.equal(info.remaining.contributions.toNumber(), 0);
    await refusedWith(api.tx.contributions.submit(datanet, freshHash(), 2_048, 'Data', 'ipfs://bafy-dana-3', [], 2n ** 128n - 1n, 1_000_000_000), dana, 202);
    await assertBudget('the refused third submit');
  });

  step('4. Alice accepts both: their contribution deposits go back to the budget', {}, async () => {
    for (const id of ids) {
      const { blockHash } = await mustSucceed(api.tx.contributions.review(id, 'Accept'), alice);
      expected.free += DEPOSIT;
      expected.review -= DEPOSIT;
      await assertBudget(`accepting ${id}`, blockHash);
    }
  });

  step('5. a model is trained on them, three attestors score them, Charlie pays for an inference', {}, async () => {
    const { events: published } = await mustSucceed(api.tx.datanets.publishVersion(datanet), alice);
    const version = findEvent(published, 'datanets', 'VersionPublished').event.data.version.toNumber();
    const registered = await mustSucceed(
      api.tx.attribution.registerModel('notes-7b', freshHash(), 'ipfs://bafy-notes-model', [[datanet, version]], UNIT),
      dave,
    );
    model = findEvent(registered.events, 'attribution', 'ModelRegistered').event.data.model.toNumber();
    const attestors = [eve, ferdie, aliceStash].map((pair) => ({ pair, scores: sortScores([[ids[0], 60], [ids[1], 40]]), salt: randomAsU8a(32) }));
    await allSettled(attestors.map(({ pair }) => mustSucceed(api.tx.attribution.bond(BOND), pair)));
    const opened = await mustSucceed(api.tx.attribution.openRound(model, UNIT), dave);
    const event = findEvent(opened.events, 'attribution', 'RoundOpened').event.data;
    const round = event.round.toNumber();
    await allSettled(attestors.map(({ pair, scores, salt }) =>
      mustSucceed(api.tx.attribution.commit(model, round, commitmentHash(model, round, scores, salt, pair)), pair)));
    await waitForBlock(api, event.revealFrom.toNumber());
    await allSettled(attestors.map(({ pair, scores, salt }) => mustSucceed(api.tx.attribution.reveal(model, round, scores, salt), pair)));
    await waitForBlock(api, event.finalizeFrom.toNumber());
    const { events } = await mustSucceed(api.tx.attribution.finalize(model, round), charlie);
    assert.ok(findEvent(events, 'attribution', 'RoundFinalized'));
    await mustSucceed(api.tx.attribution.recordInference(model, UNIT, freshHash(), freshHash(), null), charlie);
    await assertBudget('the round and the inference');
  });

  step('6. Dana claims her reward for free and ends with OPEN in her own account', {}, async () => {
    const owed = (await api.call.rewardsApi.pendingIn(dana.address, { Model: model })).toBigInt();
    const minimum = api.consts.rewards.minFreeClaim.toBigInt();
    assert.ok(owed >= minimum, `Dana is owed ${formatOpen(owed)}, at least the free-claim minimum ${formatOpen(minimum)}`);
    const { blockHash, events } = await mustSucceed(api.tx.rewards.claim({ Model: model }), dana);
    assert.equal(findEvent(events, 'rewards', 'RewardClaimed').event.data.amount.toBigInt(), owed);
    assert.ok(findEvent(events, 'skipFeelessPayment', 'FeeSkipped'), 'the claim was feeless');
    const blockEvents = await eventsAt(api, blockHash);
    assert.equal(feePaidBy(blockEvents, dana.address), 0n);
    assert.equal(filterEvents(blockEvents, 'contributions', 'SponsoredFeePaid').length, 0, 'the sponsor paid nothing for it either');
    assert.equal(await freeBalance(api, dana.address, blockHash), owed, 'Dana holds exactly her reward');
    await assertBudget('Dana\'s claim', blockHash);
    console.log(`METRIC Dana, who never bought a token, holds ${formatOpen(owed)} after a free claim`);
  });
});
