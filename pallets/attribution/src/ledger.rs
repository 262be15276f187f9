//! Root rounds: models with a deterministic attribution spec agree on a ledger root.
//!
//! A model registered with an [`AttributionSpec`] (docs/DESIGN.md §9) is attributed by a
//! computation anyone can rerun: exact KNN-Shapley over its training contributions, turned into
//! cumulative owed amounts and scores per account, committed to by a Merkle sum tree
//! (`openledger_core::ledger`). Its rounds therefore agree on the tree's root, not on scores:
//!
//! 1. `open_round` snapshots the model's ledger inflow (what the rewards pallet has received for
//!    the model's contributors so far) into [`RootRounds`]; attestors compute for that amount.
//! 2. Members of the attestor set commit to `root_commitment_hash(model, round, root, salt,
//!    attestor)` (`commit`, shared with scored rounds) and reveal the root with
//!    [`Pallet::reveal_root`].
//! 3. `finalize` tallies the revealed roots, one pass over the committers (at most
//!    `MaxCommitsPerRound`): its work does not depend on the number of contributions or leaves.
//!
//! ## Finalizing (the quorum)
//!
//! - A root the chain can refute alone is **invalid**: owing more in total than the snapshot
//!   inflow, or less than the root in force (owed amounts are cumulative). Its revealers are
//!   slashed (`InvalidRoot`) and their stake does not count as revealed.
//! - Committers that did not reveal are slashed (`NotRevealed`).
//! - Among valid roots, the one with the most stake (the first revealed, in commit order, among
//!   equals) is **agreed** when [`openledger_primitives::root_quorum_reached`]: its stake is at
//!   least two thirds of the valid revealed stake *and* at least `RevealQuorum` of the active
//!   stake (the attestor set's bonds plus committers that left it). Stake counts at most at what
//!   each committer still has bonded at finalization.
//! - With a quorum: revealers of other roots are slashed (`OtherRoot`); the bounty is split
//!   among the agreeing revealers by stake (rounding dust back to the opener); the root becomes
//!   the model's [`ModelLedger`] and is handed to the rewards pallet, which pays claims against
//!   it. Without one: nothing changes, the whole bounty goes back to the opener.

use crate::{pallet::*, types::*, weights::WeightInfo, BalanceOf};
use alloc::vec::Vec;
use frame_support::{ensure, storage::with_storage_layer, traits::Get, weights::Weight, BoundedVec};
use frame_system::pallet_prelude::BlockNumberFor;
use openledger_core::{attribution::spec::AttributionSpec, commitment::root_commitment_hash};
use openledger_primitives::{
	root_quorum_reached, split_by_weight, LedgerRoot, ModelId, RewardSink, RoundId, H256,
};
use sp_runtime::{
	traits::Zero, DispatchError, DispatchResult, SaturatedConversion, Saturating,
};

/// The arguments `register_model_with_spec` shares with `register_model`: name, artifact hash,
/// metadata URI, training data, inference fee.
pub(crate) type ModelArgs<T> =
	(Vec<u8>, H256, Vec<u8>, TrainingDataArgOf<T>, BalanceOf<T>);

/// A valid root revealed in a round, with the committers behind it.
struct Candidate {
	root: LedgerRoot,
	/// The counted stake behind it.
	stake: u128,
	/// Index (into the revealers) of its revealer with the most stake: whose leaves URI is kept.
	lead: usize,
}

/// A committer that revealed a valid root.
struct RootRevealer<T: Config> {
	who: T::AccountId,
	stake: u128,
	counted: u128,
	reveal: RootReveal<T>,
}

impl<T: Config> Pallet<T> {
	pub(crate) fn do_register_model_with_spec(
		owner: T::AccountId,
		(name, artifact_hash, metadata_uri, training_data, inference_fee): ModelArgs<T>,
		spec: AttributionSpec,
		evaluation_uri: Vec<u8>,
		evaluation_reveal_at: BlockNumberFor<T>,
	) -> Result<ModelId, DispatchError> {
		ensure!(spec.is_well_formed(), Error::<T>::SpecMalformed);
		let evaluation_uri: MetadataUriOf<T> =
			BoundedVec::try_from(evaluation_uri).map_err(|_| Error::<T>::MetadataUriTooLong)?;
		with_storage_layer(|| -> Result<ModelId, DispatchError> {
			let model = Self::do_register_model(
				owner,
				name,
				artifact_hash,
				metadata_uri,
				training_data,
				inference_fee,
			)?;
			let hash = H256(spec.hash());
			ModelSpecs::<T>::insert(
				model,
				ModelSpec::<T> { spec, hash, evaluation_uri, evaluation_reveal_at },
			);
			T::RewardSink::ledger_opened(model);
			Self::deposit_event(Event::AttributionSpecDeclared { model, spec_hash: hash });
			Ok(model)
		})
	}

