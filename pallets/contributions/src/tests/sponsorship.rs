//! Sponsored contributors: the budget, sponsorships and quotas, deposits held from the
//! budget, and the attacks on a sponsor's budget. The transaction extension and fee adapter
//! that call into this are tested on the real runtime (`openledger-runtime`'s
//! `tests/runtime.rs`, `sponsorship` tests) and end to end (`tests/e2e/sponsorship.test.js`).

use super::*;
use crate::{
	sponsorship::{Refusal, SponsoredCall},
	Call, CuratorsMaySponsor, Error, SponsorQuota, SponsoredSubmit, Sponsorships,
};
use frame_support::{assert_noop, traits::fungible::Inspect};
use openledger_primitives::ContributionStatus;

/// An account that has never held anything.
const FRESH: AccountId = 500;
/// The quota of most tests: 3 submits and 1,000 bytes per period.
const QUOTA: SponsorQuota = SponsorQuota { contributions: 3, bytes: 1_000 };
/// What most tests put in the budget.
const FUNDING: Balance = 10_000;
/// Encoded length charged for each test submit.
const LEN: usize = 200;

fn budget_account(datanet: DatanetId) -> AccountId {
	BUDGET_BASE + AccountId::from(datanet)
}

/// Alice's curated datanet, its budget funded with `FUNDING`, and `FRESH` sponsored with
/// `QUOTA`.
fn sponsored_datanet() -> DatanetId {
	let datanet = create_datanet(ALICE);
	assert_ok!(Contributions::fund_sponsorship(RuntimeOrigin::signed(ALICE), datanet, FUNDING));
	assert_ok!(Contributions::sponsor(RuntimeOrigin::signed(ALICE), datanet, FRESH, QUOTA));
	datanet
}

/// The `submit` call `FRESH` makes for content `n`.
fn submit_call(datanet: DatanetId, n: u64) -> Call<Test> {
	Call::submit {
		datanet,
		content_hash: content(n),
		size_bytes: SIZE,
		kind: ContributionKind::Data,
		metadata_uri: URI.to_vec(),
		parents: Vec::new(),
		max_deposit: Balance::MAX,
		max_slash: Perbill::one(),
	}
}

/// Does what the runtime's extension does around a sponsored submit of `who`: check, count
/// the quota, arm, dispatch, disarm. Returns the dispatch result.
fn sponsored_submit(who: AccountId, datanet: DatanetId, n: u64) -> DispatchResultWithPostInfo {
	let call = submit_call(datanet, n);
	let sponsored = Contributions::sponsored_call(&who, &call).expect("a sponsored call");
	Contributions::check_sponsored(&who, &sponsored, LEN, 0).expect("within quota and budget");
	Contributions::use_quota(&who, &sponsored, LEN);
	let result = try_submit(who, datanet, content(n), Vec::new());
	Contributions::clear_sponsored_submit();
	result
}

/// What the budget can spend (free above the existential deposit).
fn budget(datanet: DatanetId) -> Balance {
	Contributions::budget(datanet)
}

fn sponsorship_deposit() -> Balance {
	<crate::StoragePrice<Test> as sp_runtime::traits::Convert<_, Balance>>::convert(
		Contributions::sponsorship_footprint(),
	)
}

#[test]
fn a_sponsorship_makes_a_fresh_account_exist_and_is_paid_by_the_budget() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		let alice = free(ALICE);
		assert_ok!(Contributions::fund_sponsorship(RuntimeOrigin::signed(ALICE), datanet, FUNDING));
		assert_eq!(free(ALICE), alice - FUNDING);
		assert_eq!(budget(datanet), FUNDING - Balances::minimum_balance());
		assert!(!System::account_exists(&FRESH));

		assert_ok!(Contributions::sponsor(RuntimeOrigin::signed(ALICE), datanet, FRESH, QUOTA));

		assert!(System::account_exists(&FRESH));
		assert_eq!(System::providers(&FRESH), 1);
		assert_eq!(free(FRESH), 0);
		assert_eq!(storage_held(budget_account(datanet)), sponsorship_deposit());
		assert_eq!(budget(datanet), FUNDING - 1 - sponsorship_deposit());
		let info = Contributions::api_sponsorship(FRESH, datanet).unwrap();
		assert_eq!(info.quota, QUOTA);
		assert_eq!(info.remaining, QUOTA);
		assert_eq!(info.granted_by, ALICE);
		assert_eq!(info.budget, budget(datanet));
		System::assert_last_event(
			Event::AccountSponsored { datanet, account: FRESH, granted_by: ALICE, quota: QUOTA }
				.into(),
		);
	});
}

