//! Benchmarks of every call of the rewards pallet and of its `RewardSink` functions, each in its
//! worst case. `claim` is measured over pools of 1 to [`CLAIM_BENCHMARK_MEMBERS`] members
//! (inserted straight into storage) to show that its cost does not depend on the pool's size;
//! `claim_by_proof` over proofs of 0 to `MAX_PROOF_NODES` nodes. The ledger hooks of
//! `RewardSink` are one read and one write each, weighed by `DbWeight` without a benchmark.

use super::*;
use crate::Pallet as Rewards;
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::traits::{
	fungible::{Inspect, Mutate},
	EnsureOrigin, Get,
};
use frame_system::RawOrigin;
use openledger_core::ledger::{LedgerNode, MAX_PROOF_NODES};
use openledger_primitives::{
	ledger_account, Admission, ContributionId, ContributionInspect, DatanetInspect, DatanetPolicy,
	LedgerLeaf, LedgerRoot, ModelId, Points, ReviewMode, RewardSink, Score, H256,
};
use sp_runtime::{traits::Zero, Perbill, SaturatedConversion, Saturating};

const SEED: u32 = 0;

/// The most receipt attributions `inference_paid` is measured with (the weight is linear in
/// them, so larger runtime bounds extrapolate).
const MAX_ATTRIBUTIONS: u32 = 64;

/// Points of every member of a seeded pool.
const MEMBER_POINTS: Points = 1_000;

/// `n` existential deposits (at least `n` units).
fn amount<T: Config>(n: u32) -> BalanceOf<T> {
	T::Currency::minimum_balance().max(1u32.into()).saturating_mul(n.into())
}

/// Mints `amount` into the pot as if it were fees, keeping the ledger straight.
fn fund_pot<T: Config>(amount: BalanceOf<T>) -> Result<(), BenchmarkError> {
	Rewards::<T>::ensure_pot_exists();
	T::Currency::mint_into(&Rewards::<T>::pot(), amount)?;
	Ledger::<T>::mutate(|ledger| ledger.fees_in = ledger.fees_in.saturating_add(amount));
	Ok(())
}

/// Fills `pool` with `members` members of [`MEMBER_POINTS`] points each (`first` is one of them;
/// the others are listed in their `AccountPools` only with `list_all`), then pays 1 000
/// existential deposits per member into it, so that every member has a reward pending.
fn seed_pool<T: Config>(
	pool: PoolId,
	members: u32,
	first: &T::AccountId,
	list_all: bool,
) -> Result<(), BenchmarkError> {
	let mut info = Pools::<T>::get(pool).unwrap_or_default();
	for index in 0..members {
		let who: T::AccountId =
			if index == 0 { first.clone() } else { account("member", index, pool_seed(pool)) };
		let listed = (index == 0 || list_all) &&
			AccountPools::<T>::mutate(&who, |pools| pools.try_push(pool).is_ok());
		PoolMembers::<T>::insert(
			pool,
			&who,
			Member {
				points: MEMBER_POINTS,
				last_counter: info.reward_counter,
				carry: 0,
				pending: Zero::zero(),
				listed,
			},
		);
		info.total_points = info.total_points.saturating_add(MEMBER_POINTS);
		info.members = info.members.saturating_add(1);
	}
	Pools::<T>::insert(pool, info);
	let reward = amount::<T>(1_000).saturating_mul(members.into());
	fund_pot::<T>(reward)?;
	if !Rewards::<T>::accrue_into(pool, reward).is_zero() {
		return Err("the pool did not accrue".into());
	}
	Ok(())
}

/// A seed that keeps the member accounts of different pools apart.
fn pool_seed(pool: PoolId) -> u32 {
	match pool {
		PoolId::Model(model) => model.saturating_add(10),
		PoolId::Attestors(model) => model.saturating_add(1_000_000),
		PoolId::Direct => 2,
	}
}

/// `count` live contributions, each by its own contributor in its own datanet (with its own
/// owner and a 1% curation fee), so that every one of them credits two distinct accounts.
fn contributions<T: Config>(count: u32) -> Result<Vec<ContributionId>, BenchmarkError> {
	let policy = DatanetPolicy {
		admission: Admission::Open,
		review: ReviewMode::AutoAccept,
		contribution_deposit: Zero::zero(),
		rejection_slash: Perbill::zero(),
		curation_fee: Perbill::from_percent(1),
		max_contribution_size: u64::MAX,
	};
	(0..count)
		.map(|index| -> Result<ContributionId, BenchmarkError> {
			let owner: T::AccountId = account("datanet-owner", index, SEED);
			let contributor: T::AccountId = account("contributor", index, SEED);
			let datanet = T::Datanets::create_benchmark_datanet(&owner, policy)?;
			// A distinct hash per index: the index in the last eight bytes, big-endian.
			let mut bytes = [0u8; 32];
			let number = u64::from(index).saturating_add(1).to_le_bytes();
			for (byte, value) in bytes.iter_mut().rev().zip(number) {
				*byte = value;
			}
			let content = H256::from(bytes);
			Ok(T::Contributions::create_benchmark_contribution(&contributor, datanet, content)?)
		})
		.collect()
}