	pub(crate) fn do_reveal_root(
		who: T::AccountId,
		model: ModelId,
		round: RoundId,
		root: LedgerRoot,
		leaves_uri: Vec<u8>,
		salt: [u8; 32],
	) -> DispatchResult {
		let mut info = Self::round(model, round)?;
		ensure!(RootRounds::<T>::contains_key((model, round)), Error::<T>::NotRootRound);
		ensure!(!info.finalized, Error::<T>::RoundAlreadyFinalized);
		let now = Self::now();
		ensure!(now >= info.reveal_from && now < info.finalize_from, Error::<T>::NotRevealPhase);
		let mut commitment =
			Commitments::<T>::get((model, round), &who).ok_or(Error::<T>::NoCommitment)?;
		ensure!(!commitment.revealed, Error::<T>::AlreadyRevealed);
		ensure!(
			H256(root_commitment_hash(model, round, &root, &salt, &who)) == commitment.hash,
			Error::<T>::CommitmentMismatch
		);
		let leaves_uri: MetadataUriOf<T> =
			BoundedVec::try_from(leaves_uri).map_err(|_| Error::<T>::MetadataUriTooLong)?;

		commitment.revealed = true;
		info.revealed = info.revealed.saturating_add(1);
		Commitments::<T>::insert((model, round), &who, commitment);
		RootReveals::<T>::insert((model, round), &who, RootReveal::<T> { root, leaves_uri });
		Rounds::<T>::insert((model, round), info);
		Self::deposit_event(Event::RootRevealed { model, round, who, root });
		Ok(())
	}

