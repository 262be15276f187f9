//! The pallet's logic: one `do_*` function per call, the deposit footprint and the storage
//! behind each datanet's Merkle tree.
//!
//! Every `do_*` function checks everything that can fail before it writes anything, so that it
//! is correct even outside a storage transaction (calls run inside one anyway).

use crate::{pallet::*, types::*, BalanceOf, DepositPrice, DepositTicketOf};
use alloc::vec::Vec;
use codec::MaxEncodedLen;
use core::marker::PhantomData;
use frame_support::{
	ensure,
	traits::{Consideration, Footprint, Get},
	BoundedVec,
};
use openledger_primitives::{
	merkle::{empty_root, leaf_hash, TREE_DEPTH},
	Admission, ContentHash, ContributionId, DatanetId, LeafIndex, License, MerkleAccumulator,
	NodeStore, TreeError, H256,
};
use sp_runtime::{traits::Convert, DispatchError, DispatchResult, Saturating};

/// Storage-key bytes around each allowlist entry's account id (pallet and map prefix, hashed
/// datanet id, hash of the account id), charged in the deposit like data.
pub const ALLOWLIST_KEY_OVERHEAD_BYTES: u64 = 60;

/// Bytes one stored tree node takes: 32 bytes of pallet and map prefix, the three keys with
/// their `Twox64Concat` hashes (8 + 4, 8 + 1, 8 + 4) and the 32-byte hash.
pub const TREE_NODE_BYTES: u64 = 97;

/// Tree nodes the chain may store per datanet beyond two per contribution: a tree with `n`
/// non-empty leaves stores at most `ceil(n / 2^level)` nodes on each of its [`TREE_DEPTH`]
/// stored levels, so at most `2n + TREE_DEPTH`. Each contribution's storage deposit pays for its
/// two; the datanet's deposit pays for these.
pub const TREE_SPINE_NODES: u64 = TREE_DEPTH as u64;

/// A policy's contribution deposit may be at most this many times [`Config::DepositBase`] (1,000
/// OPEN on the OpenLedger runtime). Without a bound an owner could set one no account holds
/// (`u128::MAX`), and every submission would fail: the datanet would take no contributions at
/// all. A thousand datanet deposits leaves any real anti-spam stake possible.
pub const MAX_CONTRIBUTION_DEPOSIT_IN_DEPOSIT_BASES: u32 = 1_000;

/// The [`NodeStore`] of one datanet's tree: its slice of [`TreeNodes`].
pub(crate) struct StoredTree<T>(DatanetId, PhantomData<T>);

impl<T: Config> StoredTree<T> {
	pub(crate) fn new(datanet: DatanetId) -> Self {
		Self(datanet, PhantomData)
	}
}

impl<T: Config> NodeStore for StoredTree<T> {
	fn node(&self, level: u8, index: u32) -> Option<H256> {
		TreeNodes::<T>::get((self.0, level, index))
	}

	fn insert_node(&mut self, level: u8, index: u32, hash: H256) {
		TreeNodes::<T>::insert((self.0, level, index), hash);
	}

	fn remove_node(&mut self, level: u8, index: u32) {
		TreeNodes::<T>::remove((self.0, level, index));
	}
}

impl<T: Config> Pallet<T> {
	// ---- calls ----

	pub(crate) fn do_create(
		owner: T::AccountId,
		name: Vec<u8>,
		metadata_uri: Vec<u8>,
		policy: PolicyOf<T>,
		license: License<Vec<u8>>,
	) -> Result<DatanetId, DispatchError> {
		let name = Self::bound_name(name)?;
		let metadata_uri = Self::bound_metadata_uri(metadata_uri)?;
		let license: LicenseOf<T> = license.try_map_uri(|uri| {
			BoundedVec::try_from(uri).map_err(|_| Error::<T>::LicenseUriTooLong)
		})?;
		Self::ensure_valid_policy(&policy)?;
		let datanet = NextDatanetId::<T>::get();
		let next_id = datanet.checked_add(1).ok_or(Error::<T>::DatanetIdsExhausted)?;

		let license_uri_len = license.uri.as_ref().map_or(0, |uri| uri.len());
		let metadata_bytes = Self::byte_count(name.len())
			.saturating_add(Self::byte_count(metadata_uri.len()))
			.saturating_add(Self::byte_count(license_uri_len));
		let footprint = Self::footprint(metadata_bytes, 0, 0);
		let deposit = DepositTicketOf::<T>::new(&owner, footprint)?;

		let record = DatanetRecord::<T> {
			owner: owner.clone(),
			pending_owner: None,
			deposit,
			name,
			metadata_uri,
			policy,
			license,
			status: DatanetStatus::Open,
			created_at: frame_system::Pallet::<T>::block_number(),
			tree: MerkleAccumulator::new(),
			latest_version: 0,
			allowlist_count: 0,
			scheduled_curation_fee: None,
		};
		Datanet::<T>::insert(datanet, record);
		NextDatanetId::<T>::put(next_id);
		Self::deposit_event(Event::Created { datanet, owner, deposit: Self::price(footprint) });
		Ok(datanet)
	}

