//! # OpenLedger runtime
//!
//! The state-transition function of the OpenLedger chain: a FRAME runtime compiled to wasm (the
//! code that is stored on chain and can be upgraded without a fork) and natively (for tests and
//! the node's benchmarks).
//!
//! Pallet configuration lives in [`configs`], one file per pallet; runtime APIs in `apis.rs`;
//! genesis presets (`dev`, `local`, `testnet`) in [`genesis_config_presets`].

#![cfg_attr(not(feature = "std"), no_std)]
// `construct_runtime!` expands to deeply nested types.
#![recursion_limit = "256"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

use alloc::vec::Vec;

// Declared before `apis` so its `define_benchmarks!` macros are in scope there.
#[cfg(feature = "runtime-benchmarks")]
#[macro_use]
mod benchmarks;
pub mod apis;
pub mod configs;
pub mod genesis_config_presets;
pub mod sponsorship;

use sp_runtime::{
	generic, impl_opaque_keys,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiAddress, MultiSignature,
};
use sp_version::RuntimeVersion;

pub use frame_system::Call as SystemCall;
pub use pallet_balances::Call as BalancesCall;
pub use pallet_timestamp::Call as TimestampCall;
#[cfg(any(feature = "std", test))]
pub use sp_runtime::BuildStorage;
pub use sp_runtime::{Perbill, Permill};

/// Balance of an account, in the smallest unit of OPEN (10^-18 OPEN).
pub type Balance = u128;

/// Opaque types: the node knows the block format without knowing the runtime's calls.
pub mod opaque {
	use super::*;
	use sp_runtime::traits::Hash as HashT;

	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// Opaque block header type.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// Opaque block type.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
	/// Opaque block identifier type.
	pub type BlockId = generic::BlockId<Block>;
	/// Opaque block hash type.
	pub type Hash = <BlakeTwo256 as HashT>::Output;
}

impl_opaque_keys! {
	/// The session keys a validator registers: Aura for authoring, GRANDPA for finality.
	pub struct SessionKeys {
		pub aura: Aura,
		pub grandpa: Grandpa,
	}
}

/// The runtime version. Bump `spec_version` on every change of runtime logic, and
/// `transaction_version` whenever the encoding of calls or extensions changes.
#[sp_version::runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("openledger"),
	impl_name: alloc::borrow::Cow::Borrowed("openledger-node"),
	authoring_version: 1,
	spec_version: 103,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 3,
	system_version: 1,
};

/// Block time and token units.
pub mod time_and_units {
	use super::{Balance, BlockNumber};

	/// Target block time: one Aura slot. Changing it after genesis breaks block production.
	pub const MILLI_SECS_PER_BLOCK: u64 = 3000;
	/// Aura reads the slot duration from `pallet_timestamp::MinimumPeriod * 2`.
	pub const SLOT_DURATION: u64 = MILLI_SECS_PER_BLOCK;

	pub const MINUTES: BlockNumber = 60_000 / (MILLI_SECS_PER_BLOCK as BlockNumber);
	pub const HOURS: BlockNumber = MINUTES * 60;
	pub const DAYS: BlockNumber = HOURS * 24;

	/// Decimals of the OPEN token.
	pub const TOKEN_DECIMALS: u8 = 18;
	/// Ticker of the native token.
	pub const TOKEN_SYMBOL: &str = "OPEN";
	/// One OPEN in its smallest unit.
	pub const OPEN: Balance = 1_000_000_000_000_000_000;
	pub const MILLI_OPEN: Balance = OPEN / 1_000;
	pub const MICRO_OPEN: Balance = MILLI_OPEN / 1_000;
	/// The smallest balance an account may hold (0.001 OPEN); below it the account is reaped.
	pub const EXISTENTIAL_DEPOSIT: Balance = MILLI_OPEN;
}
pub use time_and_units::*;

/// Signature of transactions: sr25519, ed25519 or ecdsa.
pub type Signature = MultiSignature;
/// An account id: the public key of the signature scheme, as 32 bytes.
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;
/// Account nonce: the number of transactions an account has sent.
pub type Nonce = u32;
/// Hash of a block or transaction.
pub type Hash = sp_core::H256;
/// Block number.
pub type BlockNumber = u32;
/// The address format for describing accounts.
pub type Address = MultiAddress<AccountId, ()>;
/// Block header type.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
/// Block type.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;
/// A block with its justifications.
pub type SignedBlock = generic::SignedBlock<Block>;
/// Block identifier.
pub type BlockId = generic::BlockId<Block>;

/// The transaction extensions, in the order upstream recommends. polkadot.js and hardware
/// wallets know all of them (`WeightReclaim` carries no data).
pub type TxExtension = (
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	// Before `CheckNonce`, so that an unsponsored fresh key gets its own, named refusal.
	sponsorship::CheckSponsorship,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	// Claims that pay out at least `MinFreeClaim` are feeless (`#[pallet::feeless_if]` in the
	// rewards pallet); everything else pays, from the signer or from a sponsor's budget.
	pallet_skip_feeless_payment::SkipCheckIfFeeless<
		Runtime,
		pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
	>,
	frame_metadata_hash_extension::CheckMetadataHash<Runtime>,
	frame_system::WeightReclaim<Runtime>,
);

/// Unchecked extrinsic type as expected by this runtime.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;
/// The payload being signed in transactions.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// Storage migrations run on the next runtime upgrade (none yet).
#[allow(unused_parens)]
type Migrations = ();

/// Executive: dispatches calls to the pallets.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;

// Pallet indices are part of the transaction format: never reuse or renumber one.
#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;
	#[runtime::pallet_index(2)]
	pub type Aura = pallet_aura;
	#[runtime::pallet_index(3)]
	pub type Grandpa = pallet_grandpa;
	#[runtime::pallet_index(4)]
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(5)]
	pub type TransactionPayment = pallet_transaction_payment;
	#[runtime::pallet_index(6)]
	pub type Sudo = pallet_sudo;
	#[runtime::pallet_index(7)]
	pub type Utility = pallet_utility;
	#[runtime::pallet_index(8)]
	pub type SkipFeelessPayment = pallet_skip_feeless_payment;
	#[runtime::pallet_index(9)]
	pub type Identity = pallet_identity;

	// OpenLedger pallets start at 10.
	#[runtime::pallet_index(10)]
	pub type Datanets = pallet_datanets;
	#[runtime::pallet_index(11)]
	pub type Contributions = pallet_contributions;
	#[runtime::pallet_index(12)]
	pub type Attribution = pallet_attribution;
	#[runtime::pallet_index(13)]
	pub type Rewards = pallet_rewards;
}
