//! `pallet_datanets`: domain communities curating datasets, with deposits and versions.
//!
//! A datanet's deposit is 1 OPEN plus 0.001 OPEN per byte it stores (about 3.4 OPEN for a
//! typical one, 2.3 of it for the 24 tree nodes every datanet may store), returned when a closed, empty datanet is dissolved.

use crate::{Balances, Runtime, RuntimeHoldReason, MILLI_OPEN, OPEN};
use frame_support::{parameter_types, traits::ConstU32};
use sp_runtime::Perbill;

parameter_types! {
	pub const DatanetDepositBase: crate::Balance = OPEN;
	pub const DatanetDepositPerByte: crate::Balance = MILLI_OPEN;
	/// A datanet owner may take at most half of its contributors' rewards as curation fee.
	pub const MaxCurationFee: Perbill = Perbill::from_percent(50);
	/// A raised curation fee applies a day after it is set (a lower one at once), so that
	/// contributors see it coming.
	pub const CurationFeeDelay: crate::BlockNumber = crate::DAYS;
}

impl pallet_datanets::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type DepositBase = DatanetDepositBase;
	type DepositPerByte = DatanetDepositPerByte;
	type MaxNameLength = ConstU32<64>;
	type MaxMetadataUriLength = ConstU32<256>;
	type MaxLicenseUriLength = ConstU32<256>;
	type MaxCurators = ConstU32<16>;
	type MaxAllowlistLength = ConstU32<1_000>;
	type MaxVersions = ConstU32<1_000>;
	type MaxCurationFee = MaxCurationFee;
	type CurationFeeDelay = CurationFeeDelay;
	type WeightInfo = pallet_datanets::weights::SubstrateWeight<Runtime>;
}
