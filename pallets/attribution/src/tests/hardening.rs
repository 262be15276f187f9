//! The attacks a review of the judgement path found (issue 11, "Hardening the judgement path"),
//! each performed here against the pallet: every test failed before the change that closes it.
//!
//! 1. Anyone could open a round of any model, and any revealed stake finalized it: one attestor
//!    with the minimum bond replaced or wiped a model's attribution, and a low-turnout majority
//!    judged (slashed) whoever else showed up.
//! 2. The attestor set and a round's commit slots were first come, first served: a full set of
//!    minimum bonds, or a full round of minimum stakes, locked everyone else out for good.
//! 3. Trust only clipped scores from above and was 100% for an empty reveal: empty or timid
//!    (everything scored low) reveals earned a full share of the bounty, and a majority of empty
//!    reveals made every honest attestor look like an outlier.
//! 4. The commitment did not bind the model and round: last round's commitment and reveal could be
//!    posted again, in the next round or another model's, without doing the work.
//!
//! The tests assert outcomes (balances, bonds, attributions, what succeeds) rather than the new
//! events and errors, which the other test modules check.

use super::*;
use crate::Commitments;

/// Scores everyone honest agrees on in these tests.
fn honest() -> ScoresOf<Test> {
	scores(&[(0, 10), (1, 20)])
}

/// The standard model, attributed `honest()` by `CHARLIE`, `DAVE` and `EVE` (each bonded
/// `3 × MinBond`) in its first round.
fn attributed_model() -> ModelId {
	let model = setup().model;
	for who in [CHARLIE, DAVE, EVE] {
		bond(who, 3 * MIN_BOND);
	}
	run_round(model, &[(CHARLIE, honest()), (DAVE, honest()), (EVE, honest())]);
	assert_eq!(attribution(model), vec![(0, 10), (1, 20)]);
	model
}

// ---- 1. quorum and who opens rounds ----

#[test]
fn a_stranger_may_not_open_a_round_of_a_model() {
	ExtBuilder::default().build_and_execute(|| {
		let model = attributed_model();
		bond(GEORGE, MIN_BOND);
		// GEORGE neither owns nor operates the model: he may not start (and hold up) its rounds.
		assert!(Attribution::open_round(RuntimeOrigin::signed(GEORGE), model, 0).is_err());
		assert_eq!(model_info(model).open_round, None);
		// The owner's operators may.
		assert_ok!(Attribution::add_operator(RuntimeOrigin::signed(ALICE), model, GEORGE));
		assert_ok!(Attribution::open_round(RuntimeOrigin::signed(GEORGE), model, 0));
	});
}

#[test]
fn one_minimum_bond_attestor_can_neither_replace_nor_wipe_an_attribution() {
	ExtBuilder::default().build_and_execute(|| {
		let model = attributed_model();
		bond(GEORGE, MIN_BOND);
		// In rounds the owner opens, the honest attestors stay away; GEORGE alone reveals a
		// made-up attribution, then one that would wipe it.
		for attack in [scores(&[(2, 1_000)]), scores(&[])] {
			let round = open(model, BOUNTY);
			commit_and_reveal(model, round, &[(GEORGE, attack.clone())]);
			let (george, alice) = (free(GEORGE), free(ALICE));
			finalize(model, round);

			assert_eq!(attribution(model), vec![(0, 10), (1, 20)], "{attack:?}: it stands");
			assert_eq!(attributed_in(0), vec![(model, 10)]);
			assert!(attributed_in(2).is_empty());
			assert_eq!(model_info(model).attribution_entries, 2);
			assert_eq!(model_info(model).latest_finalized, Some(0));
			// 100 of 1,000 active stake is no quorum: no bounty, which goes back to the opener.
			assert_eq!(free(GEORGE), george);
			assert_eq!(free(ALICE), alice + BOUNTY);
			assert_eq!(held(ALICE, HoldReason::RoundBounty), 0);
		}
		// Nor did the contributors' reward points change: only the first round reached them.
		let handed_over = sink_calls()
			.into_iter()
			.filter(|call| matches!(call, SinkCall::AttributionFinalized { .. }))
			.count();
		assert_eq!(handed_over, 1);
	});
}

