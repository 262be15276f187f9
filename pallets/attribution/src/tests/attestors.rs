//! Attestors: bonding, the bounded set and displacement by larger bonds, unbonding and the
//! unbonding period, withdrawing.

use super::*;
use crate::{AttestorSet, Error};

/// The members of the attestor set and their bonds, in the order they joined.
fn members() -> Vec<(AccountId, Balance)> {
	AttestorSet::<Test>::get().into_inner()
}
use frame_support::assert_noop;
use sp_runtime::TokenError;

#[test]
fn bond_holds_funds_and_adds_to_the_bond() {
	ExtBuilder::default().build_and_execute(|| {
		bond(CHARLIE, MIN_BOND);
		assert_eq!(attestor(CHARLIE).active, MIN_BOND);
		assert_eq!(held(CHARLIE, HoldReason::AttestorBond), MIN_BOND);
		assert_eq!(free(CHARLIE), INITIAL_BALANCE - MIN_BOND);
		assert_eq!(members(), vec![(CHARLIE, MIN_BOND)]);
		System::assert_last_event(
			Event::<Test>::Bonded { who: CHARLIE, amount: MIN_BOND, active: MIN_BOND }.into(),
		);

		// Adding any amount to a bond of at least MinBond is fine.
		bond(CHARLIE, 1);
		assert_eq!(attestor(CHARLIE).active, MIN_BOND + 1);
		assert_eq!(held(CHARLIE, HoldReason::AttestorBond), MIN_BOND + 1);
		assert_eq!(members(), vec![(CHARLIE, MIN_BOND + 1)]);
		// Bonds alone earn nothing: the rewards pallet is not told.
		assert_eq!(sink_calls(), vec![]);
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
		assert_eq!(members().len(), MAX_ATTESTORS as usize);
		assert_eq!(Attribution::api_attestor_set().bond_to_beat, Some(MIN_BOND));
		// No larger than the smallest member's: no room.
		assert_noop!(
			Attribution::bond(RuntimeOrigin::signed(GEORGE), MIN_BOND),
			Error::<Test>::AttestorSetFull
		);
		// Members may still add to their bonds.
		bond(BOB, 5);

		// Once one unbonds everything, there is room again at once.
		assert_ok!(Attribution::unbond(RuntimeOrigin::signed(CHARLIE), MIN_BOND));
		assert_eq!(members().len(), MAX_ATTESTORS as usize - 1);
		assert_eq!(Attribution::api_attestor_set().bond_to_beat, None);
		bond(GEORGE, MIN_BOND);
		assert!(Attestors::<Test>::contains_key(CHARLIE), "its record waits for the withdrawal");
	});
}

#[test]
fn a_larger_bond_displaces_the_smallest_member() {
	ExtBuilder::default().build_and_execute(|| {
		bond(BOB, 3 * MIN_BOND);
		bond(CHARLIE, MIN_BOND);
		bond(DAVE, 2 * MIN_BOND);
		bond(EVE, MIN_BOND);
		bond(FERDIE, 4 * MIN_BOND);
		System::reset_events();
		clear_sink_calls();

		// GEORGE's 150 beats the smallest, 100; of CHARLIE and EVE, EVE joined last.
		bond(GEORGE, MIN_BOND + 50);
		assert_eq!(
			events(),
			vec![
				Event::<Test>::AttestorDisplaced { who: EVE, by: GEORGE, active: MIN_BOND },
				Event::<Test>::Unbonded {
					who: EVE,
					amount: MIN_BOND,
					unlock_at: 1 + UNBONDING_PERIOD,
					active: 0,
				},
				Event::<Test>::Bonded { who: GEORGE, amount: MIN_BOND + 50, active: MIN_BOND + 50 },
			]
		);
		assert_eq!(
			members(),
			vec![
				(BOB, 3 * MIN_BOND),
				(CHARLIE, MIN_BOND),
				(DAVE, 2 * MIN_BOND),
				(FERDIE, 4 * MIN_BOND),
				(GEORGE, MIN_BOND + 50),
			]
		);
		assert_eq!(sink_calls(), vec![]);
		let eve = Attribution::api_attestor(EVE).unwrap();
		assert!(!eve.member);
		assert_eq!(eve.active, 0);
		assert_eq!(eve.unlocking, vec![(MIN_BOND, 1 + UNBONDING_PERIOD)]);
		assert!(Attribution::api_attestor(GEORGE).unwrap().member);

		// EVE may come back with more than the smallest bond (CHARLIE's), adding to what she
		// has active (nothing: her old bond keeps unbonding).
		assert_noop!(
			Attribution::bond(RuntimeOrigin::signed(EVE), MIN_BOND),
			Error::<Test>::AttestorSetFull
		);
		bond(EVE, MIN_BOND + 1);
		assert!(!Attribution::api_attestor(CHARLIE).unwrap().member);
		assert_eq!(attestor(EVE).active, MIN_BOND + 1);
		assert_eq!(attestor(EVE).total(), 2 * MIN_BOND + 1);
		let view = Attribution::api_attestor_set();
		assert_eq!(view.capacity, MAX_ATTESTORS);
		assert_eq!(view.bond_to_beat, Some(MIN_BOND + 1));
		assert_eq!(view.total_active, 11 * MIN_BOND + 51);
	});
}

