//! The pools, members and ledgers kept in storage, and the views the runtime API returns.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use openledger_primitives::{LedgerRoot, ModelId, Points, RewardCounter};
use scale_info::TypeInfo;

/// Numbers the eras of emission: era `e` spans blocks `[e × EraLength, (e + 1) × EraLength)`.
pub type EraIndex = u32;

/// Where a reward is owed.
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub enum PoolId {
	/// The pool of one model: its contributors and their datanets' owners, with points from the
	/// model's latest finalized attribution. Receives the contributors' share of the model's
	/// fees not attributed by receipts (unless the model has a ledger, see [`LedgerAccount`]),
	/// and the model's emission.
	Model(ModelId),
	/// The pool of one model's attestors: those its latest round with a quorum did not slash,
	/// with their weight in that round as points (stake × trust in a scored round, stake in a
	/// root round). Receives the attestors' share of the model's fees. A bond alone earns
	/// nothing: attestors earn by taking part in the model's rounds.
	Attestors(ModelId),
	/// Not a pool: an account's direct ledger, credited with amounts owed to it alone (the model
	/// owner's share, receipt attributions, and rewards settled when it left a pool).
	Direct,
}

/// One reward pool: a reward-per-point counter over its members' points (see
/// [`openledger_primitives::rewards`]).
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo)]
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct PoolInfo<Balance> {
	/// Sum of the members' points.
	pub total_points: Points,
	/// What one point has earned since the pool was created, in `2^-128` balance units.
	pub reward_counter: RewardCounter,
	/// The fraction of a unit accrued but not yet spread over the points, in `2^-128` balance
	/// units; less than one unit.
	pub remainder: u128,
	/// What the pool holds for its members and has not yet credited to any of them (accrued,
	/// less settled, less written off): their pending rewards plus at most one unit of dust per
	/// member.
	pub undistributed: Balance,
	/// Number of members (accounts with points).
	pub members: u32,
}

/// An account's membership of a pool.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo)]
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct Member<Balance> {
	/// The member's share of the pool. Never zero: an account without points leaves the pool.
	pub points: Points,
	/// The pool's reward counter when the member was last settled.
	pub last_counter: RewardCounter,
	/// The fraction of a unit earned but not yet credited, in `2^-128` balance units.
	pub carry: u128,
	/// Credited when the member was last settled and not claimed yet.
	pub pending: Balance,
	/// Whether the pool is listed in the account's `AccountPools` (it is unless the list was
	/// full when the account joined; `claim_all` and the `pending` runtime API only see listed
	/// pools, `claim` works for all).
	pub listed: bool,
}

/// Where the current emission era stands: what it may still emit, and the fees its emission is
/// spread over (those of the era before). One value for the whole chain, rolled over at the
/// first fee of each era, so nothing about emission grows with eras or models.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo)]
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct EmissionState<Balance> {
	/// The era this describes (the era of the latest fee).
	pub era: EraIndex,
	/// The emission per era in force at the era's first fee: the most it mints.
	pub per_era: Balance,
	/// Minted so far in the era. Never more than `per_era`.
	pub minted: Balance,
	/// Inference fees paid so far in the era (for all models).
	pub fees: Balance,
	/// Inference fees paid in the era before (zero if it had none): each fee of this era earns
	/// `per_era × fee / previous_fees`, capped.
	pub previous_fees: Balance,
}

/// The pallet's value ledger. It balances exactly:
///
/// `fees_in + emission_in == paid_out + to_treasury + dust + Σ direct ledgers
///  + Σ pools' undistributed + Σ members' pending + Σ model ledgers' (inflow − claimed)`,
///
/// and the pot holds at least the existential deposit plus
/// `fees_in + emission_in − paid_out − to_treasury` (checked by `do_try_state`).
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo)]
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Totals<Balance> {
	/// Inference fees received into the pot.
	pub fees_in: Balance,
	/// Emission minted into the pot.
	pub emission_in: Balance,
	/// Rewards paid out of the pot by claims (from pools, direct ledgers and model ledgers).
	pub paid_out: Balance,
	/// Transferred from the pot to the treasury account (its share of fees, and the shares of
	/// pools without points).
	pub to_treasury: Balance,
	/// Rounding fractions of departed pool members written off in whole units (less than one
	/// unit per departure). They stay in the pot, owed to nobody.
	pub dust: Balance,
}

/// The ledger of a model with a deterministic attribution spec: what its contributors' share
/// of fees has brought in, what claims have paid out of it, and the root they are proven
/// against. It holds `inflow − claimed` in the pot.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo)]
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct LedgerAccount<Balance> {
	/// The contributor share of the model's fees received so far (after the receipts'
	/// attributions), cumulative: never decreases.
	pub inflow: Balance,
	/// Paid out of the ledger by `claim_by_proof` so far. Never more than `inflow`.
	pub claimed: Balance,
	/// The root in force, agreed by the model's latest successful root round; `None` until the
	/// first one. Its `owed` total is at most `inflow` (checked by the attribution pallet).
	pub root: Option<LedgerRoot>,
}

/// A pool as the runtime API returns it.
pub type PoolView<Balance> = PoolInfo<Balance>;
