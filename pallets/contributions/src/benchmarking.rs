//! Benchmarks of every call of the contributions pallet, each in its worst case: the longest
//! metadata URI, the most parents (each in its own datanet, so that every licence is a separate
//! read), and an allowlist datanet (one more read for admission).

use super::*;
use crate::Pallet as Contributions;
use alloc::{vec, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::traits::fungible::{Inspect, Mutate};
use frame_system::RawOrigin;
use openledger_primitives::{
	Admission, ContentHash, ContributionId, ContributionKind, ContributionStatus, DatanetId,
	DatanetInspect, DatanetPolicy, ReviewMode, Verdict, H256,
};
use sp_runtime::{traits::Bounded, DispatchError, Perbill, Saturating};

const SEED: u32 = 0;

/// The contribution deposit of benchmark datanets: ten existential deposits.
fn contribution_deposit<T: Config>() -> BalanceOf<T> {
	T::Currency::minimum_balance().saturating_mul(10u32.into())
}

/// Admission by allowlist (the owner is admitted; checking costs a read), curated or not, a
/// 10% rejection slash, no size limit worth the name.
fn policy<T: Config>(review: ReviewMode) -> DatanetPolicy<BalanceOf<T>> {
	DatanetPolicy {
		admission: Admission::Allowlist,
		review,
		contribution_deposit: contribution_deposit::<T>(),
		rejection_slash: Perbill::from_percent(10),
		curation_fee: Perbill::zero(),
		max_contribution_size: u64::MAX,
	}
}

/// Gives `who` enough for a hundred of the largest contributions.
fn fund<T: Config>(who: &T::AccountId) -> Result<(), DispatchError> {
	let storage = Contributions::<T>::storage_deposit_for(
		T::MaxMetadataUriLength::get() as usize,
		T::MaxParents::get() as usize,
	);
	let largest = contribution_deposit::<T>().saturating_add(storage);
	let amount =
		T::Currency::minimum_balance().saturating_add(largest).saturating_mul(100u32.into());
	T::Currency::mint_into(who, amount).map(|_| ())
}

/// Funds `datanet`'s sponsorship budget with as much as `fund` gives an account.
fn fund_budget<T: Config>(datanet: DatanetId) -> Result<T::AccountId, DispatchError> {
	let budget = Contributions::<T>::budget_account(datanet);
	fund::<T>(&budget)?;
	Ok(budget)
}

/// Arms the submit `who` is about to make to `datanet` as sponsored, as the runtime's
/// `CheckSponsorship` does before dispatch, so that the benchmark measures the sponsored path
/// (the deposits held on the budget account, the marker taken).
fn arm_sponsored<T: Config>(who: &T::AccountId, datanet: DatanetId) -> Result<(), DispatchError> {
	fund_budget::<T>(datanet)?;
	SponsoredSubmit::<T>::put((who.clone(), datanet));
	Ok(())
}

/// A content hash unique to `n`.
fn content(n: u32) -> ContentHash {
	let mut bytes = [0u8; 32];
	let number = u64::from(n).saturating_add(1).to_be_bytes();
	for (byte, value) in bytes.iter_mut().skip(24).zip(number) {
		*byte = value;
	}
	H256(bytes)
}

/// A datanet with `review` whose owner (and so curator, and admitted contributor) is a funded
/// account named by `index`.
fn datanet<T: Config>(
	review: ReviewMode,
	index: u32,
) -> Result<(DatanetId, T::AccountId), BenchmarkError> {
	let owner: T::AccountId = account("owner", index, SEED);
	let datanet = T::Datanets::create_benchmark_datanet(&owner, policy::<T>(review))?;
	fund::<T>(&owner)?;
	Ok((datanet, owner))
}

/// `count` accepted contributions, each in its own datanet, to be named as parents.
fn parents<T: Config>(count: u32) -> Result<Vec<ContributionId>, BenchmarkError> {
	(0..count)
		.map(|index| -> Result<ContributionId, BenchmarkError> {
			let index = index.saturating_add(1_000);
			let (datanet, owner) = datanet::<T>(ReviewMode::AutoAccept, index)?;
			let (id, _) = Contributions::<T>::do_submit(
				owner,
				datanet,
				content(index),
				1,
				ContributionKind::Data,
				Vec::new(),
				Vec::new(),
				SubmitLimits::none(),
				false,
			)?;
			Ok(id)
		})
		.collect()
}

/// A contribution with the longest metadata URI and the most parents, submitted by the owner of
/// a datanet with `review`; returns its id, datanet and contributor (also a curator).
fn largest_contribution<T: Config>(
	review: ReviewMode,
) -> Result<(ContributionId, DatanetId, T::AccountId), BenchmarkError> {
	let parents = parents::<T>(T::MaxParents::get())?;
	let (datanet, owner) = datanet::<T>(review, 0)?;
	let (id, _) = Contributions::<T>::do_submit(
		owner.clone(),
		datanet,
		content(0),
		1,
		ContributionKind::Data,
		vec![b'u'; T::MaxMetadataUriLength::get() as usize],
		parents,
		SubmitLimits::none(),
		false,
	)?;
	Ok((id, datanet, owner))
}

/// Submits a contribution of `contributor` to `datanet` and has it accepted, for other pallets'
/// benchmarks (see `ContributionInspect::create_benchmark_contribution`).
pub(crate) fn create_accepted_contribution<T: Config>(
	contributor: &T::AccountId,
	datanet: DatanetId,
	content_hash: ContentHash,
) -> Result<ContributionId, DispatchError> {
	fund::<T>(contributor)?;
	let (id, accepted) = Contributions::<T>::do_submit(
		contributor.clone(),
		datanet,
		content_hash,
		1,
		ContributionKind::Data,
		Vec::new(),
		Vec::new(),
		SubmitLimits::none(),
		false,
	)?;
	if !accepted {
		let owner =
			T::Datanets::owner(datanet).ok_or(DispatchError::Other("the datanet has no owner"))?;
		Contributions::<T>::do_review(owner, id, Verdict::Accept)?;
	}
	Ok(id)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn submit(
		u: Linear<0, { T::MaxMetadataUriLength::get() }>,
		p: Linear<0, { T::MaxParents::get() }>,
	) -> Result<(), BenchmarkError> {
		let parents = parents::<T>(p)?;
		let (datanet, owner) = datanet::<T>(ReviewMode::Curated, 0)?;
		arm_sponsored::<T>(&owner, datanet)?;
		let id = NextContributionId::<T>::get();

		#[extrinsic_call]
		_(
			RawOrigin::Signed(owner),
			datanet,
			content(0),
			1u64,
			ContributionKind::Data,
			vec![b'u'; u as usize],
			parents,
			BalanceOf::<T>::max_value(),
			Perbill::one(),
		);

		let record = Contribution::<T>::get(id).ok_or("contribution not stored")?;
		assert!(record.status.is_pending() && record.sponsored);
		Ok(())
	}

	#[benchmark]
	fn submit_auto_accept(
		u: Linear<0, { T::MaxMetadataUriLength::get() }>,
		p: Linear<0, { T::MaxParents::get() }>,
	) -> Result<(), BenchmarkError> {
		let parents = parents::<T>(p)?;
		let (datanet, owner) = datanet::<T>(ReviewMode::AutoAccept, 0)?;
		arm_sponsored::<T>(&owner, datanet)?;
		let id = NextContributionId::<T>::get();

		#[extrinsic_call]
		submit(
			RawOrigin::Signed(owner),
			datanet,
			content(0),
			1u64,
			ContributionKind::Data,
			vec![b'u'; u as usize],
			parents,
			BalanceOf::<T>::max_value(),
			Perbill::one(),
		);

		let record = Contribution::<T>::get(id).ok_or("contribution not stored")?;
		assert!(record.status.is_live() && record.sponsored);
		Ok(())
	}

	#[benchmark]
	fn review_accept() -> Result<(), BenchmarkError> {
		let (id, _, curator) = largest_contribution::<T>(ReviewMode::Curated)?;

		#[extrinsic_call]
		review(RawOrigin::Signed(curator), id, Verdict::Accept);

		let record = Contribution::<T>::get(id).ok_or("contribution missing")?;
		assert!(record.status.is_live());
		Ok(())
	}

	#[benchmark]
	fn review_reject() -> Result<(), BenchmarkError> {
		let (id, _, curator) = largest_contribution::<T>(ReviewMode::Curated)?;

		#[extrinsic_call]
		review(RawOrigin::Signed(curator), id, Verdict::Reject);

		let record = Contribution::<T>::get(id).ok_or("contribution missing")?;
		assert!(matches!(record.status, ContributionStatus::Rejected { .. }));
		Ok(())
	}

	#[benchmark]
	fn withdraw() -> Result<(), BenchmarkError> {
		let (id, _, contributor) = largest_contribution::<T>(ReviewMode::Curated)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(contributor), id);

		assert!(!Contribution::<T>::contains_key(id));
		Ok(())
	}

	#[benchmark]
	fn revoke() -> Result<(), BenchmarkError> {
		let (id, _, contributor) = largest_contribution::<T>(ReviewMode::AutoAccept)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(contributor), id);

		let record = Contribution::<T>::get(id).ok_or("contribution missing")?;
		assert!(matches!(record.status, ContributionStatus::Revoked { .. }));
		Ok(())
	}

	#[benchmark]
	fn commit_content() -> Result<(), BenchmarkError> {
		let (_, owner) = datanet::<T>(ReviewMode::AutoAccept, 0)?;
		let commitment = H256::repeat_byte(1);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner.clone()), commitment);

		assert!(ContentCommitments::<T>::contains_key(&owner, commitment));
		Ok(())
	}

	#[benchmark]
	fn cancel_commitment() -> Result<(), BenchmarkError> {
		let (_, owner) = datanet::<T>(ReviewMode::AutoAccept, 0)?;
		let commitment = H256::repeat_byte(1);
		Contributions::<T>::do_commit_content(owner.clone(), commitment)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(owner.clone()), commitment);

		assert!(!ContentCommitments::<T>::contains_key(&owner, commitment));
		Ok(())
	}

	/// The worst case: the reveal displaces an accepted copy (out of its datanet's tree) and is
	/// itself accepted at once (into another tree), with the longest URI and the most parents.
	#[benchmark]
	fn submit_committed(
		u: Linear<0, { T::MaxMetadataUriLength::get() }>,
		p: Linear<0, { T::MaxParents::get() }>,
	) -> Result<(), BenchmarkError> {
		let parents = parents::<T>(p)?;
		let (copier_datanet, copier) = datanet::<T>(ReviewMode::AutoAccept, 2_000)?;
		let (datanet, owner) = datanet::<T>(ReviewMode::AutoAccept, 0)?;
		let salt = [7u8; 32];
		let commitment = H256(openledger_core::content::content_commitment(
			content(0).as_fixed_bytes(),
			&owner,
			&salt,
		));
		let committed_at = frame_system::Pallet::<T>::block_number();
		Contributions::<T>::do_commit_content(owner.clone(), commitment)?;
		frame_system::Pallet::<T>::set_block_number(committed_at.saturating_add(1u32.into()));
		let (copy, _) = Contributions::<T>::do_submit(
			copier,
			copier_datanet,
			content(0),
			1,
			ContributionKind::Data,
			Vec::new(),
			Vec::new(),
			SubmitLimits::none(),
			false,
		)?;
		let id = NextContributionId::<T>::get();

		#[extrinsic_call]
		_(
			RawOrigin::Signed(owner),
			datanet,
			content(0),
			1u64,
			ContributionKind::Data,
			vec![b'u'; u as usize],
			parents,
			BalanceOf::<T>::max_value(),
			Perbill::one(),
			salt,
		);

		let copy = Contribution::<T>::get(copy).ok_or("copy missing")?;
		assert!(matches!(copy.status, ContributionStatus::Revoked { .. }));
		assert!(Contribution::<T>::get(id).ok_or("not stored")?.status.is_live());
		Ok(())
	}

	#[benchmark]
	fn fund_sponsorship() -> Result<(), BenchmarkError> {
		let (datanet, owner) = datanet::<T>(ReviewMode::Curated, 0)?;
		let amount = T::Currency::minimum_balance().saturating_mul(10u32.into());

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), datanet, amount);

		assert_eq!(Contributions::<T>::budget(datanet), amount.saturating_sub(T::Currency::minimum_balance()));
		Ok(())
	}

	#[benchmark]
	fn withdraw_sponsorship_funds() -> Result<(), BenchmarkError> {
		let (datanet, owner) = datanet::<T>(ReviewMode::Curated, 0)?;
		fund_budget::<T>(datanet)?;
		let amount = T::Currency::minimum_balance();
		let before = Contributions::<T>::budget(datanet);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), datanet, amount);

		assert_eq!(Contributions::<T>::budget(datanet), before.saturating_sub(amount));
		Ok(())
	}

	// Worst case: a curator (one more read than the owner) sponsors an account that does not
	// exist yet.
	#[benchmark]
	fn sponsor() -> Result<(), BenchmarkError> {
		let (datanet, owner) = datanet::<T>(ReviewMode::Curated, 0)?;
		fund_budget::<T>(datanet)?;
		Contributions::<T>::do_set_curators_may_sponsor(owner.clone(), datanet, true)?;
		let curator = T::Datanets::add_benchmark_curator(datanet)?;
		let account: T::AccountId = account("sponsored", 0, SEED);
		let quota = SponsorQuota { contributions: 10, bytes: 10_000 };

		#[extrinsic_call]
		_(RawOrigin::Signed(curator), datanet, account.clone(), quota);

		assert!(Sponsorships::<T>::contains_key(&account, datanet));
		assert!(frame_system::Pallet::<T>::account_exists(&account));
		Ok(())
	}

	#[benchmark]
	fn end_sponsorship() -> Result<(), BenchmarkError> {
		let (datanet, owner) = datanet::<T>(ReviewMode::Curated, 0)?;
		fund_budget::<T>(datanet)?;
		Contributions::<T>::do_set_curators_may_sponsor(owner.clone(), datanet, true)?;
		let curator = T::Datanets::add_benchmark_curator(datanet)?;
		let account: T::AccountId = account("sponsored", 0, SEED);
		let quota = SponsorQuota { contributions: 10, bytes: 10_000 };
		Contributions::<T>::do_sponsor(owner, datanet, account.clone(), quota)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(curator), datanet, account.clone());

		assert!(!Sponsorships::<T>::contains_key(&account, datanet));
		Ok(())
	}

	#[benchmark]
	fn set_curators_may_sponsor() -> Result<(), BenchmarkError> {
		let (datanet, owner) = datanet::<T>(ReviewMode::Curated, 0)?;
		fund_budget::<T>(datanet)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), datanet, true);

		assert!(CuratorsMaySponsor::<T>::contains_key(datanet));
		Ok(())
	}

	impl_benchmark_test_suite!(
		Contributions,
		crate::mock::ExtBuilder::default().build(),
		crate::mock::Test
	);
}
