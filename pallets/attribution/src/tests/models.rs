//! Models: registration, the licence gate, fees, operators and retirement.

use super::*;
use crate::{Error, ModelsByOwner, NextModelId, TrainingSet};
use frame_support::assert_noop;
use sp_runtime::{DispatchError, TokenError};

#[test]
fn register_model_stores_the_model_and_holds_the_deposit() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(license(true, true));
		contribute(datanet, 1);
		contribute(datanet, 2);
		let version = publish(datanet);
		System::set_block_number(4);

		assert_ok!(try_register(ALICE, vec![(datanet, version)], FEE));

		let info = model_info(0);
		assert_eq!(info.owner, ALICE);
		assert_eq!(info.name.to_vec(), b"medqa-7b".to_vec());
		assert_eq!(info.artifact_hash, H256::repeat_byte(0xaa));
		assert_eq!(info.metadata_uri.to_vec(), b"ipfs://model".to_vec());
		assert_eq!(
			info.training_data.to_vec(),
			vec![TrainingSet { datanet, version, next_leaf_index: 2 }]
		);
		assert_eq!(info.inference_fee, FEE);
		assert!(info.operators.is_empty());
		assert!(!info.retired);
		assert_eq!(info.deposit, MODEL_DEPOSIT);
		assert_eq!(info.registered_at, 4);
		assert_eq!(info.next_round, 0);
		assert_eq!(info.open_round, None);
		assert_eq!(info.latest_finalized, None);
		assert_eq!(info.inferences, 0);
		assert_eq!(info.attribution_entries, 0);
		assert_eq!(NextModelId::<Test>::get(), 1);
		assert!(ModelsByOwner::<Test>::contains_key(ALICE, 0));
		assert_eq!(held(ALICE, HoldReason::ModelDeposit), MODEL_DEPOSIT);
		System::assert_last_event(Event::<Test>::ModelRegistered { model: 0, owner: ALICE }.into());

		// Ids count up.
		assert_eq!(register(BOB, vec![(datanet, version)], 0), 1);
		assert_eq!(held(BOB, HoldReason::ModelDeposit), MODEL_DEPOSIT);
	});
}

#[test]
fn register_model_checks_name_uri_and_training_data() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(license(true, true));
		contribute(datanet, 1);
		let version = publish(datanet);
		let other = create_datanet(license(true, true));
		let register_with =
			|name: Vec<u8>, uri: Vec<u8>, training: Vec<(DatanetId, VersionNumber)>| {
				Attribution::register_model(
					RuntimeOrigin::signed(ALICE),
					name,
					H256::repeat_byte(1),
					uri,
					BoundedVec::truncate_from(training),
					0,
				)
			};
		let good = vec![(datanet, version)];

		assert_noop!(register_with(Vec::new(), Vec::new(), good.clone()), Error::<Test>::EmptyName);
		assert_noop!(
			register_with(vec![b'n'; 17], Vec::new(), good.clone()),
			Error::<Test>::NameTooLong
		);
		assert_noop!(
			register_with(b"m".to_vec(), vec![b'u'; 33], good.clone()),
			Error::<Test>::MetadataUriTooLong
		);
		assert_noop!(
			register_with(b"m".to_vec(), Vec::new(), Vec::new()),
			Error::<Test>::NoTrainingData
		);
		assert_noop!(
			register_with(b"m".to_vec(), Vec::new(), vec![(99, 1)]),
			Error::<Test>::UnknownDatanet
		);
		// A datanet without that version (or without any).
		assert_noop!(
			register_with(b"m".to_vec(), Vec::new(), vec![(datanet, version + 1)]),
			Error::<Test>::UnknownVersion
		);
		assert_noop!(
			register_with(b"m".to_vec(), Vec::new(), vec![(other, 1)]),
			Error::<Test>::UnknownVersion
		);
		assert_noop!(
			register_with(b"m".to_vec(), Vec::new(), vec![(datanet, version), (datanet, version)]),
			Error::<Test>::DuplicateTrainingSet
		);
		// Limits that are exactly reached are fine.
		assert_ok!(register_with(vec![b'n'; 16], vec![b'u'; 32], good));
	});
}

