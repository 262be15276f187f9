//! Datanet terms that pallets and clients share, and [`DatanetInspect`], the trait through which
//! the contributions and attribution pallets read datanets and record accepted contributions.

use crate::{ContentHash, ContributionId, DatanetId, LeafIndex, VersionNumber, H256};
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_runtime::{DispatchError, DispatchResult, Perbill, Weight};

/// Who may submit contributions to a datanet.
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Admission {
	/// Any account may submit.
	Open,
	/// Only accounts on the datanet's allowlist (and its owner and curators) may submit.
	Allowlist,
}

/// How submitted contributions become accepted.
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ReviewMode {
	/// A curator accepts or rejects each contribution.
	Curated,
	/// Contributions are accepted as soon as they are submitted.
	AutoAccept,
}

/// The rules a datanet's owner sets for contributions.
///
/// Amounts are in the chain's smallest unit (for OPEN, 10^-18 OPEN).
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct DatanetPolicy<Balance> {
	/// Who may submit.
	pub admission: Admission,
	/// How submissions are accepted.
	pub review: ReviewMode,
	/// Deposit a contributor holds while a submission waits for review.
	pub contribution_deposit: Balance,
	/// Share of that deposit taken (to the treasury) when a curator rejects the submission.
	pub rejection_slash: Perbill,
	/// Share of this datanet's contributors' rewards that goes to the datanet's owner.
	pub curation_fee: Perbill,
	/// Largest contribution accepted, in bytes (as declared by the contributor). Never zero.
	pub max_contribution_size: u64,
}

/// The terms under which a datanet's data may be used.
///
/// `Uri` is the type of the optional link to the full licence text: plain bytes (`Vec<u8>`) when
/// a user submits it, a bounded vector once stored on chain.
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct License<Uri> {
	/// Models may be trained on the data.
	pub may_train: bool,
	/// The data, and models trained on it, may be used commercially (for example by a model
	/// that charges an inference fee).
	pub commercial_use: bool,
	/// Users of the data must credit its contributors.
	pub attribution_required: bool,
	/// Derived works (contributions that name these as parents) are allowed.
	pub derivatives_allowed: bool,
	/// Link to the full licence text, e.g. `https://spdx.org/licenses/CC-BY-4.0`.
	pub uri: Option<Uri>,
}

impl<Uri> License<Uri> {
	/// Whether a model that charges fees may be trained on the data: both training and
	/// commercial use must be allowed.
	pub fn permits_paid_models(&self) -> bool {
		self.may_train && self.commercial_use
	}

	/// The same terms with the URI converted by `convert`, which may fail (e.g. when bounding it).
	pub fn try_map_uri<NewUri, E>(
		self,
		convert: impl FnOnce(Uri) -> Result<NewUri, E>,
	) -> Result<License<NewUri>, E> {
		Ok(License {
			may_train: self.may_train,
			commercial_use: self.commercial_use,
			attribution_required: self.attribution_required,
			derivatives_allowed: self.derivatives_allowed,
			uri: self.uri.map(convert).transpose()?,
		})
	}

	/// The same terms with the URI converted by `convert`.
	pub fn map_uri<NewUri>(self, convert: impl FnOnce(Uri) -> NewUri) -> License<NewUri> {
		License {
			may_train: self.may_train,
			commercial_use: self.commercial_use,
			attribution_required: self.attribution_required,
			derivatives_allowed: self.derivatives_allowed,
			uri: self.uri.map(convert),
		}
	}
}

/// What a published datanet version commits to. Immutable once published.
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct VersionSnapshot {
	/// The version's number (1 for the first version of a datanet).
	pub number: VersionNumber,
	/// Merkle root of the contributions accepted and not revoked when the version was published.
	pub root: H256,
	/// How many contributions the root commits to.
	pub count: u32,
	/// Every contribution appended before the version has a leaf index below this one.
	pub next_leaf_index: LeafIndex,
}

