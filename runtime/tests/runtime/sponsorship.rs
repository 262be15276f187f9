//! Issue 13 on the real runtime, through `Executive` as the node applies transactions:
//! sponsored contributors (the `CheckSponsorship` extension and the `SponsoredFees` adapter),
//! free claims (`feeless_if` with `SkipCheckIfFeeless`), and names (`pallet_identity`
//! usernames and the `NamesApi`).

use super::{account, ext_for, start_block};
use codec::Encode;
use frame_support::{
	dispatch::GetDispatchInfo,
	traits::{fungible::Inspect, fungible::InspectHold, fungible::Mutate},
};
use openledger_primitives::{
	Admission, ContributionKind, DatanetPolicy, License, ReviewMode, H256,
};
use openledger_runtime::{
	configs::TreasuryAccount, AccountId, Balances, Contributions, Datanets,
	Executive, Rewards, Runtime, RuntimeCall, RuntimeEvent, RuntimeOrigin, SignedPayload, System,
	TxExtension, UncheckedExtrinsic, OPEN,
};
use pallet_contributions::{sponsorship::Refusal, SponsorQuota};
use sp_core::{sr25519, Pair};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{
	generic::Era,
	traits::IdentifyAccount,
	transaction_validity::{InvalidTransaction, TransactionSource, TransactionValidityError},
	MultiSignature, MultiSigner, Perbill,
};

/// The contribution deposit of the test datanet.
const DEPOSIT: u128 = OPEN / 10;
/// What Alice puts in the budget.
const FUNDING: u128 = 10 * OPEN;

fn extension(nonce: u32, tip: u128) -> TxExtension {
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
			pallet_transaction_payment::ChargeTransactionPayment::from(tip),
		),
		frame_metadata_hash_extension::CheckMetadataHash::new(false),
		frame_system::WeightReclaim::new(),
	)
}

fn signed_by(pair: &sr25519::Pair, call: RuntimeCall, nonce: u32, tip: u128) -> UncheckedExtrinsic {
	let extension = extension(nonce, tip);
	let payload = SignedPayload::new(call.clone(), extension.clone()).unwrap();
	let signature = payload.using_encoded(|bytes| pair.sign(bytes));
	let who: AccountId = MultiSigner::from(pair.public()).into_account();
	UncheckedExtrinsic::new_signed(call, who.into(), MultiSignature::from(signature), extension)
}

fn fresh(seed: &str) -> (sr25519::Pair, AccountId) {
	let pair = sr25519::Pair::from_string(&format!("//{seed}"), None).unwrap();
	let who = MultiSigner::from(pair.public()).into_account();
	(pair, who)
}

fn submit_call(datanet: u32, n: u8) -> RuntimeCall {
	RuntimeCall::Contributions(pallet_contributions::Call::submit {
		datanet,
		content_hash: H256::repeat_byte(n),
		size_bytes: 100,
		kind: ContributionKind::Data,
		metadata_uri: b"ipfs://item".to_vec(),
		parents: Vec::new(),
		max_deposit: u128::MAX,
		max_slash: Perbill::one(),
	})
}

/// Alice's curated datanet 0 (deposit 0.1 OPEN), its budget funded with 10 OPEN, and `who`
/// sponsored with `quota`.
fn sponsored_datanet(who: &AccountId, quota: SponsorQuota) -> u32 {
	let alice = RuntimeOrigin::signed(account(Sr25519Keyring::Alice));
	let policy = DatanetPolicy {
		admission: Admission::Open,
		review: ReviewMode::Curated,
		contribution_deposit: DEPOSIT,
		rejection_slash: Perbill::from_percent(10),
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
	Datanets::create(alice.clone(), b"qa".to_vec(), b"ipfs://qa".to_vec(), policy, license)
		.unwrap();
	Contributions::fund_sponsorship(alice.clone(), 0, FUNDING).unwrap();
	Contributions::sponsor(alice, 0, who.clone(), quota).unwrap();
	0
}

fn budget_account() -> AccountId {
	Contributions::budget_account(0)
}

fn budget_total() -> u128 {
	Balances::total_balance(&budget_account())
}

fn apply(xt: UncheckedExtrinsic) -> Result<sp_runtime::DispatchOutcome, TransactionValidityError> {
	Executive::apply_extrinsic(xt)
}

fn pool_check(xt: UncheckedExtrinsic) -> Result<(), TransactionValidityError> {
	Executive::validate_transaction(TransactionSource::External, xt, Default::default()).map(|_| ())
}

fn refusal(refusal: Refusal) -> Result<(), TransactionValidityError> {
	Err(TransactionValidityError::Invalid(InvalidTransaction::Custom(refusal as u8)))
}

/// The fee `SponsoredFeePaid` reported in the last block's events.
fn sponsored_fees() -> Vec<u128> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Contributions(pallet_contributions::Event::SponsoredFeePaid {
				fee,
				..
			}) => Some(fee),
			_ => None,
		})
		.collect()
}

