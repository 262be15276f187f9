//! # Rewards pallet
//!
//! Pays the people behind a model when the model is used: every inference fee is split between
//! the treasury, the model's owner, the attestors who scored the model's training data, the
//! contributors of that data and their datanets' owners, and each of them claims what it is owed
//! whenever it likes, at a cost that does not depend on how many others are owed too.
//!
//! - [`Config`]
//! - [`Call`]
//! - [`Event`] and [`Error`]
//! - [`runtime_api::RewardsApi`]
//! - the maths: [`openledger_primitives::rewards`]
//!
//! ## Overview
//!
//! When someone pays for an inference of a model (through the attribution pallet), the fee lands
//! in this pallet's **pot**, one account derived from [`Config::PalletId`] that holds every
//! reward until it is claimed. The fee is then split by the **fee split** root has set (within
//! the hard bounds [`Config::FeeSplitBounds`]; 10% / 20% / 10% / 60% at genesis):
//!
//! 1. **Treasury**: transferred to [`Config::TreasuryAccount`] at once. It also receives the
//!    rounding dust of the split, so the four shares add up to the fee exactly.
//! 2. **Model owner**: credited to the owner's **direct ledger**, claimable at once.
//! 3. **Attestors**: paid into the model's **attestors' pool**, shared by the attestors of the
//!    model's latest round that reached its quorum, by their weight in it (stake × trust in a
//!    scored round, stake in a root round; the slashed earn nothing). A bond alone earns
//!    nothing, so bonding just before a large inference and unbonding after it captures none of
//!    it: an attestor starts earning from a model only once a round it took part in is
//!    finalized, and stops when a later round finalizes without it.
//! 4. **Contributors**: if the inference's receipt attributed the answer to contributions
//!    ("60% of this answer came from contributions 7 and 9"), those shares of the contributors'
//!    part go straight to those contributions. The rest goes into the **model's pool**, shared
//!    by the points of the model's latest finalized attribution round: a contribution scored
//!    twice as high earns twice as much. Either way, each contribution's datanet owner takes the
//!    datanet's **curation fee** of what the contribution earns, and the contributor the rest.
//!    For a model with a **ledger** (registered with a deterministic attribution spec), the
//!    rest goes to the ledger instead of the pool, and is paid by proof (see *Model ledgers*).
//!
//! A pool without members (a model whose first round with a quorum is not finalized yet)
//! cannot be paid; its share goes to the treasury instead.
//!
//! Optionally, root sets an **emission** per era, newly minted tokens spread over the era's fees
//! and minted with each fee, into the model's pool (or ledger) alongside the fee's contributor
//! share. A fee's emission is capped by what the fee paid to the treasury, so paying fees to a
//! model you own, whose data you contributed and whose attestor you are, never earns more than
//! it costs; and it is paid to the pool's members when the fee is, so nobody can collect an
//! era's emission by joining a pool at its end.
//!
//! Rewards are never pushed to anyone: each account **claims** from each pool (or from all of
//! them at once). A pool does not pay its members one by one; it keeps a **reward counter**,
//! what one point has earned since the pool began, and a member's reward is its points times
//! the counter's growth since the member was last paid. A claim therefore reads one pool and
//! one member, whether the pool has ten members or a hundred thousand.
//!
//! ### Terms
//!
//! - *Pot*: the account `PalletId.into_account_truncating()`. It keeps the existential deposit
//!   (funded at genesis) and everything owed to anyone; claims never take it below the
//!   existential deposit.
//! - *Pool* ([`PoolId`]): `Model(id)` and `Attestors(id)` for each model, and `Direct`, which
//!   is not a pool but each account's own ledger.
//! - *Points*: a member's share of a pool. In a model's attestors' pool: the attestor's weight
//!   in the model's latest round with a quorum (stake × trust, or stake in a root round). In
//!   a model's pool: for each contribution of the model's latest finalized attribution, its
//!   consensus score × [`openledger_primitives::rewards::POINTS_PER_SCORE`], split by the
//!   datanet's curation fee between the datanet's owner and the contributor, and added up per
//!   account.
//! - *Reward counter*: what one point of a pool has earned since the pool was created.
//! - *Settle*: credit a member what it earned since it was last settled (at the pool's current
//!   counter) to its pending reward. Points only ever change right after settling.
//! - *Pending*: what an account could claim now.
//! - *Era*: [`Config::EraLength`] blocks; era `e` starts at block `e × EraLength`.
//! - *Dust*: fractions of the smallest unit lost to rounding. Bounded, see below.
//! - *Ledger* ([`LedgerAccount`]): what a model with a spec has received for its contributors
//!   (`inflow`), what claims paid out of it (`claimed`), and the *root* in force, which commits
//!   to a Merkle sum tree of *leaves* `(account, owed, score)` ([`openledger_core::ledger`]).
//! - *Owed* (in a leaf): the cumulative amount the account is owed by the model's ledger, over
//!   every root so far; a claim pays its increase since the account's last claim.
//!
//! ### The reward counter
//!
//! A pool keeps `total_points`, a `reward_counter` and a `remainder`; a member keeps its
//! `points`, `last_counter` (the counter when it was last settled), a `carry` and its settled
//! `pending` reward. With the counter in fixed point (`2^-128` units of balance per point):
//!
//! ```text
//! on a payment of `amount` into the pool:
//!     scaled          = amount × 2^128 + remainder
//!     reward_counter += ⌊scaled / total_points⌋
//!     remainder       = scaled mod total_points           (less than one unit)
//! on settling a member:
//!     owed            = points × (reward_counter − last_counter) + carry
//!     pending        += ⌊owed / 2^128⌋                    (rounded down)
//!     carry           = owed mod 2^128                    (the fraction, kept for later)
//!     last_counter    = reward_counter
//! ```
//!
//! A member's points change only right after it was settled, so every payment counts with the
//! points the member had when it was made. Fractions are never dropped: the pool's remainder
//! goes into the next payment, a member's carry into its next settlement, and a departing
//! member's carry into the pool's remainder. The pallet checks, exactly, that
//! `2^128 × undistributed == remainder + Σ owed` for every pool (identity (1) of
//! [`openledger_primitives::rewards`]).
//!
//! ### Dust bound
//!
//! - Everything pending in a pool is backed: the sum of its members' pending rewards never
//!   exceeds what it holds for them (`undistributed`).
//! - A pool with `n` members holds at most `n` units of dust (its undistributed balance minus
//!   its members' pending rewards), and none when it has no members. This does not grow with
//!   time or the number of payments.
//! - When a member leaves a pool, its carry (less than one unit) joins the pool's remainder;
//!   whenever that reaches a whole unit, the unit is written off as dust
//!   ([`Totals::dust`]): less than one unit per departure, ever.
//!
//! Units are the smallest unit of the currency (10^-18 OPEN). Nothing is ever paid that the pot
//! does not hold: `do_try_state` checks that the pot holds the existential deposit plus
//! everything owed, and that `fees in + emission in == paid out + sent to the treasury + dust
//! + everything owed` exactly (what the model ledgers still hold counting as owed).
//!
//! ### Model ledgers
//!
//! A model registered with a deterministic attribution spec has a **ledger** instead of a
//! pool for its contributors (module [`ledger`] has the details):
//!
//! 1. The attribution pallet opens it at registration (`RewardSink::ledger_opened`); from
//!    then on, the contributor share of the model's fees that receipts do not attribute is
//!    added to its `inflow` (field `ledger` of `FeeDistributed`), never to its pool.
//! 2. The model's root rounds agree on the root of a Merkle sum tree of what each account is
//!    owed in total, checked against the inflow (`RewardSink::ledger_root_accepted`).
//! 3. Anyone calls [`claim_by_proof`](Pallet::claim_by_proof) with an account's leaf and
//!    proof (`openledger-attestor prove` prints both); the account is paid its leaf's `owed`
//!    less what it claimed before, capped by what the ledger still holds (`inflow − claimed`),
//!    so a ledger never pays out more than it received, whatever roots were accepted. One hash
//!    per proof node: `O(log n)` for `n` leaves.
//!
//! ### Emission
//!
//! The emission per era in force at an era's first fee (zero at genesis, at most
//! [`Config::MaxEmissionPerEra`]) is minted fee by fee
//! ([`openledger_primitives::rewards::fee_emission`]): a fee earns the era's emission times the
//! fee over the total fees of the era before (so a steady stream of fees spreads the emission
//! over the era), capped at the fee's treasury share and at what the era has left to emit (the
//! first era with fees, whose era before had none, is bounded by those caps alone). The emission
//! goes, with the fee, into the model's pool or ledger: to the members who earn that fee, at the
//! points they have when it is paid. A model whose pool has no members mints none. One value,
//! [`EmissionEra`], holds the current era's state; nothing grows with eras or models, and no
//! call settles eras after the fact (there used to be one, `settle_emission`, which paid a
//! whole era to whoever was in the pool when it was called).
//!
//! ### Example
//!
//! With polkadot.js (amounts in the smallest unit, 10^-18 OPEN):
//!
//! ```js
//! // What Bob is owed, pool by pool (`Direct` is his own ledger).
//! const owed = await api.call.rewardsApi.pending(bob.address);
//! // e.g. [[{ Model: 0 }, 1200000000000000000n], [{ Attestors: 0 }, 35000000000000000n],
//! //       ['Direct', 500000000000000000n]]
//! const total = await api.call.rewardsApi.pendingTotal(bob.address);
//! // Claim one pool, or everything at once.
//! await api.tx.rewards.claim({ Model: 0 }).signAndSend(bob);
//! await api.tx.rewards.claimAll().signAndSend(bob);
//! // Anyone may pay an account what it is owed (to that account).
//! await api.tx.rewards.claimFor(carol.address, { Attestors: 0 }).signAndSend(bob);
//! // A relayer claims what model 3's ledger owes Carol, with the output of
//! // `openledger-attestor prove --leaves leaves.json --account <carol>` (parsed as `out`).
//! await api.tx.rewards.claimByProof(3, carol.address, out.leaf.owed, out.leaf.score,
//!   out.proof.index, out.proof.siblings).signAndSend(bob);
//! const ledger = await api.call.rewardsApi.ledger(3); // { inflow, claimed, root }
//! const claimed = await api.call.rewardsApi.ledgerClaimed(3, carol.address);
//! // The current emission era: its emission, what it minted, its fees and the era before's.
//! const { era, perEra, minted, fees, previousFees } = await api.query.rewards.emissionEra();
//! // Root changes the fee split (parts per billion, adding up to 1 000 000 000).
//! await api.tx.sudo.sudo(api.tx.rewards.setFeeSplit({
//!   treasury: 100000000, modelOwner: 200000000, attestors: 100000000, contributors: 600000000,
//! })).signAndSend(alice);
//! // The pot, and a pool.
//! const [pot, potBalance] = await api.call.rewardsApi.pot();
//! const pool = await api.call.rewardsApi.pool({ Model: 0 });
//! ```
//!
//! ## Pallet API
//!
//! Calls (see [`Call`] for origins, errors and events of each):
//!
//! - [`claim`](Pallet::claim) (anyone): claim what one pool (or the direct ledger) owes you.
//! - [`claim_all`](Pallet::claim_all) (anyone): claim from every pool you are listed in and
//!   your direct ledger.
//! - [`claim_for`](Pallet::claim_for) (anyone): pay another account what a pool owes it.
//! - [`set_fee_split`](Pallet::set_fee_split) (root): change the fee split within its bounds.
//! - [`set_emission`](Pallet::set_emission) (root): change the emission per era.
//! - [`claim_by_proof`](Pallet::claim_by_proof) (anyone, paying the account proven): claim
//!   what a model's ledger owes an account, by Merkle proof against the ledger's root.
//!
//! The attribution pallet drives the pools through
//! [`openledger_primitives::RewardSink`], implemented by [`Pallet`]: `inference_paid` (a fee
//! arrived in the pot: split it), `attribution_finalized` (replace a model pool's points) and
//! `attestors_finalized` (replace a model's attestors' points), and for models with a spec
//! `ledger_opened`, `ledger_inflow` and `ledger_root_accepted`. The runtime sets the
//! attribution pallet's fee destination to [`Pallet::pot`]. This pallet reads contributions
//! through [`openledger_primitives::ContributionInspect`] ([`Config::Contributions`]) and
//! datanets' owners and curation fees through [`openledger_primitives::DatanetInspect`]
//! ([`Config::Datanets`]). Clients use the runtime API [`runtime_api::RewardsApi`], whose
//! methods are the `api_*` functions of [`Pallet`].
//!
//! ## Low-level design
//!
//! ### Storage
//!
//! - [`Pools`]: one [`PoolInfo`] per pool that ever had members: points, counter, remainder,
//!   what it holds (`undistributed`) and its member count.
//! - [`PoolMembers`]: `(pool, account) → `[`Member`], only for accounts with points.
//! - [`DirectLedger`]: `account → balance` owed directly.
//! - [`AccountPools`]: the pools each account is a member of, at most
//!   [`Config::MaxPoolsPerAccount`], so that `claim_all` and the `pending` runtime API are
//!   bounded. An account joining a pool when its list is full is still a member and is paid by
//!   `claim(pool)` / `claim_for`, but the pool is not listed (event `PoolNotListed`): `claim_all`
//!   and `pending` do not see it (`pending_in` does). Its member record says whether it is
//!   listed.
//! - [`FeeSplitStorage`], [`EmissionPerEra`]: root's settings.
//! - [`EmissionEra`]: the current emission era ([`EmissionState`]), read and written once per
//!   inference.
//! - [`Ledger`]: the value ledger ([`Totals`]) that `do_try_state` balances.
//! - [`ModelLedgers`]: `model → `[`LedgerAccount`], for models with a spec only.
//! - [`LedgerClaimed`]: `(model, account) → ` what the account claimed from the model's ledger
//!   so far (non-zero entries only).
//!
//! ### Leaving a pool
//!
//! An account whose points drop to zero (a later round finalizes without it, its contributions are not in
//! the model's new attribution) is settled, its pending reward moved to its direct ledger, its
//! carry to the pool's remainder, and its member record removed. A pool's members are therefore
//! exactly its accounts with points, which bounds a model pool's members by
//! [`Config::MaxModelPoolMembers`] (each consensus entry gives points to at most two accounts:
//! the contributor and the datanet's owner; set the bound to twice the attribution pallet's
//! largest consensus). Replacing a model's attribution settles and rewrites at most that many
//! members.
//!
//! ### Revocations
//!
//! A revoked contribution is left out of the next finalized attribution (the attribution
//! pallet filters it, and so does this pallet), and receipt attributions to it are not paid to
//! it: its share stays in the model's pool. Points it holds from a round finalized before the
//! revocation keep earning until the model's next round is finalized.
//!
//! ### Cost
//!
//! Every call is O(1) in the number of pool members, contributions, contributors, models and
//! datanets: `claim` touches one pool and one member, `claim_all` at most
//! `MaxPoolsPerAccount + 1` of them; `claim_by_proof`
//! one ledger and one account, plus one hash per proof node. Of the
//! [`openledger_primitives::RewardSink`] functions, `inference_paid` is O(receipt
//! attributions), `attribution_finalized` O(consensus entries + current members) (both bounded
//! by the attribution pallet's constants), `attestors_finalized` O(round's attestors + current
//! attestors) (at most `MaxAttestorsPerModel` each), and the ledger hooks
//! one read and one write each. Their weights come from this pallet's benchmarks (the ledger
//! hooks' from `DbWeight`); the attribution pallet adds them to its calls' weights.
//!
//! ### Invariants
//!
//! Checked by `Pallet::do_try_state` (module `invariants`, compiled for try-runtime and tests)
//! in the `try_state` hook and after every unit test:
//!
//! - every pool's `total_points` and `members` equal the sums over its member records, and no
//!   member has zero points; a model pool has at most `MaxModelPoolMembers` members, a model's
//!   attestors' pool at most `MaxAttestorsPerModel`;
//! - identity (1), exactly, for every pool: `2^128 × undistributed == remainder + Σ owed`; hence
//!   the members' pending rewards are backed and the dust is at most one unit per member;
//! - `AccountPools` lists exactly the member records marked `listed`, without duplicates;
//! - every model ledger has `claimed <= inflow` and, with a root, `root.owed <= inflow`; its
//!   [`LedgerClaimed`] entries add up to its `claimed`, and there are none (nor zero ones) for
//!   models without a ledger;
//! - the ledger balances: `fees_in + emission_in == paid_out + to_treasury + dust + Σ direct
//!   ledgers + Σ undistributed + Σ members' pending + Σ model ledgers' (inflow − claimed)`;
//! - the pot holds at least the existential deposit plus
//!   `fees_in + emission_in − paid_out − to_treasury`, so every pending reward can be paid;
//! - the fee split is valid within its bounds and the emission at most its maximum.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod functions;
mod impl_reward_sink;
// The invariants run under try-runtime, in unit tests, and in std builds (the runtime's
// integration tests drive every pallet at once and check all of them); never in block execution.
#[cfg(any(feature = "try-runtime", feature = "std", test))]
pub mod invariants;
pub mod ledger;
#[cfg(test)]
mod mock;
pub mod runtime_api;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use ledger::ProofSiblings;
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use frame_support::traits::fungible;

