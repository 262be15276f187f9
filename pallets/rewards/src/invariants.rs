//! The pallet's invariants, checked by [`Pallet::do_try_state`]: in the `try_state` hook under
//! try-runtime, and after every unit test.
//!
//! This iterates every pool, member, ledger entry, model ledger, ledger claim and account list:
//! it is meant for try-runtime and tests, never for block execution.

use crate::{functions::to_u128, pallet::*, types::*, BalanceOf};
use alloc::collections::{BTreeMap, BTreeSet};
use frame_support::{
	ensure,
	traits::{fungible::Inspect, Get},
};
use openledger_primitives::{
	rewards::{self, U512},
	ModelId, Points,
};
use sp_runtime::{
	traits::{CheckedAdd, CheckedSub, Zero},
	Saturating, TryRuntimeError,
};

/// What a pool's member records add up to.
#[derive(Default)]
struct MemberSums<Balance> {
	points: Points,
	members: u32,
	/// Σ owed in `2^-128` units (identity (1)).
	owed: U512,
	/// Σ pending now (settled plus counter-accrued, rounded down).
	claimable: u128,
	/// Σ settled pending.
	settled: Balance,
}

impl<T: Config> Pallet<T> {
	/// Checks every invariant of the pallet (listed in the crate docs), returning the first
	/// violation found.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		let mut sums: BTreeMap<PoolId, MemberSums<BalanceOf<T>>> = BTreeMap::new();
		let mut listed: BTreeSet<(T::AccountId, PoolId)> = BTreeSet::new();

		for (pool, who, member) in PoolMembers::<T>::iter() {
			ensure!(pool != PoolId::Direct, "a member record of the Direct pseudo-pool");
			ensure!(member.points > 0, "a pool member without points");
			let info = Pools::<T>::get(pool).ok_or("a member of a pool without a record")?;
			let sum = sums.entry(pool).or_default();
			sum.points = sum.points.checked_add(member.points).ok_or("pool points overflow")?;
			sum.members = sum.members.saturating_add(1);
			let owed = rewards::owed_scaled(
				member.points,
				info.reward_counter,
				member.last_counter,
				member.carry,
			);
			sum.owed = sum.owed.checked_add(owed).ok_or("owed overflow")?;
			let pending = rewards::pending(
				member.points,
				info.reward_counter,
				member.last_counter,
				member.carry,
			);
			sum.claimable = sum.claimable.saturating_add(pending);
			sum.settled = sum.settled.saturating_add(member.pending);
			if member.listed {
				listed.insert((who, pool));
			}
		}

		let mut undistributed = BalanceOf::<T>::zero();
		let mut settled = BalanceOf::<T>::zero();
		for (pool, info) in Pools::<T>::iter() {
			let sum = sums.remove(&pool).unwrap_or_default();
			ensure!(pool != PoolId::Direct, "a pool record of the Direct pseudo-pool");
			ensure!(info.total_points == sum.points, "a pool's points differ from its members'");
			ensure!(info.members == sum.members, "a pool's member count differs from its records");
			match pool {
				PoolId::Model(_) => ensure!(
					info.members <= T::MaxModelPoolMembers::get(),
					"a model pool has more than MaxModelPoolMembers members"
				),
				PoolId::Attestors(_) => ensure!(
					info.members <= T::MaxAttestorsPerModel::get(),
					"a model's attestors' pool has more than MaxAttestorsPerModel members"
				),
				PoolId::Direct => {},
			}
			// Identity (1): 2^128 × undistributed == remainder + Σ owed, exactly.
			let held = rewards::scaled(to_u128::<T>(info.undistributed));
			let owed = sum.owed.checked_add(U512::from(info.remainder)).ok_or("owed overflow")?;
			ensure!(held == owed, "a pool's undistributed balance differs from what it owes");
			// Hence: pending rewards are backed, and dust is at most one unit per member.
			let holding = to_u128::<T>(info.undistributed);
			ensure!(sum.claimable <= holding, "a pool owes more than it holds");
			ensure!(
				holding.saturating_sub(sum.claimable) <= u128::from(info.members),
				"a pool's dust exceeds one unit per member"
			);
			undistributed = undistributed.saturating_add(info.undistributed);
			settled = settled.saturating_add(sum.settled);
		}
		ensure!(sums.is_empty(), "members of a pool without a record");

