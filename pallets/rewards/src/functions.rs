//! The pallet's logic: one `do_*` function per call (but `claim_by_proof`, in `ledger.rs`), the
//! fee distribution and point updates behind [`openledger_primitives::RewardSink`], and the
//! pool bookkeeping they share.
//!
//! Pool maths is [`openledger_primitives::rewards`]; this file only keeps the state. Points
//! change only through [`Pallet::set_points`], which settles the member first.

use crate::{pallet::*, types::*, BalanceOf, LOG_TARGET};
use alloc::{collections::BTreeMap, vec::Vec};
use frame_support::{
	ensure,
	storage::with_storage_layer,
	traits::{
		fungible::{Inspect, Mutate},
		tokens::Preservation,
		Get,
	},
};
use openledger_primitives::{
	rewards::{self, POINTS_PER_SCORE},
	fee_emission, ContributionId, ContributionInspect, DatanetId, DatanetInspect, FeeSplit,
	ModelId, Points, Score,
};
use sp_runtime::{
	traits::{AccountIdConversion, CheckedDiv, Zero},
	DispatchError, DispatchResult, Perbill, SaturatedConversion, Saturating,
};

/// A balance as `u128`, for the maths (saturating: the runtime's balance is `u128`).
pub(crate) fn to_u128<T: Config>(amount: BalanceOf<T>) -> u128 {
	amount.saturated_into()
}

/// A `u128` from the maths as a balance (saturating).
pub(crate) fn to_balance<T: Config>(amount: u128) -> BalanceOf<T> {
	BalanceOf::<T>::saturated_from(amount)
}

/// An amount owed to an account.
type Credit<T> = (<T as frame_system::Config>::AccountId, BalanceOf<T>);

impl<T: Config> Pallet<T> {
	// ---- calls ----

	/// Pays `who` everything `pool` owes it and returns the amount.
	pub(crate) fn do_claim(who: T::AccountId, pool: PoolId) -> Result<BalanceOf<T>, DispatchError> {
		with_storage_layer(|| -> Result<BalanceOf<T>, DispatchError> {
			let amount = Self::take_claimable(&who, pool);
			ensure!(!amount.is_zero(), Error::<T>::NothingToClaim);
			Self::pay(&who, amount)?;
			Self::deposit_event(Event::RewardClaimed { who, pool, amount });
			Ok(amount)
		})
	}

	/// Pays `who` everything its listed pools and its direct ledger owe it, in one transfer.
	/// Returns the number of listed pools (for the actual weight).
	pub(crate) fn do_claim_all(who: T::AccountId) -> Result<u32, DispatchError> {
		let listed = AccountPools::<T>::get(&who);
		let listed_count = u32::try_from(listed.len()).unwrap_or(u32::MAX);
		with_storage_layer(|| -> Result<u32, DispatchError> {
			let mut total = BalanceOf::<T>::zero();
			let mut claimed: Vec<(PoolId, BalanceOf<T>)> = Vec::new();
			for pool in listed.iter().copied().chain(core::iter::once(PoolId::Direct)) {
				let amount = Self::take_claimable(&who, pool);
				if !amount.is_zero() {
					total = total.saturating_add(amount);
					claimed.push((pool, amount));
				}
			}
			ensure!(!total.is_zero(), Error::<T>::NothingToClaim);
			Self::pay(&who, total)?;
			for (pool, amount) in claimed {
				Self::deposit_event(Event::RewardClaimed { who: who.clone(), pool, amount });
			}
			Ok(listed_count)
		})
	}

	pub(crate) fn do_set_fee_split(split: FeeSplit) -> DispatchResult {
		ensure!(split.is_valid(&T::FeeSplitBounds::get()), Error::<T>::FeeSplitOutOfBounds);
		FeeSplitStorage::<T>::put(split);
		Self::deposit_event(Event::FeeSplitSet { split });
		Ok(())
	}

	pub(crate) fn do_set_emission(per_era: BalanceOf<T>) -> DispatchResult {
		ensure!(per_era <= T::MaxEmissionPerEra::get(), Error::<T>::EmissionTooHigh);
		EmissionPerEra::<T>::put(per_era);
		Self::deposit_event(Event::EmissionSet { per_era });
		Ok(())
	}

	// ---- RewardSink ----

