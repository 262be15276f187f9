//! `review`: accepting, rejecting (the slash to the treasury), who may review and when.

use super::*;
use crate::{ContentIndex, Error, Reputation};
use frame_support::assert_noop;
use openledger_primitives::{merkle::leaf_hash, ContributionStatus, ReputationCounts};
use sp_runtime::Perbill;

#[test]
fn accept_appends_the_leaf_and_releases_the_contribution_deposit() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		let id = submit(BOB, datanet, 1);
		System::set_block_number(4);
		accept(ALICE, id);

		assert_eq!(
			record(id).status,
			ContributionStatus::Accepted { leaf_index: 0, accepted_at: 4 }
		);
		// The contribution deposit is back; the storage deposit stays with the record.
		assert_eq!(review_held(BOB), 0);
		assert_eq!(storage_held(BOB), test_storage_deposit(0));
		assert_eq!(free(BOB), INITIAL_BALANCE - test_storage_deposit(0));
		assert_eq!(
			Reputation::<Test>::get(datanet, BOB),
			ReputationCounts { accepted: 1, rejected: 0, revoked: 0 }
		);
		System::assert_last_event(
			Event::<Test>::ContributionAccepted {
				id,
				datanet,
				curator: Some(ALICE),
				leaf_index: 0,
				refunded: CONTRIBUTION_DEPOSIT,
			}
			.into(),
		);

		// The datanet's tree holds the contribution's leaf, with a proof against its root.
		assert_eq!(live_leaves(datanet), 1);
		let proof = Datanets::api_inclusion_proof(datanet, 0).expect("the leaf is live");
		assert_eq!(proof.leaf, leaf_hash(id, &content(1)));
		assert!(proof.verify());
	});
}

#[test]
fn accepted_contributions_get_consecutive_leaves_in_review_order() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		let first = submit(BOB, datanet, 1);
		let second = submit(CHARLIE, datanet, 2);
		let third = submit(DAVE, datanet, 3);
		accept(ALICE, third);
		reject(ALICE, second);
		accept(ALICE, first);
		assert_eq!(record(third).status.leaf_index(), Some(0));
		assert_eq!(record(first).status.leaf_index(), Some(1));
		assert_eq!(record(second).status.leaf_index(), None);
		assert_eq!(live_leaves(datanet), 2);
	});
}

#[test]
fn reject_pays_the_slash_to_the_treasury_and_keeps_the_record() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		let id = submit(BOB, datanet, 1);
		let issuance = Balances::total_issuance();
		let treasury = free(TREASURY);
		System::set_block_number(5);
		reject(ALICE, id);

		let slashed = CONTRIBUTION_DEPOSIT * u64::from(SLASH_PERCENT) / 100;
		assert_eq!(slashed, 15);
		assert_eq!(free(TREASURY), treasury + slashed);
		assert_eq!(review_held(BOB), 0);
		assert_eq!(storage_held(BOB), test_storage_deposit(0));
		assert_eq!(free(BOB), INITIAL_BALANCE - test_storage_deposit(0) - slashed);
		assert_eq!(Balances::total_issuance(), issuance, "moved, not burned");
		assert_eq!(record(id).status, ContributionStatus::Rejected { rejected_at: 5 });
		assert_eq!(live_leaves(datanet), 0);
		assert_eq!(
			Reputation::<Test>::get(datanet, BOB),
			ReputationCounts { accepted: 0, rejected: 1, revoked: 0 }
		);
		System::assert_last_event(
			Event::<Test>::ContributionRejected {
				id,
				datanet,
				curator: ALICE,
				slashed,
				refunded: CONTRIBUTION_DEPOSIT - slashed,
			}
			.into(),
		);

		// A rejection frees the hash (the record stays): the content may be registered again.
		assert_eq!(ContentIndex::<Test>::get(content(1)), None);
		assert!(crate::Contribution::<Test>::contains_key(id));
	});
}

#[test]
fn the_slash_is_rounded_down_in_the_contributor_s_favour() {
	ExtBuilder::default().build_and_execute(|| {
		// 15% of 7 is 1.05.
		let odd = DatanetPolicy { contribution_deposit: 7, ..policy() };
		let datanet = create_datanet_with(ALICE, odd, license(true));
		let id = submit(BOB, datanet, 1);
		let treasury = free(TREASURY);
		reject(ALICE, id);
		assert_eq!(free(TREASURY), treasury + 1);
		assert_eq!(free(BOB), INITIAL_BALANCE - test_storage_deposit(0) - 1);
	});
}