		// AccountPools lists exactly the listed memberships, each once.
		let mut listed_count: usize = 0;
		for (who, pools) in AccountPools::<T>::iter() {
			ensure!(!pools.is_empty(), "an empty AccountPools entry is stored");
			for pool in pools.iter() {
				listed_count = listed_count.saturating_add(1);
				ensure!(
					listed.contains(&(who.clone(), *pool)),
					"AccountPools lists a pool the account is not a listed member of"
				);
			}
		}
		ensure!(listed_count == listed.len(), "a listed membership is missing from AccountPools");

		let ledgers_held = Self::check_model_ledgers()?;

		// The ledger balances exactly.
		let ledger = Ledger::<T>::get();
		let direct = DirectLedger::<T>::iter_values()
			.fold(BalanceOf::<T>::zero(), |sum, owed| sum.saturating_add(owed));
		let taken_in = ledger.fees_in.saturating_add(ledger.emission_in);
		let sent_out = ledger.paid_out.saturating_add(ledger.to_treasury);
		let accounted = sent_out
			.saturating_add(ledger.dust)
			.saturating_add(direct)
			.saturating_add(undistributed)
			.saturating_add(settled)
			.saturating_add(ledgers_held);
		ensure!(taken_in == accounted, "the value ledger does not balance");

		// The pot holds the existential deposit plus everything it took in and did not send
		// out (more if someone sent it funds).
		let held = taken_in.checked_sub(&sent_out).ok_or("more was sent out than taken in")?;
		let pot = T::Currency::balance(&Self::pot());
		ensure!(
			pot >= T::Currency::minimum_balance().saturating_add(held),
			"the pot holds less than it owes"
		);

		ensure!(
			FeeSplitStorage::<T>::get().is_valid(&T::FeeSplitBounds::get()),
			"the fee split is out of bounds"
		);
		ensure!(
			EmissionPerEra::<T>::get() <= T::MaxEmissionPerEra::get(),
			"the emission per era exceeds its maximum"
		);
		if let Some(era) = EmissionEra::<T>::get() {
			ensure!(era.minted <= era.per_era, "an era minted more than its emission");
			ensure!(
				era.per_era <= T::MaxEmissionPerEra::get(),
				"an era's emission exceeds the maximum"
			);
			ensure!(era.era <= Self::current_era(), "the emission era lies in the future");
		}
		Ok(())
	}

	/// Checks every model ledger: it paid out at most what it received, its root owes at most
	/// that, its claims add up, and claims exist only for ledgers. Returns what the ledgers
	/// hold, `Σ (inflow − claimed)`, for the value identity.
	fn check_model_ledgers() -> Result<BalanceOf<T>, TryRuntimeError> {
		let mut claims: BTreeMap<ModelId, BalanceOf<T>> = BTreeMap::new();
		for (model, _who, claimed) in LedgerClaimed::<T>::iter() {
			ensure!(!claimed.is_zero(), "a zero LedgerClaimed entry is stored");
			ensure!(
				ModelLedgers::<T>::contains_key(model),
				"a ledger claim of a model without a ledger"
			);
			let sum = claims.entry(model).or_default();
			*sum = sum.checked_add(&claimed).ok_or("ledger claims overflow")?;
		}
		let mut held = BalanceOf::<T>::zero();
		for (model, ledger) in ModelLedgers::<T>::iter() {
			ensure!(ledger.claimed <= ledger.inflow, "a ledger paid out more than it received");
			if let Some(root) = ledger.root {
				ensure!(
					root.owed <= to_u128::<T>(ledger.inflow),
					"a ledger's root owes more than the ledger received"
				);
			}
			let claimed = claims.remove(&model).unwrap_or_default();
			ensure!(claimed == ledger.claimed, "a ledger's claims differ from its claimed total");
			held = held.saturating_add(ledger.inflow.saturating_sub(ledger.claimed));
		}
		Ok(held)
	}
}