const QUOTA: SponsorQuota = SponsorQuota { contributions: 2, bytes: 10_000 };

#[test]
fn a_fresh_key_submits_under_a_sponsorship_and_the_budget_pays_exactly() {
	ext_for("dev").execute_with(|| {
		start_block(1);
		let (pair, who) = fresh("Dana");
		sponsored_datanet(&who, QUOTA);
		assert_eq!(Balances::total_balance(&who), 0);
		let budget_before = budget_total();
		let free_before = Balances::balance(&budget_account());
		let storage_before = Balances::balance_on_hold(&storage_reason(), &budget_account());
		let treasury_before = Balances::balance(&TreasuryAccount::get());
		let storage = Contributions::storage_deposit_for(11, 0);

		let xt = signed_by(&pair, submit_call(0, 1), 0, 0);
		let len = xt.encoded_size();
		assert_eq!(pool_check(xt.clone()), Ok(()));
		apply(xt).expect("valid").expect("dispatched");

		let fees = sponsored_fees();
		assert_eq!(fees.len(), 1);
		let fee = fees[0];
		println!("METRIC sponsored submit: fee {} µOPEN, {len} bytes", fee / (OPEN / 1_000_000));
		assert!(fee > 0);
		// The contributor paid nothing and holds nothing; the budget paid the fee (now with
		// the treasury) and holds both deposits.
		assert_eq!(Balances::total_balance(&who), 0);
		assert_eq!(System::account_nonce(&who), 1);
		assert_eq!(Balances::balance(&TreasuryAccount::get()), treasury_before + fee);
		assert_eq!(budget_total(), budget_before - fee);
		assert_eq!(Balances::balance(&budget_account()), free_before - fee - DEPOSIT - storage);
		assert_eq!(Balances::balance_on_hold(&review_reason(), &budget_account()), DEPOSIT);
		assert_eq!(
			Balances::balance_on_hold(&storage_reason(), &budget_account()),
			storage_before + storage
		);
		let info = Contributions::api_contribution(0).unwrap();
		assert!(info.sponsored);
		assert_eq!(info.contributor, who);
		let left = Contributions::api_sponsorship(who, 0).unwrap().remaining;
		assert_eq!(left, SponsorQuota { contributions: 1, bytes: 10_000 - len as u32 });
	});
}

fn storage_reason() -> openledger_runtime::RuntimeHoldReason {
	openledger_runtime::RuntimeHoldReason::Contributions(
		pallet_contributions::HoldReason::StorageDeposit,
	)
}

fn review_reason() -> openledger_runtime::RuntimeHoldReason {
	openledger_runtime::RuntimeHoldReason::Contributions(
		pallet_contributions::HoldReason::ContributionDeposit,
	)
}

#[test]
fn an_unsponsored_fresh_key_is_refused_in_the_pool_with_its_own_reason() {
	ext_for("dev").execute_with(|| {
		start_block(1);
		let (dana, dana_id) = fresh("Dana");
		sponsored_datanet(&dana_id, QUOTA);
		let (erin, _) = fresh("Erin");
		let xt = signed_by(&erin, submit_call(0, 1), 0, 0);
		assert_eq!(pool_check(xt.clone()), refusal(Refusal::NotSponsored));
		assert_eq!(apply(xt).map(|_| ()), refusal(Refusal::NotSponsored));
		// Sponsored by datanet 0 is not sponsored by datanet 1.
		let other = submit_call(1, 1);
		assert!(pool_check(signed_by(&dana, other, 0, 0)).is_err());
	});
}