#[test]
fn a_zero_slash_or_a_full_slash_are_exact() {
	ExtBuilder::default().build_and_execute(|| {
		let lenient = DatanetPolicy { rejection_slash: Perbill::zero(), ..policy() };
		let strict = DatanetPolicy { rejection_slash: Perbill::one(), ..policy() };
		let lenient = create_datanet_with(ALICE, lenient, license(true));
		let strict = create_datanet_with(ALICE, strict, license(true));
		let treasury = free(TREASURY);

		reject(ALICE, submit(BOB, lenient, 1));
		assert_eq!(free(TREASURY), treasury);
		assert_eq!(free(BOB), INITIAL_BALANCE - test_storage_deposit(0));

		reject(ALICE, submit(CHARLIE, strict, 2));
		assert_eq!(free(TREASURY), treasury + CONTRIBUTION_DEPOSIT);
		assert_eq!(free(CHARLIE), INITIAL_BALANCE - test_storage_deposit(0) - CONTRIBUTION_DEPOSIT);
	});
}

#[test]
fn the_slash_recorded_at_submission_applies_even_after_a_policy_change() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		let id = submit(BOB, datanet, 1);
		let harsher = DatanetPolicy {
			contribution_deposit: 500,
			rejection_slash: Perbill::from_percent(50),
			..policy()
		};
		assert_ok!(Datanets::set_policy(RuntimeOrigin::signed(ALICE), datanet, harsher));
		let treasury = free(TREASURY);
		reject(ALICE, id);
		assert_eq!(free(TREASURY), treasury + 15);
		assert_eq!(free(BOB), INITIAL_BALANCE - test_storage_deposit(0) - 15);
	});
}

#[test]
fn appointed_curators_review_and_others_may_not() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		assert_ok!(Datanets::add_curator(RuntimeOrigin::signed(ALICE), datanet, CHARLIE));
		let first = submit(BOB, datanet, 1);
		let second = submit(BOB, datanet, 2);
		// The contributor is no curator, nor is anyone else.
		for who in [BOB, EVE] {
			for verdict in [Verdict::Accept, Verdict::Reject] {
				assert_noop!(
					Contributions::review(RuntimeOrigin::signed(who), first, verdict),
					Error::<Test>::NotCurator
				);
			}
		}
		accept(CHARLIE, first);
		reject(CHARLIE, second);
		System::assert_has_event(
			Event::<Test>::ContributionAccepted {
				id: first,
				datanet,
				curator: Some(CHARLIE),
				leaf_index: 0,
				refunded: CONTRIBUTION_DEPOSIT,
			}
			.into(),
		);
	});
}

#[test]
fn only_pending_contributions_are_reviewed() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		let accepted = submit(BOB, datanet, 1);
		let rejected = submit(BOB, datanet, 2);
		accept(ALICE, accepted);
		reject(ALICE, rejected);
		for id in [accepted, rejected] {
			for verdict in [Verdict::Accept, Verdict::Reject] {
				assert_noop!(
					Contributions::review(RuntimeOrigin::signed(ALICE), id, verdict),
					Error::<Test>::NotPending
				);
			}
		}
		assert_ok!(Contributions::revoke(RuntimeOrigin::signed(BOB), accepted));
		assert_noop!(
			Contributions::review(RuntimeOrigin::signed(ALICE), accepted, Verdict::Accept),
			Error::<Test>::NotPending
		);
		assert_noop!(
			Contributions::review(RuntimeOrigin::signed(ALICE), 9, Verdict::Accept),
			Error::<Test>::UnknownContribution
		);
	});
}

#[test]
fn submissions_made_before_closing_can_still_be_reviewed() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		let first = submit(BOB, datanet, 1);
		let second = submit(BOB, datanet, 2);
		assert_ok!(Datanets::close(RuntimeOrigin::signed(ALICE), datanet));
		accept(ALICE, first);
		reject(ALICE, second);
		assert_eq!(live_leaves(datanet), 1);
	});
}

#[test]
fn nobody_reviews_for_a_dissolved_datanet() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		let id = submit(BOB, datanet, 1);
		assert_ok!(Datanets::close(RuntimeOrigin::signed(ALICE), datanet));
		assert_ok!(Datanets::dissolve(RuntimeOrigin::signed(ALICE), datanet));
		assert_noop!(
			Contributions::review(RuntimeOrigin::signed(ALICE), id, Verdict::Accept),
			Error::<Test>::NotCurator
		);
		// The contributor takes it back instead (see the withdraw tests).
		assert_ok!(Contributions::withdraw(RuntimeOrigin::signed(BOB), id));
	});
}

#[test]
fn reputation_counts_each_verdict_per_datanet() {
	ExtBuilder::default().build_and_execute(|| {
		let first = create_datanet(ALICE);
		let second = create_datanet(ALICE);
		for n in 0..3 {
			accept(ALICE, submit(BOB, first, n));
		}
		reject(ALICE, submit(BOB, first, 3));
		reject(ALICE, submit(BOB, second, 4));
		submit(BOB, second, 5);
		assert_eq!(
			Reputation::<Test>::get(first, BOB),
			ReputationCounts { accepted: 3, rejected: 1, revoked: 0 }
		);
		assert_eq!(
			Reputation::<Test>::get(second, BOB),
			ReputationCounts { accepted: 0, rejected: 1, revoked: 0 }
		);
		assert_eq!(Reputation::<Test>::get(first, CHARLIE), ReputationCounts::default());
	});
}
