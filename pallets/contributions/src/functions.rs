//! The pallet's logic: one `do_*` function per call, the shared acceptance path, and the
//! deposits.
//!
//! Every `do_*` function checks what it can before it writes anything, then does its writes in a
//! storage layer ([`with_storage_layer`]): a failure half-way (a deposit that cannot be held, a
//! full datanet tree) leaves nothing behind, even when called outside a dispatch.

use crate::{pallet::*, types::*, BalanceOf, StoragePrice, StorageTicketOf};
use alloc::vec::Vec;
use codec::{Decode, Encode, MaxEncodedLen};
use frame_support::{
	ensure,
	storage::with_storage_layer,
	traits::{
		fungible::MutateHold,
		tokens::{Fortitude, Precision, Restriction},
		Consideration, Footprint, Get,
	},
	BoundedVec,
};
use frame_system::pallet_prelude::BlockNumberFor;
use openledger_primitives::{
	ContentHash, ContributionId, ContributionKind, ContributionStatus, DatanetId, DatanetInspect,
	ReviewMode, Verdict, H256,
};
use sp_runtime::{
	traits::{Convert, Zero},
	DispatchError, DispatchResult, Saturating,
};

/// Storage bytes every contribution adds besides its record's value, charged in the storage
/// deposit like data (two account ids come on top, see [`Pallet::fixed_storage_bytes`]):
///
/// - the record's key: 32 bytes of pallet and map prefix, 8 of hash, 8 of id (48);
/// - its `ContentIndex` entry: prefix, 16 bytes of hash, the 32-byte content hash, and the id as
///   value (88);
/// - its `ByContributor` entry: prefix, 16 bytes of hash and the account id, hash and id (64);
/// - its `ByDatanet` entry: prefix, hash and datanet id, hash and id (60);
/// - its `ByDatanetState` entry: prefix, hash, datanet id and state, hash and id (61);
/// - a `Reputation` entry, created at most once per datanet and contributor but charged to every
///   contribution so that it is always paid for: prefix, hash and datanet id, 16 bytes of hash
///   and the account id, and 12 bytes of counters (72);
/// - two nodes of its datanet's Merkle tree (2 × 97 = 194): a tree with `n` leaves stores at
///   most `2n + 24` nodes, the 24 paid by the datanet's deposit.
pub const INDEX_BYTES: u64 = 587;

/// Bytes of one parent id in a record.
const PARENT_BYTES: u64 = 8;

impl<T: Config> Pallet<T> {
	// ---- calls ----

	/// Registers a contribution and returns its id and whether it was accepted at once.
	#[allow(clippy::too_many_arguments)]
	pub(crate) fn do_submit(
		who: T::AccountId,
		datanet: DatanetId,
		content_hash: ContentHash,
		size_bytes: u64,
		kind: ContributionKind,
		metadata_uri: Vec<u8>,
		parents: Vec<ContributionId>,
		limits: SubmitLimits<BalanceOf<T>>,
		sponsored: bool,
	) -> Result<(ContributionId, bool), DispatchError> {
		ensure!(content_hash != H256::zero(), Error::<T>::EmptyContentHash);
		ensure!(size_bytes > 0, Error::<T>::EmptyContent);
		let metadata_uri: MetadataUriOf<T> =
			BoundedVec::try_from(metadata_uri).map_err(|_| Error::<T>::MetadataUriTooLong)?;
		let parents: ParentsOf<T> =
			BoundedVec::try_from(parents).map_err(|_| Error::<T>::TooManyParents)?;
		Self::ensure_distinct(&parents)?;
		ensure!(!ContentIndex::<T>::contains_key(content_hash), Error::<T>::DuplicateContent);
		let policy = T::Datanets::check_admission(datanet, &who, size_bytes)?;
		for parent in parents.iter() {
			Self::ensure_valid_parent(*parent)?;
		}
		let id = NextContributionId::<T>::get();
		let next_id = id.checked_add(1).ok_or(Error::<T>::ContributionIdsExhausted)?;
		let auto_accept = policy.review == ReviewMode::AutoAccept;
		// An auto-accepted contribution is never pending, so there is no review to back.
		let review_deposit =
			if auto_accept { Zero::zero() } else { policy.contribution_deposit };
		// The contributor's own limits: a policy changed under its feet fails the call.
		ensure!(review_deposit <= limits.max_deposit, Error::<T>::DepositAboveLimit);
		ensure!(
			auto_accept || policy.rejection_slash <= limits.max_slash,
			Error::<T>::SlashAboveLimit
		);
		let footprint = Self::storage_footprint(metadata_uri.len(), parents.len());
		// A sponsored submit's deposits are the sponsor's: held on the datanet's budget.
		let depositor = if sponsored {
			let need = review_deposit.saturating_add(StoragePrice::<T>::convert(footprint));
			ensure!(need <= Self::budget(datanet), Error::<T>::SponsorshipBudgetExhausted);
			Self::budget_account(datanet)
		} else {
			who.clone()
		};

		with_storage_layer(|| -> Result<(ContributionId, bool), DispatchError> {
			let storage_deposit = StorageTicketOf::<T>::new(&depositor, footprint)?;
			Self::hold_review_deposit(&depositor, review_deposit)?;
			let mut record = ContributionRecord::<T> {
				datanet,
				contributor: who.clone(),
				content_hash,
				size_bytes,
				kind,
				metadata_uri,
				parents,
				status: ContributionStatus::Pending,
				submitted_at: Self::now(),
				review_deposit,
				rejection_slash: policy.rejection_slash,
				storage_deposit,
				sponsored,
			};
			NextContributionId::<T>::put(next_id);
			ContentIndex::<T>::insert(content_hash, id);
			ByContributor::<T>::insert(&who, id, ());
			ByDatanet::<T>::insert(datanet, id, ());
			ByDatanetState::<T>::insert((datanet, ContributionState::Pending), id, ());
			Self::deposit_event(Event::ContributionSubmitted {
				id,
				datanet,
				contributor: who,
				content_hash,
				kind,
			});
			if auto_accept {
				Self::accept(id, &mut record, None)?;
			}
			Self::put_record(id, ContributionState::Pending, record);
			Ok((id, auto_accept))
		})
	}

