//! The pallet's logic: one `do_*` function per call, the licence gate, the training-data check,
//! slashing and the bounty split.
//!
//! Every `do_*` function checks what it can before it writes anything, then does its writes in a
//! storage layer ([`with_storage_layer`]): a failure half-way (a hold or transfer that fails)
//! leaves nothing behind, even when called outside a dispatch.

use crate::{pallet::*, types::*, weights::WeightInfo, BalanceOf, LOG_TARGET};
use alloc::vec::Vec;
use frame_support::{
	ensure,
	storage::with_storage_layer,
	traits::{
		fungible::{Mutate, MutateHold},
		tokens::{Fortitude, Precision, Preservation, Restriction},
		Get,
	},
	weights::Weight,
	BoundedVec,
};
use frame_system::pallet_prelude::BlockNumberFor;
use openledger_primitives::{
	aggregate, quorum_reached, split_by_weight, ContributionId, ContributionInspect,
	ContributionStatus, DatanetId,
	DatanetInspect, License, ModelId, RewardSink, RoundId, Score, ScoredReveal, VersionNumber,
	H256,
};
use sp_runtime::{
	traits::Zero, DispatchError, DispatchResult, Perbill, SaturatedConversion, Saturating,
};

/// The sizes `finalize` actually worked on, for its post-dispatch weight.
pub(crate) struct FinalizeCost {
	/// Committers of the round.
	pub committers: u32,
	/// The most scores any reveal had.
	pub scores: u32,
	/// Entries of the model's previous attribution, removed.
	pub previous_entries: u32,
}

/// A committer that revealed, as `finalize` sees it.
struct Revealer<T: Config> {
	who: T::AccountId,
	/// The stake behind its commitment: its weight in the medians and the bounty.
	stake: u128,
	/// What counts towards the quorum: its stake, but no more than it still has bonded.
	counted: u128,
	scores: ScoresOf<T>,
}

/// A member displaced from the attestor set, with its active bond.
type Displaced<T> = (<T as frame_system::Config>::AccountId, BalanceOf<T>);

/// The position and value of the smallest value in `list`, the last such position among
/// equals (so that among equal stakes the newest is displaced); `None` for an empty list.
fn smallest_entry<Key, Value: Ord + Copy>(list: &[(Key, Value)]) -> Option<(usize, Value)> {
	list.iter().enumerate().fold(None, |best, (index, (_, value))| match best {
		Some((_, smallest)) if smallest < *value => best,
		_ => Some((index, *value)),
	})
}

impl<T: Config> Pallet<T> {
	// ---- models ----

	/// Registers a model and returns its id.
	pub(crate) fn do_register_model(
		owner: T::AccountId,
		name: Vec<u8>,
		artifact_hash: H256,
		metadata_uri: Vec<u8>,
		training_data: TrainingDataArgOf<T>,
		inference_fee: BalanceOf<T>,
	) -> Result<ModelId, DispatchError> {
		ensure!(!name.is_empty(), Error::<T>::EmptyName);
		let name: NameOf<T> = BoundedVec::try_from(name).map_err(|_| Error::<T>::NameTooLong)?;
		let metadata_uri: MetadataUriOf<T> =
			BoundedVec::try_from(metadata_uri).map_err(|_| Error::<T>::MetadataUriTooLong)?;
		let training_data = Self::check_training_data(&training_data, !inference_fee.is_zero())?;
		let model = NextModelId::<T>::get();
		let next_model = model.checked_add(1).ok_or(Error::<T>::ModelIdOverflow)?;
		let deposit = T::ModelDeposit::get();

		with_storage_layer(|| -> Result<ModelId, DispatchError> {
			Self::hold(HoldReason::ModelDeposit, &owner, deposit)?;
			Models::<T>::insert(
				model,
				ModelInfo::<T> {
					owner: owner.clone(),
					name,
					artifact_hash,
					metadata_uri,
					training_data,
					inference_fee,
					operators: BoundedVec::default(),
					retired: false,
					deposit,
					registered_at: Self::now(),
					next_round: 0,
					open_round: None,
					latest_finalized: None,
					inferences: 0,
					attribution_entries: 0,
				},
			);
			ModelsByOwner::<T>::insert(&owner, model, ());
			NextModelId::<T>::put(next_model);
			Self::deposit_event(Event::ModelRegistered { model, owner });
			Ok(model)
		})
	}

	/// Sets a model's fee and returns the number of its training sets (for the weight).
	pub(crate) fn do_set_inference_fee(
		owner: T::AccountId,
		model: ModelId,
		fee: BalanceOf<T>,
	) -> Result<u32, DispatchError> {
		let mut info = Self::owned_model(&owner, model)?;
		ensure!(!info.retired, Error::<T>::ModelRetired);
		// Only going from free to paid can break the licence gate.
		if info.inference_fee.is_zero() && !fee.is_zero() {
			for set in info.training_data.iter() {
				let license =
					T::Datanets::license(set.datanet).ok_or(Error::<T>::UnknownDatanet)?;
				Self::check_license(set.datanet, &license, true)?;
			}
		}
		let training_sets = crate::weight_len(&info.training_data, T::MaxTrainingSets::get());
		info.inference_fee = fee;
		Models::<T>::insert(model, info);
		Self::deposit_event(Event::InferenceFeeSet { model, fee });
		Ok(training_sets)
	}

