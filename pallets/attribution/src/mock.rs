//! A test runtime with balances (holds), the real datanets and contributions pallets, and
//! attribution; a reward sink that records what it is handed; and a builder that checks the
//! pallet's invariants after every test.

#![allow(
	clippy::unwrap_used,
	clippy::indexing_slicing,
	clippy::arithmetic_side_effects,
	clippy::expect_used,
	clippy::panic
)]

use crate as pallet_attribution;
use crate::Config;
use core::cell::RefCell;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, ConstU64},
	weights::Weight,
};
use openledger_primitives::{ContributionId, LedgerRoot, ModelId, RewardSink, Score};
use sp_runtime::{BuildStorage, Perbill};

type Block = frame_system::mocking::MockBlock<Test>;

pub type AccountId = u64;
pub type Balance = u64;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Datanets: pallet_datanets,
		Contributions: pallet_contributions,
		Attribution: pallet_attribution,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
}

/// Blocks before a raised curation fee applies.
pub const CURATION_FEE_DELAY: u64 = 20;

parameter_types! {
	pub const MaxCurationFee: Perbill = Perbill::from_percent(50);
	pub const TreasuryAccount: AccountId = TREASURY;
	pub const FeeDestination: AccountId = FEES;
	pub const MaxSlashFraction: Perbill = Perbill::from_percent(50);
	pub const RevealQuorum: Perbill = Perbill::from_percent(QUORUM_PERCENT);
	pub const MaxReceiptShare: Perbill = Perbill::from_percent(RECEIPT_SHARE_PERCENT);
}

impl pallet_datanets::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type DepositBase = ConstU64<10>;
	type DepositPerByte = ConstU64<1>;
	type MaxNameLength = ConstU32<16>;
	type MaxMetadataUriLength = ConstU32<32>;
	type MaxLicenseUriLength = ConstU32<24>;
	type MaxCurators = ConstU32<3>;
	type MaxAllowlistLength = ConstU32<3>;
	type MaxVersions = ConstU32<5>;
	type MaxCurationFee = MaxCurationFee;
	type CurationFeeDelay = frame_support::traits::ConstU64<CURATION_FEE_DELAY>;
	type WeightInfo = ();
}

impl pallet_contributions::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Datanets = Datanets;
	type TreasuryAccount = TreasuryAccount;
	type DepositPerByte = ConstU64<1>;
	type MaxMetadataUriLength = ConstU32<32>;
	type MaxParents = ConstU32<4>;
	type MaxPageSize = ConstU32<5>;
	type CommitmentPeriod = ConstU64<10>;
	type BudgetAccount = pallet_contributions::sponsorship::BudgetAccountAt<1_000_000>;
	type SponsorshipPeriod = ConstU64<100>;
	type WeightInfo = ();
}

/// The model deposit.
pub const MODEL_DEPOSIT: Balance = 50;
/// What a retired model keeps of its deposit.
pub const RETIRED_MODEL_DEPOSIT: Balance = 5;
/// Finalized round summaries kept per model.
pub const ROUND_HISTORY: u32 = 3;
/// The smallest active bond.
pub const MIN_BOND: Balance = 100;
/// Blocks before an unbonded amount can be withdrawn.
pub const UNBONDING_PERIOD: u64 = 10;
/// Most attestors.
pub const MAX_ATTESTORS: u32 = 5;
/// Most unlocking chunks per attestor.
pub const MAX_CHUNKS: u32 = 3;
/// Most training sets per model.
pub const MAX_TRAINING_SETS: u32 = 3;
/// Most operators per model.
pub const MAX_OPERATORS: u32 = 2;
/// Most commitments per round.
pub const MAX_COMMITS: u32 = 4;
/// Share of the active stake non-empty reveals need for a round to count.
pub const QUORUM_PERCENT: u32 = 50;
/// Most scores per reveal.
pub const MAX_SCORES: u32 = 8;
/// Most attributions per receipt.
pub const MAX_ATTRIBUTIONS: u32 = 4;
/// The most of an answer's contributor share a receipt may route, in percent.
pub const RECEIPT_SHARE_PERCENT: u32 = 50;
/// Most items per runtime API page.
pub const MAX_PAGE: u32 = 3;
/// Shortest and longest phases root may set.
pub const MIN_PHASE: u64 = 2;
pub const MAX_PHASE: u64 = 100;
/// The genesis phases: commit 5 blocks, reveal 5 blocks.
pub const COMMIT_PHASE: u64 = 5;
pub const REVEAL_PHASE: u64 = 5;
/// The genesis slash fraction (10%) and trust threshold (50%).
pub const SLASH_PERCENT: u32 = 10;
pub const THRESHOLD_PERCENT: u32 = 50;