/// The balance type of the currency rewards are paid in.
pub type BalanceOf<T> = <<T as Config>::Currency as fungible::Inspect<
	<T as frame_system::Config>::AccountId,
>>::Balance;

/// Target of this pallet's log lines.
pub(crate) const LOG_TARGET: &str = "runtime::rewards";

/// The largest pool the `claim` benchmark measures (its weight is flat in the pool's size; the
/// call's weight is the benchmark's at this size).
pub const CLAIM_BENCHMARK_MEMBERS: u32 = 100_000;

// FRAME's `pallet` macros expand to `expect()` on values they prove present; our own logic
// lives outside this module (functions.rs, impl_reward_sink.rs), where the lint stays on.
#[allow(clippy::expect_used)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use core::marker::PhantomData;
	use frame_support::{pallet_prelude::*, PalletId};
	use frame_system::pallet_prelude::*;
	use openledger_primitives::{
		ContributionInspect, DatanetInspect, FeeSplit, FeeSplitBounds, ModelId, Points,
	};
	// Our `Member` record, not FRAME's `Member` trait from the prelude.
	use crate::types::Member;
	use sp_runtime::{traits::Zero, Perbill, SaturatedConversion};

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The currency rewards are paid in; emission is minted in it.
		type Currency: fungible::Mutate<Self::AccountId>;

		/// The contribution registry: who contributed a contribution, to which datanet, and
		/// whether it is live (accepted and not revoked).
		type Contributions: ContributionInspect<Self::AccountId, BlockNumberFor<Self>>;

		/// The datanets: each one's owner and curation fee.
		type Datanets: DatanetInspect<Self::AccountId, BalanceOf<Self>>;

		/// Derives the pot account, which holds every reward until it is claimed. The runtime
		/// sets the attribution pallet's fee destination to it.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// Receives the treasury's share of fees, and the shares of pools without members. It
		/// must exist (hold at least the existential deposit).
		#[pallet::constant]
		type TreasuryAccount: Get<Self::AccountId>;

		/// The hard bounds within which root may set the fee split.
		#[pallet::constant]
		type FeeSplitBounds: Get<FeeSplitBounds>;

		/// Most pools listed per account (for `claim_all` and the `pending` runtime API).
		#[pallet::constant]
		type MaxPoolsPerAccount: Get<u32>;

		/// Most members of one model's pool: twice the attribution pallet's largest consensus
		/// (each consensus entry gives points to a contributor and a datanet owner).
		#[pallet::constant]
		type MaxModelPoolMembers: Get<u32>;

		/// Most members of one model's attestors' pool: the attribution pallet's
		/// `MaxCommitsPerRound` (a round's attestors replace the pool's).
		#[pallet::constant]
		type MaxAttestorsPerModel: Get<u32>;

		/// Length of an emission era, in blocks. Not zero.
		#[pallet::constant]
		type EraLength: Get<BlockNumberFor<Self>>;

		/// The most root may set as emission per era.
		#[pallet::constant]
		type MaxEmissionPerEra: Get<BalanceOf<Self>>;

		/// Who may change the fee split and the emission: root on the dev chain, governance on
		/// a public network (the runtime decides; the pallet never names root itself).
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The smallest payout a claim is free for: `claim`, `claim_all`, `claim_for` and
		/// `claim_by_proof` charge no transaction fee when they will pay at least this much
		/// (checked in the transaction pool and again when the block is built), so a contributor
		/// who holds no tokens can claim. Smaller and failing claims pay the usual fee, so
		/// claims cannot be used to spam. At least the existential deposit, so that a free claim
		/// can always create the account it pays.
		#[pallet::constant]
		type MinFreeClaim: Get<BalanceOf<Self>>;

		/// Weights of this pallet's calls and of its `RewardSink` functions, from its
		/// benchmarks.
		type WeightInfo: WeightInfo;
	}

	/// Every pool that ever had members.
	#[pallet::storage]
	pub type Pools<T: Config> =
		StorageMap<_, Twox64Concat, PoolId, PoolInfo<BalanceOf<T>>, OptionQuery>;

	/// Each pool's members (accounts with points).
	#[pallet::storage]
	pub type PoolMembers<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		PoolId,
		Blake2_128Concat,
		T::AccountId,
		Member<BalanceOf<T>>,
		OptionQuery,
	>;

	/// What each account is owed directly (the `Direct` pool).
	#[pallet::storage]
	pub type DirectLedger<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, BalanceOf<T>, ValueQuery>;

	/// The pools each account is a listed member of.
	#[pallet::storage]
	pub type AccountPools<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		BoundedVec<PoolId, T::MaxPoolsPerAccount>,
		ValueQuery,
	>;

	/// The fee split applied to every inference fee.
	#[pallet::storage]
	pub type FeeSplitStorage<T> = StorageValue<_, FeeSplit, ValueQuery>;

	/// Emission per era (zero: none).
	#[pallet::storage]
	pub type EmissionPerEra<T: Config> = StorageValue<_, BalanceOf<T>, ValueQuery>;

	/// The current emission era: its emission, what it minted and the fees it spreads over.
	/// `None` until the first fee.
	#[pallet::storage]
	pub type EmissionEra<T: Config> =
		StorageValue<_, EmissionState<BalanceOf<T>>, OptionQuery>;

	/// The pallet's value ledger.
	#[pallet::storage]
	pub type Ledger<T: Config> = StorageValue<_, Totals<BalanceOf<T>>, ValueQuery>;

	/// The ledger of each model with a deterministic attribution spec (opened by the
	/// attribution pallet when it registers the model).
	#[pallet::storage]
	pub type ModelLedgers<T: Config> =
		StorageMap<_, Twox64Concat, ModelId, LedgerAccount<BalanceOf<T>>, OptionQuery>;

	/// What each account has claimed from each model's ledger so far (cumulative, so that a
	/// leaf's cumulative `owed` pays only its increase). Only non-zero entries are stored.
	#[pallet::storage]
	pub type LedgerClaimed<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		ModelId,
		Blake2_128Concat,
		T::AccountId,
		BalanceOf<T>,
		ValueQuery,
	>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The fee split as `[treasury, model owner, attestors, contributors]`; `None` for the
		/// default 10% / 20% / 10% / 60%. Must add up to 100% within `FeeSplitBounds`.
		pub fee_split: Option<[Perbill; 4]>,
		/// Emission per era, at most `MaxEmissionPerEra`.
		pub emission_per_era: u128,
		#[serde(skip)]
		pub _config: PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			if let Some([treasury, model_owner, attestors, contributors]) = self.fee_split {
				let split = FeeSplit { treasury, model_owner, attestors, contributors };
				assert!(
					split.is_valid(&T::FeeSplitBounds::get()),
					"the genesis fee split must add up to 100% within FeeSplitBounds"
				);
				FeeSplitStorage::<T>::put(split);
			}
			let emission = BalanceOf::<T>::saturated_from(self.emission_per_era);
			assert!(
				emission <= T::MaxEmissionPerEra::get(),
				"the genesis emission per era exceeds MaxEmissionPerEra"
			);
			EmissionPerEra::<T>::put(emission);
			Pallet::<T>::ensure_pot_exists();
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// `amount` owed to `who` by `pool` was paid to `who` from the pot.
		RewardClaimed { who: T::AccountId, pool: PoolId, amount: BalanceOf<T> },
		/// An inference fee of `model` was split: `treasury` went to the treasury (its share,
		/// plus the shares of pools without members), `model_owner` to the owner's direct
		/// ledger, `attestors` into the attestors' pool, `attributed` to the contributions the
		/// receipt attributed (and their datanets' owners), and the rest of the contributors'
		/// share either into the model's pool (`model_pool`) or, for a model with a ledger, to
		/// its ledger (`ledger`); the other of the two is zero. The six add up to `fee`.
		/// `emission` was minted for this fee and paid where `model_pool` or `ledger` went.
		FeeDistributed {
			model: ModelId,
			fee: BalanceOf<T>,
			treasury: BalanceOf<T>,
			model_owner: BalanceOf<T>,
			attestors: BalanceOf<T>,
			attributed: BalanceOf<T>,
			model_pool: BalanceOf<T>,
			ledger: BalanceOf<T>,
			emission: BalanceOf<T>,
		},
		/// A model's attribution was finalized: its pool now has `members` members with
		/// `total_points` points (every previous member was settled first).
		ModelPointsReplaced { model: ModelId, members: u32, total_points: Points },
		/// A round of `model` reached its quorum: the model's attestors' pool now has `members`
		/// members with `total_points` points (every previous member was settled first).
		AttestorsReplaced { model: ModelId, members: u32, total_points: Points },
		/// `who` joined `pool` but its list of pools was full (`MaxPoolsPerAccount`): it is paid
		/// by `claim(pool)`, but `claim_all` and the `pending` runtime API do not see the pool.
		PoolNotListed { who: T::AccountId, pool: PoolId },
		/// Root set a new fee split, applied from the next inference.
		FeeSplitSet { split: FeeSplit },
		/// Root set a new emission per era, applied from the next era that starts receiving
		/// fees.
		EmissionSet { per_era: BalanceOf<T> },
		/// `amount` was paid to `who` from `model`'s ledger, whose root in force owes `who`
		/// `owed` in total. `who` has now claimed `owed` from the ledger, or less if the
		/// ledger held less (the rest is paid by a later claim, once the ledger has it).
		LedgerClaimed {
			model: ModelId,
			who: T::AccountId,
			amount: BalanceOf<T>,
			owed: BalanceOf<T>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// Nothing is owed to the account by this pool (it is not a member, or it claimed
		/// everything already), or, for `claim_by_proof`, its leaf owes no more than it claimed
		/// from the model's ledger already, or the ledger has paid out all it received. Check
		/// what is owed with the `pending`, `pending_in` or `ledger_claimed` runtime API before
		/// claiming.
		NothingToClaim,
		/// The fee split's parts do not add up to exactly 100%, or a part lies outside the
		/// runtime's bounds. Choose parts that add up to 100% (1 000 000 000 parts per billion),
		/// each within the `FeeSplitBounds` constant.
		FeeSplitOutOfBounds,
		/// The emission per era is larger than `MaxEmissionPerEra`. Choose an amount at most
		/// that constant.
		EmissionTooHigh,
		/// The model has no ledger: it was registered without a deterministic attribution
		/// spec, so its contributors are paid from its pool, not by proof. Claim with
		/// `claim(Model(id))` instead.
		NotALedgerModel,
		/// The model's ledger has no root yet: none of its root rounds has reached a quorum.
		/// Wait until one is finalized (the attribution pallet's `model_ledger` runtime API
		/// shows the root in force), then claim with a proof for that root.
		NoLedgerRoot,
		/// The proof does not verify against the model's current root: the leaf (`who`,
		/// `owed`, `score`), the index or the siblings differ from the tree the root commits
		/// to, or a newer root has been agreed since the proof was made. Fetch a fresh proof
		/// for the latest root with `openledger-attestor prove` and claim with exactly its leaf.
		InvalidProof,
		/// The account's encoding is longer than 32 bytes, so no ledger leaf can stand for it.
		/// This cannot happen with the runtime's 32-byte `AccountId32`; a runtime with longer
		/// account ids cannot pay from ledgers and must not open any.
		AccountNotRepresentable,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(!T::EraLength::get().is_zero(), "EraLength must not be zero");
			assert!(T::MaxModelPoolMembers::get() > 0, "MaxModelPoolMembers must not be zero");
			assert!(T::MaxPoolsPerAccount::get() > 0, "MaxPoolsPerAccount must not be zero");
			assert!(
				T::MinFreeClaim::get() >=
					<T::Currency as fungible::Inspect<T::AccountId>>::minimum_balance(),
				"MinFreeClaim must be at least the existential deposit"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Claim what one pool, or the direct ledger, owes you.
		///
		/// The dispatch origin must be signed; the caller is settled in `pool` (or its direct
		/// ledger is emptied for `Direct`) and paid everything it is owed there from the pot
		/// (which keeps its existential deposit). Costs the same whatever the pool's size.
		///
		/// Errors: `NothingToClaim`; a token error if the pot cannot pay (e.g. the amount is
		/// below the existential deposit and the caller's account does not exist).
		///
		/// Events: `RewardClaimed`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::claim(CLAIM_BENCHMARK_MEMBERS))]
		#[pallet::feeless_if(|origin: &OriginFor<T>, pool: &PoolId| -> bool {
			ensure_signed(origin.clone())
				.is_ok_and(|who| Pallet::<T>::is_free_claim(Pallet::<T>::claimable(&who, *pool)))
		})]
		pub fn claim(origin: OriginFor<T>, pool: PoolId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_claim(who, pool).map(|_| ())
		}

		/// Claim from every pool you are listed in, and your direct ledger, in one transfer.
		///
		/// The dispatch origin must be signed. Pools the caller joined while its list was full
		/// (event `PoolNotListed`) are not included: use `claim` for them.
		///
		/// Errors: `NothingToClaim` if nothing is owed anywhere; a token error if the pot cannot
		/// pay.
		///
		/// Events: `RewardClaimed` for each pool that owed something.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::claim_all(T::MaxPoolsPerAccount::get()))]
		#[pallet::feeless_if(|origin: &OriginFor<T>| -> bool {
			ensure_signed(origin.clone())
				.is_ok_and(|who| Pallet::<T>::is_free_claim(Pallet::<T>::claimable_in_all(&who)))
		})]
		pub fn claim_all(origin: OriginFor<T>) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let listed = Self::do_claim_all(who)?;
			Ok(Some(T::WeightInfo::claim_all(listed)).into())
		}

		/// Pay `who` what `pool` (or its direct ledger) owes it.
		///
		/// The dispatch origin must be signed, by anyone: the funds go to `who`, never to the
		/// caller. Useful for services that pay out on behalf of users.
		///
		/// Errors: `NothingToClaim`; a token error if the pot cannot pay.
		///
		/// Events: `RewardClaimed`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::claim_for())]
		#[pallet::feeless_if(|_origin: &OriginFor<T>, who: &T::AccountId, pool: &PoolId| -> bool {
			Pallet::<T>::is_free_claim(Pallet::<T>::claimable(who, *pool))
		})]
		pub fn claim_for(origin: OriginFor<T>, who: T::AccountId, pool: PoolId) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_claim(who, pool).map(|_| ())
		}

		/// Set the fee split applied to every inference fee from now on.
		///
		/// The dispatch origin must be `AdminOrigin`. The four parts must add up to exactly 100%, each
		/// within `FeeSplitBounds`.
		///
		/// Errors: `FeeSplitOutOfBounds`.
		///
		/// Events: `FeeSplitSet`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::set_fee_split())]
		pub fn set_fee_split(origin: OriginFor<T>, split: FeeSplit) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_set_fee_split(split)
		}

		/// Set the emission per era (zero: no emission).
		///
		/// The dispatch origin must be `AdminOrigin`. The amount must be at most `MaxEmissionPerEra`. An
		/// era's emission is the one in force when its first fee was paid, so the change applies
		/// from the next era that receives fees.
		///
		/// Errors: `EmissionTooHigh`.
		///
		/// Events: `EmissionSet`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::set_emission())]
		pub fn set_emission(origin: OriginFor<T>, per_era: BalanceOf<T>) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_set_emission(per_era)
		}

		// Call index 5 was `settle_emission`, retired: emission is minted with each fee.

		/// Pay `who` what `model`'s ledger owes it, proven against the ledger's current root.
		///
		/// The dispatch origin must be signed, by anyone: the funds go to `who`, never to the
		/// caller, so a relayer may claim for a contributor who holds no tokens (the amount must
		/// then be at least the existential deposit).
		///
		/// `owed` and `score` are `who`'s leaf under the root in force, `index` its position
		/// and `siblings` its proof, from the bottom up (`openledger-attestor prove` prints all
		/// four from the published leaves file). The chain rebuilds the leaf from
		/// `ledger_account(who)`, verifies it against the root and pays `owed` less what `who`
		/// claimed from the ledger before, but never more than the ledger still holds (its
		/// inflow less its claims). `owed` is cumulative: claim after every new root to collect
		/// what it added. The weight is linear in the proof's length, `O(log n)` for `n` leaves.
		///
		/// Errors: `NotALedgerModel`, `NoLedgerRoot`, `AccountNotRepresentable`, `InvalidProof`,
		/// `NothingToClaim`; a token error if the pot cannot pay (e.g. the amount is below the
		/// existential deposit and `who`'s account does not exist).
		///
		/// Events: `LedgerClaimed`.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::claim_by_proof(siblings.len() as u32))]
		#[pallet::feeless_if(|_origin: &OriginFor<T>, model: &ModelId, who: &T::AccountId,
			owed: &BalanceOf<T>, score: &u128, index: &u64, siblings: &ProofSiblings| -> bool {
			Pallet::<T>::proven_claim(*model, who, *owed, *score, *index, siblings)
				.is_ok_and(|claim| Pallet::<T>::is_free_claim(claim.amount))
		})]
		pub fn claim_by_proof(
			origin: OriginFor<T>,
			model: ModelId,
			who: T::AccountId,
			owed: BalanceOf<T>,
			score: u128,
			index: u64,
			siblings: ProofSiblings,
		) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_claim_by_proof(model, who, owed, score, index, siblings).map(|_| ())
		}
	}
}
