//! Rounds: opening, the commit and reveal phases, commitments and reveals and their refusals.

use super::*;
use crate::{Commitment, Commitments, Error, Reveals};
use frame_support::assert_noop;
use sp_runtime::TokenError;

/// The standard setup with `CHARLIE`, `DAVE` and `EVE` bonded with `MIN_BOND` and round 0
/// opened with `BOUNTY` at block 1 (reveal from block 6, finalize from block 11).
fn open_setup() -> (Fixture, RoundId) {
	let fixture = setup();
	for who in [CHARLIE, DAVE, EVE] {
		bond(who, MIN_BOND);
	}
	let round = open(fixture.model, BOUNTY);
	(fixture, round)
}

#[test]
fn open_round_holds_the_bounty_and_snapshots_the_parameters() {
	ExtBuilder::default().build_and_execute(|| {
		let model = setup().model;
		// HARRY opens the round as an operator of the model.
		assert_ok!(Attribution::add_operator(RuntimeOrigin::signed(ALICE), model, HARRY));
		System::set_block_number(3);
		assert_ok!(Attribution::open_round(RuntimeOrigin::signed(HARRY), model, BOUNTY));
		let info = round_info(model, 0);
		assert_eq!(info.opener, HARRY);
		assert_eq!(info.bounty, BOUNTY);
		assert_eq!(info.opened_at, 3);
		assert_eq!(info.reveal_from, 3 + COMMIT_PHASE);
		assert_eq!(info.finalize_from, 3 + COMMIT_PHASE + REVEAL_PHASE);
		assert_eq!(info.slash_fraction, Perbill::from_percent(SLASH_PERCENT));
		assert_eq!(info.trust_threshold, Perbill::from_percent(THRESHOLD_PERCENT));
		assert!(info.committers.is_empty());
		assert!(!info.finalized);
		assert!(!info.quorum_reached);
		assert_eq!(held(HARRY, HoldReason::RoundBounty), BOUNTY);
		assert_eq!(model_info(model).open_round, Some(0));
		assert_eq!(model_info(model).next_round, 1);
		System::assert_last_event(
			Event::<Test>::RoundOpened {
				model,
				round: 0,
				opener: HARRY,
				bounty: BOUNTY,
				reveal_from: 8,
				finalize_from: 13,
			}
			.into(),
		);

		// One round at a time.
		assert_noop!(
			Attribution::open_round(RuntimeOrigin::signed(ALICE), model, 0),
			Error::<Test>::RoundInProgress
		);
		go_to_finalize(model, 0);
		finalize(model, 0);
		// The next round gets the next id.
		assert_eq!(open(model, 0), 1);
	});
}

#[test]
fn open_round_refusals() {
	ExtBuilder::default().build_and_execute(|| {
		let model = setup().model;
		assert_noop!(
			Attribution::open_round(RuntimeOrigin::signed(ALICE), 5, 0),
			Error::<Test>::UnknownModel
		);
		// Only the owner and its operators open rounds.
		assert_noop!(
			Attribution::open_round(RuntimeOrigin::signed(HARRY), model, 0),
			Error::<Test>::MayNotOpenRound
		);
		assert_ok!(Attribution::add_operator(RuntimeOrigin::signed(ALICE), model, PAUPER));
		assert_noop!(
			Attribution::open_round(RuntimeOrigin::signed(PAUPER), model, BOUNTY),
			TokenError::FundsUnavailable
		);
		// A removed operator may not any more.
		assert_ok!(Attribution::remove_operator(RuntimeOrigin::signed(ALICE), model, PAUPER));
		assert_noop!(
			Attribution::open_round(RuntimeOrigin::signed(PAUPER), model, 0),
			Error::<Test>::MayNotOpenRound
		);
		Models::<Test>::mutate(model, |info| info.as_mut().unwrap().next_round = u32::MAX);
		assert_noop!(
			Attribution::open_round(RuntimeOrigin::signed(ALICE), model, 0),
			Error::<Test>::RoundIdOverflow
		);
	});
}

