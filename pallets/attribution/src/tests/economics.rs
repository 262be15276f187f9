//! Attacks on the economics of receipts (issue 12, items 2 and 3), each performed here against
//! the pallet: both tests failed before the change that closes them.
//!
//! 2. A free model could be paid: `record_inference` accepted any `fee >= inference_fee`, so a
//!    model registered with fee 0 on data whose licence forbids commercial use still took (and
//!    split) fees: paid use of data licensed only for free models.
//! 3. Receipts could override the attestors: the owner (or an operator) could route 100% of
//!    every answer's contributor share to any live contribution of the training data, its own
//!    included, whatever the attestors attributed.

use super::{inference::record, *};
use crate::Error;
use frame_support::assert_noop;

#[test]
fn attack_a_free_model_on_non_commercial_data_takes_a_fee() {
	ExtBuilder::default().build_and_execute(|| {
		// Training is allowed, commercial use is not: only a free model may use this data.
		let datanet = create_datanet(license(true, false));
		contribute(datanet, 1);
		let version = publish(datanet);
		assert!(try_register(ALICE, vec![(datanet, version)], FEE).is_err(), "a paid model");
		let model = register(ALICE, vec![(datanet, version)], 0);

		// The attack: HARRY pays 100 per answer anyway, and the fee would be split.
		let fees_before = free(FEES);
		assert_noop!(record(HARRY, model, 100, None), Error::<Test>::FreeModelTakesNoFee);
		assert_noop!(record(HARRY, model, 1, None), Error::<Test>::FreeModelTakesNoFee);
		assert_eq!(free(FEES), fees_before, "no fee moved");
		// Free use is still recorded.
		assert_ok!(record(HARRY, model, 0, None));
		assert_eq!(model_info(model).inferences, 1);
	});
}

#[test]
fn attack_the_owner_routes_every_answer_to_its_own_contribution() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(license(true, true));
		// BOB's contributions 0 and 1, and ALICE's own contribution 2, all in version 1.
		contribute(datanet, 1);
		contribute(datanet, 2);
		let own = pallet_contributions::NextContributionId::<Test>::get();
		assert_ok!(Contributions::submit(
			RuntimeOrigin::signed(ALICE),
			datanet,
			content(3),
			100,
			ContributionKind::Data,
			b"ipfs://own".to_vec(),
			Vec::new(),
			Balance::MAX,
			Perbill::one(),
		));
		let version = publish(datanet);
		let model = register(ALICE, vec![(datanet, version)], FEE);
		// The attestors attribute BOB's contributions only.
		for who in [CHARLIE, DAVE, EVE] {
			bond(who, 3 * MIN_BOND);
		}
		let list = scores(&[(0, 10), (1, 30)]);
		run_round(model, &[(CHARLIE, list.clone()), (DAVE, list.clone()), (EVE, list)]);

		// The attack: the owner's receipts route the whole contributor share to its own
		// contribution, which the attestors did not attribute.
		assert_noop!(
			record(ALICE, model, FEE, Some(vec![(own, Perbill::one())])),
			Error::<Test>::AttributionsExceedReceiptShare
		);
		assert_noop!(
			record(ALICE, model, FEE, Some(vec![(own, Perbill::from_percent(50))])),
			Error::<Test>::ContributionNotAttributed
		);
		// Nor can it route everything to one attributed contribution.
		assert_noop!(
			record(ALICE, model, FEE, Some(vec![(0, Perbill::from_percent(51))])),
			Error::<Test>::AttributionsExceedReceiptShare
		);
		// What it can do: shift up to `MaxReceiptShare` among the attributed contributions.
		let shares = vec![(0, Perbill::from_percent(RECEIPT_SHARE_PERCENT))];
		assert_ok!(record(ALICE, model, FEE, Some(shares.clone())));
		assert_eq!(
			sink_calls().last(),
			Some(&SinkCall::InferencePaid {
				model,
				owner: ALICE,
				payer: ALICE,
				fee: FEE,
				attributions: shares,
			})
		);
	});
}

/// 7 (in part). A retired model's attribution and pool members stayed behind after its deposit
/// was returned: storage nobody paid for any more, and points that kept earning nothing.
#[test]
fn attack_a_retired_model_leaves_its_attribution_behind() {
	ExtBuilder::default().build_and_execute(|| {
		let fixture = super::inference::attributed_setup();
		let model = fixture.model;
		assert_eq!(attribution(model).len(), 2);
		assert_ok!(Attribution::retire_model(RuntimeOrigin::signed(ALICE), model));
		assert_eq!(attribution(model), vec![], "the attribution went with the deposit");
		for contribution in fixture.contributions {
			assert_eq!(attributed_in(contribution), vec![]);
		}
		assert_eq!(model_info(model).attribution_entries, 0);
		// The rewards pallet is told to empty the model's pool (settling its members).
		assert_eq!(
			sink_calls().last(),
			Some(&SinkCall::AttributionFinalized { model, consensus: vec![] })
		);
	});
}