	/// Splits a fee that has arrived in the pot (see the crate docs). Never fails: the fee has
	/// moved already, so every share is routed somewhere.
	pub(crate) fn distribute_fee(
		model: ModelId,
		owner: &T::AccountId,
		fee: BalanceOf<T>,
		attributions: &[(ContributionId, Perbill)],
	) {
		if fee.is_zero() {
			return;
		}
		let shares = FeeSplitStorage::<T>::get().split(to_u128::<T>(fee));
		let treasury_share = to_balance::<T>(shares.treasury);
		let model_owner = to_balance::<T>(shares.model_owner);
		let attestors = to_balance::<T>(shares.attestors);
		let contributors = to_balance::<T>(shares.contributors);

		Self::credit_direct(owner, model_owner);
		let attestors_unpaid = Self::accrue_into(PoolId::Attestors(model), attestors);

		// Receipt attributions first; what they leave goes into the model's ledger if it has
		// one, into its pool otherwise.
		let mut rest = contributors;
		for (contribution, share) in attributions {
			let part = share.mul_floor(contributors).min(rest);
			if part.is_zero() {
				continue;
			}
			let Some(summary) = T::Contributions::contribution(*contribution) else { continue };
			if !summary.status.is_live() {
				continue;
			}
			rest = rest.saturating_sub(part);
			let (curator_part, contributor_part) = Self::curation_split(summary.datanet, part);
			if let Some((datanet_owner, amount)) = curator_part {
				Self::credit_direct(&datanet_owner, amount);
			}
			Self::credit_direct(&summary.contributor, contributor_part);
		}
		let attributed = contributors.saturating_sub(rest);
		let (model_pool, ledger, rest_unpaid) = match Self::accrue_into_ledger(model, rest) {
			Some(unpaid) => (Zero::zero(), rest.saturating_sub(unpaid), unpaid),
			None => {
				let unpaid = Self::accrue_into(PoolId::Model(model), rest);
				(rest.saturating_sub(unpaid), Zero::zero(), unpaid)
			},
		};

		let treasury =
			treasury_share.saturating_add(attestors_unpaid).saturating_add(rest_unpaid);
		Self::pay_treasury(treasury);
		let emission = Self::emit_for_fee(model, fee, treasury_share);

		Ledger::<T>::mutate(|ledger| ledger.fees_in = ledger.fees_in.saturating_add(fee));
		Self::deposit_event(Event::FeeDistributed {
			model,
			fee,
			treasury,
			model_owner,
			attestors: attestors.saturating_sub(attestors_unpaid),
			attributed,
			model_pool,
			ledger,
			emission,
		});
	}

	/// Mints the emission `fee` earns ([`openledger_primitives::fee_emission`], capped at
	/// `treasury_share`) into the pot and pays it where the fee's unattributed contributor share
	/// goes: `model`'s ledger if it has one, its pool otherwise, so that exactly those the fee
	/// pays earn it. Rolls [`EmissionEra`] over at an era's first fee and counts the fee in it.
	/// Returns what was minted (nothing if the pool has no members or minting fails).
	fn emit_for_fee(
		model: ModelId,
		fee: BalanceOf<T>,
		treasury_share: BalanceOf<T>,
	) -> BalanceOf<T> {
		let era = Self::current_era();
		let mut state = match EmissionEra::<T>::get() {
			Some(state) if state.era == era => state,
			previous => EmissionState {
				era,
				per_era: EmissionPerEra::<T>::get(),
				minted: Zero::zero(),
				fees: Zero::zero(),
				// Only the era just before counts; after an era without fees, none.
				previous_fees: previous
					.filter(|state| state.era.checked_add(1) == Some(era))
					.map_or_else(Zero::zero, |state| state.fees),
			},
		};
		let emission = to_balance::<T>(fee_emission(
			to_u128::<T>(state.per_era),
			to_u128::<T>(fee),
			to_u128::<T>(state.previous_fees),
			to_u128::<T>(treasury_share),
			to_u128::<T>(state.per_era.saturating_sub(state.minted)),
		));
		let minted = if emission.is_zero() {
			Zero::zero()
		} else {
			with_storage_layer(|| -> Result<BalanceOf<T>, DispatchError> {
				let unpaid = match Self::accrue_into_ledger(model, emission) {
					Some(unpaid) => unpaid,
					None => Self::accrue_into(PoolId::Model(model), emission),
				};
				let minted = emission.saturating_sub(unpaid);
				if !minted.is_zero() {
					T::Currency::mint_into(&Self::pot(), minted)?;
				}
				Ok(minted)
			})
			.unwrap_or_else(|error| {
				log::warn!(target: LOG_TARGET, "emission not minted ({error:?})");
				Zero::zero()
			})
		};
		state.fees = state.fees.saturating_add(fee);
		state.minted = state.minted.saturating_add(minted);
		EmissionEra::<T>::put(state);
		if !minted.is_zero() {
			Ledger::<T>::mutate(|ledger| ledger.emission_in = ledger.emission_in.saturating_add(minted));
		}
		minted
	}

