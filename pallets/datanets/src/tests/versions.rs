//! `publish_version`, and how accepted and revoked contributions reach versions.

use super::*;
use crate::{DatanetVersion, Error, TreeNodes, Versions};
use frame_support::assert_noop;
use openledger_primitives::{
	merkle::{build_tree, empty_root, leaf_hash},
	VersionSnapshot,
};

fn publish(datanet: DatanetId, who: AccountId) {
	assert_ok!(Datanets::publish_version(RuntimeOrigin::signed(who), datanet));
}

/// The root a from-scratch tree over contributions `(leaf index, n)` has.
fn root_of(leaves: &[(LeafIndex, u64)]) -> H256 {
	build_tree(leaves.iter().map(|(index, n)| (*index, leaf_hash(*n, &content(*n))))).0
}

#[test]
fn publish_version_freezes_the_current_tree() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		assert_ok!(Datanets::add_curator(RuntimeOrigin::signed(ALICE), datanet, BOB));
		assert_eq!(accept(datanet, 10), 0);
		assert_eq!(accept(datanet, 11), 1);
		System::set_block_number(5);

		publish(datanet, BOB);
		let root = root_of(&[(0, 10), (1, 11)]);
		assert_eq!(record(datanet).tree.root, root);
		assert_eq!(record(datanet).latest_version, 1);
		assert_eq!(
			Versions::<Test>::get(datanet, 1),
			Some(DatanetVersion { number: 1, root, count: 2, next_leaf_index: 2, block: 5 })
		);
		System::assert_last_event(
			Event::<Test>::VersionPublished { datanet, version: 1, root, count: 2, publisher: BOB }
				.into(),
		);

		// Later acceptances go into the next version only.
		accept(datanet, 12);
		publish(datanet, ALICE);
		let version_2 = Versions::<Test>::get(datanet, 2).unwrap();
		assert_eq!(version_2.root, root_of(&[(0, 10), (1, 11), (2, 12)]));
		assert_eq!((version_2.count, version_2.next_leaf_index), (3, 3));
		assert_eq!(Versions::<Test>::get(datanet, 1).unwrap().root, root);
	});
}

#[test]
fn revoked_contributions_leave_later_versions_only() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		for n in 0..4 {
			accept(datanet, n);
		}
		publish(datanet, ALICE);
		let version_1 = Versions::<Test>::get(datanet, 1).unwrap();

		revoke(datanet, 1);
		System::assert_last_event(
			Event::<Test>::ContributionRemoved {
				datanet,
				leaf_index: 1,
				root: record(datanet).tree.root,
			}
			.into(),
		);
		publish(datanet, ALICE);
		let version_2 = Versions::<Test>::get(datanet, 2).unwrap();
		assert_eq!(version_2.root, root_of(&[(0, 0), (2, 2), (3, 3)]));
		assert_eq!((version_2.count, version_2.next_leaf_index), (3, 4));
		// The earlier version is a historical fact and keeps the revoked contribution.
		assert_eq!(Versions::<Test>::get(datanet, 1), Some(version_1));
		assert_eq!(version_1.root, root_of(&[(0, 0), (1, 1), (2, 2), (3, 3)]));

		// Revoking everything empties the tree and its storage; that too can be published.
		for leaf in [0, 2, 3] {
			revoke(datanet, leaf);
		}
		assert_eq!(TreeNodes::<Test>::iter_prefix((datanet,)).count(), 0);
		assert_eq!(record(datanet).tree.root, empty_root());
		publish(datanet, ALICE);
		assert_eq!(Versions::<Test>::get(datanet, 3).unwrap().count, 0);
	});
}

#[test]
fn publish_version_errors() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		assert_noop!(
			Datanets::publish_version(RuntimeOrigin::signed(ALICE), 9),
			Error::<Test>::UnknownDatanet
		);
		assert_noop!(
			Datanets::publish_version(RuntimeOrigin::signed(BOB), datanet),
			Error::<Test>::NotOwnerOrCurator
		);
		// Nothing accepted yet.
		assert_noop!(
			Datanets::publish_version(RuntimeOrigin::signed(ALICE), datanet),
			Error::<Test>::NothingToPublish
		);
		accept(datanet, 1);
		publish(datanet, ALICE);
		// Nothing changed since version 1.
		assert_noop!(
			Datanets::publish_version(RuntimeOrigin::signed(ALICE), datanet),
			Error::<Test>::NothingToPublish
		);
		accept(datanet, 2);
		publish(datanet, ALICE);
		accept(datanet, 3);
		// Closed datanets may still publish, up to `MaxVersions` (3).
		assert_ok!(Datanets::close(RuntimeOrigin::signed(ALICE), datanet));
		publish(datanet, ALICE);
		accept(datanet, 4);
		assert_noop!(
			Datanets::publish_version(RuntimeOrigin::signed(ALICE), datanet),
			Error::<Test>::TooManyVersions
		);
	});
}

#[test]
fn other_pallets_read_versions() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		let latest = <Datanets as DatanetInspect<AccountId, Balance>>::latest_version;
		let version = <Datanets as DatanetInspect<AccountId, Balance>>::version;
		assert_eq!(latest(datanet), None);
		assert_eq!(latest(9), None);
		accept(datanet, 7);
		publish(datanet, ALICE);
		assert_eq!(latest(datanet), Some(1));
		assert_eq!(
			version(datanet, 1),
			Some(VersionSnapshot {
				number: 1,
				root: root_of(&[(0, 7)]),
				count: 1,
				next_leaf_index: 1
			})
		);
		assert_eq!(version(datanet, 2), None);
		assert_eq!(version(9, 1), None);
	});
}