#[test]
fn an_over_quota_submit_is_refused_in_the_pool_and_failures_count() {
	ext_for("dev").execute_with(|| {
		start_block(1);
		let (pair, who) = fresh("Dana");
		sponsored_datanet(&who, QUOTA);
		apply(signed_by(&pair, submit_call(0, 1), 0, 0)).unwrap().unwrap();
		// A duplicate fails in dispatch, but its fee was paid from the budget: it counts.
		let outcome = apply(signed_by(&pair, submit_call(0, 1), 1, 0)).unwrap();
		assert!(outcome.is_err());
		assert_eq!(sponsored_fees().len(), 2);
		let xt = signed_by(&pair, submit_call(0, 2), 2, 0);
		assert_eq!(pool_check(xt.clone()), refusal(Refusal::QuotaExhausted));
		assert_eq!(apply(xt).map(|_| ()), refusal(Refusal::QuotaExhausted));
	});
}

#[test]
fn attack_a_tip_drains_the_sponsors_budget() {
	ext_for("dev").execute_with(|| {
		start_block(1);
		let (pair, who) = fresh("Dana");
		sponsored_datanet(&who, QUOTA);
		let before = budget_total();
		let xt = signed_by(&pair, submit_call(0, 1), 0, OPEN);
		assert_eq!(pool_check(xt.clone()), refusal(Refusal::TipNotSponsored));
		assert_eq!(apply(xt).map(|_| ()), refusal(Refusal::TipNotSponsored));
		assert_eq!(budget_total(), before);
	});
}

#[test]
fn attack_a_sponsored_key_uses_the_budget_for_another_call() {
	ext_for("dev").execute_with(|| {
		start_block(1);
		let (pair, who) = fresh("Dana");
		sponsored_datanet(&who, QUOTA);
		let before = budget_total();
		let remark = RuntimeCall::System(frame_system::Call::remark { remark: vec![1; 100] });
		let batch =
			RuntimeCall::Utility(pallet_utility::Call::batch { calls: vec![submit_call(0, 1)] });
		let transfer = RuntimeCall::Balances(pallet_balances::Call::transfer_allow_death {
			dest: account(Sr25519Keyring::Bob).into(),
			value: 1,
		});
		for call in [remark, batch, transfer] {
			let xt = signed_by(&pair, call, 0, 0);
			assert_eq!(
				pool_check(xt.clone()),
				Err(TransactionValidityError::Invalid(InvalidTransaction::Payment))
			);
		}
		assert_eq!(budget_total(), before);
	});
}

#[test]
fn an_empty_budget_refuses_in_the_pool() {
	ext_for("dev").execute_with(|| {
		start_block(1);
		let (pair, who) = fresh("Dana");
		sponsored_datanet(&who, QUOTA);
		let all = Contributions::api_sponsorship_budget(0);
		Contributions::withdraw_sponsorship_funds(
			RuntimeOrigin::signed(account(Sr25519Keyring::Alice)),
			0,
			all,
		)
		.unwrap();
		let xt = signed_by(&pair, submit_call(0, 1), 0, 0);
		assert_eq!(pool_check(xt), refusal(Refusal::BudgetExhausted));
	});
}