#[test]
fn commit_records_the_stake_and_the_committer() {
	ExtBuilder::default().build_and_execute(|| {
		let (fixture, round) = open_setup();
		let model = fixture.model;
		let list = scores(&[(0, 10)]);
		let hash = commitment(CHARLIE, model, round, &list, salt(1));
		assert_ok!(Attribution::commit(RuntimeOrigin::signed(CHARLIE), model, round, hash));

		assert_eq!(
			Commitments::<Test>::get((model, round), CHARLIE),
			Some(Commitment { hash, stake: MIN_BOND, revealed: false })
		);
		assert_eq!(round_info(model, round).committers.to_vec(), vec![(CHARLIE, MIN_BOND)]);
		assert_eq!(attestor(CHARLIE).outstanding_commitments, 1);
		System::assert_last_event(
			Event::<Test>::Committed { model, round, who: CHARLIE, stake: MIN_BOND }.into(),
		);
		// The last block of the commit phase still accepts commitments.
		System::set_block_number(round_info(model, round).reveal_from - 1);
		commit(DAVE, model, round, &list, salt(2));
	});
}

#[test]
fn commit_refusals() {
	ExtBuilder::default().build_and_execute(|| {
		let (fixture, round) = open_setup();
		let model = fixture.model;
		let hash = H256::repeat_byte(3);
		let try_commit = |who: AccountId, round: RoundId| {
			Attribution::commit(RuntimeOrigin::signed(who), model, round, hash)
		};

		assert_noop!(try_commit(CHARLIE, round + 1), Error::<Test>::UnknownRound);
		assert_noop!(try_commit(HARRY, round), Error::<Test>::NotAttestor);
		assert_ok!(try_commit(CHARLIE, round));
		assert_noop!(try_commit(CHARLIE, round), Error::<Test>::AlreadyCommitted);

		// The round takes MAX_COMMITS commitments.
		for who in [FERDIE, GEORGE] {
			bond(who, MIN_BOND);
		}
		assert_ok!(try_commit(DAVE, round));
		assert_ok!(try_commit(EVE, round));
		assert_ok!(try_commit(FERDIE, round));
		// GEORGE's stake equals the smallest committer's: no room for it.
		assert_noop!(try_commit(GEORGE, round), Error::<Test>::RoundFull);

		// Too late: the reveal phase has begun.
		go_to_reveal(model, round);
		assert_noop!(try_commit(GEORGE, round), Error::<Test>::NotCommitPhase);
		go_to_finalize(model, round);
		assert_noop!(try_commit(GEORGE, round), Error::<Test>::NotCommitPhase);
		finalize(model, round);
		assert_noop!(try_commit(GEORGE, round), Error::<Test>::RoundAlreadyFinalized);
	});
}

#[test]
fn an_attestor_slashed_below_the_minimum_cannot_commit() {
	ExtBuilder::default().build_and_execute(|| {
		let (fixture, round) = open_setup();
		let model = fixture.model;
		// CHARLIE commits and does not reveal: slashed 10% of 100.
		commit(CHARLIE, model, round, &scores(&[(0, 1)]), salt(1));
		go_to_finalize(model, round);
		finalize(model, round);
		assert_eq!(attestor(CHARLIE).active, MIN_BOND - 10);

		let next = open(model, 0);
		assert_noop!(
			Attribution::commit(RuntimeOrigin::signed(CHARLIE), model, next, H256::zero()),
			Error::<Test>::BondBelowMinimum
		);
		bond(CHARLIE, 10);
		commit(CHARLIE, model, next, &scores(&[(0, 1)]), salt(1));
	});
}

#[test]
fn reveal_stores_the_scores() {
	ExtBuilder::default().build_and_execute(|| {
		let (fixture, round) = open_setup();
		let model = fixture.model;
		let list = scores(&[(0, 10), (2, 30)]);
		let empty = scores(&[]);
		commit(CHARLIE, model, round, &list, salt(1));
		commit(DAVE, model, round, &empty, salt(2));
		go_to_reveal(model, round);

		assert_ok!(try_reveal(CHARLIE, model, round, &list, salt(1)));
		assert_eq!(Reveals::<Test>::get((model, round), CHARLIE), Some(list.clone()));
		assert!(Commitments::<Test>::get((model, round), CHARLIE).unwrap().revealed);
		assert_eq!(round_info(model, round).revealed, 1);
		System::assert_last_event(
			Event::<Test>::Revealed { model, round, who: CHARLIE, scores: 2 }.into(),
		);
		assert_noop!(
			try_reveal(CHARLIE, model, round, &list, salt(1)),
			Error::<Test>::AlreadyRevealed
		);

		// An empty reveal (every contribution scored 0) is fine, up to the last block.
		System::set_block_number(round_info(model, round).finalize_from - 1);
		reveal(DAVE, model, round, &empty, salt(2));
	});
}

