//! # Contributions pallet
//!
//! The contribution registry: a permanent, signed record of every piece of work people give to a
//! datanet (data, labels, corrections, evaluations, feedback, synthetic data), who gave it, what
//! it was derived from, and whether the datanet's curators took it.
//!
//! - [`Config`]
//! - [`Call`]
//! - [`Event`] and [`Error`]
//! - [`runtime_api::ContributionsApi`]
//!
//! ## Overview
//!
//! A **contribution** is registered by its **content hash**, the blake2-256 fingerprint of the
//! content, which itself stays off chain (on IPFS, in a dataset bucket, ...). The chain records
//! who registered it, when, into which datanet, what **kind** of work it is, a link to its
//! metadata, its size, and its **parents**: earlier contributions it was derived from (a label
//! names the data it labels, a correction names what it corrects). This is **provenance**: the
//! first account to register a content hash owns it; nobody can register the same hash again,
//! anywhere on the chain, unless a curator rejects it (a rejection frees the hash).
//!
//! ### Registering without being front-run
//!
//! A plain `submit` names the content hash in the open while it waits in the transaction pool,
//! so a watcher could copy it into its own `submit` with a higher tip and be first. For content
//! whose provenance matters, the contributor first posts [`commit_content`](Pallet::commit_content)
//! with `openledger_core::content::content_commitment(content_hash, account, salt)`, which
//! reveals nothing, and from the next block (within [`Config::CommitmentPeriod`]) registers with
//! [`submit_committed`](Pallet::submit_committed), which takes the same arguments as `submit`
//! plus the salt. If anyone else registered the same hash in a block after the commitment's, that
//! registration is **displaced**: removed if pending (its deposits released), revoked if
//! accepted. A watcher learns the hash only from the reveal, which comes after the commitment,
//! so it can never win; a registration included before (or with) the commitment keeps the hash,
//! as it was made without seeing it. The common path is unchanged: one `submit`, no waiting.
//!
//! A contribution goes to one datanet, whose owner set the rules (see the datanets pallet): who
//! may contribute, the largest size, a **contribution deposit**, the share of it lost on
//! rejection, and how contributions are reviewed.
//!
//! 1. **Submit.** The contributor puts two deposits on hold (the funds stay in the account but
//!    cannot be spent): the datanet's contribution deposit, which backs the review, and a small
//!    **storage deposit** that pays for the space the record takes on chain.
//! 2. **Review.** A curator of the datanet accepts or rejects it. In a datanet whose review mode
//!    is `AutoAccept` this happens at once, with no contribution deposit taken.
//!    - *Accepted*: the contribution joins the datanet's Merkle tree (and so its next published
//!      version) and can earn rewards. The contribution deposit is returned.
//!    - *Rejected*: the datanet's rejection share of the contribution deposit goes to the
//!      treasury and the rest is returned. The record stays; the content hash is free again.
//! 3. While it waits for review, the contributor may **withdraw** it: the record disappears, both
//!    deposits come back, and the content hash may be registered again.
//! 4. Once accepted, the contributor may **revoke** it (withdraw consent): it is left out of every
//!    version published afterwards and stops earning from attribution rounds finalized
//!    afterwards. The record stays, marked revoked with the block.
//!
//! The storage deposit stays on hold for as long as the record exists, i.e. for ever once the
//! contribution has been reviewed; only withdrawing a pending contribution returns it.
//!
//! For every datanet and contributor the chain counts accepted, rejected and revoked
//! contributions: a **reputation** curators can look at before reviewing.
//!
//! ### Terms
//!
//! - *Content hash*: blake2-256 of the content. Unique chain-wide.
//! - *Kind*: `Data`, `Label`, `Correction`, `Evaluation`, `Feedback` or `Synthetic`.
//! - *Parents*: up to [`Config::MaxParents`] earlier, already reviewed contributions this one is
//!   derived from; their datanets' licences must allow derived works.
//! - *Contribution deposit*: the datanet policy's `contribution_deposit` when the contribution
//!   was submitted, held under [`HoldReason::ContributionDeposit`] while it is pending.
//! - *Rejection slash*: the datanet policy's `rejection_slash` when the contribution was
//!   submitted (a later policy change does not apply to it), rounded down.
//! - *Storage deposit*: [`Config::DepositPerByte`] × the bytes the contribution occupies on chain
//!   (its record, its metadata URI, its parents and its index entries), held under
//!   [`HoldReason::StorageDeposit`] for as long as the record exists.
//! - *Leaf index*: the contribution's position in its datanet's Merkle tree, assigned on
//!   acceptance.
//!
//! ### Example
//!
//! With polkadot.js (amounts in the smallest unit, 10^-18 OPEN):
//!
//! ```js
//! // Bob registers a file he uploaded to IPFS into datanet 0.
//! const hash = blake2AsHex(fileBytes, 256);
//! await api.tx.contributions.submit(
//!   0,                                // datanet
//!   hash,                             // content hash (0x + 64 hex digits)
//!   fileBytes.length,                 // size in bytes
//!   'Data',                           // kind
//!   'ipfs://bafybeif.../meta.json',   // metadata URI
//!   [],                               // parents: ids of contributions this derives from
//! ).signAndSend(bob);
//! // Alice, a curator of datanet 0, accepts contribution 7 (or rejects it with 'Reject').
//! await api.tx.contributions.review(7, 'Accept').signAndSend(alice);
//! // Anyone reads it back, by id or by content hash, and pages through Bob's contributions.
//! const info = await api.call.contributionsApi.contribution(7);
//! const same = await api.call.contributionsApi.contributionByContentHash(hash);
//! const page = await api.call.contributionsApi.contributionsByContributor(bob.address, null, 50);
//! const next = await api.call.contributionsApi.contributionsByContributor(
//!   bob.address, page[page.length - 1].id, 50);
//! ```
//!
//! ## Pallet API
//!
//! Calls (see [`Call`] for origins, errors and events of each):
//!
//! - [`submit`](Pallet::submit) (anyone the datanet admits): register a contribution.
//! - [`review`](Pallet::review) (a curator of the datanet): accept or reject a pending one.
//! - [`withdraw`](Pallet::withdraw) (the contributor): take back a pending one.
//! - [`revoke`](Pallet::revoke) (the contributor): withdraw consent for an accepted one.
//! - [`commit_content`](Pallet::commit_content), [`submit_committed`](Pallet::submit_committed)
//!   and [`cancel_commitment`](Pallet::cancel_commitment) (anyone): register without being
//!   front-run (see above).
//! - [`fund_sponsorship`](Pallet::fund_sponsorship) (anyone),
//!   [`withdraw_sponsorship_funds`](Pallet::withdraw_sponsorship_funds) (the datanet's owner),
//!   [`sponsor`](Pallet::sponsor) and [`end_sponsorship`](Pallet::end_sponsorship) (the owner,
//!   or a curator if [`set_curators_may_sponsor`](Pallet::set_curators_may_sponsor) allows it):
//!   contributors who hold no tokens, whose submits a datanet's budget pays (module
//!   [`sponsorship`]).
//!
//! Other pallets read the registry through [`openledger_primitives::ContributionInspect`],
//! implemented by [`Pallet`]; this pallet reads and extends datanets through
//! [`openledger_primitives::DatanetInspect`] ([`Config::Datanets`]). Clients use the runtime
//! API [`runtime_api::ContributionsApi`], whose methods are the `api_*` functions of [`Pallet`].
//!
//! ## Low-level design
//!
//! ### Storage
//!
//! - [`Contribution`]: one [`ContributionRecord`] per contribution id (ids count up from 0 and
//!   are never reused, see [`NextContributionId`]).
//! - [`ContentIndex`]: content hash → id, one-to-one with the records.
//! - [`ByContributor`], [`ByDatanet`] and [`ByDatanetState`]: keys only, so that the runtime
//!   API can page through a
//!   contributor's or a datanet's contributions with a bounded number of reads.
//! - [`Reputation`]: counters per (datanet, contributor).
//! - [`ContentCommitments`]: commitments not yet revealed, by committer and commitment, each
//!   with its block and a storage deposit.
//! - [`Sponsorships`] (by account, then datanet) and [`CuratorsMaySponsor`], each with a storage
//!   deposit held from the datanet's budget account; [`SponsoredSubmit`], a marker that lives
//!   for one transaction.
//!
//! ### Deposits: why two, and why only one is a ticket
//!
//! The storage deposit is a [`frame_support::traits::fungible::HoldConsideration`] ticket stored
//! in the record, priced by [`StoragePrice`] from the record's
//! [`frame_support::traits::Footprint`]: it is created on submit and dropped (released) only on
//! withdraw, so the record's storage is paid for as long as it exists, including after
//! acceptance, rejection and revocation.
//!
//! The contribution deposit is a bond rather than a storage cost, and a rejection must move part
//! of it to the treasury. A `Consideration` ticket can only be updated (released or topped up),
//! dropped (released) or burned in full; it cannot hand part of its funds to another account. So
//! the contribution deposit is held directly under its own hold reason, its amount kept in the
//! record (`review_deposit`, the policy's deposit snapshotted at submit time): accept and
//! withdraw release exactly that amount, reject moves the slash to
//! [`Config::TreasuryAccount`] with `transfer_on_hold` (the funds never pass through the
//! contributor's free balance, so freezes cannot block a rejection) and releases the rest.
//! Holding the two under different reasons also lets wallets show them apart and lets
//! `try_state` check each exactly.
//!
//! The treasury account must exist (hold at least the existential deposit) for a slash smaller
//! than the existential deposit to be paid into it; the runtime's genesis funds it.
//!
//! ### Rejected and revoked records stay
//!
//! A rejected contribution keeps its record (history and reputation) but not its content hash: a
//! rejection judges the contribution in one datanet, not the content everywhere, so anyone may
//! register the hash again. A revoked one keeps its record, its hash and the block of
//! revocation, which the rewards pallet needs to stop paying it only for rounds finalized
//! afterwards. Only a pending contribution can disappear (withdrawn, or displaced by an earlier
//! commitment). For the same reason a parent must already be reviewed: records that can be
//! named as parents are never removed, so lineage never dangles.
//!
//! ### Cost
//!
//! Every call is O(1) in the number of contributions, contributors and datanets; `submit` is
//! O(parents), bounded by [`Config::MaxParents`]. Accepting and revoking also cost the datanets
//! pallet's `append_accepted` / `remove_accepted` (24 tree levels), which the weights include.
//! The runtime API pages read at most [`Config::MaxPageSize`] records.
//!
//! ### Invariants
//!
//! Checked by `Pallet::do_try_state` (module `invariants`, compiled for try-runtime and tests) in
//! the `try_state` hook and after every unit test:
//!
//! - every record's id is below `NextContributionId`;
//! - `ContentIndex` names only records with that hash; every pending or accepted record owns
//!   its hash, a rejected one never does (a revoked one may have been displaced);
//!   `ByContributor`, `ByDatanet` and
//!   `ByDatanetState` hold exactly one entry per record, under its contributor, its datanet and
//!   its datanet and state;
//! - for every account, the balance held under [`HoldReason::ContributionDeposit`] equals the sum
//!   of `review_deposit` over its pending contributions, and the balance held under
//!   [`HoldReason::StorageDeposit`] equals the sum of its records' and commitments' storage
//!   tickets;
//! - parents are distinct, exist, are older than their child and are not pending;
//! - accepted (live) contributions belong to an existing datanet, and no two ever-accepted
//!   contributions of a datanet share a leaf index;
//! - the reputation counters equal the numbers of accepted (including revoked), rejected and
//!   revoked records of each datanet and contributor.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod functions;
mod impl_inspect;
pub mod sponsorship;
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

