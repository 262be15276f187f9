//! Who pays for a transaction: the two runtime pieces of sponsored contributions (see
//! `pallet_contributions::sponsorship` for the rules).
//!
//! - [`CheckSponsorship`], a transaction extension with no data of its own (wallets that do not
//!   know it, polkadot.js included, sign exactly as before). In the transaction pool, before
//!   `CheckNonce`, it refuses a `submit` from an account that does not exist and is not
//!   sponsored, and a sponsored call that is over quota or that the budget cannot pay, each with
//!   its own [`Refusal`] code (`InvalidTransaction::Custom`). Before dispatch it counts a
//!   sponsored submit against the quota and arms the deposit from the budget; after dispatch it
//!   disarms it.
//! - [`SponsoredFees`], the `OnChargeTransaction` of `pallet_transaction_payment`: for a
//!   sponsored call it charges the fee to the datanet's budget account instead of the signer
//!   (refunding unused weight to the budget), and refuses a tip; for any other call it is the
//!   usual `FungibleAdapter`.
//!
//! Why this design rather than a feeless call (`#[pallet::feeless_if]`): a sponsored submit is
//! still *paid for*, by the sponsor, at the normal price, so the block's fee market, the fee
//! multiplier and the transaction pool's priorities all work unchanged, and a sponsored account
//! cannot make the chain do work nobody pays for. Why not a relayer: the contributor signs a
//! normal extrinsic v4 itself, from any wallet. Why not `ValidateUnsigned`: deprecated, and it
//! would lose the signer's nonce (replay protection).

use crate::{
	configs::TreasuryAccount, AccountId, Balance, Balances, Contributions, Runtime, RuntimeCall,
	RuntimeOrigin, System, TransactionPayment,
};
use codec::{Decode, DecodeWithMemTracking, Encode};
use frame_support::{
	dispatch::DispatchInfo, pallet_prelude::TransactionSource,
	traits::tokens::imbalance::ResolveTo,
	weights::Weight,
};
use pallet_contributions::sponsorship::{Refusal, SponsoredCall};
use pallet_transaction_payment::{FungibleAdapter, OnChargeTransaction, TxCreditHold};
use scale_info::TypeInfo;
use sp_runtime::{
	traits::{
		AsSystemOriginSigner, DispatchInfoOf, Implication, PostDispatchInfoOf,
		TransactionExtension, ValidateResult, Zero,
	},
	transaction_validity::{InvalidTransaction, TransactionValidityError, ValidTransaction},
	DispatchResult,
};

/// The fee adapter for everything that is not sponsored: fees and tips to the treasury.
pub type OwnFees = FungibleAdapter<Balances, ResolveTo<TreasuryAccount, Balances>>;

/// The datanet whose budget pays for `call` signed by `who`, if it is a sponsored call.
fn sponsor_of(who: &AccountId, call: &RuntimeCall) -> Option<SponsoredCall> {
	match call {
		RuntimeCall::Contributions(inner) => Contributions::sponsored_call(who, inner),
		_ => None,
	}
}

fn refuse(refusal: Refusal) -> TransactionValidityError {
	InvalidTransaction::Custom(refusal as u8).into()
}

/// Refuses unsponsored submits from accounts that do not exist, and sponsored calls that are
/// over quota or unfunded, in the transaction pool; counts sponsored submits against their
/// quota before dispatch. See the module docs.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, Eq, PartialEq, TypeInfo, Default)]
pub struct CheckSponsorship;

impl core::fmt::Debug for CheckSponsorship {
	fn fmt(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
		write!(f, "CheckSponsorship")
	}
}

impl TransactionExtension<RuntimeCall> for CheckSponsorship {
	const IDENTIFIER: &'static str = "CheckSponsorship";
	type Implicit = ();
	/// The signer and its sponsored call, if it is one.
	type Val = Option<(AccountId, SponsoredCall)>;
	/// Whether a sponsored submit was armed (and must be disarmed after dispatch), and the
	/// weight to refund when the call turned out not to be sponsored (one read was done).
	type Pre = (bool, Weight);

	fn weight(&self, call: &RuntimeCall) -> Weight {
		let db = <Runtime as frame_system::Config>::DbWeight::get();
		match call {
			// The sponsorship, the datanet's policy and the budget account are read; the
			// sponsorship and the marker written, and the marker cleared after dispatch.
			RuntimeCall::Contributions(pallet_contributions::Call::submit { .. }) =>
				db.reads_writes(3, 3),
			// The record and the budget account are read.
			RuntimeCall::Contributions(
				pallet_contributions::Call::withdraw { .. } |
				pallet_contributions::Call::revoke { .. },
			) => db.reads(2),
			_ => Weight::zero(),
		}
	}

	fn validate(
		&self,
		origin: RuntimeOrigin,
		call: &RuntimeCall,
		info: &DispatchInfoOf<RuntimeCall>,
		len: usize,
		_self_implicit: (),
		_inherited_implication: &impl Implication,
		_source: TransactionSource,
	) -> ValidateResult<Self::Val, RuntimeCall> {
		let Some(who) = origin.as_system_origin_signer() else {
			return Ok((ValidTransaction::default(), None, origin));
		};
		let RuntimeCall::Contributions(inner) = call else {
			return Ok((ValidTransaction::default(), None, origin));
		};
		match Contributions::sponsored_call(who, inner) {
			Some(sponsored) => {
				let length = u32::try_from(len).unwrap_or(u32::MAX);
				let fee = TransactionPayment::compute_fee(length, info, Zero::zero());
				Contributions::check_sponsored(who, &sponsored, len, fee).map_err(refuse)?;
				let who = who.clone();
				Ok((ValidTransaction::default(), Some((who, sponsored)), origin))
			},
			// Without this, a fresh key's submit would fail in `CheckNonce` with a bare
			// "inability to pay some fees".
			None if Contributions::is_submit(inner) && !System::account_exists(who) => {
				Err(refuse(Refusal::NotSponsored))
			},
			None => Ok((ValidTransaction::default(), None, origin)),
		}
	}