#[test]
fn a_sponsored_submit_holds_both_deposits_from_the_budget() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = sponsored_datanet();
		let before = budget(datanet);

		let id = NextContributionId::<Test>::get();
		assert_ok!(sponsored_submit(FRESH, datanet, 0));

		let record = record(id);
		assert!(record.sponsored);
		assert_eq!(record.contributor, FRESH);
		assert_eq!(free(FRESH), 0);
		assert_eq!(review_held(budget_account(datanet)), CONTRIBUTION_DEPOSIT);
		assert_eq!(
			storage_held(budget_account(datanet)),
			sponsorship_deposit() + storage_deposit(URI_LEN, 0)
		);
		assert_eq!(budget(datanet), before - CONTRIBUTION_DEPOSIT - storage_deposit(URI_LEN, 0));
		assert!(Contributions::api_contribution(id).unwrap().sponsored);
		assert_eq!(SponsoredSubmit::<Test>::get(), None);
	});
}

#[test]
fn accept_and_withdraw_return_the_deposits_to_the_budget_and_reject_slashes_it() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = sponsored_datanet();
		let start = budget(datanet);
		let storage = storage_deposit(URI_LEN, 0);

		// Accepted: the contribution deposit comes back, the storage deposit stays held.
		let accepted = NextContributionId::<Test>::get();
		assert_ok!(sponsored_submit(FRESH, datanet, 0));
		accept(ALICE, accepted);
		assert_eq!(budget(datanet), start - storage);

		// Withdrawn: both come back.
		let withdrawn = NextContributionId::<Test>::get();
		assert_ok!(sponsored_submit(FRESH, datanet, 1));
		assert_ok!(Contributions::withdraw(RuntimeOrigin::signed(FRESH), withdrawn));
		assert_eq!(budget(datanet), start - storage);

		// Rejected: the slash goes from the budget to the treasury, the rest comes back.
		let rejected = NextContributionId::<Test>::get();
		let treasury = free(TREASURY);
		assert_ok!(sponsored_submit(FRESH, datanet, 2));
		reject(ALICE, rejected);
		let slash = CONTRIBUTION_DEPOSIT * Balance::from(SLASH_PERCENT) / 100;
		assert_eq!(free(TREASURY), treasury + slash);
		assert_eq!(budget(datanet), start - 2 * storage - slash);
		assert_eq!(review_held(budget_account(datanet)), 0);
		// The contributor never held anything.
		assert_eq!((free(FRESH), review_held(FRESH), storage_held(FRESH)), (0, 0, 0));
	});
}

#[test]
fn attack_a_sponsored_account_spends_the_budget_outside_a_sponsored_transaction() {
	// A submit that the extension did not arm (nested in a batch, say) must not take the
	// sponsor's money: the deposits are the signer's own, and a fresh account has none.
	ExtBuilder::default().build_and_execute(|| {
		let datanet = sponsored_datanet();
		let before = budget(datanet);
		assert!(try_submit(FRESH, datanet, content(0), Vec::new()).is_err());
		assert_eq!(budget(datanet), before);

		// A marker armed for another datanet does not count either.
		let other = create_datanet(CHARLIE);
		SponsoredSubmit::<Test>::put((BOB, other));
		let bob = free(BOB);
		let id = submit(BOB, datanet, 1);
		assert!(!record(id).sponsored);
		assert_eq!(free(BOB), bob - CONTRIBUTION_DEPOSIT - storage_deposit(URI_LEN, 0));
		assert_eq!(budget(datanet), before);
		assert_eq!(SponsoredSubmit::<Test>::get(), None);
	});
}

