//! `submit`: the record, the deposits, lineage, auto-accept and every refusal.

use super::*;
use crate::{weights::WeightInfo, ByContributor, ByDatanet, ContentIndex, Error, Reputation};
use frame_support::{assert_noop, dispatch::PostDispatchInfo};
use openledger_primitives::{ContributionStatus, DatanetInspect, ReputationCounts};
use sp_runtime::{Perbill, TokenError};

#[test]
fn submit_stores_the_record_and_holds_both_deposits() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		System::set_block_number(7);
		assert_ok!(Contributions::submit(
			RuntimeOrigin::signed(BOB),
			datanet,
			content(1),
			SIZE,
			ContributionKind::Label,
			URI.to_vec(),
			Vec::new(),
			Balance::MAX,
			Perbill::one(),
		));

		let stored = record(0);
		assert_eq!(stored.datanet, datanet);
		assert_eq!(stored.contributor, BOB);
		assert_eq!(stored.content_hash, content(1));
		assert_eq!(stored.size_bytes, SIZE);
		assert_eq!(stored.kind, ContributionKind::Label);
		assert_eq!(stored.metadata_uri.to_vec(), URI.to_vec());
		assert!(stored.parents.is_empty());
		assert_eq!(stored.status, ContributionStatus::Pending);
		assert_eq!(stored.submitted_at, 7);
		assert_eq!(stored.review_deposit, CONTRIBUTION_DEPOSIT);
		assert_eq!(stored.rejection_slash, Perbill::from_percent(SLASH_PERCENT));
		assert_eq!(NextContributionId::<Test>::get(), 1);
		assert_eq!(ContentIndex::<Test>::get(content(1)), Some(0));
		assert!(ByContributor::<Test>::contains_key(BOB, 0));
		assert!(ByDatanet::<Test>::contains_key(datanet, 0));

		let storage = test_storage_deposit(0);
		assert_eq!(review_held(BOB), CONTRIBUTION_DEPOSIT);
		assert_eq!(storage_held(BOB), storage);
		assert_eq!(free(BOB), INITIAL_BALANCE - CONTRIBUTION_DEPOSIT - storage);
		assert_eq!(Contributions::storage_deposit_for(URI.len(), 0), storage);
		// Nothing is reviewed yet: no reputation, no leaf.
		assert_eq!(Reputation::<Test>::get(datanet, BOB), ReputationCounts::default());
		assert_eq!(live_leaves(datanet), 0);
		System::assert_last_event(
			Event::<Test>::ContributionSubmitted {
				id: 0,
				datanet,
				contributor: BOB,
				content_hash: content(1),
				kind: ContributionKind::Label,
			}
			.into(),
		);
	});
}

#[test]
fn the_storage_deposit_covers_the_record_its_uri_and_its_parents() {
	ExtBuilder::default().build_and_execute(|| {
		// In the mock: a record of 169 bytes at most (4 datanet + 8 account + 32 hash + 8 size
		// + 1 kind + (1 + 32) URI + (1 + 4 × 8) parents + 21 status + 8 block + 8 deposit
		// + 4 slash + 8 ticket + 1 sponsored flag), less the 32 + 32 bytes of list contents,
		// plus 587 index bytes (two Merkle tree nodes of 97 bytes included) and two 8-byte
		// account ids.
		assert_eq!(Contributions::fixed_storage_bytes(), 708);
		assert_eq!(storage_deposit(0, 0), DEPOSIT_PER_BYTE * 708);

		let datanet = create_datanet(ALICE);
		let parent = submit(BOB, datanet, 1);
		accept(ALICE, parent);
		let before = storage_held(CHARLIE);
		submit_with_parents(CHARLIE, datanet, 2, vec![parent]);
		assert_eq!(storage_held(CHARLIE) - before, storage_deposit(URI_LEN, 1));
		assert_eq!(
			storage_deposit(URI_LEN, 1) - storage_deposit(0, 0),
			DEPOSIT_PER_BYTE * (URI_LEN + 8)
		);
	});
}