	pub(crate) fn do_update_metadata(
		who: T::AccountId,
		datanet: DatanetId,
		name: Vec<u8>,
		metadata_uri: Vec<u8>,
	) -> DispatchResult {
		let mut record = Self::record(datanet)?;
		ensure!(record.owner == who, Error::<T>::NotOwner);
		record.name = Self::bound_name(name)?;
		record.metadata_uri = Self::bound_metadata_uri(metadata_uri)?;
		Self::rehold(datanet, &mut record, Self::curator_count(datanet))?;
		Datanet::<T>::insert(datanet, record);
		Self::deposit_event(Event::MetadataUpdated { datanet });
		Ok(())
	}

	pub(crate) fn do_set_policy(
		who: T::AccountId,
		datanet: DatanetId,
		policy: PolicyOf<T>,
	) -> DispatchResult {
		let mut record = Self::record(datanet)?;
		ensure!(record.owner == who, Error::<T>::NotOwner);
		ensure!(record.status == DatanetStatus::Open, Error::<T>::DatanetClosed);
		Self::ensure_valid_policy(&policy)?;
		let now = frame_system::Pallet::<T>::block_number();
		let in_force = record.policy_at(now).curation_fee;
		let scheduled = if policy.curation_fee > in_force {
			let from = now.saturating_add(T::CurationFeeDelay::get());
			record.scheduled_curation_fee = Some((policy.curation_fee, from));
			record.policy = PolicyOf::<T> { curation_fee: in_force, ..policy };
			Some((policy.curation_fee, from))
		} else {
			record.scheduled_curation_fee = None;
			record.policy = policy;
			None
		};
		let policy = record.policy;
		Datanet::<T>::insert(datanet, record);
		Self::deposit_event(Event::PolicyChanged { datanet, policy });
		if let Some((fee, from)) = scheduled {
			Self::deposit_event(Event::CurationFeeScheduled { datanet, fee, from });
		}
		Ok(())
	}

	pub(crate) fn do_add_curator(
		who: T::AccountId,
		datanet: DatanetId,
		curator: T::AccountId,
	) -> DispatchResult {
		let mut record = Self::record(datanet)?;
		ensure!(record.owner == who, Error::<T>::NotOwner);
		ensure!(curator != record.owner, Error::<T>::AlreadyCurator);
		let mut curators = Curators::<T>::get(datanet);
		ensure!(!curators.contains(&curator), Error::<T>::AlreadyCurator);
		curators.try_push(curator.clone()).map_err(|_| Error::<T>::TooManyCurators)?;
		Self::rehold(datanet, &mut record, Self::len_u32(curators.len()))?;
		Curators::<T>::insert(datanet, curators);
		Datanet::<T>::insert(datanet, record);
		Self::deposit_event(Event::CuratorAdded { datanet, curator });
		Ok(())
	}

	pub(crate) fn do_remove_curator(
		who: T::AccountId,
		datanet: DatanetId,
		curator: T::AccountId,
	) -> DispatchResult {
		let mut record = Self::record(datanet)?;
		ensure!(who == record.owner || who == curator, Error::<T>::NotOwner);
		let mut curators = Curators::<T>::get(datanet);
		let before = curators.len();
		curators.retain(|appointed| *appointed != curator);
		ensure!(curators.len() < before, Error::<T>::NotACurator);
		Self::rehold(datanet, &mut record, Self::len_u32(curators.len()))?;
		Self::put_curators(datanet, curators);
		Datanet::<T>::insert(datanet, record);
		Self::deposit_event(Event::CuratorRemoved { datanet, curator });
		Ok(())
	}

