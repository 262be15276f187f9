//! The `api_*` functions behind the `ContributionsApi` runtime API.

use super::*;
use crate::ContributionInfo;
use openledger_primitives::{ContributionStatus, ReputationCounts};
use sp_runtime::Perbill;
use std::collections::BTreeSet;

type Page = Vec<ContributionInfo<AccountId, Balance>>;

/// Every id reachable by following pages of `limit` from the start, checking that pages never
/// repeat an id and that only the last page is short.
fn all_pages(
	limit: u32,
	page: impl Fn(Option<ContributionId>, u32) -> Page,
) -> Vec<ContributionId> {
	let mut ids = Vec::new();
	let mut start_after = None;
	loop {
		let items = page(start_after, limit);
		assert!(items.len() <= limit.min(MAX_PAGE) as usize);
		ids.extend(items.iter().map(|info| info.id));
		if items.len() < limit.min(MAX_PAGE) as usize {
			break;
		}
		start_after = items.last().map(|info| info.id);
	}
	let distinct: BTreeSet<_> = ids.iter().collect();
	assert_eq!(distinct.len(), ids.len(), "a page repeated an id");
	ids
}

fn sorted(mut ids: Vec<ContributionId>) -> Vec<ContributionId> {
	ids.sort();
	ids
}

#[test]
fn contribution_info_describes_the_contribution() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(Contributions::api_contribution(0), None);
		let datanet = create_datanet(ALICE);
		let parent = submit(BOB, datanet, 1);
		accept(ALICE, parent);
		System::set_block_number(3);
		let id = submit_with_parents(CHARLIE, datanet, 2, vec![parent]);

		let pending = ContributionInfo {
			id,
			datanet,
			contributor: CHARLIE,
			content_hash: content(2),
			size_bytes: SIZE,
			kind: ContributionKind::Data,
			metadata_uri: URI.to_vec(),
			parents: vec![parent],
			status: ContributionStatus::Pending,
			submitted_at: 3,
			review_deposit: CONTRIBUTION_DEPOSIT,
			rejection_slash: Perbill::from_percent(SLASH_PERCENT),
			storage_deposit: test_storage_deposit(1),
			held: CONTRIBUTION_DEPOSIT + test_storage_deposit(1),
			sponsored: false,
		};
		assert_eq!(Contributions::api_contribution(id), Some(pending.clone()));
		assert_eq!(pending.held, review_held(CHARLIE) + storage_held(CHARLIE));

		System::set_block_number(4);
		accept(ALICE, id);
		let accepted = ContributionInfo {
			status: ContributionStatus::Accepted { leaf_index: 1, accepted_at: 4 },
			held: test_storage_deposit(1),
			..pending
		};
		assert_eq!(Contributions::api_contribution(id), Some(accepted));
	});
}

#[test]
fn contributions_are_found_by_content_hash() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		assert_eq!(Contributions::api_contribution_by_content_hash(content(1)), None);
		let id = submit(BOB, datanet, 1);
		let found = Contributions::api_contribution_by_content_hash(content(1)).unwrap();
		assert_eq!((found.id, found.contributor), (id, BOB));
		assert_ok!(Contributions::withdraw(RuntimeOrigin::signed(BOB), id));
		assert_eq!(Contributions::api_contribution_by_content_hash(content(1)), None);
	});
}

#[test]
fn a_contributor_s_contributions_are_paged() {
	ExtBuilder::default().build_and_execute(|| {
		let first = create_datanet(ALICE);
		let second = create_datanet(ALICE);
		let mut bobs = Vec::new();
		for n in 0..7 {
			bobs.push(submit(BOB, if n % 2 == 0 { first } else { second }, n));
		}
		submit(CHARLIE, first, 7);
		submit(CHARLIE, second, 8);

		let page = |start_after, limit| {
			Contributions::api_contributions_by_contributor(BOB, start_after, limit)
		};
		for limit in [1, 2, 3, MAX_PAGE, 100, u32::MAX] {
			assert_eq!(sorted(all_pages(limit, page)), bobs, "pages of {limit}");
		}
		assert_eq!(page(None, 100).len(), MAX_PAGE as usize, "capped at MaxPageSize");
		assert!(page(None, 0).is_empty());
		assert!(page(None, 10).iter().all(|info| info.contributor == BOB));
		assert!(Contributions::api_contributions_by_contributor(EVE, None, 10).is_empty());
		// Paging goes on after an id that has since been withdrawn.
		let two = page(None, 2);
		assert_ok!(Contributions::withdraw(RuntimeOrigin::signed(BOB), two[1].id));
		let rest = page(Some(two[1].id), 100);
		assert!(rest.iter().all(|info| info.id != two[0].id && info.id != two[1].id));
		assert_eq!(rest.len(), 5);
	});
}

#[test]
fn a_datanet_s_contributions_are_paged() {
	ExtBuilder::default().build_and_execute(|| {
		let first = create_datanet(ALICE);
		let second = create_datanet(ALICE);
		let mut in_first = Vec::new();
		for n in 0..6 {
			let who = [BOB, CHARLIE, DAVE][n as usize % 3];
			in_first.push(submit(who, first, n));
		}
		submit(EVE, second, 6);

		let page = |start_after, limit| {
			Contributions::api_contributions_by_datanet(first, None, start_after, limit)
		};
		for limit in [1, 4, MAX_PAGE, 100] {
			assert_eq!(sorted(all_pages(limit, page)), in_first, "pages of {limit}");
		}
		assert!(page(None, 100).iter().all(|info| info.datanet == first));
		assert_eq!(Contributions::api_contributions_by_datanet(second, None, None, 10).len(), 1);
		assert!(Contributions::api_contributions_by_datanet(9, None, None, 10).is_empty());
	});
}

#[test]
fn a_datanet_s_contributions_are_paged_by_state() {
	use crate::ContributionState::{Accepted, Pending, Rejected, Revoked};
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		let ids: Vec<_> = (0..6).map(|n| submit(BOB, datanet, n)).collect();
		for id in &ids[0..3] {
			assert_ok!(Contributions::review(RuntimeOrigin::signed(ALICE), *id, Verdict::Accept));
		}
		assert_ok!(Contributions::review(RuntimeOrigin::signed(ALICE), ids[3], Verdict::Reject));
		assert_ok!(Contributions::revoke(RuntimeOrigin::signed(BOB), ids[0]));
		assert_ok!(Contributions::withdraw(RuntimeOrigin::signed(BOB), ids[5]));

		let in_state = |state| {
			sorted(all_pages(1, |start_after, limit| {
				Contributions::api_contributions_by_datanet(datanet, Some(state), start_after, limit)
			}))
		};
		assert_eq!(in_state(Pending), vec![ids[4]]);
		assert_eq!(in_state(Accepted), vec![ids[1], ids[2]]);
		assert_eq!(in_state(Rejected), vec![ids[3]]);
		assert_eq!(in_state(Revoked), vec![ids[0]]);
	});
}

#[test]
fn reputation_is_readable() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		assert_eq!(Contributions::api_reputation(datanet, BOB), ReputationCounts::default());
		accept(ALICE, submit(BOB, datanet, 1));
		reject(ALICE, submit(BOB, datanet, 2));
		assert_ok!(Contributions::revoke(RuntimeOrigin::signed(BOB), 0));
		assert_eq!(
			Contributions::api_reputation(datanet, BOB),
			ReputationCounts { accepted: 1, rejected: 1, revoked: 1 }
		);
	});
}