#[test]
fn a_low_turnout_majority_cannot_slash_an_honest_attestor() {
	ExtBuilder::default().build_and_execute(|| {
		let model = setup().model;
		bond(CHARLIE, 3 * MIN_BOND);
		bond(DAVE, 3 * MIN_BOND);
		bond(EVE, MIN_BOND);
		run_round(model, &[(CHARLIE, honest()), (DAVE, honest()), (EVE, honest())]);
		bond(FERDIE, MIN_BOND);
		bond(GEORGE, MIN_BOND);
		// CHARLIE and DAVE stay away. EVE reveals the truth; FERDIE and GEORGE, together more
		// stake than EVE but 300 of 1,000 with her, reveal something else.
		let round = open(model, BOUNTY);
		let made_up = scores(&[(2, 50)]);
		commit_and_reveal(
			model,
			round,
			&[(EVE, honest()), (FERDIE, made_up.clone()), (GEORGE, made_up)],
		);
		let eve_free = free(EVE);
		finalize(model, round);

		// Without a quorum their consensus judges nobody: EVE keeps her whole bond.
		assert_eq!(attestor(EVE).active, MIN_BOND);
		assert_eq!(held(EVE, HoldReason::AttestorBond), MIN_BOND);
		assert_eq!(free(EVE), eve_free);
		assert_eq!(attribution(model), vec![(0, 10), (1, 20)]);
	});
}

// ---- 2. larger stake displaces the smallest ----

#[test]
fn a_full_set_of_minimum_bonds_does_not_lock_out_a_larger_bond() {
	ExtBuilder::default().build_and_execute(|| {
		let model = setup().model;
		let squatters = [BOB, CHARLIE, DAVE, EVE, FERDIE];
		assert_eq!(squatters.len(), MAX_ATTESTORS as usize);
		for who in squatters {
			bond(who, MIN_BOND);
		}
		// A bond no larger than the smallest member's does not get in...
		assert!(Attribution::bond(RuntimeOrigin::signed(HARRY), MIN_BOND).is_err());
		// ...a larger one does, in the place of the smallest (the last to join, among equals).
		assert_ok!(Attribution::bond(RuntimeOrigin::signed(GEORGE), MIN_BOND + 1));

		// FERDIE's bond is unbonding: still held, no longer active, withdrawable in due time.
		let ferdie = attestor(FERDIE);
		assert_eq!(ferdie.active, 0);
		assert_eq!(ferdie.unlocking.to_vec(), vec![(MIN_BOND, 1 + UNBONDING_PERIOD)]);
		assert_eq!(held(FERDIE, HoldReason::AttestorBond), MIN_BOND);

		// GEORGE commits; FERDIE may not any more.
		let round = open(model, 0);
		commit(GEORGE, model, round, &honest(), salt(1));
		assert!(Attribution::commit(
			RuntimeOrigin::signed(FERDIE),
			model,
			round,
			commitment(FERDIE, model, round, &honest(), salt(2)),
		)
		.is_err());
		System::set_block_number(1 + UNBONDING_PERIOD);
		assert_ok!(Attribution::withdraw_unbonded(RuntimeOrigin::signed(FERDIE)));
		assert_eq!(free(FERDIE), INITIAL_BALANCE);
		assert!(!Attestors::<Test>::contains_key(FERDIE));
	});
}

