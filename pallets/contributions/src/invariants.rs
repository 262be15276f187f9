//! The pallet's invariants, checked by [`Pallet::do_try_state`]: in the `try_state` hook under
//! try-runtime, and after every unit test.
//!
//! This iterates all contributions, all index entries and all accounts (to find leaked
//! deposits): it is meant for try-runtime and tests, never for block execution.

use crate::{pallet::*, types::*, BalanceOf};
use alloc::collections::{BTreeMap, BTreeSet};
use frame_support::{ensure, traits::fungible::InspectHold};
use openledger_primitives::{
	ContributionId, ContributionStatus, DatanetId, DatanetInspect, LeafIndex, ReputationCounts,
};
use sp_runtime::{traits::Zero, Saturating, TryRuntimeError};

/// What the records say each account should have on hold.
struct RequiredHolds<Balance> {
	/// Contribution deposits of pending records.
	review: Balance,
	/// Storage tickets of all records.
	storage: Balance,
}

impl<T: Config> Pallet<T> {
	/// Checks every invariant of the pallet (listed in the crate docs), returning the first
	/// violation found.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		let next_id = NextContributionId::<T>::get();
		let mut holds: BTreeMap<T::AccountId, RequiredHolds<BalanceOf<T>>> = BTreeMap::new();
		let mut reputation: BTreeMap<(DatanetId, T::AccountId), ReputationCounts> =
			BTreeMap::new();
		let mut leaves: BTreeSet<(DatanetId, LeafIndex)> = BTreeSet::new();
		let mut records: usize = 0;
		let mut indexed: usize = 0;

		for (id, record) in Contribution::<T>::iter() {
			records = records.saturating_add(1);
			ensure!(id < next_id, "a contribution's id is not below NextContributionId");
			let owns_hash = ContentIndex::<T>::get(record.content_hash) == Some(id);
			match record.status {
				ContributionStatus::Rejected { .. } => {
					ensure!(!owns_hash, "a rejected contribution still owns its content hash");
				},
				// A revoked contribution may have been displaced by an earlier commitment.
				ContributionStatus::Revoked { .. } => {},
				ContributionStatus::Pending | ContributionStatus::Accepted { .. } => {
					ensure!(owns_hash, "a contribution's content hash does not index it");
				},
			}
			if owns_hash {
				indexed = indexed.saturating_add(1);
			}
			ensure!(
				ByContributor::<T>::contains_key(&record.contributor, id),
				"a contribution is missing from its contributor's index"
			);
			ensure!(
				ByDatanet::<T>::contains_key(record.datanet, id),
				"a contribution is missing from its datanet's index"
			);
			ensure!(
				ByDatanetState::<T>::contains_key(
					(record.datanet, ContributionState::of(&record.status)),
					id
				),
				"a contribution is missing from its datanet's index by state"
			);
			Self::check_parents(id, &record)?;

			if let Some(leaf_index) = record.status.leaf_index() {
				ensure!(
					leaves.insert((record.datanet, leaf_index)),
					"two contributions of a datanet share a leaf index"
				);
			}
			if record.status.is_live() {
				ensure!(
					T::Datanets::exists(record.datanet),
					"an accepted contribution's datanet does not exist"
				);
			}

			let counts =
				reputation.entry((record.datanet, record.contributor.clone())).or_default();
			match record.status {
				ContributionStatus::Pending => {},
				ContributionStatus::Accepted { .. } => {
					counts.accepted = counts.accepted.saturating_add(1);
				},
				ContributionStatus::Rejected { .. } => {
					counts.rejected = counts.rejected.saturating_add(1);
				},
				ContributionStatus::Revoked { .. } => {
					counts.accepted = counts.accepted.saturating_add(1);
					counts.revoked = counts.revoked.saturating_add(1);
				},
			}

			let required = holds.entry(Self::depositor(&record)).or_insert_with(|| {
				RequiredHolds { review: Zero::zero(), storage: Zero::zero() }
			});
			required.review = required.review.saturating_add(Self::held_review_deposit(&record));
			required.storage =
				required.storage.saturating_add(Self::ticket_amount(&record.storage_deposit));
		}

