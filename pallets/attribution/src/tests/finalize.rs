//! `finalize`: the consensus, trust, the quorum, slashes, the bounty split, the attribution that
//! replaces the previous one, and what the reward sink is handed.
//!
//! The numbers: three attestors with equal stakes (100 each, so a value is the consensus once
//! attestors holding 200 of the 300 score it or less), a bounty of 1,000, a 10% slash, a 50%
//! trust threshold and a 50% quorum (150 of the 300 active stake behind non-empty reveals).

use super::*;
use crate::{Commitments, Error, Reveals, SlashReason};
use frame_support::assert_noop;

/// The standard setup with `CHARLIE`, `DAVE` and `EVE` bonded with `MIN_BOND` and round 0 of
/// model 0 opened by `ALICE` with `BOUNTY`.
fn open_setup() -> (ModelId, RoundId) {
	let fixture = setup();
	for who in [CHARLIE, DAVE, EVE] {
		bond(who, MIN_BOND);
	}
	let round = open(fixture.model, BOUNTY);
	(fixture.model, round)
}

fn rewarded(who: AccountId, amount: Balance, trust: Perbill) -> Event<Test> {
	Event::<Test>::AttestorRewarded { who, model: 0, round: 0, amount, trust }
}

#[test]
fn finalize_aggregates_pays_by_stake_and_trust_and_stores_the_attribution() {
	ExtBuilder::default().build_and_execute(|| {
		let (model, round) = open_setup();
		commit_and_reveal(
			model,
			round,
			&[
				(CHARLIE, scores(&[(0, 10), (1, 20)])),
				(DAVE, scores(&[(0, 10), (1, 30), (2, 10)])),
				(EVE, scores(&[(0, 12), (1, 20)])),
			],
		);
		let alice_free = free(ALICE);
		System::reset_events();

		finalize(model, round);

		// Consensus: 10 for #0, 20 for #1; #2 has a median of 0 and is left out.
		assert_eq!(attribution(model), vec![(0, 10), (1, 20)]);
		assert_eq!(attributed_in(0), vec![(model, 10)]);
		assert!(attributed_in(2).is_empty());
		// Trust: CHARLIE 30/30, DAVE 30/50, EVE 30/32. Weights 100, 60 and 93 of 253; the bounty
		// is split rounding down, the one unit of dust goes back to the opener.
		assert_eq!(
			events(),
			vec![
				rewarded(CHARLIE, 395, Perbill::one()),
				rewarded(DAVE, 237, Perbill::from_percent(60)),
				rewarded(EVE, 367, Perbill::from_parts(937_500_000)),
				Event::<Test>::BountyRefunded { model, round, opener: ALICE, amount: 1 },
				Event::<Test>::RoundFinalized { model, round, revealed: 3, consensus_entries: 2 },
			]
		);
		assert_eq!(free(CHARLIE), INITIAL_BALANCE - MIN_BOND + 395);
		assert_eq!(free(DAVE), INITIAL_BALANCE - MIN_BOND + 237);
		assert_eq!(free(EVE), INITIAL_BALANCE - MIN_BOND + 367);
		assert_eq!(free(ALICE), alice_free + 1);
		assert_eq!(held(ALICE, HoldReason::RoundBounty), 0);
		// Nobody was slashed.
		for who in [CHARLIE, DAVE, EVE] {
			assert_eq!(attestor(who).active, MIN_BOND);
			assert_eq!(attestor(who).outstanding_commitments, 0);
		}

		let info = model_info(model);
		assert_eq!(info.attribution_entries, 2);
		assert_eq!(info.latest_finalized, Some(round));
		assert_eq!(info.open_round, None);
		let summary = round_info(model, round);
		assert!(summary.finalized);
		assert!(summary.committers.is_empty());
		assert_eq!(summary.revealed, 3);
		assert_eq!(summary.consensus_entries, 2);
		assert_eq!(Commitments::<Test>::iter_prefix((model, round)).count(), 0);
		assert_eq!(Reveals::<Test>::iter_prefix((model, round)).count(), 0);
		assert_eq!(
			sink_calls().last(),
			Some(&SinkCall::AttributionFinalized { model, consensus: vec![(0, 10), (1, 20)] })
		);
	});
}

