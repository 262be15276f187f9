// The contributor journey, end to end on a real `openledger-node --dev --tmp` driven by
// polkadot.js with no custom types: from a contribution to OPEN in the contributor's account.
//
// 1. Alice creates a datanet (licence: training and commercial use allowed; she takes a 10%
//    curation fee of her contributors' rewards). Bob contributes two items, Alice accepts them
//    and publishes version 1.
// 2. Dave registers a model trained on version 1, charging 1 OPEN per inference.
// 3. Three attestors (Eve, Ferdie and //Alice//stash) bond, then score Bob's contributions in a
//    round: commit, reveal, and anyone (Charlie) finalizes. The consensus becomes the model's
//    attribution, and Bob's and Alice's points in the model's reward pool.
// 4. Charlie pays for two inferences; Dave posts a third receipt that attributes the answer to
//    one of Bob's contributions. Every fee is split (treasury, model owner, attestors,
//    contributors) as the `FeeDistributed` events show.
// 5. Bob reads what he is owed through the runtime API (`pending`, `pendingTotal`, `pendingIn`);
//    every number is recomputed here from the events. Ferdie pays Bob his model-pool reward
//    with `claimFor` (Bob pays nothing: his balance rises by exactly the amount, and neither
//    does Ferdie: a claim of at least `MinFreeClaim` is free), then Bob claims the rest himself
//    with `claimAll` (free too: his balance rises by exactly the amount). Eve claims her
//    attestor reward.
//
// Balance checks compare the state at a transaction's block with its parent, so they cover
// exactly that block. Ids come from events and checks are relative, so the file also passes
// against a chain it has run on before.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { blake2AsHex } from '@polkadot/util-crypto';

import {
  Keyring, UNIT, connectApi, cryptoWaitReady, findEvent, formatOpen, randomAsU8a, startNode,
  trackedSteps,
} from './lib/node.js';
import {
  allSettled, eventsAt, feePaidBy, filterEvents, freeBalance, mustFailWith, mustSucceed, parentOf,
  perbillMulFloor, waitForBlock,
} from './lib/chain.js';
import {
  POINTS_PER_SCORE, aggregate, commitmentHash, counterAfter, feeShares, owedAt, sortScores,
} from './lib/attribution.js';

let node;
let api;
let alice;
let bob;
let charlie;
let dave;
let eve;
let ferdie;
let aliceStash;
const run = trackedSteps(it);
const { step } = run;

/** Alice's curation fee: 10% of what her datanet's contributions earn (Perbill). */
const CURATION_FEE = 100_000_000n;
const INFERENCE_FEE = UNIT;
const BOND = 200n * UNIT;
const BOUNTY = 10n * UNIT;

const freshHash = () => blake2AsHex(randomAsU8a(64), 256);

