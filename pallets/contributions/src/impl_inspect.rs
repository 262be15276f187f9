//! [`ContributionInspect`] for the pallet: how the attribution and rewards pallets see
//! contributions.

use crate::pallet::*;
use frame_system::pallet_prelude::BlockNumberFor;
use openledger_primitives::{ContributionId, ContributionInspect, ContributionSummary};

impl<T: Config> ContributionInspect<T::AccountId, BlockNumberFor<T>> for Pallet<T> {
	fn contribution(
		id: ContributionId,
	) -> Option<ContributionSummary<T::AccountId, BlockNumberFor<T>>> {
		Contribution::<T>::get(id).map(|record| record.summary())
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