#[test]
fn a_claim_of_at_least_the_minimum_is_free_and_a_dust_or_failed_claim_is_not() {
	ext_for("dev").execute_with(|| {
		start_block(1);
		let (pair, who) = fresh("Dana");
		sponsored_datanet(&who, QUOTA);
		let min: u128 = <Runtime as pallet_rewards::Config>::MinFreeClaim::get();
		let owe = |account: &AccountId, amount: u128| {
			pallet_rewards::DirectLedger::<Runtime>::insert(account, amount);
			Balances::mint_into(&Rewards::pot(), amount).unwrap();
		};
		let claim = RuntimeCall::Rewards(pallet_rewards::Call::claim {
			pool: pallet_rewards::PoolId::Direct,
		});

		// Dust: the claimant must pay a fee, and has nothing.
		owe(&who, min - 1);
		let xt = signed_by(&pair, claim.clone(), 0, 0);
		assert_eq!(
			pool_check(xt),
			Err(TransactionValidityError::Invalid(InvalidTransaction::Payment))
		);

		// At least the minimum: free, and the whole amount arrives.
		owe(&who, min);
		let xt = signed_by(&pair, claim.clone(), 0, 0);
		println!(
			"METRIC free claim: weight {:?}, {} bytes",
			claim.get_dispatch_info().total_weight(),
			xt.encoded_size()
		);
		assert_eq!(pool_check(xt.clone()), Ok(()));
		apply(xt).unwrap().unwrap();
		assert_eq!(Balances::balance(&who), min);

		// A reward to an account that does not exist: anyone's `claim_for` creates it, free.
		let (_, nobody) = fresh("Nobody");
		owe(&nobody, min);
		let bob = Sr25519Keyring::Bob;
		let bob_before = Balances::balance(&account(bob));
		let claim_for = RuntimeCall::Rewards(pallet_rewards::Call::claim_for {
			who: nobody.clone(),
			pool: pallet_rewards::PoolId::Direct,
		});
		let bob_pair = bob.pair();
		apply(signed_by(&bob_pair, claim_for.clone(), 0, 0)).unwrap().unwrap();
		assert_eq!(Balances::balance(&nobody), min);
		assert_eq!(Balances::balance(&account(bob)), bob_before);

		// A failed claim (nothing owed any more) pays the fee.
		let outcome = apply(signed_by(&bob_pair, claim_for, 1, 0)).unwrap();
		assert!(outcome.is_err());
		assert!(Balances::balance(&account(bob)) < bob_before);
	});
}

#[test]
fn a_sponsored_contributor_gets_a_username_paid_by_the_authority_and_the_api_shows_it() {
	ext_for("dev").execute_with(|| {
		start_block(1);
		let (pair, who) = fresh("Dana");
		let alice = account(Sr25519Keyring::Alice);
		pallet_identity::Pallet::<Runtime>::add_username_authority(
			RuntimeOrigin::root(),
			alice.clone().into(),
			b"medqa".to_vec(),
			10,
		)
		.unwrap();
		let username = b"dana.medqa".to_vec();
		let signature = MultiSignature::from(pair.sign(&username));
		let reserved = Balances::reserved_balance(&alice);
		pallet_identity::Pallet::<Runtime>::set_username_for(
			RuntimeOrigin::signed(alice.clone()),
			who.clone().into(),
			username.clone(),
			Some(signature),
			false,
		)
		.unwrap();
		let deposit: u128 = <Runtime as pallet_identity::Config>::UsernameDeposit::get();
		assert_eq!(Balances::reserved_balance(&alice), reserved + deposit);
		assert_eq!(Balances::total_balance(&who), 0);
		let names = openledger_runtime::apis::names(vec![
			who.clone(),
			account(Sr25519Keyring::Bob),
		]);
		assert_eq!(names, vec![Some(username), None]);
		// A username signed by someone else is refused: nobody names an account without it.
		let (_, victim) = fresh("Victim");
		let forged = MultiSignature::from(pair.sign(b"ceo.medqa"));
		assert!(pallet_identity::Pallet::<Runtime>::set_username_for(
			RuntimeOrigin::signed(alice),
			victim.into(),
			b"ceo.medqa".to_vec(),
			Some(forged),
			false,
		)
		.is_err());
	});
}

#[test]
fn how_many_sponsored_submits_fit_in_one_block() {
	let weights = openledger_runtime::configs::RuntimeBlockWeights::get();
	let normal = weights.get(frame_support::dispatch::DispatchClass::Normal);
	let call = submit_call(0, 1);
	let extension = extension(0, 0);
	use sp_runtime::traits::TransactionExtension;
	let per_tx =
		call.get_dispatch_info().total_weight() + extension.weight(&call) + normal.base_extrinsic;
	let fit = normal.max_total.unwrap().ref_time() / per_tx.ref_time();
	println!("METRIC sponsored submits per block (weight): {fit}");
	assert!(fit > 100, "only {fit} sponsored submits fit in a block");
}
