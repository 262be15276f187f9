//! # OpenLedger primitives
//!
//! The vocabulary every OpenLedger pallet, the runtime and off-chain clients share, kept free of
//! any pallet so that pallets talk to each other only through what is defined here.
//!
//! - Identifiers: [`DatanetId`], [`ContributionId`], [`ModelId`], [`RoundId`], plus
//!   [`VersionNumber`] and [`LeafIndex`] for datanet versions and their Merkle trees.
//! - [`datanet`]: a datanet's [`DatanetPolicy`] and [`License`], and the [`DatanetInspect`] trait
//!   through which the contributions and attribution pallets read and extend datanets.
//! - [`contribution`]: a contribution's [`ContributionKind`], [`ContributionStatus`] and a
//!   curator's [`Verdict`], and the [`ContributionInspect`] trait through which the attribution
//!   and rewards pallets read the contribution registry.
//! - [`merkle`]: the sparse Merkle accumulator that commits to a datanet's accepted contributions,
//!   with inclusion proofs a client can check against a published version's root.
//! - [`attribution`]: the maths of attribution rounds (the [`stake_weighted_median`] that turns
//!   attestors' [`Score`]s into a consensus, the clipping that measures each attestor's trust in
//!   [`aggregate`], and the pro-rata bounty [`split_by_weight`]), and the [`RewardSink`] trait
//!   through which the attribution pallet tells the rewards pallet what happened.
//! - [`rewards`]: the reward-per-point counter behind the rewards pallet's O(1) claims (with its
//!   exact conservation law and dust bound), the inference [`FeeSplit`], and the
//!   [`emission_cap`] that makes paying fees to one's own model unprofitable.
//!
//! Everything here is `no_std`, panic-free and deterministic; the maths is pure and
//! property-tested.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod attribution;
pub mod contribution;
pub mod datanet;
pub mod merkle;
pub mod rewards;

pub use attribution::{
	aggregate, quorum_reached, root_quorum_reached, split_by_weight, stake_weighted_median, weighted_jaccard, Aggregate,
	AttestorOutcome, RewardSink, Score, ScoredReveal,
	ledger_account, LedgerLeaf, LedgerProof, LedgerRoot,
};
pub use contribution::{
	ContributionInspect, ContributionKind, ContributionStatus, ContributionSummary,
	ReputationCounts, Verdict,
};
pub use datanet::{Admission, DatanetInspect, DatanetPolicy, License, ReviewMode, VersionSnapshot};
pub use merkle::{MerkleAccumulator, MerkleProof, NodeStore, TreeError};
pub use rewards::{
	emission_cap, emission_share, fee_emission, FeeShares, FeeSplit, FeeSplitBounds, Points,
	RewardCounter,
};
pub use sp_core::H256;

/// Identifies a datanet. Assigned sequentially from zero and never reused, even after the
/// datanet is dissolved.
pub type DatanetId = u32;

/// Identifies a contribution, chain-wide (not per datanet).
pub type ContributionId = u64;

/// Identifies a registered model.
pub type ModelId = u32;

/// Identifies an attribution round of one model.
pub type RoundId = u32;

/// Number of a published datanet version. Versions of a datanet count up from 1; 0 means "no
/// version published yet".
pub type VersionNumber = u32;

/// Position of a contribution's leaf in its datanet's Merkle tree, counted from 0 in the order
/// the contributions were accepted. Never reused, even after a revocation.
pub type LeafIndex = u32;

/// The blake2-256 hash of a contribution's content, as registered by its contributor.
pub type ContentHash = H256;