#[test]
fn ids_count_up_across_datanets_and_each_contribution_has_its_own_deposit() {
	ExtBuilder::default().build_and_execute(|| {
		let first = create_datanet(ALICE);
		let second = create_datanet(CHARLIE);
		assert_eq!(submit(BOB, first, 1), 0);
		assert_eq!(submit(BOB, second, 2), 1);
		assert_eq!(submit(DAVE, first, 3), 2);
		assert_eq!(review_held(BOB), 2 * CONTRIBUTION_DEPOSIT);
		assert_eq!(storage_held(BOB), 2 * test_storage_deposit(0));
		assert_eq!(review_held(DAVE), CONTRIBUTION_DEPOSIT);
	});
}

#[test]
fn lineage_is_stored_in_the_order_given() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		let data = submit(BOB, datanet, 1);
		let other = submit(CHARLIE, datanet, 2);
		accept(ALICE, data);
		reject(ALICE, other);
		// Rejected contributions may be parents too (a correction of one, say).
		let label = submit_with_parents(DAVE, datanet, 3, vec![other, data]);
		assert_eq!(record(label).parents.to_vec(), vec![other, data]);
		// At the limit, `MaxParents` parents.
		let more: Vec<_> = (4..6).map(|n| submit(BOB, datanet, n)).collect();
		more.iter().for_each(|id| accept(ALICE, *id));
		let parents = vec![data, other, more[0], more[1]];
		assert_eq!(parents.len() as u32, MAX_PARENTS);
		let derived = submit_with_parents(EVE, datanet, 6, parents.clone());
		assert_eq!(record(derived).parents.to_vec(), parents);
		assert_eq!(storage_held(EVE), test_storage_deposit(4));
	});
}

#[test]
fn auto_accept_accepts_at_once_without_a_contribution_deposit() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet_with(ALICE, auto_accept_policy(), license(true));
		System::set_block_number(3);
		let id = submit(BOB, datanet, 1);

		assert_eq!(
			record(id).status,
			ContributionStatus::Accepted { leaf_index: 0, accepted_at: 3 }
		);
		assert_eq!(record(id).review_deposit, 0);
		assert_eq!(review_held(BOB), 0);
		assert_eq!(storage_held(BOB), test_storage_deposit(0));
		assert_eq!(free(BOB), INITIAL_BALANCE - test_storage_deposit(0));
		assert_eq!(live_leaves(datanet), 1);
		assert_eq!(
			Reputation::<Test>::get(datanet, BOB),
			ReputationCounts { accepted: 1, rejected: 0, revoked: 0 }
		);
		assert_eq!(
			events(),
			vec![
				Event::ContributionSubmitted {
					id,
					datanet,
					contributor: BOB,
					content_hash: content(1),
					kind: ContributionKind::Data,
				},
				Event::ContributionAccepted {
					id,
					datanet,
					curator: None,
					leaf_index: 0,
					refunded: 0,
				},
			]
		);
		// The next one gets the next leaf.
		let next = submit(CHARLIE, datanet, 2);
		assert_eq!(record(next).status.leaf_index(), Some(1));
	});
}

#[test]
fn only_an_auto_accepted_submission_is_charged_for_the_tree() {
	ExtBuilder::default().build_and_execute(|| {
		let curated = create_datanet(ALICE);
		let automatic = create_datanet_with(ALICE, auto_accept_policy(), license(true));
		let info = try_submit(BOB, curated, content(1), Vec::new()).unwrap();
		assert_eq!(
			info,
			PostDispatchInfo {
				actual_weight: Some(<() as WeightInfo>::submit(URI_LEN as u32, 0)),
				..Default::default()
			}
		);
		let info = try_submit(BOB, automatic, content(2), Vec::new()).unwrap();
		assert_eq!(info.actual_weight, None, "the full pre-dispatch weight is charged");
	});
}

