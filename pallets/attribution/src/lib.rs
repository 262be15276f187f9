//! # Attribution pallet
//!
//! Models, the data they were trained on, and how much each contribution of that data is
//! worth to them: scored by bonded **attestors** in commit-reveal **rounds** and aggregated by a
//! stake-weighted median, so that one liar cannot move the result and nobody can copy another's
//! scores. Every paid inference leaves a **receipt** anyone can audit.
//!
//! - [`Config`]
//! - [`Call`]
//! - [`Event`] and [`Error`]
//! - [`runtime_api::AttributionApi`]
//!
//! ## Overview
//!
//! A **model** is registered by its owner with the published datanet versions it was trained
//! on (see the datanets pallet) and an **inference fee**. The datanets' licences decide what is
//! allowed: every datanet must allow training, and a model that charges a fee must use only
//! datanets whose licence also allows commercial use. The owner holds a **model deposit** until
//! the model is retired; a retired model keeps [`Config::RetiredModelDeposit`] of it for good,
//! for the record, round summaries and ledger that stay.
//!
//! Which contributions mattered to the model, and how much? **Attestors** answer that. An
//! attestor bonds funds (held, not spent), then takes part in **rounds**:
//!
//! 1. **Open.** The model's owner or one of its operators opens a round, optionally with a
//!    **bounty** (held from the opener) that pays the attestors. A model has at most one round in
//!    progress.
//! 2. **Commit.** During the commit phase each attestor of the **attestor set** posts only a hash
//!    of its scores, a random salt, its own account and the model and round. Nobody can see the
//!    scores yet, copying someone's hash is useless (the account is part of it), and a commitment
//!    cannot be replayed in another round or model. A round takes at most
//!    [`Config::MaxCommitsPerRound`] commitments; when it is full, a commitment backed by more
//!    stake than the smallest one displaces it (the displaced attestor is not slashed).
//! 3. **Reveal.** During the reveal phase each attestor publishes its scores and salt; the chain
//!    checks them against the hash. Scores are `(contribution, score)` pairs over accepted
//!    contributions that are in the model's training data.
//! 4. **Finalize.** After the reveal phase anyone finalizes the round. A reveal with no score above
//!    0 **abstains**: it is left out of everything below and earns nothing. For each contribution
//!    the chain takes the stake-weighted median of the other revealed scores (a missing score
//!    counts as 0): the **consensus**. An attestor's **trust** is how well its scores match the
//!    consensus, over- and under-scoring alike (the weighted Jaccard similarity). Committers that
//!    did not reveal lose a share of their bond to the treasury. Then the **quorum**: only if the
//!    stake behind non-empty reveals is at least [`Config::RevealQuorum`] of all active stake does
//!    the round count. If it does, revealers whose trust falls below the threshold are slashed too,
//!    the bounty is paid to the revealers in proportion to stake × trust, and the consensus becomes
//!    the model's **attribution**, replacing the previous one, handed to the rewards pallet
//!    ([`Config::RewardSink`]), which turns it into reward points. If it does not, the previous
//!    attribution stays, nobody is slashed for low trust (a consensus of too little stake judges
//!    nobody), and the whole bounty goes back to the opener.
//!
//! Whoever uses a model calls **record inference**, paying at least the model's fee to
//! [`Config::FeeDestination`]; the model's owner or one of its **operators** may attach
//! **attributions** (which contributions this particular answer drew on, as shares summing to at
//! most 100%), which route that answer's contributor share directly. The receipt is an event.
//!
//! ### Terms
//!
//! - *Training data*: up to [`Config::MaxTrainingSets`] `(datanet, version)` pairs. A contribution
//!   is in it when it belongs to one of those datanets, was accepted before that version was
//!   published (its leaf index is below the version's `next_leaf_index`), and is not revoked.
//! - *Licence gate*: every training datanet's licence must allow training
//!   (`LicenseForbidsTraining`); if the model charges a fee, also commercial use
//!   (`LicenseForbidsPaidModel`).
//! - *Bond*: an attestor's funds held under [`HoldReason::AttestorBond`]: the *active* part, at
//!   least [`Config::MinBond`], backs commitments; unbonded funds stay held for
//!   [`Config::UnbondingPeriod`] blocks in up to [`Config::MaxUnlockingChunks`] chunks.
//! - *Attestor set*: the at most [`Config::MaxAttestors`] accounts with an active bond, which alone
//!   may commit ([`AttestorSet`]). When it is full, bonding more than the smallest member's active
//!   bond takes that member's place: the smallest member is **displaced** and its bond starts
//!   unbonding as soon as it backs no commitment any more (until then it stays active and slashable
//!   for those rounds). Ties displace the member that joined last.
//! - *Stake*: the attestor's active bond when it committed.
//! - *Commitment*: [`openledger_core::commitment::commitment_hash`]:
//!   `blake2_256(b"openledger/attribution-commit/v2" ++ SCALE(model: u32) ++ SCALE(round: u32) ++
//!   SCALE(scores) ++ salt ++ SCALE(attestor))` where `scores` is the bounded list of `(u64, u32)`
//!   pairs (a compact length, then each pair), `salt` 32 raw bytes and the attestor's account 32
//!   raw bytes. The golden test vector is [`openledger_core::commitment::GOLDEN_COMMITMENT`].
//! - *Abstaining*: a reveal whose scores add up to 0 (none, or only zeros).
//! - *Consensus*: per contribution, the smallest score `v` such that the non-abstaining revealers
//!   scoring it at most `v` hold at least half of their stake (the lower stake-weighted median);
//!   zero scores are left out.
//! - *Trust*: `sum(min(own, consensus)) / sum(max(own, consensus))` over every contribution the
//!   attestor or the consensus scores (missing = 0): 100% only for scores equal to the consensus; 0
//!   for an abstainer.
//! - *Quorum*: the stake behind non-abstaining reveals (each at most the revealer's active bond at
//!   finalization) is at least [`Config::RevealQuorum`] of the *active stake*: the active bonds of
//!   the attestor set plus those of the round's committers that have left it.
//! - *Round parameters*: commit and reveal phase lengths, slash fraction and trust threshold, set
//!   by root within constant bounds ([`Pallet::set_round_parameters`]) and copied into each round
//!   when it opens.
//!
//! ### What the rules guard against
//!
//! - *One small attestor rewriting a model's attribution*: rounds are opened by the model's owner
//!   or operators only, and a round counts only with the quorum; below it the previous attribution
//!   stays and the bounty goes back.
//! - *A low-turnout round judging the few who came*: without the quorum nobody is slashed for low
//!   trust (only for not revealing).
//! - *Squatting*: the attestor set and a round's commit slots are bounded, but never first come,
//!   first served for good: more stake takes the place of the smallest, who is not slashed for it
//!   and keeps its obligations (a displaced member stays slashable for the rounds it committed in,
//!   then unbonds).
//! - *Lazy or empty reveals*: trust is symmetric (scoring low or leaving things out costs as much
//!   as scoring high), and an empty reveal abstains: no bounty, no weight, so a majority of empty
//!   reveals can neither wipe the consensus nor make the honest look like outliers.
//! - *Copying and replaying commitments*: the hash binds the attestor, the model and the round.
//!
//! ### Example
//!
//! With polkadot.js (amounts in the smallest unit, 10^-18 OPEN):
//!
//! ```js
//! // Alice registers a model trained on version 1 of datanet 0, charging 10^15 per inference.
//! await api.tx.attribution.registerModel(
//!   'medqa-7b', artifactHash, 'ipfs://bafy.../model.json', [[0, 1]], 1_000_000_000_000_000n,
//! ).signAndSend(alice);
//! // Bob bonds as an attestor; Alice, the owner, opens round 0 of model 0 with a bounty.
//! await api.tx.attribution.bond(10n ** 21n).signAndSend(bob);
//! await api.tx.attribution.openRound(0, 10n ** 20n).signAndSend(alice);
//! // Commit phase: Bob commits to his scores (sorted by contribution id) with a random salt.
//! const scores = api.createType('Vec<(u64, u32)>', [[3, 120], [7, 40]]);
//! const salt = randomAsU8a(32);
//! const hash = blake2AsHex(u8aConcat(
//!   stringToU8a('openledger/attribution-commit/v2'),
//!   api.createType('u32', 0).toU8a(), api.createType('u32', 0).toU8a(), // model, round
//!   scores.toU8a(), salt, bob.addressRaw,
//! ), 256);
//! await api.tx.attribution.commit(0, 0, hash).signAndSend(bob);
//! // Reveal phase (see api.call.attributionApi.round(0, 0) for the phase): reveal.
//! await api.tx.attribution.reveal(0, 0, scores, salt).signAndSend(bob);
//! // After the reveal phase, anyone finalizes; then read the attribution page by page.
//! await api.tx.attribution.finalize(0, 0).signAndSend(charlie);
//! const page = await api.call.attributionApi.modelAttribution(0, null, 100);
//! // A user pays for an answer; the receipt is the InferenceRecorded event.
//! await api.tx.attribution.recordInference(0, fee, requestHash, outputHash, null).signAndSend(dave);
//! ```
//!
//! ## Pallet API
//!
//! Calls (see [`Call`] for origins, errors and events of each):
//!
//! - Models: [`register_model`](Pallet::register_model),
//!   [`set_inference_fee`](Pallet::set_inference_fee), [`add_operator`](Pallet::add_operator),
//!   [`remove_operator`](Pallet::remove_operator), [`retire_model`](Pallet::retire_model).
//! - Attestors (the set, its bonds and displacement): [`bond`](Pallet::bond),
//!   [`unbond`](Pallet::unbond), [`withdraw_unbonded`](Pallet::withdraw_unbonded).
//! - Rounds: [`open_round`](Pallet::open_round), [`commit`](Pallet::commit),
//!   [`reveal`](Pallet::reveal), [`finalize`](Pallet::finalize).
//! - Receipts: [`record_inference`](Pallet::record_inference).
//! - Root: [`set_round_parameters`](Pallet::set_round_parameters).
//!
//! This pallet reads datanets through [`openledger_primitives::DatanetInspect`]
//! ([`Config::Datanets`]) and contributions through
//! [`openledger_primitives::ContributionInspect`] ([`Config::Contributions`]), and hands
//! finalized attributions, paid inferences and bond changes to
//! [`openledger_primitives::RewardSink`] ([`Config::RewardSink`]). The aggregation maths
//! ([`openledger_primitives::aggregate`], [`openledger_primitives::quorum_reached`],
//! [`openledger_primitives::split_by_weight`]) is pure and property-tested in
//! `openledger-primitives`; the commitment hash is
//! [`openledger_core::commitment::commitment_hash`], shared with every client. Clients use the
//! runtime API [`runtime_api::AttributionApi`], whose methods are the `api_*` functions of
//! [`Pallet`].
//!
//! ## Low-level design
//!
//! ### Storage
//!
//! - [`Models`]: one [`ModelInfo`] per model id (ids count up from 0, never reused; see
//!   [`NextModelId`]); retired models stay. [`ModelsByOwner`]: keys only, for paging.
//! - [`Attestors`]: one [`AttestorInfo`] per account with anything bonded, unlocking or committed.
//!   [`AttestorSet`]: the members (at most [`Config::MaxAttestors`]) with copies of their active
//!   bonds, one bounded value, so that bonding into a full set finds the smallest member, and
//!   finalization the total active stake, in one read.
//! - [`Rounds`]: one [`RoundInfo`] per `(model, round)`, with its committers and their stakes (at
//!   most [`Config::MaxCommitsPerRound`]). A finalized round keeps a summary (opener, bounty,
//!   blocks, parameters, revealed count, consensus size, the quorum's numbers), its committer list
//!   emptied; its commitments and reveals are deleted. Only the last [`Config::RoundHistory`]
//!   summaries of a model are kept: finalizing round `r` removes round `r - RoundHistory` (and
//!   its [`RootRounds`] entry), so a model stores a bounded number whatever its age. Events
//!   keep the full history for indexers.
//! - [`Commitments`] and [`Reveals`]: per `(model, round)` and attestor, only while the round is in
//!   progress.
//! - [`ModelAttribution`] (model → contribution → score) and its mirror [`ContributionAttribution`]
//!   (contribution → model → score): the consensus of each model's latest finalized round, so that
//!   both "what mattered to this model" and "which models does this contribution matter to" can be
//!   paged.
//! - [`Parameters`] (metadata name `RoundParameters`): the root-settable [`RoundParameters`].
//!
//! ### Holds
//!
//! Three hold reasons ([`HoldReason`]): the model deposit (released on retirement, all but
//! `RetiredModelDeposit`), the attestor
//! bond (active plus unlocking; slashes move part of it to [`Config::TreasuryAccount`] with
//! `transfer_on_hold`, never through the attestor's free balance), and round bounties (paid to
//! revealers with `transfer_on_hold`; what is not paid, the rounding dust or everything when
//! nobody revealed, is released back to the opener). The treasury account must exist for a
//! slash below the existential deposit to be paid into it.
//!
//! ### Cost
//!
//! No call's cost depends on the number of models, attestors, contributions or datanets.
//! `register_model` and `set_inference_fee` are O(training sets); `bond`, `unbond` and `commit`
//! scan the bounded attestor set or committer list in memory (one read); `reveal` O(scores)
//! (one contribution read each); `record_inference` O(attributions); `withdraw_unbonded`
//! O(unlocking chunks). `finalize` is the largest: O(c · s · log c) for `c` committers of
//! `s` scores each (the k-way merge of the aggregation), one liveness read per consensus entry,
//! two writes per new and per previous attribution entry (the previous attribution is bounded
//! by `MaxCommitsPerRound × MaxScoresPerReveal` and removed with a limit), and one transfer per
//! committer. Its weight is charged for the worst case and refunded to the actual sizes.
//!
//! ### Invariants
//!
//! Checked by `Pallet::do_try_state` (module `invariants`, compiled for try-runtime and tests)
//! in the `try_state` hook and after every unit test:
//!
//! - every model id is below `NextModelId`; `ModelsByOwner` holds exactly one entry per model,
//!   under its owner;
//! - each account's [`HoldReason::ModelDeposit`] hold equals the `deposit` of its models (at
//!   most `RetiredModelDeposit` for a retired one); only a model's last `RoundHistory`
//!   finalized rounds are kept; its [`HoldReason::RoundBounty`] hold equals the bounties of its rounds in progress;
//!   its [`HoldReason::AttestorBond`] hold equals `active + sum(unlocking)` of its attestor record
//!   (zero without one); no attestor record is empty (nothing active, unlocking or committed);
//! - each model has at most one round in progress, which is its `open_round`; a retired model has
//!   none;
//! - commitments and reveals exist only for rounds in progress, each under an attestor listed once
//!   as a committer of the round with the commitment's stake, reveals only for revealed
//!   commitments; a round's `revealed` counts them;
//! - each attestor's `outstanding_commitments` equals its commitments in rounds in progress;
//! - `ModelAttribution` and `ContributionAttribution` mirror each other, and each model's entry
//!   count equals its `attribution_entries`;
//! - each member of the attestor set is listed once, has a record, and its copy of the active bond
//!   equals the record's, which is not zero; a record outside the set has an active bond only while
//!   it has outstanding commitments.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod functions;
mod ledger;
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

