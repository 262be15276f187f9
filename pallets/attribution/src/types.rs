//! The records kept in storage, the round parameters, and the views the runtime API returns.

use crate::{BalanceOf, Config};
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound};
use frame_system::pallet_prelude::BlockNumberFor;
use openledger_core::attribution::spec::AttributionSpec;
use openledger_primitives::{
	ContributionId, DatanetId, LeafIndex, LedgerRoot, RoundId, Score, VersionNumber, H256,
};
use scale_info::TypeInfo;
use sp_runtime::{Perbill, Saturating};

/// A model's name, bounded by [`Config::MaxNameLength`].
pub type NameOf<T> = BoundedVec<u8, <T as Config>::MaxNameLength>;

/// A model's metadata URI, bounded by [`Config::MaxMetadataUriLength`].
pub type MetadataUriOf<T> = BoundedVec<u8, <T as Config>::MaxMetadataUriLength>;

/// The training data a model names at registration: `(datanet, version)` pairs.
pub type TrainingDataArgOf<T> =
	BoundedVec<(DatanetId, VersionNumber), <T as Config>::MaxTrainingSets>;

/// A model's checked training data, as stored.
pub type TrainingDataOf<T> = BoundedVec<TrainingSet, <T as Config>::MaxTrainingSets>;

/// A model's operators, bounded by [`Config::MaxOperators`].
pub type OperatorsOf<T> =
	BoundedVec<<T as frame_system::Config>::AccountId, <T as Config>::MaxOperators>;

/// An attestor's unlocking chunks: `(amount, block from which it can be withdrawn)`.
pub type UnlockingOf<T> =
	BoundedVec<(BalanceOf<T>, BlockNumberFor<T>), <T as Config>::MaxUnlockingChunks>;

/// The attestors that committed in a round, in commit order, with the stake behind each
/// commitment (so that a full round finds its smallest stake in one read).
pub type CommittersOf<T> = BoundedVec<
	(<T as frame_system::Config>::AccountId, BalanceOf<T>),
	<T as Config>::MaxCommitsPerRound,
>;

/// The members of the attestor set with their active bonds, in the order they joined.
pub type AttestorSetOf<T> =
	BoundedVec<(<T as frame_system::Config>::AccountId, BalanceOf<T>), <T as Config>::MaxAttestors>;

/// One attestor's revealed scores: `(contribution, score)`, strictly increasing by id.
pub type ScoresOf<T> = BoundedVec<(ContributionId, Score), <T as Config>::MaxScoresPerReveal>;

/// The optional per-answer attributions of an inference receipt.
pub type AttributionsOf<T> =
	BoundedVec<(ContributionId, Perbill), <T as Config>::MaxAttributionsPerInference>;

/// The round parameters in this runtime's block numbers.
pub type RoundParametersOf<T> = RoundParameters<BlockNumberFor<T>>;

/// A commitment in this runtime's balance.
pub type CommitmentOf<T> = Commitment<BalanceOf<T>>;

/// One dataset a model was trained on: a published version of a datanet.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub struct TrainingSet {
	/// The datanet.
	pub datanet: DatanetId,
	/// The published version of it the model was trained on.
	pub version: VersionNumber,
	/// The version's `next_leaf_index`, copied at registration (versions are immutable): a
	/// contribution of the datanet is in the version exactly when its leaf index is below this
	/// and it was accepted (the version's root commits to it).
	pub next_leaf_index: LeafIndex,
}

/// Everything the chain stores about one model.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound(T: Config))]
pub struct ModelInfo<T: Config> {
	/// The account that registered it; sets its fee and operators, may retire it.
	pub owner: T::AccountId,
	/// Its name.
	pub name: NameOf<T>,
	/// Hash of the model's artifact (weights), as declared by the owner.
	pub artifact_hash: H256,
	/// Link to its description.
	pub metadata_uri: MetadataUriOf<T>,
	/// The published datanet versions it was trained on, in the owner's order.
	pub training_data: TrainingDataOf<T>,
	/// The smallest fee `record_inference` accepts (zero: free model).
	pub inference_fee: BalanceOf<T>,
	/// Accounts that may post inference receipts with attributions, besides the owner.
	pub operators: OperatorsOf<T>,
	/// Retired models take no rounds and no inferences; the record stays.
	pub retired: bool,
	/// The model deposit held from the owner until retirement.
	pub deposit: BalanceOf<T>,
	/// Block it was registered in.
	pub registered_at: BlockNumberFor<T>,
	/// The id the next round of this model gets.
	pub next_round: RoundId,
	/// The round in progress (not finalized), if any.
	pub open_round: Option<RoundId>,
	/// The latest finalized round, whose consensus is the model's attribution.
	pub latest_finalized: Option<RoundId>,
	/// How many inferences were recorded (saturating).
	pub inferences: u64,
	/// How many entries the model's attribution (`ModelAttribution`) has.
	pub attribution_entries: u32,
}

