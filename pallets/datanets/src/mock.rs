//! A test runtime with balances (holds) and datanets, and a builder that checks the pallet's
//! invariants after every test.

#![allow(
	clippy::unwrap_used,
	clippy::indexing_slicing,
	clippy::arithmetic_side_effects,
	clippy::expect_used,
	clippy::panic
)]

use crate as pallet_datanets;
use crate::{BalanceOf, Config};
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

/// Deposit base, in the mock's units.
pub const DEPOSIT_BASE: Balance = 10;
/// Deposit per byte, in the mock's units.
pub const DEPOSIT_PER_BYTE: Balance = 1;
/// Bytes a curator adds to the deposit's footprint: one `u64` account id.
pub const CURATOR_BYTES: Balance = 8;
/// Bytes an allowlist entry adds: the account id and its storage key.
pub const ALLOWLIST_ENTRY_BYTES: Balance = 8 + crate::functions::ALLOWLIST_KEY_OVERHEAD_BYTES;
/// Bytes of the tree nodes every datanet's deposit pays for besides its contributions': 24
/// nodes of 97 bytes.
pub const SPINE_BYTES: Balance = 24 * 97;
/// Every funded test account starts with this much.
pub const INITIAL_BALANCE: Balance = 100_000;

pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const CHARLIE: AccountId = 3;
pub const DAVE: AccountId = 4;
pub const EVE: AccountId = 5;
/// Holds only the existential deposit: can pay no deposit.
pub const PAUPER: AccountId = 99;

/// Blocks before a raised curation fee applies.
pub const CURATION_FEE_DELAY: u64 = 20;

parameter_types! {
	pub const MaxCurationFee: Perbill = Perbill::from_percent(50);
}

impl Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type DepositBase = ConstU64<DEPOSIT_BASE>;
	type DepositPerByte = ConstU64<DEPOSIT_PER_BYTE>;
	type MaxNameLength = ConstU32<16>;
	type MaxMetadataUriLength = ConstU32<32>;
	type MaxLicenseUriLength = ConstU32<24>;
	type MaxCurators = ConstU32<3>;
	type MaxAllowlistLength = ConstU32<3>;
	type MaxVersions = ConstU32<3>;
	type MaxCurationFee = MaxCurationFee;
	type CurationFeeDelay = frame_support::traits::ConstU64<CURATION_FEE_DELAY>;
	type WeightInfo = ();
}

/// A valid policy: open, curated, 5% curation fee, 1 KiB limit.
pub fn policy() -> DatanetPolicy<BalanceOf<Test>> {
	DatanetPolicy {
		admission: Admission::Open,
		review: ReviewMode::Curated,
		contribution_deposit: 5,
		rejection_slash: Perbill::from_percent(10),
		curation_fee: Perbill::from_percent(5),
		max_contribution_size: 1_024,
	}
}

/// The same policy with allowlist admission.
pub fn allowlist_policy() -> DatanetPolicy<BalanceOf<Test>> {
	DatanetPolicy { admission: Admission::Allowlist, ..policy() }
}

/// A permissive licence, with a URI when `uri` is given.
pub fn license(uri: Option<&str>) -> License<Vec<u8>> {
	License {
		may_train: true,
		commercial_use: true,
		attribution_required: true,
		derivatives_allowed: true,
		uri: uri.map(|uri| uri.as_bytes().to_vec()),
	}
}

/// The deposit for a datanet with `metadata_bytes` of strings, `curators` and `allowlisted`.
pub fn expected_deposit(
	metadata_bytes: Balance,
	curators: Balance,
	allowlisted: Balance,
) -> Balance {
	DEPOSIT_BASE +
		DEPOSIT_PER_BYTE *
			(metadata_bytes +
				SPINE_BYTES + curators * CURATOR_BYTES +
				allowlisted * ALLOWLIST_ENTRY_BYTES)
}

pub struct ExtBuilder {
	balances: Vec<(AccountId, Balance)>,
}

impl Default for ExtBuilder {
	fn default() -> Self {
		let funded = [ALICE, BOB, CHARLIE, DAVE, EVE].map(|who| (who, INITIAL_BALANCE));
		Self { balances: funded.into_iter().chain([(PAUPER, 1)]).collect() }
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

	/// Runs `test`, then checks every invariant of the pallet.
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			Datanets::do_try_state().expect("the datanets pallet's invariants hold");
		});
	}
}