#[test]
fn an_outlier_is_slashed_and_paid_little() {
	ExtBuilder::default().build_and_execute(|| {
		let (model, round) = open_setup();
		commit_and_reveal(
			model,
			round,
			&[
				(CHARLIE, scores(&[(0, 10), (1, 20)])),
				(DAVE, scores(&[(0, 10), (1, 20)])),
				(EVE, scores(&[(0, 100), (1, 100)])),
			],
		);
		System::reset_events();
		finalize(model, round);

		// EVE cannot move the consensus; her trust is 30/200 = 15%, below 50%.
		assert_eq!(attribution(model), vec![(0, 10), (1, 20)]);
		assert_eq!(
			events(),
			vec![
				Event::<Test>::AttestorSlashed {
					who: EVE,
					model,
					round,
					amount: 10,
					reason: SlashReason::LowTrust,
				},
				rewarded(CHARLIE, 465, Perbill::one()),
				rewarded(DAVE, 465, Perbill::one()),
				rewarded(EVE, 69, Perbill::from_percent(15)),
				Event::<Test>::BountyRefunded { model, round, opener: ALICE, amount: 1 },
				Event::<Test>::RoundFinalized { model, round, revealed: 3, consensus_entries: 2 },
			]
		);
		assert_eq!(attestor(EVE).active, MIN_BOND - 10);
		assert_eq!(held(EVE, HoldReason::AttestorBond), MIN_BOND - 10);
		assert_eq!(free(TREASURY), 1 + 10);
		// The attestors the round did not slash earn the model's attestor share, by stake ×
		// trust; EVE does not.
		assert!(sink_calls().contains(&SinkCall::AttestorsFinalized {
			model,
			attestors: vec![(CHARLIE, attestor(CHARLIE).active), (DAVE, attestor(DAVE).active)],
		}));
	});
}

#[test]
fn the_median_is_weighted_by_stake() {
	ExtBuilder::default().build_and_execute(|| {
		let fixture = setup();
		bond(CHARLIE, 3 * MIN_BOND);
		bond(DAVE, MIN_BOND);
		bond(EVE, MIN_BOND);
		let round = open(fixture.model, BOUNTY);
		commit_and_reveal(
			fixture.model,
			round,
			&[(CHARLIE, scores(&[(0, 50)])), (DAVE, scores(&[(0, 10)])), (EVE, scores(&[(0, 10)]))],
		);
		System::reset_events();
		finalize(fixture.model, round);

		// CHARLIE holds 300 of 500: his score is the consensus. DAVE and EVE score a fifth of
		// it: trust 10/50 = 20%, below the threshold (underscoring costs as overscoring does).
		// Weights 300, 20 and 20 of 340: 882, 58 and 58, and 2 of dust.
		assert_eq!(attribution(fixture.model), vec![(0, 50)]);
		let low = |who| Event::<Test>::AttestorSlashed {
			who,
			model: 0,
			round,
			amount: 10,
			reason: SlashReason::LowTrust,
		};
		assert_eq!(
			events(),
			vec![
				low(DAVE),
				low(EVE),
				rewarded(CHARLIE, 882, Perbill::one()),
				rewarded(DAVE, 58, Perbill::from_percent(20)),
				rewarded(EVE, 58, Perbill::from_percent(20)),
				Event::<Test>::BountyRefunded { model: 0, round, opener: ALICE, amount: 2 },
				Event::<Test>::RoundFinalized {
					model: 0,
					round,
					revealed: 3,
					consensus_entries: 1
				},
			]
		);
	});
}