	pub(crate) fn do_add_to_allowlist(
		who: T::AccountId,
		datanet: DatanetId,
		account: T::AccountId,
	) -> DispatchResult {
		let mut record = Self::record(datanet)?;
		ensure!(record.owner == who, Error::<T>::NotOwner);
		ensure!(record.status == DatanetStatus::Open, Error::<T>::DatanetClosed);
		ensure!(!Allowlist::<T>::contains_key(datanet, &account), Error::<T>::AlreadyOnAllowlist);
		ensure!(
			record.allowlist_count < T::MaxAllowlistLength::get(),
			Error::<T>::AllowlistFull
		);
		record.allowlist_count =
			record.allowlist_count.checked_add(1).ok_or(Error::<T>::AllowlistFull)?;
		Self::rehold(datanet, &mut record, Self::curator_count(datanet))?;
		Allowlist::<T>::insert(datanet, &account, ());
		Datanet::<T>::insert(datanet, record);
		Self::deposit_event(Event::AddedToAllowlist { datanet, account });
		Ok(())
	}

	pub(crate) fn do_remove_from_allowlist(
		who: T::AccountId,
		datanet: DatanetId,
		account: T::AccountId,
	) -> DispatchResult {
		let mut record = Self::record(datanet)?;
		ensure!(who == record.owner || who == account, Error::<T>::NotOwner);
		ensure!(Allowlist::<T>::contains_key(datanet, &account), Error::<T>::NotOnAllowlist);
		record.allowlist_count = record.allowlist_count.saturating_sub(1);
		Self::rehold(datanet, &mut record, Self::curator_count(datanet))?;
		Allowlist::<T>::remove(datanet, &account);
		Datanet::<T>::insert(datanet, record);
		Self::deposit_event(Event::RemovedFromAllowlist { datanet, account });
		Ok(())
	}

	pub(crate) fn do_transfer_ownership(
		who: T::AccountId,
		datanet: DatanetId,
		new_owner: T::AccountId,
	) -> DispatchResult {
		let mut record = Self::record(datanet)?;
		ensure!(record.owner == who, Error::<T>::NotOwner);
		if new_owner == who {
			if record.pending_owner.take().is_some() {
				Datanet::<T>::insert(datanet, record);
				Self::deposit_event(Event::OwnershipOfferCancelled { datanet, owner: who });
			}
		} else {
			record.pending_owner = Some(new_owner.clone());
			Datanet::<T>::insert(datanet, record);
			Self::deposit_event(Event::OwnershipOffered { datanet, owner: who, new_owner });
		}
		Ok(())
	}

	pub(crate) fn do_accept_ownership(who: T::AccountId, datanet: DatanetId) -> DispatchResult {
		let mut record = Self::record(datanet)?;
		ensure!(record.pending_owner.as_ref() == Some(&who), Error::<T>::NotPendingOwner);
		// The owner curates by right, so an appointed seat of the new owner is freed.
		let mut curators = Curators::<T>::get(datanet);
		curators.retain(|appointed| *appointed != who);
		let footprint = Self::footprint(
			record.metadata_bytes(),
			Self::len_u32(curators.len()),
			record.allowlist_count,
		);
		// Hold from the new owner first: if that fails, nothing has changed.
		let new_ticket = DepositTicketOf::<T>::new(&who, footprint)?;
		let old_ticket = core::mem::replace(&mut record.deposit, new_ticket);
		let old_owner = core::mem::replace(&mut record.owner, who.clone());
		old_ticket.drop(&old_owner)?;
		record.pending_owner = None;
		Self::put_curators(datanet, curators);
		Datanet::<T>::insert(datanet, record);
		Self::deposit_event(Event::OwnershipTransferred {
			datanet,
			old_owner,
			new_owner: who.clone(),
		});
		Self::deposit_event(Event::DepositUpdated {
			datanet,
			owner: who,
			deposit: Self::price(footprint),
		});
		Ok(())
	}

	pub(crate) fn do_close(who: T::AccountId, datanet: DatanetId) -> DispatchResult {
		let mut record = Self::record(datanet)?;
		ensure!(record.owner == who, Error::<T>::NotOwner);
		ensure!(record.status == DatanetStatus::Open, Error::<T>::AlreadyClosed);
		record.status = DatanetStatus::Closed;
		Datanet::<T>::insert(datanet, record);
		Self::deposit_event(Event::Closed { datanet });
		Ok(())
	}