use frame_support::traits::{fungible, Get};

/// Log target of this pallet.
pub(crate) const LOG_TARGET: &str = "runtime::attribution";

/// The balance type of the currency bonds, deposits, bounties and fees are in.
pub type BalanceOf<T> =
	<<T as Config>::Currency as fungible::Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// Length of `items` for a weight formula, capped at `max` (longer input fails before any work).
pub(crate) fn weight_len<Item>(items: &[Item], max: u32) -> u32 {
	u32::try_from(items.len()).unwrap_or(u32::MAX).min(max)
}

/// The most entries a model's attribution (a round's consensus) can have.
///
/// A contribution enters the consensus only if attestors holding more than half of the stake
/// scored it above zero, and each attestor scores at most `MaxScoresPerReveal` contributions, so
/// there are fewer than `2 × MaxScoresPerReveal` entries (and never more than the committers'
/// scores together).
pub fn max_attribution_entries<T: Config>() -> u32 {
	let scores = T::MaxScoresPerReveal::get();
	T::MaxCommitsPerRound::get()
		.saturating_mul(scores)
		.min(scores.saturating_mul(2))
}

/// What benchmarks need from the runtime besides [`openledger_primitives::DatanetInspect`] and
/// [`openledger_primitives::ContributionInspect`].
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Publishes the next version of `datanet`, owned by `owner` (the runtime calls the datanets
	/// pallet's `publish_version` signed by `owner`).
	fn publish_version(
		owner: &AccountId,
		datanet: openledger_primitives::DatanetId,
	) -> sp_runtime::DispatchResult;
}

