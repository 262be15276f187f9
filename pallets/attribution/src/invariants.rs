//! The pallet's invariants, checked by [`Pallet::do_try_state`]: in the `try_state` hook under
//! try-runtime, and after every unit test.
//!
//! This iterates all models, rounds, commitments, attributions, attestors and accounts (to find
//! leaked holds): it is meant for try-runtime and tests, never for block execution.

use crate::{pallet::*, BalanceOf};
use alloc::collections::BTreeMap;
use frame_support::{
	ensure,
	traits::{fungible::InspectHold, Get},
};
use openledger_primitives::ModelId;
use sp_runtime::{traits::Zero, Saturating, TryRuntimeError};

/// What the records say each account should have on hold.
#[derive(Default)]
struct RequiredHolds<Balance> {
	/// Deposits of its models (what retired ones keep included).
	model_deposits: Balance,
	/// Bounties of its rounds in progress.
	bounties: Balance,
}

impl<T: Config> Pallet<T> {
	/// Checks every invariant of the pallet (listed in the crate docs), returning the first
	/// violation found.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		let mut holds: BTreeMap<T::AccountId, RequiredHolds<BalanceOf<T>>> = BTreeMap::new();
		Self::check_models(&mut holds)?;
		let outstanding = Self::check_rounds(&mut holds)?;
		Self::check_attribution()?;
		Self::check_ledgers()?;
		Self::check_attestors(&outstanding)?;