/// An attestor's bond.
///
/// A record exists while anything is bonded, unlocking or committed. Only members of the
/// attestor set ([`crate::AttestorSet`]) may commit; a record outside the set has an active bond
/// only while it still backs commitments of a member that was displaced, and that bond starts
/// unbonding when its last such round is finalized.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound(T: Config))]
pub struct AttestorInfo<T: Config> {
	/// The bond that backs new commitments and can be slashed.
	pub active: BalanceOf<T>,
	/// Unbonded amounts still held, with the block from which each can be withdrawn, oldest
	/// first.
	pub unlocking: UnlockingOf<T>,
	/// Commitments in rounds not finalized yet; unbonding waits until this is zero.
	pub outstanding_commitments: u32,
}

impl<T: Config> AttestorInfo<T> {
	/// A new attestor with no bond yet.
	pub fn new() -> Self {
		Self {
			active: Default::default(),
			unlocking: Default::default(),
			outstanding_commitments: 0,
		}
	}

	/// Everything held under the attestor bond: active plus unlocking.
	pub fn total(&self) -> BalanceOf<T> {
		self.unlocking
			.iter()
			.fold(self.active, |total, (amount, _)| total.saturating_add(*amount))
	}
}

impl<T: Config> Default for AttestorInfo<T> {
	fn default() -> Self {
		Self::new()
	}
}

/// One attribution round of a model.
///
/// A finalized round keeps its record as a summary (who opened it, the bounty, its blocks and
/// parameters, how many revealed, how many consensus entries), with its committers cleared.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound(T: Config))]
pub struct RoundInfo<T: Config> {
	/// The account that opened it and whose bounty is held.
	pub opener: T::AccountId,
	/// The bounty held from the opener under `HoldReason::RoundBounty` until finalization.
	pub bounty: BalanceOf<T>,
	/// Block it was opened in: the commit phase starts here.
	pub opened_at: BlockNumberFor<T>,
	/// First block of the reveal phase (the commit phase ends before it).
	pub reveal_from: BlockNumberFor<T>,
	/// First block in which it can be finalized (the reveal phase ends before it).
	pub finalize_from: BlockNumberFor<T>,
	/// Share of a guilty attestor's active bond slashed at finalization (snapshot).
	pub slash_fraction: Perbill,
	/// Trust below which a revealer is slashed (snapshot).
	pub trust_threshold: Perbill,
	/// The attestors that committed, in commit order, with their stakes; cleared at
	/// finalization.
	pub committers: CommittersOf<T>,
	/// How many committers revealed (empty reveals included).
	pub revealed: u32,
	/// Whether it was finalized.
	pub finalized: bool,
	/// After finalization: how many entries its consensus had (after revoked contributions
	/// were left out); 0 without a quorum.
	pub consensus_entries: u32,
	/// After finalization: the stake behind the reveals that did not abstain (each counted at
	/// most at the attestor's active bond at finalization).
	pub revealed_stake: BalanceOf<T>,
	/// After finalization: the active stake the quorum was measured against (the attestor set's
	/// active bonds, plus the stake of committers that had left the set).
	pub active_stake: BalanceOf<T>,
	/// After finalization: whether `revealed_stake` reached `RevealQuorum` of `active_stake`,
	/// so that the consensus became the model's attribution and the bounty was paid.
	pub quorum_reached: bool,
}

/// A model's deterministic attribution spec, declared at registration and never changed.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound(T: Config))]
pub struct ModelSpec<T: Config> {
	/// The spec: method and parameters, input format, evaluation-set commitment.
	pub spec: AttributionSpec,
	/// `spec.hash()`: what a second implementation checks it computes for.
	pub hash: H256,
	/// Where the owner publishes the evaluation set (its blake2-256 is `spec.evaluation_set`),
	/// at most `MaxMetadataUriLength` bytes.
	pub evaluation_uri: MetadataUriOf<T>,
	/// The block from which the owner promises the set is published at `evaluation_uri`:
	/// contributors cannot have seen it before (their contributions were in versions published
	/// before the model was registered).
	pub evaluation_reveal_at: BlockNumberFor<T>,
}

