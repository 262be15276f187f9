//! Integration tests on the real runtime (native build): genesis presets, transaction
//! extensions, fees and block limits, exercised through `Executive` as the node would.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
#![allow(clippy::arithmetic_side_effects, clippy::panic)]

use codec::Encode;
use frame_support::{
	dispatch::{DispatchClass, GetDispatchInfo},
	genesis_builder_helper::{build_state, get_preset},
	traits::fungible::Inspect,
};
use openledger_runtime::{
	configs::{RuntimeBlockLength, RuntimeBlockWeights, TreasuryAccount},
	genesis_config_presets::{self, DEV_ENDOWMENT},
	AccountId, Balances, Executive, Header, Runtime, RuntimeCall, RuntimeGenesisConfig,
	SignedPayload, System, TxExtension, UncheckedExtrinsic, EXISTENTIAL_DEPOSIT, OPEN, VERSION,
};
use serde_json::Value;
use sp_keyring::Sr25519Keyring;
use sp_runtime::{
	generic::Era,
	traits::{Header as _, IdentifyAccount},
	transaction_validity::{InvalidTransaction, TransactionValidityError},
	MultiSigner,
};

#[path = "runtime/economics.rs"]
mod economics;
#[path = "runtime/sponsorship.rs"]
mod sponsorship;

fn merge(base: &mut Value, patch: Value) {
	match (base, patch) {
		(Value::Object(base), Value::Object(patch)) =>
			for (key, value) in patch {
				merge(base.entry(key).or_insert(Value::Null), value);
			},
		(base, patch) => *base = patch,
	}
}

/// Genesis state of a preset, built the way the node builds a chain spec: default config
/// merged with the preset's patch.
fn ext_for(preset: &str) -> sp_io::TestExternalities {
	let default = get_preset::<RuntimeGenesisConfig>(&None, |_| None).unwrap();
	let mut json: Value = serde_json::from_slice(&default).unwrap();
	let patch = genesis_config_presets::get_preset(&preset.to_string())
		.unwrap_or_else(|| panic!("preset {preset} exists"));
	merge(&mut json, serde_json::from_slice(&patch).unwrap());
	let mut ext = sp_io::TestExternalities::new_empty();
	ext.execute_with(|| {
		build_state::<RuntimeGenesisConfig>(serde_json::to_vec(&json).unwrap()).unwrap();
	});
	ext
}

fn start_block(number: u32) {
	let header = Header::new(number, Default::default(), Default::default(), Default::default(), Default::default());
	Executive::initialize_block(&header);
}

fn tx_extension(nonce: u32) -> TxExtension {
	(
		frame_system::CheckNonZeroSender::new(),
		frame_system::CheckSpecVersion::new(),
		frame_system::CheckTxVersion::new(),
		frame_system::CheckGenesis::new(),
		frame_system::CheckEra::from(Era::Immortal),
		openledger_runtime::sponsorship::CheckSponsorship,
		frame_system::CheckNonce::from(nonce),
		frame_system::CheckWeight::new(),
		pallet_skip_feeless_payment::SkipCheckIfFeeless::from(
			pallet_transaction_payment::ChargeTransactionPayment::from(0),
		),
		frame_metadata_hash_extension::CheckMetadataHash::new(false),
		frame_system::WeightReclaim::new(),
	)
}

fn signed(signer: Sr25519Keyring, call: RuntimeCall, nonce: u32) -> UncheckedExtrinsic {
	let extension = tx_extension(nonce);
	let payload = SignedPayload::new(call.clone(), extension.clone()).unwrap();
	let signature = payload.using_encoded(|bytes| signer.sign(bytes));
	let who: AccountId = MultiSigner::from(signer.public()).into_account();
	UncheckedExtrinsic::new_signed(call, who.into(), signature.into(), extension)
}

fn account(k: Sr25519Keyring) -> AccountId {
	k.to_account_id()
}