#[test]
fn attack_failing_submits_drain_the_budget_without_using_the_quota() {
	// Every sponsored transaction pays its fee from the budget, failing or not, so the quota
	// counts attempts before dispatch: a duplicate submit fails and still uses quota.
	ExtBuilder::default().build_and_execute(|| {
		let datanet = sponsored_datanet();
		assert_ok!(sponsored_submit(FRESH, datanet, 0));
		for _ in 0..2 {
			assert!(sponsored_submit(FRESH, datanet, 0).is_err());
		}
		let call = submit_call(datanet, 0);
		let sponsored = Contributions::sponsored_call(&FRESH, &call).unwrap();
		assert_eq!(
			Contributions::check_sponsored(&FRESH, &sponsored, LEN, 0),
			Err(Refusal::QuotaExhausted)
		);
		let info = Contributions::api_sponsorship(FRESH, datanet).unwrap();
		assert_eq!(info.remaining, SponsorQuota { contributions: 0, bytes: 1_000 - 3 * 200 });
	});
}

#[test]
fn the_quota_counts_bytes_and_is_whole_again_after_the_period() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = sponsored_datanet();
		let call = submit_call(datanet, 0);
		let sponsored = Contributions::sponsored_call(&FRESH, &call).unwrap();
		assert_eq!(
			Contributions::check_sponsored(&FRESH, &sponsored, 1_001, 0),
			Err(Refusal::QuotaBytesExhausted)
		);
		assert_ok!(Contributions::check_sponsored(&FRESH, &sponsored, 1_000, 0));
		Contributions::use_quota(&FRESH, &sponsored, 900);
		Contributions::clear_sponsored_submit();
		assert_eq!(
			Contributions::check_sponsored(&FRESH, &sponsored, 101, 0),
			Err(Refusal::QuotaBytesExhausted)
		);
		let info = Contributions::api_sponsorship(FRESH, datanet).unwrap();
		assert_eq!(info.period_ends_at, 1 + SPONSORSHIP_PERIOD as u32 - 1);

		System::set_block_number(1 + SPONSORSHIP_PERIOD);
		assert_ok!(Contributions::check_sponsored(&FRESH, &sponsored, 1_000, 0));
		let info = Contributions::api_sponsorship(FRESH, datanet).unwrap();
		assert_eq!(info.remaining, QUOTA);
		assert_eq!(info.period_ends_at, (2 * SPONSORSHIP_PERIOD) as u32);
	});
}

#[test]
fn an_empty_budget_refuses_in_the_pool_and_fails_with_a_named_error_losing_nothing() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = sponsored_datanet();
		let all = budget(datanet);
		assert_ok!(Contributions::withdraw_sponsorship_funds(
			RuntimeOrigin::signed(ALICE),
			datanet,
			all
		));
		assert_eq!(budget(datanet), 0);
		let call = submit_call(datanet, 0);
		let sponsored = Contributions::sponsored_call(&FRESH, &call).unwrap();
		assert_eq!(
			Contributions::check_sponsored(&FRESH, &sponsored, LEN, 0),
			Err(Refusal::BudgetExhausted)
		);
		// Even if it got past the pool (a race within a block), the submit fails by name.
		Contributions::use_quota(&FRESH, &sponsored, LEN);
		frame_support::assert_err_ignore_postinfo!(
			try_submit(FRESH, datanet, content(0), Vec::new()),
			Error::<Test>::SponsorshipBudgetExhausted
		);
		Contributions::clear_sponsored_submit();
		assert_eq!(NextContributionId::<Test>::get(), 0);
		assert_eq!(review_held(budget_account(datanet)), 0);
		// The fee alone can exhaust it too.
		assert_ok!(Contributions::fund_sponsorship(
			RuntimeOrigin::signed(BOB),
			datanet,
			CONTRIBUTION_DEPOSIT + storage_deposit(URI_LEN, 0)
		));
		assert_ok!(Contributions::check_sponsored(&FRESH, &sponsored, LEN, 0));
		assert_eq!(
			Contributions::check_sponsored(&FRESH, &sponsored, LEN, 1),
			Err(Refusal::BudgetExhausted)
		);
	});
}

