//! `do_try_state` notices broken invariants (and holds after every other test).

use super::*;
use crate::{AttestorInfo, AttestorSet, Commitment, Commitments, ModelsByOwner, RoundInfo};
use frame_support::traits::{fungible::MutateHold, tokens::Precision};

/// A model with a finalized round (attribution of two entries) and a round in progress in which
/// `CHARLIE` committed.
fn busy_chain() -> ModelId {
	let model = setup().model;
	bond(CHARLIE, MIN_BOND);
	bond(DAVE, MIN_BOND);
	run_round(model, &[(CHARLIE, scores(&[(0, 10), (1, 20)]))]);
	let round = open(model, BOUNTY);
	commit(CHARLIE, model, round, &scores(&[(0, 1)]), salt(1));
	assert_ok!(Attribution::do_try_state());
	model
}

#[test]
fn a_leaked_hold_is_noticed() {
	ExtBuilder::default().build_and_execute(|| {
		busy_chain();
		for reason in [HoldReason::ModelDeposit, HoldReason::AttestorBond, HoldReason::RoundBounty]
		{
			let reason = RuntimeHoldReason::Attribution(reason);
			// Too much held from an account with records, or anything from one without.
			for who in [ALICE, CHARLIE, HARRY] {
				assert_ok!(Balances::hold(&reason, &who, 1));
				assert!(Attribution::do_try_state().is_err());
				assert_ok!(Balances::release(&reason, &who, 1, Precision::Exact));
				assert_ok!(Attribution::do_try_state());
			}
		}
	});
}

#[test]
fn broken_attribution_indices_are_noticed() {
	ExtBuilder::default().build_and_execute(|| {
		let model = busy_chain();

		ContributionAttribution::<Test>::remove(0, model);
		assert!(Attribution::do_try_state().is_err());
		ContributionAttribution::<Test>::insert(0, model, 10);
		assert_ok!(Attribution::do_try_state());

		ContributionAttribution::<Test>::insert(0, model, 11);
		assert!(Attribution::do_try_state().is_err());
		ContributionAttribution::<Test>::insert(0, model, 10);

		Models::<Test>::mutate(model, |info| info.as_mut().unwrap().attribution_entries = 3);
		assert!(Attribution::do_try_state().is_err());
		Models::<Test>::mutate(model, |info| info.as_mut().unwrap().attribution_entries = 2);

		ModelsByOwner::<Test>::remove(ALICE, model);
		assert!(Attribution::do_try_state().is_err());
		ModelsByOwner::<Test>::insert(ALICE, model, ());
		assert_ok!(Attribution::do_try_state());
	});
}

#[test]
fn broken_commitments_are_noticed() {
	ExtBuilder::default().build_and_execute(|| {
		let model = busy_chain();
		let round = model_info(model).open_round.unwrap();

		// A wrong outstanding counter.
		Attestors::<Test>::mutate(CHARLIE, |info| {
			info.as_mut().unwrap().outstanding_commitments = 2
		});
		assert!(Attribution::do_try_state().is_err());
		Attestors::<Test>::mutate(CHARLIE, |info| {
			info.as_mut().unwrap().outstanding_commitments = 1
		});
		assert_ok!(Attribution::do_try_state());

		// A commitment of an attestor that is not a committer of the round.
		let stray = Commitment { hash: H256::zero(), stake: MIN_BOND, revealed: false };
		Commitments::<Test>::insert((model, round), DAVE, stray);
		assert!(Attribution::do_try_state().is_err());
		Commitments::<Test>::remove((model, round), DAVE);

		// A commitment left behind by a finalized round.
		Commitments::<Test>::insert((model, 0), DAVE, stray);
		assert!(Attribution::do_try_state().is_err());
		Commitments::<Test>::remove((model, 0), DAVE);
		assert_ok!(Attribution::do_try_state());
	});
}

#[test]
fn a_second_round_in_progress_is_noticed() {
	ExtBuilder::default().build_and_execute(|| {
		let model = busy_chain();
		let round = model_info(model).open_round.unwrap();
		let mut second: RoundInfo<Test> = round_info(model, round);
		second.committers = Default::default();
		second.bounty = 0;
		Rounds::<Test>::insert((model, 0), second.clone());
		assert!(Attribution::do_try_state().is_err());
		// Put the finalized summary back.
		second.finalized = true;
		Rounds::<Test>::insert((model, 0), second);
		assert_ok!(Attribution::do_try_state());
	});
}

#[test]
fn a_broken_attestor_set_is_noticed() {
	ExtBuilder::default().build_and_execute(|| {
		busy_chain();
		let set = AttestorSet::<Test>::get();
		let put = |members: Vec<(AccountId, Balance)>| {
			AttestorSet::<Test>::put(BoundedVec::truncate_from(members))
		};

		// A member's copy of its bond differs from its record.
		put(vec![(CHARLIE, MIN_BOND + 1), (DAVE, MIN_BOND)]);
		assert!(Attribution::do_try_state().is_err());
		// A member listed twice.
		put(vec![(CHARLIE, MIN_BOND), (CHARLIE, MIN_BOND)]);
		assert!(Attribution::do_try_state().is_err());
		// A member without a record.
		put(vec![(CHARLIE, MIN_BOND), (DAVE, MIN_BOND), (HARRY, MIN_BOND)]);
		assert!(Attribution::do_try_state().is_err());
		// A record outside the set with an active bond that backs nothing (DAVE).
		put(vec![(CHARLIE, MIN_BOND)]);
		assert!(Attribution::do_try_state().is_err());
		AttestorSet::<Test>::put(set);
		assert_ok!(Attribution::do_try_state());

		// A record with nothing bonded, unlocking or committed.
		Attestors::<Test>::insert(HARRY, AttestorInfo::<Test>::new());
		assert!(Attribution::do_try_state().is_err());
		Attestors::<Test>::remove(HARRY);
		assert_ok!(Attribution::do_try_state());
	});
}

#[test]
fn a_wrong_copy_of_a_committers_stake_is_noticed() {
	ExtBuilder::default().build_and_execute(|| {
		let model = busy_chain();
		let round = model_info(model).open_round.unwrap();
		let info = round_info(model, round);
		let mut wrong = info.clone();
		wrong.committers = BoundedVec::truncate_from(vec![(CHARLIE, MIN_BOND + 1)]);
		Rounds::<Test>::insert((model, round), wrong);
		assert!(Attribution::do_try_state().is_err());
		Rounds::<Test>::insert((model, round), info);
		assert_ok!(Attribution::do_try_state());
	});
}