#[test]
fn every_preset_builds_a_genesis_state() {
	for name in genesis_config_presets::preset_names() {
		ext_for(&name).execute_with(|| {
			assert!(pallet_aura::Authorities::<Runtime>::get().len() >= 1, "{name}: no authority");
			assert_eq!(
				pallet_aura::Authorities::<Runtime>::get().len(),
				pallet_grandpa::Authorities::<Runtime>::get().len(),
				"{name}: every validator authors and votes",
			);
			assert_eq!(Balances::balance(&TreasuryAccount::get()), EXISTENTIAL_DEPOSIT);
			assert!(pallet_sudo::Key::<Runtime>::get().is_some());
		});
	}
}

#[test]
fn dev_and_local_presets_have_the_documented_validators_and_funds() {
	ext_for("dev").execute_with(|| {
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 1);
		assert_eq!(Balances::balance(&account(Sr25519Keyring::Ferdie)), DEV_ENDOWMENT);
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), Some(account(Sr25519Keyring::Alice)));
	});
	ext_for("local").execute_with(|| {
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 4);
		assert_eq!(pallet_grandpa::Authorities::<Runtime>::get().len(), 4);
	});
	assert!(genesis_config_presets::get_preset(&"no-such-preset".to_string()).is_none());
}

#[test]
fn signed_transfer_moves_funds_and_pays_the_fee_to_the_treasury() {
	ext_for("dev").execute_with(|| {
		start_block(1);
		let alice = account(Sr25519Keyring::Alice);
		let dest: AccountId = sp_core::crypto::AccountId32::new([7u8; 32]);
		let amount = 5 * OPEN;
		let call = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
			dest: dest.clone().into(),
			value: amount,
		});
		let treasury_before = Balances::balance(&TreasuryAccount::get());
		let xt = signed(Sr25519Keyring::Alice, call, 0);
		Executive::apply_extrinsic(xt).expect("valid").expect("dispatched");

		assert_eq!(Balances::balance(&dest), amount);
		let fee = DEV_ENDOWMENT - amount - Balances::balance(&alice);
		assert!(fee > 0, "the sender pays a fee");
		// About 0.02 OPEN for a transfer (see configs/transaction_payment.rs).
		assert!(fee < OPEN / 10, "fee {fee} is far above the documented 0.02 OPEN");
		assert_eq!(Balances::balance(&TreasuryAccount::get()), treasury_before + fee);
		assert_eq!(System::account_nonce(&alice), 1);
	});
}

#[test]
fn stale_nonce_and_bad_signature_are_rejected() {
	ext_for("dev").execute_with(|| {
		start_block(1);
		let call = RuntimeCall::System(frame_system::Call::remark { remark: vec![1] });
		Executive::apply_extrinsic(signed(Sr25519Keyring::Bob, call.clone(), 0))
			.unwrap()
			.unwrap();
		assert_eq!(
			Executive::apply_extrinsic(signed(Sr25519Keyring::Bob, call.clone(), 0)),
			Err(TransactionValidityError::Invalid(InvalidTransaction::Stale))
		);
		// Signed by Bob but claims to be from Charlie.
		let extension = tx_extension(0);
		let payload = SignedPayload::new(call.clone(), extension.clone()).unwrap();
		let signature = payload.using_encoded(|bytes| Sr25519Keyring::Bob.sign(bytes));
		let xt = UncheckedExtrinsic::new_signed(
			call,
			account(Sr25519Keyring::Charlie).into(),
			signature.into(),
			extension,
		);
		assert_eq!(
			Executive::apply_extrinsic(xt),
			Err(TransactionValidityError::Invalid(InvalidTransaction::BadProof))
		);
	});
}

#[test]
fn block_limits_fit_a_three_second_slot() {
	let weights = RuntimeBlockWeights::get();
	// One second of reference execution per block, 75% of it for normal transactions.
	assert_eq!(weights.max_block.ref_time(), 1_000_000_000_000);
	let normal = weights.get(DispatchClass::Normal).max_total.unwrap();
	assert_eq!(normal.ref_time(), 750_000_000_000);
	assert_eq!(*RuntimeBlockLength::get().max.get(DispatchClass::Normal), 5 * 1024 * 1024 * 3 / 4);
	// A transfer weighs far less than a block: hundreds fit in one.
	let call = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
		dest: account(Sr25519Keyring::Bob).into(),
		value: OPEN,
	});
	let per_tx = call.get_dispatch_info().total_weight().ref_time() +
		weights.get(DispatchClass::Normal).base_extrinsic.ref_time();
	assert!(normal.ref_time() / per_tx > 500, "only {} transfers fit", normal.ref_time() / per_tx);
}