#[test]
fn only_the_owner_takes_funds_out_and_only_the_free_budget() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = sponsored_datanet();
		assert_ok!(sponsored_submit(FRESH, datanet, 0));
		// Bob funded it too, but only the owner may withdraw.
		assert_ok!(Contributions::fund_sponsorship(RuntimeOrigin::signed(BOB), datanet, 500));
		assert_noop!(
			Contributions::withdraw_sponsorship_funds(RuntimeOrigin::signed(BOB), datanet, 1),
			Error::<Test>::NotDatanetOwner
		);
		let free_budget = budget(datanet);
		assert_noop!(
			Contributions::withdraw_sponsorship_funds(
				RuntimeOrigin::signed(ALICE),
				datanet,
				free_budget + 1
			),
			Error::<Test>::SponsorshipBudgetExhausted
		);
		assert_noop!(
			Contributions::withdraw_sponsorship_funds(RuntimeOrigin::signed(ALICE), datanet, 0),
			Error::<Test>::ZeroAmount
		);
		let alice = free(ALICE);
		assert_ok!(Contributions::withdraw_sponsorship_funds(
			RuntimeOrigin::signed(ALICE),
			datanet,
			free_budget
		));
		assert_eq!(free(ALICE), alice + free_budget);
		// The deposits held for the contribution and the sponsorship stay.
		assert_eq!(review_held(budget_account(datanet)), CONTRIBUTION_DEPOSIT);
		assert_eq!(Balances::free_balance(budget_account(datanet)), Balances::minimum_balance());
		assert_noop!(
			Contributions::fund_sponsorship(RuntimeOrigin::signed(ALICE), 99, 10),
			Error::<Test>::UnknownDatanet
		);
	});
}

#[test]
fn curators_sponsor_only_when_the_owner_allows_it() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		assert_ok!(Contributions::fund_sponsorship(RuntimeOrigin::signed(ALICE), datanet, FUNDING));
		assert_ok!(Datanets::add_curator(RuntimeOrigin::signed(ALICE), datanet, CHARLIE));
		assert_noop!(
			Contributions::sponsor(RuntimeOrigin::signed(CHARLIE), datanet, FRESH, QUOTA),
			Error::<Test>::NotAllowedToSponsor
		);
		assert_noop!(
			Contributions::set_curators_may_sponsor(RuntimeOrigin::signed(CHARLIE), datanet, true),
			Error::<Test>::NotDatanetOwner
		);
		assert_ok!(Contributions::set_curators_may_sponsor(
			RuntimeOrigin::signed(ALICE),
			datanet,
			true
		));
		assert!(CuratorsMaySponsor::<Test>::contains_key(datanet));
		let flag = storage_held(budget_account(datanet));
		assert!(flag > 0);
		assert_ok!(Contributions::sponsor(RuntimeOrigin::signed(CHARLIE), datanet, FRESH, QUOTA));
		// Someone who is not a curator still may not.
		assert_noop!(
			Contributions::sponsor(RuntimeOrigin::signed(DAVE), datanet, EVE, QUOTA),
			Error::<Test>::NotAllowedToSponsor
		);
		assert_ok!(Contributions::set_curators_may_sponsor(
			RuntimeOrigin::signed(ALICE),
			datanet,
			false
		));
		assert_eq!(storage_held(budget_account(datanet)), sponsorship_deposit());
		assert_noop!(
			Contributions::end_sponsorship(RuntimeOrigin::signed(CHARLIE), datanet, FRESH),
			Error::<Test>::NotAllowedToSponsor
		);
	});
}