#[test]
fn reveal_only_in_the_reveal_phase() {
	ExtBuilder::default().build_and_execute(|| {
		let (fixture, round) = open_setup();
		let model = fixture.model;
		let list = scores(&[(0, 10)]);
		commit(CHARLIE, model, round, &list, salt(1));

		// Too early: still the commit phase.
		assert_noop!(
			try_reveal(CHARLIE, model, round, &list, salt(1)),
			Error::<Test>::NotRevealPhase
		);
		// Too late: the reveal phase is over.
		go_to_finalize(model, round);
		assert_noop!(
			try_reveal(CHARLIE, model, round, &list, salt(1)),
			Error::<Test>::NotRevealPhase
		);
		finalize(model, round);
		assert_noop!(
			try_reveal(CHARLIE, model, round, &list, salt(1)),
			Error::<Test>::RoundAlreadyFinalized
		);
		assert_noop!(try_reveal(CHARLIE, model, 9, &list, salt(1)), Error::<Test>::UnknownRound);
	});
}

#[test]
fn reveal_must_match_the_commitment() {
	ExtBuilder::default().build_and_execute(|| {
		let (fixture, round) = open_setup();
		let model = fixture.model;
		let list = scores(&[(0, 10), (1, 20)]);
		commit(CHARLIE, model, round, &list, salt(1));
		go_to_reveal(model, round);

		assert_noop!(try_reveal(DAVE, model, round, &list, salt(1)), Error::<Test>::NoCommitment);
		// Wrong salt, or other scores.
		assert_noop!(
			try_reveal(CHARLIE, model, round, &list, salt(2)),
			Error::<Test>::CommitmentMismatch
		);
		assert_noop!(
			try_reveal(CHARLIE, model, round, &scores(&[(0, 10), (1, 21)]), salt(1)),
			Error::<Test>::CommitmentMismatch
		);
		reveal(CHARLIE, model, round, &list, salt(1));
	});
}

#[test]
fn a_copied_commitment_cannot_be_revealed() {
	ExtBuilder::default().build_and_execute(|| {
		let (fixture, round) = open_setup();
		let model = fixture.model;
		let list = scores(&[(0, 10), (1, 20)]);
		let hash = commitment(CHARLIE, model, round, &list, salt(1));
		assert_ok!(Attribution::commit(RuntimeOrigin::signed(CHARLIE), model, round, hash));
		// DAVE copies CHARLIE's commitment from the chain...
		assert_ok!(Attribution::commit(RuntimeOrigin::signed(DAVE), model, round, hash));
		go_to_reveal(model, round);
		// ...and CHARLIE's reveal from the transaction pool: the hash binds CHARLIE's account.
		reveal(CHARLIE, model, round, &list, salt(1));
		assert_noop!(
			try_reveal(DAVE, model, round, &list, salt(1)),
			Error::<Test>::CommitmentMismatch
		);
		// DAVE, not having revealed, is slashed at finalization.
		go_to_finalize(model, round);
		finalize(model, round);
		assert!(events().contains(&Event::<Test>::AttestorSlashed {
			who: DAVE,
			model,
			round,
			amount: 10,
			reason: crate::SlashReason::NotRevealed,
		}));
	});
}

#[test]
fn revealed_scores_must_be_sorted_and_distinct() {
	ExtBuilder::default().build_and_execute(|| {
		let (fixture, round) = open_setup();
		let model = fixture.model;
		let unsorted = scores(&[(1, 10), (0, 20)]);
		let duplicate = scores(&[(0, 10), (0, 20)]);
		commit(CHARLIE, model, round, &unsorted, salt(1));
		commit(DAVE, model, round, &duplicate, salt(2));
		go_to_reveal(model, round);
		assert_noop!(
			try_reveal(CHARLIE, model, round, &unsorted, salt(1)),
			Error::<Test>::ScoresNotSorted
		);
		assert_noop!(
			try_reveal(DAVE, model, round, &duplicate, salt(2)),
			Error::<Test>::ScoresNotSorted
		);
	});
}