		// The indices hold nothing else.
		ensure!(
			ContentIndex::<T>::iter_keys().count() == indexed,
			"the content index has entries without a contribution"
		);
		for (contributor, id) in ByContributor::<T>::iter_keys() {
			ensure!(
				Contribution::<T>::get(id).is_some_and(|record| record.contributor == contributor),
				"a contributor index entry names another account's or a missing contribution"
			);
		}
		for (datanet, id) in ByDatanet::<T>::iter_keys() {
			ensure!(
				Contribution::<T>::get(id).is_some_and(|record| record.datanet == datanet),
				"a datanet index entry names another datanet's or a missing contribution"
			);
		}
		// With the check above (every record has its entry), this makes the index one-to-one.
		for ((datanet, state), id) in ByDatanetState::<T>::iter_keys() {
			ensure!(
				Contribution::<T>::get(id).is_some_and(|record| {
					record.datanet == datanet && ContributionState::of(&record.status) == state
				}),
				"a datanet-and-state index entry is stale or names a missing contribution"
			);
		}

		// Reputation counts exactly the reviewed records (withdrawn ones were never reviewed,
		// and reviewed ones are never removed).
		reputation.retain(|_, counts| *counts != ReputationCounts::default());
		let mut stored_reputation: usize = 0;
		for (datanet, contributor, counts) in Reputation::<T>::iter() {
			stored_reputation = stored_reputation.saturating_add(1);
			ensure!(
				reputation.get(&(datanet, contributor)) == Some(&counts),
				"a reputation entry differs from the contributor's records"
			);
		}
		ensure!(
			stored_reputation == reputation.len(),
			"a contributor's reviewed records have no reputation entry"
		);

		// Commitments hold storage deposits too.
		for (committer, _, commitment) in ContentCommitments::<T>::iter() {
			let required = holds.entry(committer).or_insert_with(|| RequiredHolds {
				review: Zero::zero(),
				storage: Zero::zero(),
			});
			required.storage =
				required.storage.saturating_add(Self::ticket_amount(&commitment.storage_deposit));
		}

		// Sponsorships, and the curators' permission, hold storage deposits from budgets; a
		// sponsored account exists (its sponsorship gave it a provider reference).
		for (account, datanet, entry) in Sponsorships::<T>::iter() {
			ensure!(
				frame_system::Pallet::<T>::providers(&account) > 0,
				"a sponsored account has no provider reference"
			);
			let required =
				holds.entry(Self::budget_account(datanet)).or_insert_with(|| RequiredHolds {
					review: Zero::zero(),
					storage: Zero::zero(),
				});
			required.storage =
				required.storage.saturating_add(Self::ticket_amount(&entry.storage_deposit));
		}
		for (datanet, ticket) in CuratorsMaySponsor::<T>::iter() {
			let required =
				holds.entry(Self::budget_account(datanet)).or_insert_with(|| RequiredHolds {
					review: Zero::zero(),
					storage: Zero::zero(),
				});
			required.storage = required.storage.saturating_add(Self::ticket_amount(&ticket));
		}
		ensure!(
			SponsoredSubmit::<T>::get().is_none(),
			"a sponsored submit's marker outlived its transaction"
		);

		// Every held deposit belongs to a record, a commitment or a sponsorship, and matches it
		// exactly.
		for account in frame_system::Account::<T>::iter_keys() {
			if !holds.contains_key(&account) {
				let (review, storage) = Self::held(&account);
				ensure!(
					review.is_zero() && storage.is_zero(),
					"an account without contributions has contribution deposits on hold"
				);
			}
		}
		for (account, required) in &holds {
			let (review, storage) = Self::held(account);
			ensure!(
				review == required.review,
				"an account's contribution deposits differ from its pending contributions'"
			);
			ensure!(
				storage == required.storage,
				"an account's storage deposits differ from its contributions' tickets"
			);
		}
		Ok(())
	}

	/// Parents are distinct, exist, are older than the contribution and are not pending.
	fn check_parents(
		id: ContributionId,
		record: &ContributionRecord<T>,
	) -> Result<(), TryRuntimeError> {
		let distinct: BTreeSet<ContributionId> = record.parents.iter().copied().collect();
		ensure!(distinct.len() == record.parents.len(), "a contribution names a parent twice");
		for parent in record.parents.iter() {
			ensure!(*parent < id, "a parent is not older than its child");
			let parent = Contribution::<T>::get(parent).ok_or("a parent does not exist")?;
			ensure!(!parent.status.is_pending(), "a parent is pending");
		}
		Ok(())
	}

	/// What `account` has on hold as contribution deposits and as storage deposits.
	fn held(account: &T::AccountId) -> (BalanceOf<T>, BalanceOf<T>) {
		let storage_reason: T::RuntimeHoldReason = HoldReason::StorageDeposit.into();
		(
			T::Currency::balance_on_hold(&Self::review_hold_reason(), account),
			T::Currency::balance_on_hold(&storage_reason, account),
		)
	}
}
