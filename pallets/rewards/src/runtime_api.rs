//! The runtime API clients use to read rewards (`api.call.rewardsApi.*` in polkadot.js), and the
//! `api_*` functions of the pallet that the runtime's implementation calls.
//!
//! The runtime implements it as:
//!
//! ```ignore
//! impl pallet_rewards::runtime_api::RewardsApi<Block, AccountId, Balance> for Runtime {
//! 	fn pending(who: AccountId) -> Vec<(PoolId, Balance)> {
//! 		Rewards::api_pending(who)
//! 	}
//! 	fn pending_in(who: AccountId, pool: PoolId) -> Balance {
//! 		Rewards::api_pending_in(who, pool)
//! 	}
//! 	fn pending_total(who: AccountId) -> Balance {
//! 		Rewards::api_pending_total(who)
//! 	}
//! 	fn pool(pool: PoolId) -> Option<PoolView<Balance>> {
//! 		Rewards::api_pool(pool)
//! 	}
//! 	fn fee_split() -> FeeSplit {
//! 		Rewards::api_fee_split()
//! 	}
//! 	fn pot() -> (AccountId, Balance) {
//! 		Rewards::api_pot()
//! 	}
//! 	fn ledger(model: ModelId) -> Option<LedgerAccount<Balance>> {
//! 		Rewards::api_ledger(model)
//! 	}
//! 	fn ledger_claimed(model: ModelId, who: AccountId) -> Balance {
//! 		Rewards::api_ledger_claimed(model, who)
//! 	}
//! }
//! ```

use crate::{pallet::*, types::*, BalanceOf};
use alloc::vec::Vec;
use codec::Codec;
use frame_support::traits::fungible::Inspect;
use openledger_primitives::{FeeSplit, ModelId};
use sp_runtime::{traits::Zero, Saturating};

sp_api::decl_runtime_apis! {
	/// Read access to rewards for wallets, dApps and indexers.
	pub trait RewardsApi<AccountId, Balance>
	where
		AccountId: Codec,
		Balance: Codec,
	{
		/// What `who` could claim now from each pool it is listed in, then from its direct
		/// ledger (`Direct`, always last): at most `MaxPoolsPerAccount + 1` entries. Pools it
		/// joined while its list was full are not included (see `pending_in`).
		fn pending(who: AccountId) -> Vec<(PoolId, Balance)>;

		/// What `who` could claim now from `pool` (zero if it is not a member).
		fn pending_in(who: AccountId, pool: PoolId) -> Balance;

		/// The sum of `pending`: what `claim_all` would pay `who` now.
		fn pending_total(who: AccountId) -> Balance;

		/// A pool's points, reward counter, remainder, undistributed balance and member count,
		/// `None` if it never had members.
		fn pool(pool: PoolId) -> Option<PoolView<Balance>>;

		/// The fee split applied to inference fees now.
		fn fee_split() -> FeeSplit;

		/// The pot account, which holds every reward until claimed, and its balance.
		fn pot() -> (AccountId, Balance);

		/// A model's ledger: what it received, what claims paid out of it and the root they
		/// are proven against; `None` for a model without a ledger (no attribution spec).
		fn ledger(model: ModelId) -> Option<LedgerAccount<Balance>>;

		/// What `who` has claimed from `model`'s ledger so far: `claim_by_proof` with its leaf
		/// under the current root would pay `owed` minus this (capped by what the ledger
		/// holds, `inflow − claimed`).
		fn ledger_claimed(model: ModelId, who: AccountId) -> Balance;
	}
}

impl<T: Config> Pallet<T> {
	/// See [`RewardsApi::pending`].
	pub fn api_pending(who: T::AccountId) -> Vec<(PoolId, BalanceOf<T>)> {
		AccountPools::<T>::get(&who)
			.iter()
			.copied()
			.chain(core::iter::once(PoolId::Direct))
			.map(|pool| (pool, Self::claimable(&who, pool)))
			.collect()
	}

	/// See [`RewardsApi::pending_in`].
	pub fn api_pending_in(who: T::AccountId, pool: PoolId) -> BalanceOf<T> {
		Self::claimable(&who, pool)
	}

	/// See [`RewardsApi::pending_total`].
	pub fn api_pending_total(who: T::AccountId) -> BalanceOf<T> {
		Self::api_pending(who)
			.into_iter()
			.fold(BalanceOf::<T>::zero(), |total, (_, amount)| total.saturating_add(amount))
	}

	/// See [`RewardsApi::pool`].
	pub fn api_pool(pool: PoolId) -> Option<PoolView<BalanceOf<T>>> {
		Pools::<T>::get(pool)
	}

	/// See [`RewardsApi::fee_split`].
	pub fn api_fee_split() -> FeeSplit {
		FeeSplitStorage::<T>::get()
	}

	/// See [`RewardsApi::pot`].
	pub fn api_pot() -> (T::AccountId, BalanceOf<T>) {
		let pot = Self::pot();
		let balance = T::Currency::balance(&pot);
		(pot, balance)
	}

	/// See [`RewardsApi::ledger`].
	pub fn api_ledger(model: ModelId) -> Option<LedgerAccount<BalanceOf<T>>> {
		ModelLedgers::<T>::get(model)
	}

	/// See [`RewardsApi::ledger_claimed`].
	pub fn api_ledger_claimed(model: ModelId, who: T::AccountId) -> BalanceOf<T> {
		LedgerClaimed::<T>::get(model, who)
	}
}