#[test]
fn full_commit_slots_do_not_lock_out_a_larger_stake() {
	ExtBuilder::default().build_and_execute(|| {
		let model = setup().model;
		let early = [CHARLIE, DAVE, EVE, FERDIE];
		assert_eq!(early.len(), MAX_COMMITS as usize);
		for who in early {
			bond(who, MIN_BOND);
		}
		bond(GEORGE, 2 * MIN_BOND);
		let round = open(model, BOUNTY);
		for (index, who) in early.iter().enumerate() {
			commit(*who, model, round, &honest(), salt(index as u8));
		}
		// GEORGE's stake, larger than the smallest committer's, takes its place (the last to
		// commit, among equals).
		assert_ok!(Attribution::commit(
			RuntimeOrigin::signed(GEORGE),
			model,
			round,
			commitment(GEORGE, model, round, &honest(), salt(9)),
		));
		assert!(Commitments::<Test>::get((model, round), FERDIE).is_none());
		assert_eq!(attestor(FERDIE).outstanding_commitments, 0);

		go_to_reveal(model, round);
		for (index, who) in early.iter().take(3).enumerate() {
			reveal(*who, model, round, &honest(), salt(index as u8));
		}
		reveal(GEORGE, model, round, &honest(), salt(9));
		go_to_finalize(model, round);
		finalize(model, round);

		// FERDIE, displaced, was not slashed for not revealing, and may unbond at once.
		assert_eq!(attestor(FERDIE).active, MIN_BOND);
		assert_eq!(free(FERDIE), INITIAL_BALANCE - MIN_BOND);
		assert_ok!(Attribution::unbond(RuntimeOrigin::signed(FERDIE), MIN_BOND));
		// GEORGE was paid his share: twice the stake of the others, so 2/5 of the bounty.
		assert_eq!(free(GEORGE), INITIAL_BALANCE - 2 * MIN_BOND + 2 * BOUNTY / 5);
	});
}

// ---- 3. symmetric agreement; empty reveals abstain ----

#[test]
fn an_empty_reveal_earns_no_share_of_the_bounty() {
	ExtBuilder::default().build_and_execute(|| {
		let model = setup().model;
		for who in [CHARLIE, DAVE, EVE] {
			bond(who, MIN_BOND);
		}
		let round = open(model, BOUNTY);
		commit_and_reveal(
			model,
			round,
			&[(CHARLIE, honest()), (DAVE, honest()), (EVE, scores(&[]))],
		);
		finalize(model, round);

		assert_eq!(attribution(model), vec![(0, 10), (1, 20)]);
		assert_eq!(free(EVE), INITIAL_BALANCE - MIN_BOND, "nothing for saying nothing");
		assert_eq!(free(CHARLIE), INITIAL_BALANCE - MIN_BOND + BOUNTY / 2);
		assert_eq!(free(DAVE), INITIAL_BALANCE - MIN_BOND + BOUNTY / 2);
		// Abstaining is not a fault either.
		assert_eq!(attestor(EVE).active, MIN_BOND);
	});
}

#[test]
fn a_timid_reveal_no_longer_passes_for_full_agreement() {
	ExtBuilder::default().build_and_execute(|| {
		let model = setup().model;
		for who in [CHARLIE, DAVE, EVE] {
			bond(who, MIN_BOND);
		}
		let round = open(model, BOUNTY);
		// Scoring everything 1 was never above the consensus, so clipping trusted it fully.
		commit_and_reveal(
			model,
			round,
			&[(CHARLIE, honest()), (DAVE, honest()), (EVE, scores(&[(0, 1), (1, 1)]))],
		);
		finalize(model, round);

		// EVE agrees on 2 of 30: trust 6.67%, below the 50% threshold, so she is slashed and
		// paid 6 of the bounty's 206 weight units.
		assert_eq!(attestor(EVE).active, MIN_BOND - MIN_BOND * SLASH_PERCENT as Balance / 100);
		let eve_share = free(EVE) - (INITIAL_BALANCE - MIN_BOND);
		assert_eq!(eve_share, BOUNTY * 6 / 206);
		assert!(eve_share < BOUNTY / 10);
	});
}

