//! `inference_paid` and `set_fee_split`: where every share of a fee goes.

use super::*;
use crate::{Error, FeeSplitStorage, Ledger};
use frame_support::assert_noop;
use sp_runtime::DispatchError;

#[test]
fn without_pools_the_contributors_share_goes_to_the_treasury() {
	ExtBuilder::default().build_and_execute(|| {
		standard_setup();
		pay_inference(0, DAVE, FEE, &[]);

		assert_eq!(free(TREASURY), ED + FEE_TENTH + FEE_CONTRIBUTORS);
		assert_eq!(owed(DAVE, PoolId::Direct), 2 * FEE_TENTH);
		assert_eq!(owed(EVE, PoolId::Attestors(0)), FEE_TENTH);
		assert_eq!(free(pot()), ED + 3 * FEE_TENTH);
		System::assert_last_event(
			Event::<Test>::FeeDistributed {
				model: 0,
				fee: FEE,
				treasury: FEE_TENTH + FEE_CONTRIBUTORS,
				model_owner: 2 * FEE_TENTH,
				attestors: FEE_TENTH,
				attributed: 0,
				model_pool: 0,
				ledger: 0,
				emission: 0,
			}
			.into(),
		);
	});
}

#[test]
fn the_model_pool_shares_by_points_with_the_curation_fee() {
	ExtBuilder::default().build_and_execute(|| {
		let (bob, charlie) = standard_setup();
		finalize(0, &[(bob, 60), (charlie, 40)]);
		pay_inference(0, DAVE, FEE, &[]);

		// 3/256 per billion points: Bob 54, Charlie 36 and Alice (curation) 10 billion points.
		assert_eq!(owed(BOB, PoolId::Model(0)), 632_812_500);
		assert_eq!(owed(CHARLIE, PoolId::Model(0)), 421_875_000);
		assert_eq!(owed(ALICE, PoolId::Model(0)), 117_187_500);
		assert_eq!(632_812_500 + 421_875_000 + 117_187_500, FEE_CONTRIBUTORS);
		assert_eq!(free(TREASURY), ED + FEE_TENTH);
	});
}

#[test]
fn receipt_attributions_are_paid_directly_with_the_curation_fee() {
	ExtBuilder::default().build_and_execute(|| {
		let (bob, charlie) = standard_setup();
		finalize(0, &[(charlie, 1)]);
		pay_inference(0, DAVE, FEE, &[(bob, Perbill::from_percent(50))]);

		let half = FEE_CONTRIBUTORS / 2;
		assert_eq!(owed(ALICE, PoolId::Direct), half / 10);
		assert_eq!(owed(BOB, PoolId::Direct), half - half / 10);
		// The other half goes into the model's pool: Charlie 90%, Alice 10%.
		assert_eq!(owed(CHARLIE, PoolId::Model(0)), half / 10 * 9);
		assert_eq!(owed(ALICE, PoolId::Model(0)), half / 10);
		let distributed = events().into_iter().rev().find_map(|event| match event {
			Event::FeeDistributed { attributed, model_pool, .. } => Some((attributed, model_pool)),
			_ => None,
		});
		assert_eq!(distributed, Some((half, half)));
	});
}

#[test]
fn attributions_to_revoked_contributions_stay_in_the_pool() {
	ExtBuilder::default().build_and_execute(|| {
		let (bob, charlie) = standard_setup();
		finalize(0, &[(charlie, 1)]);
		revoke(BOB, bob);
		pay_inference(0, DAVE, FEE, &[(bob, Perbill::from_percent(50))]);

		assert_eq!(owed(BOB, PoolId::Direct), 0);
		assert_eq!(owed(ALICE, PoolId::Direct), 0);
		assert_eq!(owed(CHARLIE, PoolId::Model(0)), FEE_CONTRIBUTORS / 10 * 9);
	});
}

#[test]
fn the_attestors_share_goes_to_the_treasury_when_nobody_is_bonded() {
	ExtBuilder::default().build_and_execute(|| {
		pay_inference(0, DAVE, FEE, &[]);
		assert_eq!(free(TREASURY), ED + 2 * FEE_TENTH + FEE_CONTRIBUTORS);
		assert_eq!(owed(DAVE, PoolId::Direct), 2 * FEE_TENTH);
	});
}

