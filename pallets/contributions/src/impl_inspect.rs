//! [`ContributionInspect`] for the pallet: how the attribution and rewards pallets see
//! contributions.

use crate::{pallet::*, types::ContributionState};
use alloc::vec::Vec;
use frame_system::pallet_prelude::BlockNumberFor;
use openledger_primitives::{ContributionId, ContributionInspect, ContributionSummary, DatanetId};

impl<T: Config> ContributionInspect<T::AccountId, BlockNumberFor<T>> for Pallet<T> {
	fn contribution(
		id: ContributionId,
	) -> Option<ContributionSummary<T::AccountId, BlockNumberFor<T>>> {
		Contribution::<T>::get(id).map(|record| record.summary())
	}

	fn live_in_datanet(
		datanet: DatanetId,
		start_after: Option<ContributionId>,
		max: u32,
	) -> Vec<ContributionId> {
		let prefix = (datanet, ContributionState::Accepted);
		let ids = match start_after {
			None => ByDatanetState::<T>::iter_key_prefix(prefix),
			Some(last) => ByDatanetState::<T>::iter_key_prefix_from(
				prefix,
				ByDatanetState::<T>::hashed_key_for(prefix, last),
			),
		};
		ids.take(usize::try_from(max).unwrap_or(usize::MAX)).collect()
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn create_benchmark_contribution(
		contributor: &T::AccountId,
		datanet: openledger_primitives::DatanetId,
		content_hash: openledger_primitives::ContentHash,
	) -> Result<ContributionId, sp_runtime::DispatchError> {
		crate::benchmarking::create_accepted_contribution::<T>(contributor, datanet, content_hash)
	}
}