	/// Replaces the points of `model`'s pool by those of `consensus`: every current member is
	/// settled, members without new points leave, and every account's points become the sum of
	/// its shares of the consensus scores (contributor, and datanet owner by curation fee).
	/// Contributions no longer live are skipped.
	pub(crate) fn replace_model_points(model: ModelId, consensus: &[(ContributionId, Score)]) {
		let pool = PoolId::Model(model);
		let bound = T::MaxModelPoolMembers::get() as usize;
		let mut points: BTreeMap<T::AccountId, Points> = BTreeMap::new();
		let mut add = |who: T::AccountId, amount: Points| {
			if amount == 0 {
				return;
			}
			if let Some(existing) = points.get_mut(&who) {
				*existing = existing.saturating_add(amount);
			} else if points.len() < bound {
				points.insert(who, amount);
			} else {
				log::warn!(
					target: LOG_TARGET,
					"model {model}'s pool is full (MaxModelPoolMembers): points dropped",
				);
			}
		};
		for (contribution, score) in consensus {
			let Some(summary) = T::Contributions::contribution(*contribution) else { continue };
			if !summary.status.is_live() {
				continue;
			}
			let total = u128::from(*score).saturating_mul(POINTS_PER_SCORE);
			let (fee, datanet_owner) = Self::curation_of(summary.datanet);
			let owner_points = match datanet_owner {
				Some(_) => u128::from(fee.deconstruct()).saturating_mul(u128::from(*score)),
				None => 0,
			};
			add(summary.contributor, total.saturating_sub(owner_points));
			if let Some(datanet_owner) = datanet_owner {
				add(datanet_owner, owner_points);
			}
		}

		let (members, total_points) = Self::replace_points(pool, &points, bound);
		Self::deposit_event(Event::ModelPointsReplaced { model, members, total_points });
	}

	/// Replaces the points of `model`'s attestors' pool by `attestors` (their weights in the
	/// round just finalized; an account named twice adds up), settling every current member
	/// first. At most `MaxAttestorsPerModel` accounts.
	pub(crate) fn replace_attestor_points(
		model: ModelId,
		attestors: &[(T::AccountId, BalanceOf<T>)],
	) {
		let pool = PoolId::Attestors(model);
		let bound = T::MaxAttestorsPerModel::get() as usize;
		let mut points: BTreeMap<T::AccountId, Points> = BTreeMap::new();
		for (who, weight) in attestors {
			let weight = to_u128::<T>(*weight);
			if weight == 0 {
				continue;
			}
			if let Some(existing) = points.get_mut(who) {
				*existing = existing.saturating_add(weight);
			} else if points.len() < bound {
				points.insert(who.clone(), weight);
			} else {
				log::warn!(
					target: LOG_TARGET,
					"model {model}'s attestors' pool is full (MaxAttestorsPerModel): points dropped",
				);
			}
		}
		let (members, total_points) = Self::replace_points(pool, &points, bound);
		Self::deposit_event(Event::AttestorsReplaced { model, members, total_points });
	}

	/// Makes `points` the points of `pool` (at most `bound` members before and after): every
	/// current member is settled, those without new points leave. Returns the pool's members
	/// and total points.
	fn replace_points(
		pool: PoolId,
		points: &BTreeMap<T::AccountId, Points>,
		bound: usize,
	) -> (u32, Points) {
		let mut info = Pools::<T>::get(pool).unwrap_or_default();
		let current: Vec<T::AccountId> =
			PoolMembers::<T>::iter_key_prefix(pool).take(bound).collect();
		for who in current {
			if !points.contains_key(&who) {
				Self::set_points(pool, &mut info, &who, 0);
			}
		}
		for (who, new_points) in points {
			Self::set_points(pool, &mut info, who, *new_points);
		}
		let (members, total_points) = (info.members, info.total_points);
		Pools::<T>::insert(pool, info);
		(members, total_points)
	}

	// ---- pools ----

	/// The pot: holds every reward until it is claimed.
	pub fn pot() -> T::AccountId {
		T::PalletId::get().into_account_truncating()
	}

	/// The current era: the block number divided by `EraLength`.
	pub fn current_era() -> EraIndex {
		frame_system::Pallet::<T>::block_number()
			.checked_div(&T::EraLength::get())
			.unwrap_or_default()
			.saturated_into()
	}