	pub(crate) fn do_add_operator(
		owner: T::AccountId,
		model: ModelId,
		operator: T::AccountId,
	) -> DispatchResult {
		let mut info = Self::owned_model(&owner, model)?;
		ensure!(!info.retired, Error::<T>::ModelRetired);
		ensure!(!info.operators.contains(&operator), Error::<T>::AlreadyOperator);
		info.operators
			.try_push(operator.clone())
			.map_err(|_| Error::<T>::TooManyOperators)?;
		Models::<T>::insert(model, info);
		Self::deposit_event(Event::OperatorAdded { model, operator });
		Ok(())
	}

	pub(crate) fn do_remove_operator(
		owner: T::AccountId,
		model: ModelId,
		operator: T::AccountId,
	) -> DispatchResult {
		let mut info = Self::owned_model(&owner, model)?;
		let before = info.operators.len();
		info.operators.retain(|existing| *existing != operator);
		ensure!(info.operators.len() < before, Error::<T>::NotOperator);
		Models::<T>::insert(model, info);
		Self::deposit_event(Event::OperatorRemoved { model, operator });
		Ok(())
	}

	/// Retires a model and returns how many attribution entries it removed (for the weight).
	pub(crate) fn do_retire_model(owner: T::AccountId, model: ModelId) -> Result<u32, DispatchError> {
		let mut info = Self::owned_model(&owner, model)?;
		ensure!(!info.retired, Error::<T>::ModelRetired);
		ensure!(info.open_round.is_none(), Error::<T>::RoundInProgress);
		// The record, its last round summaries and its ledger stay, so part of the deposit does.
		let kept = info.deposit.min(T::RetiredModelDeposit::get());
		let deposit_released = info.deposit.saturating_sub(kept);
		let entries = info.attribution_entries;

		with_storage_layer(|| -> Result<u32, DispatchError> {
			Self::release(HoldReason::ModelDeposit, &owner, deposit_released)?;
			// Nothing the deposit paid for stays behind: the attribution goes, and the pool's
			// members are settled and leave it (a ledger stays: claims need it).
			Self::clear_attribution(model, entries);
			if !ModelSpecs::<T>::contains_key(model) {
				T::RewardSink::attribution_finalized(model, &[]);
			}
			info.retired = true;
			info.deposit = kept;
			info.attribution_entries = 0;
			Models::<T>::insert(model, info);
			Self::deposit_event(Event::ModelRetired { model, deposit_released });
			Ok(entries)
		})
	}

	/// Forgets round summaries after round `finalized` of `model` was just finalized (the
	/// model's record already stored), so that a model keeps those of its last `RoundHistory`
	/// rounds and of its latest round with a quorum (`latest_finalized`), at most
	/// `RoundHistory + 1`; events keep the history. Rounds of a model are finalized in order,
	/// one at a time, so the window moves by one: the round `RoundHistory` before leaves it
	/// (unless it is still the latest with a quorum), and so does `previous_latest`, the latest
	/// with a quorum before this finalization, if this one replaced it and it is outside the
	/// window. A ledger keeps its round's id and inflow itself.
	pub(crate) fn prune_round_history(
		model: ModelId,
		finalized: RoundId,
		previous_latest: Option<RoundId>,
	) {
		let history = T::RoundHistory::get();
		let latest = Models::<T>::get(model).and_then(|info| info.latest_finalized);
		let forget = |round: RoundId| {
			Rounds::<T>::remove((model, round));
			RootRounds::<T>::remove((model, round));
		};
		if let Some(old) = finalized.checked_sub(history) {
			if Some(old) != latest {
				forget(old);
			}
		}
		if let Some(previous) = previous_latest {
			if latest != Some(previous) && previous.saturating_add(history) <= finalized {
				forget(previous);
			}
		}
	}

	/// The weight of `retire_model` removing `entries` attribution entries, including emptying
	/// the model's pool through the reward sink.
	pub fn retire_weight(entries: u32) -> Weight {
		T::WeightInfo::retire_model(entries)
			.saturating_add(T::RewardSink::attribution_finalized_weight(0))
	}

	// ---- attestors ----

	pub(crate) fn do_bond(who: T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		let mut info = Attestors::<T>::get(&who).unwrap_or_default();
		let active = info.active.saturating_add(amount);
		ensure!(active >= T::MinBond::get(), Error::<T>::BondBelowMinimum);
		let mut set = AttestorSet::<T>::get();
		let displaced = Self::admit(&mut set, &who, active)?;

		with_storage_layer(|| -> DispatchResult {
			Self::hold(HoldReason::AttestorBond, &who, amount)?;
			AttestorSet::<T>::put(set);
			if let Some((out, out_active)) = displaced {
				Self::displace(&out, &who, out_active);
			}
			info.active = active;
			Attestors::<T>::insert(&who, info);
			Self::deposit_event(Event::Bonded { who, amount, active });
			Ok(())
		})
	}

	pub(crate) fn do_unbond(who: T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		let mut info = Attestors::<T>::get(&who).ok_or(Error::<T>::NotAttestor)?;
		ensure!(info.outstanding_commitments == 0, Error::<T>::CommitmentsOutstanding);
		ensure!(amount <= info.active, Error::<T>::InsufficientBond);
		let active = info.active.saturating_sub(amount);
		ensure!(active.is_zero() || active >= T::MinBond::get(), Error::<T>::BondBelowMinimum);
		let unlock_at = Self::now().saturating_add(T::UnbondingPeriod::get());
		Self::add_unlocking(&mut info, amount, unlock_at)
			.map_err(|_| Error::<T>::TooManyUnlockingChunks)?;
		info.active = active;
		Attestors::<T>::insert(&who, info);
		// Unbonding everything leaves the set at once.
		Self::set_member_bond(&who, active);
		Self::deposit_event(Event::Unbonded { who, amount, unlock_at, active });
		Ok(())
	}