#[test]
fn rounding_dust_of_the_split_goes_to_the_treasury() {
	ExtBuilder::default().build_and_execute(|| {
		standard_setup();
		// 7: owner ⌊1.4⌋ = 1, attestors ⌊0.7⌋ = 0, contributors ⌊4.2⌋ = 4 (to the treasury, as
		// the model has no pool yet), treasury 2.
		pay_inference(0, DAVE, 7, &[]);
		assert_eq!(owed(DAVE, PoolId::Direct), 1);
		assert_eq!(owed(EVE, PoolId::Attestors(0)), 0);
		assert_eq!(free(TREASURY), ED + 6);
	});
}

#[test]
fn a_zero_fee_changes_nothing() {
	ExtBuilder::default().build_and_execute(|| {
		standard_setup();
		pay_inference(0, DAVE, 0, &[]);
		assert_eq!(Ledger::<Test>::get().fees_in, 0);
		assert_eq!(crate::EmissionEra::<Test>::get(), None);
	});
}

#[test]
fn fees_are_counted_in_the_emission_era() {
	ExtBuilder::default().build_and_execute(|| {
		pay_inference(0, DAVE, 1_000, &[]);
		pay_inference(1, DAVE, 500, &[]);
		let era = crate::EmissionEra::<Test>::get().unwrap();
		assert_eq!((era.era, era.fees, era.previous_fees, era.minted), (0, 1_500, 0, 0));
		go_to_era(1);
		pay_inference(0, DAVE, 2_000, &[]);
		let era = crate::EmissionEra::<Test>::get().unwrap();
		assert_eq!((era.era, era.fees, era.previous_fees), (1, 2_000, 1_500));
		// An era without fees: the one after starts from nothing.
		go_to_era(3);
		pay_inference(0, DAVE, 10, &[]);
		let era = crate::EmissionEra::<Test>::get().unwrap();
		assert_eq!((era.era, era.fees, era.previous_fees), (3, 10, 0));
	});
}

#[test]
fn root_sets_the_fee_split_within_bounds() {
	ExtBuilder::default().build_and_execute(|| {
		let new = split(20, 10, 10, 60);
		assert_ok!(Rewards::set_fee_split(RuntimeOrigin::root(), new));
		assert_eq!(FeeSplitStorage::<Test>::get(), new);
		System::assert_last_event(Event::<Test>::FeeSplitSet { split: new }.into());

		standard_setup();
		pay_inference(0, DAVE, 1_000, &[]);
		assert_eq!(owed(DAVE, PoolId::Direct), 100);
	});
}

#[test]
fn fee_split_errors() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Rewards::set_fee_split(RuntimeOrigin::signed(ALICE), split(10, 20, 10, 60)),
			DispatchError::BadOrigin
		);
		for out_of_bounds in [
			split(4, 20, 16, 60),  // treasury below 5%
			split(10, 51, 10, 29), // owner above 50%
			split(5, 0, 0, 95),    // contributors above 90%
			split(10, 20, 10, 59), // 99%
			split(10, 20, 10, 61), // 101%
		] {
			assert_noop!(
				Rewards::set_fee_split(RuntimeOrigin::root(), out_of_bounds),
				Error::<Test>::FeeSplitOutOfBounds
			);
		}
	});
}

#[test]
fn the_genesis_fee_split_applies() {
	ExtBuilder::default().fee_split(split(50, 0, 0, 50)).build_and_execute(|| {
		assert_eq!(FeeSplitStorage::<Test>::get(), split(50, 0, 0, 50));
		pay_inference(0, DAVE, 1_000, &[]);
		assert_eq!(free(TREASURY), ED + 1_000);
	});
}

#[test]
#[should_panic(expected = "the genesis fee split must add up to 100% within FeeSplitBounds")]
fn an_invalid_genesis_fee_split_is_refused() {
	ExtBuilder::default().fee_split(split(1, 20, 19, 60)).build();
}
