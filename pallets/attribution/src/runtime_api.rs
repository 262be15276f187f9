//! The runtime API clients use to read models, attestors, rounds and attributions
//! (`api.call.attributionApi.*` in polkadot.js), and the `api_*` functions of the pallet that the
//! runtime's implementation calls.
//!
//! The runtime implements it as:
//!
//! ```ignore
//! impl pallet_attribution::runtime_api::AttributionApi<Block, AccountId, Balance, BlockNumber>
//! 	for Runtime
//! {
//! 	fn model(id: ModelId) -> Option<ModelView<AccountId, Balance, BlockNumber>> {
//! 		Attribution::api_model(id)
//! 	}
//! 	fn models_by_owner(
//! 		owner: AccountId,
//! 		start_after: Option<ModelId>,
//! 		max: u32,
//! 	) -> Vec<(ModelId, ModelView<AccountId, Balance, BlockNumber>)> {
//! 		Attribution::api_models_by_owner(owner, start_after, max)
//! 	}
//! 	fn attestor(who: AccountId) -> Option<AttestorView<Balance, BlockNumber>> {
//! 		Attribution::api_attestor(who)
//! 	}
//! 	fn round(model: ModelId, round: RoundId) -> Option<RoundView<AccountId, Balance, BlockNumber>> {
//! 		Attribution::api_round(model, round)
//! 	}
//! 	fn model_attribution(
//! 		model: ModelId,
//! 		start_after: Option<ContributionId>,
//! 		max: u32,
//! 	) -> Vec<(ContributionId, Score)> {
//! 		Attribution::api_model_attribution(model, start_after, max)
//! 	}
//! 	fn contribution_attribution(
//! 		contribution: ContributionId,
//! 		start_after: Option<ModelId>,
//! 		max: u32,
//! 	) -> Vec<(ModelId, Score)> {
//! 		Attribution::api_contribution_attribution(contribution, start_after, max)
//! 	}
//! 	fn round_parameters() -> RoundParameters<BlockNumber> {
//! 		Attribution::api_round_parameters()
//! 	}
//! 	fn attestor_set() -> AttestorSetView<AccountId, Balance> {
//! 		Attribution::api_attestor_set()
//! 	}
//! 	fn model_spec(model: ModelId) -> Option<SpecView<BlockNumber>> {
//! 		Attribution::api_model_spec(model)
//! 	}
//! 	fn model_ledger(model: ModelId) -> Option<LedgerView<Balance, BlockNumber>> {
//! 		Attribution::api_model_ledger(model)
//! 	}
//! 	fn round_inflow(model: ModelId, round: RoundId) -> Option<Balance> {
//! 		Attribution::api_round_inflow(model, round)
//! 	}
//! 	fn training_items(
//! 		model: ModelId,
//! 		start_after: Option<ContributionId>,
//! 		max: u32,
//! 	) -> TrainingPage<AccountId> {
//! 		Attribution::api_training_items(model, start_after, max)
//! 	}
//! }
//! ```

use crate::{pallet::*, types::*, BalanceOf};
use alloc::vec::Vec;
use codec::Codec;
use frame_support::traits::Get;
use frame_system::pallet_prelude::BlockNumberFor;
use openledger_primitives::{
	ContributionId, ContributionInspect, DatanetInspect, ModelId, RoundId, Score,
};
use sp_runtime::{traits::Zero, Saturating};