/// A root round's agreed ledger root, in force for a model until the next one.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound(T: Config))]
pub struct LedgerRecord<T: Config> {
	/// The root: hash, leaf count, owed and score totals.
	pub root: LedgerRoot,
	/// The round that agreed on it.
	pub round: RoundId,
	/// The ledger inflow the round was computed for (snapshot when it opened); `root.owed` is
	/// at most this.
	pub inflow: BalanceOf<T>,
	/// Where the agreeing attestor with the most stake published the leaves.
	pub leaves_uri: MetadataUriOf<T>,
	/// The block the round was finalized in.
	pub finalized_at: BlockNumberFor<T>,
}

/// What an attestor revealed in a root round.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound(T: Config))]
pub struct RootReveal<T: Config> {
	/// The root it computed.
	pub root: LedgerRoot,
	/// Where it published the leaves.
	pub leaves_uri: MetadataUriOf<T>,
}

/// An attestor's commitment in a round.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, Copy, PartialEq, Eq, Debug)]
pub struct Commitment<Balance> {
	/// `openledger_core::commitment::commitment_hash(model, round, scores, salt, attestor)`.
	pub hash: H256,
	/// The attestor's active bond when it committed: the stake behind its reveal.
	pub stake: Balance,
	/// Whether it was revealed.
	pub revealed: bool,
}

/// The round parameters root sets within the pallet's constant bounds. A round copies them
/// when it opens; changing them affects later rounds only.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub struct RoundParameters<BlockNumber> {
	/// Blocks of the commit phase, within `[MinPhaseLength, MaxPhaseLength]`.
	pub commit_phase: BlockNumber,
	/// Blocks of the reveal phase, within `[MinPhaseLength, MaxPhaseLength]`.
	pub reveal_phase: BlockNumber,
	/// Share of a guilty attestor's active bond slashed, at most `MaxSlashFraction`.
	pub slash_fraction: Perbill,
	/// A revealer whose trust (the weighted Jaccard similarity of its scores and the
	/// consensus) is below this is slashed, when the round reaches its quorum.
	pub trust_threshold: Perbill,
}

/// Why an attestor was slashed.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub enum SlashReason {
	/// It committed but did not reveal.
	NotRevealed,
	/// Its revealed scores were too far from the consensus (above or below it): trust below
	/// the threshold in a round that reached its quorum.
	LowTrust,
	/// In a root round that reached its quorum, it revealed another root than the one the
	/// quorum agreed on.
	OtherRoot,
	/// In a root round, it revealed a root the chain can refute on its own: one that owes more
	/// in total than the model's ledger had received when the round opened, or less than the
	/// root in force (owed amounts are cumulative and never shrink).
	InvalidRoot,
}

/// Where a round stands at a given block.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub enum RoundPhase {
	/// Attestors may commit.
	Commit,
	/// Committed attestors may reveal.
	Reveal,
	/// The reveal phase is over: anyone may finalize.
	Finalizable,
	/// Finalized; its consensus became the model's attribution (if it is the latest).
	Finalized,
}

/// A model, as the runtime API returns it.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct ModelView<AccountId, Balance, BlockNumber> {
	/// The owner.
	pub owner: AccountId,
	/// Its name.
	pub name: Vec<u8>,
	/// Hash of its artifact.
	pub artifact_hash: H256,
	/// Link to its description.
	pub metadata_uri: Vec<u8>,
	/// `(datanet, version)` pairs it was trained on.
	pub training_data: Vec<(DatanetId, VersionNumber)>,
	/// The smallest inference fee.
	pub inference_fee: Balance,
	/// Its operators.
	pub operators: Vec<AccountId>,
	/// Whether it was retired.
	pub retired: bool,
	/// The deposit held from the owner (released on retirement).
	pub deposit: Balance,
	/// Block it was registered in.
	pub registered_at: BlockNumber,
	/// The id the next round gets.
	pub next_round: RoundId,
	/// The round in progress, if any.
	pub open_round: Option<RoundId>,
	/// The latest finalized round, if any.
	pub latest_finalized: Option<RoundId>,
	/// Inferences recorded.
	pub inferences: u64,
	/// Entries of its current attribution (page through them with `model_attribution`).
	pub attribution_entries: u32,
}

