//! Unit and property tests of the rewards pallet, against the real datanets and contributions
//! pallets: every call's success and error paths, the fee split, the pools' points, emission,
//! model ledgers and claims by proof, the runtime API, and value conservation over random
//! sequences. Each test runs through [`ExtBuilder::build_and_execute`], which checks the
//! pallet's invariants at the end.

#![allow(
	clippy::unwrap_used,
	clippy::indexing_slicing,
	clippy::arithmetic_side_effects,
	clippy::expect_used,
	clippy::panic
)]

mod claim;
mod conservation;
mod economics;
mod emission;
mod fee_split;
mod invariants;
mod ledger;
mod ledger_sequences;
mod metadata;
mod points;
mod runtime_api;

use crate::{mock::*, Event, PoolId, PoolMembers, Pools};
use frame_support::{
	assert_ok,
	traits::{fungible::Mutate, tokens::Preservation},
};
use openledger_primitives::{
	Admission, ContributionId, ContributionInspect, DatanetId, DatanetPolicy, License, ModelId,
	ReviewMode, RewardSink, Score, H256,
};
use sp_runtime::Perbill;

/// Creates an open, auto-accepting datanet owned by `owner` with a curation fee of
/// `curation_percent`, and returns its id.
pub fn create_datanet(owner: AccountId, curation_percent: u32) -> DatanetId {
	let datanet = pallet_datanets::NextDatanetId::<Test>::get();
	let policy = DatanetPolicy {
		admission: Admission::Open,
		review: ReviewMode::AutoAccept,
		contribution_deposit: 0,
		rejection_slash: Perbill::zero(),
		curation_fee: Perbill::from_percent(curation_percent),
		max_contribution_size: 1_024,
	};
	let license = License {
		may_train: true,
		commercial_use: true,
		attribution_required: true,
		derivatives_allowed: true,
		uri: None,
	};
	assert_ok!(Datanets::create(
		RuntimeOrigin::signed(owner),
		b"medqa".to_vec(),
		b"ipfs://medqa".to_vec(),
		policy,
		license,
	));
	datanet
}

/// `who` contributes content `n` to `datanet` (accepted at once) and returns its id.
pub fn contribute(who: AccountId, datanet: DatanetId, n: u64) -> ContributionId {
	let id = pallet_contributions::NextContributionId::<Test>::get();
	assert_ok!(Contributions::submit(
		RuntimeOrigin::signed(who),
		datanet,
		H256::from_low_u64_be(n + 1),
		10,
		openledger_primitives::ContributionKind::Data,
		Vec::new(),
		Vec::new(),
		Balance::MAX,
		Perbill::one(),
	));
	assert!(<Contributions as ContributionInspect<AccountId, u64>>::is_live(id));
	id
}

/// `who` revokes contribution `id`.
pub fn revoke(who: AccountId, id: ContributionId) {
	assert_ok!(Contributions::revoke(RuntimeOrigin::signed(who), id));
}

/// What the attribution pallet does on `record_inference`: `payer` pays `fee` into the pot,
/// then the sink splits it.
pub fn pay_inference(
	model: ModelId,
	owner: AccountId,
	fee: Balance,
	attributions: &[(ContributionId, Perbill)],
) {
	if fee > 0 {
		assert_ok!(<Balances as Mutate<AccountId>>::transfer(
			&PAYER,
			&pot(),
			fee,
			Preservation::Preserve
		));
	}
	<Rewards as RewardSink<AccountId, Balance>>::inference_paid(
		model,
		&owner,
		&PAYER,
		fee,
		attributions,
	);
}

/// What the attribution pallet does on `finalize`.
pub fn finalize(model: ModelId, consensus: &[(ContributionId, Score)]) {
	<Rewards as RewardSink<AccountId, Balance>>::attribution_finalized(model, consensus);
}

/// What the attribution pallet does when a round of `model` reaches its quorum: `attestors`,
/// with their weights in it, become the model's attestors.
pub fn attest(model: ModelId, attestors: &[(AccountId, Balance)]) {
	<Rewards as RewardSink<AccountId, Balance>>::attestors_finalized(model, attestors);
}

/// What `pool` owes `who` now.
pub fn owed(who: AccountId, pool: PoolId) -> Balance {
	Rewards::api_pending_in(who, pool)
}

/// `who`'s points in `pool` (0 if not a member).
pub fn points_of(who: AccountId, pool: PoolId) -> u128 {
	PoolMembers::<Test>::get(pool, who).map_or(0, |member| member.points)
}

/// `pool`'s total points.
pub fn total_points(pool: PoolId) -> u128 {
	Pools::<Test>::get(pool).map_or(0, |info| info.total_points)
}

/// The free balance of `who`.
pub fn free(who: AccountId) -> Balance {
	Balances::free_balance(who)
}

/// This pallet's events so far, oldest first.
pub fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Rewards(event) => Some(event),
			_ => None,
		})
		.collect()
}

/// Moves to the first block of `era`.
pub fn go_to_era(era: u32) {
	System::set_block_number(u64::from(era) * ERA_LENGTH);
}

/// A fee whose shares under the default split spread over the test pools without rounding:
/// treasury and attestors 195 312 500 each, model owner 390 625 000, contributors 1 171 875 000.
pub const FEE: Balance = 1_953_125_000;
/// The treasury's (and the attestors') share of [`FEE`] under the default split.
pub const FEE_TENTH: Balance = 195_312_500;
/// The contributors' share of [`FEE`] under the default split.
pub const FEE_CONTRIBUTORS: Balance = 1_171_875_000;

/// Points per unit of score.
pub const PPS: u128 = openledger_primitives::rewards::POINTS_PER_SCORE;

/// A model-0 setup used by many tests: Alice's datanet (10% curation fee) with Bob's
/// contribution (returned first) and Charlie's; Dave owns model 0; Eve is its attestor, with weight 100.
pub fn standard_setup() -> (ContributionId, ContributionId) {
	let datanet = create_datanet(ALICE, 10);
	let bob = contribute(BOB, datanet, 1);
	let charlie = contribute(CHARLIE, datanet, 2);
	attest(0, &[(EVE, 100)]);
	(bob, charlie)
}
