//! `set_emission` and `settle_emission`: minted per era, shared by fees, capped by the
//! treasury's share.

use super::*;
use crate::{EmissionPerEra, EraTotals, Error, Ledger};
use frame_support::assert_noop;
use sp_runtime::DispatchError;

/// An emission per era that spreads over a pool of one billion points without rounding.
const EMISSION: Balance = 3_906_250;

/// The last `EmissionSettled` amount.
fn last_emission() -> Option<Balance> {
	events().into_iter().rev().find_map(|event| match event {
		Event::EmissionSettled { amount, .. } => Some(amount),
		_ => None,
	})
}

#[test]
fn emission_is_minted_into_the_model_pool_once() {
	ExtBuilder::default().emission(EMISSION).build_and_execute(|| {
		let (bob, _) = standard_setup();
		finalize(0, &[(bob, 1)]);
		pay_inference(0, DAVE, FEE, &[]);
		let before = (owed(BOB, PoolId::Model(0)), owed(ALICE, PoolId::Model(0)));
		let issuance = Balances::total_issuance();

		go_to_era(1);
		assert_ok!(Rewards::settle_emission(RuntimeOrigin::signed(CHARLIE), 0, 0));
		System::assert_last_event(
			Event::<Test>::EmissionSettled { model: 0, era: 0, amount: EMISSION }.into(),
		);
		assert_eq!(Balances::total_issuance(), issuance + EMISSION);
		assert_eq!(Ledger::<Test>::get().emission_in, EMISSION);
		assert_eq!(owed(BOB, PoolId::Model(0)), before.0 + EMISSION / 10 * 9);
		assert_eq!(owed(ALICE, PoolId::Model(0)), before.1 + EMISSION / 10);

		assert_noop!(
			Rewards::settle_emission(RuntimeOrigin::signed(CHARLIE), 0, 0),
			Error::<Test>::EmissionAlreadySettled
		);
	});
}

#[test]
fn settle_emission_errors() {
	ExtBuilder::default().emission(EMISSION).build_and_execute(|| {
		let (bob, _) = standard_setup();
		finalize(0, &[(bob, 1)]);
		pay_inference(0, DAVE, FEE, &[]);
		pay_inference(2, DAVE, FEE, &[]);
		assert_noop!(
			Rewards::settle_emission(RuntimeOrigin::signed(CHARLIE), 0, 0),
			Error::<Test>::EraNotOver
		);
		go_to_era(1);
		assert_noop!(
			Rewards::settle_emission(RuntimeOrigin::signed(CHARLIE), 1, 0),
			Error::<Test>::NoFeesInEra
		);
		assert_noop!(
			Rewards::settle_emission(RuntimeOrigin::signed(CHARLIE), 2, 0),
			Error::<Test>::ModelPoolEmpty
		);
		assert_noop!(
			Rewards::settle_emission(RuntimeOrigin::none(), 0, 0),
			DispatchError::BadOrigin
		);
		// Model 2's pool gets members later: its emission can be settled then.
		finalize(2, &[(bob, 1)]);
		assert_ok!(Rewards::settle_emission(RuntimeOrigin::signed(CHARLIE), 2, 0));
	});
}

#[test]
fn emission_is_capped_by_the_treasury_share_of_the_fees() {
	ExtBuilder::default().emission(EMISSION).build_and_execute(|| {
		let (bob, _) = standard_setup();
		finalize(0, &[(bob, 1)]);
		pay_inference(0, DAVE, 1_000, &[]);
		go_to_era(1);
		let issuance = Balances::total_issuance();
		assert_ok!(Rewards::settle_emission(RuntimeOrigin::signed(CHARLIE), 0, 0));
		assert_eq!(last_emission(), Some(100), "10% of 1 000");
		assert_eq!(Balances::total_issuance(), issuance + 100);
	});
}

#[test]
fn emission_is_shared_by_fees() {
	ExtBuilder::default().emission(EMISSION).build_and_execute(|| {
		let (bob, charlie) = standard_setup();
		finalize(0, &[(bob, 1)]);
		finalize(1, &[(charlie, 1)]);
		for _ in 0..3 {
			pay_inference(0, DAVE, FEE, &[]);
		}
		pay_inference(1, DAVE, FEE, &[]);
		go_to_era(1);
		assert_ok!(Rewards::settle_emission(RuntimeOrigin::signed(CHARLIE), 0, 0));
		assert_eq!(last_emission(), Some(EMISSION * 3 / 4));
		assert_ok!(Rewards::settle_emission(RuntimeOrigin::signed(CHARLIE), 1, 0));
		assert_eq!(last_emission(), Some(EMISSION / 4));
	});
}

#[test]
fn an_era_keeps_the_emission_in_force_at_its_first_fee() {
	ExtBuilder::default().emission(EMISSION).build_and_execute(|| {
		pay_inference(0, DAVE, FEE, &[]);
		assert_ok!(Rewards::set_emission(RuntimeOrigin::root(), 7));
		pay_inference(0, DAVE, FEE, &[]);
		assert_eq!(EraTotals::<Test>::get(0).unwrap().emission_per_era, EMISSION);
		go_to_era(1);
		pay_inference(0, DAVE, FEE, &[]);
		assert_eq!(EraTotals::<Test>::get(1).unwrap().emission_per_era, 7);
	});
}

#[test]
fn root_sets_the_emission_up_to_its_maximum() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(EmissionPerEra::<Test>::get(), 0, "none at genesis");
		assert_ok!(Rewards::set_emission(RuntimeOrigin::root(), MAX_EMISSION));
		assert_eq!(EmissionPerEra::<Test>::get(), MAX_EMISSION);
		System::assert_last_event(Event::<Test>::EmissionSet { per_era: MAX_EMISSION }.into());
		assert_noop!(
			Rewards::set_emission(RuntimeOrigin::root(), MAX_EMISSION + 1),
			Error::<Test>::EmissionTooHigh
		);
		assert_noop!(
			Rewards::set_emission(RuntimeOrigin::signed(ALICE), 1),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn paying_fees_to_oneself_never_pays() {
	ExtBuilder::default().emission(MAX_EMISSION).build_and_execute(|| {
		// The payer owns the datanet and the model, is its only contributor and its only
		// attestor.
		let datanet = create_datanet(PAYER, 10);
		let own = contribute(PAYER, datanet, 1);
		bond(PAYER, 1_000);
		finalize(0, &[(own, 1)]);
		let before = free(PAYER);

		for fee in [1_000, 12_345, 999_999] {
			pay_inference(0, PAYER, fee, &[(own, Perbill::from_percent(30))]);
		}
		go_to_era(1);
		assert_ok!(Rewards::settle_emission(RuntimeOrigin::signed(PAYER), 0, 0));
		assert_ok!(Rewards::claim_all(RuntimeOrigin::signed(PAYER)));
		assert!(free(PAYER) <= before, "self-dealing returned more than it cost");
	});
}