#[test]
fn an_unrevealed_commitment_costs_part_of_the_current_bond() {
	ExtBuilder::default().build_and_execute(|| {
		let (model, round) = open_setup();
		// CHARLIE's 400 of the 700 active stake is a quorum on his own.
		bond(CHARLIE, 3 * MIN_BOND);
		let list = scores(&[(0, 10)]);
		commit(CHARLIE, model, round, &list, salt(1));
		commit(DAVE, model, round, &scores(&[(0, 10)]), salt(2));
		// DAVE's stake in the round is 100, but he bonds more before the round ends.
		bond(DAVE, MIN_BOND);
		go_to_reveal(model, round);
		reveal(CHARLIE, model, round, &list, salt(1));
		go_to_finalize(model, round);
		System::reset_events();
		let treasury = free(TREASURY);

		finalize(model, round);

		// 10% of DAVE's current 200; CHARLIE, alone, takes the whole bounty.
		assert_eq!(
			events(),
			vec![
				Event::<Test>::AttestorSlashed {
					who: DAVE,
					model,
					round,
					amount: 20,
					reason: SlashReason::NotRevealed,
				},
				rewarded(CHARLIE, BOUNTY, Perbill::one()),
				Event::<Test>::RoundFinalized { model, round, revealed: 1, consensus_entries: 1 },
			]
		);
		assert_eq!(attestor(DAVE).active, 2 * MIN_BOND - 20);
		assert_eq!(attestor(DAVE).outstanding_commitments, 0);
		assert_eq!(free(TREASURY), treasury + 20);
		let calls = sink_calls();
		assert_eq!(
			calls[calls.len() - 2..].to_vec(),
			vec![
				SinkCall::AttestorsFinalized {
					model,
					attestors: vec![(CHARLIE, attestor(CHARLIE).active)],
				},
				SinkCall::AttributionFinalized { model, consensus: vec![(0, 10)] },
			]
		);
	});
}

#[test]
fn when_nobody_reveals_the_bounty_goes_back() {
	ExtBuilder::default().build_and_execute(|| {
		let (model, round) = open_setup();
		commit(CHARLIE, model, round, &scores(&[(0, 10)]), salt(1));
		go_to_finalize(model, round);
		let alice_free = free(ALICE);
		System::reset_events();
		clear_sink_calls();

		finalize(model, round);

		assert_eq!(
			events(),
			vec![
				Event::<Test>::AttestorSlashed {
					who: CHARLIE,
					model,
					round,
					amount: 10,
					reason: SlashReason::NotRevealed,
				},
				Event::<Test>::BountyRefunded { model, round, opener: ALICE, amount: BOUNTY },
				Event::<Test>::RoundFinalizedWithoutQuorum {
					model,
					round,
					revealed: 0,
					revealed_stake: 0,
					active_stake: 3 * MIN_BOND,
				},
			]
		);
		assert_eq!(free(ALICE), alice_free + BOUNTY);
		assert_eq!(held(ALICE, HoldReason::RoundBounty), 0);
		assert!(attribution(model).is_empty());
		assert_eq!(model_info(model).latest_finalized, None);
		assert_eq!(model_info(model).open_round, None);
		// Without a quorum the rewards pallet hears nothing: the model's attestors stay.
		assert_eq!(sink_calls(), vec![]);
	});
}