sp_api::decl_runtime_apis! {
	/// Read access to models, attestors, rounds and attributions for wallets, dApps and
	/// indexers.
	///
	/// Paging: the paged methods return at most `min(max, MaxPageSize)` items, in storage order
	/// (not by id). Pass `None` as `start_after` for the first page and the id of the last item
	/// of a page for the next one; a page shorter than `min(max, MaxPageSize)` is the last.
	/// `MaxPageSize` is a constant of the pallet's metadata
	/// (`api.consts.attribution.maxPageSize`).
	pub trait AttributionApi<AccountId, Balance, BlockNumber>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
	{
		/// Everything about a model, `None` if no model has this id.
		fn model(id: ModelId) -> Option<ModelView<AccountId, Balance, BlockNumber>>;

		/// A page of the models an account registered (see the paging rules above).
		fn models_by_owner(
			owner: AccountId,
			start_after: Option<ModelId>,
			max: u32,
		) -> Vec<(ModelId, ModelView<AccountId, Balance, BlockNumber>)>;

		/// An attestor's bond, unlocking chunks and outstanding commitments, `None` if the
		/// account has no bond.
		fn attestor(who: AccountId) -> Option<AttestorView<Balance, BlockNumber>>;

		/// A round of a model, with its phase at the block queried, `None` if it does not exist
		/// or is older than the model's last `RoundHistory` finalized rounds (events keep those).
		fn round(model: ModelId, round: RoundId) -> Option<RoundView<AccountId, Balance, BlockNumber>>;

		/// A page of a model's attribution: `(contribution, score)` from its latest finalized
		/// round (see the paging rules above).
		fn model_attribution(
			model: ModelId,
			start_after: Option<ContributionId>,
			max: u32,
		) -> Vec<(ContributionId, Score)>;

		/// A page of the models a contribution is attributed in: `(model, score)` (see the
		/// paging rules above).
		fn contribution_attribution(
			contribution: ContributionId,
			start_after: Option<ModelId>,
			max: u32,
		) -> Vec<(ModelId, Score)>;

		/// The round parameters rounds opened now would copy.
		fn round_parameters() -> RoundParameters<BlockNumber>;

		/// The attestor set: its members and their active bonds, their total (what a round's
		/// quorum is measured against), its capacity, and the bond a newcomer must exceed when
		/// it is full.
		fn attestor_set() -> AttestorSetView<AccountId, Balance>;

		/// A model's deterministic attribution spec in full, with its hash and where its
		/// evaluation set is published; `None` for models without one (scored rounds).
		fn model_spec(model: ModelId) -> Option<SpecView<BlockNumber>>;

		/// The ledger root in force for a model with a spec (what claims are proven against),
		/// with the round that agreed on it and where its leaves are published.
		fn model_ledger(model: ModelId) -> Option<LedgerView<Balance, BlockNumber>>;

		/// For a root round: the ledger inflow it is computed for (snapshot when it opened),
		/// the `pot` bound of its root; `None` for scored rounds and unknown rounds.
		fn round_inflow(model: ModelId, round: RoundId) -> Option<Balance>;

		/// A page of what a model's attribution is computed over: the live (accepted, not
		/// revoked) contributions of its training versions, with their content hashes, payees
		/// and curation fees, datanet by datanet in the model's order, each datanet in storage
		/// order. Attestors call it at the block a round opened, so that they all compute over
		/// the same set. Pass `None` as `start_after` for the first page, then the page's `next`.
		fn training_items(
			model: ModelId,
			start_after: Option<ContributionId>,
			max: u32,
		) -> TrainingPage<AccountId>;
	}
}

/// A model's view in this runtime's types.
pub type ModelViewOf<T> =
	ModelView<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;

impl<T: Config> Pallet<T> {
	/// See [`AttributionApi::model_spec`].
	pub fn api_model_spec(model: ModelId) -> Option<SpecView<BlockNumberFor<T>>> {
		ModelSpecs::<T>::get(model).map(|record| SpecView {
			spec: record.spec,
			hash: record.hash,
			evaluation_uri: record.evaluation_uri.into_inner(),
			evaluation_reveal_at: record.evaluation_reveal_at,
		})
	}

	/// See [`AttributionApi::model_ledger`].
	pub fn api_model_ledger(
		model: ModelId,
	) -> Option<LedgerView<BalanceOf<T>, BlockNumberFor<T>>> {
		ModelLedger::<T>::get(model).map(|record| LedgerView {
			root: record.root,
			round: record.round,
			inflow: record.inflow,
			leaves_uri: record.leaves_uri.into_inner(),
			finalized_at: record.finalized_at,
		})
	}

	/// See [`AttributionApi::round_inflow`].
	pub fn api_round_inflow(model: ModelId, round: RoundId) -> Option<BalanceOf<T>> {
		RootRounds::<T>::get((model, round))
	}

