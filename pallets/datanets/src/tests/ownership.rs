//! `transfer_ownership` and `accept_ownership`.

use super::*;
use crate::{Curators, Error};
use frame_support::assert_noop;
use sp_runtime::TokenError;

fn offer(datanet: DatanetId, from: AccountId, to: AccountId) {
	assert_ok!(Datanets::transfer_ownership(RuntimeOrigin::signed(from), datanet, to));
}

#[test]
fn ownership_moves_with_the_deposit_once_accepted() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		assert_ok!(Datanets::add_curator(RuntimeOrigin::signed(ALICE), datanet, BOB));
		assert_ok!(Datanets::add_curator(RuntimeOrigin::signed(ALICE), datanet, CHARLIE));
		assert_ok!(Datanets::add_to_allowlist(RuntimeOrigin::signed(ALICE), datanet, DAVE));

		offer(datanet, ALICE, BOB);
		System::assert_last_event(
			Event::<Test>::OwnershipOffered { datanet, owner: ALICE, new_owner: BOB }.into(),
		);
		// Nothing moves until Bob accepts.
		assert_eq!(record(datanet).owner, ALICE);
		assert_eq!(record(datanet).pending_owner, Some(BOB));
		assert_eq!(held(BOB), 0);

		assert_ok!(Datanets::accept_ownership(RuntimeOrigin::signed(BOB), datanet));
		let stored = record(datanet);
		assert_eq!((stored.owner, stored.pending_owner), (BOB, None));
		// Bob curates as owner now, so his appointed seat is freed; Alice no longer curates.
		assert_eq!(Curators::<Test>::get(datanet).to_vec(), vec![CHARLIE]);
		assert!(!<Datanets as DatanetInspect<AccountId, Balance>>::is_curator(datanet, &ALICE));
		assert_eq!(held(ALICE), 0);
		assert_eq!(Balances::free_balance(ALICE), INITIAL_BALANCE);
		let deposit = expected_deposit(META_BYTES, 1, 1);
		assert_eq!(held(BOB), deposit);
		System::assert_has_event(
			Event::<Test>::OwnershipTransferred { datanet, old_owner: ALICE, new_owner: BOB }
				.into(),
		);
		System::assert_last_event(
			Event::<Test>::DepositUpdated { datanet, owner: BOB, deposit }.into(),
		);

		// The new owner runs the datanet; the old one cannot.
		assert_ok!(Datanets::close(RuntimeOrigin::signed(BOB), datanet));
		assert_noop!(
			Datanets::update_metadata(RuntimeOrigin::signed(ALICE), datanet, NAME.to_vec(), vec![]),
			Error::<Test>::NotOwner
		);
	});
}

#[test]
fn offers_can_be_replaced_and_cancelled() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		offer(datanet, ALICE, BOB);
		offer(datanet, ALICE, CHARLIE);
		assert_noop!(
			Datanets::accept_ownership(RuntimeOrigin::signed(BOB), datanet),
			Error::<Test>::NotPendingOwner
		);
		// Offering to yourself withdraws the offer.
		offer(datanet, ALICE, ALICE);
		assert_eq!(record(datanet).pending_owner, None);
		System::assert_last_event(
			Event::<Test>::OwnershipOfferCancelled { datanet, owner: ALICE }.into(),
		);
		assert_noop!(
			Datanets::accept_ownership(RuntimeOrigin::signed(CHARLIE), datanet),
			Error::<Test>::NotPendingOwner
		);
		// With no offer pending, offering to yourself changes nothing.
		let events_before = System::events().len();
		offer(datanet, ALICE, ALICE);
		assert_eq!(System::events().len(), events_before);
	});
}

#[test]
fn transfer_ownership_errors() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		assert_noop!(
			Datanets::transfer_ownership(RuntimeOrigin::signed(ALICE), 9, BOB),
			Error::<Test>::UnknownDatanet
		);
		assert_noop!(
			Datanets::transfer_ownership(RuntimeOrigin::signed(BOB), datanet, BOB),
			Error::<Test>::NotOwner
		);
	});
}

#[test]
fn accept_ownership_errors() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		assert_noop!(
			Datanets::accept_ownership(RuntimeOrigin::signed(BOB), 9),
			Error::<Test>::UnknownDatanet
		);
		assert_noop!(
			Datanets::accept_ownership(RuntimeOrigin::signed(BOB), datanet),
			Error::<Test>::NotPendingOwner
		);
		// A new owner who cannot hold the deposit cannot accept, and nothing changes.
		offer(datanet, ALICE, PAUPER);
		assert_noop!(
			Datanets::accept_ownership(RuntimeOrigin::signed(PAUPER), datanet),
			TokenError::FundsUnavailable
		);
		assert_eq!(record(datanet).owner, ALICE);
		assert_eq!(held(ALICE), expected_deposit(META_BYTES, 0, 0));
	});
}
