//! The contribution record kept in storage, and the view the runtime API returns.

use crate::{BalanceOf, Config, StorageTicketOf};
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound};
use frame_system::pallet_prelude::BlockNumberFor;
use openledger_primitives::{
	ContentHash, ContributionId, ContributionKind, ContributionStatus, ContributionSummary,
	DatanetId,
};
use scale_info::TypeInfo;
use sp_runtime::Perbill;

/// A contribution's metadata URI, bounded by [`Config::MaxMetadataUriLength`].
pub type MetadataUriOf<T> = BoundedVec<u8, <T as Config>::MaxMetadataUriLength>;

/// A contribution's parents, bounded by [`Config::MaxParents`].
pub type ParentsOf<T> = BoundedVec<ContributionId, <T as Config>::MaxParents>;

/// A contribution's status in this runtime's block numbers.
pub type StatusOf<T> = ContributionStatus<BlockNumberFor<T>>;

/// What a contributor accepts when it submits: the most contribution deposit, and the largest
/// rejection slash of it (the `max_deposit` and `max_slash` arguments of `submit`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct SubmitLimits<Balance> {
	/// The most contribution deposit the datanet may ask for.
	pub max_deposit: Balance,
	/// The largest rejection slash the datanet may apply.
	pub max_slash: Perbill,
}

impl<Balance: sp_runtime::traits::Bounded> SubmitLimits<Balance> {
	/// No limits: any policy is accepted (for benchmarks and other pallets' helpers).
	pub fn none() -> Self {
		Self { max_deposit: Balance::max_value(), max_slash: Perbill::one() }
	}
}

/// A commitment to content not registered yet, posted with `commit_content` and stored under
/// its committer (the only account that can reveal it, being in its preimage): it proves the
/// committer knew the content hash at `committed_at`, without revealing it.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo)]
#[derive(CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound(T: Config))]
pub struct ContentCommitment<T: Config> {
	/// The block it was included in.
	pub committed_at: BlockNumberFor<T>,
	/// The storage deposit held from `committer` while the commitment exists.
	pub storage_deposit: StorageTicketOf<T>,
}

/// A contribution's status without its details: the key of the [`crate::ByDatanetState`]
/// index and the filter of the runtime API's `contributions_by_datanet`.
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ContributionState {
	/// Waiting for review.
	Pending,
	/// Accepted and not revoked.
	Accepted,
	/// Rejected by a curator.
	Rejected,
	/// Accepted, then revoked by its contributor.
	Revoked,
}

impl ContributionState {
	/// The state of a status.
	pub fn of<BlockNumber>(status: &ContributionStatus<BlockNumber>) -> Self {
		match status {
			ContributionStatus::Pending => Self::Pending,
			ContributionStatus::Accepted { .. } => Self::Accepted,
			ContributionStatus::Rejected { .. } => Self::Rejected,
			ContributionStatus::Revoked { .. } => Self::Revoked,
		}
	}
}

/// Everything the chain stores about one contribution.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo)]
#[derive(CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound(T: Config))]
pub struct ContributionRecord<T: Config> {
	/// The datanet it was submitted to.
	pub datanet: DatanetId,
	/// The account that submitted it, owner of its provenance and of its deposits.
	pub contributor: T::AccountId,
	/// blake2-256 of its content; unique chain-wide.
	pub content_hash: ContentHash,
	/// Size of the content in bytes, as declared by the contributor.
	pub size_bytes: u64,
	/// What it is.
	pub kind: ContributionKind,
	/// Link to its description.
	pub metadata_uri: MetadataUriOf<T>,
	/// Earlier contributions it derives from, in the order the contributor gave them.
	pub parents: ParentsOf<T>,
	/// Pending, accepted, rejected or revoked, with the blocks and leaf index.
	pub status: StatusOf<T>,
	/// Block it was submitted in.
	pub submitted_at: BlockNumberFor<T>,
	/// The datanet's contribution deposit when it was submitted (zero in an auto-accepting
	/// datanet). Held under `HoldReason::ContributionDeposit` only while pending; kept
	/// afterwards as a record of what was asked.
	pub review_deposit: BalanceOf<T>,
	/// The datanet's rejection slash when it was submitted: the share of `review_deposit` paid
	/// to the treasury if it is rejected.
	pub rejection_slash: Perbill,
	/// The storage deposit held from the depositor (see `sponsored`) for as long as this
	/// record exists.
	pub storage_deposit: StorageTicketOf<T>,
	/// Whether it was submitted under a sponsorship: then both its deposits are held from its
	/// datanet's sponsorship budget account (`Config::BudgetAccount`), not from `contributor`,
	/// and go back to (or are slashed from) that budget.
	pub sponsored: bool,
}

