//! # Datanets pallet
//!
//! Communities that curate a dataset on chain: who may contribute, who reviews, under which
//! licence, and an immutable, verifiable record of what the dataset contained at each release.
//!
//! - [`Config`]
//! - [`Call`]
//! - [`Event`] and [`Error`]
//! - [`runtime_api::DatanetsApi`]
//!
//! ## Overview
//!
//! A **datanet** is a dataset with a community around it: medical questions and answers, legal
//! clauses, Rust bugs with their fixes. Anyone can create one. Its creator becomes its **owner**
//! and decides:
//!
//! - **who may contribute**: anyone (`Open`), or only accounts on the datanet's **allowlist**;
//! - **how contributions are reviewed**: by **curators** the owner appoints (`Curated`), or not
//!   at all (`AutoAccept`);
//! - what a contribution costs: a **contribution deposit** (at most `MaxContributionDeposit`, a
//!   thousand times the datanet deposit base), part of which (the **rejection
//!   slash**) is lost if a curator rejects the contribution, and the **curation fee**, the share
//!   of contributors' future rewards that goes to the owner for running the datanet;
//! - the largest contribution accepted;
//! - the **licence** the data is offered under: whether models may be trained on it, whether it
//!   may be used commercially, whether contributors must be credited, whether derived works are
//!   allowed, and a link to the full licence text. The licence is fixed when the datanet is
//!   created, because contributors agreed to it when they contributed.
//!
//! Contributions themselves are handled by the contributions pallet. Every contribution a
//! curator accepts is added to the datanet's **Merkle tree**, a fingerprint of the whole dataset
//! that is updated in a few steps whatever the dataset's size. When the owner or a curator
//! **publishes a version**, the chain freezes that fingerprint (the **root**) with the number of
//! contributions and the block: version 1, version 2, and so on. Models say which versions they
//! were trained on, and anyone holding a contribution can prove it is part of a version with a
//! short **inclusion proof**. A contributor who withdraws consent (revokes) is left out of every
//! version published afterwards; earlier versions stay exactly as published.
//!
//! Storing a datanet costs the chain space, so its owner keeps a **deposit** on hold (the funds
//! stay in the owner's account but cannot be spent) for as long as the datanet exists. It grows
//! with the datanet's name, links, curators and allowlist, and is returned in full when the owner
//! closes and then **dissolves** the datanet.
//!
//! ### Terms
//!
//! - *Owner*: the account that controls a datanet. Always a curator too. Ownership passes to
//!   another account only when that account accepts it (and takes over the deposit).
//! - *Curator*: an account that may review contributions and publish versions.
//! - *Allowlist*: accounts admitted to contribute when admission is `Allowlist`.
//! - *Open / closed*: a closed datanet takes no new submissions; contributions submitted before
//!   closing can still be reviewed, and versions can still be published. Closing is final.
//! - *Leaf*: the fingerprint of one accepted contribution in the datanet's tree.
//! - *Version*: an immutable snapshot {number, root, count, next leaf index, block}.
//! - *Deposit*: funds held from the owner under the hold reason [`HoldReason::DatanetDeposit`]:
//!   `DepositBase + DepositPerByte × bytes`, where the bytes are those of the name, metadata URI
//!   and licence URI, the 24 tree nodes of the tree's spine (a tree with `n` leaves stores at
//!   most `2n + 24` nodes; each contribution's storage deposit pays for two), plus one account id
//!   per curator and one account id and storage key per allowlist entry.
//!
//! ### Example
//!
//! With polkadot.js (amounts in the smallest unit, 10^-18 OPEN; `Perbill` in parts per billion):
//!
//! ```js
//! // Alice creates a curated datanet that anyone may contribute to.
//! await api.tx.datanets.create(
//!   'Rust bugs',
//!   'ipfs://bafybeib.../datanet.json',
//!   { admission: 'Open', review: 'Curated', contributionDeposit: 10n ** 18n,
//!     rejectionSlash: 100_000_000 /* 10% */, curationFee: 50_000_000 /* 5% */,
//!     maxContributionSize: 1_048_576 },
//!   { mayTrain: true, commercialUse: true, attributionRequired: true,
//!     derivativesAllowed: true, uri: 'https://spdx.org/licenses/CC-BY-4.0' },
//! ).signAndSend(alice);
//! // She appoints Bob as a curator; later Bob publishes what has been accepted so far.
//! await api.tx.datanets.addCurator(0, bob.address).signAndSend(alice);
//! await api.tx.datanets.publishVersion(0).signAndSend(bob);
//! // Anyone reads the datanet, its versions and a proof for leaf 0.
//! const info = await api.call.datanetsApi.datanet(0);
//! const versions = await api.call.datanetsApi.versions(0, 1, 50);
//! const proof = await api.call.datanetsApi.inclusionProof(0, 0);
//! ```
//!
//! ## Pallet API
//!
//! Calls (see [`Call`] for origins, errors and events of each):
//!
//! - [`create`](Pallet::create) (anyone): a new datanet; its deposit is held.
//! - [`update_metadata`](Pallet::update_metadata) (owner): new name and metadata URI.
//! - [`set_policy`](Pallet::set_policy) (owner): new policy, while open.
//! - [`add_curator`](Pallet::add_curator), [`remove_curator`](Pallet::remove_curator) (owner; a
//!   curator may resign): the curators.
//! - [`add_to_allowlist`](Pallet::add_to_allowlist),
//!   [`remove_from_allowlist`](Pallet::remove_from_allowlist) (owner; an account may leave): the
//!   allowlist.
//! - [`transfer_ownership`](Pallet::transfer_ownership) (owner), then
//!   [`accept_ownership`](Pallet::accept_ownership) (the new owner): a two-step handover.
//! - [`close`](Pallet::close) (owner): no new submissions.
//! - [`publish_version`](Pallet::publish_version) (owner or curator): freeze a version.
//! - [`dissolve`](Pallet::dissolve) (owner): remove a closed, emptied datanet and release its
//!   deposit.
//!
//! Other pallets use the datanets through [`openledger_primitives::DatanetInspect`], implemented
//! by [`Pallet`]: admission checks, curator checks, policy and licence, and the two writes of the
//! contributions pallet, `append_accepted` and `remove_accepted`. Clients use the runtime API
//! [`runtime_api::DatanetsApi`], whose methods are the `api_*` functions of [`Pallet`].
//!
//! ## Low-level design
//!
//! ### Storage
//!
//! - [`Datanet`]: one [`DatanetRecord`] per datanet: owner, pending owner, deposit ticket,
//!   strings, policy, licence, status, the Merkle accumulator (root, next leaf index, live
//!   count), latest version number and allowlist size. The tree state lives here so that
//!   `publish_version` is O(1).
//! - [`Curators`]: the appointed curators of a datanet, a bounded list (the owner is implicit).
//! - [`Allowlist`] (double map) with its size counted in the record, bounded by
//!   [`Config::MaxAllowlistLength`].
//! - [`Versions`]: published versions, at most [`Config::MaxVersions`] per datanet.
//! - [`TreeNodes`]: the non-empty nodes of every datanet's tree, keyed by (datanet, level,
//!   index).
//!
//! ### Deposit
//!
//! The deposit is a [`frame_support::traits::fungible::HoldConsideration`] ticket stored in the
//! record, as pallet-preimage stores its tickets: it is created on `create`, updated whenever
//! the datanet's footprint changes, recreated on the new owner when ownership is accepted (the
//! old owner's is released), and dropped on `dissolve`. A ticket is always attributed to the
//! record's current owner, which `try_state` checks against the balance on hold.
//!
//! ### Merkle accumulator and revocation
//!
//! Each datanet has a fixed-depth sparse binary Merkle tree of depth
//! [`openledger_primitives::merkle::TREE_DEPTH`] (24: up to 16.7 million leaves), whose pure
//! algorithm lives in [`openledger_primitives::merkle`] and is property-tested there. Empty
//! subtrees hash to precomputed defaults and are not stored. Leaf `i` is the `i`-th accepted
//! contribution: `blake2_256("openledger/datanet-leaf/v1" ++ SCALE(contribution id) ++ content
//! hash)`; an inner node is `blake2_256(left ++ right)`.
//!
//! - Accepting a contribution appends its leaf at the next free index: 24 hashes and at most 24
//!   reads and 24 writes, whatever the number of contributions.
//! - Revoking sets the leaf back to empty, with the same cost, and deletes nodes whose subtree
//!   became empty, so a datanet with no live contributions stores no nodes at all.
//! - The record keeps the root and the live count, so a version is a copy of three numbers.
//!
//! **Why revocation blanks the leaf instead of using an append-only accumulator.** A revoked
//! contribution must be absent from every later version. An append-only structure (a Merkle
//! mountain range, or an incremental tree that keeps only its right frontier) cannot drop a leaf
//! without rebuilding over all leaves, which is unbounded work. The sparse tree drops one in
//! O(depth) and keeps all other leaves at their index, so the contributions pallet only needs to
//! remember each accepted contribution's leaf index ([`openledger_primitives::LeafIndex`]).
//! Published versions are never rewritten: a version committed to what was live when it was
//! published, which is a historical fact (models cite it).
//!
//! **Proofs.** `inclusion_proof` returns the 24 siblings of a live leaf against the *current*
//! root. For an older version, call the runtime API at the block the version was published in
//! (an archive node keeps that state) and compare the returned root with the version's root;
//! indexers can also rebuild any version's tree from the `ContributionAppended` and
//! `ContributionRemoved` events, which carry each leaf.
//!
//! ### Lifecycle of a datanet
//!
//! `create` → (`update_metadata`, `set_policy`, curators, allowlist, `publish_version`,
//! ownership handover)* → `close` → `dissolve`. `dissolve` is only for a closed datanet with an
//! empty allowlist, no live contributions and no published versions; its errors say which of
//! these is missing. A datanet that published a version is a permanent record (its versions may
//! be cited by models), so it can be closed but not dissolved, and its deposit stays held.
//! Datanet ids are never reused.
//!
//! ### Invariants
//!
//! Checked by `Pallet::do_try_state` (module `invariants`, compiled for try-runtime and tests) in
//! the `try_state` hook and after every unit test:
//!
//! - every datanet id is below `NextDatanetId`; curators, allowlist entries and versions only
//!   exist for existing datanets;
//! - the deposit held from each account under [`HoldReason::DatanetDeposit`] equals the sum of
//!   what its datanets' footprints require, and is zero for accounts that own none;
//! - the allowlist counter equals the number of allowlist entries, and both respect the bound;
//!   curators are bounded, distinct and exclude the owner;
//! - versions are numbered 1..=latest without gaps, within the bound, with non-decreasing leaf
//!   indices and blocks, and no two consecutive versions share a root;
//! - the tree: `live_count <= next_index <= capacity`; the root is the empty root exactly when
//!   nothing is live; no nodes are stored when nothing is live; for trees of up to 1024 live
//!   leaves, the stored nodes and root equal a tree rebuilt from scratch from the stored leaves.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod functions;
mod impl_inspect;
// The invariants run under try-runtime, in unit tests, and in std builds (the runtime's
// integration tests drive every pallet at once and check all of them); never in block execution.
#[cfg(any(feature = "try-runtime", feature = "std", test))]
pub mod invariants;
#[cfg(test)]
mod mock;
pub mod runtime_api;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use core::marker::PhantomData;
use frame_support::traits::{
	fungible::{self, HoldConsideration},
	Footprint, Get,
};
use sp_runtime::{
	traits::{Convert, StaticLookup},
	SaturatedConversion, Saturating,
};

