//! Unit tests of the attribution pallet, against the real datanets and contributions pallets:
//! every call's success and error paths, holds, slashes and bounty payouts, what the reward sink
//! is handed, and the runtime API. Each test runs through [`ExtBuilder::build_and_execute`],
//! which checks the pallet's invariants at the end.

#![allow(
	clippy::unwrap_used,
	clippy::indexing_slicing,
	clippy::arithmetic_side_effects,
	clippy::expect_used,
	clippy::panic
)]

mod attestors;
mod economics;
mod finalize;
mod hardening;
mod inference;
mod invariants;
mod ledger;
mod metadata;
mod models;
mod parameters;
mod rounds;
mod runtime_api;

use crate::{
	mock::*, AttestorInfo, Attestors, ContributionAttribution, Event, HoldReason, ModelAttribution,
	ModelInfo, Models, RoundInfo, Rounds, ScoresOf,
};
use codec::Encode;
use frame_support::{assert_ok, traits::fungible::InspectHold, BoundedVec};
use openledger_primitives::{
	Admission, ContentHash, ContributionId, ContributionKind, DatanetId, DatanetInspect,
	DatanetPolicy, License, ModelId, ReviewMode, RoundId, Score, VersionNumber, H256,
};
use sp_runtime::{DispatchResult, Perbill};

/// The inference fee of the standard test model.
pub const FEE: Balance = 10;
/// The bounty of most test rounds.
pub const BOUNTY: Balance = 1_000;

/// A licence allowing training and commercial use as given.
pub fn license(may_train: bool, commercial_use: bool) -> License<Vec<u8>> {
	License {
		may_train,
		commercial_use,
		attribution_required: true,
		derivatives_allowed: true,
		uri: None,
	}
}

/// An open, auto-accepting policy without contribution deposit.
pub fn auto_accept_policy() -> DatanetPolicy<Balance> {
	DatanetPolicy {
		admission: Admission::Open,
		review: ReviewMode::AutoAccept,
		contribution_deposit: 0,
		rejection_slash: Perbill::zero(),
		curation_fee: Perbill::from_percent(5),
		max_contribution_size: 1_024,
	}
}

/// Creates an auto-accepting datanet owned by `ALICE` with `license` and returns its id.
pub fn create_datanet(license: License<Vec<u8>>) -> DatanetId {
	let datanet = pallet_datanets::NextDatanetId::<Test>::get();
	assert_ok!(Datanets::create(
		RuntimeOrigin::signed(ALICE),
		b"medqa".to_vec(),
		b"ipfs://medqa".to_vec(),
		auto_accept_policy(),
		license,
	));
	datanet
}

/// A content hash unique to `n`.
pub fn content(n: u64) -> ContentHash {
	H256::from_low_u64_be(n + 1)
}

/// `BOB` contributes content `n` to `datanet` (accepted at once) and returns its id.
pub fn contribute(datanet: DatanetId, n: u64) -> ContributionId {
	let id = pallet_contributions::NextContributionId::<Test>::get();
	assert_ok!(Contributions::submit(
		RuntimeOrigin::signed(BOB),
		datanet,
		content(n),
		100,
		ContributionKind::Data,
		b"ipfs://item".to_vec(),
		Vec::new(),
		Balance::MAX,
		Perbill::one(),
	));
	id
}

/// `ALICE` publishes the next version of `datanet` and returns its number.
pub fn publish(datanet: DatanetId) -> VersionNumber {
	assert_ok!(Datanets::publish_version(RuntimeOrigin::signed(ALICE), datanet));
	Datanets::latest_version(datanet).expect("a version was published")
}

/// Calls `register_model` with a test name and URI.
pub fn try_register(
	owner: AccountId,
	training: Vec<(DatanetId, VersionNumber)>,
	fee: Balance,
) -> DispatchResult {
	Attribution::register_model(
		RuntimeOrigin::signed(owner),
		b"medqa-7b".to_vec(),
		H256::repeat_byte(0xaa),
		b"ipfs://model".to_vec(),
		BoundedVec::truncate_from(training),
		fee,
	)
}

/// Registers a model of `owner` and returns its id.
pub fn register(
	owner: AccountId,
	training: Vec<(DatanetId, VersionNumber)>,
	fee: Balance,
) -> ModelId {
	let model = crate::NextModelId::<Test>::get();
	assert_ok!(try_register(owner, training, fee));
	model
}

/// The standard setup: a permissive datanet with three accepted contributions (ids 0, 1, 2 by
/// `BOB`), its version 1, and model 0 of `ALICE` trained on it with fee `FEE`.
pub struct Fixture {
	pub datanet: DatanetId,
	pub version: VersionNumber,
	pub contributions: Vec<ContributionId>,
	pub model: ModelId,
}

pub fn setup() -> Fixture {
	let datanet = create_datanet(license(true, true));
	let contributions = (1..=3).map(|n| contribute(datanet, n)).collect();
	let version = publish(datanet);
	let model = register(ALICE, vec![(datanet, version)], FEE);
	Fixture { datanet, version, contributions, model }
}

/// `who` bonds `amount`.
pub fn bond(who: AccountId, amount: Balance) {
	assert_ok!(Attribution::bond(RuntimeOrigin::signed(who), amount));
}