#[test]
fn runtime_identity_matches_the_design() {
	assert_eq!(VERSION.spec_name, "openledger");
	let metadata = Runtime::metadata_at_version(15).expect("metadata v15 is offered");
	let bytes = metadata.encode();
	for pallet in ["System", "Timestamp", "Aura", "Grandpa", "Balances", "TransactionPayment", "Sudo", "Utility"] {
		assert!(
			bytes.windows(pallet.len()).any(|w| w == pallet.as_bytes()),
			"pallet {pallet} missing from metadata"
		);
	}
	assert_eq!(<Runtime as frame_system::Config>::SS58Prefix::get(), 42);
}

/// The heaviest call of each OpenLedger pallet, at its largest inputs, fits in one block's
/// normal-class limit: in particular the largest attribution round (every committer revealing
/// the most scores, replacing the largest previous attribution) finalizes in one block.
#[test]
fn the_heaviest_openledger_calls_fit_in_one_block() {
	use frame_support::{traits::Get, BoundedVec};
	let weights = RuntimeBlockWeights::get();
	let max = weights.get(DispatchClass::Normal).max_extrinsic.expect("a normal-class limit");
	let max_scores: u32 = <Runtime as pallet_attribution::Config>::MaxScoresPerReveal::get();
	let scores: BoundedVec<_, _> =
		BoundedVec::truncate_from((0..u64::from(max_scores)).map(|id| (id, 1u32)).collect());
	let max_attributions: u32 =
		<Runtime as pallet_attribution::Config>::MaxAttributionsPerInference::get();
	let attributions: BoundedVec<_, _> = BoundedVec::truncate_from(
		(0..u64::from(max_attributions))
			.map(|id| (id, sp_runtime::Perbill::from_percent(1)))
			.collect(),
	);
	let calls = [
		("attribution.finalize", RuntimeCall::Attribution(pallet_attribution::Call::finalize {
			model: 0,
			round: 0,
		})),
		("attribution.reveal", RuntimeCall::Attribution(pallet_attribution::Call::reveal {
			model: 0,
			round: 0,
			scores,
			salt: [0; 32],
		})),
		(
			"attribution.record_inference",
			RuntimeCall::Attribution(pallet_attribution::Call::record_inference {
				model: 0,
				fee: OPEN,
				request_hash: Default::default(),
				output_hash: Default::default(),
				attributions: Some(attributions),
			}),
		),
		(
			"rewards.claim",
			RuntimeCall::Rewards(pallet_rewards::Call::claim {
				pool: pallet_rewards::PoolId::Model(0),
			}),
		),
		("rewards.claim_all", RuntimeCall::Rewards(pallet_rewards::Call::claim_all {})),
	];
	for (name, call) in calls {
		let weight = call.get_dispatch_info().total_weight();
		println!(
			"METRIC {name}: {:.3} ms of {:.3} ms per normal extrinsic",
			weight.ref_time() as f64 / 1e9,
			max.ref_time() as f64 / 1e9
		);
		assert!(weight.all_lte(max), "{name} declares {weight:?}, more than a block allows ({max:?})");
	}
}

/// The runtime's attribution commitments are `openledger_core::commitment::commitment_hash`
/// over an `AccountId32`: the golden vector (model 7, round 3, scores `[(1, 100), (42, 7)]`,
/// salt `0x00..1f`, attestor //Alice) that the core crate and the JavaScript client check too.
#[test]
fn attribution_commitments_match_the_golden_vector() {
	let salt: [u8; 32] = core::array::from_fn(|i| i as u8);
	let hash = pallet_attribution::Pallet::<Runtime>::commitment_hash(
		7,
		3,
		&[(1, 100), (42, 7)],
		&salt,
		&account(Sr25519Keyring::Alice),
	);
	assert_eq!(
		format!("{hash:?}"),
		"0xdf4cb6559a6e2e7e59c74a560adf3fd561b5ea3e41024331d8be0d65ca035ca3"
	);
}