	/// Withdraws matured chunks and returns how many there were (for the weight).
	pub(crate) fn do_withdraw_unbonded(who: T::AccountId) -> Result<u32, DispatchError> {
		let mut info = Attestors::<T>::get(&who).ok_or(Error::<T>::NotAttestor)?;
		let now = Self::now();
		let before = info.unlocking.len();
		let mut amount: BalanceOf<T> = Zero::zero();
		info.unlocking.retain(|(chunk, unlock_at)| {
			let matured = *unlock_at <= now;
			if matured {
				amount = amount.saturating_add(*chunk);
			}
			!matured
		});
		let withdrawn = before.saturating_sub(info.unlocking.len());
		ensure!(withdrawn > 0, Error::<T>::NothingToWithdraw);
		// A record with outstanding commitments stays until its rounds are finalized.
		let left =
			info.active.is_zero() && info.unlocking.is_empty() && info.outstanding_commitments == 0;

		with_storage_layer(|| -> DispatchResult {
			Self::release(HoldReason::AttestorBond, &who, amount)?;
			if left {
				Attestors::<T>::remove(&who);
			} else {
				Attestors::<T>::insert(&who, info);
			}
			Self::deposit_event(Event::Withdrawn { who, amount, left });
			Ok(())
		})?;
		Ok(u32::try_from(withdrawn).unwrap_or(u32::MAX))
	}

	// ---- rounds ----

	/// Opens the next round of a model and returns its id.
	pub(crate) fn do_open_round(
		opener: T::AccountId,
		model: ModelId,
		bounty: BalanceOf<T>,
	) -> Result<RoundId, DispatchError> {
		let mut info = Self::model(model)?;
		ensure!(!info.retired, Error::<T>::ModelRetired);
		// Rounds are the owner's to schedule: a stranger's round would hold up retirement and
		// the owner's own rounds.
		ensure!(
			info.owner == opener || info.operators.contains(&opener),
			Error::<T>::MayNotOpenRound
		);
		ensure!(info.open_round.is_none(), Error::<T>::RoundInProgress);
		let round = info.next_round;
		let next_round = round.checked_add(1).ok_or(Error::<T>::RoundIdOverflow)?;
		let parameters = Parameters::<T>::get();
		let opened_at = Self::now();
		let reveal_from = opened_at.saturating_add(parameters.commit_phase);
		let finalize_from = reveal_from.saturating_add(parameters.reveal_phase);

		with_storage_layer(|| -> Result<RoundId, DispatchError> {
			Self::hold(HoldReason::RoundBounty, &opener, bounty)?;
			// A model with a spec runs root rounds, computed for the ledger's inflow so far.
			if ModelSpecs::<T>::contains_key(model) {
				let inflow = T::RewardSink::ledger_inflow(model);
				RootRounds::<T>::insert((model, round), inflow);
				Self::deposit_event(Event::RootRoundOpened { model, round, inflow });
			}
			Rounds::<T>::insert(
				(model, round),
				RoundInfo::<T> {
					opener: opener.clone(),
					bounty,
					opened_at,
					reveal_from,
					finalize_from,
					slash_fraction: parameters.slash_fraction,
					trust_threshold: parameters.trust_threshold,
					committers: BoundedVec::default(),
					revealed: 0,
					finalized: false,
					consensus_entries: 0,
					revealed_stake: Zero::zero(),
					active_stake: Zero::zero(),
					quorum_reached: false,
				},
			);
			info.next_round = next_round;
			info.open_round = Some(round);
			Models::<T>::insert(model, info);
			Self::deposit_event(Event::RoundOpened {
				model,
				round,
				opener,
				bounty,
				reveal_from,
				finalize_from,
			});
			Ok(round)
		})
	}

	pub(crate) fn do_commit(
		who: T::AccountId,
		model: ModelId,
		round: RoundId,
		hash: H256,
	) -> DispatchResult {
		let mut info = Self::round(model, round)?;
		ensure!(!info.finalized, Error::<T>::RoundAlreadyFinalized);
		ensure!(Self::now() < info.reveal_from, Error::<T>::NotCommitPhase);
		let mut attestor = Attestors::<T>::get(&who).ok_or(Error::<T>::NotAttestor)?;
		let set = AttestorSet::<T>::get();
		ensure!(Self::is_member(&set, &who), Error::<T>::NotInAttestorSet);
		ensure!(attestor.active >= T::MinBond::get(), Error::<T>::BondBelowMinimum);
		ensure!(
			!Commitments::<T>::contains_key((model, round), &who),
			Error::<T>::AlreadyCommitted
		);
		let stake = attestor.active;
		// A full round takes a commitment only in place of one backed by less stake.
		let full = u32::try_from(info.committers.len()).unwrap_or(u32::MAX) >=
			T::MaxCommitsPerRound::get();
		let displaced = if full {
			let (index, smallest) =
				smallest_entry(&info.committers).ok_or(Error::<T>::RoundFull)?;
			ensure!(stake > smallest, Error::<T>::RoundFull);
			let out = info
				.committers
				.get(index)
				.map(|(out, _)| out.clone())
				.ok_or(Error::<T>::RoundFull)?;
			// `index` was just checked to be in range.
			info.committers.remove(index);
			Some((out, smallest))
		} else {
			None
		};
		info.committers
			.try_push((who.clone(), stake))
			.map_err(|_| Error::<T>::RoundFull)?;
		attestor.outstanding_commitments = attestor.outstanding_commitments.saturating_add(1);

		if let Some((out, out_stake)) = displaced {
			Commitments::<T>::remove((model, round), &out);
			Self::release_commitment(&out, &set);
			Self::deposit_event(Event::CommitmentDisplaced {
				model,
				round,
				who: out,
				by: who.clone(),
				stake: out_stake,
			});
		}
		Commitments::<T>::insert((model, round), &who, Commitment { hash, stake, revealed: false });
		Rounds::<T>::insert((model, round), info);
		Attestors::<T>::insert(&who, attestor);
		Self::deposit_event(Event::Committed { model, round, who, stake });
		Ok(())
	}