	pub(crate) fn do_review(
		curator: T::AccountId,
		id: ContributionId,
		verdict: Verdict,
	) -> DispatchResult {
		let mut record = Self::record(id)?;
		ensure!(T::Datanets::is_curator(record.datanet, &curator), Error::<T>::NotCurator);
		ensure!(record.status.is_pending(), Error::<T>::NotPending);
		with_storage_layer(|| -> DispatchResult {
			match verdict {
				Verdict::Accept => Self::accept(id, &mut record, Some(curator))?,
				Verdict::Reject => Self::reject(id, &mut record, curator)?,
			}
			Self::put_record(id, ContributionState::Pending, record);
			Ok(())
		})
	}

	pub(crate) fn do_withdraw(who: T::AccountId, id: ContributionId) -> DispatchResult {
		let record = Self::record(id)?;
		ensure!(record.contributor == who, Error::<T>::NotContributor);
		ensure!(record.status.is_pending(), Error::<T>::NotPending);
		let datanet = record.datanet;
		with_storage_layer(|| -> DispatchResult {
			let refunded = Self::remove_pending(id, record)?;
			Self::deposit_event(Event::ContributionWithdrawn {
				id,
				datanet,
				contributor: who,
				refunded,
			});
			Ok(())
		})
	}

	/// Removes a pending contribution with its index entries and releases both its deposits,
	/// returning what was released. Call inside a storage layer.
	fn remove_pending(
		id: ContributionId,
		record: ContributionRecord<T>,
	) -> Result<BalanceOf<T>, DispatchError> {
		let depositor = Self::depositor(&record);
		let ContributionRecord {
			datanet, contributor, content_hash, review_deposit, storage_deposit, ..
		} = record;
		let refunded = review_deposit.saturating_add(Self::ticket_amount(&storage_deposit));
		Self::release_review_deposit(&depositor, review_deposit)?;
		storage_deposit.drop(&depositor)?;
		Contribution::<T>::remove(id);
		ContentIndex::<T>::remove(content_hash);
		ByContributor::<T>::remove(&contributor, id);
		ByDatanet::<T>::remove(datanet, id);
		ByDatanetState::<T>::remove((datanet, ContributionState::Pending), id);
		Ok(refunded)
	}

	// ---- commitments (front-running protection) ----

	pub(crate) fn do_commit_content(who: T::AccountId, commitment: H256) -> DispatchResult {
		ensure!(
			!ContentCommitments::<T>::contains_key(&who, commitment),
			Error::<T>::CommitmentExists
		);
		let committed_at = Self::now();
		with_storage_layer(|| -> DispatchResult {
			let storage_deposit = StorageTicketOf::<T>::new(&who, Self::commitment_footprint())?;
			ContentCommitments::<T>::insert(
				&who,
				commitment,
				ContentCommitment::<T> { committed_at, storage_deposit },
			);
			Self::deposit_event(Event::ContentCommitted {
				commitment,
				committer: who,
				expires_at: committed_at.saturating_add(T::CommitmentPeriod::get()),
			});
			Ok(())
		})
	}

