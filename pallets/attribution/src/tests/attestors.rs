//! Attestors: bonding, the bounded set, unbonding and the unbonding period, withdrawing.

use super::*;
use crate::Error;
use frame_support::assert_noop;
use sp_runtime::TokenError;

#[test]
fn bond_holds_funds_and_adds_to_the_bond() {
	ExtBuilder::default().build_and_execute(|| {
		bond(CHARLIE, MIN_BOND);
		assert_eq!(attestor(CHARLIE).active, MIN_BOND);
		assert_eq!(held(CHARLIE, HoldReason::AttestorBond), MIN_BOND);
		assert_eq!(free(CHARLIE), INITIAL_BALANCE - MIN_BOND);
		assert_eq!(Attestors::<Test>::count(), 1);
		System::assert_last_event(
			Event::<Test>::Bonded { who: CHARLIE, amount: MIN_BOND, active: MIN_BOND }.into(),
		);

		// Adding any amount to a bond of at least MinBond is fine.
		bond(CHARLIE, 1);
		assert_eq!(attestor(CHARLIE).active, MIN_BOND + 1);
		assert_eq!(held(CHARLIE, HoldReason::AttestorBond), MIN_BOND + 1);
		assert_eq!(Attestors::<Test>::count(), 1);
		assert_eq!(
			sink_calls(),
			vec![
				SinkCall::BondChanged { who: CHARLIE, bond: MIN_BOND },
				SinkCall::BondChanged { who: CHARLIE, bond: MIN_BOND + 1 },
			]
		);
	});
}

#[test]
fn bond_refusals() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Attribution::bond(RuntimeOrigin::signed(CHARLIE), 0),
			Error::<Test>::ZeroAmount
		);
		assert_noop!(
			Attribution::bond(RuntimeOrigin::signed(CHARLIE), MIN_BOND - 1),
			Error::<Test>::BondBelowMinimum
		);
		assert_noop!(
			Attribution::bond(RuntimeOrigin::signed(PAUPER), MIN_BOND),
			TokenError::FundsUnavailable
		);
	});
}

#[test]
fn the_attestor_set_is_bounded() {
	ExtBuilder::default().build_and_execute(|| {
		for who in [BOB, CHARLIE, DAVE, EVE, FERDIE] {
			bond(who, MIN_BOND);
		}
		assert_eq!(Attestors::<Test>::count(), MAX_ATTESTORS);
		assert_noop!(
			Attribution::bond(RuntimeOrigin::signed(GEORGE), MIN_BOND),
			Error::<Test>::AttestorSetFull
		);
		// Members may still add to their bonds.
		bond(BOB, 5);

		// Once one leaves, there is room again.
		assert_ok!(Attribution::unbond(RuntimeOrigin::signed(CHARLIE), MIN_BOND));
		System::set_block_number(1 + UNBONDING_PERIOD);
		assert_ok!(Attribution::withdraw_unbonded(RuntimeOrigin::signed(CHARLIE)));
		assert_eq!(Attestors::<Test>::count(), MAX_ATTESTORS - 1);
		bond(GEORGE, MIN_BOND);
	});
}

#[test]
fn unbond_starts_the_unbonding_period() {
	ExtBuilder::default().build_and_execute(|| {
		bond(CHARLIE, 3 * MIN_BOND);
		System::set_block_number(3);
		assert_ok!(Attribution::unbond(RuntimeOrigin::signed(CHARLIE), MIN_BOND));
		System::assert_last_event(
			Event::<Test>::Unbonded {
				who: CHARLIE,
				amount: MIN_BOND,
				unlock_at: 3 + UNBONDING_PERIOD,
				active: 2 * MIN_BOND,
			}
			.into(),
		);
		let info = attestor(CHARLIE);
		assert_eq!(info.active, 2 * MIN_BOND);
		assert_eq!(info.unlocking.to_vec(), vec![(MIN_BOND, 3 + UNBONDING_PERIOD)]);
		// Still held.
		assert_eq!(held(CHARLIE, HoldReason::AttestorBond), 3 * MIN_BOND);
		assert_eq!(
			sink_calls().last(),
			Some(&SinkCall::BondChanged { who: CHARLIE, bond: 2 * MIN_BOND })
		);

		// Unbonding again in the same block adds to the same chunk.
		assert_ok!(Attribution::unbond(RuntimeOrigin::signed(CHARLIE), 10));
		assert_eq!(
			attestor(CHARLIE).unlocking.to_vec(),
			vec![(MIN_BOND + 10, 3 + UNBONDING_PERIOD)]
		);

		// Nothing can be withdrawn before the period is over.
		System::set_block_number(2 + UNBONDING_PERIOD);
		assert_noop!(
			Attribution::withdraw_unbonded(RuntimeOrigin::signed(CHARLIE)),
			Error::<Test>::NothingToWithdraw
		);
		System::set_block_number(3 + UNBONDING_PERIOD);
		let before = free(CHARLIE);
		assert_ok!(Attribution::withdraw_unbonded(RuntimeOrigin::signed(CHARLIE)));
		System::assert_last_event(
			Event::<Test>::Withdrawn { who: CHARLIE, amount: MIN_BOND + 10, left: false }.into(),
		);
		assert_eq!(free(CHARLIE), before + MIN_BOND + 10);
		assert_eq!(held(CHARLIE, HoldReason::AttestorBond), 2 * MIN_BOND - 10);
		assert!(attestor(CHARLIE).unlocking.is_empty());
	});
}