#[test]
fn duplicate_content_is_refused_anywhere_on_chain() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		let other = create_datanet(CHARLIE);
		submit(BOB, datanet, 1);
		// Not again by the same account, nor by another, nor in another datanet.
		for (who, target) in [(BOB, datanet), (DAVE, datanet), (DAVE, other)] {
			assert_noop!(
				try_submit(who, target, content(1), Vec::new()),
				Error::<Test>::DuplicateContent
			);
		}
	});
}

#[test]
fn submit_rejects_malformed_input() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		let parent = submit(BOB, datanet, 1);
		accept(ALICE, parent);

		assert_noop!(
			try_submit(BOB, datanet, H256::zero(), Vec::new()),
			Error::<Test>::EmptyContentHash
		);
		assert_noop!(
			Contributions::submit(
				RuntimeOrigin::signed(BOB),
				datanet,
				content(2),
				SIZE,
				ContributionKind::Data,
				vec![b'u'; MAX_URI as usize + 1],
				Vec::new(),
				Balance::MAX,
				Perbill::one(),
			),
			Error::<Test>::MetadataUriTooLong
		);
		assert_noop!(
			try_submit(BOB, datanet, content(2), vec![parent; MAX_PARENTS as usize + 1]),
			Error::<Test>::TooManyParents
		);
		assert_noop!(
			try_submit(BOB, datanet, content(2), vec![parent, parent]),
			Error::<Test>::DuplicateParent
		);
		assert_noop!(
			try_submit(BOB, datanet, content(2), vec![parent, 42]),
			Error::<Test>::UnknownParent
		);
		// The longest URI is fine.
		assert_ok!(Contributions::submit(
			RuntimeOrigin::signed(BOB),
			datanet,
			content(2),
			SIZE,
			ContributionKind::Evaluation,
			vec![b'u'; MAX_URI as usize],
			vec![parent],
			Balance::MAX,
			Perbill::one(),
		));
	});
}

#[test]
fn a_parent_must_be_reviewed_already() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		let pending = submit(BOB, datanet, 1);
		assert_noop!(
			try_submit(CHARLIE, datanet, content(2), vec![pending]),
			Error::<Test>::ParentNotReviewed
		);
		accept(ALICE, pending);
		assert_ok!(try_submit(CHARLIE, datanet, content(2), vec![pending]));
	});
}

#[test]
fn a_revoked_contribution_cannot_become_a_parent_but_a_rejected_one_can() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		let revoked = submit(BOB, datanet, 1);
		accept(ALICE, revoked);
		// A child named it while it was accepted: that link is history and stays.
		let child = submit_with_parents(DAVE, datanet, 3, vec![revoked]);
		assert_ok!(Contributions::revoke(RuntimeOrigin::signed(BOB), revoked));
		assert_eq!(record(child).parents.to_vec(), vec![revoked]);
		// Once revoked, consent is withdrawn: nothing new may derive from it.
		assert_noop!(
			try_submit(EVE, datanet, content(4), vec![revoked]),
			Error::<Test>::ParentRevoked
		);
		// A rejected contribution may still be corrected or built upon.
		let rejected = submit(BOB, datanet, 5);
		reject(ALICE, rejected);
		assert_ok!(try_submit(EVE, datanet, content(6), vec![rejected]));
	});
}

#[test]
fn a_contribution_must_have_a_size() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		let submit_sized = |size| {
			Contributions::submit(
				RuntimeOrigin::signed(BOB),
				datanet,
				content(1),
				size,
				ContributionKind::Data,
				URI.to_vec(),
				Vec::new(),
				Balance::MAX,
				Perbill::one(),
			)
		};
		assert_noop!(submit_sized(0), Error::<Test>::EmptyContent);
		assert_ok!(submit_sized(1));
	});
}