impl Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Datanets = Datanets;
	type Contributions = Contributions;
	type RewardSink = RecordingSink;
	type TreasuryAccount = TreasuryAccount;
	type FeeDestination = FeeDestination;
	type ModelDeposit = ConstU64<MODEL_DEPOSIT>;
	type RetiredModelDeposit = ConstU64<RETIRED_MODEL_DEPOSIT>;
	type RoundHistory = ConstU32<ROUND_HISTORY>;
	type MaxNameLength = ConstU32<16>;
	type MaxMetadataUriLength = ConstU32<32>;
	type MaxTrainingSets = ConstU32<MAX_TRAINING_SETS>;
	type MaxOperators = ConstU32<MAX_OPERATORS>;
	type MinBond = ConstU64<MIN_BOND>;
	type MaxAttestors = ConstU32<MAX_ATTESTORS>;
	type MaxUnlockingChunks = ConstU32<MAX_CHUNKS>;
	type UnbondingPeriod = ConstU64<UNBONDING_PERIOD>;
	type MaxCommitsPerRound = ConstU32<MAX_COMMITS>;
	type RevealQuorum = RevealQuorum;
	type MaxScoresPerReveal = ConstU32<MAX_SCORES>;
	type MaxAttributionsPerInference = ConstU32<MAX_ATTRIBUTIONS>;
	type MaxReceiptShare = MaxReceiptShare;
	type MaxPageSize = ConstU32<MAX_PAGE>;
	type MaxPhaseLength = ConstU64<MAX_PHASE>;
	type MinPhaseLength = ConstU64<MIN_PHASE>;
	type MaxSlashFraction = MaxSlashFraction;
	type AdminOrigin = frame_system::EnsureRoot<AccountId>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = PublishVersion;
}

/// Publishes datanet versions for the benchmarks through the real datanets pallet.
#[cfg(feature = "runtime-benchmarks")]
pub struct PublishVersion;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<AccountId> for PublishVersion {
	fn publish_version(
		owner: &AccountId,
		datanet: openledger_primitives::DatanetId,
	) -> sp_runtime::DispatchResult {
		Datanets::publish_version(RuntimeOrigin::signed(*owner), datanet)
	}
}

/// What the pallet handed to the reward sink.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum SinkCall {
	/// `attribution_finalized`.
	AttributionFinalized { model: ModelId, consensus: Vec<(ContributionId, Score)> },
	/// `inference_paid`.
	InferencePaid {
		model: ModelId,
		owner: AccountId,
		payer: AccountId,
		fee: Balance,
		attributions: Vec<(ContributionId, Perbill)>,
	},
	/// `attestors_finalized`.
	AttestorsFinalized { model: ModelId, attestors: Vec<(AccountId, Balance)> },
	/// `ledger_opened`.
	LedgerOpened { model: ModelId },
	/// `ledger_root_accepted`.
	LedgerRootAccepted { model: ModelId, root: LedgerRoot },
}

thread_local! {
	static SINK_CALLS: RefCell<Vec<SinkCall>> = const { RefCell::new(Vec::new()) };
	static LEDGER_INFLOW: RefCell<Balance> = const { RefCell::new(0) };
}

/// A reward sink that records every call, for tests to assert on with [`sink_calls`].
pub struct RecordingSink;

impl RecordingSink {
	fn record(call: SinkCall) {
		SINK_CALLS.with(|calls| calls.borrow_mut().push(call));
	}
}

