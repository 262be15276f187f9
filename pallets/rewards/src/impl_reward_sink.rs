//! [`RewardSink`] for the pallet: how the attribution pallet hands it fees, finalized
//! attributions, the attestors of finalized rounds and model ledgers' roots.

use crate::{pallet::*, BalanceOf, WeightInfo};
use frame_support::traits::Get;
use openledger_primitives::{ContributionId, LedgerRoot, ModelId, RewardSink, Score};
use sp_runtime::{Perbill, Weight};

impl<T: Config> RewardSink<T::AccountId, BalanceOf<T>> for Pallet<T> {
	/// Replaces the model pool's points (settling every current member first).
	fn attribution_finalized(model: ModelId, consensus: &[(ContributionId, Score)]) {
		Self::replace_model_points(model, consensus)
	}

	/// The benchmark's weight with `entries` consensus entries and a full pool of previous
	/// members.
	fn attribution_finalized_weight(entries: u32) -> Weight {
		T::WeightInfo::attribution_finalized(entries)
	}

	/// Splits the fee, which is already in the pot (the runtime sets the attribution pallet's
	/// fee destination to [`Pallet::pot`]). The payer plays no part in the split.
	fn inference_paid(
		model: ModelId,
		owner: &T::AccountId,
		_payer: &T::AccountId,
		fee: BalanceOf<T>,
		attributions: &[(ContributionId, Perbill)],
	) {
		Self::distribute_fee(model, owner, fee, attributions)
	}

	fn inference_paid_weight(attributions: u32) -> Weight {
		T::WeightInfo::inference_paid(attributions)
	}

	/// Replaces the points of the model's attestors' pool by the round's weights (settling
	/// every current member first).
	fn attestors_finalized(model: ModelId, attestors: &[(T::AccountId, BalanceOf<T>)]) {
		Self::replace_attestor_points(model, attestors)
	}

	/// The benchmark's weight with `attestors` new attestors and a full pool of previous ones.
	fn attestors_finalized_weight(attestors: u32) -> Weight {
		T::WeightInfo::attestors_finalized(attestors)
	}

	/// Opens the model's ledger (empty, no root yet) unless it has one: from now on the
	/// contributor share of its fees accrues there instead of into its pool.
	fn ledger_opened(model: ModelId) {
		Self::open_ledger(model)
	}

	/// The ledger's cumulative inflow; zero for a model without a ledger.
	fn ledger_inflow(model: ModelId) -> BalanceOf<T> {
		ModelLedgers::<T>::get(model).map(|ledger| ledger.inflow).unwrap_or_default()
	}

	/// Makes `root` the one claims are verified against (ignored, defensively, if the model has
	/// no ledger).
	fn ledger_root_accepted(model: ModelId, root: &LedgerRoot) {
		Self::accept_ledger_root(model, root)
	}

	/// One read and one write of `ModelLedgers`, the most any of the three does: not worth a
	/// benchmark.
	fn ledger_hook_weight() -> Weight {
		T::DbWeight::get().reads_writes(1, 1)
	}
}