	pub(crate) fn do_cancel_commitment(who: T::AccountId, commitment: H256) -> DispatchResult {
		let entry =
			ContentCommitments::<T>::get(&who, commitment).ok_or(Error::<T>::UnknownCommitment)?;
		let refunded = Self::ticket_amount(&entry.storage_deposit);
		with_storage_layer(|| -> DispatchResult {
			entry.storage_deposit.drop(&who)?;
			ContentCommitments::<T>::remove(&who, commitment);
			Self::deposit_event(Event::CommitmentCancelled { commitment, committer: who, refunded });
			Ok(())
		})
	}

	/// Reveals `who`'s commitment to `content_hash` with `salt` and registers the contribution,
	/// displacing a registration of the same hash by someone else made after the commitment.
	#[allow(clippy::too_many_arguments)]
	pub(crate) fn do_submit_committed(
		who: T::AccountId,
		datanet: DatanetId,
		content_hash: ContentHash,
		size_bytes: u64,
		kind: ContributionKind,
		metadata_uri: Vec<u8>,
		parents: Vec<ContributionId>,
		limits: SubmitLimits<BalanceOf<T>>,
		salt: [u8; 32],
	) -> Result<(ContributionId, bool), DispatchError> {
		let commitment = H256(openledger_core::content::content_commitment(
			content_hash.as_fixed_bytes(),
			&who,
			&salt,
		));
		let entry =
			ContentCommitments::<T>::get(&who, commitment).ok_or(Error::<T>::UnknownCommitment)?;
		let now = Self::now();
		ensure!(entry.committed_at < now, Error::<T>::CommitmentTooRecent);
		ensure!(
			now <= entry.committed_at.saturating_add(T::CommitmentPeriod::get()),
			Error::<T>::CommitmentExpired
		);
		// Only a registration by someone else, included after the commitment, gives way: one
		// included before it (or in its block) was made without seeing this reveal.
		let displaced = match ContentIndex::<T>::get(content_hash) {
			None => None,
			Some(id) => {
				let record = Self::record(id)?;
				ensure!(
					record.contributor != who && record.submitted_at > entry.committed_at,
					Error::<T>::DuplicateContent
				);
				Some((id, record))
			},
		};

		with_storage_layer(|| -> Result<(ContributionId, bool), DispatchError> {
			entry.storage_deposit.drop(&who)?;
			ContentCommitments::<T>::remove(&who, commitment);
			if let Some((id, record)) = displaced {
				Self::displace(id, record, NextContributionId::<T>::get())?;
			}
			Self::do_submit(
				who,
				datanet,
				content_hash,
				size_bytes,
				kind,
				metadata_uri,
				parents,
				limits,
				false,
			)
		})
	}

	/// Takes the content hash from contribution `id` for the committed contribution `by`: a
	/// pending one is removed (its deposits released), an accepted one is revoked (out of its
	/// datanet's tree, no more rewards, record kept), a revoked one just loses the hash. Call
	/// inside a storage layer.
	fn displace(
		id: ContributionId,
		mut record: ContributionRecord<T>,
		by: ContributionId,
	) -> DispatchResult {
		let (datanet, contributor) = (record.datanet, record.contributor.clone());
		match record.status {
			ContributionStatus::Pending => {
				Self::remove_pending(id, record)?;
			},
			ContributionStatus::Accepted { leaf_index, accepted_at } => {
				T::Datanets::remove_accepted(datanet, leaf_index)?;
				ContentIndex::<T>::remove(record.content_hash);
				record.status =
					ContributionStatus::Revoked { leaf_index, accepted_at, revoked_at: Self::now() };
				Self::put_record(id, ContributionState::Accepted, record);
				Reputation::<T>::mutate(datanet, &contributor, |counts| {
					counts.revoked = counts.revoked.saturating_add(1);
				});
			},
			// A rejected record does not own its hash, so it is never displaced.
			ContributionStatus::Revoked { .. } | ContributionStatus::Rejected { .. } => {
				ContentIndex::<T>::remove(record.content_hash);
			},
		}
		Self::deposit_event(Event::ContributionDisplaced { id, datanet, contributor, by });
		Ok(())
	}

