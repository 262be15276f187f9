//! `add_curator` and `remove_curator`.

use super::*;
use crate::{Curators, Error};
use frame_support::assert_noop;
use sp_runtime::TokenError;

fn is_curator(datanet: DatanetId, who: AccountId) -> bool {
	<Datanets as DatanetInspect<AccountId, Balance>>::is_curator(datanet, &who)
}

#[test]
fn the_owner_curates_by_right() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		assert!(is_curator(datanet, ALICE));
		assert!(!is_curator(datanet, BOB));
		assert!(Curators::<Test>::get(datanet).is_empty());
	});
}

#[test]
fn add_curator_appoints_and_grows_the_deposit() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		assert_ok!(Datanets::add_curator(RuntimeOrigin::signed(ALICE), datanet, BOB));
		assert!(is_curator(datanet, BOB));
		assert_eq!(Curators::<Test>::get(datanet).to_vec(), vec![BOB]);
		assert_eq!(held(ALICE), expected_deposit(META_BYTES, 1, 0));
		System::assert_has_event(
			Event::<Test>::DepositUpdated {
				datanet,
				owner: ALICE,
				deposit: expected_deposit(META_BYTES, 1, 0),
			}
			.into(),
		);
		System::assert_last_event(Event::<Test>::CuratorAdded { datanet, curator: BOB }.into());

		// Closed datanets may still appoint curators, to finish reviewing.
		assert_ok!(Datanets::close(RuntimeOrigin::signed(ALICE), datanet));
		assert_ok!(Datanets::add_curator(RuntimeOrigin::signed(ALICE), datanet, CHARLIE));
		assert_eq!(held(ALICE), expected_deposit(META_BYTES, 2, 0));
	});
}

#[test]
fn add_curator_errors() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		let add = |who, datanet, curator| {
			Datanets::add_curator(RuntimeOrigin::signed(who), datanet, curator)
		};
		assert_noop!(add(ALICE, 9, BOB), Error::<Test>::UnknownDatanet);
		assert_noop!(add(BOB, datanet, BOB), Error::<Test>::NotOwner);
		assert_noop!(add(ALICE, datanet, ALICE), Error::<Test>::AlreadyCurator);
		assert_ok!(add(ALICE, datanet, BOB));
		assert_noop!(add(ALICE, datanet, BOB), Error::<Test>::AlreadyCurator);
		// A curator cannot appoint others.
		assert_noop!(add(BOB, datanet, CHARLIE), Error::<Test>::NotOwner);
		assert_ok!(add(ALICE, datanet, CHARLIE));
		drain(ALICE);
		assert_noop!(add(ALICE, datanet, DAVE), TokenError::FundsUnavailable);
		<Balances as Mutate<AccountId>>::set_balance(&ALICE, INITIAL_BALANCE);
		assert_ok!(add(ALICE, datanet, DAVE));
		assert_noop!(add(ALICE, datanet, EVE), Error::<Test>::TooManyCurators);
	});
}

#[test]
fn remove_curator_by_the_owner_or_by_resigning() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		assert_ok!(Datanets::add_curator(RuntimeOrigin::signed(ALICE), datanet, BOB));
		assert_ok!(Datanets::add_curator(RuntimeOrigin::signed(ALICE), datanet, CHARLIE));

		assert_ok!(Datanets::remove_curator(RuntimeOrigin::signed(ALICE), datanet, BOB));
		assert!(!is_curator(datanet, BOB));
		assert_eq!(held(ALICE), expected_deposit(META_BYTES, 1, 0));
		System::assert_last_event(Event::<Test>::CuratorRemoved { datanet, curator: BOB }.into());

		assert_ok!(Datanets::remove_curator(RuntimeOrigin::signed(CHARLIE), datanet, CHARLIE));
		assert!(!is_curator(datanet, CHARLIE));
		assert!(!Curators::<Test>::contains_key(datanet), "an empty list is not stored");
		assert_eq!(held(ALICE), expected_deposit(META_BYTES, 0, 0));
	});
}

#[test]
fn remove_curator_errors() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		assert_ok!(Datanets::add_curator(RuntimeOrigin::signed(ALICE), datanet, BOB));
		let remove = |who, datanet, curator| {
			Datanets::remove_curator(RuntimeOrigin::signed(who), datanet, curator)
		};
		assert_noop!(remove(ALICE, 9, BOB), Error::<Test>::UnknownDatanet);
		assert_noop!(remove(CHARLIE, datanet, BOB), Error::<Test>::NotOwner);
		assert_noop!(remove(ALICE, datanet, CHARLIE), Error::<Test>::NotACurator);
		assert_noop!(remove(ALICE, datanet, ALICE), Error::<Test>::NotACurator);
	});
}
