//! `frame_system`: accounts, block limits, the chain's identity.
//!
//! ## Block limits for a 3-second slot
//! Aura gives the author two thirds of the slot (2 s) to build a block; every other validator
//! must then import (re-execute) it and gossip it before the next slot starts. We therefore allow
//! **1 second of reference execution time** per block: a block built in at most 1 s on reference
//! hardware is imported in about the same time, leaving about a second for propagation and
//! GRANDPA votes. 75% of it is available to normal transactions; the rest is reserved for
//! operational ones (e.g. sudo) and inherents. The length limit is 5 MiB (75% normal), far above
//! what 1 s of execution can fill with small transactions, so weight is what bounds a block.
//! There is no proof-size limit: this is a solochain, nobody validates our proofs.

use crate::{
	AccountId, Block, Nonce, PalletInfo, Runtime, RuntimeCall, RuntimeEvent, RuntimeOrigin,
	RuntimeTask,
};
use frame_support::{
	derive_impl, parameter_types,
	weights::constants::{ParityDbWeight, WEIGHT_REF_TIME_PER_SECOND},
};
use frame_support::{dispatch::DispatchClass, weights::Weight};
use sp_runtime::Perbill;

/// Share of a block's weight and length available to normal (non-operational) extrinsics.
const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);

/// One second of reference execution per 3-second block (see the module docs).
const MAXIMUM_BLOCK_WEIGHT: Weight = Weight::from_parts(WEIGHT_REF_TIME_PER_SECOND, u64::MAX);

/// Block length limit: 5 MiB.
const MAXIMUM_BLOCK_LENGTH: u32 = 5 * 1024 * 1024;

parameter_types! {
	pub const BlockHashCount: u32 = 2400;
	pub const Version: sp_version::RuntimeVersion = crate::VERSION;
	pub RuntimeBlockWeights: frame_system::limits::BlockWeights =
		frame_system::limits::BlockWeights::with_sensible_defaults(
			MAXIMUM_BLOCK_WEIGHT,
			NORMAL_DISPATCH_RATIO,
		);
	pub RuntimeBlockLength: frame_system::limits::BlockLength =
		frame_system::limits::BlockLength::builder()
			.max_length(MAXIMUM_BLOCK_LENGTH)
			.modify_max_length_for_class(DispatchClass::Normal, |max| {
				*max = NORMAL_DISPATCH_RATIO * MAXIMUM_BLOCK_LENGTH
			})
			.build();
	/// SS58 prefix 42: the generic Substrate prefix, so addresses look like `5...`.
	pub const SS58Prefix: u8 = 42;
}

#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig)]
impl frame_system::Config for Runtime {
	type Block = Block;
	type BlockWeights = RuntimeBlockWeights;
	type BlockLength = RuntimeBlockLength;
	type AccountId = AccountId;
	type Nonce = Nonce;
	type Hash = crate::Hash;
	type BlockHashCount = BlockHashCount;
	// The node stores state in ParityDB.
	type DbWeight = ParityDbWeight;
	type Version = Version;
	type AccountData = pallet_balances::AccountData<crate::Balance>;
	type SS58Prefix = SS58Prefix;
	type MaxConsumers = frame_support::traits::ConstU32<16>;
	type RuntimeEvent = RuntimeEvent;
	type RuntimeOrigin = RuntimeOrigin;
	type RuntimeCall = RuntimeCall;
	type RuntimeTask = RuntimeTask;
	type PalletInfo = PalletInfo;
}