	/// See [`AttributionApi::training_items`]. Reads at most `MaxPageSize` contributions (and
	/// one datanet record per item).
	pub fn api_training_items(
		model: ModelId,
		start_after: Option<ContributionId>,
		max: u32,
	) -> TrainingPage<T::AccountId> {
		let empty = TrainingPage { items: Vec::new(), next: None };
		let Some(info) = Models::<T>::get(model) else { return empty };
		let sets = info.training_data;
		let mut budget = u32::try_from(Self::page_size(max)).unwrap_or(u32::MAX).max(1);
		// Resume in the datanet of the last id of the previous page.
		let (mut position, mut after) = match start_after {
			None => (0, None),
			Some(last) => {
				let datanet = T::Contributions::datanet_of(last);
				match sets.iter().position(|set| Some(set.datanet) == datanet) {
					Some(position) => (position, Some(last)),
					None => return empty,
				}
			},
		};
		let mut items = Vec::new();
		let mut next = None;
		while let Some(set) = sets.get(position) {
			if budget == 0 {
				next = after;
				break;
			}
			let ids = T::Contributions::live_in_datanet(set.datanet, after, budget);
			let read = u32::try_from(ids.len()).unwrap_or(u32::MAX);
			budget = budget.saturating_sub(read);
			let owner = T::Datanets::owner(set.datanet);
			let fee = T::Datanets::policy(set.datanet).map(|p| p.curation_fee).unwrap_or_default();
			for id in ids.iter() {
				let Some(summary) = T::Contributions::contribution(*id) else { continue };
				let in_version = summary
					.status
					.leaf_index()
					.is_some_and(|leaf| leaf < set.next_leaf_index && summary.status.is_live());
				if in_version {
					items.push(TrainingItem {
						id: *id,
						content_hash: summary.content_hash,
						contributor: summary.contributor,
						curator: owner.clone(),
						curation_fee: fee,
					});
				}
			}
			if budget == 0 && read > 0 {
				// The page is full: the next one resumes after the last id read here (or in the
				// next datanet if this one has nothing more).
				next = ids.last().copied();
				break;
			}
			position = position.saturating_add(1);
			after = None;
		}
		TrainingPage { items, next }
	}

	/// See [`AttributionApi::model`].
	pub fn api_model(
		id: ModelId,
	) -> Option<ModelView<T::AccountId, BalanceOf<T>, BlockNumberFor<T>>> {
		Models::<T>::get(id).map(Self::model_view)
	}

	/// See [`AttributionApi::models_by_owner`]. Reads at most `MaxPageSize` models.
	pub fn api_models_by_owner(
		owner: T::AccountId,
		start_after: Option<ModelId>,
		max: u32,
	) -> Vec<(ModelId, ModelViewOf<T>)> {
		let ids = match start_after {
			None => ModelsByOwner::<T>::iter_key_prefix(&owner),
			Some(last) => ModelsByOwner::<T>::iter_key_prefix_from(
				&owner,
				ModelsByOwner::<T>::hashed_key_for(&owner, last),
			),
		};
		ids.take(Self::page_size(max))
			.filter_map(|id| Models::<T>::get(id).map(|info| (id, Self::model_view(info))))
			.collect()
	}

	/// See [`AttributionApi::attestor`].
	pub fn api_attestor(
		who: T::AccountId,
	) -> Option<AttestorView<BalanceOf<T>, BlockNumberFor<T>>> {
		let info = Attestors::<T>::get(&who)?;
		let member = Self::is_member(&AttestorSet::<T>::get(), &who);
		let now = Self::now();
		let withdrawable = info
			.unlocking
			.iter()
			.filter(|(_, unlock_at)| *unlock_at <= now)
			.fold(BalanceOf::<T>::zero(), |total, (amount, _)| total.saturating_add(*amount));
		Some(AttestorView {
			active: info.active,
			unlocking: info.unlocking.into_inner(),
			withdrawable,
			outstanding_commitments: info.outstanding_commitments,
			member,
		})
	}