#[test]
fn ending_a_sponsorship_returns_its_deposit_and_drops_the_fresh_account() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = sponsored_datanet();
		let before = budget(datanet);
		assert_noop!(
			Contributions::end_sponsorship(RuntimeOrigin::signed(BOB), datanet, FRESH),
			Error::<Test>::NotAllowedToSponsor
		);
		assert_ok!(Contributions::end_sponsorship(RuntimeOrigin::signed(ALICE), datanet, FRESH));
		assert_eq!(budget(datanet), before + sponsorship_deposit());
		assert!(!System::account_exists(&FRESH));
		assert!(Sponsorships::<Test>::get(FRESH, datanet).is_none());
		assert_noop!(
			Contributions::end_sponsorship(RuntimeOrigin::signed(ALICE), datanet, FRESH),
			Error::<Test>::UnknownSponsorship
		);
		// No longer sponsored: a submit is the account's own.
		assert_eq!(Contributions::sponsored_call(&FRESH, &submit_call(datanet, 0)), None);

		// The sponsored account may leave by itself (paying its own fee), and an account that
		// holds tokens keeps existing.
		assert_ok!(Contributions::sponsor(RuntimeOrigin::signed(ALICE), datanet, BOB, QUOTA));
		assert_eq!(System::providers(&BOB), 2);
		assert_ok!(Contributions::end_sponsorship(RuntimeOrigin::signed(BOB), datanet, BOB));
		assert_eq!(System::providers(&BOB), 1);
		assert_eq!(free(BOB), INITIAL_BALANCE);
	});
}

#[test]
fn sponsoring_again_sets_a_new_quota_without_a_second_deposit() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = sponsored_datanet();
		let held = storage_held(budget_account(datanet));
		let bigger = SponsorQuota { contributions: 10, bytes: 5_000 };
		assert_ok!(Contributions::sponsor(RuntimeOrigin::signed(ALICE), datanet, FRESH, bigger));
		assert_eq!(storage_held(budget_account(datanet)), held);
		assert_eq!(System::providers(&FRESH), 1);
		assert_eq!(Contributions::api_sponsorship(FRESH, datanet).unwrap().quota, bigger);
	});
}

#[test]
fn a_budget_too_small_for_the_sponsorship_deposit_fails_by_name() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		assert_noop!(
			Contributions::sponsor(RuntimeOrigin::signed(ALICE), datanet, FRESH, QUOTA),
			Error::<Test>::SponsorshipBudgetExhausted
		);
		assert!(!System::account_exists(&FRESH));
	});
}

#[test]
fn withdraw_and_revoke_are_sponsored_once_and_only_when_they_will_succeed() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = sponsored_datanet();
		let pending = NextContributionId::<Test>::get();
		assert_ok!(sponsored_submit(FRESH, datanet, 0));
		let release = Some(SponsoredCall::Release { datanet });
		// Pending: withdraw is sponsored, revoke (which would fail) is not.
		assert_eq!(Contributions::sponsored_call(&FRESH, &Call::withdraw { id: pending }), release);
		assert_eq!(Contributions::sponsored_call(&FRESH, &Call::revoke { id: pending }), None);
		// Nobody else's call is.
		assert_eq!(Contributions::sponsored_call(&BOB, &Call::withdraw { id: pending }), None);
		accept(ALICE, pending);
		assert_eq!(Contributions::sponsored_call(&FRESH, &Call::withdraw { id: pending }), None);
		assert_eq!(Contributions::sponsored_call(&FRESH, &Call::revoke { id: pending }), release);
		assert_ok!(Contributions::revoke(RuntimeOrigin::signed(FRESH), pending));
		assert!(matches!(record(pending).status, ContributionStatus::Revoked { .. }));
		assert_eq!(Contributions::sponsored_call(&FRESH, &Call::revoke { id: pending }), None);
		// An unsponsored contribution's withdraw is never sponsored.
		let own = submit(BOB, datanet, 1);
		assert_eq!(Contributions::sponsored_call(&BOB, &Call::withdraw { id: own }), None);
		// Other calls are never sponsored.
		assert_eq!(
			Contributions::sponsored_call(
				&FRESH,
				&Call::commit_content { commitment: H256::zero() }
			),
			None
		);
	});
}

#[test]
fn a_sponsorship_is_per_datanet() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = sponsored_datanet();
		let other = create_datanet(BOB);
		assert!(Contributions::sponsored_call(&FRESH, &submit_call(datanet, 0)).is_some());
		assert_eq!(Contributions::sponsored_call(&FRESH, &submit_call(other, 0)), None);
		assert_eq!(Contributions::api_sponsorships(FRESH, None, 10).len(), 1);
		assert_eq!(Contributions::api_sponsorships(FRESH, None, 10)[0].datanet, datanet);
	});
}