	/// Finalizes a root round (see the module docs) and returns its number of committers.
	pub(crate) fn do_finalize_root(model: ModelId, round: RoundId) -> Result<u32, DispatchError> {
		let mut info = Self::round(model, round)?;
		ensure!(!info.finalized, Error::<T>::RoundAlreadyFinalized);
		ensure!(Self::now() >= info.finalize_from, Error::<T>::RevealPhaseNotOver);
		let inflow: u128 =
			RootRounds::<T>::get((model, round)).ok_or(Error::<T>::NotRootRound)?.saturated_into();
		let mut model_info = Self::model(model)?;
		let previous_latest = model_info.latest_finalized;
		let floor = ModelLedger::<T>::get(model).map_or(0, |record| record.root.owed);
		let committers = core::mem::take(&mut info.committers);
		let committer_count = crate::weight_len(&committers, T::MaxCommitsPerRound::get());

		with_storage_layer(|| -> Result<u32, DispatchError> {
			let set = AttestorSet::<T>::get();
			let mut active_stake: u128 = set
				.iter()
				.fold(0u128, |total, (_, bond)| total.saturating_add((*bond).saturated_into()));
			let mut revealers: Vec<RootRevealer<T>> = Vec::new();
			let mut silent: Vec<T::AccountId> = Vec::new();
			let mut refuted: Vec<T::AccountId> = Vec::new();
			let mut released: Vec<T::AccountId> = Vec::new();
			for (who, _) in committers.iter() {
				let Some(commitment) = Commitments::<T>::take((model, round), who) else {
					continue;
				};
				released.push(who.clone());
				let stake: u128 = commitment.stake.saturated_into();
				let bonded: u128 =
					Attestors::<T>::get(who).map_or(0, |attestor| attestor.active.saturated_into());
				let counted = stake.min(bonded);
				if !Self::is_member(&set, who) {
					active_stake = active_stake.saturating_add(counted);
				}
				match RootReveals::<T>::take((model, round), who) {
					Some(reveal) if commitment.revealed => {
						if reveal.root.owed > inflow || reveal.root.owed < floor {
							refuted.push(who.clone());
						} else {
							revealers.push(RootRevealer { who: who.clone(), stake, counted, reveal });
						}
					},
					_ => silent.push(who.clone()),
				}
			}

			// Tally the valid roots (at most one candidate per revealer).
			let mut candidates: Vec<Candidate> = Vec::new();
			for (index, revealer) in revealers.iter().enumerate() {
				match candidates.iter_mut().find(|c| c.root == revealer.reveal.root) {
					Some(candidate) => {
						candidate.stake = candidate.stake.saturating_add(revealer.counted);
						let lead_stake = revealers.get(candidate.lead).map_or(0, |r| r.counted);
						if revealer.counted > lead_stake {
							candidate.lead = index;
						}
					},
					None => candidates.push(Candidate {
						root: revealer.reveal.root,
						stake: revealer.counted,
						lead: index,
					}),
				}
			}
			let revealed_stake =
				revealers.iter().fold(0u128, |total, r| total.saturating_add(r.counted));
			let mut best: Option<&Candidate> = None;
			for candidate in candidates.iter() {
				if best.is_none_or(|b| candidate.stake > b.stake) {
					best = Some(candidate);
				}
			}
			let best_stake = best.map_or(0, |b| b.stake);
			let agreed = best.filter(|_| {
				root_quorum_reached(best_stake, revealed_stake, active_stake, T::RevealQuorum::get())
			});

			for who in silent.iter() {
				Self::slash(who, model, round, info.slash_fraction, SlashReason::NotRevealed);
			}
			for who in refuted.iter() {
				Self::slash(who, model, round, info.slash_fraction, SlashReason::InvalidRoot);
			}
			if let Some(agreed) = agreed {
				let root = agreed.root;
				// Pay the agreeing revealers by stake; slash the others.
				let mut weights: Vec<u128> = Vec::with_capacity(revealers.len());
				// The agreeing revealers earn the attestors' share of the model's fees until its
				// next agreed root, by stake.
				let mut attestors: Vec<(T::AccountId, BalanceOf<T>)> = Vec::new();
				for revealer in revealers.iter() {
					if revealer.reveal.root == root {
						weights.push(revealer.stake);
						attestors.push((revealer.who.clone(), revealer.stake.saturated_into()));
					} else {
						weights.push(0);
						Self::slash(
							&revealer.who,
							model,
							round,
							info.slash_fraction,
							SlashReason::OtherRoot,
						);
					}
				}
				T::RewardSink::attestors_finalized(model, &attestors);
				let (shares, _dust) = split_by_weight(info.bounty.saturated_into(), &weights);
				let mut paid: BalanceOf<T> = Zero::zero();
				for (revealer, share) in revealers.iter().zip(shares.iter()) {
					if revealer.reveal.root != root {
						continue;
					}
					let amount =
						Self::pay_bounty(&info.opener, &revealer.who, (*share).saturated_into());
					paid = paid.saturating_add(amount);
					Self::deposit_event(Event::AttestorRewarded {
						who: revealer.who.clone(),
						model,
						round,
						amount,
						trust: sp_runtime::Perbill::one(),
					});
				}
				Self::refund_bounty(model, round, &info.opener, info.bounty.saturating_sub(paid))?;
				let leaves_uri =
					revealers.get(agreed.lead).map(|r| r.reveal.leaves_uri.clone()).unwrap_or_default();
				ModelLedger::<T>::insert(
					model,
					LedgerRecord::<T> {
						root,
						round,
						inflow: inflow.saturated_into(),
						leaves_uri,
						finalized_at: Self::now(),
					},
				);
				T::RewardSink::ledger_root_accepted(model, &root);
				model_info.latest_finalized = Some(round);
			} else {
				Self::refund_bounty(model, round, &info.opener, info.bounty)?;
			}
			model_info.open_round = None;
			Models::<T>::insert(model, model_info);

			let set = AttestorSet::<T>::get();
			for who in released.iter() {
				Self::release_commitment(who, &set);
			}

			info.finalized = true;
			info.revealed_stake = revealed_stake.saturated_into();
			info.active_stake = active_stake.saturated_into();
			info.quorum_reached = agreed.is_some();
			let (revealed_stake, active_stake) = (info.revealed_stake, info.active_stake);
			let best_stake: BalanceOf<T> = best_stake.saturated_into();
			Rounds::<T>::insert((model, round), info);
			Self::prune_round_history(model, round, previous_latest);
			Self::deposit_event(match agreed {
				Some(agreed) => Event::RootAgreed {
					model,
					round,
					root: agreed.root,
					stake: best_stake,
					revealed_stake,
					active_stake,
				},
				None => Event::RootRoundFinalizedWithoutQuorum {
					model,
					round,
					best_stake,
					revealed_stake,
					active_stake,
				},
			});
			Ok(committer_count)
		})
	}

	/// Weight of finalizing a root round with `committers` committers: the benchmark's, plus
	/// replacing the model's attestors in the rewards pallet, plus the ledger hook. Nothing
	/// depends on the number of contributions or leaves.
	pub fn finalize_root_weight(committers: u32) -> Weight {
		// The leaf count is a benchmark component only to show it costs nothing; the largest
		// measured is charged.
		T::WeightInfo::finalize_root(committers, 1_000_000)
			.saturating_add(T::RewardSink::attestors_finalized_weight(committers))
			.saturating_add(T::RewardSink::ledger_hook_weight())
			.saturating_add(Self::prune_weight())
	}
}