// FRAME's `pallet` macros expand to `expect()` on values they prove present; our own logic
// lives outside this module (functions.rs), where the lint stays on. `register_model_with_spec`
// takes the spec's three arguments on top of `register_model`'s five, and the macros expand each
// call to functions with one more.
#[allow(clippy::expect_used, clippy::too_many_arguments)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;
	use openledger_core::attribution::spec::AttributionSpec;
	use openledger_primitives::{
		ContributionId, ContributionInspect, DatanetInspect, LedgerRoot, ModelId, RewardSink,
		RoundId, Score, H256,
	};
	use sp_runtime::{traits::Zero, Perbill};

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The currency bonds, deposits and bounties are held in and fees are paid in.
		type Currency: fungible::Mutate<Self::AccountId>
			+ fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The runtime's hold reason, which includes this pallet's [`HoldReason`].
		type RuntimeHoldReason: From<HoldReason>;

		/// The datanets models are trained on: existence, licences and published versions.
		type Datanets: DatanetInspect<Self::AccountId, BalanceOf<Self>>;

		/// The contribution registry: which contributions exist, where, and whether they are
		/// live.
		type Contributions: ContributionInspect<Self::AccountId, BlockNumberFor<Self>>;

		/// Where finalized attributions, paid inferences and bond changes are handed (the
		/// rewards pallet; `()` ignores them).
		type RewardSink: RewardSink<Self::AccountId, BalanceOf<Self>>;

		/// The account slashed bonds are paid to. It must exist (hold at least the existential
		/// deposit).
		#[pallet::constant]
		type TreasuryAccount: Get<Self::AccountId>;

		/// The account inference fees are paid to (the rewards pallet's pot). It must exist, or
		/// fees below the existential deposit fail.
		#[pallet::constant]
		type FeeDestination: Get<Self::AccountId>;

		/// Deposit held from a model's owner from registration until retirement.
		#[pallet::constant]
		type ModelDeposit: Get<BalanceOf<Self>>;

		/// The part of `ModelDeposit` a retired model keeps for good: its record, its last
		/// `RoundHistory` round summaries and its ledger stay on chain (receipts, claims and
		/// history name them), so their storage stays paid for. At most `ModelDeposit`.
		#[pallet::constant]
		type RetiredModelDeposit: Get<BalanceOf<Self>>;

		/// How many finalized round summaries each model keeps in `Rounds`: finalizing a round
		/// removes the one this many rounds older. At least 1.
		#[pallet::constant]
		type RoundHistory: Get<u32>;

		/// Longest model name, in bytes.
		#[pallet::constant]
		type MaxNameLength: Get<u32>;

		/// Longest model metadata URI, in bytes.
		#[pallet::constant]
		type MaxMetadataUriLength: Get<u32>;

		/// Most `(datanet, version)` pairs a model may be trained on.
		#[pallet::constant]
		type MaxTrainingSets: Get<u32>;

		/// Most operators a model may have.
		#[pallet::constant]
		type MaxOperators: Get<u32>;

		/// Smallest active bond an attestor may have (besides zero) and needs to commit.
		#[pallet::constant]
		type MinBond: Get<BalanceOf<Self>>;

		/// Most members of the attestor set (accounts with an active bond that may commit).
		/// When the set is full, a bond larger than the smallest member's active bond takes
		/// that member's place.
		#[pallet::constant]
		type MaxAttestors: Get<u32>;

		/// Most unlocking chunks an attestor may have at once.
		#[pallet::constant]
		type MaxUnlockingChunks: Get<u32>;

		/// Blocks an unbonded amount stays held before it can be withdrawn.
		#[pallet::constant]
		type UnbondingPeriod: Get<BlockNumberFor<Self>>;

		/// Most attestors that may commit in one round. When a round is full, a commitment
		/// backed by more stake than the smallest one takes its place.
		#[pallet::constant]
		type MaxCommitsPerRound: Get<u32>;

		/// Share of the active stake that must stand behind non-empty reveals for a round to
		/// count: below it, finalization leaves the model's attribution as it was, returns the
		/// bounty to the opener and slashes only committers that did not reveal. The active
		/// stake is the attestor set's active bonds plus those of the round's committers that
		/// have left the set.
		#[pallet::constant]
		type RevealQuorum: Get<Perbill>;

		/// Most scores in one reveal.
		#[pallet::constant]
		type MaxScoresPerReveal: Get<u32>;

		/// Most attributions one inference receipt may carry.
		#[pallet::constant]
		type MaxAttributionsPerInference: Get<u32>;

		/// The largest part of an answer's contributor share a receipt's attributions may
		/// route (their shares' sum). The rest always follows the attestors' attribution, so
		/// a model's owner can never take more than this part of what its contributors earn.
		#[pallet::constant]
		type MaxReceiptShare: Get<Perbill>;

		/// Most items one page of the runtime API returns.
		#[pallet::constant]
		type MaxPageSize: Get<u32>;

		/// Longest commit or reveal phase root may set, in blocks.
		#[pallet::constant]
		type MaxPhaseLength: Get<BlockNumberFor<Self>>;

		/// Shortest commit or reveal phase root may set, in blocks (at least 1).
		#[pallet::constant]
		type MinPhaseLength: Get<BlockNumberFor<Self>>;

		/// Largest slash fraction `AdminOrigin` may set.
		#[pallet::constant]
		type MaxSlashFraction: Get<Perbill>;

		/// Who may set the round parameters: root on the dev chain, governance on a public
		/// network (the runtime decides; the pallet never names root itself).
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Weights of this pallet's calls, from its benchmarks.
		type WeightInfo: WeightInfo;

		/// Publishes datanet versions for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A model's deposit, held from its owner until the model is retired.
		ModelDeposit,
		/// An attestor's bond, active and unlocking; slashed to the treasury for not revealing
		/// or for scores far above the consensus.
		AttestorBond,
		/// A round's bounty, held from its opener until the round is finalized, then paid to the
		/// revealers (the rest released).
		RoundBounty,
	}

	/// The id the next model gets.
	#[pallet::storage]
	pub type NextModelId<T> = StorageValue<_, ModelId, ValueQuery>;

	/// Every model, by id. Retired models stay.
	#[pallet::storage]
	pub type Models<T: Config> = StorageMap<_, Twox64Concat, ModelId, ModelInfo<T>, OptionQuery>;

	/// The ids of each owner's models, for paging.
	#[pallet::storage]
	pub type ModelsByOwner<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, ModelId, (), OptionQuery>;

	/// Every attestor's bond: accounts with anything bonded, unlocking or committed.
	#[pallet::storage]
	pub type Attestors<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, AttestorInfo<T>, OptionQuery>;

	/// The attestor set: at most `MaxAttestors` members, the only accounts that may commit,
	/// with copies of their active bonds, in the order they joined.
	#[pallet::storage]
	pub type AttestorSet<T: Config> = StorageValue<_, AttestorSetOf<T>, ValueQuery>;

	/// Every round, by `(model, round)`; finalized rounds keep a summary.
	#[pallet::storage]
	pub type Rounds<T: Config> =
		StorageMap<_, Twox64Concat, (ModelId, RoundId), RoundInfo<T>, OptionQuery>;

	/// The commitments of rounds in progress, by `(model, round)` and attestor.
	#[pallet::storage]
	pub type Commitments<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		(ModelId, RoundId),
		Blake2_128Concat,
		T::AccountId,
		CommitmentOf<T>,
		OptionQuery,
	>;

	/// The revealed scores of rounds in progress, by `(model, round)` and attestor.
	#[pallet::storage]
	pub type Reveals<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		(ModelId, RoundId),
		Blake2_128Concat,
		T::AccountId,
		ScoresOf<T>,
		OptionQuery,
	>;

	/// Each model's attribution: the consensus of its latest finalized round (zero scores and
	/// contributions revoked before finalization left out).
	#[pallet::storage]
	pub type ModelAttribution<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		ModelId,
		Twox64Concat,
		ContributionId,
		Score,
		OptionQuery,
	>;

	/// The same scores by contribution: which models a contribution matters to.
	#[pallet::storage]
	pub type ContributionAttribution<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		ContributionId,
		Twox64Concat,
		ModelId,
		Score,
		OptionQuery,
	>;

	/// The attribution spec of each model registered with one (`register_model_with_spec`).
	/// Such a model's rounds agree on a ledger root instead of scores.
	#[pallet::storage]
	pub type ModelSpecs<T: Config> =
		StorageMap<_, Twox64Concat, ModelId, ModelSpec<T>, OptionQuery>;

	/// The root rounds, by `(model, round)`: the model's ledger inflow when the round opened,
	/// which the round's root may at most owe in total.
	#[pallet::storage]
	pub type RootRounds<T: Config> =
		StorageMap<_, Twox64Concat, (ModelId, RoundId), BalanceOf<T>, OptionQuery>;

	/// The roots revealed in root rounds in progress, by `(model, round)` and attestor.
	#[pallet::storage]
	pub type RootReveals<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		(ModelId, RoundId),
		Blake2_128Concat,
		T::AccountId,
		RootReveal<T>,
		OptionQuery,
	>;

	/// The ledger root in force for each model with a spec: what claims are proven against.
	#[pallet::storage]
	pub type ModelLedger<T: Config> =
		StorageMap<_, Twox64Concat, ModelId, LedgerRecord<T>, OptionQuery>;

	/// Until genesis or root sets them: both phases `MinPhaseLength`, no slash, no threshold.
	#[pallet::type_value]
	pub fn DefaultParameters<T: Config>() -> RoundParametersOf<T> {
		Pallet::<T>::default_round_parameters()
	}

	/// The round parameters new rounds copy (metadata name `RoundParameters`).
	#[pallet::storage]
	#[pallet::storage_prefix = "RoundParameters"]
	pub type Parameters<T: Config> =
		StorageValue<_, RoundParametersOf<T>, ValueQuery, DefaultParameters<T>>;

	/// The round parameters at genesis; they must lie within the constant bounds.
	#[pallet::genesis_config]
	pub struct GenesisConfig<T: Config> {
		/// Blocks of the commit phase.
		pub commit_phase: BlockNumberFor<T>,
		/// Blocks of the reveal phase.
		pub reveal_phase: BlockNumberFor<T>,
		/// Share of a guilty attestor's active bond slashed.
		pub slash_fraction: Perbill,
		/// Trust below which a revealer is slashed.
		pub trust_threshold: Perbill,
	}

	impl<T: Config> Default for GenesisConfig<T> {
		fn default() -> Self {
			let defaults = Pallet::<T>::default_round_parameters();
			Self {
				commit_phase: defaults.commit_phase,
				reveal_phase: defaults.reveal_phase,
				slash_fraction: defaults.slash_fraction,
				trust_threshold: defaults.trust_threshold,
			}
		}
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			let parameters = RoundParameters {
				commit_phase: self.commit_phase,
				reveal_phase: self.reveal_phase,
				slash_fraction: self.slash_fraction,
				trust_threshold: self.trust_threshold,
			};
			assert!(
				Pallet::<T>::check_round_parameters(&parameters).is_ok(),
				"the genesis round parameters are outside the pallet's bounds"
			);
			Parameters::<T>::put(parameters);
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A model was registered; its deposit is held from `owner`.
		ModelRegistered { model: ModelId, owner: T::AccountId },
		/// A model's owner set its inference fee.
		InferenceFeeSet { model: ModelId, fee: BalanceOf<T> },
		/// A model's owner added an operator, who may now post receipts with attributions.
		OperatorAdded { model: ModelId, operator: T::AccountId },
		/// A model's owner removed an operator.
		OperatorRemoved { model: ModelId, operator: T::AccountId },
		/// A model was retired by its owner, and its deposit released but for
		/// `RetiredModelDeposit` (`deposit_released` is what was released).
		ModelRetired { model: ModelId, deposit_released: BalanceOf<T> },
		/// An attestor bonded `amount` more; its active bond is now `active` and it is a member
		/// of the attestor set.
		Bonded { who: T::AccountId, amount: BalanceOf<T>, active: BalanceOf<T> },
		/// `who`, the member of the full attestor set with the smallest active bond
		/// (`active`), left the set to make room for `by`, who bonded more. Its bond starts
		/// unbonding (an `Unbonded` event) as soon as it backs no commitment; until then it
		/// stays active and slashable for those rounds.
		AttestorDisplaced { who: T::AccountId, by: T::AccountId, active: BalanceOf<T> },
		/// An attestor unbonded `amount`, withdrawable from block `unlock_at`; its active bond is
		/// now `active`.
		Unbonded {
			who: T::AccountId,
			amount: BalanceOf<T>,
			unlock_at: BlockNumberFor<T>,
			active: BalanceOf<T>,
		},
		/// An attestor withdrew `amount` of matured unbonded funds; `left` if it no longer has
		/// anything bonded and its record was removed.
		Withdrawn { who: T::AccountId, amount: BalanceOf<T>, left: bool },
		/// A round was opened with a bounty held from `opener`: commits until `reveal_from`,
		/// reveals until `finalize_from`.
		RoundOpened {
			model: ModelId,
			round: RoundId,
			opener: T::AccountId,
			bounty: BalanceOf<T>,
			reveal_from: BlockNumberFor<T>,
			finalize_from: BlockNumberFor<T>,
		},
		/// An attestor committed to scores in a round, backed by `stake`.
		Committed { model: ModelId, round: RoundId, who: T::AccountId, stake: BalanceOf<T> },
		/// The commitment of `who`, the smallest `stake` in a full round, was dropped without a
		/// slash to make room for `by`'s commitment, backed by more stake.
		CommitmentDisplaced {
			model: ModelId,
			round: RoundId,
			who: T::AccountId,
			by: T::AccountId,
			stake: BalanceOf<T>,
		},
		/// An attestor revealed `scores` scores matching its commitment.
		Revealed { model: ModelId, round: RoundId, who: T::AccountId, scores: u32 },
		/// A round was finalized with its quorum: `revealed` attestors revealed, and its
		/// consensus of `consensus_entries` entries became the model's attribution.
		RoundFinalized { model: ModelId, round: RoundId, revealed: u32, consensus_entries: u32 },
		/// A round was finalized without reaching its quorum: only `revealed_stake` of the
		/// `active_stake` stood behind non-empty reveals (`revealed` attestors revealed). The
		/// model's attribution stays as it was, the bounty went back to the opener, and only
		/// committers that did not reveal were slashed.
		RoundFinalizedWithoutQuorum {
			model: ModelId,
			round: RoundId,
			revealed: u32,
			revealed_stake: BalanceOf<T>,
			active_stake: BalanceOf<T>,
		},
		/// An attestor lost `amount` of its active bond to the treasury at a round's
		/// finalization.
		AttestorSlashed {
			who: T::AccountId,
			model: ModelId,
			round: RoundId,
			amount: BalanceOf<T>,
			reason: SlashReason,
		},
		/// A revealer was paid `amount` of a round's bounty for its stake and `trust`.
		AttestorRewarded {
			who: T::AccountId,
			model: ModelId,
			round: RoundId,
			amount: BalanceOf<T>,
			trust: Perbill,
		},
		/// The part of a round's bounty not paid to revealers (rounding dust, or all of it when
		/// the round did not reach its quorum) was released back to the opener.
		BountyRefunded {
			model: ModelId,
			round: RoundId,
			opener: T::AccountId,
			amount: BalanceOf<T>,
		},
		/// An inference was paid for (the receipt): `payer` paid `fee` to the fee destination for
		/// the request and output hashed as given, with the optional per-answer attributions.
		InferenceRecorded {
			model: ModelId,
			payer: T::AccountId,
			fee: BalanceOf<T>,
			request_hash: H256,
			output_hash: H256,
			attributions: Option<AttributionsOf<T>>,
		},
		/// Root set the round parameters that rounds opened from now on use.
		RoundParametersSet { parameters: RoundParametersOf<T> },
		/// A model was registered with a deterministic attribution spec (hash `spec_hash`; the
		/// `model_spec` runtime API returns it in full). Its rounds agree on ledger roots.
		AttributionSpecDeclared { model: ModelId, spec_hash: H256 },
		/// A root round opened for a ledger that had received `inflow` (the most its root may
		/// owe in total).
		RootRoundOpened { model: ModelId, round: RoundId, inflow: BalanceOf<T> },
		/// An attestor revealed the root it computed, matching its commitment.
		RootRevealed { model: ModelId, round: RoundId, who: T::AccountId, root: LedgerRoot },
		/// A root round reached its quorum: `root`, backed by `stake` of the `revealed_stake`
		/// behind valid reveals and of the `active_stake`, is now the model's ledger root.
		RootAgreed {
			model: ModelId,
			round: RoundId,
			root: LedgerRoot,
			stake: BalanceOf<T>,
			revealed_stake: BalanceOf<T>,
			active_stake: BalanceOf<T>,
		},
		/// A root round was finalized without a quorum: the best root had only `best_stake` of
		/// the `revealed_stake` and `active_stake`. The previous root stays in force, nobody was
		/// paid the bounty (it went back to the opener), and only non-revealers and revealers of
		/// refuted roots were slashed.
		RootRoundFinalizedWithoutQuorum {
			model: ModelId,
			round: RoundId,
			best_stake: BalanceOf<T>,
			revealed_stake: BalanceOf<T>,
			active_stake: BalanceOf<T>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No model has this id. Check the id with the `model` runtime API.
		UnknownModel,
		/// Only the model's owner may do this. Sign with the owner's account.
		NotModelOwner,
		/// The model name is empty. Give the model a name.
		EmptyName,
		/// The model name is longer than `MaxNameLength` bytes. Use a shorter name.
		NameTooLong,
		/// The metadata URI is longer than `MaxMetadataUriLength` bytes. Use a shorter link
		/// (e.g. an IPFS CID).
		MetadataUriTooLong,
		/// No training data was given. Name at least one `(datanet, version)` pair.
		NoTrainingData,
		/// A training datanet does not exist. Check the datanet ids with the datanets runtime
		/// API.
		UnknownDatanet,
		/// A training datanet has not published that version. Name a published version (see the
		/// datanet's `latest_version`).
		UnknownVersion,
		/// The same datanet is named twice in the training data. Name each datanet once, with
		/// the version the model was trained on.
		DuplicateTrainingSet,
		/// A training datanet's licence does not allow training models on its data. Remove that
		/// datanet from the training data; you may not use its data for models.
		LicenseForbidsTraining,
		/// The model charges an inference fee but a training datanet's licence does not allow
		/// commercial use (the node log names the datanet). Set the fee to zero, or remove that
		/// datanet from the training data.
		LicenseForbidsPaidModel,
		/// All 2^32 model ids have been used. No further models can be registered.
		ModelIdOverflow,
		/// The model was retired: it takes no rounds, inferences, fee or operator changes.
		/// Register a new model instead.
		ModelRetired,
		/// The model has a round in progress, and may have only one; nor can it be retired
		/// while the round runs. Wait until the round is finalized (anyone may finalize it once
		/// its reveal phase is over).
		RoundInProgress,
		/// The model already has `MaxOperators` operators. Remove one first.
		TooManyOperators,
		/// The account is already an operator of the model. Nothing to do.
		AlreadyOperator,
		/// The account is not an operator of the model. Check the model's operators with the
		/// `model` runtime API.
		NotOperator,
		/// The amount is zero. Give a positive amount.
		ZeroAmount,
		/// The active bond would be below `MinBond` (and not zero). Bond at least `MinBond`
		/// in total, or unbond everything.
		BondBelowMinimum,
		/// The attestor set already has `MaxAttestors` members and the active bond this would
		/// give you does not exceed the smallest member's. Bond more than that (the
		/// `bond_to_beat` of the `attestor_set` runtime API) to take its place, or wait until a
		/// member leaves.
		AttestorSetFull,
		/// The account has no bond. Bond at least `MinBond` first.
		NotAttestor,
		/// The amount is larger than the active bond. Unbond at most the active bond (see the
		/// `attestor` runtime API).
		InsufficientBond,
		/// The attestor has commitments in rounds not finalized yet, which its bond backs. Wait
		/// until those rounds are finalized, then unbond.
		CommitmentsOutstanding,
		/// The attestor already has `MaxUnlockingChunks` unlocking chunks. Withdraw matured
		/// chunks first, or wait for them to mature.
		TooManyUnlockingChunks,
		/// Nothing unbonded has matured yet. Wait until the block shown in the `attestor`
		/// runtime API.
		NothingToWithdraw,
		/// The model has had 2^32 rounds. No further rounds can be opened for it.
		RoundIdOverflow,
		/// No round of this model has this id. Check the model's `open_round` with the `model`
		/// runtime API.
		UnknownRound,
		/// The round was already finalized. Take part in the model's next round.
		RoundAlreadyFinalized,
		/// The round is not in its commit phase. Commit only between the block the round opened
		/// in and its `reveal_from` (see the `round` runtime API).
		NotCommitPhase,
		/// The attestor already committed in this round. An attestor commits once per round.
		AlreadyCommitted,
		/// The round already has `MaxCommitsPerRound` commitments, none backed by less stake
		/// than yours. Bond more than the smallest committer's stake (the `stake_to_beat` of
		/// the `round` runtime API) before committing, or take part in the next round.
		RoundFull,
		/// The round is not in its reveal phase. Reveal only from `reveal_from` until before
		/// `finalize_from` (see the `round` runtime API).
		NotRevealPhase,
		/// The account did not commit in this round. Only committed attestors reveal.
		NoCommitment,
		/// The attestor already revealed in this round. Nothing to do.
		AlreadyRevealed,
		/// The scores, salt and signing account do not hash to the commitment. Reveal exactly
		/// the scores and salt you committed to, signed by the account that committed.
		CommitmentMismatch,
		/// The scores are not strictly increasing by contribution id (or name one twice). Sort
		/// them by id and merge duplicates.
		ScoresNotSorted,
		/// A contribution is not in the model's training data: unknown, not accepted, revoked
		/// (for a reveal: before the round opened), from another datanet, or accepted after the
		/// training version was published. Score
		/// or attribute only contributions of the model's training versions.
		ContributionNotInTrainingData,
		/// The round's reveal phase is not over. Finalize from its `finalize_from` block on.
		RevealPhaseNotOver,
		/// The fee is below the model's inference fee. Pay at least the fee shown by the `model`
		/// runtime API.
		FeeBelowModelFee,
		/// Only the model's owner or an operator may attach attributions. Sign with such an
		/// account, or record the inference without attributions.
		NotModelOperator,
		/// The attributions add up to more than `MaxReceiptShare` (a constant of this pallet,
		/// 50% in the OpenLedger runtime): the rest of an answer's contributor share always
		/// follows the attestors' attribution. Scale them down to sum to at most that.
		AttributionsExceedReceiptShare,
		/// A contribution is attributed twice. Name each contribution once, with its whole
		/// share.
		DuplicateAttribution,
		/// A round parameter lies outside the pallet's bounds (`MinPhaseLength`,
		/// `MaxPhaseLength`, `MaxSlashFraction`). Choose values within them.
		ParameterOutOfBounds,
		/// The attribution spec is not usable: it needs `k >= 1`, `1 <= dims <= 4096` and at
		/// least one evaluation query. Fix the spec's parameters.
		SpecMalformed,
		/// This round is a root round: its model has a deterministic spec, so attestors agree
		/// on a ledger root, not on scores. Reveal with `reveal_root` (as `openledger-attestor`
		/// does).
		RevealRootInstead,
		/// This round is a scored round, as its model has no deterministic spec. Reveal scores
		/// with `reveal`.
		NotRootRound,
		/// Only the model's owner or one of its operators may open a round of it (so that
		/// nobody else can start, or hold up, its rounds). Sign with such an account, or ask
		/// the owner to open one or to add you as an operator.
		MayNotOpenRound,
		/// The account is not a member of the attestor set (it was displaced by a larger bond,
		/// or unbonded everything), so it may not commit. Bond again, more than the set's
		/// `bond_to_beat` if it is full, then commit.
		NotInAttestorSet,
		/// The model is free (its inference fee is zero), so it takes no fee: its training data
		/// need not be licensed for paid use. Record the inference with fee 0, or have the
		/// owner set an inference fee (which checks the licences) first.
		FreeModelTakesNoFee,
		/// A receipt may only attribute an answer to contributions in the model's current
		/// attribution (the consensus of its latest finalized round, see the
		/// `attribution` runtime API). A model with a ledger has no per-contribution
		/// attribution on chain, so its receipts carry none.
		ContributionNotAttributed,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxPageSize::get() > 0, "MaxPageSize must allow at least one result");
			assert!(T::RoundHistory::get() > 0, "RoundHistory must keep the latest round");
			assert!(
				T::RetiredModelDeposit::get() <= T::ModelDeposit::get(),
				"RetiredModelDeposit must be part of ModelDeposit"
			);
			assert!(T::MaxTrainingSets::get() > 0, "MaxTrainingSets must allow a training set");
			assert!(T::MaxAttestors::get() > 0, "MaxAttestors must allow an attestor");
			assert!(T::MaxCommitsPerRound::get() > 0, "MaxCommitsPerRound must allow a commit");
			assert!(T::MaxScoresPerReveal::get() > 0, "MaxScoresPerReveal must allow a score");
			assert!(T::MaxUnlockingChunks::get() > 0, "MaxUnlockingChunks must allow a chunk");
			assert!(!T::MinBond::get().is_zero(), "MinBond must be positive");
			assert!(
				!T::RevealQuorum::get().is_zero(),
				"RevealQuorum must be positive, or one small attestor could replace attributions"
			);
			assert!(!T::MinPhaseLength::get().is_zero(), "MinPhaseLength must be positive");
			assert!(
				T::MinPhaseLength::get() <= T::MaxPhaseLength::get(),
				"MinPhaseLength must not exceed MaxPhaseLength"
			);
			assert!(
				T::MaxCommitsPerRound::get().checked_mul(T::MaxScoresPerReveal::get()).is_some(),
				"MaxCommitsPerRound × MaxScoresPerReveal must fit in a u32"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Register a model with the datanet versions it was trained on.
		///
		/// The dispatch origin must be signed; the signer becomes the owner and holds
		/// `ModelDeposit` until it retires the model. The id is `NextModelId` at the time of the
		/// call, reported in the event.
		///
		/// - `name`: 1 to `MaxNameLength` bytes.
		/// - `artifact_hash`: hash of the model's artifact (weights), for auditors.
		/// - `metadata_uri`: link to a description, at most `MaxMetadataUriLength` bytes.
		/// - `training_data`: 1 to `MaxTrainingSets` `(datanet, version)` pairs, each datanet once,
		///   each version published. Every licence must allow training; if `inference_fee` is not
		///   zero, also commercial use.
		/// - `inference_fee`: the smallest fee `record_inference` accepts (zero: free).
		///
		/// Errors: `EmptyName`, `NameTooLong`, `MetadataUriTooLong`, `NoTrainingData`,
		/// `DuplicateTrainingSet`, `UnknownDatanet`, `UnknownVersion`, `LicenseForbidsTraining`,
		/// `LicenseForbidsPaidModel`, `ModelIdOverflow`, or a token error if the deposit cannot
		/// be held.
		///
		/// Events: `ModelRegistered`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_model(
			weight_len(name, T::MaxNameLength::get()),
			weight_len(metadata_uri, T::MaxMetadataUriLength::get()),
			weight_len(training_data, T::MaxTrainingSets::get()),
		))]
		pub fn register_model(
			origin: OriginFor<T>,
			name: Vec<u8>,
			artifact_hash: H256,
			metadata_uri: Vec<u8>,
			training_data: TrainingDataArgOf<T>,
			inference_fee: BalanceOf<T>,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_register_model(
				owner,
				name,
				artifact_hash,
				metadata_uri,
				training_data,
				inference_fee,
			)
			.map(|_| ())
		}

		/// Set a model's inference fee.
		///
		/// The dispatch origin must be signed by the model's owner. Raising the fee from zero
		/// applies the licence gate again: every training datanet must allow commercial use.
		/// Receipts recorded afterwards must pay at least the new fee.
		///
		/// Errors: `UnknownModel`, `NotModelOwner`, `ModelRetired`, `LicenseForbidsPaidModel`.
		///
		/// Events: `InferenceFeeSet`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::set_inference_fee(T::MaxTrainingSets::get()))]
		pub fn set_inference_fee(
			origin: OriginFor<T>,
			model: ModelId,
			fee: BalanceOf<T>,
		) -> DispatchResultWithPostInfo {
			let owner = ensure_signed(origin)?;
			let training_sets = Self::do_set_inference_fee(owner, model, fee)?;
			Ok(Some(T::WeightInfo::set_inference_fee(training_sets)).into())
		}

		/// Let an account post inference receipts with attributions for a model.
		///
		/// The dispatch origin must be signed by the model's owner.
		///
		/// Errors: `UnknownModel`, `NotModelOwner`, `ModelRetired`, `AlreadyOperator`,
		/// `TooManyOperators`.
		///
		/// Events: `OperatorAdded`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::add_operator())]
		pub fn add_operator(
			origin: OriginFor<T>,
			model: ModelId,
			operator: T::AccountId,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_add_operator(owner, model, operator)
		}

		/// Remove an operator of a model (allowed on retired models too).
		///
		/// The dispatch origin must be signed by the model's owner.
		///
		/// Errors: `UnknownModel`, `NotModelOwner`, `NotOperator`.
		///
		/// Events: `OperatorRemoved`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::remove_operator())]
		pub fn remove_operator(
			origin: OriginFor<T>,
			model: ModelId,
			operator: T::AccountId,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_remove_operator(owner, model, operator)
		}

		/// Retire a model: it takes no more rounds or inferences, and its deposit is released
		/// except `RetiredModelDeposit`, which pays for what stays.
		/// Its attribution is removed and its pool emptied (every member is settled first, so
		/// what they earned stays claimable from their direct ledgers); a model with a ledger
		/// keeps it, so that its contributors can still claim by proof. The record and its
		/// receipts' history stay. Final.
		///
		/// The dispatch origin must be signed by the model's owner. The model must have no round
		/// in progress.
		///
		/// Errors: `UnknownModel`, `NotModelOwner`, `ModelRetired`, `RoundInProgress`.
		///
		/// Events: `ModelRetired`.
		#[pallet::call_index(4)]
		#[pallet::weight(Pallet::<T>::retire_weight(max_attribution_entries::<T>()))]
		pub fn retire_model(origin: OriginFor<T>, model: ModelId) -> DispatchResultWithPostInfo {
			let owner = ensure_signed(origin)?;
			let entries = Self::do_retire_model(owner, model)?;
			Ok(Some(Self::retire_weight(entries)).into())
		}

		/// Bond funds as an attestor (or add to a bond).
		///
		/// The dispatch origin must be signed; `amount` is held from its free balance under
		/// `AttestorBond` and added to its active bond, which must come to at least `MinBond`.
		/// An account outside the attestor set joins it: while the set has fewer than
		/// `MaxAttestors` members it simply joins; when it is full, its active bond must exceed
		/// the smallest member's, and that member (the one that joined last, among equals) is
		/// displaced: it leaves the set and its bond starts unbonding as soon as it backs no
		/// commitment.
		///
		/// Errors: `ZeroAmount`, `BondBelowMinimum`, `AttestorSetFull`, or a token error if the
		/// amount cannot be held.
		///
		/// Events: `AttestorDisplaced` and `Unbonded` (of the displaced member, if any),
		/// `Bonded`.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::bond())]
		pub fn bond(origin: OriginFor<T>, amount: BalanceOf<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_bond(who, amount)
		}

		/// Start unbonding part or all of the active bond: the amount stops backing commitments
		/// and cannot be slashed any more; it stays held until it can be withdrawn,
		/// `UnbondingPeriod` blocks from now.
		///
		/// The dispatch origin must be signed by an attestor with no commitments in rounds not
		/// finalized yet. What stays active must be zero or at least `MinBond`; unbonding all of
		/// it leaves the attestor set at once.
		///
		/// Errors: `ZeroAmount`, `NotAttestor`, `CommitmentsOutstanding`, `InsufficientBond`,
		/// `BondBelowMinimum`, `TooManyUnlockingChunks`.
		///
		/// Events: `Unbonded`.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::unbond())]
		pub fn unbond(origin: OriginFor<T>, amount: BalanceOf<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_unbond(who, amount)
		}

		/// Release every unbonded chunk that has matured. When nothing is left bonded or
		/// unlocking, the attestor leaves the set.
		///
		/// The dispatch origin must be signed by the attestor.
		///
		/// Errors: `NotAttestor`, `NothingToWithdraw`.
		///
		/// Events: `Withdrawn`.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::withdraw_unbonded(T::MaxUnlockingChunks::get()))]
		pub fn withdraw_unbonded(origin: OriginFor<T>) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let chunks = Self::do_withdraw_unbonded(who)?;
			Ok(Some(T::WeightInfo::withdraw_unbonded(chunks)).into())
		}

		/// Open the next attribution round of a model.
		///
		/// The dispatch origin must be signed by the model's owner or one of its operators;
		/// `bounty` (may be zero) is held from the signer under `RoundBounty` and paid to the
		/// revealers at finalization if the round reaches its quorum (else returned). The round
		/// copies the
		/// current round parameters: the commit phase starts now, the reveal phase
		/// `commit_phase` blocks later, finalization is possible `reveal_phase` blocks after
		/// that. Round ids count up from 0 per model.
		///
		/// Errors: `UnknownModel`, `ModelRetired`, `MayNotOpenRound`, `RoundInProgress`,
		/// `RoundIdOverflow`, or a token error if the bounty cannot be held.
		///
		/// Events: `RoundOpened`.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::open_round()
			.saturating_add(T::RewardSink::ledger_hook_weight())
			.saturating_add(T::DbWeight::get().reads_writes(1, 1)))]
		pub fn open_round(
			origin: OriginFor<T>,
			model: ModelId,
			bounty: BalanceOf<T>,
		) -> DispatchResult {
			let opener = ensure_signed(origin)?;
			Self::do_open_round(opener, model, bounty).map(|_| ())
		}

		/// Commit to scores in a round's commit phase.
		///
		/// The dispatch origin must be signed by a member of the attestor set whose active bond
		/// is at least `MinBond`; that bond is the stake behind its reveal, and cannot be
		/// unbonded until the round is finalized. `hash` is
		/// `openledger_core::commitment::commitment_hash(model, round, scores, salt, signer)`
		/// (see the crate docs). When the round already has `MaxCommitsPerRound` commitments,
		/// the stake must exceed the smallest committer's, whose commitment (the latest, among
		/// equals) is dropped without a slash.
		///
		/// Errors: `UnknownRound`, `RoundAlreadyFinalized`, `NotCommitPhase`, `NotAttestor`,
		/// `NotInAttestorSet`, `BondBelowMinimum`, `AlreadyCommitted`, `RoundFull`.
		///
		/// Events: `CommitmentDisplaced` (and `Unbonded`, if the displaced attestor had left
		/// the set and backs no other commitment), `Committed`.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::commit())]
		pub fn commit(
			origin: OriginFor<T>,
			model: ModelId,
			round: RoundId,
			hash: H256,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_commit(who, model, round, hash)
		}

		/// Reveal the scores committed to, in the round's reveal phase.
		///
		/// The dispatch origin must be signed by the attestor that committed. `scores` are
		/// `(contribution, score)` pairs strictly increasing by contribution id, each
		/// contribution accepted and in the model's training data, and not revoked before the
		/// round opened (one revoked since may be revealed, so that a revocation mid-round
		/// cannot make a committed reveal impossible; finalization leaves it out of the
		/// attribution); `salt` is the one committed with.
		///
		/// Errors: `UnknownRound`, `RoundAlreadyFinalized`, `NotRevealPhase`, `NoCommitment`,
		/// `AlreadyRevealed`, `CommitmentMismatch`, `ScoresNotSorted`, `UnknownModel`,
		/// `ContributionNotInTrainingData`.
		///
		/// Events: `Revealed`.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::reveal(weight_len(scores, T::MaxScoresPerReveal::get())))]
		pub fn reveal(
			origin: OriginFor<T>,
			model: ModelId,
			round: RoundId,
			scores: ScoresOf<T>,
			salt: [u8; 32],
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_reveal(who, model, round, scores, salt)
		}

		/// Finalize a round after its reveal phase: aggregate, check the quorum, slash, pay the
		/// bounty, and make the consensus the model's attribution.
		///
		/// The dispatch origin must be signed (by anyone). Committers that did not reveal lose
		/// the round's slash fraction of their active bond to the treasury. Then, if the stake
		/// behind non-empty reveals reaches `RevealQuorum` of the active stake: revealers whose
		/// trust is below the round's threshold are slashed too (empty reveals never are); the
		/// bounty is split among the non-empty revealers by stake × trust (rounded down), the
		/// rest going back to the opener; and the consensus, without contributions revoked
		/// since they were scored, replaces the model's previous attribution and is handed to
		/// the rewards pallet. Without the quorum the previous attribution stays and the whole
		/// bounty goes back to the opener. Displaced attestors whose last commitment this was
		/// start unbonding.
		///
		/// Errors: `UnknownRound`, `RoundAlreadyFinalized`, `RevealPhaseNotOver`,
		/// `UnknownModel`.
		///
		/// Events: `AttestorSlashed` (each slash), `AttestorRewarded` (each non-empty revealer,
		/// with a quorum), `BountyRefunded` (if anything is left), `Unbonded` (each displaced
		/// attestor released), then `RoundFinalized` or `RoundFinalizedWithoutQuorum`.
		#[pallet::call_index(11)]
		#[pallet::weight(Pallet::<T>::finalize_weight(
			T::MaxCommitsPerRound::get(),
			T::MaxScoresPerReveal::get(),
			max_attribution_entries::<T>(),
		).max(Pallet::<T>::finalize_root_weight(T::MaxCommitsPerRound::get())))]
		pub fn finalize(
			origin: OriginFor<T>,
			model: ModelId,
			round: RoundId,
		) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			if RootRounds::<T>::contains_key((model, round)) {
				let committers = Self::do_finalize_root(model, round)?;
				return Ok(Some(Self::finalize_root_weight(committers)).into());
			}
			let cost = Self::do_finalize(model, round)?;
			Ok(Some(Self::finalize_weight(cost.committers, cost.scores, cost.previous_entries))
				.into())
		}

		/// Record a paid inference of a model: the receipt.
		///
		/// The dispatch origin must be signed by the payer; `fee`, at least the model's
		/// inference fee, is transferred from it to `FeeDestination` (keeping the payer alive).
		/// `request_hash` and `output_hash` identify the request and the answer off chain.
		/// A free model (inference fee zero) takes no fee at all, so that data licensed only for
		/// free models is never used for pay.
		/// `attributions`, if given, may only come from the model's owner or an operator: up to
		/// `MaxAttributionsPerInference` distinct live contributions of the model's current
		/// attribution (the attestors' consensus), with shares summing to at most
		/// `MaxReceiptShare`, which route that part of this answer's contributor share; the rest
		/// follows the attestors' attribution as for any inference.
		///
		/// Errors: `UnknownModel`, `ModelRetired`, `FreeModelTakesNoFee`, `FeeBelowModelFee`,
		/// `NotModelOperator`, `AttributionsExceedReceiptShare`, `DuplicateAttribution`,
		/// `ContributionNotInTrainingData`, `ContributionNotAttributed`, or a token error if the
		/// fee cannot be paid.
		///
		/// Events: `InferenceRecorded`.
		#[pallet::call_index(12)]
		#[pallet::weight({
			let count = attributions
				.as_ref()
				.map_or(0, |list| weight_len(list, T::MaxAttributionsPerInference::get()));
			T::WeightInfo::record_inference(count)
				.saturating_add(T::RewardSink::inference_paid_weight(count))
		})]
		pub fn record_inference(
			origin: OriginFor<T>,
			model: ModelId,
			fee: BalanceOf<T>,
			request_hash: H256,
			output_hash: H256,
			attributions: Option<AttributionsOf<T>>,
		) -> DispatchResult {
			let payer = ensure_signed(origin)?;
			Self::do_record_inference(payer, model, fee, request_hash, output_hash, attributions)
		}

		/// Set the round parameters for rounds opened from now on (rounds in progress keep
		/// theirs).
		///
		/// The dispatch origin must be `AdminOrigin` (root on the dev chain). Both phases must
		/// lie within
		/// `[MinPhaseLength, MaxPhaseLength]` and the slash fraction must not exceed
		/// `MaxSlashFraction`.
		///
		/// Errors: `ParameterOutOfBounds`.
		///
		/// Events: `RoundParametersSet`.
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::set_round_parameters())]
		pub fn set_round_parameters(
			origin: OriginFor<T>,
			parameters: RoundParametersOf<T>,
		) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_set_round_parameters(parameters)
		}

		/// Register a model with a deterministic attribution spec (see `register_model` for the
		/// common arguments, errors and deposit).
		///
		/// - `spec`: the method and its parameters, the input format, and the blake2-256 of the
		///   evaluation set file with its number of queries (docs/DESIGN.md §9). Its hash is
		///   stored and announced; the `model_spec` runtime API returns it in full.
		/// - `evaluation_uri`: where the evaluation set is published, at most
		///   `MaxMetadataUriLength` bytes; `evaluation_reveal_at`: the block from which it is.
		///   The set is fixed by its hash now, after the training versions were published, so
		///   no contribution could have been made to target it.
		///
		/// The model's rounds then agree on a ledger root (`reveal_root`), and the contributor
		/// share of its fees accrues to its ledger, claimed by proof in the rewards pallet.
		///
		/// Errors: those of `register_model`, and `SpecMalformed`.
		///
		/// Events: `ModelRegistered`, `AttributionSpecDeclared`.
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::register_model_with_spec(
			weight_len(name, T::MaxNameLength::get()),
			weight_len(metadata_uri, T::MaxMetadataUriLength::get()),
			weight_len(training_data, T::MaxTrainingSets::get()),
		).saturating_add(T::RewardSink::ledger_hook_weight()))]
		pub fn register_model_with_spec(
			origin: OriginFor<T>,
			name: Vec<u8>,
			artifact_hash: H256,
			metadata_uri: Vec<u8>,
			training_data: TrainingDataArgOf<T>,
			inference_fee: BalanceOf<T>,
			spec: AttributionSpec,
			evaluation_uri: Vec<u8>,
			evaluation_reveal_at: BlockNumberFor<T>,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_register_model_with_spec(
				owner,
				(name, artifact_hash, metadata_uri, training_data, inference_fee),
				spec,
				evaluation_uri,
				evaluation_reveal_at,
			)
			.map(|_| ())
		}

		/// Reveal the ledger root committed to in a root round.
		///
		/// The dispatch origin must be signed by the committed attestor, in the reveal phase.
		/// `root` (hash, leaf count, owed and score totals) and `salt` must hash, with the
		/// model, the round and the signer, to the commitment
		/// (`openledger_core::commitment::root_commitment_hash`). `leaves_uri` (at most
		/// `MaxMetadataUriLength` bytes) says where the attestor published the leaves, so that
		/// contributors can prove their claims.
		///
		/// Errors: `UnknownRound`, `NotRootRound`, `RoundAlreadyFinalized`, `NotRevealPhase`,
		/// `NoCommitment`, `AlreadyRevealed`, `CommitmentMismatch`, `MetadataUriTooLong`.
		///
		/// Events: `RootRevealed`.
		#[pallet::call_index(15)]
		#[pallet::weight(T::WeightInfo::reveal_root(
			weight_len(leaves_uri, T::MaxMetadataUriLength::get()),
		))]
		pub fn reveal_root(
			origin: OriginFor<T>,
			model: ModelId,
			round: RoundId,
			root: LedgerRoot,
			leaves_uri: Vec<u8>,
			salt: [u8; 32],
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_reveal_root(who, model, round, root, leaves_uri, salt)
		}
	}
}
