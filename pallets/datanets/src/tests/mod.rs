//! Unit tests of the datanets pallet: every call's success and error paths, the
//! `DatanetInspect` implementation and the runtime API. Each test runs through
//! [`ExtBuilder::build_and_execute`], which checks the pallet's invariants at the end.

#![allow(
	clippy::unwrap_used,
	clippy::indexing_slicing,
	clippy::arithmetic_side_effects,
	clippy::expect_used,
	clippy::panic
)]

mod allowlist;
mod curators;
mod economics;
mod inspect;
mod lifecycle;
mod metadata;
mod ownership;
mod runtime_api;
mod versions;

use crate::{mock::*, DatanetRecord, Event, HoldReason, NextDatanetId};
use frame_support::{
	assert_ok,
	traits::fungible::{InspectHold, Mutate},
};
use openledger_primitives::{DatanetId, DatanetInspect, LeafIndex, H256};

/// Name every test datanet gets (5 bytes).
pub const NAME: &[u8] = b"medqa";
/// Metadata URI every test datanet gets (12 bytes).
pub const URI: &[u8] = b"ipfs://medqa";
/// Bytes of `NAME` and `URI`, what the deposit of a fresh test datanet is charged for.
pub const META_BYTES: Balance = 17;

/// Creates an open, curated datanet owned by `owner` and returns its id.
pub fn create_datanet(owner: AccountId) -> DatanetId {
	create_datanet_with(owner, policy())
}

/// Creates a datanet with `policy` owned by `owner` and returns its id.
pub fn create_datanet_with(
	owner: AccountId,
	policy: openledger_primitives::DatanetPolicy<Balance>,
) -> DatanetId {
	let datanet = NextDatanetId::<Test>::get();
	assert_ok!(Datanets::create(
		RuntimeOrigin::signed(owner),
		NAME.to_vec(),
		URI.to_vec(),
		policy,
		license(None),
	));
	datanet
}

/// The record of `datanet`, which must exist.
pub fn record(datanet: DatanetId) -> DatanetRecord<Test> {
	crate::Datanet::<Test>::get(datanet).expect("the datanet exists")
}

/// What `who` has on hold for datanet deposits.
pub fn held(who: AccountId) -> Balance {
	Balances::balance_on_hold(&RuntimeHoldReason::Datanets(HoldReason::DatanetDeposit), &who)
}

/// Leaves `who` with only the existential deposit free, so it cannot hold any more.
pub fn drain(who: AccountId) {
	<Balances as Mutate<AccountId>>::set_balance(&who, 1);
}

/// This pallet's events so far, oldest first.
#[allow(dead_code)]
pub fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Datanets(event) => Some(event),
			_ => None,
		})
		.collect()
}

/// A content hash unique to `n`.
pub fn content(n: u64) -> H256 {
	H256::from_low_u64_be(n.wrapping_add(1))
}

/// Accepts contribution `n` into `datanet` the way the contributions pallet would.
pub fn accept(datanet: DatanetId, n: u64) -> LeafIndex {
	<Datanets as DatanetInspect<AccountId, Balance>>::append_accepted(datanet, n, content(n))
		.unwrap()
}

/// Revokes the contribution at `leaf_index` the way the contributions pallet would.
pub fn revoke(datanet: DatanetId, leaf_index: LeafIndex) {
	assert_ok!(<Datanets as DatanetInspect<AccountId, Balance>>::remove_accepted(
		datanet, leaf_index
	));
}