describe('the contributor journey on a dev node', { timeout: 15 * 60_000 }, () => {
  let datanet;
  let version;
  let c1;
  let c2;
  let model;
  let round;
  let revealFrom;
  let finalizeFrom;
  let attestors;
  // Whether the round was finalized (everything after step 3d needs it).
  let finalized = false;
  // Points in the model's pool, from the finalized consensus.
  let bobPoints;
  let alicePoints;
  let totalPoints;
  // What the receipts paid: into the model's pool, and to Bob's and Alice's direct ledgers.
  let modelPoolPaid = 0n;
  let bobDirect = 0n;
  let aliceDirect = 0n;
  let daveDirect = 0n;
  // Bob's direct ledger before the journey (an earlier run may have left something).
  let bobDirectBefore;
  let daveDirectBefore;

  const callAt = async (at) => (at ? (await api.at(at)).call : api.call);
  const pendingIn = async (address, pool, at) => (await (await callAt(at)).rewardsApi.pendingIn(address, pool)).toBigInt();
  const pendingTotal = async (address, at) => (await (await callAt(at)).rewardsApi.pendingTotal(address)).toBigInt();
  const roundView = async () => (await api.call.attributionApi.round(model, round)).unwrap();

  before(
    async () => {
      await cryptoWaitReady();
      try {
        node = await startNode({ name: 'journey' });
        api = await connectApi(node.wsUrl);
      } catch (error) {
        run.failed = true;
        throw error;
      }
      const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
      [alice, bob, charlie, dave, eve, ferdie, aliceStash] = ['//Alice', '//Bob', '//Charlie', '//Dave', '//Eve', '//Ferdie', '//Alice//stash']
        .map((uri) => keyring.addFromUri(uri));
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

  step('1. Alice creates a datanet; Bob contributes; Alice accepts and publishes version 1', {}, async () => {
    bobDirectBefore = await pendingIn(bob.address, 'Direct');
    daveDirectBefore = await pendingIn(dave.address, 'Direct');
    const created = await mustSucceed(
      api.tx.datanets.create('Clinical Q&A', 'ipfs://bafy-journey', {
        admission: 'Open', review: 'Curated', contributionDeposit: UNIT / 100n, rejectionSlash: 100_000_000,
        curationFee: CURATION_FEE, maxContributionSize: 1_048_576,
      }, {
        mayTrain: true, commercialUse: true, attributionRequired: true, derivativesAllowed: true,
        uri: 'https://spdx.org/licenses/CC-BY-4.0',
      }),
      alice,
    );
    datanet = findEvent(created.events, 'datanets', 'Created').event.data.datanet.toNumber();

    const ids = [];
    for (const uri of ['ipfs://bafy-journey-1', 'ipfs://bafy-journey-2']) {
      const { events } = await mustSucceed(api.tx.contributions.submit(datanet, freshHash(), 2_048, 'Data', uri, [], 2n ** 128n - 1n, 1_000_000_000), bob);
      ids.push(findEvent(events, 'contributions', 'ContributionSubmitted').event.data.id.toBigInt());
    }
    [c1, c2] = ids;
    for (const id of ids) await mustSucceed(api.tx.contributions.review(id, 'Accept'), alice);
    const { events } = await mustSucceed(api.tx.datanets.publishVersion(datanet), alice);
    const published = findEvent(events, 'datanets', 'VersionPublished');
    version = published.event.data.version.toNumber();
    assert.equal(version, 1);
    assert.equal(published.event.data.count.toNumber(), 2);
  });

  step('2. Dave registers a model trained on version 1, charging 1 OPEN per inference', {}, async () => {
    const { events } = await mustSucceed(
      api.tx.attribution.registerModel('clinical-qa-7b', freshHash(), 'ipfs://bafy-journey-model', [[datanet, version]], INFERENCE_FEE),
      dave,
    );
    model = findEvent(events, 'attribution', 'ModelRegistered').event.data.model.toNumber();
    const view = (await api.call.attributionApi.model(model)).unwrap();
    assert.equal(view.inferenceFee.toBigInt(), INFERENCE_FEE);
    assert.deepEqual(view.trainingData.map(([d, v]) => [d.toNumber(), v.toNumber()]), [[datanet, version]]);
  });

  step('3a. Eve, Ferdie and //Alice//stash bond as attestors', {}, async () => {
    attestors = [
      { name: 'Eve', pair: eve, scores: [[c1, 80], [c2, 20]] },
      { name: 'Ferdie', pair: ferdie, scores: [[c1, 75], [c2, 25]] },
      { name: 'AliceStash', pair: aliceStash, scores: [[c1, 85], [c2, 20]] },
    ];
    const results = await allSettled(attestors.map(({ pair }) => mustSucceed(api.tx.attribution.bond(BOND), pair)));
    for (const [i, attestor] of attestors.entries()) {
      const bonded = findEvent(results[i].events, 'attribution', 'Bonded');
      assert.equal(bonded.event.data.amount.toBigInt(), BOND, `${attestor.name} bonded`);
      assert.ok(bonded.event.data.active.toBigInt() >= api.consts.attribution.minBond.toBigInt());
    }
  });

  step('3b. Dave opens a round; each attestor commits to its scores', {}, async () => {
    const opened = await mustSucceed(api.tx.attribution.openRound(model, BOUNTY), dave);
    const event = findEvent(opened.events, 'attribution', 'RoundOpened').event.data;
    round = event.round.toNumber();
    revealFrom = event.revealFrom.toNumber();
    finalizeFrom = event.finalizeFrom.toNumber();
    assert.ok((await roundView()).phase.isCommit);

    for (const attestor of attestors) {
      attestor.scores = sortScores(attestor.scores);
      attestor.salt = randomAsU8a(32);
    }
    const results = await allSettled(attestors.map((attestor) =>
      mustSucceed(api.tx.attribution.commit(model, round, commitmentHash(model, round, attestor.scores, attestor.salt, attestor.pair)), attestor.pair)));
    for (const [i, attestor] of attestors.entries()) {
      attestor.stake = findEvent(results[i].events, 'attribution', 'Committed').event.data.stake.toBigInt();
    }
    assert.equal((await roundView()).committers.toNumber(), 3);
  });

  step('3c. from reveal_from on, each attestor reveals its scores and salt', {}, async () => {
    await waitForBlock(api, revealFrom);
    assert.ok((await roundView()).phase.isReveal, 'the runtime API says Reveal');
    await allSettled(attestors.map(({ pair, scores, salt }) => mustSucceed(api.tx.attribution.reveal(model, round, scores, salt), pair)));
    assert.equal((await roundView()).revealed.toNumber(), 3);
  });

  step('3d. from finalize_from on, Charlie finalizes: the consensus becomes Bob\'s and Alice\'s points', {}, async () => {
    await waitForBlock(api, finalizeFrom);
    assert.ok((await roundView()).phase.isFinalizable, 'the runtime API says Finalizable');
    const { events } = await mustSucceed(api.tx.attribution.finalize(model, round), charlie);

    const expected = aggregate(attestors.map(({ stake, scores }) => ({ stake, scores })));
    assert.deepEqual(expected.consensus, [[c1, 80], [c2, 20]]);
    assert.equal(filterEvents(events, 'attribution', 'AttestorSlashed').length, 0, 'everybody agreed: nobody is slashed');
    const roundFinalized = findEvent(events, 'attribution', 'RoundFinalized').event.data;
    assert.equal(roundFinalized.consensusEntries.toNumber(), 2);
    const attribution = await api.call.attributionApi.modelAttribution(model, null, 100);
    assert.deepEqual(
      attribution.map(([id, score]) => [id.toBigInt(), score.toNumber()]).sort(([a], [b]) => (a < b ? -1 : 1)),
      expected.consensus,
    );

    // Points: score × 10^9 per contribution, of which the curation fee's share goes to Alice.
    bobPoints = 0n;
    alicePoints = 0n;
    for (const [, score] of expected.consensus) {
      const owner = CURATION_FEE * BigInt(score);
      alicePoints += owner;
      bobPoints += BigInt(score) * POINTS_PER_SCORE - owner;
    }
    totalPoints = bobPoints + alicePoints;
    const replaced = findEvent(events, 'rewards', 'ModelPointsReplaced').event.data;
    assert.equal(replaced.model.toNumber(), model);
    assert.equal(replaced.members.toNumber(), 2, 'Bob and Alice');
    assert.equal(replaced.totalPoints.toBigInt(), totalPoints);
    finalized = true;
  });

  step('4. Charlie pays for two inferences; Dave posts a receipt attributing the answer to Bob\'s first contribution', {}, async () => {
    assert.ok(finalized, 'needs the round finalized in step 3d');
    const split = await api.call.rewardsApi.feeSplit();
    for (let i = 0; i < 2; i++) {
      const { events } = await mustSucceed(api.tx.attribution.recordInference(model, INFERENCE_FEE, freshHash(), freshHash(), null), charlie);
      const receipt = findEvent(events, 'attribution', 'InferenceRecorded').event.data;
      assert.equal(receipt.payer.toString(), charlie.address);
      const shares = feeShares(split, INFERENCE_FEE);
      const fd = findEvent(events, 'rewards', 'FeeDistributed').event.data;
      assert.equal(fd.treasury.toBigInt(), shares.treasury, 'treasury share');
      assert.equal(fd.modelOwner.toBigInt(), shares.modelOwner, 'Dave\'s share as the model\'s owner');
      assert.equal(fd.attestors.toBigInt(), shares.attestors, 'the attestors\' share');
      assert.equal(fd.attributed.toBigInt(), 0n);
      assert.equal(fd.modelPool.toBigInt(), shares.contributors, 'the contributors\' share, into the model\'s pool');
      modelPoolPaid += fd.modelPool.toBigInt();
      daveDirect += fd.modelOwner.toBigInt();
      console.log(`METRIC fee split of ${formatOpen(INFERENCE_FEE)}: treasury ${formatOpen(shares.treasury)}, model owner ${formatOpen(shares.modelOwner)}, attestors ${formatOpen(shares.attestors)}, contributors ${formatOpen(shares.contributors)}`);
    }

    const share = 500_000_000n; // half of this answer came from contribution c1
    const { events } = await mustSucceed(
      api.tx.attribution.recordInference(model, INFERENCE_FEE, freshHash(), freshHash(), [[c1, share]]),
      dave,
    );
    const receipt = findEvent(events, 'attribution', 'InferenceRecorded').event.data;
    assert.deepEqual(receipt.attributions.unwrap().map(([id, part]) => [id.toBigInt(), part.toBigInt()]), [[c1, share]]);
    const shares = feeShares(split, INFERENCE_FEE);
    const attributed = perbillMulFloor(share, shares.contributors);
    const fd = findEvent(events, 'rewards', 'FeeDistributed').event.data;
    assert.equal(fd.attributed.toBigInt(), attributed);
    assert.equal(fd.modelPool.toBigInt(), shares.contributors - attributed);
    modelPoolPaid += fd.modelPool.toBigInt();
    daveDirect += fd.modelOwner.toBigInt();
    // The attributed part goes to c1 directly: Alice's curation fee of it, Bob the rest.
    const curation = perbillMulFloor(CURATION_FEE, attributed);
    aliceDirect += curation;
    bobDirect += attributed - curation;
  });

  step('5a. Bob sees what he is owed through the runtime API, and every number adds up', {}, async () => {
    assert.ok(finalized, 'needs the round finalized in step 3d');
    const pool = (await api.call.rewardsApi.pool({ Model: model })).unwrap();
    assert.equal(pool.totalPoints.toBigInt(), totalPoints);
    assert.equal(pool.members.toNumber(), 2);
    const counter = pool.rewardCounter.toBigInt();
    assert.equal(counter, counterAfter(modelPoolPaid, totalPoints), 'reward counter = paid in / points');

    const bobModel = owedAt(bobPoints, counter);
    const aliceModel = owedAt(alicePoints, counter);
    assert.ok(bobModel + aliceModel <= modelPoolPaid && modelPoolPaid - (bobModel + aliceModel) <= 2n, 'at most one unit of dust per member');
    assert.equal(await pendingIn(bob.address, { Model: model }), bobModel, 'Bob\'s share of the model pool');
    assert.equal(await pendingIn(alice.address, { Model: model }), aliceModel, 'Alice\'s curation share of the model pool');
    assert.equal(await pendingIn(bob.address, 'Direct'), bobDirectBefore + bobDirect, 'Bob\'s receipt attribution');
    assert.equal(await pendingIn(dave.address, 'Direct'), daveDirectBefore + daveDirect, 'Dave\'s model-owner shares');

    const pending = await api.call.rewardsApi.pending(bob.address);
    const entries = pending.map(([pool, amount]) => [pool, amount.toBigInt()]);
    const last = entries[entries.length - 1];
    assert.ok(last[0].isDirect, 'the direct ledger comes last');
    assert.equal(last[1], bobDirectBefore + bobDirect);
    const mine = entries.find(([pool]) => pool.isModel && pool.asModel.toNumber() === model);
    assert.ok(mine, 'the model\'s pool is listed');
    assert.equal(mine[1], bobModel);
    const total = entries.reduce((sum, [, amount]) => sum + amount, 0n);
    assert.equal(await pendingTotal(bob.address), total, 'pendingTotal = the sum of pending');
    console.log(`METRIC Bob is owed ${formatOpen(bobModel)} from model ${model}'s pool and ${formatOpen(bobDirect)} directly`);
  });

  step('5b. Ferdie pays Bob his model-pool reward (claimFor): Bob\'s balance rises by exactly that', {}, async () => {
    assert.ok(finalized, 'needs the round finalized in step 3d');
    const owed = await pendingIn(bob.address, { Model: model });
    assert.ok(owed > 0n);
    const { blockHash, events } = await mustSucceed(api.tx.rewards.claimFor(bob.address, { Model: model }), ferdie);
    const parent = await parentOf(api, blockHash);
    assert.equal(await pendingIn(bob.address, { Model: model }, parent), owed, 'nothing changed between the read and the claim');
    const claimed = findEvent(events, 'rewards', 'RewardClaimed').event.data;
    assert.equal(claimed.who.toString(), bob.address);
    assert.ok(claimed.pool.isModel && claimed.pool.asModel.toNumber() === model);
    assert.equal(claimed.amount.toBigInt(), owed);

    const bobRise = await freeBalance(api, bob.address, blockHash) - await freeBalance(api, bob.address, parent);
    assert.equal(bobRise, owed, 'Bob receives exactly what he was owed and pays nothing');
    const blockEvents = await eventsAt(api, blockHash);
    assert.equal(feePaidBy(blockEvents, bob.address), 0n);
    // A claim paying at least `MinFreeClaim` is free for whoever sends it (issue 13).
    assert.ok(owed >= api.consts.rewards.minFreeClaim.toBigInt());
    assert.equal(feePaidBy(blockEvents, ferdie.address), 0n, 'a claim of at least MinFreeClaim is free');
    assert.ok(filterEvents(blockEvents, 'skipFeelessPayment', 'FeeSkipped').length >= 1, 'FeeSkipped');
    assert.equal(await freeBalance(api, ferdie.address, parent), await freeBalance(api, ferdie.address, blockHash), 'Ferdie paid nothing');
    assert.equal(await pendingIn(bob.address, { Model: model }, blockHash), 0n, 'nothing left in the pool for Bob');
  });

  step('5c. Bob claims everything else himself (claimAll), for free: his balance rises by exactly that', {}, async () => {
    assert.ok(finalized, 'needs the round finalized in step 3d');
    const owed = await pendingTotal(bob.address);
    assert.ok(owed >= bobDirect && owed > 0n);
    const { blockHash, events } = await mustSucceed(api.tx.rewards.claimAll(), bob);
    const parent = await parentOf(api, blockHash);
    assert.equal(await pendingTotal(bob.address, parent), owed);

    const claimed = filterEvents(events, 'rewards', 'RewardClaimed');
    assert.ok(claimed.every(({ event }) => event.data.who.toString() === bob.address));
    assert.equal(claimed.reduce((sum, { event }) => sum + event.data.amount.toBigInt(), 0n), owed, 'one RewardClaimed per pool, adding up');
    assert.ok(claimed.some(({ event }) => event.data.pool.isDirect), 'the direct ledger was claimed');

    // At least `MinFreeClaim`: the claim is free (issue 13), so Bob receives all of it.
    assert.ok(owed >= api.consts.rewards.minFreeClaim.toBigInt());
    assert.equal(findEvent(events, 'transactionPayment', 'TransactionFeePaid'), undefined, 'no fee charged');
    assert.ok(findEvent(events, 'skipFeelessPayment', 'FeeSkipped'), 'FeeSkipped event');
    const rise = await freeBalance(api, bob.address, blockHash) - await freeBalance(api, bob.address, parent);
    assert.equal(rise, owed, 'after − before = pending: a free claim');
    console.log(`METRIC Bob claimed ${formatOpen(owed)} for free (MinFreeClaim ${formatOpen(api.consts.rewards.minFreeClaim.toBigInt())})`);

    assert.equal(await pendingTotal(bob.address), 0n, 'nothing left');
    await mustFailWith(api.tx.rewards.claimAll(), bob, 'rewards', 'NothingToClaim');
  });

  step('5d. Eve claims her attestor reward', {}, async () => {
    assert.ok(finalized, 'needs the round finalized in step 3d');
    const owed = await pendingIn(eve.address, { Attestors: model });
    assert.ok(owed > 0n, 'the attestors\' share of the model\'s fees: she attested in its round');
    const { blockHash, events } = await mustSucceed(api.tx.rewards.claim({ Attestors: model }), eve);
    const parent = await parentOf(api, blockHash);
    const claimed = findEvent(events, 'rewards', 'RewardClaimed').event.data;
    assert.ok(claimed.pool.isAttestors);
    assert.equal(claimed.pool.asAttestors.toNumber(), model);
    assert.equal(claimed.amount.toBigInt(), owed);
    const fee = feePaidBy(await eventsAt(api, blockHash), eve.address);
    assert.equal(await freeBalance(api, eve.address, blockHash) - await freeBalance(api, eve.address, parent), owed - fee);
  });
});
