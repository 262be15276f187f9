//! `pallet_identity`: on-chain names for contributors, curators, datanet owners and model
//! owners, in the ecosystem's standard form, so that polkadot.js apps, wallets and explorers
//! show them with no extra work (and the `NamesApi` runtime API returns them).
//!
//! Two paths:
//!
//! - **Usernames** (`name.suffix`, lowercase letters and digits): root appoints a *username
//!   authority* per suffix (for instance a datanet's owner, for its community's suffix), which
//!   grants usernames with `set_username_for`. The named account only signs its username off
//!   chain, so a sponsored contributor with no tokens gets one: the authority pays the
//!   `UsernameDeposit` (or uses its allocation). Impersonation is the authority's to prevent:
//!   it grants only names it has checked, and each suffix has exactly one authority.
//! - **Identities** (display name, links, ...): the account sets one itself with
//!   `set_identity`, paying `BasicDeposit` plus `ByteDeposit` per byte; registrars appointed by
//!   root give judgements (`Reasonable`, `KnownGood`, ...), which wallets show next to it.
//!
//! Every deposit is priced at the chain's storage price (0.0001 OPEN per byte, as for
//! contributions), on the bytes the entry can occupy.

use crate::{AccountId, Balance, Balances, Runtime, RuntimeEvent, Signature, DAYS, MICRO_OPEN};
use frame_support::{parameter_types, traits::ConstU32};
use frame_system::EnsureRoot;
use sp_runtime::traits::Verify;

/// The storage price: 0.0001 OPEN per byte.
const PER_BYTE: Balance = 100 * MICRO_OPEN;

parameter_types! {
	/// An identity's fixed part: its key and the fields' fixed encoding (258 bytes, the figure
	/// Polkadot uses).
	pub const BasicDeposit: Balance = 258 * PER_BYTE;
	/// Each byte of an identity's fields.
	pub const ByteDeposit: Balance = PER_BYTE;
	/// A username: its entry (32 bytes of prefix, hash, the username up to 32 bytes, owner and
	/// provider: about 140 bytes) and the owner's primary-username entry (about 100).
	pub const UsernameDeposit: Balance = 240 * PER_BYTE;
	/// A sub-account: its two entries (53 bytes each, the figure Polkadot uses).
	pub const SubAccountDeposit: Balance = 106 * PER_BYTE;
	/// A username granted without the user's signature waits a week to be accepted.
	pub const PendingUsernameExpiration: crate::BlockNumber = 7 * DAYS;
	/// A username its authority removed can be reclaimed for 30 days.
	pub const UsernameGracePeriod: crate::BlockNumber = 30 * DAYS;
}

impl pallet_identity::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type BasicDeposit = BasicDeposit;
	type ByteDeposit = ByteDeposit;
	type UsernameDeposit = UsernameDeposit;
	type SubAccountDeposit = SubAccountDeposit;
	type MaxSubAccounts = ConstU32<16>;
	/// Display name, legal name, web, e-mail, ... and at most four other fields.
	type IdentityInformation = pallet_identity::legacy::IdentityInfo<ConstU32<4>>;
	type MaxRegistrars = ConstU32<8>;
	/// Deposits slashed by `ForceOrigin` (an offending identity killed) are burned.
	type Slashed = ();
	type ForceOrigin = EnsureRoot<AccountId>;
	type RegistrarOrigin = EnsureRoot<AccountId>;
	/// Usernames are signed off chain by the account they name, with its transaction key.
	type OffchainSignature = Signature;
	type SigningPublicKey = <Signature as Verify>::Signer;
	type UsernameAuthorityOrigin = EnsureRoot<AccountId>;
	type PendingUsernameExpiration = PendingUsernameExpiration;
	type UsernameGracePeriod = UsernameGracePeriod;
	type MaxSuffixLength = ConstU32<7>;
	type MaxUsernameLength = ConstU32<32>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ();
	/// Parity's reference weights, as for balances and utility.
	type WeightInfo = pallet_identity::weights::SubstrateWeight<Runtime>;
}
