//! `record_inference`: the fee, the receipt, and per-answer attributions.

use super::*;
use crate::{AttributionsOf, Error};
use frame_support::assert_noop;
use sp_runtime::TokenError;

const REQUEST: H256 = H256::repeat_byte(0x11);
const OUTPUT: H256 = H256::repeat_byte(0x22);

/// The standard setup, with contributions 0 and 2 (not 1) in model 0's attribution, by a round
/// of `CHARLIE`, `DAVE` and `EVE`.
pub(super) fn attributed_setup() -> Fixture {
	let fixture = setup();
	for who in [CHARLIE, DAVE, EVE] {
		bond(who, 3 * MIN_BOND);
	}
	let list = scores(&[(0, 10), (2, 30)]);
	run_round(fixture.model, &[(CHARLIE, list.clone()), (DAVE, list.clone()), (EVE, list)]);
	assert_eq!(attribution(fixture.model), vec![(0, 10), (2, 30)]);
	fixture
}

pub(super) fn record(
	payer: AccountId,
	model: ModelId,
	fee: Balance,
	attributions: Option<Vec<(ContributionId, Perbill)>>,
) -> DispatchResult {
	Attribution::record_inference(
		RuntimeOrigin::signed(payer),
		model,
		fee,
		REQUEST,
		OUTPUT,
		attributions.map(AttributionsOf::<Test>::truncate_from),
	)
}

#[test]
fn record_inference_pays_the_fee_and_leaves_a_receipt() {
	ExtBuilder::default().build_and_execute(|| {
		let model = setup().model;
		assert_ok!(record(HARRY, model, FEE, None));

		assert_eq!(free(HARRY), INITIAL_BALANCE - FEE);
		assert_eq!(free(FEES), 1 + FEE);
		assert_eq!(model_info(model).inferences, 1);
		System::assert_last_event(
			Event::<Test>::InferenceRecorded {
				model,
				payer: HARRY,
				fee: FEE,
				request_hash: REQUEST,
				output_hash: OUTPUT,
				attributions: None,
			}
			.into(),
		);
		assert_eq!(
			sink_calls().last(),
			Some(&SinkCall::InferencePaid {
				model,
				owner: ALICE,
				payer: HARRY,
				fee: FEE,
				attributions: vec![],
			})
		);

		// Paying more than the fee is fine; less is not.
		assert_ok!(record(HARRY, model, FEE + 5, None));
		assert_eq!(free(FEES), 1 + 2 * FEE + 5);
		assert_eq!(model_info(model).inferences, 2);
		assert_noop!(record(HARRY, model, FEE - 1, None), Error::<Test>::FeeBelowModelFee);
		assert_noop!(record(PAUPER, model, FEE, None), TokenError::FundsUnavailable);
		assert_noop!(record(HARRY, 7, FEE, None), Error::<Test>::UnknownModel);
	});
}

#[test]
fn a_free_model_takes_no_payment() {
	ExtBuilder::default().build_and_execute(|| {
		let fixture = setup();
		let free_model = register(ALICE, vec![(fixture.datanet, fixture.version)], 0);
		assert_ok!(record(PAUPER, free_model, 0, None));
		assert_eq!(free(FEES), 1);
		assert_eq!(model_info(free_model).inferences, 1);
	});
}

#[test]
fn the_owner_and_operators_may_attach_attributions() {
	ExtBuilder::default().build_and_execute(|| {
		let model = attributed_setup().model;
		assert_ok!(Attribution::add_operator(RuntimeOrigin::signed(ALICE), model, CHARLIE));
		let shares = vec![(0, Perbill::from_percent(30)), (2, Perbill::from_percent(20))];

		assert_ok!(record(CHARLIE, model, FEE, Some(shares.clone())));
		System::assert_last_event(
			Event::<Test>::InferenceRecorded {
				model,
				payer: CHARLIE,
				fee: FEE,
				request_hash: REQUEST,
				output_hash: OUTPUT,
				attributions: Some(AttributionsOf::<Test>::truncate_from(shares.clone())),
			}
			.into(),
		);
		assert_eq!(
			sink_calls().last(),
			Some(&SinkCall::InferencePaid {
				model,
				owner: ALICE,
				payer: CHARLIE,
				fee: FEE,
				attributions: shares,
			})
		);
		// The owner may too, with shares summing to exactly `MaxReceiptShare`, or with none.
		assert_ok!(record(
			ALICE,
			model,
			FEE,
			Some(vec![(0, Perbill::from_percent(10)), (2, Perbill::from_percent(40))])
		));
		assert_ok!(record(ALICE, model, FEE, Some(vec![])));
		// Anyone else may not.
		assert_noop!(
			record(HARRY, model, FEE, Some(vec![(0, Perbill::from_percent(10))])),
			Error::<Test>::NotModelOperator
		);
	});
}

#[test]
fn attributions_are_checked() {
	ExtBuilder::default().build_and_execute(|| {
		let fixture = attributed_setup();
		let model = fixture.model;
		let late = contribute(fixture.datanet, 10);

		assert_noop!(
			record(
				ALICE,
				model,
				FEE,
				Some(vec![(0, Perbill::from_percent(30)), (2, Perbill::from_percent(21))])
			),
			Error::<Test>::AttributionsExceedReceiptShare
		);
		// Contribution 1 is in the training data but not in the attestors' attribution.
		assert_noop!(
			record(ALICE, model, FEE, Some(vec![(1, Perbill::from_percent(10))])),
			Error::<Test>::ContributionNotAttributed
		);
		assert_ok!(Contributions::revoke(RuntimeOrigin::signed(BOB), 1));
		assert_noop!(
			record(
				ALICE,
				model,
				FEE,
				Some(vec![(0, Perbill::from_percent(10)), (0, Perbill::from_percent(10))])
			),
			Error::<Test>::DuplicateAttribution
		);
		for contribution in [late, 1, 999] {
			assert_noop!(
				record(ALICE, model, FEE, Some(vec![(contribution, Perbill::from_percent(10))])),
				Error::<Test>::ContributionNotInTrainingData
			);
		}
	});
}
