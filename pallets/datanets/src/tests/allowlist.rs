//! `add_to_allowlist` and `remove_from_allowlist`.

use super::*;
use crate::{Allowlist, Error};
use frame_support::assert_noop;
use sp_runtime::TokenError;

#[test]
fn add_to_allowlist_admits_and_grows_the_deposit() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet_with(ALICE, allowlist_policy());
		assert_ok!(Datanets::add_to_allowlist(RuntimeOrigin::signed(ALICE), datanet, BOB));
		assert!(Allowlist::<Test>::contains_key(datanet, BOB));
		assert_eq!(record(datanet).allowlist_count, 1);
		assert_eq!(held(ALICE), expected_deposit(META_BYTES, 0, 1));
		System::assert_last_event(
			Event::<Test>::AddedToAllowlist { datanet, account: BOB }.into(),
		);
	});
}

#[test]
fn add_to_allowlist_errors() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet_with(ALICE, allowlist_policy());
		let add = |who, datanet, account| {
			Datanets::add_to_allowlist(RuntimeOrigin::signed(who), datanet, account)
		};
		assert_noop!(add(ALICE, 9, BOB), Error::<Test>::UnknownDatanet);
		assert_noop!(add(BOB, datanet, BOB), Error::<Test>::NotOwner);
		assert_ok!(add(ALICE, datanet, BOB));
		assert_noop!(add(ALICE, datanet, BOB), Error::<Test>::AlreadyOnAllowlist);
		assert_ok!(add(ALICE, datanet, CHARLIE));
		drain(ALICE);
		assert_noop!(add(ALICE, datanet, DAVE), TokenError::FundsUnavailable);
		<Balances as Mutate<AccountId>>::set_balance(&ALICE, INITIAL_BALANCE);
		assert_ok!(add(ALICE, datanet, DAVE));
		assert_noop!(add(ALICE, datanet, EVE), Error::<Test>::AllowlistFull);
		assert_ok!(Datanets::close(RuntimeOrigin::signed(ALICE), datanet));
		assert_ok!(Datanets::remove_from_allowlist(RuntimeOrigin::signed(ALICE), datanet, DAVE));
		assert_noop!(add(ALICE, datanet, EVE), Error::<Test>::DatanetClosed);
	});
}

#[test]
fn remove_from_allowlist_by_the_owner_or_by_leaving() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet_with(ALICE, allowlist_policy());
		assert_ok!(Datanets::add_to_allowlist(RuntimeOrigin::signed(ALICE), datanet, BOB));
		assert_ok!(Datanets::add_to_allowlist(RuntimeOrigin::signed(ALICE), datanet, CHARLIE));

		assert_ok!(Datanets::remove_from_allowlist(RuntimeOrigin::signed(ALICE), datanet, BOB));
		assert!(!Allowlist::<Test>::contains_key(datanet, BOB));
		System::assert_last_event(
			Event::<Test>::RemovedFromAllowlist { datanet, account: BOB }.into(),
		);
		assert_eq!(held(ALICE), expected_deposit(META_BYTES, 0, 1));

		// Leaving works on a closed datanet too.
		assert_ok!(Datanets::close(RuntimeOrigin::signed(ALICE), datanet));
		assert_ok!(Datanets::remove_from_allowlist(
			RuntimeOrigin::signed(CHARLIE),
			datanet,
			CHARLIE
		));
		assert_eq!(record(datanet).allowlist_count, 0);
		assert_eq!(held(ALICE), expected_deposit(META_BYTES, 0, 0));
	});
}

#[test]
fn remove_from_allowlist_errors() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet_with(ALICE, allowlist_policy());
		assert_ok!(Datanets::add_to_allowlist(RuntimeOrigin::signed(ALICE), datanet, BOB));
		let remove = |who, datanet, account| {
			Datanets::remove_from_allowlist(RuntimeOrigin::signed(who), datanet, account)
		};
		assert_noop!(remove(ALICE, 9, BOB), Error::<Test>::UnknownDatanet);
		assert_noop!(remove(CHARLIE, datanet, BOB), Error::<Test>::NotOwner);
		assert_noop!(remove(ALICE, datanet, CHARLIE), Error::<Test>::NotOnAllowlist);
		assert_noop!(remove(CHARLIE, datanet, CHARLIE), Error::<Test>::NotOnAllowlist);
	});
}