#[test]
fn without_a_quorum_the_previous_attribution_stays_and_nobody_is_judged() {
	ExtBuilder::default().build_and_execute(|| {
		let (model, first) = open_setup();
		let list = scores(&[(0, 10), (1, 20)]);
		commit_and_reveal(model, first, &[(CHARLIE, list.clone()), (DAVE, list.clone())]);
		finalize(model, first);
		assert_eq!(attribution(model), vec![(0, 10), (1, 20)]);

		// Next round: CHARLIE reveals an outlier, EVE reveals nothing, DAVE does not reveal:
		// 100 of 300 behind non-empty reveals.
		let round = open(model, BOUNTY);
		commit(CHARLIE, model, round, &scores(&[(0, 1_000)]), salt(1));
		commit(DAVE, model, round, &list, salt(2));
		commit(EVE, model, round, &scores(&[]), salt(3));
		go_to_reveal(model, round);
		reveal(CHARLIE, model, round, &scores(&[(0, 1_000)]), salt(1));
		reveal(EVE, model, round, &scores(&[]), salt(3));
		go_to_finalize(model, round);
		let alice_free = free(ALICE);
		System::reset_events();
		clear_sink_calls();

		finalize(model, round);

		assert_eq!(
			events(),
			vec![
				Event::<Test>::AttestorSlashed {
					who: DAVE,
					model,
					round,
					amount: 10,
					reason: SlashReason::NotRevealed,
				},
				Event::<Test>::BountyRefunded { model, round, opener: ALICE, amount: BOUNTY },
				Event::<Test>::RoundFinalizedWithoutQuorum {
					model,
					round,
					revealed: 2,
					revealed_stake: MIN_BOND,
					active_stake: 3 * MIN_BOND,
				},
			]
		);
		// The attribution, the latest finalized round and the reward points stay.
		assert_eq!(attribution(model), vec![(0, 10), (1, 20)]);
		assert_eq!(model_info(model).latest_finalized, Some(first));
		assert_eq!(free(ALICE), alice_free + BOUNTY);
		assert!(!sink_calls()
			.iter()
			.any(|call| matches!(call, SinkCall::AttributionFinalized { .. })));
		let summary = round_info(model, round);
		assert!(summary.finalized && !summary.quorum_reached);
		assert_eq!(summary.consensus_entries, 0);
		assert_eq!((summary.revealed_stake, summary.active_stake), (MIN_BOND, 3 * MIN_BOND));
		// CHARLIE, far off, keeps his bond: a consensus of too little stake judges nobody.
		assert_eq!(attestor(CHARLIE).active, MIN_BOND);
		for who in [CHARLIE, DAVE, EVE] {
			assert_eq!(attestor(who).outstanding_commitments, 0);
		}
	});
}

#[test]
fn half_of_the_active_stake_is_a_quorum_and_less_is_not() {
	ExtBuilder::default().build_and_execute(|| {
		let model = setup().model;
		bond(CHARLIE, MIN_BOND);
		bond(DAVE, MIN_BOND);
		let list = scores(&[(0, 10)]);
		// CHARLIE's 100 of 200: exactly half.
		let round = open(model, 0);
		commit_and_reveal(model, round, &[(CHARLIE, list.clone())]);
		finalize(model, round);
		assert!(round_info(model, round).quorum_reached);
		assert_eq!(attribution(model), vec![(0, 10)]);

		// One more unit bonded by DAVE: 100 of 201 is not.
		bond(DAVE, 1);
		let round = open(model, 0);
		commit_and_reveal(model, round, &[(CHARLIE, scores(&[(1, 5)]))]);
		finalize(model, round);
		assert!(!round_info(model, round).quorum_reached);
		assert_eq!(attribution(model), vec![(0, 10)]);
	});
}

#[test]
fn a_stake_slashed_since_it_committed_counts_only_as_far_as_it_is_bonded() {
	ExtBuilder::default().build_and_execute(|| {
		let fixture = setup();
		let other = register(ALICE, vec![(fixture.datanet, fixture.version)], 0);
		bond(CHARLIE, MIN_BOND);
		bond(DAVE, MIN_BOND);
		let list = scores(&[(0, 10)]);
		// CHARLIE commits in rounds of two models; in the first he does not reveal.
		let first = open(fixture.model, 0);
		let second = open(other, 0);
		commit(CHARLIE, fixture.model, first, &list, salt(1));
		commit(CHARLIE, other, second, &list, salt(2));
		go_to_reveal(other, second);
		reveal(CHARLIE, other, second, &list, salt(2));
		go_to_finalize(other, second);
		finalize(fixture.model, first);
		assert_eq!(attestor(CHARLIE).active, MIN_BOND - 10);

		// His commitment in the second says 100, but only 90 is still bonded: 90 of 190 is
		// below half.
		finalize(other, second);
		let summary = round_info(other, second);
		assert_eq!(
			(summary.revealed_stake, summary.active_stake),
			(MIN_BOND - 10, 2 * MIN_BOND - 10)
		);
		assert!(!summary.quorum_reached);
		assert!(attribution(other).is_empty());
	});
}