#[test]
fn register_model_needs_the_deposit_and_a_free_id() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(license(true, true));
		contribute(datanet, 1);
		let version = publish(datanet);

		assert_noop!(
			try_register(PAUPER, vec![(datanet, version)], 0),
			TokenError::FundsUnavailable
		);

		NextModelId::<Test>::put(u32::MAX);
		assert_noop!(
			try_register(ALICE, vec![(datanet, version)], 0),
			Error::<Test>::ModelIdOverflow
		);
		NextModelId::<Test>::put(0);
	});
}

#[test]
fn the_licence_gate_guards_paid_and_free_models() {
	ExtBuilder::default().build_and_execute(|| {
		let training_only = create_datanet(license(true, false));
		contribute(training_only, 1);
		let training_only_version = publish(training_only);
		let no_training = create_datanet(license(false, true));
		contribute(no_training, 2);
		let no_training_version = publish(no_training);
		let open = create_datanet(license(true, true));
		contribute(open, 3);
		let open_version = publish(open);

		// A paid model needs training and commercial use from every datanet.
		assert_noop!(
			try_register(
				ALICE,
				vec![(open, open_version), (training_only, training_only_version)],
				FEE
			),
			Error::<Test>::LicenseForbidsPaidModel
		);
		assert_noop!(
			try_register(ALICE, vec![(no_training, no_training_version)], FEE),
			Error::<Test>::LicenseForbidsPaidModel
		);
		// A free model needs training only.
		assert_noop!(
			try_register(ALICE, vec![(no_training, no_training_version)], 0),
			Error::<Test>::LicenseForbidsTraining
		);
		let free_model =
			register(ALICE, vec![(open, open_version), (training_only, training_only_version)], 0);
		register(ALICE, vec![(open, open_version)], FEE);

		// Charging for the free model later applies the gate again.
		assert_noop!(
			Attribution::set_inference_fee(RuntimeOrigin::signed(ALICE), free_model, FEE),
			Error::<Test>::LicenseForbidsPaidModel
		);
	});
}

