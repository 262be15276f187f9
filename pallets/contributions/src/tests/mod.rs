//! Unit tests of the contributions pallet, against the real datanets pallet: every call's
//! success and error paths, the deposits, `ContributionInspect` and the runtime API. Each test
//! runs through [`ExtBuilder::build_and_execute`], which checks the pallet's invariants at the
//! end.

#![allow(
	clippy::unwrap_used,
	clippy::indexing_slicing,
	clippy::arithmetic_side_effects,
	clippy::expect_used,
	clippy::panic
)]

mod economics;
mod front_running;
mod inspect;
mod invariants;
mod metadata;
mod review;
mod revoke;
mod runtime_api;
mod sequences;
mod sponsorship;
mod submit;
mod withdraw;

use crate::{mock::*, ContributionRecord, Event, HoldReason, NextContributionId};
use frame_support::{
	assert_ok,
	dispatch::DispatchResultWithPostInfo,
	traits::fungible::InspectHold,
};
use openledger_primitives::{
	ContentHash, ContributionId, ContributionKind, DatanetId, DatanetPolicy, License, Verdict,
	H256,
};
use sp_runtime::Perbill;

/// Metadata URI every test contribution gets (11 bytes).
pub const URI: &[u8] = b"ipfs://item";
/// Bytes of `URI`.
pub const URI_LEN: u64 = 11;
/// Declared size of every test contribution.
pub const SIZE: u64 = 100;

/// Creates an open, curated datanet (deposit 100, 15% slash) owned by `owner`, whose licence
/// allows derived works, and returns its id.
pub fn create_datanet(owner: AccountId) -> DatanetId {
	create_datanet_with(owner, policy(), license(true))
}

/// Creates a datanet with `policy` and `license` owned by `owner` and returns its id.
pub fn create_datanet_with(
	owner: AccountId,
	policy: DatanetPolicy<Balance>,
	license: License<Vec<u8>>,
) -> DatanetId {
	let datanet = pallet_datanets::NextDatanetId::<Test>::get();
	assert_ok!(Datanets::create(
		RuntimeOrigin::signed(owner),
		b"medqa".to_vec(),
		b"ipfs://medqa".to_vec(),
		policy,
		license,
	));
	datanet
}

/// A content hash unique to `n`.
pub fn content(n: u64) -> ContentHash {
	H256::from_low_u64_be(n + 1)
}

/// Calls `submit` with the test URI and size.
pub fn try_submit(
	who: AccountId,
	datanet: DatanetId,
	content_hash: ContentHash,
	parents: Vec<ContributionId>,
) -> DispatchResultWithPostInfo {
	Contributions::submit(
		RuntimeOrigin::signed(who),
		datanet,
		content_hash,
		SIZE,
		ContributionKind::Data,
		URI.to_vec(),
		parents,
		Balance::MAX,
		Perbill::one(),
	)
}

/// Submits contribution `n` (content `content(n)`) of `who` to `datanet` and returns its id.
pub fn submit(who: AccountId, datanet: DatanetId, n: u64) -> ContributionId {
	submit_with_parents(who, datanet, n, Vec::new())
}

/// Submits contribution `n` of `who` to `datanet` with `parents` and returns its id.
pub fn submit_with_parents(
	who: AccountId,
	datanet: DatanetId,
	n: u64,
	parents: Vec<ContributionId>,
) -> ContributionId {
	let id = NextContributionId::<Test>::get();
	assert_ok!(try_submit(who, datanet, content(n), parents));
	id
}

/// `curator` accepts contribution `id`.
pub fn accept(curator: AccountId, id: ContributionId) {
	assert_ok!(Contributions::review(RuntimeOrigin::signed(curator), id, Verdict::Accept));
}

/// `curator` rejects contribution `id`.
pub fn reject(curator: AccountId, id: ContributionId) {
	assert_ok!(Contributions::review(RuntimeOrigin::signed(curator), id, Verdict::Reject));
}

/// The record of contribution `id`, which must exist.
pub fn record(id: ContributionId) -> ContributionRecord<Test> {
	crate::Contribution::<Test>::get(id).expect("the contribution exists")
}

/// What `who` has on hold as contribution deposits.
pub fn review_held(who: AccountId) -> Balance {
	let reason = RuntimeHoldReason::Contributions(HoldReason::ContributionDeposit);
	Balances::balance_on_hold(&reason, &who)
}

/// What `who` has on hold as storage deposits.
pub fn storage_held(who: AccountId) -> Balance {
	let reason = RuntimeHoldReason::Contributions(HoldReason::StorageDeposit);
	Balances::balance_on_hold(&reason, &who)
}

/// The free balance of `who`.
pub fn free(who: AccountId) -> Balance {
	Balances::free_balance(who)
}

/// The storage deposit of a test contribution with `parents` parents.
pub fn test_storage_deposit(parents: u64) -> Balance {
	storage_deposit(URI_LEN, parents)
}

/// This pallet's events so far, oldest first.
pub fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Contributions(event) => Some(event),
			_ => None,
		})
		.collect()
}

/// The number of live (accepted, not revoked) leaves of `datanet`'s tree.
pub fn live_leaves(datanet: DatanetId) -> u32 {
	pallet_datanets::Datanet::<Test>::get(datanet).expect("the datanet exists").tree.live_count
}