/// Issue 12, item 5, on the real runtime (both pallets): bonding just before a large inference
/// and unbonding after it used to capture the attestors' share by bond alone, and bonders who
/// never attested earned as much as those who did. Now a model's attestors' share goes to the
/// attestors of its latest round with a quorum, by their weight in it.
#[test]
fn attack_bonding_just_before_an_inference_captures_none_of_it() {
	use frame_support::BoundedVec;
	use openledger_primitives::{
		Admission, ContributionKind, DatanetPolicy, License, ReviewMode, H256,
	};
	use openledger_runtime::{Attribution, Contributions, Datanets, Rewards, RuntimeOrigin};
	use pallet_rewards::PoolId;
	use sp_runtime::Perbill;

	ext_for("dev").execute_with(|| {
		System::set_block_number(1);
		let signed = |k: Sr25519Keyring| RuntimeOrigin::signed(account(k));
		let (alice, bob, charlie, dave, eve, ferdie) = (
			Sr25519Keyring::Alice,
			Sr25519Keyring::Bob,
			Sr25519Keyring::Charlie,
			Sr25519Keyring::Dave,
			Sr25519Keyring::Eve,
			Sr25519Keyring::Ferdie,
		);
		// Alice's datanet with Bob's contribution, published; Dave's paid model trained on it.
		let policy = DatanetPolicy {
			admission: Admission::Open,
			review: ReviewMode::AutoAccept,
			contribution_deposit: 0,
			rejection_slash: Perbill::zero(),
			curation_fee: Perbill::zero(),
			max_contribution_size: 1_024,
		};
		let license = License {
			may_train: true,
			commercial_use: true,
			attribution_required: true,
			derivatives_allowed: true,
			uri: None,
		};
		Datanets::create(signed(alice), b"qa".to_vec(), b"ipfs://qa".to_vec(), policy, license)
			.unwrap();
		Contributions::submit(
			signed(bob),
			0,
			H256::repeat_byte(7),
			100,
			ContributionKind::Data,
			b"ipfs://item".to_vec(),
			Vec::new(),
			u128::MAX,
			Perbill::one(),
		)
		.unwrap();
		Datanets::publish_version(signed(alice), 0).unwrap();
		Attribution::register_model(
			signed(dave),
			b"qa-model".to_vec(),
			H256::repeat_byte(1),
			b"ipfs://model".to_vec(),
			BoundedVec::truncate_from(vec![(0, 1)]),
			OPEN,
		)
		.unwrap();

		// Charlie bonds and attests in a round of the model, which reaches its quorum.
		Attribution::bond(signed(charlie), 100 * OPEN).unwrap();
		Attribution::open_round(signed(dave), 0, 0).unwrap();
		let scores: pallet_attribution::ScoresOf<Runtime> = BoundedVec::truncate_from(vec![(0, 10)]);
		let salt = [9u8; 32];
		let hash = pallet_attribution::Pallet::<Runtime>::commitment_hash(
			0,
			0,
			&scores,
			&salt,
			&account(charlie),
		);
		Attribution::commit(signed(charlie), 0, 0, hash).unwrap();
		let round = pallet_attribution::Rounds::<Runtime>::get((0, 0)).unwrap();
		System::set_block_number(round.reveal_from);
		Attribution::reveal(signed(charlie), 0, 0, scores, salt).unwrap();
		System::set_block_number(round.finalize_from);
		Attribution::finalize(signed(ferdie), 0, 0).unwrap();

		// The attack: Eve sees a large inference coming, bonds far more than Charlie just
		// before it, and unbonds right after.
		Attribution::bond(signed(eve), 10_000 * OPEN).unwrap();
		let fee = 1_000 * OPEN;
		let attestors_share = Perbill::from_percent(10) * fee;
		Attribution::record_inference(signed(ferdie), 0, fee, H256::zero(), H256::zero(), None)
			.unwrap();
		Attribution::unbond(signed(eve), 10_000 * OPEN).unwrap();

		// Eve is owed nothing anywhere; Charlie, who attested, the whole attestors' share.
		assert_eq!(Rewards::api_pending_total(account(eve)), 0);
		assert_eq!(Rewards::api_pending_in(account(charlie), PoolId::Attestors(0)), attestors_share);
	});
}
