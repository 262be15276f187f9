//! `claim`, `claim_all` and `claim_for`: paying out of the pot.

use super::*;
use crate::{Error, Ledger};
use frame_support::assert_noop;
use sp_runtime::DispatchError;

#[test]
fn claim_pays_a_pool_member_and_settles_it() {
	ExtBuilder::default().build_and_execute(|| {
		let (bob, charlie) = standard_setup();
		finalize(0, &[(bob, 60), (charlie, 40)]);
		pay_inference(0, DAVE, FEE, &[]);

		let before = free(BOB);
		assert_ok!(Rewards::claim(RuntimeOrigin::signed(BOB), PoolId::Model(0)));
		assert_eq!(free(BOB), before + 632_812_500);
		System::assert_last_event(
			Event::<Test>::RewardClaimed { who: BOB, pool: PoolId::Model(0), amount: 632_812_500 }
				.into(),
		);
		assert_eq!(owed(BOB, PoolId::Model(0)), 0);
		assert_noop!(
			Rewards::claim(RuntimeOrigin::signed(BOB), PoolId::Model(0)),
			Error::<Test>::NothingToClaim
		);
		// The others are untouched, and earn on.
		assert_eq!(owed(CHARLIE, PoolId::Model(0)), 421_875_000);
		pay_inference(0, DAVE, FEE, &[]);
		assert_eq!(owed(BOB, PoolId::Model(0)), 632_812_500);
	});
}

#[test]
fn claim_pays_the_direct_ledger() {
	ExtBuilder::default().build_and_execute(|| {
		pay_inference(0, DAVE, 1_000, &[]);
		assert_ok!(Rewards::claim(RuntimeOrigin::signed(DAVE), PoolId::Direct));
		assert_eq!(free(DAVE), INITIAL_BALANCE + 200);
		assert_eq!(Ledger::<Test>::get().paid_out, 200);
		assert_noop!(
			Rewards::claim(RuntimeOrigin::signed(DAVE), PoolId::Direct),
			Error::<Test>::NothingToClaim
		);
	});
}

#[test]
fn claim_errors() {
	ExtBuilder::default().build_and_execute(|| {
		standard_setup();
		for pool in [PoolId::Model(0), PoolId::Model(7), PoolId::Attestors(0), PoolId::Direct] {
			assert_noop!(
				Rewards::claim(RuntimeOrigin::signed(BOB), pool),
				Error::<Test>::NothingToClaim
			);
		}
		assert_noop!(
			Rewards::claim(RuntimeOrigin::none(), PoolId::Direct),
			DispatchError::BadOrigin
		);
		// A member whose share is still zero has nothing to claim either.
		assert_noop!(
			Rewards::claim(RuntimeOrigin::signed(EVE), PoolId::Attestors(0)),
			Error::<Test>::NothingToClaim
		);
	});
}

#[test]
fn claim_for_pays_the_member_not_the_caller() {
	ExtBuilder::default().build_and_execute(|| {
		standard_setup();
		pay_inference(0, DAVE, FEE, &[]);
		let caller = free(CHARLIE);
		assert_ok!(Rewards::claim_for(RuntimeOrigin::signed(CHARLIE), EVE, PoolId::Attestors(0)));
		assert_eq!(free(EVE), INITIAL_BALANCE + FEE_TENTH);
		assert_eq!(free(CHARLIE), caller);
		System::assert_last_event(
			Event::<Test>::RewardClaimed { who: EVE, pool: PoolId::Attestors(0), amount: FEE_TENTH }
				.into(),
		);
		assert_noop!(
			Rewards::claim_for(RuntimeOrigin::signed(CHARLIE), EVE, PoolId::Attestors(0)),
			Error::<Test>::NothingToClaim
		);
		assert_noop!(
			Rewards::claim_for(RuntimeOrigin::none(), EVE, PoolId::Attestors(0)),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn claim_for_pays_a_new_account() {
	ExtBuilder::default().build_and_execute(|| {
		attest(0, &[(NOBODY, 10)]);
		pay_inference(0, DAVE, 1_000, &[]);
		assert_ok!(Rewards::claim_for(RuntimeOrigin::signed(ALICE), NOBODY, PoolId::Attestors(0)));
		assert_eq!(free(NOBODY), 100);
	});
}

#[test]
fn claim_all_pays_every_listed_pool_and_the_direct_ledger_at_once() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE, 10);
		let own = contribute(EVE, datanet, 1);
		attest(0, &[(EVE, 100)]);
		finalize(0, &[(own, 1)]);
		// Eve is the model's owner as well.
		pay_inference(0, EVE, FEE, &[]);
		let model = FEE_CONTRIBUTORS / 10 * 9;
		let before = free(EVE);

		assert_ok!(Rewards::claim_all(RuntimeOrigin::signed(EVE)));
		assert_eq!(free(EVE), before + model + FEE_TENTH + 2 * FEE_TENTH);
		let claimed: Vec<_> = events()
			.into_iter()
			.filter_map(|event| match event {
				Event::RewardClaimed { who: EVE, pool, amount } => Some((pool, amount)),
				_ => None,
			})
			.collect();
		assert_eq!(claimed.len(), 3);
		assert!(claimed.contains(&(PoolId::Model(0), model)));
		assert!(claimed.contains(&(PoolId::Attestors(0), FEE_TENTH)));
		assert!(claimed.contains(&(PoolId::Direct, 2 * FEE_TENTH)));
		assert_noop!(
			Rewards::claim_all(RuntimeOrigin::signed(EVE)),
			Error::<Test>::NothingToClaim
		);
	});
}

#[test]
fn claim_all_with_nothing_owed_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Rewards::claim_all(RuntimeOrigin::signed(BOB)),
			Error::<Test>::NothingToClaim
		);
		assert_noop!(Rewards::claim_all(RuntimeOrigin::none()), DispatchError::BadOrigin);
	});
}

#[test]
fn the_pot_keeps_its_existential_deposit() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(free(pot()), ED, "funded at genesis");
		let (bob, charlie) = standard_setup();
		finalize(0, &[(bob, 60), (charlie, 40)]);
		pay_inference(0, DAVE, FEE, &[]);
		for who in [ALICE, BOB, CHARLIE, DAVE, EVE] {
			assert_ok!(Rewards::claim_all(RuntimeOrigin::signed(who)));
		}
		assert_eq!(free(pot()), ED, "everything was claimed, exactly");
	});
}