		// Every held model deposit and bounty belongs to a record, and matches it exactly.
		for account in frame_system::Account::<T>::iter_keys() {
			if !holds.contains_key(&account) {
				ensure!(
					Self::held(HoldReason::ModelDeposit, &account).is_zero() &&
						Self::held(HoldReason::RoundBounty, &account).is_zero(),
					"an account without models or rounds has model deposits or bounties on hold"
				);
			}
			if !Attestors::<T>::contains_key(&account) {
				ensure!(
					Self::held(HoldReason::AttestorBond, &account).is_zero(),
					"an account without an attestor record has a bond on hold"
				);
			}
		}
		for (account, required) in &holds {
			ensure!(
				Self::held(HoldReason::ModelDeposit, account) == required.model_deposits,
				"an account's model deposits differ from its models' deposits"
			);
			ensure!(
				Self::held(HoldReason::RoundBounty, account) == required.bounties,
				"an account's held bounties differ from its rounds in progress"
			);
		}
		Ok(())
	}

	/// Model ids, the owner index, open rounds; adds model deposits to `holds`.
	fn check_models(
		holds: &mut BTreeMap<T::AccountId, RequiredHolds<BalanceOf<T>>>,
	) -> Result<(), TryRuntimeError> {
		let next_id = NextModelId::<T>::get();
		let mut models: usize = 0;
		for (id, model) in Models::<T>::iter() {
			models = models.saturating_add(1);
			ensure!(id < next_id, "a model's id is not below NextModelId");
			ensure!(
				ModelsByOwner::<T>::contains_key(&model.owner, id),
				"a model is missing from its owner's index"
			);
			let required = holds.entry(model.owner.clone()).or_default();
			// A retired model keeps `RetiredModelDeposit` of it, recorded in `deposit`.
			required.model_deposits = required.model_deposits.saturating_add(model.deposit);
			if model.retired {
				ensure!(
					model.deposit <= T::RetiredModelDeposit::get(),
					"a retired model keeps more than RetiredModelDeposit"
				);
			}
			if let Some(round) = model.open_round {
				ensure!(!model.retired, "a retired model has a round in progress");
				ensure!(round < model.next_round, "a model's open round is not below next_round");
				let info =
					Rounds::<T>::get((id, round)).ok_or("a model's open round is missing")?;
				ensure!(!info.finalized, "a model's open round is finalized");
			}
			if let Some(round) = model.latest_finalized {
				ensure!(
					Rounds::<T>::get((id, round)).is_some_and(|info| info.finalized),
					"a model's latest finalized round is missing or not finalized"
				);
			}
		}
		let mut indexed: usize = 0;
		for (owner, id) in ModelsByOwner::<T>::iter_keys() {
			indexed = indexed.saturating_add(1);
			ensure!(
				Models::<T>::get(id).is_some_and(|model| model.owner == owner),
				"an owner index entry names another account's or a missing model"
			);
		}
		ensure!(indexed == models, "the owner index and the models differ");
		Ok(())
	}

	/// Rounds, commitments and reveals; adds bounties to `holds` and returns each attestor's
	/// commitments in rounds in progress.
	fn check_rounds(
		holds: &mut BTreeMap<T::AccountId, RequiredHolds<BalanceOf<T>>>,
	) -> Result<BTreeMap<T::AccountId, u32>, TryRuntimeError> {
		let mut outstanding: BTreeMap<T::AccountId, u32> = BTreeMap::new();
		for ((model, round), info) in Rounds::<T>::iter() {
			let model_info = Models::<T>::get(model).ok_or("a round's model does not exist")?;
			ensure!(
				round < model_info.next_round,
				"a round's id is not below its model's next_round"
			);
			if info.finalized {
				ensure!(info.committers.is_empty(), "a finalized round still lists committers");
				// Only the last `RoundHistory` finalized rounds, and the latest with a quorum,
				// are kept.
				let in_progress = u32::from(model_info.open_round.is_some());
				let last = model_info.next_round.saturating_sub(1).saturating_sub(in_progress);
				ensure!(
					round.saturating_add(T::RoundHistory::get()) > last ||
						model_info.latest_finalized == Some(round),
					"a finalized round older than RoundHistory is kept"
				);
				continue;
			}
			// At most one round in progress per model: the one the model names.
			ensure!(
				model_info.open_round == Some(round),
				"a round in progress is not its model's open round"
			);
			let required = holds.entry(info.opener.clone()).or_default();
			required.bounties = required.bounties.saturating_add(info.bounty);
			let mut revealed: u32 = 0;
			for (index, (who, stake)) in info.committers.iter().enumerate() {
				ensure!(
					!info.committers.iter().take(index).any(|(earlier, _)| earlier == who),
					"an attestor is listed twice as a committer of a round"
				);
				let commitment = Commitments::<T>::get((model, round), who)
					.ok_or("a committer of a round has no commitment")?;
				ensure!(
					commitment.stake == *stake,
					"a round's copy of a committer's stake differs from its commitment"
				);
				if commitment.revealed {
					revealed = revealed.saturating_add(1);
					ensure!(
						Reveals::<T>::contains_key((model, round), who),
						"a revealed commitment has no reveal"
					);
				}
				let count = outstanding.entry(who.clone()).or_default();
				*count = count.saturating_add(1);
			}
			ensure!(revealed == info.revealed, "a round's revealed count is wrong");
		}
		for ((model, round), who, commitment) in Commitments::<T>::iter() {
			let info =
				Rounds::<T>::get((model, round)).ok_or("a commitment's round does not exist")?;
			ensure!(!info.finalized, "a commitment of a finalized round remains");
			ensure!(
				info.committers.iter().any(|(committer, _)| *committer == who),
				"a commitment's attestor is not among its round's committers"
			);
			if !commitment.revealed {
				ensure!(
					!Reveals::<T>::contains_key((model, round), &who),
					"an unrevealed commitment has a reveal"
				);
			}
		}
		for ((model, round), who, _) in Reveals::<T>::iter() {
			ensure!(
				Commitments::<T>::get((model, round), &who).is_some_and(|c| c.revealed),
				"a reveal has no revealed commitment"
			);
			ensure!(
				!RootRounds::<T>::contains_key((model, round)),
				"a root round holds a scores reveal"
			);
		}
		for ((model, round), who, _) in RootReveals::<T>::iter() {
			ensure!(
				Commitments::<T>::get((model, round), &who).is_some_and(|c| c.revealed),
				"a root reveal has no revealed commitment"
			);
			ensure!(
				RootRounds::<T>::contains_key((model, round)),
				"a scored round holds a root reveal"
			);
		}
		Ok(outstanding)
	}

	/// Root rounds and ledgers belong to models with a spec; a ledger root never owes more than
	/// the inflow its round was computed for, and comes from a finalized root round of its
	/// model.
	fn check_ledgers() -> Result<(), TryRuntimeError> {
		for ((model, round), _) in RootRounds::<T>::iter() {
			ensure!(ModelSpecs::<T>::contains_key(model), "a root round of a model without a spec");
			ensure!(Rounds::<T>::contains_key((model, round)), "a root round without a round record");
		}
		for (model, record) in ModelLedger::<T>::iter() {
			ensure!(ModelSpecs::<T>::contains_key(model), "a ledger of a model without a spec");
			let inflow: u128 = sp_runtime::SaturatedConversion::saturated_into(record.inflow);
			ensure!(record.root.owed <= inflow, "a ledger root owes more than its inflow");
			// While its round's summary is kept (the last `RoundHistory` rounds), it agrees.
			if let Some(info) = Rounds::<T>::get((model, record.round)) {
				ensure!(
					RootRounds::<T>::get((model, record.round)) == Some(record.inflow),
					"a ledger root's inflow differs from its round's snapshot"
				);
				ensure!(
					info.finalized && info.quorum_reached,
					"a ledger root from a round that did not agree on it"
				);
			}
		}
		for (model, spec) in ModelSpecs::<T>::iter() {
			ensure!(Models::<T>::contains_key(model), "a spec of an unknown model");
			ensure!(spec.spec.is_well_formed(), "a stored spec is malformed");
			ensure!(spec.hash.0 == spec.spec.hash(), "a stored spec hash is wrong");
		}
		Ok(())
	}

	/// The two attribution maps mirror each other and match `attribution_entries`.
	fn check_attribution() -> Result<(), TryRuntimeError> {
		let mut entries: BTreeMap<ModelId, u32> = BTreeMap::new();
		for (model, contribution, score) in ModelAttribution::<T>::iter() {
			ensure!(
				ContributionAttribution::<T>::get(contribution, model) == Some(score),
				"a model attribution entry has no matching contribution entry"
			);
			let count = entries.entry(model).or_default();
			*count = count.saturating_add(1);
		}
		for (contribution, model, score) in ContributionAttribution::<T>::iter() {
			ensure!(
				ModelAttribution::<T>::get(model, contribution) == Some(score),
				"a contribution attribution entry has no matching model entry"
			);
		}
		for (id, model) in Models::<T>::iter() {
			ensure!(
				entries.remove(&id).unwrap_or(0) == model.attribution_entries,
				"a model's attribution_entries differs from its attribution"
			);
		}
		ensure!(entries.is_empty(), "an attribution names a model that does not exist");
		Ok(())
	}

	/// Attestor bonds match their holds; outstanding counters match the commitments; no record
	/// is empty; the attestor set lists each member once, with its record's active bond, and
	/// records outside it are active only while they back commitments.
	fn check_attestors(outstanding: &BTreeMap<T::AccountId, u32>) -> Result<(), TryRuntimeError> {
		let set = AttestorSet::<T>::get();
		ensure!(
			u32::try_from(set.len()).unwrap_or(u32::MAX) <= T::MaxAttestors::get(),
			"more members of the attestor set than MaxAttestors"
		);
		for (index, (member, bond)) in set.iter().enumerate() {
			ensure!(
				!set.iter().take(index).any(|(earlier, _)| earlier == member),
				"an attestor is listed twice in the attestor set"
			);
			let info = Attestors::<T>::get(member).ok_or("a member of the set has no record")?;
			ensure!(info.active == *bond, "a member's bond in the set differs from its record");
			ensure!(!bond.is_zero(), "a member of the set has no active bond");
		}
		for (who, info) in Attestors::<T>::iter() {
			ensure!(
				Self::held(HoldReason::AttestorBond, &who) == info.total(),
				"an attestor's held bond differs from active plus unlocking"
			);
			ensure!(
				info.outstanding_commitments == outstanding.get(&who).copied().unwrap_or(0),
				"an attestor's outstanding_commitments differs from its commitments"
			);
			ensure!(
				!info.active.is_zero() ||
					!info.unlocking.is_empty() ||
					info.outstanding_commitments > 0,
				"an attestor record has nothing bonded, unlocking or committed"
			);
			if !Self::is_member(&set, &who) {
				ensure!(
					info.active.is_zero() || info.outstanding_commitments > 0,
					"an attestor outside the set has an active bond that backs no commitment"
				);
			}
		}
		for who in outstanding.keys() {
			ensure!(Attestors::<T>::contains_key(who), "a committer has no attestor record");
		}
		Ok(())
	}

	/// What `account` has on hold for `reason`.
	fn held(reason: HoldReason, account: &T::AccountId) -> BalanceOf<T> {
		T::Currency::balance_on_hold(&reason.into(), account)
	}
}
