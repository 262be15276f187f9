//! `withdraw`: a pending contribution disappears and both deposits come back.

use super::*;
use crate::{ByContributor, ByDatanet, ContentIndex, Contribution, Error, Reputation};
use frame_support::assert_noop;
use openledger_primitives::ReputationCounts;

#[test]
fn withdraw_removes_the_record_and_releases_both_deposits() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		let id = submit(BOB, datanet, 1);
		assert_ok!(Contributions::withdraw(RuntimeOrigin::signed(BOB), id));

		assert!(!Contribution::<Test>::contains_key(id));
		assert_eq!(ContentIndex::<Test>::get(content(1)), None);
		assert!(!ByContributor::<Test>::contains_key(BOB, id));
		assert!(!ByDatanet::<Test>::contains_key(datanet, id));
		assert_eq!((review_held(BOB), storage_held(BOB)), (0, 0));
		assert_eq!(free(BOB), INITIAL_BALANCE);
		assert_eq!(Reputation::<Test>::get(datanet, BOB), ReputationCounts::default());
		System::assert_last_event(
			Event::<Test>::ContributionWithdrawn {
				id,
				datanet,
				contributor: BOB,
				refunded: CONTRIBUTION_DEPOSIT + test_storage_deposit(0),
			}
			.into(),
		);
	});
}

#[test]
fn withdrawn_content_may_be_registered_again_under_a_new_id() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		let id = submit(BOB, datanet, 1);
		assert_ok!(Contributions::withdraw(RuntimeOrigin::signed(BOB), id));
		let again = submit(CHARLIE, datanet, 1);
		assert_eq!(again, id + 1, "ids are never reused");
		assert_eq!(ContentIndex::<Test>::get(content(1)), Some(again));
		assert_eq!(record(again).contributor, CHARLIE);
	});
}

#[test]
fn withdraw_leaves_the_contributor_s_other_deposits_alone() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		let kept = submit(BOB, datanet, 1);
		let accepted = submit(BOB, datanet, 2);
		let withdrawn = submit(BOB, datanet, 3);
		accept(ALICE, accepted);
		assert_ok!(Contributions::withdraw(RuntimeOrigin::signed(BOB), withdrawn));
		assert_eq!(review_held(BOB), CONTRIBUTION_DEPOSIT, "the pending one's");
		assert_eq!(storage_held(BOB), 2 * test_storage_deposit(0));
		assert!(record(kept).status.is_pending());
	});
}

#[test]
fn withdraw_works_after_the_datanet_was_dissolved() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		let id = submit(BOB, datanet, 1);
		assert_ok!(Datanets::close(RuntimeOrigin::signed(ALICE), datanet));
		assert_ok!(Datanets::dissolve(RuntimeOrigin::signed(ALICE), datanet));
		assert_ok!(Contributions::withdraw(RuntimeOrigin::signed(BOB), id));
		assert_eq!(free(BOB), INITIAL_BALANCE);
	});
}

#[test]
fn only_the_contributor_withdraws_and_only_while_pending() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		let id = submit(BOB, datanet, 1);
		for who in [ALICE, CHARLIE] {
			assert_noop!(
				Contributions::withdraw(RuntimeOrigin::signed(who), id),
				Error::<Test>::NotContributor
			);
		}
		assert_noop!(
			Contributions::withdraw(RuntimeOrigin::signed(BOB), 9),
			Error::<Test>::UnknownContribution
		);

		let rejected = submit(BOB, datanet, 2);
		accept(ALICE, id);
		reject(ALICE, rejected);
		for reviewed in [id, rejected] {
			assert_noop!(
				Contributions::withdraw(RuntimeOrigin::signed(BOB), reviewed),
				Error::<Test>::NotPending
			);
		}
	});
}