	/// Pays `amount` into `pool`, returning what could not accrue (everything if the pool has no
	/// points), for the caller to route elsewhere.
	pub(crate) fn accrue_into(pool: PoolId, amount: BalanceOf<T>) -> BalanceOf<T> {
		if amount.is_zero() {
			return amount;
		}
		let Some(mut info) = Pools::<T>::get(pool) else { return amount };
		let accrual = rewards::accrue(
			info.reward_counter,
			info.remainder,
			to_u128::<T>(amount),
			info.total_points,
		);
		if accrual.dust != 0 {
			return amount;
		}
		info.reward_counter = accrual.counter;
		info.remainder = accrual.remainder;
		info.undistributed = info.undistributed.saturating_add(amount);
		Pools::<T>::insert(pool, info);
		BalanceOf::<T>::zero()
	}

	/// Credits `member` of the pool `info` with what it earned since it was last settled.
	pub(crate) fn settle_member(
		info: &mut PoolInfo<BalanceOf<T>>,
		member: &mut Member<BalanceOf<T>>,
	) {
		let settlement = rewards::settle(
			member.points,
			info.reward_counter,
			member.last_counter,
			member.carry,
		);
		let earned = to_balance::<T>(settlement.amount);
		member.last_counter = info.reward_counter;
		member.carry = settlement.carry;
		member.pending = member.pending.saturating_add(earned);
		info.undistributed = info.undistributed.saturating_sub(earned);
	}

	/// Sets `who`'s points in `pool` (whose record `info` the caller stores), settling it first.
	/// With zero points the account leaves the pool: its pending reward moves to its direct
	/// ledger, its carry to the pool's remainder.
	pub(crate) fn set_points(
		pool: PoolId,
		info: &mut PoolInfo<BalanceOf<T>>,
		who: &T::AccountId,
		points: Points,
	) {
		match (PoolMembers::<T>::get(pool, who), points) {
			(None, 0) => {},
			(None, points) => {
				let listed = Self::list_pool(who, pool);
				PoolMembers::<T>::insert(
					pool,
					who,
					Member {
						points,
						last_counter: info.reward_counter,
						carry: 0,
						pending: Zero::zero(),
						listed,
					},
				);
				info.total_points = info.total_points.saturating_add(points);
				info.members = info.members.saturating_add(1);
			},
			(Some(mut member), 0) => {
				Self::settle_member(info, &mut member);
				info.total_points = info.total_points.saturating_sub(member.points);
				info.members = info.members.saturating_sub(1);
				Self::credit_direct(who, member.pending);
				let (remainder, written_off) = rewards::fold_carry(info.remainder, member.carry);
				info.remainder = remainder;
				if written_off != 0 {
					let written_off = to_balance::<T>(written_off);
					info.undistributed = info.undistributed.saturating_sub(written_off);
					Ledger::<T>::mutate(|ledger| ledger.dust = ledger.dust.saturating_add(written_off));
				}
				if member.listed {
					Self::unlist_pool(who, pool);
				}
				PoolMembers::<T>::remove(pool, who);
			},
			(Some(mut member), points) => {
				Self::settle_member(info, &mut member);
				info.total_points =
					info.total_points.saturating_sub(member.points).saturating_add(points);
				member.points = points;
				PoolMembers::<T>::insert(pool, who, member);
			},
		}
	}

	/// Empties what `pool` owes `who` (settling it first) and returns the amount, which the
	/// caller pays.
	fn take_claimable(who: &T::AccountId, pool: PoolId) -> BalanceOf<T> {
		if pool == PoolId::Direct {
			return DirectLedger::<T>::take(who);
		}
		let (Some(mut member), Some(mut info)) = (PoolMembers::<T>::get(pool, who), Pools::<T>::get(pool))
		else {
			return Zero::zero();
		};
		Self::settle_member(&mut info, &mut member);
		let amount = core::mem::take(&mut member.pending);
		Pools::<T>::insert(pool, info);
		PoolMembers::<T>::insert(pool, who, member);
		amount
	}

	/// What `pool` owes `who` now: its settled pending reward plus what it earned since.
	pub(crate) fn claimable(who: &T::AccountId, pool: PoolId) -> BalanceOf<T> {
		if pool == PoolId::Direct {
			return DirectLedger::<T>::get(who);
		}
		let (Some(member), Some(info)) = (PoolMembers::<T>::get(pool, who), Pools::<T>::get(pool))
		else {
			return Zero::zero();
		};
		let earned = rewards::pending(
			member.points,
			info.reward_counter,
			member.last_counter,
			member.carry,
		);
		member.pending.saturating_add(to_balance::<T>(earned))
	}