	pub(crate) fn do_publish_version(who: T::AccountId, datanet: DatanetId) -> DispatchResult {
		let mut record = Self::record(datanet)?;
		ensure!(Self::may_curate(&record, datanet, &who), Error::<T>::NotOwnerOrCurator);
		let number = record.latest_version.checked_add(1).ok_or(Error::<T>::TooManyVersions)?;
		ensure!(number <= T::MaxVersions::get(), Error::<T>::TooManyVersions);
		let previous_root = if record.latest_version == 0 {
			empty_root()
		} else {
			Versions::<T>::get(datanet, record.latest_version)
				.map_or_else(empty_root, |previous| previous.root)
		};
		let tree = record.tree;
		ensure!(tree.root != previous_root, Error::<T>::NothingToPublish);

		Versions::<T>::insert(
			datanet,
			number,
			DatanetVersion {
				number,
				root: tree.root,
				count: tree.live_count,
				next_leaf_index: tree.next_index,
				block: frame_system::Pallet::<T>::block_number(),
			},
		);
		record.latest_version = number;
		Datanet::<T>::insert(datanet, record);
		Self::deposit_event(Event::VersionPublished {
			datanet,
			version: number,
			root: tree.root,
			count: tree.live_count,
			publisher: who,
		});
		Ok(())
	}

	pub(crate) fn do_dissolve(who: T::AccountId, datanet: DatanetId) -> DispatchResult {
		let record = Self::record(datanet)?;
		ensure!(record.owner == who, Error::<T>::NotOwner);
		ensure!(record.status == DatanetStatus::Closed, Error::<T>::NotClosed);
		ensure!(record.allowlist_count == 0, Error::<T>::AllowlistNotEmpty);
		ensure!(record.tree.live_count == 0, Error::<T>::HasLiveContributions);
		ensure!(record.latest_version == 0, Error::<T>::HasPublishedVersions);
		let released = Self::current_deposit(&record, Self::curator_count(datanet));

		let DatanetRecord { owner, deposit, .. } = record;
		deposit.drop(&owner)?;
		Curators::<T>::remove(datanet);
		Datanet::<T>::remove(datanet);
		Self::deposit_event(Event::Dissolved { datanet, owner, deposit_released: released });
		Ok(())
	}

	// ---- used by other pallets through `DatanetInspect` ----

	pub(crate) fn do_check_admission(
		datanet: DatanetId,
		who: &T::AccountId,
		size_bytes: u64,
	) -> Result<PolicyOf<T>, DispatchError> {
		let record = Self::record(datanet)?;
		ensure!(record.status == DatanetStatus::Open, Error::<T>::DatanetClosed);
		if record.policy.admission == Admission::Allowlist {
			ensure!(
				Allowlist::<T>::contains_key(datanet, who) ||
					Self::may_curate(&record, datanet, who),
				Error::<T>::NotOnAllowlist
			);
		}
		ensure!(
			size_bytes <= record.policy.max_contribution_size,
			Error::<T>::ContributionTooLarge
		);
		Ok(record.policy_at(frame_system::Pallet::<T>::block_number()))
	}

	pub(crate) fn do_append_accepted(
		datanet: DatanetId,
		contribution: ContributionId,
		content_hash: ContentHash,
	) -> Result<LeafIndex, DispatchError> {
		let mut record = Self::record(datanet)?;
		let leaf = leaf_hash(contribution, &content_hash);
		let leaf_index = record
			.tree
			.append(&mut StoredTree::<T>::new(datanet), leaf)
			.map_err(Self::tree_error)?;
		let root = record.tree.root;
		Datanet::<T>::insert(datanet, record);
		Self::deposit_event(Event::ContributionAppended {
			datanet,
			contribution,
			leaf_index,
			leaf,
			root,
		});
		Ok(leaf_index)
	}

	pub(crate) fn do_remove_accepted(datanet: DatanetId, leaf_index: LeafIndex) -> DispatchResult {
		let mut record = Self::record(datanet)?;
		record
			.tree
			.remove(&mut StoredTree::<T>::new(datanet), leaf_index)
			.map_err(Self::tree_error)?;
		let root = record.tree.root;
		Datanet::<T>::insert(datanet, record);
		Self::deposit_event(Event::ContributionRemoved { datanet, leaf_index, root });
		Ok(())
	}

	// ---- helpers ----

	/// The datanet's record, or `UnknownDatanet`.
	pub(crate) fn record(datanet: DatanetId) -> Result<DatanetRecord<T>, DispatchError> {
		Datanet::<T>::get(datanet).ok_or_else(|| Error::<T>::UnknownDatanet.into())
	}

	/// Whether `who` is the owner or an appointed curator.
	pub(crate) fn may_curate(
		record: &DatanetRecord<T>,
		datanet: DatanetId,
		who: &T::AccountId,
	) -> bool {
		record.owner == *who || Curators::<T>::get(datanet).contains(who)
	}