/// Read access to datanets, and the two writes the contributions pallet needs, for other pallets.
///
/// The contributions pallet calls [`Self::check_admission`] on submit,
/// [`Self::append_accepted`] when a contribution is accepted and [`Self::remove_accepted`] when
/// its contributor revokes it; the attribution pallet reads licences and versions. All methods
/// are O(1) in the number of datanets, contributions and versions.
///
/// Revocation: a removed leaf is blanked in the datanet's sparse Merkle tree, so the next
/// published version's root and count no longer include it, while versions published before
/// the revocation keep the root they committed to (they are historical facts).
pub trait DatanetInspect<AccountId, Balance> {
	/// Whether a datanet with this id exists (open or closed).
	fn exists(datanet: DatanetId) -> bool;

	/// Whether the datanet exists and is open to new submissions.
	fn is_open(datanet: DatanetId) -> bool;

	/// The datanet's owner, `None` if it does not exist.
	fn owner(datanet: DatanetId) -> Option<AccountId>;

	/// Whether `who` may review contributions to the datanet: its owner or one of its curators.
	fn is_curator(datanet: DatanetId, who: &AccountId) -> bool;

	/// The datanet's current policy, `None` if it does not exist.
	fn policy(datanet: DatanetId) -> Option<DatanetPolicy<Balance>>;

	/// The datanet's licence, `None` if it does not exist. A licence never changes after creation.
	fn license(datanet: DatanetId) -> Option<License<Vec<u8>>>;

	/// Checks that `who` may submit a contribution of `size_bytes` bytes to the datanet now and
	/// returns its policy (deposit, review mode, ...) if so.
	///
	/// The error is the datanets pallet's and names the reason: the datanet is unknown, closed,
	/// `who` is not on its allowlist, or the contribution is larger than its policy allows.
	fn check_admission(
		datanet: DatanetId,
		who: &AccountId,
		size_bytes: u64,
	) -> Result<DatanetPolicy<Balance>, DispatchError>;

	/// Appends an accepted contribution to the datanet's Merkle tree and returns its leaf index,
	/// which the caller must keep to revoke it later. Works on closed datanets too, so that
	/// submissions made before closing can still be reviewed.
	///
	/// Fails if the datanet does not exist or its tree is full.
	fn append_accepted(
		datanet: DatanetId,
		contribution: ContributionId,
		content_hash: ContentHash,
	) -> Result<LeafIndex, DispatchError>;

	/// Removes a revoked contribution's leaf from the datanet's tree, so that it is excluded from
	/// every version published afterwards.
	///
	/// Fails if the datanet does not exist or the leaf is not live (never appended, or already
	/// removed).
	fn remove_accepted(datanet: DatanetId, leaf_index: LeafIndex) -> DispatchResult;

	/// Number of the datanet's latest published version; `None` if the datanet does not exist or
	/// has published none.
	fn latest_version(datanet: DatanetId) -> Option<VersionNumber>;

	/// A published version, `None` if the datanet or that version does not exist.
	fn version(datanet: DatanetId, version: VersionNumber) -> Option<VersionSnapshot>;

	/// Worst-case weight of [`Self::append_accepted`], for the caller's own weight.
	fn append_accepted_weight() -> Weight;

	/// Worst-case weight of [`Self::remove_accepted`], for the caller's own weight.
	fn remove_accepted_weight() -> Weight;

	/// Creates an open datanet owned by `owner` with `policy`, funding the deposit, for other
	/// pallets' benchmarks.
	#[cfg(feature = "runtime-benchmarks")]
	fn create_benchmark_datanet(
		_owner: &AccountId,
		_policy: DatanetPolicy<Balance>,
	) -> Result<DatanetId, DispatchError> {
		Err(DispatchError::Other("create_benchmark_datanet is not implemented"))
	}

	/// Fills `datanet`'s curator list (its owner signing) and returns the last curator added,
	/// the most expensive one to find, for other pallets' benchmarks.
	#[cfg(feature = "runtime-benchmarks")]
	fn add_benchmark_curator(_datanet: DatanetId) -> Result<AccountId, DispatchError> {
		Err(DispatchError::Other("add_benchmark_curator is not implemented"))
	}
}