#[test]
fn withdrawing_everything_leaves_the_set() {
	ExtBuilder::default().build_and_execute(|| {
		bond(CHARLIE, MIN_BOND + 20);
		assert_ok!(Attribution::unbond(RuntimeOrigin::signed(CHARLIE), 20));
		System::set_block_number(2);
		assert_ok!(Attribution::unbond(RuntimeOrigin::signed(CHARLIE), MIN_BOND));
		assert_eq!(attestor(CHARLIE).active, 0);

		// Only the first chunk has matured.
		System::set_block_number(1 + UNBONDING_PERIOD);
		assert_ok!(Attribution::withdraw_unbonded(RuntimeOrigin::signed(CHARLIE)));
		System::assert_last_event(
			Event::<Test>::Withdrawn { who: CHARLIE, amount: 20, left: false }.into(),
		);
		assert!(Attestors::<Test>::contains_key(CHARLIE));

		System::set_block_number(2 + UNBONDING_PERIOD);
		assert_ok!(Attribution::withdraw_unbonded(RuntimeOrigin::signed(CHARLIE)));
		System::assert_last_event(
			Event::<Test>::Withdrawn { who: CHARLIE, amount: MIN_BOND, left: true }.into(),
		);
		assert!(!Attestors::<Test>::contains_key(CHARLIE));
		assert_eq!(Attestors::<Test>::count(), 0);
		assert_eq!(free(CHARLIE), INITIAL_BALANCE);
		assert_noop!(
			Attribution::withdraw_unbonded(RuntimeOrigin::signed(CHARLIE)),
			Error::<Test>::NotAttestor
		);
	});
}

#[test]
fn unbond_refusals() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Attribution::unbond(RuntimeOrigin::signed(CHARLIE), 10),
			Error::<Test>::NotAttestor
		);
		bond(CHARLIE, MIN_BOND + 50);
		assert_noop!(
			Attribution::unbond(RuntimeOrigin::signed(CHARLIE), 0),
			Error::<Test>::ZeroAmount
		);
		assert_noop!(
			Attribution::unbond(RuntimeOrigin::signed(CHARLIE), MIN_BOND + 51),
			Error::<Test>::InsufficientBond
		);
		// Leaving less than MinBond active (but not zero) is refused.
		assert_noop!(
			Attribution::unbond(RuntimeOrigin::signed(CHARLIE), 51),
			Error::<Test>::BondBelowMinimum
		);

		// At most MAX_CHUNKS chunks, one per block here.
		for block in 1..=u64::from(MAX_CHUNKS) {
			System::set_block_number(block);
			assert_ok!(Attribution::unbond(RuntimeOrigin::signed(CHARLIE), 10));
		}
		System::set_block_number(u64::from(MAX_CHUNKS) + 1);
		assert_noop!(
			Attribution::unbond(RuntimeOrigin::signed(CHARLIE), 10),
			Error::<Test>::TooManyUnlockingChunks
		);
		// Withdrawing matured chunks makes room.
		System::set_block_number(1 + UNBONDING_PERIOD);
		assert_ok!(Attribution::withdraw_unbonded(RuntimeOrigin::signed(CHARLIE)));
		assert_ok!(Attribution::unbond(RuntimeOrigin::signed(CHARLIE), 10));
	});
}

#[test]
fn outstanding_commitments_block_unbonding_until_finalized() {
	ExtBuilder::default().build_and_execute(|| {
		let fixture = setup();
		bond(CHARLIE, MIN_BOND);
		let round = open(fixture.model, 0);
		let list = scores(&[(fixture.contributions[0], 5)]);
		commit(CHARLIE, fixture.model, round, &list, salt(1));
		assert_eq!(attestor(CHARLIE).outstanding_commitments, 1);
		assert_noop!(
			Attribution::unbond(RuntimeOrigin::signed(CHARLIE), MIN_BOND),
			Error::<Test>::CommitmentsOutstanding
		);

		go_to_reveal(fixture.model, round);
		reveal(CHARLIE, fixture.model, round, &list, salt(1));
		// Revealing is not enough: the round may still slash.
		assert_noop!(
			Attribution::unbond(RuntimeOrigin::signed(CHARLIE), MIN_BOND),
			Error::<Test>::CommitmentsOutstanding
		);
		go_to_finalize(fixture.model, round);
		finalize(fixture.model, round);
		assert_eq!(attestor(CHARLIE).outstanding_commitments, 0);
		assert_ok!(Attribution::unbond(RuntimeOrigin::signed(CHARLIE), MIN_BOND));
	});
}