	/// Number of appointed curators, read without decoding the list.
	pub(crate) fn curator_count(datanet: DatanetId) -> u32 {
		Self::len_u32(Curators::<T>::decode_len(datanet).unwrap_or(0))
	}

	/// The deposit `record` requires with `curators` appointed curators.
	pub(crate) fn current_deposit(record: &DatanetRecord<T>, curators: u32) -> BalanceOf<T> {
		Self::price(Self::footprint(record.metadata_bytes(), curators, record.allowlist_count))
	}

	/// What the deposit covers: the record (priced by `DepositBase`), the bytes of its strings,
	/// the tree's spine ([`TREE_SPINE_NODES`]), one account id per curator, and one account id
	/// plus its storage key per allowlist entry.
	pub(crate) fn footprint(metadata_bytes: u64, curators: u32, allowlisted: u32) -> Footprint {
		let account_bytes = Self::byte_count(T::AccountId::max_encoded_len());
		let allowlist_entry_bytes = account_bytes.saturating_add(ALLOWLIST_KEY_OVERHEAD_BYTES);
		let size = metadata_bytes
			.saturating_add(TREE_SPINE_NODES.saturating_mul(TREE_NODE_BYTES))
			.saturating_add(account_bytes.saturating_mul(curators.into()))
			.saturating_add(allowlist_entry_bytes.saturating_mul(allowlisted.into()));
		let count = 1u64.saturating_add(curators.into()).saturating_add(allowlisted.into());
		Footprint { count, size }
	}

	/// The deposit for `footprint`.
	pub(crate) fn price(footprint: Footprint) -> BalanceOf<T> {
		DepositPrice::<T>::convert(footprint)
	}

	/// Re-prices the deposit of `record` (owned by `record.owner`) after its footprint changed.
	fn rehold(datanet: DatanetId, record: &mut DatanetRecord<T>, curators: u32) -> DispatchResult {
		let footprint =
			Self::footprint(record.metadata_bytes(), curators, record.allowlist_count);
		// The ticket is replaced by its updated self; the clone is never used again.
		record.deposit = record.deposit.clone().update(&record.owner, footprint)?;
		Self::deposit_event(Event::DepositUpdated {
			datanet,
			owner: record.owner.clone(),
			deposit: Self::price(footprint),
		});
		Ok(())
	}

	fn put_curators(datanet: DatanetId, curators: CuratorsOf<T>) {
		if curators.is_empty() {
			Curators::<T>::remove(datanet);
		} else {
			Curators::<T>::insert(datanet, curators);
		}
	}

	fn bound_name(name: Vec<u8>) -> Result<NameOf<T>, DispatchError> {
		ensure!(!name.is_empty(), Error::<T>::EmptyName);
		BoundedVec::try_from(name).map_err(|_| Error::<T>::NameTooLong.into())
	}

	fn bound_metadata_uri(uri: Vec<u8>) -> Result<MetadataUriOf<T>, DispatchError> {
		BoundedVec::try_from(uri).map_err(|_| Error::<T>::MetadataUriTooLong.into())
	}

	/// The highest contribution deposit a policy may set: see
	/// [`MAX_CONTRIBUTION_DEPOSIT_IN_DEPOSIT_BASES`].
	pub fn contribution_deposit_limit() -> BalanceOf<T> {
		T::DepositBase::get().saturating_mul(MAX_CONTRIBUTION_DEPOSIT_IN_DEPOSIT_BASES.into())
	}

	fn ensure_valid_policy(policy: &PolicyOf<T>) -> DispatchResult {
		ensure!(policy.curation_fee <= T::MaxCurationFee::get(), Error::<T>::CurationFeeTooHigh);
		ensure!(
			policy.contribution_deposit <= Self::contribution_deposit_limit(),
			Error::<T>::ContributionDepositTooHigh
		);
		ensure!(policy.max_contribution_size > 0, Error::<T>::ZeroContributionSizeLimit);
		Ok(())
	}

	fn tree_error(error: TreeError) -> DispatchError {
		match error {
			TreeError::Full => Error::<T>::TreeFull.into(),
			TreeError::EmptyLeaf => Error::<T>::EmptyLeaf.into(),
			TreeError::NotLive => Error::<T>::LeafNotLive.into(),
		}
	}

	pub(crate) fn len_u32(len: usize) -> u32 {
		u32::try_from(len).unwrap_or(u32::MAX)
	}

	fn byte_count(len: usize) -> u64 {
		u64::try_from(len).unwrap_or(u64::MAX)
	}
}
