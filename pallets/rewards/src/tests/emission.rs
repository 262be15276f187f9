//! Emission: minted with each fee, spread over the era before's fees, capped by the fee's
//! treasury share and the era's emission, paid where the fee's contributor share goes.

use super::*;
use crate::{EmissionEra, EmissionPerEra, Error, Ledger, ModelLedgers};
use frame_support::assert_noop;
use sp_runtime::DispatchError;

/// An emission per era that spreads over a pool of one billion points without rounding.
const EMISSION: Balance = 3_906_250;

/// The `emission` of the last `FeeDistributed` event.
fn last_emission() -> Option<Balance> {
	events().into_iter().rev().find_map(|event| match event {
		Event::FeeDistributed { emission, .. } => Some(emission),
		_ => None,
	})
}

#[test]
fn emission_is_minted_with_the_fee_into_the_model_pool() {
	ExtBuilder::default().emission(EMISSION).build_and_execute(|| {
		let (bob, _) = standard_setup();
		finalize(0, &[(bob, 1)]);
		let issuance = Balances::total_issuance();

		// The first era with fees follows none: only the caps bind, and the fee's treasury
		// share (a tenth of FEE) exceeds the era's emission.
		pay_inference(0, DAVE, FEE, &[]);
		assert_eq!(last_emission(), Some(EMISSION));
		assert_eq!(Balances::total_issuance(), issuance + EMISSION);
		assert_eq!(Ledger::<Test>::get().emission_in, EMISSION);
		// Bob's 90% and Alice's 10% curation fee of the contributors' share and the emission.
		assert_eq!(owed(BOB, PoolId::Model(0)), (FEE_CONTRIBUTORS + EMISSION) / 10 * 9);
		assert_eq!(owed(ALICE, PoolId::Model(0)), (FEE_CONTRIBUTORS + EMISSION) / 10);

		// The era has emitted everything: the next fee mints nothing.
		pay_inference(0, DAVE, FEE, &[]);
		assert_eq!(last_emission(), Some(0));
		assert_eq!(Balances::total_issuance(), issuance + EMISSION);
		let era = EmissionEra::<Test>::get().unwrap();
		assert_eq!((era.era, era.per_era, era.minted, era.fees), (0, EMISSION, EMISSION, 2 * FEE));
	});
}

#[test]
fn emission_spreads_over_the_fees_of_the_era_before() {
	ExtBuilder::default().emission(EMISSION).build_and_execute(|| {
		let (bob, _) = standard_setup();
		finalize(0, &[(bob, 1)]);
		for _ in 0..4 {
			pay_inference(0, DAVE, FEE, &[]);
		}
		// Era 1 follows an era of 4 × FEE in fees: each fee of FEE earns a quarter.
		go_to_era(1);
		for _ in 0..4 {
			pay_inference(0, DAVE, FEE, &[]);
			assert_eq!(last_emission(), Some(EMISSION / 4));
		}
		// A fifth gets what rounding left of the era's emission, a sixth nothing.
		pay_inference(0, DAVE, FEE, &[]);
		assert_eq!(last_emission(), Some(EMISSION - 4 * (EMISSION / 4)));
		pay_inference(0, DAVE, FEE, &[]);
		assert_eq!(last_emission(), Some(0));
		assert_eq!(EmissionEra::<Test>::get().unwrap().minted, EMISSION);
	});
}

#[test]
fn emission_is_capped_by_the_treasury_share_of_the_fee() {
	ExtBuilder::default().emission(EMISSION).build_and_execute(|| {
		let (bob, _) = standard_setup();
		finalize(0, &[(bob, 1)]);
		let issuance = Balances::total_issuance();
		pay_inference(0, DAVE, 1_000, &[]);
		assert_eq!(last_emission(), Some(100), "10% of 1 000");
		assert_eq!(Balances::total_issuance(), issuance + 100);
	});
}

#[test]
fn a_model_without_pool_members_mints_nothing_and_a_ledger_model_gets_it_in_its_ledger() {
	ExtBuilder::default().emission(EMISSION).build_and_execute(|| {
		standard_setup();
		let issuance = Balances::total_issuance();
		pay_inference(0, DAVE, FEE, &[]);
		assert_eq!(last_emission(), Some(0), "nobody could be paid it");
		assert_eq!(Balances::total_issuance(), issuance);
		assert_eq!(EmissionEra::<Test>::get().unwrap().minted, 0, "the era keeps it");

		<Rewards as RewardSink<AccountId, Balance>>::ledger_opened(3);
		pay_inference(3, DAVE, FEE, &[]);
		assert_eq!(last_emission(), Some(EMISSION));
		assert_eq!(ModelLedgers::<Test>::get(3).unwrap().inflow, FEE_CONTRIBUTORS + EMISSION);
		assert_eq!(Balances::total_issuance(), issuance + EMISSION);
	});
}

#[test]
fn an_era_keeps_the_emission_in_force_at_its_first_fee() {
	ExtBuilder::default().emission(EMISSION).build_and_execute(|| {
		pay_inference(0, DAVE, FEE, &[]);
		assert_ok!(Rewards::set_emission(RuntimeOrigin::root(), 7));
		pay_inference(0, DAVE, FEE, &[]);
		assert_eq!(EmissionEra::<Test>::get().unwrap().per_era, EMISSION);
		go_to_era(1);
		pay_inference(0, DAVE, FEE, &[]);
		assert_eq!(EmissionEra::<Test>::get().unwrap().per_era, 7);
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
		attest(0, &[(PAYER, 1_000)]);
		finalize(0, &[(own, 1)]);
		let before = free(PAYER);

		for era in 0..3 {
			go_to_era(era);
			for fee in [1_000, 12_345, 999_999] {
				pay_inference(0, PAYER, fee, &[(own, Perbill::from_percent(30))]);
			}
		}
		assert!(Ledger::<Test>::get().emission_in > 0, "emission was minted");
		assert_ok!(Rewards::claim_all(RuntimeOrigin::signed(PAYER)));
		assert!(free(PAYER) <= before, "self-dealing returned more than it cost");
	});
}
