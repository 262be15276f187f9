//! A test runtime with balances, the real datanets and contributions pallets and rewards, and a
//! builder that checks the pallet's invariants after every test.

#![allow(
	clippy::unwrap_used,
	clippy::indexing_slicing,
	clippy::arithmetic_side_effects,
	clippy::expect_used,
	clippy::panic
)]

use crate as pallet_rewards;
use crate::Config;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU128, ConstU32, ConstU64},
	PalletId,
};
use openledger_primitives::{FeeSplit, FeeSplitBounds};
use sp_runtime::{traits::AccountIdConversion, BuildStorage, Perbill};

type Block = frame_system::mocking::MockBlock<Test>;

pub type AccountId = u64;
pub type Balance = u128;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Datanets: pallet_datanets,
		Contributions: pallet_contributions,
		Rewards: pallet_rewards,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
}

/// The existential deposit.
pub const ED: Balance = 1;

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type ExistentialDeposit = ConstU128<ED>;
	type AccountStore = System;
}

/// Blocks before a raised curation fee applies.
pub const CURATION_FEE_DELAY: u64 = 20;

parameter_types! {
	pub const MaxCurationFee: Perbill = Perbill::from_percent(50);
	pub const TreasuryAccount: AccountId = TREASURY;
	pub const RewardsPalletId: PalletId = PalletId(*b"ol/rwrds");
	pub Bounds: FeeSplitBounds = test_bounds();
}

impl pallet_datanets::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type DepositBase = ConstU128<10>;
	type DepositPerByte = ConstU128<1>;
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
	type DepositPerByte = ConstU128<1>;
	type MaxMetadataUriLength = ConstU32<32>;
	type MaxParents = ConstU32<4>;
	type MaxPageSize = ConstU32<5>;
	type CommitmentPeriod = ConstU64<10>;
	type BudgetAccount = pallet_contributions::sponsorship::BudgetAccountAt<1_000_000>;
	type SponsorshipPeriod = ConstU64<100>;
	type WeightInfo = ();
}

/// Most pools listed per account.
pub const MAX_POOLS: u32 = 3;
/// Most members of a model pool.
pub const MAX_MODEL_MEMBERS: u32 = 8;
/// Most members of one model's attestors' pool.
pub const MAX_MODEL_ATTESTORS: u32 = 4;
/// Blocks per era.
pub const ERA_LENGTH: u64 = 10;
/// The smallest free claim.
pub const MIN_FREE_CLAIM: Balance = 1_000;
/// Most emission per era.
pub const MAX_EMISSION: Balance = 10_000_000;

impl Config for Test {
	type Currency = Balances;
	type Contributions = Contributions;
	type Datanets = Datanets;
	type PalletId = RewardsPalletId;
	type TreasuryAccount = TreasuryAccount;
	type FeeSplitBounds = Bounds;
	type MaxPoolsPerAccount = ConstU32<MAX_POOLS>;
	type MaxModelPoolMembers = ConstU32<MAX_MODEL_MEMBERS>;
	type MaxAttestorsPerModel = ConstU32<MAX_MODEL_ATTESTORS>;
	type EraLength = ConstU64<ERA_LENGTH>;
	type MaxEmissionPerEra = ConstU128<MAX_EMISSION>;
	type AdminOrigin = frame_system::EnsureRoot<u64>;
	type MinFreeClaim = ConstU128<MIN_FREE_CLAIM>;
	type WeightInfo = ();
}

/// Treasury 5–50%, model owner and attestors at most 50%, contributors 20–90%.
pub fn test_bounds() -> FeeSplitBounds {
	let mut bounds = FeeSplitBounds::unrestricted();
	bounds.min.treasury = Perbill::from_percent(5);
	bounds.max.treasury = Perbill::from_percent(50);
	bounds.max.model_owner = Perbill::from_percent(50);
	bounds.max.attestors = Perbill::from_percent(50);
	bounds.min.contributors = Perbill::from_percent(20);
	bounds.max.contributors = Perbill::from_percent(90);
	bounds
}

/// A split by whole percentages: treasury, model owner, attestors, contributors.
pub fn split(treasury: u32, model_owner: u32, attestors: u32, contributors: u32) -> FeeSplit {
	FeeSplit {
		treasury: Perbill::from_percent(treasury),
		model_owner: Perbill::from_percent(model_owner),
		attestors: Perbill::from_percent(attestors),
		contributors: Perbill::from_percent(contributors),
	}
}

/// Every funded test account starts with this much.
pub const INITIAL_BALANCE: Balance = 1_000_000_000_000_000;

/// Datanet owner in most tests.
pub const ALICE: AccountId = 1;
/// Contributor in most tests.
pub const BOB: AccountId = 2;
/// Contributor in most tests.
pub const CHARLIE: AccountId = 3;
/// Model owner in most tests.
pub const DAVE: AccountId = 4;
/// Attestor in most tests.
pub const EVE: AccountId = 5;
/// Attestor in most tests.
pub const FERDIE: AccountId = 6;
/// Pays for inferences.
pub const PAYER: AccountId = 7;
/// The treasury; starts with the existential deposit.
pub const TREASURY: AccountId = 100;
/// An account that does not exist.
pub const NOBODY: AccountId = 99;

/// The funded accounts.
pub const FUNDED: [AccountId; 7] = [ALICE, BOB, CHARLIE, DAVE, EVE, FERDIE, PAYER];

/// The pot account.
pub fn pot() -> AccountId {
	RewardsPalletId::get().into_account_truncating()
}

pub struct ExtBuilder {
	balances: Vec<(AccountId, Balance)>,
	fee_split: Option<[Perbill; 4]>,
	emission_per_era: u128,
}

impl Default for ExtBuilder {
	fn default() -> Self {
		let funded = FUNDED.map(|who| (who, INITIAL_BALANCE));
		Self {
			balances: funded.into_iter().chain([(TREASURY, ED)]).collect(),
			fee_split: None,
			emission_per_era: 0,
		}
	}
}

impl ExtBuilder {
	/// Starts with this fee split.
	pub fn fee_split(mut self, split: FeeSplit) -> Self {
		self.fee_split =
			Some([split.treasury, split.model_owner, split.attestors, split.contributors]);
		self
	}

	/// Starts with this emission per era.
	pub fn emission(mut self, per_era: Balance) -> Self {
		self.emission_per_era = per_era;
		self
	}

	pub fn build(self) -> sp_io::TestExternalities {
		let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
		pallet_balances::GenesisConfig::<Test> { balances: self.balances, ..Default::default() }
			.assimilate_storage(&mut storage)
			.unwrap();
		pallet_rewards::GenesisConfig::<Test> {
			fee_split: self.fee_split,
			emission_per_era: self.emission_per_era,
			..Default::default()
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
			Rewards::do_try_state().expect("the rewards pallet's invariants hold");
			#[cfg(feature = "try-runtime")]
			{
				Contributions::do_try_state().expect("the contributions pallet's invariants hold");
				Datanets::do_try_state().expect("the datanets pallet's invariants hold");
			}
		});
	}
}