#[test]
fn revealed_scores_must_be_in_the_training_data() {
	ExtBuilder::default().build_and_execute(|| {
		let fixture = setup();
		for who in [CHARLIE, DAVE, EVE] {
			bond(who, MIN_BOND);
		}
		// Revoked by its contributor before the round opened.
		let revoked = fixture.contributions[2];
		assert_ok!(Contributions::revoke(RuntimeOrigin::signed(BOB), revoked));
		System::set_block_number(2);
		let round = open(fixture.model, BOUNTY);
		let model = fixture.model;
		// Accepted after the training version was published.
		let late = contribute(fixture.datanet, 10);
		// In a datanet the model was not trained on.
		let elsewhere = create_datanet(license(true, true));
		let foreign = contribute(elsewhere, 11);
		publish(elsewhere);

		let cases = [late, foreign, revoked, 999];
		let attestors = [CHARLIE, DAVE, EVE, FERDIE];
		bond(FERDIE, MIN_BOND);
		for (index, (contribution, who)) in cases.iter().zip(attestors).enumerate() {
			commit(who, model, round, &scores(&[(0, 1), (*contribution, 5)]), salt(index as u8));
		}
		go_to_reveal(model, round);
		for (index, (contribution, who)) in cases.iter().zip(attestors).enumerate() {
			assert_noop!(
				try_reveal(
					who,
					model,
					round,
					&scores(&[(0, 1), (*contribution, 5)]),
					salt(index as u8)
				),
				Error::<Test>::ContributionNotInTrainingData
			);
		}
	});
}

#[test]
fn a_larger_stake_displaces_the_smallest_commitment_of_a_full_round() {
	ExtBuilder::default().build_and_execute(|| {
		let (fixture, round) = open_setup();
		let model = fixture.model;
		bond(FERDIE, MIN_BOND);
		bond(DAVE, MIN_BOND);
		bond(GEORGE, MIN_BOND + 1);
		let list = scores(&[(0, 10)]);
		// Stakes 100 (CHARLIE), 200 (DAVE), 100 (EVE), 100 (FERDIE): the round is full.
		for (index, who) in [CHARLIE, DAVE, EVE, FERDIE].into_iter().enumerate() {
			commit(who, model, round, &list, salt(index as u8));
		}
		System::reset_events();

		// GEORGE's 101 displaces the last of the 100s to commit: FERDIE.
		commit(GEORGE, model, round, &list, salt(9));
		assert_eq!(
			events(),
			vec![
				Event::<Test>::CommitmentDisplaced {
					model,
					round,
					who: FERDIE,
					by: GEORGE,
					stake: MIN_BOND,
				},
				Event::<Test>::Committed { model, round, who: GEORGE, stake: MIN_BOND + 1 },
			]
		);
		assert_eq!(
			round_info(model, round).committers.to_vec(),
			vec![
				(CHARLIE, MIN_BOND),
				(DAVE, 2 * MIN_BOND),
				(EVE, MIN_BOND),
				(GEORGE, MIN_BOND + 1)
			]
		);
		assert!(!Commitments::<Test>::contains_key((model, round), FERDIE));
		assert_eq!(attestor(FERDIE).outstanding_commitments, 0);
		assert_eq!(
			Attribution::api_round(model, round).unwrap().stake_to_beat,
			Some(MIN_BOND),
			"the runtime API says what a newcomer must exceed"
		);

		// FERDIE may come back with more stake, displacing EVE (the last 100).
		bond(FERDIE, 2 * MIN_BOND);
		commit(FERDIE, model, round, &list, salt(10));
		assert!(!Commitments::<Test>::contains_key((model, round), EVE));
		assert_eq!(Attribution::api_round(model, round).unwrap().stake_to_beat, Some(MIN_BOND));
		// Once CHARLIE is gone too, GEORGE's 101 is the smallest stake.
		bond(EVE, 5 * MIN_BOND);
		commit(EVE, model, round, &list, salt(11));
		assert_eq!(Attribution::api_round(model, round).unwrap().stake_to_beat, Some(MIN_BOND + 1));
		assert_eq!(attestor(CHARLIE).outstanding_commitments, 0);
		assert_ok!(Attribution::unbond(RuntimeOrigin::signed(CHARLIE), MIN_BOND));
	});
}

#[test]
fn only_members_of_the_attestor_set_commit() {
	ExtBuilder::default().build_and_execute(|| {
		let (fixture, round) = open_setup();
		let model = fixture.model;
		// CHARLIE unbonds everything: he leaves the set at once, though his record stays.
		assert_ok!(Attribution::unbond(RuntimeOrigin::signed(CHARLIE), MIN_BOND));
		assert_noop!(
			Attribution::commit(RuntimeOrigin::signed(CHARLIE), model, round, H256::zero()),
			Error::<Test>::NotInAttestorSet
		);
		// Bonding again brings him back.
		bond(CHARLIE, MIN_BOND);
		commit(CHARLIE, model, round, &scores(&[(0, 1)]), salt(1));
	});
}