	/// What `claim_all` would pay `who` now: its listed pools and its direct ledger.
	pub(crate) fn claimable_in_all(who: &T::AccountId) -> BalanceOf<T> {
		AccountPools::<T>::get(who)
			.iter()
			.copied()
			.chain(core::iter::once(PoolId::Direct))
			.fold(Zero::zero(), |total: BalanceOf<T>, pool| {
				total.saturating_add(Self::claimable(who, pool))
			})
	}

	/// Whether a claim paying `amount` is free for its caller: at least `MinFreeClaim`, and
	/// within what the pot can pay (so that a free claim never fails for want of funds).
	pub fn is_free_claim(amount: BalanceOf<T>) -> bool {
		amount >= T::MinFreeClaim::get() &&
			amount <=
				T::Currency::reducible_balance(
					&Self::pot(),
					frame_support::traits::tokens::Preservation::Preserve,
					frame_support::traits::tokens::Fortitude::Polite,
				)
	}

	/// Credits `amount` to `who`'s direct ledger.
	pub(crate) fn credit_direct(who: &T::AccountId, amount: BalanceOf<T>) {
		if !amount.is_zero() {
			DirectLedger::<T>::mutate(who, |owed| *owed = owed.saturating_add(amount));
		}
	}

	/// Lists `pool` in `who`'s pools if there is room; returns whether it did.
	fn list_pool(who: &T::AccountId, pool: PoolId) -> bool {
		let listed = AccountPools::<T>::mutate(who, |pools| {
			pools.contains(&pool) || pools.try_push(pool).is_ok()
		});
		if !listed {
			Self::deposit_event(Event::PoolNotListed { who: who.clone(), pool });
		}
		listed
	}

	/// Removes `pool` from `who`'s listed pools.
	fn unlist_pool(who: &T::AccountId, pool: PoolId) {
		AccountPools::<T>::mutate_exists(who, |maybe_pools| {
			if let Some(pools) = maybe_pools {
				pools.retain(|listed| *listed != pool);
				if pools.is_empty() {
					*maybe_pools = None;
				}
			}
		});
	}

	/// A datanet's curation fee and owner (zero and `None` once the datanet is gone).
	fn curation_of(datanet: DatanetId) -> (Perbill, Option<T::AccountId>) {
		let owner = T::Datanets::owner(datanet);
		let fee = T::Datanets::policy(datanet).map(|policy| policy.curation_fee);
		(fee.unwrap_or_default(), owner)
	}

	/// Splits what a contribution earned between its datanet's owner (the curation fee, rounded
	/// down) and its contributor (the rest).
	fn curation_split(
		datanet: DatanetId,
		amount: BalanceOf<T>,
	) -> (Option<Credit<T>>, BalanceOf<T>) {
		match Self::curation_of(datanet) {
			(fee, Some(owner)) if !fee.is_zero() => {
				let owner_part = fee.mul_floor(amount);
				(Some((owner, owner_part)), amount.saturating_sub(owner_part))
			},
			_ => (None, amount),
		}
	}

	// ---- funds ----

	/// Pays `amount` from the pot to `who`; the pot keeps its existential deposit.
	pub(crate) fn pay(who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		T::Currency::transfer(&Self::pot(), who, amount, Preservation::Preserve)?;
		Ledger::<T>::mutate(|ledger| ledger.paid_out = ledger.paid_out.saturating_add(amount));
		Ok(())
	}

	/// Sends `amount` from the pot to the treasury. Should the transfer fail (the treasury
	/// account was reaped and `amount` is below the existential deposit), the amount is credited
	/// to the treasury's direct ledger instead, for anyone to `claim_for` later.
	fn pay_treasury(amount: BalanceOf<T>) {
		if amount.is_zero() {
			return;
		}
		let treasury = T::TreasuryAccount::get();
		let sent = with_storage_layer(|| {
			T::Currency::transfer(&Self::pot(), &treasury, amount, Preservation::Preserve)
		});
		match sent {
			Ok(_) => Ledger::<T>::mutate(|ledger| {
				ledger.to_treasury = ledger.to_treasury.saturating_add(amount)
			}),
			Err(error) => {
				log::warn!(
					target: LOG_TARGET,
					"treasury transfer failed ({error:?}): credited to its direct ledger",
				);
				Self::credit_direct(&treasury, amount);
			},
		}
	}

	/// Gives the pot the existential deposit if it holds less (at genesis).
	pub(crate) fn ensure_pot_exists() {
		let pot = Self::pot();
		let missing = T::Currency::minimum_balance().saturating_sub(T::Currency::balance(&pot));
		if !missing.is_zero() {
			if let Err(error) = T::Currency::mint_into(&pot, missing) {
				log::error!(target: LOG_TARGET, "could not fund the pot: {error:?}");
			}
		}
	}
}