	/// See [`AttributionApi::attestor_set`].
	pub fn api_attestor_set() -> AttestorSetView<T::AccountId, BalanceOf<T>> {
		let members = AttestorSet::<T>::get().into_inner();
		let total_active = members
			.iter()
			.fold(BalanceOf::<T>::zero(), |total, (_, bond)| total.saturating_add(*bond));
		let capacity = T::MaxAttestors::get();
		let full = u32::try_from(members.len()).unwrap_or(u32::MAX) >= capacity;
		let bond_to_beat = if full { members.iter().map(|(_, bond)| *bond).min() } else { None };
		AttestorSetView { members, total_active, capacity, bond_to_beat }
	}

	/// See [`AttributionApi::round`].
	pub fn api_round(
		model: ModelId,
		round: RoundId,
	) -> Option<RoundView<T::AccountId, BalanceOf<T>, BlockNumberFor<T>>> {
		let info = Rounds::<T>::get((model, round))?;
		let now = Self::now();
		let phase = if info.finalized {
			RoundPhase::Finalized
		} else if now < info.reveal_from {
			RoundPhase::Commit
		} else if now < info.finalize_from {
			RoundPhase::Reveal
		} else {
			RoundPhase::Finalizable
		};
		Some(RoundView {
			opener: info.opener,
			bounty: info.bounty,
			phase,
			opened_at: info.opened_at,
			reveal_from: info.reveal_from,
			finalize_from: info.finalize_from,
			slash_fraction: info.slash_fraction,
			trust_threshold: info.trust_threshold,
			committers: u32::try_from(info.committers.len()).unwrap_or(u32::MAX),
			revealed: info.revealed,
			consensus_entries: info.consensus_entries,
			stake_to_beat: if u32::try_from(info.committers.len()).unwrap_or(u32::MAX) >=
				T::MaxCommitsPerRound::get()
			{
				info.committers.iter().map(|(_, stake)| *stake).min()
			} else {
				None
			},
			revealed_stake: info.revealed_stake,
			active_stake: info.active_stake,
			quorum_reached: info.quorum_reached,
		})
	}

	/// See [`AttributionApi::model_attribution`]. Reads at most `MaxPageSize` entries.
	pub fn api_model_attribution(
		model: ModelId,
		start_after: Option<ContributionId>,
		max: u32,
	) -> Vec<(ContributionId, Score)> {
		let entries = match start_after {
			None => ModelAttribution::<T>::iter_prefix(model),
			Some(last) => ModelAttribution::<T>::iter_prefix_from(
				model,
				ModelAttribution::<T>::hashed_key_for(model, last),
			),
		};
		entries.take(Self::page_size(max)).collect()
	}

	/// See [`AttributionApi::contribution_attribution`]. Reads at most `MaxPageSize` entries.
	pub fn api_contribution_attribution(
		contribution: ContributionId,
		start_after: Option<ModelId>,
		max: u32,
	) -> Vec<(ModelId, Score)> {
		let entries = match start_after {
			None => ContributionAttribution::<T>::iter_prefix(contribution),
			Some(last) => ContributionAttribution::<T>::iter_prefix_from(
				contribution,
				ContributionAttribution::<T>::hashed_key_for(contribution, last),
			),
		};
		entries.take(Self::page_size(max)).collect()
	}

	/// See [`AttributionApi::round_parameters`].
	pub fn api_round_parameters() -> RoundParameters<BlockNumberFor<T>> {
		Parameters::<T>::get()
	}

	/// `max` capped at `MaxPageSize`.
	fn page_size(max: u32) -> usize {
		usize::try_from(max.min(T::MaxPageSize::get())).unwrap_or(usize::MAX)
	}

	/// The runtime API's view of a model.
	fn model_view(info: ModelInfo<T>) -> ModelView<T::AccountId, BalanceOf<T>, BlockNumberFor<T>> {
		ModelView {
			owner: info.owner,
			name: info.name.into_inner(),
			artifact_hash: info.artifact_hash,
			metadata_uri: info.metadata_uri.into_inner(),
			training_data: info
				.training_data
				.iter()
				.map(|set| (set.datanet, set.version))
				.collect(),
			inference_fee: info.inference_fee,
			operators: info.operators.into_inner(),
			retired: info.retired,
			deposit: info.deposit,
			registered_at: info.registered_at,
			next_round: info.next_round,
			open_round: info.open_round,
			latest_finalized: info.latest_finalized,
			inferences: info.inferences,
			attribution_entries: info.attribution_entries,
		}
	}
}