/// A root and a proof of `leaf` at index 0 of a tree of `2^levels` leaves, built in
/// `O(levels)`: the leaf is the left child at every level, and its siblings are arbitrary nodes
/// owing 1 each (no real tree has to exist for the proof to verify).
fn synthetic_proof(
	leaf: &LedgerLeaf,
	levels: u32,
) -> Result<(LedgerRoot, ProofSiblings), BenchmarkError> {
	let mut node = leaf.node();
	let mut siblings = Vec::new();
	for level in 0..levels {
		let tag = u8::try_from(level).unwrap_or(u8::MAX).saturating_add(1);
		let sibling = LedgerNode { hash: [tag; 32], owed: 1, score: 1 };
		node = node.parent(&sibling).ok_or("ledger sums overflow")?;
		siblings.push(sibling);
	}
	let leaves = 1u64.checked_shl(levels).ok_or("too many levels")?;
	let siblings = ProofSiblings::try_from(siblings).map_err(|_| "too many siblings")?;
	Ok((LedgerRoot::from_top(Some(&node), leaves), siblings))
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn claim(m: Linear<1, { CLAIM_BENCHMARK_MEMBERS }>) -> Result<(), BenchmarkError> {
		let caller: T::AccountId = whitelisted_caller();
		let pool = PoolId::Model(0);
		seed_pool::<T>(pool, m, &caller, false)?;
		let before = T::Currency::balance(&caller);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), pool);

		assert_eq!(T::Currency::balance(&caller), before.saturating_add(amount::<T>(1_000)));
		Ok(())
	}

	#[benchmark]
	fn claim_all(p: Linear<0, { T::MaxPoolsPerAccount::get() }>) -> Result<(), BenchmarkError> {
		let caller: T::AccountId = whitelisted_caller();
		for model in 0..p {
			seed_pool::<T>(PoolId::Model(model), 1, &caller, false)?;
		}
		fund_pot::<T>(amount::<T>(1_000))?;
		Rewards::<T>::credit_direct(&caller, amount::<T>(1_000));
		let before = T::Currency::balance(&caller);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()));

		let paid = amount::<T>(1_000).saturating_mul(p.saturating_add(1).into());
		assert_eq!(T::Currency::balance(&caller), before.saturating_add(paid));
		Ok(())
	}

	#[benchmark]
	fn claim_for() -> Result<(), BenchmarkError> {
		let caller: T::AccountId = whitelisted_caller();
		let member: T::AccountId = account("attestor", 0, SEED);
		seed_pool::<T>(PoolId::Attestors(0), 1, &member, false)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), member.clone(), PoolId::Attestors(0));

		assert_eq!(T::Currency::balance(&member), amount::<T>(1_000));
		Ok(())
	}

	#[benchmark]
	fn set_fee_split() -> Result<(), BenchmarkError> {
		let split = FeeSplitStorage::<T>::get();
		let origin = T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, split);

		assert_eq!(FeeSplitStorage::<T>::get(), split);
		Ok(())
	}

	#[benchmark]
	fn set_emission() -> Result<(), BenchmarkError> {
		let per_era = T::MaxEmissionPerEra::get();
		let origin = T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, per_era);

		assert_eq!(EmissionPerEra::<T>::get(), per_era);
		Ok(())
	}

	#[benchmark]
	fn attribution_finalized(
		c: Linear<1, { T::MaxModelPoolMembers::get().saturating_div(2).max(1) }>,
	) -> Result<(), BenchmarkError> {
		// A full pool of previous members, all listed, none of whom stays.
		let model: ModelId = 0;
		let previous: T::AccountId = account("previous", 0, SEED);
		seed_pool::<T>(PoolId::Model(model), T::MaxModelPoolMembers::get(), &previous, true)?;
		let consensus: Vec<(ContributionId, Score)> =
			contributions::<T>(c)?.into_iter().map(|id| (id, 100)).collect();

		#[block]
		{
			<Rewards<T> as RewardSink<T::AccountId, BalanceOf<T>>>::attribution_finalized(
				model, &consensus,
			);
		}

		let info = Pools::<T>::get(PoolId::Model(model)).ok_or("the pool is gone")?;
		assert_eq!(info.members, c.saturating_mul(2).min(T::MaxModelPoolMembers::get()));
		Ok(())
	}

	#[benchmark]
	fn inference_paid(a: Linear<0, { MAX_ATTRIBUTIONS }>) -> Result<(), BenchmarkError> {
		let model: ModelId = 0;
		let owner: T::AccountId = account("model-owner", 0, SEED);
		let payer: T::AccountId = account("payer", 0, SEED);
		seed_pool::<T>(PoolId::Attestors(model), 1, &account("attestor", 0, SEED), false)?;
		seed_pool::<T>(PoolId::Model(model), 1, &account("contributor", 0, SEED), false)?;
		let share = Perbill::from_rational(1u32, a.max(1));
		let attributions: Vec<(ContributionId, Perbill)> =
			contributions::<T>(a)?.into_iter().map(|id| (id, share)).collect();
		let fee = amount::<T>(1_000_000);
		// The attribution pallet moves the fee into the pot before telling this pallet.
		T::Currency::mint_into(&Rewards::<T>::pot(), fee)?;
		// The first fee of an era after an era with fees, with emission to mint: the era rolls
		// over and the fee's emission is minted into the model's pool.
		EmissionPerEra::<T>::put(T::MaxEmissionPerEra::get());
		frame_system::Pallet::<T>::set_block_number(T::EraLength::get());
		EmissionEra::<T>::put(EmissionState {
			era: 0,
			per_era: T::MaxEmissionPerEra::get(),
			minted: Zero::zero(),
			fees: fee,
			previous_fees: Zero::zero(),
		});

		#[block]
		{
			<Rewards<T> as RewardSink<T::AccountId, BalanceOf<T>>>::inference_paid(
				model,
				&owner,
				&payer,
				fee,
				&attributions,
			);
		}

		let era = EmissionEra::<T>::get().ok_or("no emission era")?;
		assert_eq!((era.era, era.fees), (1, fee));
		assert!(T::MaxEmissionPerEra::get().is_zero() || !era.minted.is_zero(), "nothing minted");
		Ok(())
	}

	#[benchmark]
	fn attestors_finalized(
		a: Linear<1, { T::MaxAttestorsPerModel::get() }>,
	) -> Result<(), BenchmarkError> {
		// A full pool of previous attestors, all listed and with rewards pending, none of whom
		// stays: each is settled, leaves and has its list of pools rewritten.
		let model: ModelId = 0;
		let previous: T::AccountId = account("previous", 0, SEED);
		seed_pool::<T>(PoolId::Attestors(model), T::MaxAttestorsPerModel::get(), &previous, true)?;
		let attestors: Vec<(T::AccountId, BalanceOf<T>)> =
			(0..a).map(|index| (account("attestor", index, SEED), amount::<T>(100))).collect();

		#[block]
		{
			<Rewards<T> as RewardSink<T::AccountId, BalanceOf<T>>>::attestors_finalized(
				model, &attestors,
			);
		}

		let info = Pools::<T>::get(PoolId::Attestors(model)).ok_or("the pool is gone")?;
		assert_eq!(info.members, a);
		assert!(!DirectLedger::<T>::get(&previous).is_zero());
		Ok(())
	}

	#[benchmark]
	fn claim_by_proof(n: Linear<0, { MAX_PROOF_NODES }>) -> Result<(), BenchmarkError> {
		// A relayer claims for a contributor whose account does not exist yet (so the transfer
		// creates it) and who claimed under an earlier root already.
		let relayer: T::AccountId = whitelisted_caller();
		let who: T::AccountId = account("contributor", 0, SEED);
		let model: ModelId = 0;
		let owed = amount::<T>(1_000);
		let claimed_before = amount::<T>(100);
		let leaf = LedgerLeaf {
			account: ledger_account(&who).ok_or("the account does not fit a leaf")?,
			owed: owed.saturated_into(),
			score: 1,
		};
		let (root, siblings) = synthetic_proof(&leaf, n)?;
		let inflow: BalanceOf<T> = root.owed.saturated_into();
		fund_pot::<T>(inflow)?;
		Ledger::<T>::mutate(|ledger| {
			ledger.paid_out = ledger.paid_out.saturating_add(claimed_before)
		});
		ModelLedgers::<T>::insert(
			model,
			LedgerAccount { inflow, claimed: claimed_before, root: Some(root) },
		);
		LedgerClaimed::<T>::insert(model, &who, claimed_before);

		#[extrinsic_call]
		_(RawOrigin::Signed(relayer), model, who.clone(), owed, 1, 0, siblings);

		assert_eq!(T::Currency::balance(&who), owed.saturating_sub(claimed_before));
		assert_eq!(LedgerClaimed::<T>::get(model, &who), owed);
		Ok(())
	}

	impl_benchmark_test_suite!(
		Rewards,
		crate::mock::ExtBuilder::default().build(),
		crate::mock::Test
	);
}
