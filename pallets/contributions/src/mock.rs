//! A test runtime with balances (holds), the real datanets pallet and contributions, and a
//! builder that checks the pallet's invariants after every test.

#![allow(
	clippy::unwrap_used,
	clippy::indexing_slicing,
	clippy::arithmetic_side_effects,
	clippy::expect_used,
	clippy::panic
)]

use crate as pallet_contributions;
use crate::{BalanceOf, Config};
use codec::MaxEncodedLen;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, ConstU64},
};
use openledger_primitives::{Admission, DatanetPolicy, License, ReviewMode};
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

/// Storage deposit per byte, in the mock's units.
pub const DEPOSIT_PER_BYTE: Balance = 2;
/// Longest metadata URI of a contribution.
pub const MAX_URI: u32 = 32;
/// Most parents of a contribution.
pub const MAX_PARENTS: u32 = 4;
/// Most contributions per runtime API page.
pub const MAX_PAGE: u32 = 5;
/// Blocks a content commitment can be revealed in.
pub const COMMITMENT_PERIOD: u64 = 10;
/// Datanet `d`'s sponsorship budget is account `BUDGET_BASE + d`.
pub const BUDGET_BASE: AccountId = 1_000_000;
/// Blocks of a sponsorship quota period.
pub const SPONSORSHIP_PERIOD: u64 = 100;

impl Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Datanets = Datanets;
	type TreasuryAccount = TreasuryAccount;
	type DepositPerByte = ConstU64<DEPOSIT_PER_BYTE>;
	type MaxMetadataUriLength = ConstU32<MAX_URI>;
	type MaxParents = ConstU32<MAX_PARENTS>;
	type MaxPageSize = ConstU32<MAX_PAGE>;
	type CommitmentPeriod = ConstU64<COMMITMENT_PERIOD>;
	type BudgetAccount = crate::sponsorship::BudgetAccountAt<BUDGET_BASE>;
	type SponsorshipPeriod = ConstU64<SPONSORSHIP_PERIOD>;
	type WeightInfo = ();
}

/// Every funded test account starts with this much.
pub const INITIAL_BALANCE: Balance = 1_000_000;
/// The contribution deposit of the test policies.
pub const CONTRIBUTION_DEPOSIT: Balance = 100;
/// The rejection slash of the test policies: 15%, so 15 of `CONTRIBUTION_DEPOSIT`.
pub const SLASH_PERCENT: u32 = 15;

/// Datanet owner (and so curator) in most tests.
pub const ALICE: AccountId = 1;
/// Contributor in most tests.
pub const BOB: AccountId = 2;
pub const CHARLIE: AccountId = 3;
pub const DAVE: AccountId = 4;
pub const EVE: AccountId = 5;
/// Receives rejection slashes; starts with the existential deposit.
pub const TREASURY: AccountId = 100;
/// Holds only the existential deposit: can pay no deposit.
pub const PAUPER: AccountId = 99;

/// A curated, open policy: deposit 100, 15% slash, 1 KiB limit.
pub fn policy() -> DatanetPolicy<BalanceOf<Test>> {
	DatanetPolicy {
		admission: Admission::Open,
		review: ReviewMode::Curated,
		contribution_deposit: CONTRIBUTION_DEPOSIT,
		rejection_slash: Perbill::from_percent(SLASH_PERCENT),
		curation_fee: Perbill::from_percent(5),
		max_contribution_size: 1_024,
	}
}

/// The same policy with automatic acceptance.
pub fn auto_accept_policy() -> DatanetPolicy<BalanceOf<Test>> {
	DatanetPolicy { review: ReviewMode::AutoAccept, ..policy() }
}

/// The same policy with allowlist admission.
pub fn allowlist_policy() -> DatanetPolicy<BalanceOf<Test>> {
	DatanetPolicy { admission: Admission::Allowlist, ..policy() }
}

/// A permissive licence; `derivatives_allowed` as given.
pub fn license(derivatives_allowed: bool) -> License<Vec<u8>> {
	License {
		may_train: true,
		commercial_use: true,
		attribution_required: true,
		derivatives_allowed,
		uri: None,
	}
}

/// The storage deposit of a contribution with `uri_len` bytes of metadata URI and `parents`
/// parents, computed independently of the pallet's code: the record's largest encoding without
/// the contents of its two lists, the index bytes, two account ids, then the URI and 8 bytes
/// per parent.
pub fn storage_deposit(uri_len: u64, parents: u64) -> Balance {
	let record = crate::ContributionRecord::<Test>::max_encoded_len() as u64;
	let lists = u64::from(MAX_URI) + 8 * u64::from(MAX_PARENTS);
	let fixed = record - lists + crate::INDEX_BYTES + 2 * 8;
	DEPOSIT_PER_BYTE * (fixed + uri_len + 8 * parents)
}

pub struct ExtBuilder {
	balances: Vec<(AccountId, Balance)>,
}

impl Default for ExtBuilder {
	fn default() -> Self {
		let funded = [ALICE, BOB, CHARLIE, DAVE, EVE].map(|who| (who, INITIAL_BALANCE));
		Self { balances: funded.into_iter().chain([(PAUPER, 1), (TREASURY, 1)]).collect() }
	}
}

impl ExtBuilder {
	pub fn build(self) -> sp_io::TestExternalities {
		let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
		pallet_balances::GenesisConfig::<Test> { balances: self.balances, ..Default::default() }
			.assimilate_storage(&mut storage)
			.unwrap();
		let mut ext = sp_io::TestExternalities::new(storage);
		ext.execute_with(|| System::set_block_number(1));
		ext
	}

	/// Runs `test`, then checks every invariant of the pallet (and, with the `try-runtime`
	/// feature, of the datanets pallet too).
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			Contributions::do_try_state().expect("the contributions pallet's invariants hold");
			#[cfg(feature = "try-runtime")]
			Datanets::do_try_state().expect("the datanets pallet's invariants hold");
		});
	}
}
