//! `DatanetInspect`, as the contributions and attribution pallets use it.

use super::*;
use crate::{Error, TreeNodes};
use frame_support::{assert_noop, weights::Weight};
use openledger_primitives::{
	merkle::{leaf_hash, TREE_CAPACITY},
	License,
};
use sp_runtime::DispatchError;

type Inspect = Datanets;

fn admission(datanet: DatanetId, who: AccountId, size: u64) -> Result<(), DispatchError> {
	<Inspect as DatanetInspect<AccountId, Balance>>::check_admission(datanet, &who, size)
		.map(|_| ())
}

#[test]
fn reads_reflect_the_datanet() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		let exists = <Inspect as DatanetInspect<AccountId, Balance>>::exists;
		let is_open = <Inspect as DatanetInspect<AccountId, Balance>>::is_open;
		assert!(exists(datanet) && is_open(datanet));
		assert!(!exists(9) && !is_open(9));
		let owner = <Inspect as DatanetInspect<AccountId, Balance>>::owner;
		let policy_of = <Inspect as DatanetInspect<AccountId, Balance>>::policy;
		let license_of = <Inspect as DatanetInspect<AccountId, Balance>>::license;
		assert_eq!(owner(datanet), Some(ALICE));
		assert_eq!(owner(9), None);
		assert_eq!(policy_of(datanet), Some(policy()));
		assert_eq!(policy_of(9), None);
		let terms: Option<License<Vec<u8>>> = license_of(datanet);
		assert_eq!(terms, Some(crate::mock::license(None)));
		assert!(terms.unwrap().permits_paid_models());
		assert_eq!(license_of(9), None);

		assert_ok!(Datanets::close(RuntimeOrigin::signed(ALICE), datanet));
		assert!(exists(datanet) && !is_open(datanet));
	});
}

#[test]
fn admission_names_the_reason_for_a_refusal() {
	ExtBuilder::default().build_and_execute(|| {
		let open = create_datanet(ALICE);
		assert_ok!(admission(open, EVE, 1_024));
		assert_noop!(admission(open, EVE, 1_025), Error::<Test>::ContributionTooLarge);
		assert_noop!(admission(9, EVE, 1), Error::<Test>::UnknownDatanet);

		let gated = create_datanet_with(ALICE, allowlist_policy());
		assert_ok!(Datanets::add_curator(RuntimeOrigin::signed(ALICE), gated, BOB));
		assert_ok!(Datanets::add_to_allowlist(RuntimeOrigin::signed(ALICE), gated, CHARLIE));
		assert_noop!(admission(gated, EVE, 1), Error::<Test>::NotOnAllowlist);
		// Allowlisted accounts, the owner and curators are admitted.
		for who in [CHARLIE, ALICE, BOB] {
			assert_ok!(admission(gated, who, 1));
		}
		assert_noop!(admission(gated, CHARLIE, 2_000), Error::<Test>::ContributionTooLarge);
		let returned =
			<Inspect as DatanetInspect<AccountId, Balance>>::check_admission(gated, &CHARLIE, 1);
		assert_eq!(returned, Ok(allowlist_policy()));

		assert_ok!(Datanets::close(RuntimeOrigin::signed(ALICE), open));
		assert_noop!(admission(open, EVE, 1), Error::<Test>::DatanetClosed);
	});
}

#[test]
fn append_and_remove_maintain_the_tree() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		assert_eq!(accept(datanet, 40), 0);
		assert_eq!(accept(datanet, 41), 1);
		let leaf = leaf_hash(41, &content(41));
		assert_eq!(TreeNodes::<Test>::get((datanet, 0u8, 1u32)), Some(leaf));
		System::assert_last_event(
			Event::<Test>::ContributionAppended {
				datanet,
				contribution: 41,
				leaf_index: 1,
				leaf,
				root: record(datanet).tree.root,
			}
			.into(),
		);
		let tree = record(datanet).tree;
		assert_eq!((tree.live_count, tree.next_index), (2, 2));

		revoke(datanet, 0);
		// Indices are never reused.
		assert_eq!(accept(datanet, 42), 2);
		assert_eq!(record(datanet).tree.live_count, 2);

		// Closed datanets still take acceptances of earlier submissions.
		assert_ok!(Datanets::close(RuntimeOrigin::signed(ALICE), datanet));
		assert_eq!(accept(datanet, 43), 3);
	});
}

#[test]
fn append_and_remove_errors() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		let append = <Inspect as DatanetInspect<AccountId, Balance>>::append_accepted;
		let remove = <Inspect as DatanetInspect<AccountId, Balance>>::remove_accepted;
		assert_noop!(append(9, 1, content(1)), Error::<Test>::UnknownDatanet);
		assert_noop!(remove(9, 0), Error::<Test>::UnknownDatanet);
		assert_noop!(remove(datanet, 0), Error::<Test>::LeafNotLive);
		accept(datanet, 1);
		revoke(datanet, 0);
		assert_noop!(remove(datanet, 0), Error::<Test>::LeafNotLive);
		assert_noop!(remove(datanet, 5), Error::<Test>::LeafNotLive);

		// A full tree refuses more leaves.
		crate::Datanet::<Test>::mutate(datanet, |record| {
			record.as_mut().unwrap().tree.next_index = TREE_CAPACITY;
		});
		assert_noop!(append(datanet, 2, content(2)), Error::<Test>::TreeFull);
	});
}

#[test]
fn weights_of_the_tree_operations_are_reported() {
	let append = <Inspect as DatanetInspect<AccountId, Balance>>::append_accepted_weight();
	let remove = <Inspect as DatanetInspect<AccountId, Balance>>::remove_accepted_weight();
	assert!(append.all_gt(Weight::zero()));
	assert!(remove.all_gt(Weight::zero()));
}