#[test]
fn a_majority_of_empty_reveals_cannot_slash_the_honest_or_wipe_the_attribution() {
	ExtBuilder::default().build_and_execute(|| {
		let model = setup().model;
		for who in [CHARLIE, DAVE, EVE] {
			bond(who, MIN_BOND);
		}
		run_round(model, &[(CHARLIE, honest()), (DAVE, honest()), (EVE, honest())]);
		// Next round, DAVE and EVE (two thirds of the stake) reveal nothing.
		let round = open(model, BOUNTY);
		commit_and_reveal(
			model,
			round,
			&[(CHARLIE, honest()), (DAVE, scores(&[])), (EVE, scores(&[]))],
		);
		finalize(model, round);

		assert_eq!(attestor(CHARLIE).active, MIN_BOND, "the honest attestor is not slashed");
		assert_eq!(attribution(model), vec![(0, 10), (1, 20)], "nor the attribution wiped");
	});
}

#[test]
fn empty_reveals_take_nothing_from_an_honest_quorum() {
	ExtBuilder::default().build_and_execute(|| {
		let model = setup().model;
		bond(CHARLIE, 3 * MIN_BOND);
		bond(DAVE, MIN_BOND);
		bond(EVE, MIN_BOND);
		let round = open(model, BOUNTY);
		commit_and_reveal(
			model,
			round,
			&[(CHARLIE, honest()), (DAVE, scores(&[])), (EVE, scores(&[(0, 0), (1, 0)]))],
		);
		finalize(model, round);

		// CHARLIE's 300 of 500 is a quorum; the consensus is his, and so is the whole bounty.
		assert_eq!(attribution(model), vec![(0, 10), (1, 20)]);
		assert_eq!(free(CHARLIE), INITIAL_BALANCE - 3 * MIN_BOND + BOUNTY);
		assert_eq!(free(DAVE), INITIAL_BALANCE - MIN_BOND);
		assert_eq!(free(EVE), INITIAL_BALANCE - MIN_BOND);
		for who in [CHARLIE, DAVE, EVE] {
			assert_eq!(held(who, HoldReason::AttestorBond), attestor(who).active);
		}
		assert_eq!(attestor(CHARLIE).active, 3 * MIN_BOND);
	});
}

// ---- 4. the commitment binds the model and round ----

#[test]
fn a_commitment_cannot_be_replayed_in_a_later_round_or_another_model() {
	ExtBuilder::default().build_and_execute(|| {
		let fixture = setup();
		let model = fixture.model;
		let other = register(ALICE, vec![(fixture.datanet, fixture.version)], 0);
		bond(CHARLIE, MIN_BOND);
		let list = honest();
		let first = open(model, 0);
		let hash = commitment(CHARLIE, model, first, &list, salt(1));
		assert_ok!(Attribution::commit(RuntimeOrigin::signed(CHARLIE), model, first, hash));
		go_to_reveal(model, first);
		reveal(CHARLIE, model, first, &list, salt(1));
		go_to_finalize(model, first);
		finalize(model, first);

		// CHARLIE posts the same commitment in the next round of the model and in a round of
		// another model, meaning to reveal the same scores without looking again.
		let next = open(model, 0);
		let elsewhere = open(other, 0);
		assert_ok!(Attribution::commit(RuntimeOrigin::signed(CHARLIE), model, next, hash));
		assert_ok!(Attribution::commit(RuntimeOrigin::signed(CHARLIE), other, elsewhere, hash));
		go_to_reveal(model, next);
		assert!(try_reveal(CHARLIE, model, next, &list, salt(1)).is_err());
		assert!(try_reveal(CHARLIE, other, elsewhere, &list, salt(1)).is_err());
		// The commitment for the right round and model is what reveals.
		let round_info = round_info(model, next);
		assert_eq!(round_info.revealed, 0);
	});
}