#[test]
fn a_parent_s_licence_must_allow_derived_works() {
	ExtBuilder::default().build_and_execute(|| {
		let closed_licence = create_datanet_with(ALICE, policy(), license(false));
		let open_licence = create_datanet(ALICE);
		let parent = submit(BOB, closed_licence, 1);
		accept(ALICE, parent);
		for target in [closed_licence, open_licence] {
			assert_noop!(
				try_submit(CHARLIE, target, content(2), vec![parent]),
				Error::<Test>::DerivativesNotAllowed
			);
		}
	});
}

#[test]
fn a_parent_in_a_dissolved_datanet_has_no_licence_left_to_forbid_it() {
	ExtBuilder::default().build_and_execute(|| {
		let gone = create_datanet_with(ALICE, policy(), license(false));
		let parent = submit(BOB, gone, 1);
		reject(ALICE, parent);
		assert_ok!(Datanets::close(RuntimeOrigin::signed(ALICE), gone));
		assert_ok!(Datanets::dissolve(RuntimeOrigin::signed(ALICE), gone));
		let datanet = create_datanet(ALICE);
		assert_ok!(try_submit(CHARLIE, datanet, content(2), vec![parent]));
	});
}

#[test]
fn the_datanet_must_admit_the_contributor() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			try_submit(BOB, 9, content(1), Vec::new()),
			pallet_datanets::Error::<Test>::UnknownDatanet
		);

		let gated = create_datanet_with(ALICE, allowlist_policy(), license(true));
		assert_noop!(
			try_submit(BOB, gated, content(1), Vec::new()),
			pallet_datanets::Error::<Test>::NotOnAllowlist
		);
		assert_ok!(Datanets::add_to_allowlist(RuntimeOrigin::signed(ALICE), gated, BOB));
		assert_ok!(try_submit(BOB, gated, content(1), Vec::new()));

		let datanet = create_datanet(ALICE);
		assert_noop!(
			Contributions::submit(
				RuntimeOrigin::signed(BOB),
				datanet,
				content(2),
				1_025,
				ContributionKind::Data,
				URI.to_vec(),
				Vec::new(),
				Balance::MAX,
				Perbill::one(),
			),
			pallet_datanets::Error::<Test>::ContributionTooLarge
		);

		assert_ok!(Datanets::close(RuntimeOrigin::signed(ALICE), datanet));
		assert_noop!(
			try_submit(BOB, datanet, content(2), Vec::new()),
			pallet_datanets::Error::<Test>::DatanetClosed
		);
	});
}

#[test]
fn submit_fails_without_funds_for_the_deposits() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		assert_noop!(
			try_submit(PAUPER, datanet, content(1), Vec::new()),
			TokenError::FundsUnavailable
		);
		// Enough for the storage deposit but not for the contribution deposit as well: nothing
		// is held.
		let storage = test_storage_deposit(0);
		assert_ok!(<Balances as frame_support::traits::fungible::Mutate<_>>::mint_into(
			&PAUPER, storage
		));
		assert_noop!(
			try_submit(PAUPER, datanet, content(1), Vec::new()),
			TokenError::FundsUnavailable
		);
		assert_eq!(storage_held(PAUPER), 0);
	});
}

#[test]
fn submit_fails_when_ids_are_exhausted() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		NextContributionId::<Test>::put(ContributionId::MAX);
		assert_noop!(
			try_submit(BOB, datanet, content(1), Vec::new()),
			Error::<Test>::ContributionIdsExhausted
		);
	});
}

#[test]
fn the_policy_is_read_at_submission() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		let dear = DatanetPolicy { contribution_deposit: 300, ..policy() };
		assert_ok!(Datanets::set_policy(RuntimeOrigin::signed(ALICE), datanet, dear));
		let id = submit(BOB, datanet, 1);
		assert_eq!(record(id).review_deposit, 300);
		assert_eq!(review_held(BOB), 300);
		assert_eq!(
			<Datanets as DatanetInspect<AccountId, Balance>>::policy(datanet)
				.unwrap()
				.contribution_deposit,
			300
		);
	});
}
