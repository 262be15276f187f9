//! The datanet record kept in storage, published versions, and the views the runtime API returns.

use crate::{BalanceOf, Config, DepositTicketOf};
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound};
use frame_system::pallet_prelude::BlockNumberFor;
use openledger_primitives::{
	DatanetId, DatanetPolicy, LeafIndex, License, MerkleAccumulator, VersionNumber,
	VersionSnapshot, H256,
};
use scale_info::TypeInfo;
use sp_runtime::Perbill;

/// A datanet's name, bounded by [`Config::MaxNameLength`].
pub type NameOf<T> = BoundedVec<u8, <T as Config>::MaxNameLength>;

/// A datanet's metadata URI, bounded by [`Config::MaxMetadataUriLength`].
pub type MetadataUriOf<T> = BoundedVec<u8, <T as Config>::MaxMetadataUriLength>;

/// A stored licence, its URI bounded by [`Config::MaxLicenseUriLength`].
pub type LicenseOf<T> = License<BoundedVec<u8, <T as Config>::MaxLicenseUriLength>>;

/// A datanet's policy in this runtime's balance type.
pub type PolicyOf<T> = DatanetPolicy<BalanceOf<T>>;

/// The appointed curators of a datanet.
pub type CuratorsOf<T> =
	BoundedVec<<T as frame_system::Config>::AccountId, <T as Config>::MaxCurators>;

/// Whether a datanet still takes new submissions.
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum DatanetStatus {
	/// Takes new submissions.
	Open,
	/// Takes no new submissions, for good; can be dissolved once emptied.
	Closed,
}

/// Everything the chain stores about one datanet, apart from its curators, allowlist, versions
/// and tree nodes, which have their own storage.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo)]
#[derive(CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound(T: Config))]
pub struct DatanetRecord<T: Config> {
	/// The account that controls the datanet and from which its deposit is held.
	pub owner: T::AccountId,
	/// The account the owner offered the datanet to, if any.
	pub pending_owner: Option<T::AccountId>,
	/// The deposit held from `owner` for the storage the datanet uses.
	pub deposit: DepositTicketOf<T>,
	/// Human-readable name.
	pub name: NameOf<T>,
	/// Link to a description of the dataset (schema, guidelines, ...).
	pub metadata_uri: MetadataUriOf<T>,
	/// Rules for contributions.
	pub policy: PolicyOf<T>,
	/// Terms of use of the data; never changes.
	pub license: LicenseOf<T>,
	/// Open or closed.
	pub status: DatanetStatus,
	/// Block the datanet was created in.
	pub created_at: BlockNumberFor<T>,
	/// Root, next leaf index and live count of the datanet's Merkle tree.
	pub tree: MerkleAccumulator,
	/// Number of the latest published version, 0 if none.
	pub latest_version: VersionNumber,
	/// Number of accounts on the allowlist.
	pub allowlist_count: u32,
	/// A raised curation fee and the block from which it applies: increases wait
	/// `CurationFeeDelay` blocks, so contributors see them coming (and may revoke) before they
	/// take a larger part of what their accepted work earns.
	pub scheduled_curation_fee: Option<(Perbill, BlockNumberFor<T>)>,
}

impl<T: Config> DatanetRecord<T> {
	/// The policy in force at block `now`: the stored one, with the scheduled curation fee once
	/// its block has come.
	pub fn policy_at(&self, now: BlockNumberFor<T>) -> PolicyOf<T> {
		let mut policy = self.policy;
		if let Some((fee, from)) = self.scheduled_curation_fee {
			if now >= from {
				policy.curation_fee = fee;
			}
		}
		policy
	}

	/// Bytes of variable-length metadata the deposit is charged for: name, metadata URI and
	/// licence URI.
	pub fn metadata_bytes(&self) -> u64 {
		let license_uri = self.license.uri.as_ref().map_or(0, |uri| uri.len());
		u64::try_from(self.name.len())
			.unwrap_or(u64::MAX)
			.saturating_add(u64::try_from(self.metadata_uri.len()).unwrap_or(u64::MAX))
			.saturating_add(u64::try_from(license_uri).unwrap_or(u64::MAX))
	}
}

/// A published version of a datanet. Immutable.
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct DatanetVersion<BlockNumber> {
	/// 1 for the datanet's first version, then counting up.
	pub number: VersionNumber,
	/// Merkle root of the contributions live (accepted, not revoked) at publication.
	pub root: H256,
	/// Number of those contributions.
	pub count: u32,
	/// Every contribution appended before publication has a leaf index below this.
	pub next_leaf_index: LeafIndex,
	/// Block the version was published in. Query the runtime API at this block for inclusion
	/// proofs against `root`.
	pub block: BlockNumber,
}

impl<BlockNumber> DatanetVersion<BlockNumber> {
	/// The version without its block, as other pallets see it.
	pub fn snapshot(&self) -> VersionSnapshot {
		VersionSnapshot {
			number: self.number,
			root: self.root,
			count: self.count,
			next_leaf_index: self.next_leaf_index,
		}
	}

	/// The same version with its block number converted.
	pub fn map_block<B>(self, convert: impl FnOnce(BlockNumber) -> B) -> DatanetVersion<B> {
		DatanetVersion {
			number: self.number,
			root: self.root,
			count: self.count,
			next_leaf_index: self.next_leaf_index,
			block: convert(self.block),
		}
	}
}

/// Everything about one datanet, as the `datanet` runtime API returns it.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct DatanetInfo<AccountId, Balance> {
	/// The datanet's id.
	pub id: DatanetId,
	/// Its owner.
	pub owner: AccountId,
	/// The account it is offered to, if any.
	pub pending_owner: Option<AccountId>,
	/// Name (UTF-8 by convention).
	pub name: Vec<u8>,
	/// Link to its description.
	pub metadata_uri: Vec<u8>,
	/// Rules for contributions.
	pub policy: DatanetPolicy<Balance>,
	/// Terms of use.
	pub license: License<Vec<u8>>,
	/// Open or closed.
	pub status: DatanetStatus,
	/// Block of creation.
	pub created_at: u32,
	/// Current Merkle root over live contributions.
	pub root: H256,
	/// Live (accepted, not revoked) contributions.
	pub live_count: u32,
	/// Leaf index the next accepted contribution gets.
	pub next_leaf_index: LeafIndex,
	/// Latest published version, 0 if none.
	pub latest_version: VersionNumber,
	/// Appointed curators (the owner not counted).
	pub curator_count: u32,
	/// Accounts on the allowlist.
	pub allowlist_count: u32,
	/// Deposit currently held from the owner.
	pub deposit: Balance,
	/// A raised curation fee not in force yet, and the block from which it applies (`policy`
	/// shows the fee in force now).
	pub scheduled_curation_fee: Option<(Perbill, u32)>,
}