	pub(crate) fn do_revoke(who: T::AccountId, id: ContributionId) -> DispatchResult {
		let mut record = Self::record(id)?;
		ensure!(record.contributor == who, Error::<T>::NotContributor);
		let ContributionStatus::Accepted { leaf_index, accepted_at } = record.status else {
			return Err(Error::<T>::NotAccepted.into());
		};
		let datanet = record.datanet;

		with_storage_layer(|| -> DispatchResult {
			T::Datanets::remove_accepted(datanet, leaf_index)?;
			record.status =
				ContributionStatus::Revoked { leaf_index, accepted_at, revoked_at: Self::now() };
			Self::put_record(id, ContributionState::Accepted, record);
			Reputation::<T>::mutate(datanet, &who, |counts| {
				counts.revoked = counts.revoked.saturating_add(1);
			});
			Self::deposit_event(Event::ContributionRevoked {
				id,
				datanet,
				contributor: who,
				leaf_index,
			});
			Ok(())
		})
	}

	/// Stores `record`, moving its [`ByDatanetState`] entry from `previous` to its current state
	/// if the state changed.
	fn put_record(id: ContributionId, previous: ContributionState, record: ContributionRecord<T>) {
		let current = ContributionState::of(&record.status);
		if current != previous {
			ByDatanetState::<T>::remove((record.datanet, previous), id);
			ByDatanetState::<T>::insert((record.datanet, current), id, ());
		}
		Contribution::<T>::insert(id, record);
	}

	// ---- the two verdicts ----

	/// Accepts a pending contribution, by `curator` or automatically (`None`): appends it to its
	/// datanet's tree and releases its contribution deposit. The caller stores `record`.
	fn accept(
		id: ContributionId,
		record: &mut ContributionRecord<T>,
		curator: Option<T::AccountId>,
	) -> DispatchResult {
		let leaf_index = T::Datanets::append_accepted(record.datanet, id, record.content_hash)?;
		let refunded =
			Self::release_review_deposit(&Self::depositor(record), record.review_deposit)?;
		record.status = ContributionStatus::Accepted { leaf_index, accepted_at: Self::now() };
		Reputation::<T>::mutate(record.datanet, &record.contributor, |counts| {
			counts.accepted = counts.accepted.saturating_add(1);
		});
		Self::deposit_event(Event::ContributionAccepted {
			id,
			datanet: record.datanet,
			curator,
			leaf_index,
			refunded,
		});
		Ok(())
	}

	/// Rejects a pending contribution: pays the recorded share of its contribution deposit to
	/// the treasury (rounded down, in the contributor's favour) straight from the hold and
	/// releases the rest. The caller stores `record`.
	fn reject(
		id: ContributionId,
		record: &mut ContributionRecord<T>,
		curator: T::AccountId,
	) -> DispatchResult {
		let slashed = record.rejection_slash.mul_floor(record.review_deposit);
		let refunded = record.review_deposit.saturating_sub(slashed);
		let depositor = Self::depositor(record);
		if !slashed.is_zero() {
			T::Currency::transfer_on_hold(
				&Self::review_hold_reason(),
				&depositor,
				&T::TreasuryAccount::get(),
				slashed,
				Precision::Exact,
				Restriction::Free,
				Fortitude::Force,
			)?;
		}
		Self::release_review_deposit(&depositor, refunded)?;
		record.status = ContributionStatus::Rejected { rejected_at: Self::now() };
		// A rejection judges the contribution in this datanet, not the content everywhere: the
		// hash is free again for anyone to register (the rejected record stays, for history
		// and reputation, but no longer owns the provenance).
		ContentIndex::<T>::remove(record.content_hash);
		Reputation::<T>::mutate(record.datanet, &record.contributor, |counts| {
			counts.rejected = counts.rejected.saturating_add(1);
		});
		Self::deposit_event(Event::ContributionRejected {
			id,
			datanet: record.datanet,
			curator,
			slashed,
			refunded,
		});
		Ok(())
	}

	// ---- helpers ----

	/// The contribution's record, or `UnknownContribution`.
	pub(crate) fn record(id: ContributionId) -> Result<ContributionRecord<T>, DispatchError> {
		Contribution::<T>::get(id).ok_or_else(|| Error::<T>::UnknownContribution.into())
	}