/// The balance type of the currency deposits are held in.
pub type BalanceOf<T> = <<T as Config>::Currency as fungible::Inspect<
	<T as frame_system::Config>::AccountId,
>>::Balance;

/// How a call names an account (an address in polkadot.js).
pub type AccountIdLookupOf<T> = <<T as frame_system::Config>::Lookup as StaticLookup>::Source;

/// The deposit ticket stored in each datanet record: funds held from the owner under
/// [`HoldReason::DatanetDeposit`], priced by [`DepositPrice`].
pub type DepositTicketOf<T> = HoldConsideration<
	<T as frame_system::Config>::AccountId,
	<T as Config>::Currency,
	DepositHoldReason<T>,
	DepositPrice<T>,
	Footprint,
>;

/// The runtime's hold reason for datanet deposits.
pub struct DepositHoldReason<T>(PhantomData<T>);
impl<T: Config> Get<T::RuntimeHoldReason> for DepositHoldReason<T> {
	fn get() -> T::RuntimeHoldReason {
		HoldReason::DatanetDeposit.into()
	}
}

/// Prices a datanet's footprint: `DepositBase + DepositPerByte × footprint.size` (saturating).
pub struct DepositPrice<T>(PhantomData<T>);
impl<T: Config> Convert<Footprint, BalanceOf<T>> for DepositPrice<T> {
	fn convert(footprint: Footprint) -> BalanceOf<T> {
		let bytes = BalanceOf::<T>::saturated_from(footprint.size);
		T::DepositBase::get().saturating_add(T::DepositPerByte::get().saturating_mul(bytes))
	}
}