/// Issue 12, item 7: every round left a summary in `Rounds` for good, with no deposit, so a
/// model's owner could grow the state without bound by running empty rounds. Now a model keeps
/// its last `RoundHistory` summaries; the model deposit pays for those.
#[test]
fn attack_empty_rounds_grow_the_state_without_bound() {
	ExtBuilder::default().build_and_execute(|| {
		let model = setup().model;
		let kept = || -> Vec<RoundId> {
			let mut rounds: Vec<RoundId> = crate::Rounds::<Test>::iter_keys()
				.filter(|(m, _)| *m == model)
				.map(|(_, round)| round)
				.collect();
			rounds.sort_unstable();
			rounds
		};
		// Round 0 reaches its quorum and becomes the model's attribution.
		bond(CHARLIE, MIN_BOND);
		let first = run_round(model, &[(CHARLIE, scores(&[(0, 10)]))]);
		assert_eq!(model_info(model).latest_finalized, Some(first));
		// Then empty rounds, which change nothing.
		let empty = ROUND_HISTORY + 4;
		for _ in 0..empty {
			let round = open(model, 0);
			go_to_finalize(model, round);
			finalize(model, round);
		}
		// Only the last ROUND_HISTORY summaries stay, and the one the attribution comes from.
		let last = empty;
		let mut expected = vec![first];
		expected.extend((last + 1 - ROUND_HISTORY)..=last);
		assert_eq!(kept(), expected);
		// The runtime API answers for a forgotten round as for one that never existed.
		assert!(Attribution::api_round(model, 1).is_none());
		// Once a newer round has a quorum, the old one goes too.
		let newest = run_round(model, &[(CHARLIE, scores(&[(0, 10)]))]);
		assert_eq!(kept(), ((newest + 1 - ROUND_HISTORY)..=newest).collect::<Vec<_>>());
	});
}

/// Issue 12, item 7: a retired model's record (and its last round summaries and ledger) stay
/// on chain, but its whole deposit was returned. It now keeps `RetiredModelDeposit`.
#[test]
fn attack_a_retired_model_stays_in_storage_for_free() {
	ExtBuilder::default().build_and_execute(|| {
		let model = setup().model;
		assert_ok!(Attribution::retire_model(RuntimeOrigin::signed(ALICE), model));
		assert!(crate::Models::<Test>::contains_key(model));
		assert_eq!(held(ALICE, HoldReason::ModelDeposit), RETIRED_MODEL_DEPOSIT);
	});
}

/// Found by the runtime's property test (`economics::no_coalition_takes_more_than_the_rules_give_it`):
/// a reveal had to name only live contributions, so a contributor who revoked a contribution
/// between the commit and the reveal phase made every honest attestor that had scored it
/// unable to reveal what it committed, and so slashed for not revealing (and the round short
/// of its quorum). A contribution revoked since the round opened may now be revealed; the
/// attribution leaves it out.
#[test]
fn attack_a_revocation_mid_round_gets_the_honest_attestors_slashed() {
	ExtBuilder::default().build_and_execute(|| {
		let fixture = setup();
		let model = fixture.model;
		let target = fixture.contributions[0];
		for who in [CHARLIE, DAVE, EVE] {
			bond(who, MIN_BOND);
		}
		let round = open(model, 0);
		let honest = scores(&[(target, 10), (fixture.contributions[1], 10)]);
		for (index, who) in [CHARLIE, DAVE, EVE].into_iter().enumerate() {
			commit(who, model, round, &honest, salt(index as u8));
		}
		// The attack: the contributor revokes while the attestors' commitments are sealed.
		assert_ok!(Contributions::revoke(RuntimeOrigin::signed(BOB), target));
		go_to_reveal(model, round);
		for (index, who) in [CHARLIE, DAVE, EVE].into_iter().enumerate() {
			reveal(who, model, round, &honest, salt(index as u8));
		}
		go_to_finalize(model, round);
		finalize(model, round);
		for who in [CHARLIE, DAVE, EVE] {
			assert_eq!(attestor(who).active, MIN_BOND, "nobody is slashed");
		}
		assert!(round_info(model, round).quorum_reached);
		assert_eq!(attribution(model), vec![(fixture.contributions[1], 10)]);
	});
}