#[test]
fn set_inference_fee_changes_the_fee() {
	ExtBuilder::default().build_and_execute(|| {
		let fixture = setup();
		assert_ok!(Attribution::set_inference_fee(RuntimeOrigin::signed(ALICE), fixture.model, 25));
		assert_eq!(model_info(fixture.model).inference_fee, 25);
		System::assert_last_event(Event::<Test>::InferenceFeeSet { model: 0, fee: 25 }.into());
		// Back to free, and paid again: the licence allows it.
		assert_ok!(Attribution::set_inference_fee(RuntimeOrigin::signed(ALICE), fixture.model, 0));
		assert_ok!(Attribution::set_inference_fee(RuntimeOrigin::signed(ALICE), fixture.model, 5));
		assert_eq!(model_info(fixture.model).inference_fee, 5);

		assert_noop!(
			Attribution::set_inference_fee(RuntimeOrigin::signed(BOB), fixture.model, 1),
			Error::<Test>::NotModelOwner
		);
		assert_noop!(
			Attribution::set_inference_fee(RuntimeOrigin::signed(ALICE), 7, 1),
			Error::<Test>::UnknownModel
		);
		assert_noop!(
			Attribution::set_inference_fee(RuntimeOrigin::none(), fixture.model, 1),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn the_owner_manages_operators() {
	ExtBuilder::default().build_and_execute(|| {
		let model = setup().model;
		let add = |who: AccountId, operator: AccountId| {
			Attribution::add_operator(RuntimeOrigin::signed(who), model, operator)
		};
		let remove = |who: AccountId, operator: AccountId| {
			Attribution::remove_operator(RuntimeOrigin::signed(who), model, operator)
		};

		assert_ok!(add(ALICE, CHARLIE));
		System::assert_last_event(Event::<Test>::OperatorAdded { model, operator: CHARLIE }.into());
		assert_noop!(add(ALICE, CHARLIE), Error::<Test>::AlreadyOperator);
		assert_noop!(add(BOB, DAVE), Error::<Test>::NotModelOwner);
		assert_ok!(add(ALICE, DAVE));
		assert_eq!(model_info(model).operators.to_vec(), vec![CHARLIE, DAVE]);
		assert_noop!(add(ALICE, EVE), Error::<Test>::TooManyOperators);

		assert_noop!(remove(BOB, CHARLIE), Error::<Test>::NotModelOwner);
		assert_noop!(remove(ALICE, EVE), Error::<Test>::NotOperator);
		assert_ok!(remove(ALICE, CHARLIE));
		System::assert_last_event(
			Event::<Test>::OperatorRemoved { model, operator: CHARLIE }.into(),
		);
		assert_eq!(model_info(model).operators.to_vec(), vec![DAVE]);
		assert_ok!(add(ALICE, EVE));
		assert_noop!(
			Attribution::add_operator(RuntimeOrigin::signed(ALICE), 9, EVE),
			Error::<Test>::UnknownModel
		);
	});
}

#[test]
fn retiring_releases_the_deposit_and_closes_the_model() {
	ExtBuilder::default().build_and_execute(|| {
		let model = setup().model;
		assert_ok!(Attribution::add_operator(RuntimeOrigin::signed(ALICE), model, CHARLIE));
		let before = free(ALICE);

		assert_noop!(
			Attribution::retire_model(RuntimeOrigin::signed(BOB), model),
			Error::<Test>::NotModelOwner
		);
		assert_ok!(Attribution::retire_model(RuntimeOrigin::signed(ALICE), model));
		let released = MODEL_DEPOSIT - RETIRED_MODEL_DEPOSIT;
		System::assert_last_event(
			Event::<Test>::ModelRetired { model, deposit_released: released }.into(),
		);
		assert!(model_info(model).retired);
		// The record stays, and so does the part of the deposit that pays for it.
		assert_eq!(held(ALICE, HoldReason::ModelDeposit), RETIRED_MODEL_DEPOSIT);
		assert_eq!(model_info(model).deposit, RETIRED_MODEL_DEPOSIT);
		assert_eq!(free(ALICE), before + released);
		// The record and its index entry stay.
		assert!(ModelsByOwner::<Test>::contains_key(ALICE, model));

		// A retired model refuses rounds, inferences, fees, new operators and a second
		// retirement; removing an operator still works.
		assert_noop!(
			Attribution::retire_model(RuntimeOrigin::signed(ALICE), model),
			Error::<Test>::ModelRetired
		);
		assert_noop!(
			Attribution::open_round(RuntimeOrigin::signed(ALICE), model, 0),
			Error::<Test>::ModelRetired
		);
		assert_noop!(
			Attribution::record_inference(
				RuntimeOrigin::signed(HARRY),
				model,
				FEE,
				H256::zero(),
				H256::zero(),
				None
			),
			Error::<Test>::ModelRetired
		);
		assert_noop!(
			Attribution::set_inference_fee(RuntimeOrigin::signed(ALICE), model, 0),
			Error::<Test>::ModelRetired
		);
		assert_noop!(
			Attribution::add_operator(RuntimeOrigin::signed(ALICE), model, DAVE),
			Error::<Test>::ModelRetired
		);
		assert_ok!(Attribution::remove_operator(RuntimeOrigin::signed(ALICE), model, CHARLIE));
	});
}

#[test]
fn a_model_with_a_round_in_progress_cannot_retire() {
	ExtBuilder::default().build_and_execute(|| {
		let model = setup().model;
		let round = open(model, 0);
		assert_noop!(
			Attribution::retire_model(RuntimeOrigin::signed(ALICE), model),
			Error::<Test>::RoundInProgress
		);
		go_to_finalize(model, round);
		finalize(model, round);
		assert_ok!(Attribution::retire_model(RuntimeOrigin::signed(ALICE), model));
	});
}
