//! `revoke`: an accepted contribution leaves later versions, keeps its record, and is marked
//! with the block of revocation.

use super::*;
use crate::{ContentIndex, Error, Reputation};
use frame_support::assert_noop;
use openledger_primitives::{
	ContributionInspect, ContributionStatus, DatanetInspect, ReputationCounts,
};

#[test]
fn revoke_removes_the_leaf_and_marks_the_record() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		let id = submit(BOB, datanet, 1);
		System::set_block_number(2);
		accept(ALICE, id);
		System::set_block_number(9);
		assert_ok!(Contributions::revoke(RuntimeOrigin::signed(BOB), id));

		assert_eq!(
			record(id).status,
			ContributionStatus::Revoked { leaf_index: 0, accepted_at: 2, revoked_at: 9 }
		);
		assert_eq!(live_leaves(datanet), 0);
		assert_eq!(Datanets::api_inclusion_proof(datanet, 0), None);
		// The record, its content hash and its storage deposit stay.
		assert_eq!(ContentIndex::<Test>::get(content(1)), Some(id));
		assert_eq!(storage_held(BOB), test_storage_deposit(0));
		assert_eq!(review_held(BOB), 0);
		assert_eq!(
			Reputation::<Test>::get(datanet, BOB),
			ReputationCounts { accepted: 1, rejected: 0, revoked: 1 }
		);
		assert_eq!(<Contributions as ContributionInspect<AccountId, u64>>::revoked_at(id), Some(9));
		System::assert_last_event(
			Event::<Test>::ContributionRevoked { id, datanet, contributor: BOB, leaf_index: 0 }
				.into(),
		);
	});
}

#[test]
fn versions_published_after_a_revocation_exclude_it() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		let ids: Vec<_> = (0..3).map(|n| submit(BOB, datanet, n)).collect();
		ids.iter().for_each(|id| accept(ALICE, *id));
		assert_ok!(Datanets::publish_version(RuntimeOrigin::signed(ALICE), datanet));

		assert_ok!(Contributions::revoke(RuntimeOrigin::signed(BOB), ids[1]));
		assert_ok!(Datanets::publish_version(RuntimeOrigin::signed(ALICE), datanet));

		let version = |number| {
			<Datanets as DatanetInspect<AccountId, Balance>>::version(datanet, number).unwrap()
		};
		assert_eq!(version(1).count, 3, "earlier versions are historical facts");
		assert_eq!(version(2).count, 2);
		assert_ne!(version(1).root, version(2).root);
		// The count equals the live contributions at publication.
		let live = ids.iter().filter(|id| record(**id).status.is_live()).count();
		assert_eq!(version(2).count as usize, live);

		// With every contribution revoked, the next version is empty.
		assert_ok!(Contributions::revoke(RuntimeOrigin::signed(BOB), ids[0]));
		assert_ok!(Contributions::revoke(RuntimeOrigin::signed(BOB), ids[2]));
		assert_ok!(Datanets::publish_version(RuntimeOrigin::signed(ALICE), datanet));
		assert_eq!(version(3).count, 0);
		assert_eq!(live_leaves(datanet), 0);
	});
}

#[test]
fn a_datanet_whose_contributions_were_all_revoked_can_be_dissolved() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		let id = submit(BOB, datanet, 1);
		accept(ALICE, id);
		assert_ok!(Datanets::close(RuntimeOrigin::signed(ALICE), datanet));
		assert_noop!(
			Datanets::dissolve(RuntimeOrigin::signed(ALICE), datanet),
			pallet_datanets::Error::<Test>::HasLiveContributions
		);
		assert_ok!(Contributions::revoke(RuntimeOrigin::signed(BOB), id));
		assert_ok!(Datanets::dissolve(RuntimeOrigin::signed(ALICE), datanet));
		// The revoked record outlives its datanet.
		assert!(record(id).status.was_accepted());
	});
}

#[test]
fn only_the_contributor_revokes_and_only_an_accepted_contribution() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		let pending = submit(BOB, datanet, 1);
		let rejected = submit(BOB, datanet, 2);
		let accepted = submit(BOB, datanet, 3);
		reject(ALICE, rejected);
		accept(ALICE, accepted);

		for who in [ALICE, CHARLIE] {
			assert_noop!(
				Contributions::revoke(RuntimeOrigin::signed(who), accepted),
				Error::<Test>::NotContributor
			);
		}
		for id in [pending, rejected] {
			assert_noop!(
				Contributions::revoke(RuntimeOrigin::signed(BOB), id),
				Error::<Test>::NotAccepted
			);
		}
		assert_noop!(
			Contributions::revoke(RuntimeOrigin::signed(BOB), 9),
			Error::<Test>::UnknownContribution
		);
		assert_ok!(Contributions::revoke(RuntimeOrigin::signed(BOB), accepted));
		assert_noop!(
			Contributions::revoke(RuntimeOrigin::signed(BOB), accepted),
			Error::<Test>::NotAccepted
		);
	});
}