	fn prepare(
		self,
		val: Self::Val,
		_origin: &RuntimeOrigin,
		call: &RuntimeCall,
		_info: &DispatchInfoOf<RuntimeCall>,
		len: usize,
	) -> Result<Self::Pre, TransactionValidityError> {
		let Some((who, sponsored)) = val else {
			let read = <Runtime as frame_system::Config>::DbWeight::get().reads(1);
			return Ok((false, self.weight(call).saturating_sub(read)));
		};
		Contributions::use_quota(&who, &sponsored, len);
		Ok((matches!(sponsored, SponsoredCall::Submit { .. }), Weight::zero()))
	}

	fn post_dispatch_details(
		(armed, refund): Self::Pre,
		_info: &DispatchInfo,
		_post_info: &PostDispatchInfoOf<RuntimeCall>,
		_len: usize,
		_result: &DispatchResult,
	) -> Result<Weight, TransactionValidityError> {
		if armed {
			Contributions::clear_sponsored_submit();
		}
		Ok(refund)
	}
}

/// Charges a sponsored call's fee to its datanet's budget, every other call's to its signer.
/// See the module docs.
pub struct SponsoredFees;

impl TxCreditHold<Runtime> for SponsoredFees {
	type Credit = <OwnFees as TxCreditHold<Runtime>>::Credit;
}

impl OnChargeTransaction<Runtime> for SponsoredFees {
	type Balance = Balance;
	/// The budget account and datanet that paid, if sponsored, and the inner adapter's credit.
	type LiquidityInfo = (
		Option<(AccountId, openledger_primitives::DatanetId)>,
		<OwnFees as OnChargeTransaction<Runtime>>::LiquidityInfo,
	);

	fn withdraw_fee(
		who: &AccountId,
		call: &RuntimeCall,
		info: &DispatchInfoOf<RuntimeCall>,
		fee_with_tip: Balance,
		tip: Balance,
	) -> Result<Self::LiquidityInfo, TransactionValidityError> {
		match sponsor_of(who, call) {
			Some(sponsored) => {
				if !tip.is_zero() {
					return Err(refuse(Refusal::TipNotSponsored));
				}
				let datanet = sponsored.datanet();
				let budget = Contributions::budget_account(datanet);
				let credit = <OwnFees as OnChargeTransaction<Runtime>>::withdraw_fee(&budget, call, info, fee_with_tip, tip)
					.map_err(|_| refuse(Refusal::BudgetExhausted))?;
				Ok((Some((budget, datanet)), credit))
			},
			None => Ok((None, <OwnFees as OnChargeTransaction<Runtime>>::withdraw_fee(who, call, info, fee_with_tip, tip)?)),
		}
	}

	fn can_withdraw_fee(
		who: &AccountId,
		call: &RuntimeCall,
		info: &DispatchInfoOf<RuntimeCall>,
		fee_with_tip: Balance,
		tip: Balance,
	) -> Result<(), TransactionValidityError> {
		match sponsor_of(who, call) {
			Some(sponsored) => {
				if !tip.is_zero() {
					return Err(refuse(Refusal::TipNotSponsored));
				}
				let budget = Contributions::budget_account(sponsored.datanet());
				<OwnFees as OnChargeTransaction<Runtime>>::can_withdraw_fee(&budget, call, info, fee_with_tip, tip)
					.map_err(|_| refuse(Refusal::BudgetExhausted))
			},
			None => <OwnFees as OnChargeTransaction<Runtime>>::can_withdraw_fee(who, call, info, fee_with_tip, tip),
		}
	}

	fn correct_and_deposit_fee(
		who: &AccountId,
		info: &DispatchInfoOf<RuntimeCall>,
		post_info: &PostDispatchInfoOf<RuntimeCall>,
		corrected_fee_with_tip: Balance,
		tip: Balance,
		(sponsor, credit): Self::LiquidityInfo,
	) -> Result<(), TransactionValidityError> {
		match sponsor {
			Some((budget, datanet)) => {
				<OwnFees as OnChargeTransaction<Runtime>>::correct_and_deposit_fee(
					&budget,
					info,
					post_info,
					corrected_fee_with_tip,
					tip,
					credit,
				)?;
				Contributions::note_sponsored_fee(datanet, who.clone(), corrected_fee_with_tip);
				Ok(())
			},
			None => <OwnFees as OnChargeTransaction<Runtime>>::correct_and_deposit_fee(
				who,
				info,
				post_info,
				corrected_fee_with_tip,
				tip,
				credit,
			),
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn endow_account(who: &AccountId, amount: Balance) {
		<OwnFees as OnChargeTransaction<Runtime>>::endow_account(who, amount)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn minimum_balance() -> Balance {
		<OwnFees as OnChargeTransaction<Runtime>>::minimum_balance()
	}
}