	/// The current block number.
	fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}

	/// Fails with `DuplicateParent` if a parent is named twice.
	fn ensure_distinct(parents: &ParentsOf<T>) -> DispatchResult {
		let mut sorted: Vec<ContributionId> = parents.to_vec();
		sorted.sort_unstable();
		sorted.dedup();
		ensure!(sorted.len() == parents.len(), Error::<T>::DuplicateParent);
		Ok(())
	}

	/// A parent must exist, be reviewed already (so that it can never be withdrawn), and belong
	/// to a datanet whose licence allows derived works. A parent whose datanet was dissolved
	/// has no licence left to forbid it.
	fn ensure_valid_parent(parent: ContributionId) -> DispatchResult {
		let record = Contribution::<T>::get(parent).ok_or(Error::<T>::UnknownParent)?;
		ensure!(!record.status.is_pending(), Error::<T>::ParentNotReviewed);
		// Revocation withdraws consent for any further use of the content, deriving from it
		// included. Rejected parents stay allowed: a correction of a rejected item is lineage
		// worth recording. Links made before a revocation stay (lineage is history).
		ensure!(
			!matches!(record.status, ContributionStatus::Revoked { .. }),
			Error::<T>::ParentRevoked
		);
		if let Some(license) = T::Datanets::license(record.datanet) {
			ensure!(license.derivatives_allowed, Error::<T>::DerivativesNotAllowed);
		}
		Ok(())
	}

	/// The runtime's hold reason for contribution deposits.
	pub(crate) fn review_hold_reason() -> T::RuntimeHoldReason {
		HoldReason::ContributionDeposit.into()
	}

	/// Holds a contribution deposit from `who` (nothing to do for zero).
	fn hold_review_deposit(who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		if !amount.is_zero() {
			T::Currency::hold(&Self::review_hold_reason(), who, amount)?;
		}
		Ok(())
	}

	/// Releases exactly `amount` of `who`'s contribution deposits and returns it.
	fn release_review_deposit(
		who: &T::AccountId,
		amount: BalanceOf<T>,
	) -> Result<BalanceOf<T>, DispatchError> {
		if !amount.is_zero() {
			T::Currency::release(
				&Self::review_hold_reason(),
				who,
				amount,
				Precision::Exact,
			)?;
		}
		Ok(amount)
	}

	/// What the storage deposit covers: one record with a metadata URI of `uri_len` bytes and
	/// `parents` parents, with its index entries.
	pub(crate) fn storage_footprint(uri_len: usize, parents: usize) -> Footprint {
		let size = Self::fixed_storage_bytes()
			.saturating_add(Self::byte_count(uri_len))
			.saturating_add(PARENT_BYTES.saturating_mul(Self::byte_count(parents)));
		Footprint { count: 1, size }
	}

	/// Bytes every contribution occupies whatever its metadata URI and parents: the record's
	/// largest encoding without the contents of those two lists, [`INDEX_BYTES`], and the two
	/// account ids in the keys of its `ByContributor` and `Reputation` entries.
	pub fn fixed_storage_bytes() -> u64 {
		let record = Self::byte_count(ContributionRecord::<T>::max_encoded_len());
		let largest_lists = u64::from(T::MaxMetadataUriLength::get())
			.saturating_add(PARENT_BYTES.saturating_mul(T::MaxParents::get().into()));
		let account = Self::byte_count(T::AccountId::max_encoded_len());
		record
			.saturating_sub(largest_lists)
			.saturating_add(INDEX_BYTES)
			.saturating_add(account.saturating_mul(2))
	}

	/// What a content commitment's storage deposit covers: its key (32 bytes of prefix, two
	/// 16-byte hashes, the account id and the 32-byte commitment) and its value.
	pub(crate) fn commitment_footprint() -> Footprint {
		let key = Self::byte_count(T::AccountId::max_encoded_len()).saturating_add(96);
		let value = Self::byte_count(ContentCommitment::<T>::max_encoded_len());
		Footprint { count: 1, size: key.saturating_add(value) }
	}

	/// The storage deposit `commit_content` holds, at the current price.
	pub fn commitment_deposit() -> BalanceOf<T> {
		StoragePrice::<T>::convert(Self::commitment_footprint())
	}

	/// The storage deposit for a contribution with a metadata URI of `uri_len` bytes and
	/// `parents` parents, at the current price.
	pub fn storage_deposit_for(uri_len: usize, parents: usize) -> BalanceOf<T> {
		StoragePrice::<T>::convert(Self::storage_footprint(uri_len, parents))
	}

	/// The amount a storage ticket holds. `HoldConsideration` keeps it private, but encodes as
	/// exactly that balance.
	pub(crate) fn ticket_amount(ticket: &StorageTicketOf<T>) -> BalanceOf<T> {
		BalanceOf::<T>::decode(&mut ticket.encode().as_slice()).unwrap_or_else(|_| Zero::zero())
	}

	/// The contribution deposit `record` holds now: its `review_deposit` while pending.
	pub(crate) fn held_review_deposit(record: &ContributionRecord<T>) -> BalanceOf<T> {
		if record.status.is_pending() {
			record.review_deposit
		} else {
			Zero::zero()
		}
	}

	fn byte_count(len: usize) -> u64 {
		u64::try_from(len).unwrap_or(u64::MAX)
	}
}