/// Length of `bytes` for a weight formula, capped at `max` (longer input fails before any work).
pub(crate) fn weight_len(bytes: &[u8], max: u32) -> u32 {
	u32::try_from(bytes.len()).unwrap_or(u32::MAX).min(max)
}

// FRAME's `pallet` macros expand to `expect()` on values they prove present; our own logic
// lives outside this module (functions.rs, impl_inspect.rs), where the lint stays on.
#[allow(clippy::expect_used)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;
	use openledger_primitives::{
		merkle::{TREE_CAPACITY, TREE_DEPTH},
		DatanetId, License, VersionNumber, H256,
	};
	use sp_runtime::Perbill;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The currency deposits are held in.
		type Currency: fungible::Mutate<Self::AccountId>
			+ fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The runtime's hold reason, which includes this pallet's [`HoldReason`].
		type RuntimeHoldReason: From<HoldReason>;

		/// Deposit held for any datanet, covering its fixed-size record.
		#[pallet::constant]
		type DepositBase: Get<BalanceOf<Self>>;

		/// Deposit held per byte of name, metadata URI and licence URI, and per byte of each
		/// curator and allowlist entry.
		#[pallet::constant]
		type DepositPerByte: Get<BalanceOf<Self>>;

		/// Longest datanet name, in bytes.
		#[pallet::constant]
		type MaxNameLength: Get<u32>;

		/// Longest metadata URI, in bytes.
		#[pallet::constant]
		type MaxMetadataUriLength: Get<u32>;

		/// Longest licence URI, in bytes.
		#[pallet::constant]
		type MaxLicenseUriLength: Get<u32>;

		/// Most curators a datanet may appoint (its owner not counted).
		#[pallet::constant]
		type MaxCurators: Get<u32>;

		/// Most accounts on one datanet's allowlist.
		#[pallet::constant]
		type MaxAllowlistLength: Get<u32>;

		/// Most versions one datanet may publish.
		#[pallet::constant]
		type MaxVersions: Get<u32>;

		/// Highest curation fee a policy may set.
		#[pallet::constant]
		type MaxCurationFee: Get<Perbill>;

		/// Blocks before a raised curation fee applies (a lower one applies at once).
		#[pallet::constant]
		type CurationFeeDelay: Get<BlockNumberFor<Self>>;

		/// Weights of this pallet's calls, from its benchmarks.
		type WeightInfo: WeightInfo;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The storage deposit of a datanet, held from its owner until the datanet is dissolved.
		DatanetDeposit,
	}

	/// The id the next datanet gets.
	#[pallet::storage]
	pub type NextDatanetId<T> = StorageValue<_, DatanetId, ValueQuery>;

	/// Every datanet, by id.
	#[pallet::storage]
	pub type Datanet<T: Config> =
		StorageMap<_, Twox64Concat, DatanetId, DatanetRecord<T>, OptionQuery>;

	/// The curators a datanet's owner appointed (the owner is not listed: it always curates).
	#[pallet::storage]
	pub type Curators<T: Config> =
		StorageMap<_, Twox64Concat, DatanetId, CuratorsOf<T>, ValueQuery>;

	/// Accounts admitted to contribute to a datanet whose admission is `Allowlist`. The number of
	/// entries per datanet is kept in its record.
	#[pallet::storage]
	pub type Allowlist<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		DatanetId,
		Blake2_128Concat,
		T::AccountId,
		(),
		OptionQuery,
	>;

	/// Published versions of each datanet, numbered from 1. Never modified once written.
	#[pallet::storage]
	pub type Versions<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		DatanetId,
		Twox64Concat,
		VersionNumber,
		DatanetVersion<BlockNumberFor<T>>,
		OptionQuery,
	>;

	/// The non-empty nodes of each datanet's sparse Merkle tree, by (datanet, level, index);
	/// level 0 holds the leaves. Absent nodes are empty subtrees.
	#[pallet::storage]
	pub type TreeNodes<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Twox64Concat, DatanetId>,
			NMapKey<Twox64Concat, u8>,
			NMapKey<Twox64Concat, u32>,
		),
		H256,
		OptionQuery,
	>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A datanet was created; `owner` holds `deposit` for it.
		Created { datanet: DatanetId, owner: T::AccountId, deposit: BalanceOf<T> },
		/// A datanet's name and metadata URI were replaced.
		MetadataUpdated { datanet: DatanetId },
		/// A datanet's policy was replaced; it applies to submissions from now on. `policy` is
		/// the policy in force now (with the previous curation fee if the new one is higher).
		PolicyChanged { datanet: DatanetId, policy: PolicyOf<T> },
		/// A datanet's owner raised its curation fee: `fee` applies from block `from` on
		/// (`CurationFeeDelay` blocks later), to the rewards of every contribution.
		CurationFeeScheduled { datanet: DatanetId, fee: Perbill, from: BlockNumberFor<T> },
		/// An account became a curator of a datanet.
		CuratorAdded { datanet: DatanetId, curator: T::AccountId },
		/// An account stopped being a curator of a datanet.
		CuratorRemoved { datanet: DatanetId, curator: T::AccountId },
		/// An account was added to a datanet's allowlist.
		AddedToAllowlist { datanet: DatanetId, account: T::AccountId },
		/// An account was removed from a datanet's allowlist.
		RemovedFromAllowlist { datanet: DatanetId, account: T::AccountId },
		/// The deposit held for a datanet changed; `deposit` is the new total.
		DepositUpdated { datanet: DatanetId, owner: T::AccountId, deposit: BalanceOf<T> },
		/// The owner offered the datanet to `new_owner`, who may now accept it.
		OwnershipOffered { datanet: DatanetId, owner: T::AccountId, new_owner: T::AccountId },
		/// The owner withdrew a pending ownership offer.
		OwnershipOfferCancelled { datanet: DatanetId, owner: T::AccountId },
		/// `new_owner` accepted the datanet and now holds its deposit; `old_owner`'s was released.
		OwnershipTransferred {
			datanet: DatanetId,
			old_owner: T::AccountId,
			new_owner: T::AccountId,
		},
		/// A datanet was closed to new submissions.
		Closed { datanet: DatanetId },
		/// A closed, empty datanet was removed and its deposit released to its owner.
		Dissolved { datanet: DatanetId, owner: T::AccountId, deposit_released: BalanceOf<T> },
		/// A version was published: it commits to `count` contributions under `root`.
		VersionPublished {
			datanet: DatanetId,
			version: VersionNumber,
			root: H256,
			count: u32,
			publisher: T::AccountId,
		},
		/// An accepted contribution's `leaf` was appended at `leaf_index`; `root` is the new root.
		ContributionAppended {
			datanet: DatanetId,
			contribution: openledger_primitives::ContributionId,
			leaf_index: openledger_primitives::LeafIndex,
			leaf: H256,
			root: H256,
		},
		/// A revoked contribution's leaf was blanked; later versions exclude it.
		ContributionRemoved {
			datanet: DatanetId,
			leaf_index: openledger_primitives::LeafIndex,
			root: H256,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No datanet has this id (it may have been dissolved). Check the id with the `datanet`
		/// runtime API.
		UnknownDatanet,
		/// Only the datanet's owner may do this (`remove_curator` and `remove_from_allowlist`
		/// also accept the account being removed). Sign with the owner's account.
		NotOwner,
		/// Only the datanet's owner or one of its curators may do this. Ask the owner to add you
		/// as a curator, or sign with a curator's account.
		NotOwnerOrCurator,
		/// The name is empty. Give the datanet a name.
		EmptyName,
		/// The name is longer than `MaxNameLength` bytes. Shorten it.
		NameTooLong,
		/// The metadata URI is longer than `MaxMetadataUriLength` bytes. Use a shorter link
		/// (e.g. an IPFS CID).
		MetadataUriTooLong,
		/// The licence URI is longer than `MaxLicenseUriLength` bytes. Use a shorter link.
		LicenseUriTooLong,
		/// The policy's curation fee is above `MaxCurationFee`. Lower it.
		CurationFeeTooHigh,
		/// The policy's maximum contribution size is zero, which would admit nothing. Set it to
		/// the largest contribution, in bytes, you will accept.
		ZeroContributionSizeLimit,
		/// The datanet is closed: it takes no new submissions, its policy is frozen and no
		/// account can join its allowlist. Contribute to, or manage, an open datanet instead.
		DatanetClosed,
		/// The datanet is already closed. Nothing to do.
		AlreadyClosed,
		/// Only a closed datanet can be dissolved. Call `close` first.
		NotClosed,
		/// The account already curates this datanet (the owner always does). Nothing to do.
		AlreadyCurator,
		/// The datanet already has `MaxCurators` curators. Remove one with `remove_curator`
		/// first.
		TooManyCurators,
		/// The account is not an appointed curator of this datanet. Check the `curators` runtime
		/// API (the owner is a curator by right and cannot be removed).
		NotACurator,
		/// The account is already on the datanet's allowlist. Nothing to do.
		AlreadyOnAllowlist,
		/// The account is not on the datanet's allowlist, which this datanet's admission
		/// requires. Ask the owner to add it with `add_to_allowlist`.
		NotOnAllowlist,
		/// The allowlist already has `MaxAllowlistLength` accounts. Remove some with
		/// `remove_from_allowlist` first.
		AllowlistFull,
		/// Only the account the owner offered the datanet to may accept it, and only while the
		/// offer stands. Ask the owner to call `transfer_ownership` to your account.
		NotPendingOwner,
		/// Nothing was accepted or revoked since the latest version (or, for a first version,
		/// nothing has been accepted yet), so a new version would be identical. Accept or revoke
		/// contributions first.
		NothingToPublish,
		/// The datanet has published `MaxVersions` versions, the most allowed. Create a new
		/// datanet to continue.
		TooManyVersions,
		/// The allowlist still has accounts. Remove each with `remove_from_allowlist` before
		/// dissolving.
		AllowlistNotEmpty,
		/// Accepted contributions are still live in the datanet. A datanet can only be dissolved
		/// once all of them have been revoked by their contributors; keep it closed instead.
		HasLiveContributions,
		/// The datanet has published versions, which are permanent records that models cite. It
		/// can stay closed but cannot be dissolved.
		HasPublishedVersions,
		/// The contribution is larger than the datanet's `max_contribution_size`. Split or shrink
		/// it.
		ContributionTooLarge,
		/// The datanet's Merkle tree has used all of its 2^24 leaf positions. Create a new
		/// datanet to continue.
		TreeFull,
		/// No live contribution has this leaf index in the datanet: it was never appended or was
		/// already removed. Check the contribution's recorded leaf index.
		LeafNotLive,
		/// The leaf hash is the empty-leaf marker (32 zero bytes), which no real contribution
		/// hashes to. This indicates a bug in the calling pallet; please report it.
		EmptyLeaf,
		/// All 2^32 datanet ids have been used. No further datanets can be created.
		DatanetIdsExhausted,
		/// The policy's contribution deposit is above `MaxContributionDeposit` (a thousand times
		/// `DepositBase`). A deposit no contributor can pay would make the datanet unusable;
		/// lower it.
		ContributionDepositTooHigh,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxNameLength::get() > 0, "MaxNameLength must allow a name");
			assert!(T::MaxCurators::get() > 0, "MaxCurators must allow at least one curator");
			assert!(T::MaxAllowlistLength::get() > 0, "MaxAllowlistLength must be positive");
			assert!(T::MaxVersions::get() > 0, "MaxVersions must allow at least one version");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::extra_constants]
	impl<T: Config> Pallet<T> {
		/// Levels below the root of every datanet's Merkle tree; an inclusion proof has this
		/// many sibling hashes.
		#[pallet::constant_name(TreeDepth)]
		fn tree_depth() -> u8 {
			TREE_DEPTH
		}

		/// Leaf positions in a datanet's tree (2^`TreeDepth`).
		#[pallet::constant_name(TreeCapacity)]
		fn tree_capacity() -> u32 {
			TREE_CAPACITY
		}

		/// Most versions the `versions` runtime API returns per call.
		#[pallet::constant_name(MaxVersionsPage)]
		fn max_versions_page() -> u32 {
			crate::runtime_api::MAX_VERSIONS_PAGE
		}

		/// Highest contribution deposit a policy may ask for:
		/// `MAX_CONTRIBUTION_DEPOSIT_IN_DEPOSIT_BASES` (1,000) times `DepositBase`.
		#[pallet::constant_name(MaxContributionDeposit)]
		fn max_contribution_deposit() -> BalanceOf<T> {
			Pallet::<T>::contribution_deposit_limit()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Create a datanet, owned (and curated) by the caller.
		///
		/// The dispatch origin must be signed; the signer becomes the owner and has the deposit
		/// (`DepositBase + DepositPerByte × bytes of name, metadata URI and licence URI`) put on
		/// hold. The id is `NextDatanetId` at the time of the call, reported in the event.
		///
		/// - `name`: non-empty, at most `MaxNameLength` bytes.
		/// - `metadata_uri`: link to a description of the dataset, at most
		///   `MaxMetadataUriLength` bytes.
		/// - `policy`: see [`openledger_primitives::DatanetPolicy`]; the curation fee may not
		///   exceed `MaxCurationFee`, the contribution deposit may not exceed
		///   `MaxContributionDeposit` and the size limit may not be zero.
		/// - `license`: fixed for the datanet's whole life; its URI at most
		///   `MaxLicenseUriLength` bytes.
		///
		/// Errors: `EmptyName`, `NameTooLong`, `MetadataUriTooLong`, `LicenseUriTooLong`,
		/// `CurationFeeTooHigh`, `ContributionDepositTooHigh`, `ZeroContributionSizeLimit`,
		/// `DatanetIdsExhausted`, or a token error if the deposit cannot be held.
		///
		/// Events: `Created`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::create(
			weight_len(name, T::MaxNameLength::get()),
			weight_len(metadata_uri, T::MaxMetadataUriLength::get()),
			license.uri.as_deref().map_or(0, |uri| weight_len(uri, T::MaxLicenseUriLength::get())),
		))]
		pub fn create(
			origin: OriginFor<T>,
			name: Vec<u8>,
			metadata_uri: Vec<u8>,
			policy: PolicyOf<T>,
			license: License<Vec<u8>>,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_create(owner, name, metadata_uri, policy, license).map(|_| ())
		}

		/// Replace a datanet's name and metadata URI.
		///
		/// The dispatch origin must be signed by the owner. The deposit is adjusted to the new
		/// lengths (more held, or some released). Allowed on closed datanets.
		///
		/// Errors: `UnknownDatanet`, `NotOwner`, `EmptyName`, `NameTooLong`,
		/// `MetadataUriTooLong`, or a token error if a larger deposit cannot be held.
		///
		/// Events: `MetadataUpdated`, `DepositUpdated`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::update_metadata(
			weight_len(name, T::MaxNameLength::get()),
			weight_len(metadata_uri, T::MaxMetadataUriLength::get()),
		))]
		pub fn update_metadata(
			origin: OriginFor<T>,
			datanet: DatanetId,
			name: Vec<u8>,
			metadata_uri: Vec<u8>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_update_metadata(who, datanet, name, metadata_uri)
		}

		/// Replace an open datanet's policy.
		///
		/// The dispatch origin must be signed by the owner. The new policy applies to
		/// submissions made from now on, except a higher curation fee: it applies only
		/// `CurationFeeDelay` blocks later (the `datanet` runtime API shows it as
		/// `scheduled_curation_fee` until then), because it takes a larger part of what every
		/// accepted contribution earns. A lower fee applies at once and cancels a scheduled one.
		///
		/// Errors: `UnknownDatanet`, `NotOwner`, `DatanetClosed`, `CurationFeeTooHigh`,
		/// `ContributionDepositTooHigh`, `ZeroContributionSizeLimit`.
		///
		/// Events: `PolicyChanged`, and `CurationFeeScheduled` for a higher curation fee.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::set_policy())]
		pub fn set_policy(
			origin: OriginFor<T>,
			datanet: DatanetId,
			policy: PolicyOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_policy(who, datanet, policy)
		}

		/// Appoint a curator, who may then review contributions and publish versions.
		///
		/// The dispatch origin must be signed by the owner. The deposit grows by one account id.
		///
		/// Errors: `UnknownDatanet`, `NotOwner`, `AlreadyCurator`, `TooManyCurators`, or a token
		/// error if the larger deposit cannot be held.
		///
		/// Events: `CuratorAdded`, `DepositUpdated`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::add_curator(T::MaxCurators::get()))]
		pub fn add_curator(
			origin: OriginFor<T>,
			datanet: DatanetId,
			curator: AccountIdLookupOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let curator = T::Lookup::lookup(curator)?;
			Self::do_add_curator(who, datanet, curator)
		}

		/// Remove an appointed curator.
		///
		/// The dispatch origin must be signed by the owner, or by the curator itself (to
		/// resign). Part of the owner's deposit is released.
		///
		/// Errors: `UnknownDatanet`, `NotOwner`, `NotACurator`.
		///
		/// Events: `CuratorRemoved`, `DepositUpdated`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::remove_curator(T::MaxCurators::get()))]
		pub fn remove_curator(
			origin: OriginFor<T>,
			datanet: DatanetId,
			curator: AccountIdLookupOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let curator = T::Lookup::lookup(curator)?;
			Self::do_remove_curator(who, datanet, curator)
		}

		/// Admit an account to contribute to an open datanet whose admission is `Allowlist`
		/// (an entry can also be prepared while admission is `Open`).
		///
		/// The dispatch origin must be signed by the owner. The deposit grows by one entry.
		///
		/// Errors: `UnknownDatanet`, `NotOwner`, `DatanetClosed`, `AlreadyOnAllowlist`,
		/// `AllowlistFull`, or a token error if the larger deposit cannot be held.
		///
		/// Events: `AddedToAllowlist`, `DepositUpdated`.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::add_to_allowlist())]
		pub fn add_to_allowlist(
			origin: OriginFor<T>,
			datanet: DatanetId,
			account: AccountIdLookupOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let account = T::Lookup::lookup(account)?;
			Self::do_add_to_allowlist(who, datanet, account)
		}

		/// Remove an account from a datanet's allowlist. Allowed on closed datanets (needed
		/// before `dissolve`).
		///
		/// The dispatch origin must be signed by the owner, or by the account itself (to leave).
		/// Part of the owner's deposit is released.
		///
		/// Errors: `UnknownDatanet`, `NotOwner`, `NotOnAllowlist`.
		///
		/// Events: `RemovedFromAllowlist`, `DepositUpdated`.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::remove_from_allowlist())]
		pub fn remove_from_allowlist(
			origin: OriginFor<T>,
			datanet: DatanetId,
			account: AccountIdLookupOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let account = T::Lookup::lookup(account)?;
			Self::do_remove_from_allowlist(who, datanet, account)
		}

		/// Offer the datanet to `new_owner`, who becomes owner by calling `accept_ownership`.
		///
		/// The dispatch origin must be signed by the owner. Ownership moves in two steps because
		/// the new owner takes over the deposit, which must never be put on hold without its
		/// consent. A new offer replaces the previous one; offering the datanet to yourself
		/// cancels a pending offer.
		///
		/// Errors: `UnknownDatanet`, `NotOwner`.
		///
		/// Events: `OwnershipOffered`, or `OwnershipOfferCancelled`.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::transfer_ownership())]
		pub fn transfer_ownership(
			origin: OriginFor<T>,
			datanet: DatanetId,
			new_owner: AccountIdLookupOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let new_owner = T::Lookup::lookup(new_owner)?;
			Self::do_transfer_ownership(who, datanet, new_owner)
		}

		/// Close a datanet to new submissions. Final.
		///
		/// The dispatch origin must be signed by the owner. Contributions submitted before can
		/// still be reviewed and revoked, versions can still be published, and curators and
		/// allowlist entries can still be removed.
		///
		/// Errors: `UnknownDatanet`, `NotOwner`, `AlreadyClosed`.
		///
		/// Events: `Closed`.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::close())]
		pub fn close(origin: OriginFor<T>, datanet: DatanetId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_close(who, datanet)
		}

		/// Publish the datanet's current state as its next version: number, Merkle root,
		/// number of live contributions, next leaf index and block. Versions never change.
		///
		/// The dispatch origin must be signed by the owner or a curator. O(1).
		///
		/// Errors: `UnknownDatanet`, `NotOwnerOrCurator`, `NothingToPublish`,
		/// `TooManyVersions`.
		///
		/// Events: `VersionPublished`.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::publish_version())]
		pub fn publish_version(origin: OriginFor<T>, datanet: DatanetId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_publish_version(who, datanet)
		}

		/// Remove a closed datanet that has no allowlist entries, no live contributions and no
		/// published versions, and release its whole deposit to the owner. Its curators are
		/// removed with it. Its id is never reused.
		///
		/// The dispatch origin must be signed by the owner.
		///
		/// Errors: `UnknownDatanet`, `NotOwner`, `NotClosed`, `AllowlistNotEmpty`,
		/// `HasLiveContributions`, `HasPublishedVersions`.
		///
		/// Events: `Dissolved`.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::dissolve())]
		pub fn dissolve(origin: OriginFor<T>, datanet: DatanetId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_dissolve(who, datanet)
		}

		/// Accept a datanet offered with `transfer_ownership`.
		///
		/// The dispatch origin must be signed by the account the datanet was offered to. The
		/// caller becomes owner (and so curator; if it was an appointed curator, that seat is
		/// freed), the deposit is held from the caller and released to the previous owner, who
		/// stops curating unless the new owner appoints it.
		///
		/// Errors: `UnknownDatanet`, `NotPendingOwner`, or a token error if the deposit cannot
		/// be held from the caller.
		///
		/// Events: `OwnershipTransferred`, `DepositUpdated`.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::accept_ownership(T::MaxCurators::get()))]
		pub fn accept_ownership(origin: OriginFor<T>, datanet: DatanetId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_accept_ownership(who, datanet)
		}
	}
}
