// Attribution end-to-end: a real `openledger-node --dev --tmp` driven by polkadot.js with no
// custom types. Alice creates an open datanet whose licence allows training and commercial use;
// Bob contributes, Alice accepts and publishes a version; Dave registers a paid model trained on
// it (and is refused one on a datanet that forbids commercial use). Ferdie, Eve and Charlie bond
// as attestors and form the attestor set; Dave, the model's owner, opens a round with a bounty
// (Bob, a stranger to the model, may not); in the commit phase each attestor commits to a hash
// of its scores bound to the model and round (the client's hash is checked against the core
// crate's golden vector first), in the reveal phase it reveals them: Ferdie and Eve score alike,
// Charlie far higher. After the reveal phase Alice finalizes: all the active stake revealed, so
// the quorum is reached; Charlie is slashed 10% of his bond to the treasury, the bounty is paid
// by stake × trust (the weighted Jaccard similarity with the consensus), and the stake-weighted
// median becomes the model's attribution. Then Eve pays for an inference and Dave posts a receipt with
// attributions; both receipts carry every field and the fee is split as the rewards pallet says.
// Wrong salts, late commits, early reveals and the other misuses fail with named errors.
//
// Phases are followed by block numbers: the round's `reveal_from` and `finalize_from` (from the
// `RoundOpened` event and `api.call.attributionApi.round`) say when each phase starts. Balance
// checks compare the state at a transaction's block with its parent, so they cover exactly that
// block. Ids come from events and every check is relative, so the file also passes against a
// chain it has run on before.
//
// Dev chain (genesis preset `dev`): 3 s blocks, commit and reveal phases of 5 blocks, slash 10%,
// trust threshold 50%, MinBond 100 OPEN, ModelDeposit 10 OPEN.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { stringToU8a, u8aConcat } from '@polkadot/util';
import { blake2AsHex, decodeAddress } from '@polkadot/util-crypto';

import {
  Keyring, UNIT, connectApi, cryptoWaitReady, findEvent, randomAsU8a, startNode, trackedSteps,
} from './lib/node.js';
import {
  allSettled, bestNumber, eventsAt, feePaidBy, feesPaid, filterEvents, freeBalance, heldUnder, mustFailWith,
  mustSucceed, numberOf, parentOf, perbillMulFloor, waitForBlock,
} from './lib/chain.js';
import {
  GOLDEN_COMMITMENT, POINTS_PER_SCORE, aggregate, checkGoldenCommitment, commitmentHash, counterAfter,
  feeShares, owedAt, quorumReached, sortScores, splitByWeight,
} from './lib/attribution.js';

let node;
let api;
let alice;
let bob;
let charlie;
let dave;
let eve;
let ferdie;
const run = trackedSteps(it);
const { step } = run;

const MIN_BOND = 100n * UNIT;
const MODEL_DEPOSIT = 10n * UNIT;
/** What each attestor bonds in this run (on top of any bond from an earlier run). */
const BOND = 200n * UNIT;
const INFERENCE_FEE = UNIT;
const BOUNTY = 30n * UNIT;
const CONTRIBUTION_DEPOSIT = UNIT / 100n;
/** The `dev` genesis preset's round parameters. */
const DEV_ROUND = { commitPhase: 5, revealPhase: 5, slashFraction: 100_000_000, trustThreshold: 500_000_000 };

/** A fresh 32-byte hash (content hashes, request and output hashes). */
const freshHash = () => blake2AsHex(randomAsU8a(64), 256);
const text = (bytes) => Buffer.from(bytes.toU8a(true)).toString('utf8');
const byId = ([a], [b]) => (a < b ? -1 : a > b ? 1 : 0);
/** `(id, score)` pairs from the runtime API as `[bigint, number]`, sorted by id. */
const pairs = (list) => list.map(([id, score]) => [id.toBigInt(), score.toNumber()]).sort(byId);

const license = (commercialUse) => ({
  mayTrain: true, commercialUse, attributionRequired: true, derivativesAllowed: true,
  uri: 'https://spdx.org/licenses/CC-BY-4.0',
});