impl<T: Config> ContributionRecord<T> {
	/// What other pallets see of the record.
	pub fn summary(&self) -> ContributionSummary<T::AccountId, BlockNumberFor<T>> {
		ContributionSummary {
			datanet: self.datanet,
			contributor: self.contributor.clone(),
			content_hash: self.content_hash,
			kind: self.kind,
			status: self.status,
		}
	}
}

/// Everything about one contribution, as the runtime API returns it.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct ContributionInfo<AccountId, Balance> {
	/// The contribution's id.
	pub id: ContributionId,
	/// The datanet it was submitted to.
	pub datanet: DatanetId,
	/// The account that submitted it.
	pub contributor: AccountId,
	/// blake2-256 of its content.
	pub content_hash: ContentHash,
	/// Size of the content in bytes, as declared.
	pub size_bytes: u64,
	/// What it is.
	pub kind: ContributionKind,
	/// Link to its description.
	pub metadata_uri: Vec<u8>,
	/// Earlier contributions it derives from.
	pub parents: Vec<ContributionId>,
	/// Where it stands, with block numbers.
	pub status: ContributionStatus<u32>,
	/// Block it was submitted in.
	pub submitted_at: u32,
	/// The contribution deposit asked at submission (held only while pending).
	pub review_deposit: Balance,
	/// Share of `review_deposit` a rejection pays to the treasury.
	pub rejection_slash: Perbill,
	/// The storage deposit held for the record.
	pub storage_deposit: Balance,
	/// Everything held from the contributor for this contribution now: the storage deposit,
	/// plus the contribution deposit while pending.
	pub held: Balance,
	/// Whether it was submitted under a sponsorship (its deposits are its datanet's budget's).
	pub sponsored: bool,
}

/// What a sponsorship lets an account submit in one [`Config::SponsorshipPeriod`]: a number
/// of contributions and a number of transaction bytes (the encoded length of its submits,
/// which is what their fees and storage deposits grow with).
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct SponsorQuota {
	/// Submits per period.
	pub contributions: u32,
	/// Transaction bytes per period.
	pub bytes: u32,
}

/// A datanet's sponsorship of one account: the datanet's budget pays the fees and deposits of
/// the account's submits to that datanet, within a quota per period.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo)]
#[derive(CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound(T: Config))]
pub struct Sponsorship<T: Config> {
	/// The owner or curator who granted it.
	pub granted_by: T::AccountId,
	/// What the account may submit per period.
	pub quota: SponsorQuota,
	/// The block the current period started in.
	pub period_start: BlockNumberFor<T>,
	/// What the account submitted in the current period (attempts, failed ones included:
	/// their fees were paid too).
	pub used: SponsorQuota,
	/// The storage deposit for this entry and the sponsored account's own record, held from
	/// the datanet's budget account while the sponsorship exists.
	pub storage_deposit: StorageTicketOf<T>,
}

/// What the runtime API tells an account about one of its sponsorships.
#[derive(Encode, Decode, DecodeWithMemTracking, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct SponsorshipInfo<AccountId, Balance> {
	/// The datanet whose budget pays.
	pub datanet: DatanetId,
	/// The owner or curator who granted it.
	pub granted_by: AccountId,
	/// What the account may submit per period.
	pub quota: SponsorQuota,
	/// What is left of it in the current period.
	pub remaining: SponsorQuota,
	/// The last block of the current period; the quota is whole again after it.
	pub period_ends_at: u32,
	/// What the datanet's budget can still spend (its free balance above the existential
	/// deposit).
	pub budget: Balance,
}