/// `ALICE` opens the next round of `model` with `bounty`; returns its id.
pub fn open(model: ModelId, bounty: Balance) -> RoundId {
	let round = model_info(model).next_round;
	assert_ok!(Attribution::open_round(RuntimeOrigin::signed(ALICE), model, bounty));
	round
}

/// A bounded score list.
pub fn scores(list: &[(ContributionId, Score)]) -> ScoresOf<Test> {
	BoundedVec::truncate_from(list.to_vec())
}

/// A salt unique to `n`.
pub fn salt(n: u8) -> [u8; 32] {
	[n; 32]
}

/// The commitment hash, computed independently of the pallet and of `openledger-core`:
/// `blake2_256(b"openledger/attribution-commit/v2" ++ SCALE(model) ++ SCALE(round) ++
/// SCALE(scores) ++ salt ++ SCALE(who))`.
pub fn commitment(
	who: AccountId,
	model: ModelId,
	round: RoundId,
	scores: &ScoresOf<Test>,
	salt: [u8; 32],
) -> H256 {
	let mut preimage = b"openledger/attribution-commit/v2".to_vec();
	preimage.extend_from_slice(&model.to_le_bytes());
	preimage.extend_from_slice(&round.to_le_bytes());
	preimage.extend_from_slice(&scores.encode());
	preimage.extend_from_slice(&salt);
	preimage.extend_from_slice(&who.encode());
	H256(sp_io::hashing::blake2_256(&preimage))
}

/// `who` commits to `scores` with `salt`.
pub fn commit(
	who: AccountId,
	model: ModelId,
	round: RoundId,
	scores: &ScoresOf<Test>,
	salt: [u8; 32],
) {
	assert_ok!(Attribution::commit(
		RuntimeOrigin::signed(who),
		model,
		round,
		commitment(who, model, round, scores, salt)
	));
}

/// `who` reveals `scores` with `salt`.
pub fn try_reveal(
	who: AccountId,
	model: ModelId,
	round: RoundId,
	scores: &ScoresOf<Test>,
	salt: [u8; 32],
) -> DispatchResult {
	Attribution::reveal(RuntimeOrigin::signed(who), model, round, scores.clone(), salt)
}

pub fn reveal(
	who: AccountId,
	model: ModelId,
	round: RoundId,
	scores: &ScoresOf<Test>,
	salt: [u8; 32],
) {
	assert_ok!(try_reveal(who, model, round, scores, salt));
}

/// Moves to the first block of the round's reveal phase.
pub fn go_to_reveal(model: ModelId, round: RoundId) {
	System::set_block_number(round_info(model, round).reveal_from);
}

/// Moves to the first block in which the round can be finalized.
pub fn go_to_finalize(model: ModelId, round: RoundId) {
	System::set_block_number(round_info(model, round).finalize_from);
}

/// `HARRY` finalizes the round.
pub fn finalize(model: ModelId, round: RoundId) {
	assert_ok!(Attribution::finalize(RuntimeOrigin::signed(HARRY), model, round));
}

/// Every attestor commits its scores in `round`, then reveals them; then the reveal phase ends.
pub fn commit_and_reveal(model: ModelId, round: RoundId, reveals: &[(AccountId, ScoresOf<Test>)]) {
	for (index, (who, list)) in reveals.iter().enumerate() {
		commit(*who, model, round, list, salt(index as u8));
	}
	go_to_reveal(model, round);
	for (index, (who, list)) in reveals.iter().enumerate() {
		reveal(*who, model, round, list, salt(index as u8));
	}
	go_to_finalize(model, round);
}

/// A whole round of `model` without bounty: every attestor commits and reveals its scores,
/// then it is finalized. Returns the round id.
pub fn run_round(model: ModelId, reveals: &[(AccountId, ScoresOf<Test>)]) -> RoundId {
	let round = open(model, 0);
	commit_and_reveal(model, round, reveals);
	finalize(model, round);
	round
}

/// The record of a round, which must exist.
pub fn round_info(model: ModelId, round: RoundId) -> RoundInfo<Test> {
	Rounds::<Test>::get((model, round)).expect("the round exists")
}

/// The record of a model, which must exist.
pub fn model_info(model: ModelId) -> ModelInfo<Test> {
	Models::<Test>::get(model).expect("the model exists")
}

/// The record of an attestor, which must exist.
pub fn attestor(who: AccountId) -> AttestorInfo<Test> {
	Attestors::<Test>::get(who).expect("the attestor exists")
}

/// What `who` has on hold for `reason`.
pub fn held(who: AccountId, reason: HoldReason) -> Balance {
	Balances::balance_on_hold(&RuntimeHoldReason::Attribution(reason), &who)
}

/// The free balance of `who`.
pub fn free(who: AccountId) -> Balance {
	Balances::free_balance(who)
}

/// A model's attribution, sorted by contribution id.
pub fn attribution(model: ModelId) -> Vec<(ContributionId, Score)> {
	let mut entries: Vec<_> = ModelAttribution::<Test>::iter_prefix(model).collect();
	entries.sort();
	entries
}

/// The models a contribution is attributed in, sorted by model id.
pub fn attributed_in(contribution: ContributionId) -> Vec<(ModelId, Score)> {
	let mut entries: Vec<_> = ContributionAttribution::<Test>::iter_prefix(contribution).collect();
	entries.sort();
	entries
}

/// This pallet's events so far, oldest first.
pub fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Attribution(event) => Some(event),
			_ => None,
		})
		.collect()
}