describe('attribution on a dev node', { timeout: 15 * 60_000 }, () => {
  let treasury;
  let pot;
  let datanet;
  let version;
  // Bob's two contributions in the model's training data, and one accepted after the version.
  let c1;
  let c2;
  let late;
  let model;
  let round;
  let revealFrom;
  let finalizeFrom;
  // Each attestor: { name, pair, scores, salt, hash, stake, activeBefore }.
  let attestors;
  let expected;
  // Whether the round was finalized (the steps after finalization need it).
  let finalized = false;

  const attestorView = async (address, at) => {
    const call = at ? (await api.at(at)).call : api.call;
    return call.attributionApi.attestor(address);
  };
  const roundView = async (at) => {
    const call = at ? (await api.at(at)).call : api.call;
    const view = await call.attributionApi.round(model, round);
    assert.ok(view.isSome, `round ${round} of model ${model} exists`);
    return view.unwrap();
  };
  const pendingIn = async (address, pool, at) => (await (await api.at(at)).call.rewardsApi.pendingIn(address, pool)).toBigInt();

  before(
    async () => {
      await cryptoWaitReady();
      try {
        node = await startNode({ name: 'attribution' });
        api = await connectApi(node.wsUrl);
      } catch (error) {
        run.failed = true;
        throw error;
      }
      const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
      [alice, bob, charlie, dave, eve, ferdie] = ['//Alice', '//Bob', '//Charlie', '//Dave', '//Eve', '//Ferdie']
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

  step('metadata exposes the pallets, their constants, runtime APIs and the dev round parameters', {}, async () => {
    for (const call of ['registerModel', 'bond', 'unbond', 'openRound', 'commit', 'reveal', 'finalize', 'recordInference']) {
      assert.ok(api.tx.attribution?.[call], `api.tx.attribution.${call} exists`);
    }
    for (const method of ['model', 'attestor', 'round', 'modelAttribution', 'contributionAttribution', 'roundParameters', 'attestorSet']) {
      assert.ok(api.call.attributionApi?.[method], `api.call.attributionApi.${method} exists`);
    }
    for (const method of ['pending', 'pendingIn', 'pendingTotal', 'pool', 'feeSplit', 'pot']) {
      assert.ok(api.call.rewardsApi?.[method], `api.call.rewardsApi.${method} exists`);
    }
    assert.equal(api.consts.attribution.minBond.toBigInt(), MIN_BOND);
    assert.equal(api.consts.attribution.modelDeposit.toBigInt(), MODEL_DEPOSIT);
    treasury = api.consts.attribution.treasuryAccount.toString();
    const [potAccount] = await api.call.rewardsApi.pot();
    pot = potAccount.toString();
    assert.equal(api.consts.attribution.feeDestination.toString(), pot, 'inference fees go to the rewards pot');

    const parameters = await api.call.attributionApi.roundParameters();
    assert.deepEqual(
      {
        commitPhase: parameters.commitPhase.toNumber(), revealPhase: parameters.revealPhase.toNumber(),
        slashFraction: parameters.slashFraction.toNumber(), trustThreshold: parameters.trustThreshold.toNumber(),
      },
      DEV_ROUND,
    );
    assert.ok(api.errors.attribution.CommitmentMismatch, 'the errors are in the metadata');
    assert.equal(api.consts.attribution.revealQuorum.toNumber(), 500_000_000, 'a round needs half the active stake');
  });

  step('the client\'s commitment hash reproduces the golden vector of openledger-core', {}, async () => {
    assert.equal(checkGoldenCommitment(), GOLDEN_COMMITMENT.hash);
    // The same bytes through the API's own SCALE types: the score list encodes identically.
    const { model, round, scores, salt, attestor } = GOLDEN_COMMITMENT;
    const viaApi = blake2AsHex(u8aConcat(
      stringToU8a('openledger/attribution-commit/v2'),
      api.createType('u32', model).toU8a(), api.createType('u32', round).toU8a(),
      api.createType('Vec<(u64, u32)>', scores).toU8a(), salt, decodeAddress(attestor),
    ), 256);
    assert.equal(viaApi, GOLDEN_COMMITMENT.hash);
    // Any other model or round gives another hash.
    assert.notEqual(commitmentHash(model + 1, round, scores, salt, attestor), GOLDEN_COMMITMENT.hash);
    assert.notEqual(commitmentHash(model, round + 1, scores, salt, attestor), GOLDEN_COMMITMENT.hash);
  });

  step('every call of a round and of the rewards declares a weight a block can include', {}, async () => {
    // The pool refuses a transaction whose declared (worst-case) weight exceeds a normal
    // extrinsic's maximum (`1010: ... Transaction would exhaust the block limits`), so a call
    // declaring more can never run. Checked for the largest arguments each call can take.
    const maxExtrinsic = api.consts.system.blockWeights.perClass.normal.maxExtrinsic.unwrap().refTime.toBigInt();
    const maxAttributions = api.consts.attribution.maxAttributionsPerInference.toNumber();
    const maxScores = api.consts.attribution.maxScoresPerReveal.toNumber();
    const hash = `0x${'00'.repeat(32)}`;
    const calls = {
      'attribution.registerModel': api.tx.attribution.registerModel('m', hash, 'ipfs://m', [[0, 1]], 0),
      'attribution.bond': api.tx.attribution.bond(MIN_BOND),
      'attribution.openRound': api.tx.attribution.openRound(0, 0),
      'attribution.commit': api.tx.attribution.commit(0, 0, hash),
      'attribution.reveal (most scores)': api.tx.attribution.reveal(0, 0, Array.from({ length: maxScores }, (_, i) => [i, 1]), new Uint8Array(32)),
      'attribution.finalize': api.tx.attribution.finalize(0, 0),
      'attribution.recordInference (most attributions)': api.tx.attribution.recordInference(0, 0, hash, hash, Array.from({ length: maxAttributions }, (_, i) => [i, 1])),
      'rewards.claim': api.tx.rewards.claim('Direct'),
      'rewards.claimAll': api.tx.rewards.claimAll(),
      'rewards.claimFor': api.tx.rewards.claimFor(bob.address, 'Direct'),
    };
    const tooHeavy = [];
    for (const [name, tx] of Object.entries(calls)) {
      const { weight } = await tx.paymentInfo(alice);
      const refTime = weight.refTime.toBigInt();
      if (refTime > maxExtrinsic) tooHeavy.push(`${name} declares ${Number(refTime) / 1e12} s, the most a normal extrinsic may declare is ${Number(maxExtrinsic) / 1e12} s`);
    }
    assert.deepEqual(tooHeavy, [], 'calls that could never be included in a block');
  });

  step('Alice creates an open, curated datanet whose licence allows training and commercial use', {}, async () => {
    const { events } = await mustSucceed(
      api.tx.datanets.create('e2e attribution', 'ipfs://bafy-e2e-attribution', {
        admission: 'Open', review: 'Curated', contributionDeposit: CONTRIBUTION_DEPOSIT,
        rejectionSlash: 0, curationFee: 0, maxContributionSize: 1_048_576,
      }, license(true)),
      alice,
    );
    datanet = findEvent(events, 'datanets', 'Created').event.data.datanet.toNumber();
    const info = (await api.call.datanetsApi.datanet(datanet)).unwrap();
    assert.ok(info.license.mayTrain.isTrue && info.license.commercialUse.isTrue);
  });

  step('Bob submits two contributions; Alice accepts them and publishes a version', {}, async () => {
    const ids = [];
    for (let i = 0; i < 2; i++) {
      const { events } = await mustSucceed(api.tx.contributions.submit(datanet, freshHash(), 4_096, 'Data', `ipfs://bafy-e2e-${i}`, [], 2n ** 128n - 1n, 1_000_000_000), bob);
      ids.push(findEvent(events, 'contributions', 'ContributionSubmitted').event.data.id.toBigInt());
    }
    [c1, c2] = ids;
    for (const id of ids) {
      const { events } = await mustSucceed(api.tx.contributions.review(id, 'Accept'), alice);
      assert.ok(findEvent(events, 'contributions', 'ContributionAccepted'), `contribution ${id} accepted`);
    }
    const { events } = await mustSucceed(api.tx.datanets.publishVersion(datanet), alice);
    const published = findEvent(events, 'datanets', 'VersionPublished');
    version = published.event.data.version.toNumber();
    assert.equal(published.event.data.count.toNumber(), 2, 'the version holds both contributions');
  });

  step('a contribution accepted after the version was published is not part of it', {}, async () => {
    const { events } = await mustSucceed(api.tx.contributions.submit(datanet, freshHash(), 4_096, 'Data', 'ipfs://bafy-e2e-late', [], 2n ** 128n - 1n, 1_000_000_000), bob);
    late = findEvent(events, 'contributions', 'ContributionSubmitted').event.data.id.toBigInt();
    await mustSucceed(api.tx.contributions.review(late, 'Accept'), alice);
    const info = (await api.call.contributionsApi.contribution(late)).unwrap();
    const [snapshot] = await api.call.datanetsApi.versions(datanet, version, 1);
    assert.ok(info.status.isAccepted);
    assert.ok(info.status.asAccepted.leafIndex.toNumber() >= snapshot.nextLeafIndex.toNumber(), 'its leaf comes after the version');
  });

  step('the licence gate: a paid model on a datanet without commercial use fails (attribution.LicenseForbidsPaidModel)', {}, async () => {
    const created = await mustSucceed(
      api.tx.datanets.create('e2e research only', 'ipfs://bafy-e2e-research-only', {
        admission: 'Open', review: 'AutoAccept', contributionDeposit: 0, rejectionSlash: 0, curationFee: 0,
        maxContributionSize: 1_048_576,
      }, license(false)),
      alice,
    );
    const researchOnly = findEvent(created.events, 'datanets', 'Created').event.data.datanet.toNumber();
    const submitted = await mustSucceed(api.tx.contributions.submit(researchOnly, freshHash(), 1_024, 'Data', 'ipfs://bafy-e2e-ro', [], 2n ** 128n - 1n, 1_000_000_000), bob);
    assert.ok(findEvent(submitted.events, 'contributions', 'ContributionAccepted'), 'auto-accepted');
    const published = await mustSucceed(api.tx.datanets.publishVersion(researchOnly), alice);
    const roVersion = findEvent(published.events, 'datanets', 'VersionPublished').event.data.version.toNumber();

    const before = await heldUnder(api, dave.address, 'Attribution', 'ModelDeposit');
    const { meta } = await mustFailWith(
      api.tx.attribution.registerModel('paid on research data', freshHash(), 'ipfs://bafy-model', [[datanet, version], [researchOnly, roVersion]], INFERENCE_FEE),
      dave, 'attribution', 'LicenseForbidsPaidModel',
    );
    assert.match(meta.docs.join(' '), /commercial use/i);
    assert.equal(await heldUnder(api, dave.address, 'Attribution', 'ModelDeposit'), before, 'no deposit is held');

    // A free model may use the research-only data, and takes no fee at all: paying one would be
    // paid use of data whose licence forbids it (attribution.FreeModelTakesNoFee).
    const free = await mustSucceed(
      api.tx.attribution.registerModel('free on research data', freshHash(), 'ipfs://bafy-free-model', [[researchOnly, roVersion]], 0),
      dave,
    );
    const freeModel = findEvent(free.events, 'attribution', 'ModelRegistered').event.data.model.toNumber();
    await mustFailWith(
      api.tx.attribution.recordInference(freeModel, INFERENCE_FEE, freshHash(), freshHash(), null),
      eve, 'attribution', 'FreeModelTakesNoFee',
    );
    const used = await mustSucceed(api.tx.attribution.recordInference(freeModel, 0, freshHash(), freshHash(), null), eve);
    assert.ok(findEvent(used.events, 'attribution', 'InferenceRecorded'), 'free use is recorded');
    const retired = await mustSucceed(api.tx.attribution.retireModel(freeModel), dave);
    // All but RetiredModelDeposit comes back: the retired model's record stays, and is paid for.
    const kept = api.consts.attribution.retiredModelDeposit.toBigInt();
    assert.ok(kept > 0n && kept < MODEL_DEPOSIT);
    assert.equal(findEvent(retired.events, 'attribution', 'ModelRetired').event.data.depositReleased.toBigInt(), MODEL_DEPOSIT - kept);
    assert.equal(await heldUnder(api, dave.address, 'Attribution', 'ModelDeposit'), before + kept, 'the deposit is released on retirement, but for what the record keeps');
  });

  step('Dave registers a paid model trained on the version; its deposit is held', {}, async () => {
    const artifact = freshHash();
    const before = await heldUnder(api, dave.address, 'Attribution', 'ModelDeposit');
    const { blockHash, events } = await mustSucceed(
      api.tx.attribution.registerModel('e2e-model', artifact, 'ipfs://bafy-e2e-model', [[datanet, version]], INFERENCE_FEE),
      dave,
    );
    const registered = findEvent(events, 'attribution', 'ModelRegistered');
    assert.ok(registered, 'ModelRegistered event');
    model = registered.event.data.model.toNumber();
    assert.equal(registered.event.data.owner.toString(), dave.address);
    assert.equal(await heldUnder(api, dave.address, 'Attribution', 'ModelDeposit', blockHash) - before, MODEL_DEPOSIT);

    const view = (await api.call.attributionApi.model(model)).unwrap();
    assert.equal(view.owner.toString(), dave.address);
    assert.equal(text(view.name), 'e2e-model');
    assert.equal(view.artifactHash.toHex(), artifact);
    assert.deepEqual(view.trainingData.map(([d, v]) => [d.toNumber(), v.toNumber()]), [[datanet, version]]);
    assert.equal(view.inferenceFee.toBigInt(), INFERENCE_FEE);
    assert.equal(view.deposit.toBigInt(), MODEL_DEPOSIT);
    assert.equal(view.nextRound.toNumber(), 0);
    assert.ok(view.openRound.isNone && view.latestFinalized.isNone);
    assert.equal(view.registeredAt.toNumber(), await numberOf(api, blockHash));
  });

  step('Ferdie, Eve and Charlie bond as attestors; a bond below the minimum is refused', {}, async () => {
    attestors = [
      { name: 'Ferdie', pair: ferdie },
      { name: 'Eve', pair: eve },
      { name: 'Charlie', pair: charlie },
    ];
    for (const attestor of attestors) {
      const view = await attestorView(attestor.pair.address);
      attestor.activeBefore = view.isSome ? view.unwrap().active.toBigInt() : 0n;
      attestor.outstandingBefore = view.isSome ? view.unwrap().outstandingCommitments.toNumber() : 0;
      attestor.heldBefore = await heldUnder(api, attestor.pair.address, 'Attribution', 'AttestorBond');
    }
    const results = await allSettled(attestors.map(({ pair }) => mustSucceed(api.tx.attribution.bond(BOND), pair)));
    for (const [i, attestor] of attestors.entries()) {
      const { events, blockHash } = results[i];
      const bonded = findEvent(events, 'attribution', 'Bonded');
      assert.ok(bonded, `${attestor.name}: Bonded event`);
      assert.equal(bonded.event.data.who.toString(), attestor.pair.address);
      assert.equal(bonded.event.data.amount.toBigInt(), BOND);
      attestor.active = attestor.activeBefore + BOND;
      assert.equal(bonded.event.data.active.toBigInt(), attestor.active);
      // A bond alone earns nothing: only taking part in a model's rounds does.
      assert.ok(!findEvent(events, 'rewards', 'AttestorsReplaced'), `${attestor.name}: a bond sets no reward points`);
      assert.equal(await heldUnder(api, attestor.pair.address, 'Attribution', 'AttestorBond', blockHash) - attestor.heldBefore, BOND);
      assert.equal((await attestorView(attestor.pair.address, blockHash)).unwrap().active.toBigInt(), attestor.active);
    }
    // The three are members of the attestor set, which the runtime API lists with their bonds.
    const set = await api.call.attributionApi.attestorSet();
    for (const attestor of attestors) {
      const member = set.members.find(([who]) => who.toString() === attestor.pair.address);
      assert.equal(member?.[1].toBigInt(), attestor.active, `${attestor.name} is in the set`);
      assert.ok((await attestorView(attestor.pair.address)).unwrap().member.isTrue);
    }
    assert.equal(set.capacity.toNumber(), api.consts.attribution.maxAttestors.toNumber());
    // Bob never becomes an attestor in this file: his first bond must reach MinBond.
    assert.ok((await attestorView(bob.address)).isNone, 'Bob has no bond');
    await mustFailWith(api.tx.attribution.bond(MIN_BOND - 1n), bob, 'attribution', 'BondBelowMinimum');
    assert.ok((await attestorView(bob.address)).isNone, 'still no bond');
  });

  step('Dave opens a round with a bounty; the runtime API says when its phases end', {}, async () => {
    const before = await heldUnder(api, dave.address, 'Attribution', 'RoundBounty');
    const { blockHash, events } = await mustSucceed(api.tx.attribution.openRound(model, BOUNTY), dave);
    const opened = findEvent(events, 'attribution', 'RoundOpened');
    assert.ok(opened, 'RoundOpened event');
    round = opened.event.data.round.toNumber();
    revealFrom = opened.event.data.revealFrom.toNumber();
    finalizeFrom = opened.event.data.finalizeFrom.toNumber();
    const openedAt = await numberOf(api, blockHash);
    assert.equal(opened.event.data.model.toNumber(), model);
    assert.equal(opened.event.data.opener.toString(), dave.address);
    assert.equal(opened.event.data.bounty.toBigInt(), BOUNTY);
    assert.equal(revealFrom, openedAt + DEV_ROUND.commitPhase);
    assert.equal(finalizeFrom, revealFrom + DEV_ROUND.revealPhase);
    assert.equal(await heldUnder(api, dave.address, 'Attribution', 'RoundBounty', blockHash) - before, BOUNTY, 'the bounty is held');

    const view = await roundView(blockHash);
    assert.ok(view.phase.isCommit, `phase ${view.phase.type} at the opening block`);
    assert.equal(view.openedAt.toNumber(), openedAt);
    assert.equal(view.revealFrom.toNumber(), revealFrom);
    assert.equal(view.finalizeFrom.toNumber(), finalizeFrom);
    assert.equal(view.opener.toString(), dave.address);
    assert.equal(view.bounty.toBigInt(), BOUNTY);
    assert.equal(view.slashFraction.toNumber(), DEV_ROUND.slashFraction);
    assert.equal(view.trustThreshold.toNumber(), DEV_ROUND.trustThreshold);
    assert.equal(view.committers.toNumber(), 0);
    const modelView = (await api.call.attributionApi.model(model)).unwrap();
    assert.equal(modelView.openRound.unwrap().toNumber(), round);
  });

  step('commit phase: each attestor commits to a hash of its scores, a salt and its account', {}, async () => {
    // Ferdie and Eve score alike; Charlie, the outlier, far higher.
    const scores = {
      Ferdie: [[c1, 100], [c2, 50]],
      Eve: [[c2, 45], [c1, 110]],
      Charlie: [[c1, 1_000], [c2, 900]],
    };
    for (const attestor of attestors) {
      attestor.scores = sortScores(scores[attestor.name]);
      attestor.salt = randomAsU8a(32);
      attestor.hash = commitmentHash(model, round, attestor.scores, attestor.salt, attestor.pair);
    }
    const view = await roundView();
    assert.ok(view.phase.isCommit, `still in the commit phase (${view.phase.type})`);

    const results = await allSettled(attestors.map(({ pair, hash }) => mustSucceed(api.tx.attribution.commit(model, round, hash), pair)));
    for (const [i, attestor] of attestors.entries()) {
      const { events, blockHash } = results[i];
      assert.ok(await numberOf(api, blockHash) < revealFrom, 'committed before reveal_from');
      const committed = findEvent(events, 'attribution', 'Committed');
      assert.ok(committed, `${attestor.name}: Committed event`);
      assert.equal(committed.event.data.who.toString(), attestor.pair.address);
      assert.equal(committed.event.data.model.toNumber(), model);
      assert.equal(committed.event.data.round.toNumber(), round);
      attestor.stake = committed.event.data.stake.toBigInt();
      assert.equal(attestor.stake, attestor.active, 'the stake is the active bond');
    }
    assert.equal((await roundView()).committers.toNumber(), 3, 'three committers');
    for (const attestor of attestors) {
      const info = (await attestorView(attestor.pair.address)).unwrap();
      assert.equal(info.outstandingCommitments.toNumber(), attestor.outstandingBefore + 1, `${attestor.name}: one more outstanding commitment`);
    }
  });

  step('commit phase: revealing early and committing twice fail with named errors', {}, async () => {
    const [ferdieA] = attestors;
    const [early, twice] = await allSettled([
      mustFailWith(api.tx.attribution.reveal(model, round, ferdieA.scores, ferdieA.salt), ferdie, 'attribution', 'NotRevealPhase'),
      mustFailWith(api.tx.attribution.commit(model, round, freshHash()), eve, 'attribution', 'AlreadyCommitted'),
    ]);
    assert.ok(await numberOf(api, early.blockHash) < revealFrom, 'the early reveal was in the commit phase');
    assert.ok(await numberOf(api, twice.blockHash) < revealFrom);
  });

  step('reveal phase: a wrong salt, a late commit and a second round fail with named errors', {}, async () => {
    await waitForBlock(api, revealFrom);
    const view = await roundView();
    assert.ok(view.phase.isReveal, `the runtime API says Reveal at block ${await bestNumber(api)} (${view.phase.type})`);
    const eveA = attestors[1];
    const results = await allSettled([
      mustFailWith(api.tx.attribution.reveal(model, round, eveA.scores, randomAsU8a(32)), eve, 'attribution', 'CommitmentMismatch'),
      mustFailWith(api.tx.attribution.commit(model, round, freshHash()), alice, 'attribution', 'NotCommitPhase'),
      mustFailWith(api.tx.attribution.openRound(model, 0), dave, 'attribution', 'RoundInProgress'),
      mustFailWith(api.tx.attribution.openRound(model, 0), bob, 'attribution', 'MayNotOpenRound'),
    ]);
    for (const { blockHash } of results) {
      const number = await numberOf(api, blockHash);
      assert.ok(number >= revealFrom && number < finalizeFrom, `block ${number} is in the reveal phase [${revealFrom}, ${finalizeFrom})`);
    }
    assert.match(results[0].meta.docs.join(' '), /salt/i, 'the error says what to check');
    assert.equal((await roundView()).revealed.toNumber(), 0, 'nothing revealed yet');
  });

  step('reveal phase: each attestor reveals exactly what it committed to', {}, async () => {
    const results = await allSettled(attestors.map(({ pair, scores, salt }) => mustSucceed(api.tx.attribution.reveal(model, round, scores, salt), pair)));
    for (const [i, attestor] of attestors.entries()) {
      const { events, blockHash } = results[i];
      const number = await numberOf(api, blockHash);
      assert.ok(number >= revealFrom && number < finalizeFrom, `${attestor.name} revealed in the reveal phase`);
      const revealed = findEvent(events, 'attribution', 'Revealed');
      assert.ok(revealed, `${attestor.name}: Revealed event`);
      assert.equal(revealed.event.data.who.toString(), attestor.pair.address);
      assert.equal(revealed.event.data.scores.toNumber(), attestor.scores.length);
    }
    assert.equal((await roundView()).revealed.toNumber(), 3);
    // Revealing twice is refused.
    const again = await mustFailWith(api.tx.attribution.reveal(model, round, attestors[1].scores, attestors[1].salt), eve, 'attribution', 'AlreadyRevealed');
    assert.ok(await numberOf(api, again.blockHash) < finalizeFrom, 'still in the reveal phase');
  });

  step('reveal phase: finalizing before the reveal phase is over fails (attribution.RevealPhaseNotOver)', {}, async () => {
    const early = await mustFailWith(api.tx.attribution.finalize(model, round), dave, 'attribution', 'RevealPhaseNotOver');
    assert.ok(await numberOf(api, early.blockHash) < finalizeFrom, 'still in the reveal phase');
    assert.ok((await roundView()).phase.isReveal);
  });

  step('after the reveal phase Alice finalizes: the outlier is slashed to the treasury and the bounty is paid by stake × trust', {}, async () => {
    await waitForBlock(api, finalizeFrom);
    assert.ok((await roundView()).phase.isFinalizable, 'the runtime API says Finalizable');

    const { blockHash, events } = await mustSucceed(api.tx.attribution.finalize(model, round), alice);
    const parent = await parentOf(api, blockHash);
    const blockEvents = await eventsAt(api, blockHash);
    const atParent = await api.at(parent);
    const fractions = await roundView(parent);

    expected = aggregate(attestors.map(({ stake, scores }) => ({ stake, scores })));
    assert.deepEqual(expected.consensus, [[c1, 110], [c2, 50]].sort(byId), 'no attestor holds half the stake: the middle scores win');

    const roundFinalized = findEvent(events, 'attribution', 'RoundFinalized');
    assert.ok(roundFinalized, 'RoundFinalized event');
    assert.equal(roundFinalized.event.data.model.toNumber(), model);
    assert.equal(roundFinalized.event.data.round.toNumber(), round);
    assert.equal(roundFinalized.event.data.revealed.toNumber(), 3);
    assert.equal(roundFinalized.event.data.consensusEntries.toNumber(), expected.consensus.length);

    // The quorum: the stake behind the non-empty reveals against the attestor set's active stake.
    const summary = await roundView(blockHash);
    const setBefore = await atParent.call.attributionApi.attestorSet();
    const revealedStake = attestors.reduce((sum, { stake }) => sum + stake, 0n);
    assert.ok(summary.quorumReached.isTrue, 'the quorum was reached');
    assert.equal(summary.revealedStake.toBigInt(), revealedStake, 'every reveal counted');
    assert.equal(summary.activeStake.toBigInt(), setBefore.totalActive.toBigInt(), 'measured against the set');
    assert.ok(quorumReached(revealedStake, setBefore.totalActive.toBigInt(), api.consts.attribution.revealQuorum.toNumber()));

    // Slashes: exactly the revealers whose trust is below the threshold (Charlie).
    const threshold = BigInt(fractions.trustThreshold.toNumber());
    const slashFraction = BigInt(fractions.slashFraction.toNumber());
    const slashed = filterEvents(events, 'attribution', 'AttestorSlashed');
    const guilty = attestors.filter((_, i) => expected.outcomes[i].trust < threshold);
    assert.deepEqual(guilty.map(({ name }) => name), ['Charlie'], 'only the outlier falls below 50% trust');
    assert.deepEqual(slashed.map(({ event }) => event.data.who.toString()), guilty.map(({ pair }) => pair.address));
    let slashTotal = 0n;
    for (const attestor of guilty) {
      const { event } = slashed.find(({ event: e }) => e.data.who.toString() === attestor.pair.address);
      const activeBefore = (await atParent.call.attributionApi.attestor(attestor.pair.address)).unwrap().active.toBigInt();
      const amount = perbillMulFloor(slashFraction, activeBefore);
      assert.ok(amount > 0n);
      assert.equal(event.data.amount.toBigInt(), amount, `${attestor.name} loses 10% of its active bond`);
      assert.ok(event.data.reason.isLowTrust, `reason ${event.data.reason.type}`);
      assert.equal(event.data.model.toNumber(), model);
      assert.equal(event.data.round.toNumber(), round);
      slashTotal += amount;

      const held = await heldUnder(api, attestor.pair.address, 'Attribution', 'AttestorBond', blockHash);
      const heldBefore = await heldUnder(api, attestor.pair.address, 'Attribution', 'AttestorBond', parent);
      assert.equal(heldBefore - held, amount, 'the bond hold dropped by the slash');
      assert.equal((await attestorView(attestor.pair.address, blockHash)).unwrap().active.toBigInt(), activeBefore - amount);
      const moved = filterEvents(events, 'balances', 'TransferOnHold')
        .find(({ event: e }) => e.data.source.toString() === attestor.pair.address);
      assert.ok(moved, 'balances.TransferOnHold from the attestor');
      assert.equal(moved.event.data.dest.toString(), treasury, 'to the treasury');
      assert.equal(moved.event.data.amount.toBigInt(), amount);
    }
    // The treasury received the slash, plus the block's transaction fees (fees go to the treasury).
    const treasuryDelta = await freeBalance(api, treasury, blockHash) - await freeBalance(api, treasury, parent);
    assert.equal(treasuryDelta, slashTotal + feesPaid(blockEvents), 'treasury += slash + transaction fees of the block');

    // The bounty, split by stake × trust, each share rounded down; the rest back to Dave.
    const weights = attestors.map(({ stake }, i) => perbillMulFloor(expected.outcomes[i].trust, stake));
    const { shares, dust } = splitByWeight(BOUNTY, weights);
    const rewarded = filterEvents(events, 'attribution', 'AttestorRewarded');
    assert.equal(rewarded.length, 3, 'every revealer gets an AttestorRewarded event');
    for (const [i, attestor] of attestors.entries()) {
      const { event } = rewarded.find(({ event: e }) => e.data.who.toString() === attestor.pair.address);
      assert.equal(BigInt(event.data.trust.toNumber()), expected.outcomes[i].trust, `${attestor.name}'s trust`);
      assert.equal(event.data.amount.toBigInt(), shares[i], `${attestor.name}'s share of the bounty`);
      const delta = await freeBalance(api, attestor.pair.address, blockHash) - await freeBalance(api, attestor.pair.address, parent);
      assert.equal(delta, shares[i] - feePaidBy(blockEvents, attestor.pair.address), `${attestor.name} received its share`);
    }
    const honest = attestors.filter((_, i) => expected.outcomes[i].trust >= threshold);
    assert.deepEqual(honest.map(({ name }) => name), ['Ferdie', 'Eve'], 'the honest attestors agree closely with the consensus');
    const trustOf = (name) => expected.outcomes[attestors.findIndex((a) => a.name === name)].trust;
    assert.ok(trustOf('Ferdie') > 900_000_000n && trustOf('Eve') > 900_000_000n, 'over 90% for both');
    const refunded = findEvent(events, 'attribution', 'BountyRefunded');
    assert.equal(refunded ? refunded.event.data.amount.toBigInt() : 0n, dust, 'the rounding dust goes back to the opener');
    assert.equal(await heldUnder(api, dave.address, 'Attribution', 'RoundBounty', parent) - await heldUnder(api, dave.address, 'Attribution', 'RoundBounty', blockHash), BOUNTY, 'the bounty hold is gone');

    // The attestors the round did not slash (Ferdie and Eve) become the model's attestors, by
    // stake × trust; Charlie, slashed, earns none of the model's attestor share.
    const attestorsReplaced = findEvent(events, 'rewards', 'AttestorsReplaced');
    assert.ok(attestorsReplaced, 'rewards.AttestorsReplaced event');
    assert.equal(attestorsReplaced.event.data.model.toNumber(), model);
    assert.equal(attestorsReplaced.event.data.members.toNumber(), 2, 'Ferdie and Eve');
    const honestWeight = attestors
      .map(({ stake }, i) => (expected.outcomes[i].trust >= threshold ? perbillMulFloor(expected.outcomes[i].trust, stake) : 0n))
      .reduce((sum, weight) => sum + weight, 0n);
    assert.equal(attestorsReplaced.event.data.totalPoints.toBigInt(), honestWeight, 'points = stake × trust of the unslashed');
    const charlieAttestor = attestors.find(({ name }) => name === 'Charlie');
    const charliePool = (await (await api.at(blockHash)).call.rewardsApi.pendingIn(charlieAttestor.pair.address, { Attestors: model })).toBigInt();
    assert.equal(charliePool, 0n, 'Charlie is not in the model\'s attestors\' pool');

    // The rewards pallet takes the consensus as the model pool's points (curation fee 0: all Bob's).
    const replaced = findEvent(events, 'rewards', 'ModelPointsReplaced');
    assert.ok(replaced, 'rewards.ModelPointsReplaced event');
    assert.equal(replaced.event.data.model.toNumber(), model);
    assert.equal(replaced.event.data.members.toNumber(), 1, 'Bob is the only member');
    const totalPoints = expected.consensus.reduce((sum, [, score]) => sum + BigInt(score) * POINTS_PER_SCORE, 0n);
    assert.equal(replaced.event.data.totalPoints.toBigInt(), totalPoints);
    finalized = true;
  });

  step('the consensus is the model\'s attribution and the round is finalized (runtime API)', {}, async () => {
    assert.ok(finalized, 'needs the round finalized by the previous step');
    const attribution = await api.call.attributionApi.modelAttribution(model, null, 100);
    assert.deepEqual(pairs(attribution), expected.consensus, 'modelAttribution = the stake-weighted medians');
    for (const [id, score] of expected.consensus) {
      const models = await api.call.attributionApi.contributionAttribution(id, null, 100);
      const mine = models.find(([m]) => m.toNumber() === model);
      assert.equal(mine?.[1].toNumber(), score, `contribution ${id} is attributed ${score} in model ${model}`);
    }
    const view = await roundView();
    assert.ok(view.phase.isFinalized, `phase ${view.phase.type}`);
    assert.equal(view.revealed.toNumber(), 3);
    assert.equal(view.committers.toNumber(), 0, 'committers are cleared at finalization');
    assert.equal(view.consensusEntries.toNumber(), expected.consensus.length);

    const modelView = (await api.call.attributionApi.model(model)).unwrap();
    assert.equal(modelView.latestFinalized.unwrap().toNumber(), round);
    assert.ok(modelView.openRound.isNone);
    assert.equal(modelView.nextRound.toNumber(), round + 1);
    assert.equal(modelView.attributionEntries.toNumber(), expected.consensus.length);
    for (const attestor of attestors) {
      const info = (await attestorView(attestor.pair.address)).unwrap();
      assert.equal(info.outstandingCommitments.toNumber(), attestor.outstandingBefore, `${attestor.name}: no outstanding commitment left`);
    }
    await mustFailWith(api.tx.attribution.finalize(model, round), alice, 'attribution', 'RoundAlreadyFinalized');
  });

  step('Eve pays for an inference: the receipt carries every field and the fee is split', {}, async () => {
    assert.ok(finalized, 'needs the round finalized by the previous step');
    await mustFailWith(
      api.tx.attribution.recordInference(model, INFERENCE_FEE - 1n, freshHash(), freshHash(), null),
      eve, 'attribution', 'FeeBelowModelFee',
    );
    await mustFailWith(
      api.tx.attribution.recordInference(model, INFERENCE_FEE, freshHash(), freshHash(), [[c1, 500_000_000]]),
      eve, 'attribution', 'NotModelOperator',
    );

    const split = await api.call.rewardsApi.feeSplit();
    const inferencesBefore = (await api.call.attributionApi.model(model)).unwrap().inferences.toBigInt();
    const requestHash = freshHash();
    const outputHash = freshHash();
    const { blockHash, events } = await mustSucceed(
      api.tx.attribution.recordInference(model, INFERENCE_FEE, requestHash, outputHash, null),
      eve,
    );
    const parent = await parentOf(api, blockHash);
    const blockEvents = await eventsAt(api, blockHash);

    const receipt = findEvent(events, 'attribution', 'InferenceRecorded');
    assert.ok(receipt, 'InferenceRecorded event (the receipt)');
    const data = receipt.event.data;
    assert.equal(data.model.toNumber(), model);
    assert.equal(data.payer.toString(), eve.address);
    assert.equal(data.fee.toBigInt(), INFERENCE_FEE);
    assert.equal(data.requestHash.toHex(), requestHash);
    assert.equal(data.outputHash.toHex(), outputHash);
    assert.ok(data.attributions.isNone, 'no attributions');

    const shares = feeShares(split, INFERENCE_FEE);
    const distributed = findEvent(events, 'rewards', 'FeeDistributed');
    assert.ok(distributed, 'rewards.FeeDistributed event');
    const fd = distributed.event.data;
    assert.equal(fd.model.toNumber(), model);
    assert.equal(fd.fee.toBigInt(), INFERENCE_FEE);
    assert.equal(fd.treasury.toBigInt(), shares.treasury, 'treasury share');
    assert.equal(fd.modelOwner.toBigInt(), shares.modelOwner, 'model owner share');
    assert.equal(fd.attestors.toBigInt(), shares.attestors, 'attestors share (the pool has members)');
    assert.equal(fd.attributed.toBigInt(), 0n);
    assert.equal(fd.modelPool.toBigInt(), shares.contributors, 'the contributors\' share goes into the model pool');
    assert.equal(fd.treasury.toBigInt() + fd.modelOwner.toBigInt() + fd.attestors.toBigInt() + fd.modelPool.toBigInt(), INFERENCE_FEE);

    // Funds: Eve pays fee + transaction fee; the pot keeps all but the treasury share.
    const eveDelta = await freeBalance(api, eve.address, parent) - await freeBalance(api, eve.address, blockHash);
    assert.equal(eveDelta, INFERENCE_FEE + feePaidBy(blockEvents, eve.address));
    const potDelta = await freeBalance(api, pot, blockHash) - await freeBalance(api, pot, parent);
    assert.equal(potDelta, INFERENCE_FEE - shares.treasury);
    const treasuryDelta = await freeBalance(api, treasury, blockHash) - await freeBalance(api, treasury, parent);
    assert.equal(treasuryDelta, shares.treasury + feesPaid(blockEvents));
    // Dave is owed his share directly; Bob, the pool's only member, the contributors' share.
    assert.equal(await pendingIn(dave.address, 'Direct', blockHash) - await pendingIn(dave.address, 'Direct', parent), shares.modelOwner);
    const pool = (await (await api.at(blockHash)).call.rewardsApi.pool({ Model: model })).unwrap();
    const counter = pool.rewardCounter.toBigInt();
    assert.equal(counter, counterAfter(shares.contributors, pool.totalPoints.toBigInt()), 'reward counter = paid in / points');
    assert.equal(await pendingIn(bob.address, { Model: model }, blockHash), owedAt(pool.totalPoints.toBigInt(), counter));
    assert.equal((await api.call.attributionApi.model(model)).unwrap().inferences.toBigInt(), inferencesBefore + 1n);
  });

  step('Dave, the model\'s owner, posts a receipt with attributions; they route the contributors\' share', {}, async () => {
    assert.ok(finalized, 'needs the round finalized by the previous step');
    await mustFailWith(
      api.tx.attribution.recordInference(model, INFERENCE_FEE, freshHash(), freshHash(), [[late, 100_000_000]]),
      dave, 'attribution', 'ContributionNotInTrainingData',
    );
    await mustFailWith(
      api.tx.attribution.recordInference(model, INFERENCE_FEE, freshHash(), freshHash(), [[c1, 300_000_000], [c2, 200_000_001]]),
      dave, 'attribution', 'AttributionsExceedReceiptShare',
    );
    await mustFailWith(
      api.tx.attribution.recordInference(model, INFERENCE_FEE, freshHash(), freshHash(), [[c1, 100_000_000], [c1, 100_000_000]]),
      dave, 'attribution', 'DuplicateAttribution',
    );

    const fee = 2n * INFERENCE_FEE; // more than the model's fee is fine
    // At most MaxReceiptShare (50%) of the contributors' share; the rest follows the attestors.
    const receiptShare = api.consts.attribution.maxReceiptShare.toNumber();
    assert.equal(receiptShare, 500_000_000, 'MaxReceiptShare is 50%');
    const attributions = [[c1, 300_000_000], [c2, 200_000_000]];
    const split = await api.call.rewardsApi.feeSplit();
    const requestHash = freshHash();
    const outputHash = freshHash();
    const { blockHash, events } = await mustSucceed(
      api.tx.attribution.recordInference(model, fee, requestHash, outputHash, attributions),
      dave,
    );
    const parent = await parentOf(api, blockHash);
    const data = findEvent(events, 'attribution', 'InferenceRecorded').event.data;
    assert.equal(data.model.toNumber(), model);
    assert.equal(data.payer.toString(), dave.address);
    assert.equal(data.fee.toBigInt(), fee);
    assert.equal(data.requestHash.toHex(), requestHash);
    assert.equal(data.outputHash.toHex(), outputHash);
    assert.ok(data.attributions.isSome, 'the receipt carries the attributions');
    assert.deepEqual(
      data.attributions.unwrap().map(([id, share]) => [id.toBigInt(), share.toNumber()]),
      attributions.map(([id, share]) => [id, share]),
    );

    const shares = feeShares(split, fee);
    let rest = shares.contributors;
    let attributed = 0n;
    for (const [, share] of attributions) {
      const part = perbillMulFloor(share, shares.contributors) < rest ? perbillMulFloor(share, shares.contributors) : rest;
      rest -= part;
      attributed += part;
    }
    const fd = findEvent(events, 'rewards', 'FeeDistributed').event.data;
    assert.equal(fd.fee.toBigInt(), fee);
    assert.equal(fd.treasury.toBigInt(), shares.treasury);
    assert.equal(fd.modelOwner.toBigInt(), shares.modelOwner);
    assert.equal(fd.attestors.toBigInt(), shares.attestors);
    assert.equal(fd.attributed.toBigInt(), attributed, 'the attributed part of the contributors\' share');
    assert.equal(fd.modelPool.toBigInt(), rest, 'the rest into the model pool');
    // Curation fee 0: Bob, the contributor of both, is credited the attributed part directly.
    assert.equal(await pendingIn(bob.address, 'Direct', blockHash) - await pendingIn(bob.address, 'Direct', parent), attributed);
  });
});