pub use functions::INDEX_BYTES;
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use core::marker::PhantomData;
use frame_support::traits::{
	fungible::{self, HoldConsideration},
	Footprint, Get,
};
use sp_runtime::{traits::Convert, SaturatedConversion, Saturating};

/// The balance type of the currency deposits are held in.
pub type BalanceOf<T> = <<T as Config>::Currency as fungible::Inspect<
	<T as frame_system::Config>::AccountId,
>>::Balance;

/// The storage-deposit ticket stored in each contribution record: funds held from the
/// contributor under [`HoldReason::StorageDeposit`], priced by [`StoragePrice`].
pub type StorageTicketOf<T> = HoldConsideration<
	<T as frame_system::Config>::AccountId,
	<T as Config>::Currency,
	StorageHoldReason<T>,
	StoragePrice<T>,
	Footprint,
>;

/// The runtime's hold reason for storage deposits.
pub struct StorageHoldReason<T>(PhantomData<T>);
impl<T: Config> Get<T::RuntimeHoldReason> for StorageHoldReason<T> {
	fn get() -> T::RuntimeHoldReason {
		HoldReason::StorageDeposit.into()
	}
}

/// Prices a contribution's footprint: `DepositPerByte × footprint.size` (saturating).
pub struct StoragePrice<T>(PhantomData<T>);
impl<T: Config> Convert<Footprint, BalanceOf<T>> for StoragePrice<T> {
	fn convert(footprint: Footprint) -> BalanceOf<T> {
		T::DepositPerByte::get().saturating_mul(BalanceOf::<T>::saturated_from(footprint.size))
	}
}

