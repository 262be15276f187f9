//! The runtime API clients use to read datanets (`api.call.datanetsApi.*` in polkadot.js), and
//! the `api_*` functions of the pallet that the runtime's implementation calls.
//!
//! The runtime implements it as:
//!
//! ```ignore
//! impl pallet_datanets::runtime_api::DatanetsApi<Block, AccountId, Balance> for Runtime {
//! 	fn datanet(id: DatanetId) -> Option<DatanetInfo<AccountId, Balance>> {
//! 		Datanets::api_datanet(id)
//! 	}
//! 	fn versions(id: DatanetId, start: VersionNumber, limit: u32) -> Vec<DatanetVersion<u32>> {
//! 		Datanets::api_versions(id, start, limit)
//! 	}
//! 	fn curators(id: DatanetId) -> Option<Vec<AccountId>> {
//! 		Datanets::api_curators(id)
//! 	}
//! 	fn inclusion_proof(id: DatanetId, leaf_index: LeafIndex) -> Option<MerkleProof> {
//! 		Datanets::api_inclusion_proof(id, leaf_index)
//! 	}
//! 	fn check_admission(id: DatanetId, who: AccountId, size: u64) -> Result<(), DispatchError> {
//! 		Datanets::api_check_admission(id, who, size)
//! 	}
//! }
//! ```

use crate::{pallet::*, types::*, BalanceOf};
use alloc::vec::Vec;
use codec::Codec;
use openledger_primitives::{DatanetId, LeafIndex, MerkleProof, VersionNumber};
use sp_runtime::{DispatchError, SaturatedConversion};

/// Most versions [`DatanetsApi::versions`] returns per call.
pub const MAX_VERSIONS_PAGE: u32 = 100;

sp_api::decl_runtime_apis! {
	/// Read access to datanets for wallets, dApps and indexers.
	pub trait DatanetsApi<AccountId, Balance>
	where
		AccountId: Codec,
		Balance: Codec,
	{
		/// Everything about a datanet (owner, strings, policy, licence, status, current root
		/// and counts, latest version, deposit), `None` if it does not exist.
		fn datanet(id: DatanetId) -> Option<DatanetInfo<AccountId, Balance>>;

		/// The datanet's published versions numbered `start` (1 if 0) and up, oldest first, at
		/// most `limit` of them and never more than `MAX_VERSIONS_PAGE` (100). Empty when the
		/// datanet does not exist or has no such versions. Page with `start = last + 1`.
		fn versions(id: DatanetId, start: VersionNumber, limit: u32) -> Vec<DatanetVersion<u32>>;

		/// The accounts that may review contributions and publish versions: the owner first,
		/// then the appointed curators. `None` if the datanet does not exist.
		fn curators(id: DatanetId) -> Option<Vec<AccountId>>;

		/// Inclusion proof of the live leaf at `leaf_index` against the datanet's current root
		/// (call at a version's block for a proof against that version). `None` if the datanet
		/// does not exist or no live contribution has that index.
		fn inclusion_proof(id: DatanetId, leaf_index: LeafIndex) -> Option<MerkleProof>;

		/// Whether `who` may submit a contribution of `size_bytes` bytes to the datanet now; the
		/// error says why not (unknown, closed, not on the allowlist, too large).
		fn check_admission(
			id: DatanetId,
			who: AccountId,
			size_bytes: u64,
		) -> Result<(), DispatchError>;
	}
}

impl<T: Config> Pallet<T> {
	/// See [`DatanetsApi::datanet`].
	pub fn api_datanet(id: DatanetId) -> Option<DatanetInfo<T::AccountId, BalanceOf<T>>> {
		let record = Datanet::<T>::get(id)?;
		let curator_count = Self::curator_count(id);
		let deposit = Self::current_deposit(&record, curator_count);
		let now = frame_system::Pallet::<T>::block_number();
		let policy = record.policy_at(now);
		let scheduled_curation_fee = record
			.scheduled_curation_fee
			.filter(|(_, from)| *from > now)
			.map(|(fee, from)| (fee, from.saturated_into()));
		Some(DatanetInfo {
			id,
			owner: record.owner,
			pending_owner: record.pending_owner,
			name: record.name.into_inner(),
			metadata_uri: record.metadata_uri.into_inner(),
			policy,
			license: record.license.map_uri(|uri| uri.into_inner()),
			status: record.status,
			created_at: record.created_at.saturated_into(),
			root: record.tree.root,
			live_count: record.tree.live_count,
			next_leaf_index: record.tree.next_index,
			latest_version: record.latest_version,
			curator_count,
			allowlist_count: record.allowlist_count,
			deposit,
			scheduled_curation_fee,
		})
	}

	/// See [`DatanetsApi::versions`]. Reads at most [`MAX_VERSIONS_PAGE`] versions.
	pub fn api_versions(
		id: DatanetId,
		start: VersionNumber,
		limit: u32,
	) -> Vec<DatanetVersion<u32>> {
		let Some(latest) = Datanet::<T>::get(id).map(|record| record.latest_version) else {
			return Vec::new();
		};
		let first = start.max(1);
		(0..limit.min(MAX_VERSIONS_PAGE))
			.map_while(|offset| first.checked_add(offset))
			.take_while(|number| *number <= latest)
			.filter_map(|number| Versions::<T>::get(id, number))
			.map(|version| version.map_block(|block| block.saturated_into::<u32>()))
			.collect()
	}

	/// See [`DatanetsApi::curators`].
	pub fn api_curators(id: DatanetId) -> Option<Vec<T::AccountId>> {
		let record = Datanet::<T>::get(id)?;
		let appointed = Curators::<T>::get(id);
		let mut curators = Vec::with_capacity(appointed.len().saturating_add(1));
		curators.push(record.owner);
		curators.extend(appointed);
		Some(curators)
	}

	/// See [`DatanetsApi::inclusion_proof`].
	pub fn api_inclusion_proof(id: DatanetId, leaf_index: LeafIndex) -> Option<MerkleProof> {
		let record = Datanet::<T>::get(id)?;
		record.tree.prove(&crate::functions::StoredTree::<T>::new(id), leaf_index)
	}

	/// See [`DatanetsApi::check_admission`].
	pub fn api_check_admission(
		id: DatanetId,
		who: T::AccountId,
		size_bytes: u64,
	) -> Result<(), DispatchError> {
		Self::do_check_admission(id, &who, size_bytes).map(|_| ())
	}
}