#[test]
fn finalize_only_after_the_reveal_phase_and_once() {
	ExtBuilder::default().build_and_execute(|| {
		let (model, round) = open_setup();
		let try_finalize =
			|round: RoundId| Attribution::finalize(RuntimeOrigin::signed(HARRY), model, round);
		assert_noop!(try_finalize(round), Error::<Test>::RevealPhaseNotOver);
		System::set_block_number(round_info(model, round).finalize_from - 1);
		assert_noop!(try_finalize(round), Error::<Test>::RevealPhaseNotOver);
		assert_noop!(try_finalize(round + 1), Error::<Test>::UnknownRound);
		go_to_finalize(model, round);
		assert_ok!(try_finalize(round));
		assert_noop!(try_finalize(round), Error::<Test>::RoundAlreadyFinalized);
	});
}

#[test]
fn a_new_round_replaces_the_previous_attribution() {
	ExtBuilder::default().build_and_execute(|| {
		let model = setup().model;
		bond(CHARLIE, MIN_BOND);
		let first = run_round(model, &[(CHARLIE, scores(&[(0, 10), (1, 20)]))]);
		assert_eq!(attribution(model), vec![(0, 10), (1, 20)]);
		assert_eq!(model_info(model).latest_finalized, Some(first));

		let second = run_round(model, &[(CHARLIE, scores(&[(2, 7)]))]);
		assert_eq!(attribution(model), vec![(2, 7)]);
		assert!(attributed_in(0).is_empty());
		assert!(attributed_in(1).is_empty());
		assert_eq!(attributed_in(2), vec![(model, 7)]);
		assert_eq!(model_info(model).attribution_entries, 1);
		assert_eq!(model_info(model).latest_finalized, Some(second));
		// The first round keeps its summary.
		assert_eq!(round_info(model, first).consensus_entries, 2);
	});
}

#[test]
fn contributions_revoked_before_finalization_are_left_out() {
	ExtBuilder::default().build_and_execute(|| {
		let (model, round) = open_setup();
		let list = scores(&[(0, 10), (1, 20)]);
		commit_and_reveal(model, round, &[(CHARLIE, list.clone()), (DAVE, list)]);
		assert_ok!(Contributions::revoke(RuntimeOrigin::signed(BOB), 0));
		finalize(model, round);

		assert_eq!(attribution(model), vec![(1, 20)]);
		assert_eq!(round_info(model, round).consensus_entries, 1);
		assert_eq!(
			sink_calls().last(),
			Some(&SinkCall::AttributionFinalized { model, consensus: vec![(1, 20)] })
		);
	});
}

#[test]
fn rounds_of_several_models_keep_their_commitments_apart() {
	ExtBuilder::default().build_and_execute(|| {
		let fixture = setup();
		let other = register(ALICE, vec![(fixture.datanet, fixture.version)], 0);
		bond(CHARLIE, MIN_BOND);
		let first = open(fixture.model, 0);
		let second = open(other, 0);
		commit(CHARLIE, fixture.model, first, &scores(&[(0, 1)]), salt(1));
		commit(CHARLIE, other, second, &scores(&[(1, 2)]), salt(2));
		assert_eq!(attestor(CHARLIE).outstanding_commitments, 2);

		go_to_reveal(fixture.model, first);
		reveal(CHARLIE, other, second, &scores(&[(1, 2)]), salt(2));
		go_to_finalize(fixture.model, first);
		finalize(fixture.model, first);
		assert_eq!(attestor(CHARLIE).outstanding_commitments, 1);
		finalize(other, second);
		assert_eq!(attestor(CHARLIE).outstanding_commitments, 0);
		assert!(attribution(fixture.model).is_empty());
		assert_eq!(attribution(other), vec![(1, 2)]);
	});
}