/// An attestor, as the runtime API returns it.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct AttestorView<Balance, BlockNumber> {
	/// The active bond.
	pub active: Balance,
	/// Unbonded amounts and the blocks from which they can be withdrawn.
	pub unlocking: Vec<(Balance, BlockNumber)>,
	/// What `withdraw_unbonded` would release now.
	pub withdrawable: Balance,
	/// Commitments in rounds not finalized yet.
	pub outstanding_commitments: u32,
	/// Whether it is a member of the attestor set (and so may commit).
	pub member: bool,
}

/// The attestor set, as the runtime API returns it.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct AttestorSetView<AccountId, Balance> {
	/// The members and their active bonds, in the order they joined.
	pub members: Vec<(AccountId, Balance)>,
	/// The sum of the members' active bonds: what a round's quorum is measured against.
	pub total_active: Balance,
	/// How many members the set may have (`MaxAttestors`).
	pub capacity: u32,
	/// When the set is full, the bond a newcomer's active bond must exceed to take a place
	/// (the smallest member's); `None` while there is room.
	pub bond_to_beat: Option<Balance>,
}

/// A round, as the runtime API returns it.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct RoundView<AccountId, Balance, BlockNumber> {
	/// Who opened it.
	pub opener: AccountId,
	/// Its bounty.
	pub bounty: Balance,
	/// Where it stands at the block the API was called at.
	pub phase: RoundPhase,
	/// Block it was opened in.
	pub opened_at: BlockNumber,
	/// First block of the reveal phase.
	pub reveal_from: BlockNumber,
	/// First block in which it can be finalized.
	pub finalize_from: BlockNumber,
	/// Share of a guilty attestor's bond slashed.
	pub slash_fraction: Perbill,
	/// Trust below which a revealer is slashed.
	pub trust_threshold: Perbill,
	/// How many attestors committed (zero once finalized: see `revealed`).
	pub committers: u32,
	/// How many revealed.
	pub revealed: u32,
	/// After finalization: entries of its consensus (0 without a quorum).
	pub consensus_entries: u32,
	/// While committing: when the round is full, the stake a newcomer must exceed to take a
	/// place (the smallest committer's); `None` while there is room or once finalized.
	pub stake_to_beat: Option<Balance>,
	/// After finalization: the stake behind non-empty reveals.
	pub revealed_stake: Balance,
	/// After finalization: the active stake the quorum was measured against.
	pub active_stake: Balance,
	/// After finalization: whether the quorum was reached (the consensus became the model's
	/// attribution).
	pub quorum_reached: bool,
}

/// A model's attribution spec, as the runtime API returns it.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct SpecView<BlockNumber> {
	/// The spec in full.
	pub spec: AttributionSpec,
	/// Its hash (`blake2_256("openledger/attribution-spec/v1" ++ SCALE(spec))`).
	pub hash: H256,
	/// Where the evaluation set is published.
	pub evaluation_uri: Vec<u8>,
	/// From which block it is published there.
	pub evaluation_reveal_at: BlockNumber,
}

/// A model's ledger root, as the runtime API returns it.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct LedgerView<Balance, BlockNumber> {
	/// The root in force.
	pub root: LedgerRoot,
	/// The round that agreed on it.
	pub round: RoundId,
	/// The inflow it was computed for.
	pub inflow: Balance,
	/// Where its leaves are published.
	pub leaves_uri: Vec<u8>,
	/// When it was agreed.
	pub finalized_at: BlockNumber,
}

/// One contribution a model's attribution is computed over, as the `training_items` runtime
/// API returns it: what an attestor needs to find its bytes and pay its value.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct TrainingItem<AccountId> {
	/// The contribution.
	pub id: ContributionId,
	/// blake2-256 of its bytes: the file name in an attestor's content directory.
	pub content_hash: H256,
	/// Who submitted it: paid the contributor part of its value.
	pub contributor: AccountId,
	/// The owner of its datanet: paid the curation fee (`None` if the datanet has no owner).
	pub curator: Option<AccountId>,
	/// The datanet's curation fee.
	pub curation_fee: Perbill,
}

/// A page of a model's training items; `next` is the `start_after` of the next page (`None`
/// when this was the last). A page may hold fewer items than asked and still not be the last.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct TrainingPage<AccountId> {
	/// Live contributions of the model's training versions in this page.
	pub items: Vec<TrainingItem<AccountId>>,
	/// Where the next page starts, if there is one.
	pub next: Option<ContributionId>,
}