	pub(crate) fn do_reveal(
		who: T::AccountId,
		model: ModelId,
		round: RoundId,
		scores: ScoresOf<T>,
		salt: [u8; 32],
	) -> DispatchResult {
		let mut info = Self::round(model, round)?;
		ensure!(!info.finalized, Error::<T>::RoundAlreadyFinalized);
		let now = Self::now();
		ensure!(now >= info.reveal_from && now < info.finalize_from, Error::<T>::NotRevealPhase);
		ensure!(!RootRounds::<T>::contains_key((model, round)), Error::<T>::RevealRootInstead);
		let mut commitment =
			Commitments::<T>::get((model, round), &who).ok_or(Error::<T>::NoCommitment)?;
		ensure!(!commitment.revealed, Error::<T>::AlreadyRevealed);
		ensure!(
			Self::commitment_hash(model, round, &scores, &salt, &who) == commitment.hash,
			Error::<T>::CommitmentMismatch
		);
		ensure!(
			scores.windows(2).all(|pair| match pair {
				[first, second] => first.0 < second.0,
				_ => true,
			}),
			Error::<T>::ScoresNotSorted
		);
		let model_info = Self::model(model)?;
		// A contribution revoked since the round opened may still be revealed: the attestor
		// could not have known when it committed, and a contributor must not be able to get
		// honest attestors slashed for not revealing by revoking mid-round. Finalization
		// leaves it out of the consensus that becomes the attribution.
		for (contribution, _) in scores.iter() {
			Self::ensure_in_training_data(&model_info, *contribution, Some(info.opened_at))?;
		}

		let count = crate::weight_len(&scores, T::MaxScoresPerReveal::get());
		commitment.revealed = true;
		info.revealed = info.revealed.saturating_add(1);
		Commitments::<T>::insert((model, round), &who, commitment);
		Reveals::<T>::insert((model, round), &who, scores);
		Rounds::<T>::insert((model, round), info);
		Self::deposit_event(Event::Revealed { model, round, who, scores: count });
		Ok(())
	}