impl RewardSink<AccountId, Balance> for RecordingSink {
	fn attribution_finalized(model: ModelId, consensus: &[(ContributionId, Score)]) {
		Self::record(SinkCall::AttributionFinalized { model, consensus: consensus.to_vec() });
	}
	fn attribution_finalized_weight(entries: u32) -> Weight {
		Weight::from_parts(1_000, 0).saturating_mul(entries.into())
	}
	fn inference_paid(
		model: ModelId,
		owner: &AccountId,
		payer: &AccountId,
		fee: Balance,
		attributions: &[(ContributionId, Perbill)],
	) {
		Self::record(SinkCall::InferencePaid {
			model,
			owner: *owner,
			payer: *payer,
			fee,
			attributions: attributions.to_vec(),
		});
	}
	fn inference_paid_weight(attributions: u32) -> Weight {
		Weight::from_parts(1_000, 0).saturating_mul(attributions.into())
	}
	fn attestors_finalized(model: ModelId, attestors: &[(AccountId, Balance)]) {
		Self::record(SinkCall::AttestorsFinalized { model, attestors: attestors.to_vec() });
	}
	fn attestors_finalized_weight(attestors: u32) -> Weight {
		Weight::from_parts(1_000, 0).saturating_mul(attestors.into())
	}
	fn ledger_opened(model: ModelId) {
		Self::record(SinkCall::LedgerOpened { model });
	}
	fn ledger_inflow(_model: ModelId) -> Balance {
		LEDGER_INFLOW.with(|inflow| *inflow.borrow())
	}
	fn ledger_root_accepted(model: ModelId, root: &LedgerRoot) {
		Self::record(SinkCall::LedgerRootAccepted { model, root: *root });
	}
	fn ledger_hook_weight() -> Weight {
		Weight::from_parts(1_000, 0)
	}
}

/// Sets what the reward sink reports as every ledger's inflow (what root rounds snapshot).
pub fn set_ledger_inflow(amount: Balance) {
	LEDGER_INFLOW.with(|inflow| *inflow.borrow_mut() = amount);
}

/// Everything handed to the reward sink so far in this test, oldest first.
pub fn sink_calls() -> Vec<SinkCall> {
	SINK_CALLS.with(|calls| calls.borrow().clone())
}

/// Forgets what the reward sink was handed so far.
pub fn clear_sink_calls() {
	SINK_CALLS.with(|calls| calls.borrow_mut().clear());
}

/// Every funded test account starts with this much.
pub const INITIAL_BALANCE: Balance = 1_000_000;

/// Datanet owner and model owner in most tests.
pub const ALICE: AccountId = 1;
/// Contributor in most tests.
pub const BOB: AccountId = 2;
/// Attestors in most tests.
pub const CHARLIE: AccountId = 3;
pub const DAVE: AccountId = 4;
pub const EVE: AccountId = 5;
pub const FERDIE: AccountId = 6;
pub const GEORGE: AccountId = 7;
/// Inference payer in most tests.
pub const HARRY: AccountId = 8;
/// Receives slashes; starts with the existential deposit.
pub const TREASURY: AccountId = 100;
/// Receives inference fees; starts with the existential deposit.
pub const FEES: AccountId = 101;
/// Holds only the existential deposit: can pay nothing.
pub const PAUPER: AccountId = 99;

pub struct ExtBuilder {
	balances: Vec<(AccountId, Balance)>,
}

impl Default for ExtBuilder {
	fn default() -> Self {
		let funded = [ALICE, BOB, CHARLIE, DAVE, EVE, FERDIE, GEORGE, HARRY]
			.map(|who| (who, INITIAL_BALANCE));
		Self {
			balances: funded.into_iter().chain([(PAUPER, 1), (TREASURY, 1), (FEES, 1)]).collect(),
		}
	}
}

impl ExtBuilder {
	pub fn build(self) -> sp_io::TestExternalities {
		clear_sink_calls();
		set_ledger_inflow(0);
		let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
		pallet_balances::GenesisConfig::<Test> { balances: self.balances, ..Default::default() }
			.assimilate_storage(&mut storage)
			.unwrap();
		pallet_attribution::GenesisConfig::<Test> {
			commit_phase: COMMIT_PHASE,
			reveal_phase: REVEAL_PHASE,
			slash_fraction: Perbill::from_percent(SLASH_PERCENT),
			trust_threshold: Perbill::from_percent(THRESHOLD_PERCENT),
		}
		.assimilate_storage(&mut storage)
		.unwrap();
		let mut ext = sp_io::TestExternalities::new(storage);
		ext.execute_with(|| System::set_block_number(1));
		ext
	}

	/// Runs `test`, then checks every invariant of the pallet (and, with the `try-runtime`
	/// feature, of the datanets and contributions pallets too).
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			Attribution::do_try_state().expect("the attribution pallet's invariants hold");
			#[cfg(feature = "try-runtime")]
			{
				Datanets::do_try_state().expect("the datanets pallet's invariants hold");
				Contributions::do_try_state().expect("the contributions pallet's invariants hold");
			}
		});
	}
}
