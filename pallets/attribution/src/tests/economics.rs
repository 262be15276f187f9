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