	/// Finalizes a round (see [`Pallet::finalize`]) and returns the sizes it worked on.
	pub(crate) fn do_finalize(
		model: ModelId,
		round: RoundId,
	) -> Result<FinalizeCost, DispatchError> {
		let mut info = Self::round(model, round)?;
		ensure!(!info.finalized, Error::<T>::RoundAlreadyFinalized);
		ensure!(Self::now() >= info.finalize_from, Error::<T>::RevealPhaseNotOver);
		let mut model_info = Self::model(model)?;
		let previous_entries = model_info.attribution_entries;
		let previous_latest = model_info.latest_finalized;
		let committers = core::mem::take(&mut info.committers);
		let committer_count = crate::weight_len(&committers, T::MaxCommitsPerRound::get());

		with_storage_layer(|| -> Result<FinalizeCost, DispatchError> {
			let set = AttestorSet::<T>::get();
			// The quorum is measured against the set's active bonds, plus the stake of
			// committers that have left the set since they committed (a displaced member's
			// commitment still counts, so it must count in the whole too).
			let mut active_stake: u128 = set
				.iter()
				.fold(0u128, |total, (_, bond)| total.saturating_add((*bond).saturated_into()));
			// Collect the reveals, deleting commitments and reveals as we go.
			let mut revealers: Vec<Revealer<T>> = Vec::new();
			let mut silent: Vec<T::AccountId> = Vec::new();
			let mut released: Vec<T::AccountId> = Vec::new();
			let mut max_scores: u32 = 0;
			for (who, _) in committers.iter() {
				let Some(commitment) = Commitments::<T>::take((model, round), who) else {
					continue;
				};
				released.push(who.clone());
				let stake: u128 = commitment.stake.saturated_into();
				let bonded: u128 =
					Attestors::<T>::get(who).map_or(0, |attestor| attestor.active.saturated_into());
				// A stake slashed since it committed counts only as far as it is still bonded.
				let counted = stake.min(bonded);
				if !Self::is_member(&set, who) {
					active_stake = active_stake.saturating_add(counted);
				}
				match Reveals::<T>::take((model, round), who) {
					Some(scores) if commitment.revealed => {
						max_scores = max_scores
							.max(crate::weight_len(&scores, T::MaxScoresPerReveal::get()));
						revealers.push(Revealer { who: who.clone(), stake, counted, scores });
					},
					_ => silent.push(who.clone()),
				}
			}

			let scored: Vec<ScoredReveal<'_>> = revealers
				.iter()
				.map(|revealer| ScoredReveal {
					stake: revealer.stake,
					scores: revealer.scores.as_slice(),
				})
				.collect();
			let outcome = aggregate(&scored);
			let revealed_stake = revealers
				.iter()
				.zip(outcome.outcomes.iter())
				.filter(|(_, attestor)| !attestor.abstained)
				.fold(0u128, |total, (revealer, _)| total.saturating_add(revealer.counted));
			let reached = quorum_reached(revealed_stake, active_stake, T::RevealQuorum::get());

			// Not revealing is a fault whatever the others did.
			for who in silent.iter() {
				Self::slash(who, model, round, info.slash_fraction, SlashReason::NotRevealed);
			}
			let mut entries: u32 = 0;
			if reached {
				let mut weights: Vec<u128> = Vec::with_capacity(revealers.len());
				// Who earns the attestors' share of the model's fees until its next round: the
				// attestors this round did not slash, by stake × trust.
				let mut attestors: Vec<(T::AccountId, BalanceOf<T>)> = Vec::new();
				for (revealer, attestor) in revealers.iter().zip(outcome.outcomes.iter()) {
					// An empty reveal abstains: nothing to judge, nothing to pay.
					if attestor.abstained {
						weights.push(0);
						continue;
					}
					let weight = attestor.trust.mul_floor(revealer.stake);
					if attestor.trust < info.trust_threshold {
						Self::slash(
							&revealer.who,
							model,
							round,
							info.slash_fraction,
							SlashReason::LowTrust,
						);
					} else if weight > 0 {
						attestors.push((revealer.who.clone(), weight.saturated_into()));
					}
					weights.push(weight);
				}
				T::RewardSink::attestors_finalized(model, &attestors);

				// Pay the bounty by stake × trust; what is not paid goes back to the opener.
				let (shares, _dust) = split_by_weight(info.bounty.saturated_into(), &weights);
				let mut paid: BalanceOf<T> = Zero::zero();
				for ((revealer, attestor), share) in
					revealers.iter().zip(outcome.outcomes.iter()).zip(shares.iter())
				{
					if attestor.abstained {
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
						trust: attestor.trust,
					});
				}
				Self::refund_bounty(model, round, &info.opener, info.bounty.saturating_sub(paid))?;

				// The consensus, without contributions revoked since they were scored, replaces
				// the model's attribution.
				let consensus: Vec<(ContributionId, Score)> = outcome
					.consensus
					.into_iter()
					.filter(|(contribution, _)| T::Contributions::is_live(*contribution))
					.collect();
				Self::clear_attribution(model, previous_entries);
				for (contribution, score) in consensus.iter() {
					ModelAttribution::<T>::insert(model, contribution, score);
					ContributionAttribution::<T>::insert(contribution, model, score);
				}
				entries = u32::try_from(consensus.len()).unwrap_or(u32::MAX);
				model_info.attribution_entries = entries;
				model_info.latest_finalized = Some(round);
				T::RewardSink::attribution_finalized(model, &consensus);
			} else {
				// Too little stake spoke: its consensus judges nobody and changes nothing.
				Self::refund_bounty(model, round, &info.opener, info.bounty)?;
			}
			model_info.open_round = None;
			Models::<T>::insert(model, model_info);

			// Release every commitment, after the slashes: a displaced attestor whose last
			// commitment this was starts unbonding only now.
			let set = AttestorSet::<T>::get();
			for who in released.iter() {
				Self::release_commitment(who, &set);
			}

			let revealed = info.revealed;
			info.finalized = true;
			info.consensus_entries = entries;
			info.revealed_stake = revealed_stake.saturated_into();
			info.active_stake = active_stake.saturated_into();
			info.quorum_reached = reached;
			let (revealed_stake, active_stake) = (info.revealed_stake, info.active_stake);
			Rounds::<T>::insert((model, round), info);
			Self::prune_round_history(model, round, previous_latest);
			Self::deposit_event(if reached {
				Event::RoundFinalized { model, round, revealed, consensus_entries: entries }
			} else {
				Event::RoundFinalizedWithoutQuorum {
					model,
					round,
					revealed,
					revealed_stake,
					active_stake,
				}
			});
			Ok(FinalizeCost { committers: committer_count, scores: max_scores, previous_entries })
		})
	}

	// ---- receipts and parameters ----

	pub(crate) fn do_record_inference(
		payer: T::AccountId,
		model: ModelId,
		fee: BalanceOf<T>,
		request_hash: H256,
		output_hash: H256,
		attributions: Option<AttributionsOf<T>>,
	) -> DispatchResult {
		let mut info = Self::model(model)?;
		ensure!(!info.retired, Error::<T>::ModelRetired);
		// A free model's training data need not permit paid use: it takes no fee at all.
		ensure!(!info.inference_fee.is_zero() || fee.is_zero(), Error::<T>::FreeModelTakesNoFee);
		ensure!(fee >= info.inference_fee, Error::<T>::FeeBelowModelFee);
		if let Some(list) = &attributions {
			ensure!(
				info.owner == payer || info.operators.contains(&payer),
				Error::<T>::NotModelOperator
			);
			// The owner routes at most `MaxReceiptShare` of the contributor share, and only to
			// contributions the attestors attributed: it can shift what the model's own
			// contributors earn within that part, never take the rest.
			let total = list
				.iter()
				.fold(0u64, |total, (_, share)| total.saturating_add(share.deconstruct().into()));
			ensure!(
				total <= u64::from(T::MaxReceiptShare::get().deconstruct()),
				Error::<T>::AttributionsExceedReceiptShare
			);
			let mut ids: Vec<ContributionId> = list.iter().map(|(id, _)| *id).collect();
			ids.sort_unstable();
			ids.dedup();
			ensure!(ids.len() == list.len(), Error::<T>::DuplicateAttribution);
			for (contribution, _) in list.iter() {
				Self::ensure_in_training_data(&info, *contribution, None)?;
				ensure!(
					ModelAttribution::<T>::contains_key(model, contribution),
					Error::<T>::ContributionNotAttributed
				);
			}
		}

		with_storage_layer(|| -> DispatchResult {
			if !fee.is_zero() {
				T::Currency::transfer(
					&payer,
					&T::FeeDestination::get(),
					fee,
					Preservation::Preserve,
				)?;
			}
			info.inferences = info.inferences.saturating_add(1);
			let owner = info.owner.clone();
			Models::<T>::insert(model, info);
			let shares: &[(ContributionId, Perbill)] =
				attributions.as_ref().map(|list| list.as_slice()).unwrap_or(&[]);
			T::RewardSink::inference_paid(model, &owner, &payer, fee, shares);
			Self::deposit_event(Event::InferenceRecorded {
				model,
				payer,
				fee,
				request_hash,
				output_hash,
				attributions,
			});
			Ok(())
		})
	}

	pub(crate) fn do_set_round_parameters(parameters: RoundParametersOf<T>) -> DispatchResult {
		Self::check_round_parameters(&parameters)?;
		Parameters::<T>::put(parameters);
		Self::deposit_event(Event::RoundParametersSet { parameters });
		Ok(())
	}

	// ---- shared checks ----

	/// Fails with `ParameterOutOfBounds` unless both phases lie within
	/// `[MinPhaseLength, MaxPhaseLength]` and the slash fraction within `MaxSlashFraction`.
	pub fn check_round_parameters(parameters: &RoundParametersOf<T>) -> DispatchResult {
		let phase_ok = |phase: BlockNumberFor<T>| {
			phase >= T::MinPhaseLength::get() && phase <= T::MaxPhaseLength::get()
		};
		ensure!(
			phase_ok(parameters.commit_phase) &&
				phase_ok(parameters.reveal_phase) &&
				parameters.slash_fraction <= T::MaxSlashFraction::get(),
			Error::<T>::ParameterOutOfBounds
		);
		Ok(())
	}

	/// The parameters used until genesis or root sets others: both phases `MinPhaseLength`, no
	/// slash, no trust threshold.
	pub fn default_round_parameters() -> RoundParametersOf<T> {
		RoundParameters {
			commit_phase: T::MinPhaseLength::get(),
			reveal_phase: T::MinPhaseLength::get(),
			slash_fraction: Perbill::zero(),
			trust_threshold: Perbill::zero(),
		}
	}

	/// Checks the training data of a new model (`paid` if it charges a fee) and records each
	/// version's `next_leaf_index`.
	pub(crate) fn check_training_data(
		sets: &[(DatanetId, VersionNumber)],
		paid: bool,
	) -> Result<TrainingDataOf<T>, DispatchError> {
		ensure!(!sets.is_empty(), Error::<T>::NoTrainingData);
		let mut checked = Vec::with_capacity(sets.len());
		for (index, (datanet, version)) in sets.iter().enumerate() {
			ensure!(
				!sets.iter().take(index).any(|(earlier, _)| earlier == datanet),
				Error::<T>::DuplicateTrainingSet
			);
			let license = T::Datanets::license(*datanet).ok_or(Error::<T>::UnknownDatanet)?;
			let snapshot =
				T::Datanets::version(*datanet, *version).ok_or(Error::<T>::UnknownVersion)?;
			Self::check_license(*datanet, &license, paid)?;
			checked.push(TrainingSet {
				datanet: *datanet,
				version: *version,
				next_leaf_index: snapshot.next_leaf_index,
			});
		}
		// `sets` is bounded by the same bound, so nothing is truncated.
		Ok(BoundedVec::truncate_from(checked))
	}

	/// The licence gate: a paid model needs training and commercial use, a free one training.
	fn check_license(datanet: DatanetId, license: &License<Vec<u8>>, paid: bool) -> DispatchResult {
		if paid && !license.permits_paid_models() {
			log::debug!(
				target: LOG_TARGET,
				"datanet {datanet}'s licence forbids paid models (training or commercial use)"
			);
			return Err(Error::<T>::LicenseForbidsPaidModel.into());
		}
		if !license.may_train {
			log::debug!(target: LOG_TARGET, "datanet {datanet}'s licence forbids training");
			return Err(Error::<T>::LicenseForbidsTraining.into());
		}
		Ok(())
	}

	/// Fails with `ContributionNotInTrainingData` unless the contribution was in one of the
	/// model's training versions and is live, or, with `revoked_since`, was revoked at or after
	/// that block.
	fn ensure_in_training_data(
		info: &ModelInfo<T>,
		contribution: ContributionId,
		revoked_since: Option<BlockNumberFor<T>>,
	) -> DispatchResult {
		let summary = T::Contributions::contribution(contribution)
			.ok_or(Error::<T>::ContributionNotInTrainingData)?;
		let allowed = match summary.status {
			ContributionStatus::Revoked { revoked_at, .. } =>
				revoked_since.is_some_and(|since| revoked_at >= since),
			status => status.is_live(),
		};
		let leaf_index = summary
			.status
			.leaf_index()
			.filter(|_| allowed)
			.ok_or(Error::<T>::ContributionNotInTrainingData)?;
		ensure!(
			info.training_data
				.iter()
				.any(|set| set.datanet == summary.datanet && leaf_index < set.next_leaf_index),
			Error::<T>::ContributionNotInTrainingData
		);
		Ok(())
	}

	/// The commitment `who` posts for `scores` and `salt` in round `round` of `model`:
	/// [`openledger_core::commitment::commitment_hash`], shared with every client. Binding the
	/// attestor's account makes a copied commitment useless to anyone else; binding the model
	/// and round keeps a commitment from being replayed elsewhere.
	pub fn commitment_hash(
		model: ModelId,
		round: RoundId,
		scores: &[(ContributionId, Score)],
		salt: &[u8; 32],
		who: &T::AccountId,
	) -> H256 {
		H256(openledger_core::commitment::commitment_hash(model, round, scores, salt, who))
	}

	// ---- finalization helpers ----

	/// Slashes `fraction` of `who`'s active bond to the treasury (as much as is held), tells the
	/// reward sink (if `who` is a member of the set) and emits `AttestorSlashed`. Never fails: an
	/// attestor that cannot be slashed must not block the round.
	pub(crate) fn slash(
		who: &T::AccountId,
		model: ModelId,
		round: RoundId,
		fraction: Perbill,
		reason: SlashReason,
	) {
		let Some(mut attestor) = Attestors::<T>::get(who) else { return };
		let amount = fraction.mul_floor(attestor.active);
		if amount.is_zero() {
			return;
		}
		let slashed = with_storage_layer(|| {
			T::Currency::transfer_on_hold(
				&HoldReason::AttestorBond.into(),
				who,
				&T::TreasuryAccount::get(),
				amount,
				Precision::BestEffort,
				Restriction::Free,
				Fortitude::Force,
			)
		})
		.unwrap_or_default();
		if slashed.is_zero() {
			return;
		}
		attestor.active = attestor.active.saturating_sub(slashed);
		let active = attestor.active;
		Attestors::<T>::insert(who, attestor);
		Self::set_member_bond(who, active);
		Self::deposit_event(Event::AttestorSlashed {
			who: who.clone(),
			model,
			round,
			amount: slashed,
			reason,
		});
	}

	/// Releases `amount` of the opener's held bounty back to it and emits `BountyRefunded`
	/// (nothing to do for zero).
	pub(crate) fn refund_bounty(
		model: ModelId,
		round: RoundId,
		opener: &T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		let refunded = T::Currency::release(
			&HoldReason::RoundBounty.into(),
			opener,
			amount,
			Precision::BestEffort,
		)?;
		Self::deposit_event(Event::BountyRefunded {
			model,
			round,
			opener: opener.clone(),
			amount: refunded,
		});
		Ok(())
	}

	// ---- the attestor set ----

	/// Whether `who` is a member of `set`.
	pub(crate) fn is_member(set: &AttestorSetOf<T>, who: &T::AccountId) -> bool {
		set.iter().any(|(member, _)| member == who)
	}

	/// Puts `who`, with active bond `active`, into `set` (or updates its copy if it is a
	/// member) and returns the member it displaced, with its bond, if the set was full.
	fn admit(
		set: &mut AttestorSetOf<T>,
		who: &T::AccountId,
		active: BalanceOf<T>,
	) -> Result<Option<Displaced<T>>, DispatchError> {
		if let Some((_, bond)) = set.iter_mut().find(|(member, _)| member == who) {
			*bond = active;
			return Ok(None);
		}
		if set.try_push((who.clone(), active)).is_ok() {
			return Ok(None);
		}
		let (index, smallest) = smallest_entry(set).ok_or(Error::<T>::AttestorSetFull)?;
		ensure!(active > smallest, Error::<T>::AttestorSetFull);
		let out = set.get(index).map(|(out, _)| out.clone()).ok_or(Error::<T>::AttestorSetFull)?;
		// `index` was just checked to be in range, and removing makes room for the push.
		set.remove(index);
		set.try_push((who.clone(), active)).map_err(|_| Error::<T>::AttestorSetFull)?;
		Ok(Some((out, smallest)))
	}

	/// `out` (active bond `active`) was displaced from the set by `by`: it leaves the
	/// attestor set at once and starts unbonding everything, unless its bond still
	/// backs commitments (then [`Self::release_commitment`] does it when the last one goes).
	fn displace(out: &T::AccountId, by: &T::AccountId, active: BalanceOf<T>) {
		Self::deposit_event(Event::AttestorDisplaced { who: out.clone(), by: by.clone(), active });
		if let Some(mut info) = Attestors::<T>::get(out) {
			if info.outstanding_commitments == 0 {
				Self::unbond_everything(out, &mut info);
			}
			Attestors::<T>::insert(out, info);
		}
	}

	/// Sets a member's copy of its active bond to `active`, removing it from the set if that
	/// is zero; returns whether `who` was a member.
	fn set_member_bond(who: &T::AccountId, active: BalanceOf<T>) -> bool {
		AttestorSet::<T>::mutate(|set| {
			let member = Self::is_member(set, who);
			if active.is_zero() {
				set.retain(|(other, _)| other != who);
			} else if let Some((_, bond)) = set.iter_mut().find(|(other, _)| other == who) {
				*bond = active;
			}
			member
		})
	}

	/// One commitment of `who` is gone (its round was finalized, or it was displaced from a
	/// full round): one outstanding commitment less. An attestor outside the set whose last
	/// commitment it was starts unbonding; a record with nothing left is removed.
	pub(crate) fn release_commitment(who: &T::AccountId, set: &AttestorSetOf<T>) {
		let Some(mut info) = Attestors::<T>::get(who) else { return };
		info.outstanding_commitments = info.outstanding_commitments.saturating_sub(1);
		if info.outstanding_commitments == 0 && !Self::is_member(set, who) {
			Self::unbond_everything(who, &mut info);
		}
		if info.active.is_zero() && info.unlocking.is_empty() && info.outstanding_commitments == 0 {
			Attestors::<T>::remove(who);
		} else {
			Attestors::<T>::insert(who, info);
		}
	}

	/// Moves all of `info`'s active bond into unbonding (withdrawable `UnbondingPeriod` blocks
	/// from now) and emits `Unbonded`; the caller stores `info`. Never fails: with every
	/// unlocking chunk taken, the amount joins the latest chunk, which then matures with it.
	fn unbond_everything(who: &T::AccountId, info: &mut AttestorInfo<T>) {
		let amount = info.active;
		if amount.is_zero() {
			return;
		}
		let unlock_at = Self::now().saturating_add(T::UnbondingPeriod::get());
		if Self::add_unlocking(info, amount, unlock_at).is_err() {
			// `MaxUnlockingChunks > 0` (integrity test), so a full list has a last chunk.
			let Some((chunk, at)) = info.unlocking.last_mut() else { return };
			*chunk = chunk.saturating_add(amount);
			*at = (*at).max(unlock_at);
		}
		info.active = Zero::zero();
		Self::deposit_event(Event::Unbonded {
			who: who.clone(),
			amount,
			unlock_at,
			active: Zero::zero(),
		});
	}

	/// Adds `amount`, withdrawable from `unlock_at`, to `info`'s unlocking chunks (to the last
	/// one if it matures in the same block); `Err` if a new chunk is needed and there is no
	/// room.
	fn add_unlocking(
		info: &mut AttestorInfo<T>,
		amount: BalanceOf<T>,
		unlock_at: BlockNumberFor<T>,
	) -> Result<(), ()> {
		match info.unlocking.last_mut() {
			Some((chunk, at)) if *at == unlock_at => {
				*chunk = chunk.saturating_add(amount);
				Ok(())
			},
			_ => info.unlocking.try_push((amount, unlock_at)).map_err(|_| ()),
		}
	}

	/// Pays `amount` of the opener's held bounty to `who`'s free balance and returns what was
	/// paid (nothing if the transfer fails: it then goes back to the opener).
	pub(crate) fn pay_bounty(opener: &T::AccountId, who: &T::AccountId, amount: BalanceOf<T>) -> BalanceOf<T> {
		if amount.is_zero() {
			return amount;
		}
		with_storage_layer(|| {
			T::Currency::transfer_on_hold(
				&HoldReason::RoundBounty.into(),
				opener,
				who,
				amount,
				Precision::Exact,
				Restriction::Free,
				Fortitude::Force,
			)
		})
		.unwrap_or_default()
	}

	/// Removes a model's attribution, `entries` entries (its `attribution_entries`), from both
	/// maps.
	fn clear_attribution(model: ModelId, entries: u32) {
		if entries == 0 {
			return;
		}
		let limit = usize::try_from(entries).unwrap_or(usize::MAX);
		let contributions: Vec<ContributionId> =
			ModelAttribution::<T>::iter_key_prefix(model).take(limit).collect();
		for contribution in contributions {
			ContributionAttribution::<T>::remove(contribution, model);
		}
		let _ = ModelAttribution::<T>::clear_prefix(model, entries, None);
	}

	/// The weight of `finalize` with `committers` committers, at most `scores` scores per
	/// reveal and `previous` previous attribution entries, including the reward sink's share.
	///
	/// A contribution enters the consensus only if attestors holding more than half of the
	/// stake scored it above zero, and each attestor scores at most `scores` contributions, so
	/// the consensus has at most `min(committers × scores, 2 × scores)` entries.
	pub fn finalize_weight(committers: u32, scores: u32, previous: u32) -> Weight {
		let consensus = committers.saturating_mul(scores).min(scores.saturating_mul(2));
		T::WeightInfo::finalize(committers, scores, previous)
			.saturating_add(T::RewardSink::attribution_finalized_weight(consensus))
			.saturating_add(T::RewardSink::attestors_finalized_weight(committers))
			.saturating_add(Self::prune_weight())
	}

	/// What [`Self::prune_round_history`] adds to a finalization: one read and up to four
	/// removals. (The benchmarks' rounds are too young to prune anything, so it is added here.)
	pub fn prune_weight() -> Weight {
		T::DbWeight::get().reads_writes(1, 4)
	}

	// ---- helpers ----

	/// The current block number.
	pub(crate) fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}

	/// The model's record, or `UnknownModel`.
	pub(crate) fn model(model: ModelId) -> Result<ModelInfo<T>, DispatchError> {
		Models::<T>::get(model).ok_or_else(|| Error::<T>::UnknownModel.into())
	}

	/// The model's record if `owner` owns it.
	pub(crate) fn owned_model(owner: &T::AccountId, model: ModelId) -> Result<ModelInfo<T>, DispatchError> {
		let info = Self::model(model)?;
		ensure!(info.owner == *owner, Error::<T>::NotModelOwner);
		Ok(info)
	}

	/// The round's record, or `UnknownRound`.
	pub(crate) fn round(model: ModelId, round: RoundId) -> Result<RoundInfo<T>, DispatchError> {
		Rounds::<T>::get((model, round)).ok_or_else(|| Error::<T>::UnknownRound.into())
	}

	/// Holds `amount` from `who` under `reason` (nothing to do for zero).
	pub(crate) fn hold(reason: HoldReason, who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		if !amount.is_zero() {
			T::Currency::hold(&reason.into(), who, amount)?;
		}
		Ok(())
	}

	/// Releases exactly `amount` held from `who` under `reason` (nothing to do for zero).
	fn release(reason: HoldReason, who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		if !amount.is_zero() {
			T::Currency::release(&reason.into(), who, amount, Precision::Exact)?;
		}
		Ok(())
	}
}
