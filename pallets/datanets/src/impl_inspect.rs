//! [`DatanetInspect`] for the pallet: how the contributions and attribution pallets see datanets.

use crate::{pallet::*, types::*, weights::WeightInfo, BalanceOf};
use alloc::vec::Vec;
use openledger_primitives::{
	ContentHash, ContributionId, DatanetId, DatanetInspect, DatanetPolicy, LeafIndex, License,
	VersionNumber, VersionSnapshot,
};
use sp_runtime::{DispatchError, DispatchResult, Weight};

impl<T: Config> DatanetInspect<T::AccountId, BalanceOf<T>> for Pallet<T> {
	fn exists(datanet: DatanetId) -> bool {
		Datanet::<T>::contains_key(datanet)
	}

	fn is_open(datanet: DatanetId) -> bool {
		Datanet::<T>::get(datanet).is_some_and(|record| record.status == DatanetStatus::Open)
	}

	fn owner(datanet: DatanetId) -> Option<T::AccountId> {
		Datanet::<T>::get(datanet).map(|record| record.owner)
	}

	fn is_curator(datanet: DatanetId, who: &T::AccountId) -> bool {
		Datanet::<T>::get(datanet).is_some_and(|record| Self::may_curate(&record, datanet, who))
	}

	fn policy(datanet: DatanetId) -> Option<DatanetPolicy<BalanceOf<T>>> {
		Datanet::<T>::get(datanet)
			.map(|record| record.policy_at(frame_system::Pallet::<T>::block_number()))
	}

	fn license(datanet: DatanetId) -> Option<License<Vec<u8>>> {
		Datanet::<T>::get(datanet).map(|record| record.license.map_uri(|uri| uri.into_inner()))
	}

	fn check_admission(
		datanet: DatanetId,
		who: &T::AccountId,
		size_bytes: u64,
	) -> Result<DatanetPolicy<BalanceOf<T>>, DispatchError> {
		Self::do_check_admission(datanet, who, size_bytes)
	}

	fn append_accepted(
		datanet: DatanetId,
		contribution: ContributionId,
		content_hash: ContentHash,
	) -> Result<LeafIndex, DispatchError> {
		Self::do_append_accepted(datanet, contribution, content_hash)
	}

	fn remove_accepted(datanet: DatanetId, leaf_index: LeafIndex) -> DispatchResult {
		Self::do_remove_accepted(datanet, leaf_index)
	}

	fn latest_version(datanet: DatanetId) -> Option<VersionNumber> {
		Datanet::<T>::get(datanet)
			.map(|record| record.latest_version)
			.filter(|latest| *latest > 0)
	}

	fn version(datanet: DatanetId, version: VersionNumber) -> Option<VersionSnapshot> {
		Versions::<T>::get(datanet, version).map(|published| published.snapshot())
	}

	fn append_accepted_weight() -> Weight {
		T::WeightInfo::append_accepted()
	}

	fn remove_accepted_weight() -> Weight {
		T::WeightInfo::remove_accepted()
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn create_benchmark_datanet(
		owner: &T::AccountId,
		policy: DatanetPolicy<BalanceOf<T>>,
	) -> Result<DatanetId, DispatchError> {
		crate::benchmarking::create_datanet_for::<T>(owner, policy)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn add_benchmark_curator(datanet: DatanetId) -> Result<T::AccountId, DispatchError> {
		crate::benchmarking::fill_curators_of::<T>(datanet)
	}
}