/// Length of `items` for a weight formula, capped at `max` (longer input fails before any work).
pub(crate) fn weight_len<Item>(items: &[Item], max: u32) -> u32 {
	u32::try_from(items.len()).unwrap_or(u32::MAX).min(max)
}

// FRAME's `pallet` macros expand to `expect()` on values they prove present; our own logic
// lives outside this module (functions.rs, impl_inspect.rs), where the lint stays on. `submit`
// takes the contributor's two limits besides the contribution's seven fields.
#[allow(clippy::expect_used, clippy::too_many_arguments)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;
	use openledger_primitives::{
		ContentHash, ContributionId, ContributionKind, DatanetId, DatanetInspect, LeafIndex,
		ReputationCounts, Verdict, H256,
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

		/// The datanets contributions are submitted to: admission, curators, policy, licence, and
		/// the Merkle tree accepted contributions are appended to.
		type Datanets: DatanetInspect<Self::AccountId, BalanceOf<Self>>;

		/// The account rejection slashes are paid to. It must exist (hold at least the
		/// existential deposit).
		#[pallet::constant]
		type TreasuryAccount: Get<Self::AccountId>;

		/// Storage deposit held per byte a contribution occupies on chain, for as long as its
		/// record exists.
		#[pallet::constant]
		type DepositPerByte: Get<BalanceOf<Self>>;

		/// Longest metadata URI of a contribution, in bytes.
		#[pallet::constant]
		type MaxMetadataUriLength: Get<u32>;

		/// Most parents (lineage links) one contribution may name.
		#[pallet::constant]
		type MaxParents: Get<u32>;

		/// Most contributions one page of the runtime API's `contributions_by_*` returns.
		#[pallet::constant]
		type MaxPageSize: Get<u32>;

		/// For how many blocks after its inclusion a content commitment (`commit_content`) can
		/// be revealed with `submit_committed`, taking the content hash from anyone who
		/// registered it after the commitment.
		#[pallet::constant]
		type CommitmentPeriod: Get<BlockNumberFor<Self>>;

		/// The account that holds datanet `d`'s sponsorship budget (a keyless account derived
		/// from the datanet id in the runtime). Sponsored submits pay their fees and deposits
		/// from it.
		type BudgetAccount: Convert<DatanetId, Self::AccountId>;

		/// Length in blocks of a sponsorship's quota period: a sponsored account's quota is
		/// whole again this many blocks after its period started.
		#[pallet::constant]
		type SponsorshipPeriod: Get<BlockNumberFor<Self>>;

		/// Weights of this pallet's calls, from its benchmarks.
		type WeightInfo: WeightInfo;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A datanet's contribution deposit, held while a contribution waits for review: returned
		/// when it is accepted or withdrawn, partly paid to the treasury when it is rejected.
		ContributionDeposit,
		/// The storage deposit of a contribution record, held for as long as the record exists.
		StorageDeposit,
	}

	/// Sponsorships, by sponsored account and datanet: that datanet's budget pays the fees and
	/// deposits of the account's submits to it, within a quota per period. Keyed by account
	/// first so that an account's sponsorships can be listed.
	#[pallet::storage]
	pub type Sponsorships<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Twox64Concat,
		DatanetId,
		Sponsorship<T>,
		OptionQuery,
	>;

	/// The sponsored submit in the transaction being applied: set by the runtime's
	/// `CheckSponsorship` extension before dispatch ([`Pallet::use_quota`]), taken by `submit`,
	/// and cleared after dispatch ([`Pallet::clear_sponsored_submit`]), so it never outlives
	/// its transaction.
	#[pallet::storage]
	#[pallet::whitelist_storage]
	pub type SponsoredSubmit<T: Config> =
		StorageValue<_, (T::AccountId, DatanetId), OptionQuery>;

	/// Datanets whose owner lets its curators grant and end sponsorships (the owner always
	/// may). The value is the entry's storage deposit, held from the datanet's budget.
	#[pallet::storage]
	pub type CuratorsMaySponsor<T: Config> =
		StorageMap<_, Twox64Concat, DatanetId, StorageTicketOf<T>, OptionQuery>;

	/// The id the next contribution gets.
	#[pallet::storage]
	pub type NextContributionId<T> = StorageValue<_, ContributionId, ValueQuery>;

	/// Every contribution, by id. Withdrawn contributions are removed; all others stay.
	#[pallet::storage]
	pub type Contribution<T: Config> =
		StorageMap<_, Twox64Concat, ContributionId, ContributionRecord<T>, OptionQuery>;

	/// The contribution registered under each content hash. Hashes are chosen by users, hence
	/// the hashing hasher.
	#[pallet::storage]
	pub type ContentIndex<T: Config> =
		StorageMap<_, Blake2_128Concat, ContentHash, ContributionId, OptionQuery>;

	/// The ids of each contributor's contributions, for paging.
	#[pallet::storage]
	pub type ByContributor<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Twox64Concat,
		ContributionId,
		(),
		OptionQuery,
	>;

	/// The ids of each datanet's contributions, for paging.
	#[pallet::storage]
	pub type ByDatanet<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		DatanetId,
		Twox64Concat,
		ContributionId,
		(),
		OptionQuery,
	>;

	/// The ids of each datanet's contributions by state, so that the runtime API can page
	/// through, say, the pending contributions of a datanet without reading the others.
	#[pallet::storage]
	pub type ByDatanetState<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		(DatanetId, ContributionState),
		Twox64Concat,
		ContributionId,
		(),
		OptionQuery,
	>;

	/// Content commitments not revealed or cancelled yet, by committer and commitment
	/// (`openledger_core::content::content_commitment`). Keyed by committer too, so that
	/// copying someone's commitment neither blocks nor helps anyone.
	#[pallet::storage]
	pub type ContentCommitments<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Blake2_128Concat,
		H256,
		ContentCommitment<T>,
		OptionQuery,
	>;

	/// How many of a contributor's contributions to a datanet were accepted, rejected and
	/// revoked.
	#[pallet::storage]
	pub type Reputation<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		DatanetId,
		Blake2_128Concat,
		T::AccountId,
		ReputationCounts,
		ValueQuery,
	>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A contribution was registered and waits for review (unless followed by
		/// `ContributionAccepted` in an auto-accepting datanet).
		ContributionSubmitted {
			id: ContributionId,
			datanet: DatanetId,
			contributor: T::AccountId,
			content_hash: ContentHash,
			kind: ContributionKind,
		},
		/// A contribution was accepted (by `curator`, or automatically when `None`) and appended
		/// to its datanet's tree at `leaf_index`; its contribution deposit (`refunded`) was
		/// released.
		ContributionAccepted {
			id: ContributionId,
			datanet: DatanetId,
			curator: Option<T::AccountId>,
			leaf_index: LeafIndex,
			refunded: BalanceOf<T>,
		},
		/// A curator rejected a contribution: `slashed` went to the treasury, `refunded` was
		/// released to the contributor. The record stays.
		ContributionRejected {
			id: ContributionId,
			datanet: DatanetId,
			curator: T::AccountId,
			slashed: BalanceOf<T>,
			refunded: BalanceOf<T>,
		},
		/// A pending contribution was withdrawn by its contributor: its record is gone and both
		/// deposits (`refunded` in total) were released.
		ContributionWithdrawn {
			id: ContributionId,
			datanet: DatanetId,
			contributor: T::AccountId,
			refunded: BalanceOf<T>,
		},
		/// An accepted contribution was revoked by its contributor: later versions of its
		/// datanet exclude it and later attribution rounds do not reward it.
		ContributionRevoked {
			id: ContributionId,
			datanet: DatanetId,
			contributor: T::AccountId,
			leaf_index: LeafIndex,
		},
		/// A commitment to content was posted; `submit_committed` can reveal it from the next
		/// block until `expires_at` (included).
		ContentCommitted {
			commitment: H256,
			committer: T::AccountId,
			expires_at: BlockNumberFor<T>,
		},
		/// A commitment was withdrawn by its committer and its storage deposit released.
		CommitmentCancelled { commitment: H256, committer: T::AccountId, refunded: BalanceOf<T> },
		/// A contribution registered after someone else's commitment to the same content lost
		/// the content hash to the committer's `submit_committed` (`by`, the id it registered):
		/// a pending one was removed and its deposits released, an accepted one was revoked.
		ContributionDisplaced {
			id: ContributionId,
			datanet: DatanetId,
			contributor: T::AccountId,
			by: ContributionId,
		},
		/// `amount` was added to `datanet`'s sponsorship budget by `from`.
		SponsorshipFunded { datanet: DatanetId, from: T::AccountId, amount: BalanceOf<T> },
		/// The datanet's owner took `amount` out of its sponsorship budget.
		SponsorshipFundsWithdrawn { datanet: DatanetId, to: T::AccountId, amount: BalanceOf<T> },
		/// `account` is sponsored by `datanet` (new, or with a new quota), granted by
		/// `granted_by`.
		AccountSponsored {
			datanet: DatanetId,
			account: T::AccountId,
			granted_by: T::AccountId,
			quota: SponsorQuota,
		},
		/// `account`'s sponsorship by `datanet` was ended by `by` (the owner, a curator, or the
		/// account itself) and its storage deposit returned to the budget.
		SponsorshipEnded { datanet: DatanetId, account: T::AccountId, by: T::AccountId },
		/// The datanet's owner let (or stopped letting) its curators grant sponsorships.
		CuratorsMaySponsorSet { datanet: DatanetId, allowed: bool },
		/// `datanet`'s budget paid the transaction fee of a sponsored call by `account`.
		SponsoredFeePaid { datanet: DatanetId, account: T::AccountId, fee: BalanceOf<T> },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No contribution has this id (it may have been withdrawn). Check the id with the
		/// `contribution` runtime API.
		UnknownContribution,
		/// The content hash is all zeros, which is what an unset hash looks like. Submit the
		/// blake2-256 hash of the content.
		EmptyContentHash,
		/// This content hash is already registered, by you or by someone else: provenance
		/// belongs to the first registrant whose contribution was not rejected (a rejection
		/// frees the hash). Look it up with the
		/// `contribution_by_content_hash` runtime API; submit only content that is new.
		DuplicateContent,
		/// The metadata URI is longer than `MaxMetadataUriLength` bytes. Use a shorter link
		/// (e.g. an IPFS CID).
		MetadataUriTooLong,
		/// More parents than `MaxParents` were given. Name only the contributions this one is
		/// most directly derived from.
		TooManyParents,
		/// The same parent is named twice. Name each parent once.
		DuplicateParent,
		/// A parent does not exist (it may have been withdrawn). Check the parent ids with the
		/// `contribution` runtime API.
		UnknownParent,
		/// A parent is still waiting for review, and could still be withdrawn. Wait until a
		/// curator has reviewed it, then submit.
		ParentNotReviewed,
		/// A parent belongs to a datanet whose licence does not allow derived works. Remove that
		/// parent, and do not submit work derived from its content.
		DerivativesNotAllowed,
		/// All 2^64 contribution ids have been used. No further contributions can be submitted.
		ContributionIdsExhausted,
		/// Only a curator (or the owner) of the contribution's datanet may review it. Ask the
		/// datanet's owner to add you as a curator, or sign with a curator's account.
		NotCurator,
		/// The contribution is no longer waiting for review (it was accepted or rejected).
		/// Check its status with the `contribution` runtime API.
		NotPending,
		/// Only the account that submitted the contribution may withdraw or revoke it. Sign with
		/// the contributor's account.
		NotContributor,
		/// Only an accepted contribution can be revoked: this one is pending (withdraw it
		/// instead), rejected, or already revoked. Check its status with the `contribution`
		/// runtime API.
		NotAccepted,
		/// The declared size is zero: a contribution is content, and a datanet's size limit
		/// only means something for content that exists. Give the content's size in bytes.
		EmptyContent,
		/// A parent was revoked: its contributor withdrew consent for its use, so no new work
		/// may be registered as derived from it. Remove that parent (and do not use its
		/// content).
		ParentRevoked,
		/// The datanet's contribution deposit is above the `max_deposit` you signed for (its
		/// owner may have raised it since you looked). Check the datanet's policy with the
		/// `datanet` runtime API and submit again with a limit you accept.
		DepositAboveLimit,
		/// The datanet's rejection slash is above the `max_slash` you signed for (its owner may
		/// have raised it since you looked). Check the datanet's policy and submit again with a
		/// limit you accept.
		SlashAboveLimit,
		/// You already posted this commitment. Post a commitment made with a fresh random salt.
		CommitmentExists,
		/// You posted no commitment that matches this content hash, your account and this salt
		/// (or it was revealed or cancelled already). Post
		/// `commit_content` first, computed with exactly these three, and reveal from the
		/// account that posted it.
		UnknownCommitment,
		/// The commitment was posted in this block, so it would not prove it came before the
		/// content hash was seen. Submit the reveal again from the next block on.
		CommitmentTooRecent,
		/// The commitment is older than `CommitmentPeriod` blocks and gives no priority any
		/// more. Cancel it (`cancel_commitment`, which returns its deposit) and commit again,
		/// or register with plain `submit`.
		CommitmentExpired,
		/// No datanet has this id. Check it with the `datanet` runtime API.
		UnknownDatanet,
		/// Only the datanet's owner may do this. Sign with the owner's account.
		NotDatanetOwner,
		/// Only the datanet's owner, or one of its curators if the owner allows curators to
		/// sponsor, may grant or end sponsorships. Ask the owner, or ask it to call
		/// `set_curators_may_sponsor`.
		NotAllowedToSponsor,
		/// The amount is zero. Give a positive amount.
		ZeroAmount,
		/// The datanet's sponsorship budget cannot pay this: its free balance (above the
		/// existential deposit) is smaller than the deposit or fee needed. Ask the datanet's
		/// owner to fund it (`fund_sponsorship`).
		SponsorshipBudgetExhausted,
		/// This account is not sponsored by this datanet. Check with the `sponsorships`
		/// runtime API.
		UnknownSponsorship,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxPageSize::get() > 0, "MaxPageSize must allow at least one result");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Register a contribution to a datanet.
		///
		/// The dispatch origin must be signed by an account the datanet admits; it becomes the
		/// contributor and owner of the content hash's provenance. Puts on hold the datanet's
		/// contribution deposit (unless the datanet auto-accepts) and the storage deposit
		/// (`DepositPerByte` × the bytes the record occupies). The id is `NextContributionId`
		/// at the time of the call, reported in the event. In a datanet whose review mode is
		/// `AutoAccept`, the contribution is accepted at once, exactly as by `review`.
		///
		/// - `content_hash`: blake2-256 of the content; must not be registered yet.
		/// - `size_bytes`: the content's size, at least 1 and within the datanet's
		///   `max_contribution_size`.
		/// - `kind`: what the contribution is.
		/// - `metadata_uri`: link to a description, at most `MaxMetadataUriLength` bytes.
		/// - `parents`: ids of at most `MaxParents` distinct, already reviewed (accepted or
		///   rejected, not revoked) contributions this one derives from, whose datanets' licences
		///   allow derived works.
		/// - `max_deposit`, `max_slash`: the most contribution deposit, and the largest
		///   rejection slash of it, you accept. The datanet's owner can change its policy at any
		///   time, including between your signing and the inclusion of this call; above either
		///   limit the call fails and nothing is held. The slash in force at submission is the
		///   one a later rejection applies.
		///
		/// Errors: `EmptyContentHash`, `EmptyContent`, `MetadataUriTooLong`, `TooManyParents`,
		/// `DuplicateParent`, `DuplicateContent`, `UnknownParent`, `ParentNotReviewed`,
		/// `ParentRevoked`, `DerivativesNotAllowed`, `ContributionIdsExhausted`,
		/// `DepositAboveLimit`, `SlashAboveLimit`; from the
		/// datanets pallet
		/// `UnknownDatanet`, `DatanetClosed`, `NotOnAllowlist`, `ContributionTooLarge` (and
		/// `TreeFull` on auto-accept); or a token error if a deposit cannot be held.
		///
		/// Events: `ContributionSubmitted`, then `ContributionAccepted` on auto-accept.
		#[pallet::call_index(0)]
		// The benchmarks run against the real datanets pallet, so these weights already include
		// its Merkle-tree work (`append_accepted` / `remove_accepted`).
		#[pallet::weight(T::WeightInfo::submit_auto_accept(
			weight_len(metadata_uri, T::MaxMetadataUriLength::get()),
			weight_len(parents, T::MaxParents::get()),
		))]
		pub fn submit(
			origin: OriginFor<T>,
			datanet: DatanetId,
			content_hash: ContentHash,
			size_bytes: u64,
			kind: ContributionKind,
			metadata_uri: Vec<u8>,
			parents: Vec<ContributionId>,
			max_deposit: BalanceOf<T>,
			max_slash: Perbill,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let uri_len = weight_len(&metadata_uri, T::MaxMetadataUriLength::get());
			let parent_count = weight_len(&parents, T::MaxParents::get());
			// Sponsored only if the runtime's `CheckSponsorship` armed it for this very
			// transaction (a top-level submit within the account's quota), never when nested
			// in a batch or dispatched any other way.
			let sponsored = SponsoredSubmit::<T>::take()
				.is_some_and(|(account, to)| account == who && to == datanet);
			let (_, accepted) = Self::do_submit(
				who,
				datanet,
				content_hash,
				size_bytes,
				kind,
				metadata_uri,
				parents,
				SubmitLimits { max_deposit, max_slash },
				sponsored,
			)?;
			// Only an auto-accepted contribution touches the datanet's tree.
			let actual = (!accepted).then(|| T::WeightInfo::submit(uri_len, parent_count));
			Ok(actual.into())
		}

		/// Accept or reject a pending contribution.
		///
		/// The dispatch origin must be signed by the owner or a curator of the contribution's
		/// datanet (which may be closed).
		///
		/// - `Accept`: the contribution is appended to the datanet's Merkle tree (it will be in
		///   the next published version) and its contribution deposit is released.
		/// - `Reject`: the rejection slash recorded at submission (rounded down) of its
		///   contribution deposit is paid to the treasury and the rest released. The record and
		///   its content hash stay registered.
		///
		/// The storage deposit stays held either way. The contributor's reputation in the
		/// datanet counts the verdict.
		///
		/// Errors: `UnknownContribution`, `NotCurator`, `NotPending`; on accept, `TreeFull` from
		/// the datanets pallet.
		///
		/// Events: `ContributionAccepted` or `ContributionRejected`.
		#[pallet::call_index(1)]
		#[pallet::weight(match verdict {
			Verdict::Accept => T::WeightInfo::review_accept(),
			Verdict::Reject => T::WeightInfo::review_reject(),
		})]
		pub fn review(
			origin: OriginFor<T>,
			id: ContributionId,
			verdict: Verdict,
		) -> DispatchResult {
			let curator = ensure_signed(origin)?;
			Self::do_review(curator, id, verdict)
		}

		/// Withdraw a pending contribution: its record is removed, both its deposits are
		/// released, and its content hash may be registered again.
		///
		/// The dispatch origin must be signed by the contributor. Works even if the datanet was
		/// closed or dissolved since.
		///
		/// Errors: `UnknownContribution`, `NotContributor`, `NotPending`.
		///
		/// Events: `ContributionWithdrawn`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::withdraw())]
		pub fn withdraw(origin: OriginFor<T>, id: ContributionId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_withdraw(who, id)
		}

		/// Revoke an accepted contribution (withdraw consent): it is removed from its datanet's
		/// Merkle tree, so versions published from now on exclude it, and it is marked revoked
		/// with the current block, so attribution rounds finalized from now on do not reward
		/// it. Versions published before keep it. The record, its content hash and its storage
		/// deposit stay. Final.
		///
		/// The dispatch origin must be signed by the contributor.
		///
		/// Errors: `UnknownContribution`, `NotContributor`, `NotAccepted`.
		///
		/// Events: `ContributionRevoked`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::revoke())]
		pub fn revoke(origin: OriginFor<T>, id: ContributionId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_revoke(who, id)
		}

		/// Commit to content before registering it, so that the registration cannot be
		/// front-run (see `submit_committed`).
		///
		/// The dispatch origin must be signed; `commitment` is
		/// `openledger_core::content::content_commitment(content_hash, signer, salt)` with a
		/// fresh random 32-byte salt kept until the reveal. It reveals nothing about the
		/// content. A storage deposit for the commitment is held until it is revealed or
		/// cancelled.
		///
		/// Errors: `CommitmentExists`, or a token error if the deposit cannot be held.
		///
		/// Events: `ContentCommitted`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::commit_content())]
		pub fn commit_content(origin: OriginFor<T>, commitment: H256) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_commit_content(who, commitment)
		}

		/// Register a contribution whose content hash was committed to with `commit_content`
		/// in an earlier block, at most `CommitmentPeriod` blocks ago.
		///
		/// Exactly `submit` (same arguments, checks, deposits and events), with the commitment's
		/// `salt` at the end, and one difference: if someone else registered the same content
		/// hash in a block after the commitment's (a watcher copying it from this very
		/// transaction, say), that registration is **displaced** (event
		/// `ContributionDisplaced`): a pending one is removed and its deposits released, an
		/// accepted one is revoked (left out of later versions and rounds; its record stays).
		/// A registration included in the commitment's block or before keeps the hash:
		/// `DuplicateContent`. The commitment is consumed and its deposit released.
		///
		/// Errors: those of `submit`, and `UnknownCommitment`, `CommitmentTooRecent`,
		/// `CommitmentExpired`.
		///
		/// Events: `ContributionDisplaced` (if any), `ContributionSubmitted`, then
		/// `ContributionAccepted` on auto-accept.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::submit_committed(
			weight_len(metadata_uri, T::MaxMetadataUriLength::get()),
			weight_len(parents, T::MaxParents::get()),
		))]
		pub fn submit_committed(
			origin: OriginFor<T>,
			datanet: DatanetId,
			content_hash: ContentHash,
			size_bytes: u64,
			kind: ContributionKind,
			metadata_uri: Vec<u8>,
			parents: Vec<ContributionId>,
			max_deposit: BalanceOf<T>,
			max_slash: Perbill,
			salt: [u8; 32],
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_submit_committed(
				who,
				datanet,
				content_hash,
				size_bytes,
				kind,
				metadata_uri,
				parents,
				SubmitLimits { max_deposit, max_slash },
				salt,
			)
			.map(|_| ())
		}

		/// Withdraw a commitment that was not revealed (for example one that expired): its
		/// storage deposit is released.
		///
		/// The dispatch origin must be signed by the committer.
		///
		/// Errors: `UnknownCommitment`.
		///
		/// Events: `CommitmentCancelled`.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::cancel_commitment())]
		pub fn cancel_commitment(origin: OriginFor<T>, commitment: H256) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_cancel_commitment(who, commitment)
		}

		/// Add `amount` to a datanet's sponsorship budget, from which sponsored accounts'
		/// submits to it are paid (fees and deposits).
		///
		/// The dispatch origin must be signed, by anyone (a grant-giver may fund a datanet it
		/// does not own); only the owner can take funds out. The amount moves to the datanet's
		/// budget account (`Config::BudgetAccount`); the first funding must be at least the
		/// existential deposit, which stays there.
		///
		/// Errors: `UnknownDatanet`, `ZeroAmount`, or a token error if the funds are missing.
		///
		/// Events: `SponsorshipFunded`.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::fund_sponsorship())]
		pub fn fund_sponsorship(
			origin: OriginFor<T>,
			datanet: DatanetId,
			amount: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_fund_sponsorship(who, datanet, amount)
		}

		/// Take `amount` out of a datanet's sponsorship budget.
		///
		/// The dispatch origin must be signed by the datanet's owner. Only the budget's free
		/// balance can be taken: deposits held for sponsored contributions and sponsorships come
		/// back to it when those are released, and the existential deposit stays.
		///
		/// Errors: `UnknownDatanet`, `NotDatanetOwner`, `ZeroAmount`,
		/// `SponsorshipBudgetExhausted`.
		///
		/// Events: `SponsorshipFundsWithdrawn`.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::withdraw_sponsorship_funds())]
		pub fn withdraw_sponsorship_funds(
			origin: OriginFor<T>,
			datanet: DatanetId,
			amount: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_withdraw_sponsorship_funds(who, datanet, amount)
		}

		/// Sponsor `account`: from now on its `submit`s to `datanet` are paid by the datanet's
		/// budget (the transaction fee and both deposits), up to `quota` per
		/// `SponsorshipPeriod`. The account needs no tokens, nor even to exist: the sponsorship
		/// gives it an account reference (so it can sign with a nonce). Calling it again for a
		/// sponsored account sets a new quota.
		///
		/// The dispatch origin must be signed by the datanet's owner, or by one of its curators
		/// if the owner allows it (`set_curators_may_sponsor`). A storage deposit for the entry
		/// and the account's record is held from the budget while the sponsorship exists.
		///
		/// The sponsorship pays only for `submit` to this datanet, and for `withdraw` and
		/// `revoke` of the contributions made under it (once each); any other call the account
		/// pays for itself. Rewards the contributions earn go to the account, never to the
		/// sponsor; deposits go back to the budget.
		///
		/// Errors: `UnknownDatanet`, `NotAllowedToSponsor`, `SponsorshipBudgetExhausted`.
		///
		/// Events: `AccountSponsored`.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::sponsor())]
		pub fn sponsor(
			origin: OriginFor<T>,
			datanet: DatanetId,
			account: T::AccountId,
			quota: SponsorQuota,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_sponsor(who, datanet, account, quota)
		}

		/// End `account`'s sponsorship by `datanet`: its storage deposit returns to the budget
		/// and the account reference it gave is dropped (an account with nothing else, no
		/// tokens, no other sponsorship, ceases to exist). Contributions made under it stay
		/// sponsored: their deposits remain the budget's.
		///
		/// The dispatch origin must be signed by the datanet's owner, by a curator if the
		/// owner allows curators to sponsor, or by the sponsored account itself (which then
		/// pays the fee: it is not a sponsored call).
		///
		/// Errors: `UnknownSponsorship`, `NotAllowedToSponsor`.
		///
		/// Events: `SponsorshipEnded`.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::end_sponsorship())]
		pub fn end_sponsorship(
			origin: OriginFor<T>,
			datanet: DatanetId,
			account: T::AccountId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_end_sponsorship(who, datanet, account)
		}

		/// Let (`allowed = true`) or stop letting the datanet's curators grant and end
		/// sponsorships paid by its budget. While allowed, a small storage deposit is held from
		/// the budget.
		///
		/// The dispatch origin must be signed by the datanet's owner.
		///
		/// Errors: `UnknownDatanet`, `NotDatanetOwner`, `SponsorshipBudgetExhausted`.
		///
		/// Events: `CuratorsMaySponsorSet`.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::set_curators_may_sponsor())]
		pub fn set_curators_may_sponsor(
			origin: OriginFor<T>,
			datanet: DatanetId,
			allowed: bool,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_curators_may_sponsor(who, datanet, allowed)
		}
	}
}
