//! `pallet_attribution`: models, bonded attestors, commit-reveal attribution rounds and
//! inference receipts.
//!
//! Sizes are chosen so that the largest round (every committer revealing the most scores)
//! finalizes within one block; see the pallet's `finalize` weight in `weights.rs`.
//! Inference fees are paid into the rewards pot, which splits them (`RewardSink = Rewards`).

use crate::{
	configs::TreasuryAccount, AccountId, Balances, Contributions, Datanets, Rewards, Runtime,
	RuntimeHoldReason, DAYS, MINUTES, OPEN,
};
use frame_support::{parameter_types, traits::ConstU32};
use sp_runtime::Perbill;

parameter_types! {
	/// Held from a model's owner until the model is retired.
	pub const ModelDeposit: crate::Balance = 10 * OPEN;
	/// Kept by a retired model for its record, its last 16 round summaries and its ledger
	/// (under 4 KB; 1 OPEN is what the registry charges for 10 KB).
	pub const RetiredModelDeposit: crate::Balance = OPEN;
	/// The smallest active bond of an attestor.
	pub const MinAttestorBond: crate::Balance = 100 * OPEN;
	/// Blocks between `unbond` and `withdraw_unbonded`: 7 days.
	pub const AttestorUnbondingPeriod: crate::BlockNumber = 7 * DAYS;
	/// Root may set phases between 2 blocks (6 s) and 7 days.
	pub const MinPhaseLength: crate::BlockNumber = 2;
	pub const MaxPhaseLength: crate::BlockNumber = 7 * DAYS;
	/// At most half of a guilty attestor's bond can be slashed in one round.
	pub const MaxSlashFraction: Perbill = Perbill::from_percent(50);
	/// A round counts only if at least half of the active stake stands behind non-empty
	/// reveals; below it the model's previous attribution stays.
	pub const RevealQuorum: Perbill = Perbill::from_percent(50);
	/// A receipt's attributions route at most half of an answer's contributor share; the
	/// other half always follows the attestors' attribution.
	pub const MaxReceiptShare: Perbill = Perbill::from_percent(50);
	/// Inference fees go to the rewards pot, where the fee split pays them out.
	pub InferenceFeeDestination: AccountId = Rewards::pot();
}

/// How long a round's phases last unless root changes it (see the genesis presets for dev).
pub const DEFAULT_ROUND_PHASE: crate::BlockNumber = 10 * MINUTES;

impl pallet_attribution::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Datanets = Datanets;
	type Contributions = Contributions;
	type RewardSink = Rewards;
	type TreasuryAccount = TreasuryAccount;
	type FeeDestination = InferenceFeeDestination;
	type ModelDeposit = ModelDeposit;
	type RetiredModelDeposit = RetiredModelDeposit;
	type RoundHistory = ConstU32<16>;
	type MaxNameLength = ConstU32<64>;
	type MaxMetadataUriLength = ConstU32<256>;
	type MaxTrainingSets = ConstU32<16>;
	type MaxOperators = ConstU32<8>;
	type MinBond = MinAttestorBond;
	type MaxAttestors = ConstU32<{ MAX_ATTESTORS }>;
	type MaxUnlockingChunks = ConstU32<8>;
	type UnbondingPeriod = AttestorUnbondingPeriod;
	type MaxCommitsPerRound = ConstU32<{ MAX_COMMITS_PER_ROUND }>;
	type RevealQuorum = RevealQuorum;
	type MaxScoresPerReveal = ConstU32<{ MAX_SCORES_PER_REVEAL }>;
	type MaxAttributionsPerInference = ConstU32<16>;
	type MaxReceiptShare = MaxReceiptShare;
	type MaxPageSize = ConstU32<100>;
	type MaxPhaseLength = MaxPhaseLength;
	type MinPhaseLength = MinPhaseLength;
	type MaxSlashFraction = MaxSlashFraction;
	type AdminOrigin = frame_system::EnsureRoot<AccountId>;
	type WeightInfo = pallet_attribution::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = AttributionBenchmarkHelper;
}

/// Most members of the attestor set (a larger bond displaces the smallest).
pub const MAX_ATTESTORS: u32 = 64;
/// Most attestors committing in one round (more stake displaces the smallest).
pub const MAX_COMMITS_PER_ROUND: u32 = 32;
/// Most scores one attestor reveals, and so most contributions in one model's attribution.
pub const MAX_SCORES_PER_REVEAL: u32 = 256;

/// Lets the attribution benchmarks publish datanet versions through the real datanets pallet.
#[cfg(feature = "runtime-benchmarks")]
pub struct AttributionBenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_attribution::BenchmarkHelper<AccountId> for AttributionBenchmarkHelper {
	fn publish_version(
		owner: &AccountId,
		datanet: openledger_primitives::DatanetId,
	) -> sp_runtime::DispatchResult {
		Datanets::publish_version(crate::RuntimeOrigin::signed(owner.clone()), datanet)
	}
}