#[test]
fn a_displaced_member_stays_slashable_until_its_rounds_are_finalized() {
	ExtBuilder::default().build_and_execute(|| {
		let model = setup().model;
		for who in [BOB, CHARLIE, DAVE, EVE] {
			bond(who, 2 * MIN_BOND);
		}
		bond(FERDIE, MIN_BOND);
		let round = open(model, 0);
		let list = scores(&[(0, 10)]);
		for (index, who) in [BOB, CHARLIE, DAVE, FERDIE].into_iter().enumerate() {
			commit(who, model, round, &list, salt(index as u8));
		}
		// GEORGE displaces FERDIE from the set; FERDIE's bond still backs her commitment.
		bond(GEORGE, 2 * MIN_BOND);
		let ferdie = attestor(FERDIE);
		assert_eq!(ferdie.active, MIN_BOND);
		assert!(ferdie.unlocking.is_empty());
		assert_noop!(
			Attribution::unbond(RuntimeOrigin::signed(FERDIE), MIN_BOND),
			Error::<Test>::CommitmentsOutstanding
		);

		go_to_reveal(model, round);
		for (index, who) in [BOB, CHARLIE, DAVE].into_iter().enumerate() {
			reveal(who, model, round, &list, salt(index as u8));
		}
		go_to_finalize(model, round);
		System::reset_events();
		clear_sink_calls();
		finalize(model, round);

		// FERDIE did not reveal: slashed 10%, then the rest starts unbonding. The quorum counted
		// her stake too: 600 of 1,100 revealed (the set's 1,000 and her 100).
		let unlock_at = round_info(model, round).finalize_from + UNBONDING_PERIOD;
		assert_eq!(attestor(FERDIE).active, 0);
		assert_eq!(attestor(FERDIE).unlocking.to_vec(), vec![(MIN_BOND - 10, unlock_at)]);
		assert!(events().contains(&Event::<Test>::AttestorSlashed {
			who: FERDIE,
			model,
			round,
			amount: 10,
			reason: crate::SlashReason::NotRevealed,
		}));
		assert!(events().contains(&Event::<Test>::Unbonded {
			who: FERDIE,
			amount: MIN_BOND - 10,
			unlock_at,
			active: 0,
		}));
		// The revealers earn the model's attestor share; FERDIE, who did not reveal, does not.
		let attestors = sink_calls().into_iter().find_map(|call| match call {
			SinkCall::AttestorsFinalized { attestors, .. } => Some(attestors),
			_ => None,
		});
		let accounts: Vec<AccountId> =
			attestors.unwrap_or_default().into_iter().map(|(who, _)| who).collect();
		assert_eq!(accounts, vec![BOB, CHARLIE, DAVE]);
		let summary = round_info(model, round);
		assert_eq!(summary.active_stake, 11 * MIN_BOND);
		assert_eq!(summary.revealed_stake, 6 * MIN_BOND);
		assert!(summary.quorum_reached);
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
		assert_eq!(sink_calls(), vec![]);

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
		assert!(members().is_empty());
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
