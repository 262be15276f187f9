//! The maths of the rewards pallet: the reward-per-point counter that makes claims O(1), the fee
//! split, and the emission cap that makes paying fees to yourself unprofitable.
//!
//! Everything here is pure, deterministic and panic-free; the pallet keeps the state (counters,
//! points, carries) in storage and moves the funds.
//!
//! ## The reward counter, in plain words
//!
//! A **pool** shares whatever is paid into it among its **members** in proportion to their
//! **points** (an attestor's bond, a contributor's attribution score). Paying every member on
//! every payment would cost one write per member. Instead the pool keeps one number, the
//! **reward counter**: how much one point has earned since the pool was created. A payment of
//! `amount` into a pool with `total_points` points raises the counter by
//! `amount / total_points`. Each member remembers the counter's value when it was last
//! **settled**; what it has earned since is
//!
//! ```text
//! earned = points × (counter_now − counter_at_last_settle)
//! ```
//!
//! which costs the same whatever the number of members. A member's points may only change right
//! after it was settled (the pallet settles first, then changes points), so that every payment is
//! multiplied by the points the member had when it was made.
//!
//! This is the scheme of `pallet-nomination-pools` (its "reward counter") and of "scalable
//! reward distribution" (Batog, Boca and Johnson, 2018).
//!
//! ## Fixed point and rounding
//!
//! Balances and points are integers (`u128`), so the counter is kept in fixed point: a
//! [`RewardCounter`] is a [`U256`] counting balance units per point in units of `2^-128`
//! ([`COUNTER_SCALE_BITS`]). `2^128` exceeds every possible `total_points`, so one accrual loses
//! less than `total_points / 2^128` of a unit to rounding, i.e. nothing measurable. Even that is
//! not lost: nothing is dropped anywhere, every fraction is carried forward.
//!
//! - [`accrue`]: `scaled = amount × 2^128 + remainder`; the counter grows by
//!   `⌊scaled / total_points⌋` and the pool's new **remainder** is `scaled mod total_points`
//!   (less than `total_points`, so less than one unit). The remainder is added to the next
//!   accrual. With `total_points == 0` nothing accrues: the whole amount is returned as **dust**
//!   for the caller to route elsewhere (the pallet sends it to the treasury).
//! - [`settle`]: `owed = points × (counter_now − counter_at_last_settle) + carry`; the member is
//!   paid `⌊owed / 2^128⌋` (rounding down) and keeps `owed mod 2^128` as its new **carry**, a
//!   fraction of a unit that it is paid once more fractions add up to a whole unit. A member
//!   therefore never loses more than a fraction of one unit over its whole membership, however
//!   often it is settled.
//! - [`fold_carry`]: when a member leaves the pool, its carry goes to the pool's remainder
//!   (where the next accrual hands it out again); when the remainder reaches a whole unit, that
//!   unit is written off as dust.
//!
//! ## Conservation, exactly
//!
//! For a pool with accrued total `A` (what was paid in, dust excluded), settled total `S` (what
//! its members were credited when settled), written-off total `W`, remainder `R` and members `i`
//! with points `pᵢ`, last-settle counter `Lᵢ` and carry `cᵢ`, at counter `C`:
//!
//! ```text
//! 2^128 × (A − S − W) = R + Σᵢ (pᵢ × (C − Lᵢ) + cᵢ)                                   (1)
//! ```
//!
//! holds exactly after every accrual, settlement, change of points, departure and write-off
//! (each step is checked in the property tests, and the pallet's `try_state` checks (1) on
//! every pool). The pallet stores `A − S − W` as the pool's `undistributed` balance.
//!
//! ## The dust bound
//!
//! A member's **pending** reward is `⌊(pᵢ × (C − Lᵢ) + cᵢ) / 2^128⌋`, what settling it now would
//! pay. By (1) the pool's **dust**, what it holds but owes nobody, is
//!
//! ```text
//! dust = (A − S − W) − Σᵢ pendingᵢ = (R + Σᵢ fracᵢ) / 2^128 < 1 + n
//! ```
//!
//! where `fracᵢ < 2^128` is the fractional part of member `i`'s owed amount and `R < 2^128`.
//! Dust is a whole number, so:
//!
//! - **the sum of every member's pending reward never exceeds what the pool holds**
//!   (`Σ pending ≤ A − S − W`), so every claim can be paid;
//! - **a pool with `n` members holds at most `n` units of dust** (`A − S − W − Σ pending ≤ n`,
//!   and `0` for an empty pool). It does not grow with time or the number of payments: it is the
//!   fractions still carried by the members, paid out as soon as they add up.
//! - **written-off dust is less than one unit per member that ever left the pool** (each
//!   departure adds less than one unit of carry to the remainder).
//!
//! Both bounds are in the smallest unit of the currency (10^-18 OPEN).
//!
//! ## Range
//!
//! The counter cannot overflow as long as less than `2^128` units (about 3.4 × 10^20 OPEN) are
//! ever paid into one pool: every accrual adds at most `amount × 2^128 / total_points ≤ amount ×
//! 2^128`. Should an accrual overflow all the same, [`accrue`] returns the whole amount as dust
//! and changes nothing, so value is still conserved. The product `points × Δcounter` is taken in
//! [`U512`] and cannot overflow.
//!
//! ## Worked examples
//!
//! Alice has 24 points and Bob 8 (32 in all). 100 units are paid in: the counter rises by
//! `100 / 32 = 3.125` per point, Alice is owed 75 and Bob 25. Bob's points then rise to 40: he is
//! settled first (25 is credited to him, his last-settle counter set to now), and the pool has
//! 64 points. 128 units are paid in: `2` per point, Alice is owed `24 × (3.125 + 2) = 123` and
//! Bob `25 + 40 × 2 = 105`; `123 + 105 = 228`, everything that was paid in.
//!
//! Three members with 1 point each and 10 units paid in: the counter rises by
//! `⌊10 × 2^128 / 3⌋` and the remainder is 1 (in `2^-128` units). Each member is owed 3 units
//! and carries two thirds of one; the pool holds 1 unit of dust (at most 3, one per member).
//! Then 2 more units are paid in: `2 × 2^128 + 1` is divisible by 3, the remainder is back to 0
//! and each member is owed exactly 4 units: the dust was paid out.
//!
//! ## Fees and emission
//!
//! An inference fee is split by a [`FeeSplit`] between the treasury, the model's owner, the
//! attestors and the contributors ([`FeeSplit::split`]); rounding dust goes to the treasury, so
//! the four shares add up to the fee exactly. Root sets the split within [`FeeSplitBounds`].
//!
//! The optional emission of an era is minted fee by fee, in proportion to each fee: the era's
//! emission spread over the fees of the era before ([`fee_emission`], [`emission_share`]), and
//! each fee's emission is capped by [`emission_cap`], the treasury's share of that fee, and by
//! what the era has left to emit. So someone paying fees to their own model (as its owner, all
//! its contributors and every attestor at once) gets back at most `fee − treasury share` from
//! the fee and at most `treasury share` as emission: never more than they paid. Minting at the
//! fee pays the emission to exactly those the fee pays, so it cannot be collected by whoever is
//! in a pool at some later moment.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_runtime::Perbill;

pub use sp_core::{U256, U512};

#[cfg(test)]
mod tests;

/// A member's share of a pool: an attestor's bond, a contributor's attribution score scaled by
/// [`POINTS_PER_SCORE`].
pub type Points = u128;

/// What one point of a pool has earned since the pool was created, in units of `2^-128` of the
/// smallest balance unit. See the module docs.
pub type RewardCounter = U256;

/// The counter's fixed-point scale is `2^COUNTER_SCALE_BITS`.
pub const COUNTER_SCALE_BITS: u32 = 128;

/// Points per unit of attribution score, so that a datanet's curation fee (a [`Perbill`]) splits
/// a score's points between the datanet's owner and the contributor without rounding.
pub const POINTS_PER_SCORE: Points = 1_000_000_000;

/// `2^128` as a [`U256`]: one balance unit in counter units.
const SCALE_256: U256 = U256([0, 0, 1, 0]);

/// `2^128` as a [`U512`].
const SCALE_512: U512 = U512([0, 0, 1, 0, 0, 0, 0, 0]);

/// What [`accrue`] did.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Accrual {
	/// The pool's new reward counter.
	pub counter: RewardCounter,
	/// The pool's new remainder (`2^-128` units not yet handed out; less than `total_points`).
	pub remainder: u128,
	/// What did not accrue and must be routed elsewhere: the whole amount when the pool has no
	/// points (or in the impossible case of a counter overflow), else zero.
	pub dust: u128,
}

/// Spreads `amount` over a pool's `total_points`, rounding down and carrying the fraction in
/// the pool's `remainder` (see the module docs).
///
/// With `total_points == 0` nothing changes and `dust == amount`.
pub fn accrue(
	counter: RewardCounter,
	remainder: u128,
	amount: u128,
	total_points: Points,
) -> Accrual {
	let unchanged = Accrual { counter, remainder, dust: amount };
	if total_points == 0 || amount == 0 {
		return unchanged;
	}
	// amount < 2^128 and remainder < 2^128, so this is below 2^256: it never fails.
	let Some(scaled) = U256::from(amount)
		.checked_mul(SCALE_256)
		.and_then(|scaled| scaled.checked_add(U256::from(remainder)))
	else {
		return unchanged;
	};
	let points = U256::from(total_points);
	let (Some(increment), Some(left)) = (scaled.checked_div(points), scaled.checked_rem(points))
	else {
		return unchanged;
	};
	let Some(counter) = counter.checked_add(increment) else {
		return unchanged;
	};
	// left < total_points <= u128::MAX.
	let Ok(remainder) = u128::try_from(left) else {
		return unchanged;
	};
	Accrual { counter, remainder, dust: 0 }
}

/// What [`settle`] pays a member.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Settlement {
	/// Whole units earned since the last settlement (rounded down).
	pub amount: u128,
	/// The member's new carry: the fraction of a unit (in `2^-128` units) still owed to it.
	pub carry: u128,
}

/// What a member with `points` is owed since it was last settled at `counter_at_last_settle`,
/// with its `carry`, in `2^-128` units: `points × (counter_now − counter_at_last_settle) +
/// carry`. A counter that went backwards (impossible) counts as no change.
pub fn owed_scaled(
	points: Points,
	counter_now: RewardCounter,
	counter_at_last_settle: RewardCounter,
	carry: u128,
) -> U512 {
	let delta = counter_now.checked_sub(counter_at_last_settle).unwrap_or_default();
	// Below 2^384 + 2^128: never saturates.
	U256::from(points)
		.full_mul(delta)
		.checked_add(U512::from(carry))
		.unwrap_or_else(U512::max_value)
}

/// Settles a member: the whole units it earned since `counter_at_last_settle` (rounded down) and
/// its new carry. The caller sets the member's last-settle counter to `counter_now`.
///
/// The amount saturates at `u128::MAX`, which cannot happen while less than `2^128` units are
/// paid into the pool (see the module docs).
pub fn settle(
	points: Points,
	counter_now: RewardCounter,
	counter_at_last_settle: RewardCounter,
	carry: u128,
) -> Settlement {
	let owed = owed_scaled(points, counter_now, counter_at_last_settle, carry);
	let whole = owed.checked_div(SCALE_512).unwrap_or_default();
	Settlement { amount: u128::try_from(whole).unwrap_or(u128::MAX), carry: owed.low_u128() }
}

/// A member's pending reward: what [`settle`] would pay it now, rounded down.
pub fn pending(
	points: Points,
	counter_now: RewardCounter,
	counter_at_last_settle: RewardCounter,
	carry: u128,
) -> u128 {
	settle(points, counter_now, counter_at_last_settle, carry).amount
}

/// `amount` balance units in `2^-128` units (`amount × 2^128`), the unit of [`owed_scaled`] and
/// of a pool's remainder; for checking identity (1) of the module docs.
pub fn scaled(amount: u128) -> U512 {
	U256::from(amount).full_mul(SCALE_256)
}

/// Moves a departing member's `carry` into the pool's `remainder`. Returns the new remainder and
/// the whole units to write off as dust (0 or 1: both are below one unit).
pub fn fold_carry(remainder: u128, carry: u128) -> (u128, u128) {
	let (sum, overflowed) = remainder.overflowing_add(carry);
	(sum, u128::from(overflowed))
}

/// Which share of every inference fee goes where. Valid when the four parts add up to exactly
/// 100% and each lies within the runtime's [`FeeSplitBounds`].
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct FeeSplit {
	/// To the treasury (it also receives the rounding dust of the other parts).
	pub treasury: Perbill,
	/// To the model's owner.
	pub model_owner: Perbill,
	/// To the attestors' pool, shared by bond.
	pub attestors: Perbill,
	/// To the contributors: through the receipt's attributions, the rest through the model's
	/// pool (each contribution's datanet owner takes its curation fee of it).
	pub contributors: Perbill,
}

impl Default for FeeSplit {
	/// Treasury 10%, model owner 20%, attestors 10%, contributors 60%.
	fn default() -> Self {
		Self {
			treasury: Perbill::from_percent(10),
			model_owner: Perbill::from_percent(20),
			attestors: Perbill::from_percent(10),
			contributors: Perbill::from_percent(60),
		}
	}
}

/// The four shares of one fee, as split by [`FeeSplit::split`]. They add up to the fee.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo)]
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct FeeShares {
	/// The treasury's share, including the rounding dust of the others.
	pub treasury: u128,
	/// The model owner's share.
	pub model_owner: u128,
	/// The attestors' share.
	pub attestors: u128,
	/// The contributors' share.
	pub contributors: u128,
}

impl FeeShares {
	/// The four shares added up (saturating; equal to the fee that was split).
	pub fn total(&self) -> u128 {
		self.treasury
			.saturating_add(self.model_owner)
			.saturating_add(self.attestors)
			.saturating_add(self.contributors)
	}
}

/// The limits within which root may set the [`FeeSplit`]: each part of a valid split lies
/// between its `min` and its `max` part (inclusive).
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo)]
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct FeeSplitBounds {
	/// The smallest share of each part.
	pub min: FeeSplit,
	/// The largest share of each part.
	pub max: FeeSplit,
}

impl FeeSplitBounds {
	/// No limits: every part may be anything from 0% to 100%.
	pub const fn unrestricted() -> Self {
		let zero = Perbill::from_parts(0);
		let one = Perbill::from_parts(1_000_000_000);
		Self {
			min: FeeSplit { treasury: zero, model_owner: zero, attestors: zero, contributors: zero },
			max: FeeSplit { treasury: one, model_owner: one, attestors: one, contributors: one },
		}
	}

	/// Whether every part of `split` lies within these bounds.
	pub fn contains(&self, split: &FeeSplit) -> bool {
		let within = |part: Perbill, min: Perbill, max: Perbill| min <= part && part <= max;
		within(split.treasury, self.min.treasury, self.max.treasury) &&
			within(split.model_owner, self.min.model_owner, self.max.model_owner) &&
			within(split.attestors, self.min.attestors, self.max.attestors) &&
			within(split.contributors, self.min.contributors, self.max.contributors)
	}
}

impl FeeSplit {
	/// Whether the four parts add up to exactly 100%.
	pub fn sums_to_whole(&self) -> bool {
		let sum = [self.treasury, self.model_owner, self.attestors, self.contributors]
			.iter()
			.fold(0u64, |sum, part| sum.saturating_add(u64::from(part.deconstruct())));
		sum == u64::from(Perbill::one().deconstruct())
	}

	/// Whether root may set this split: the parts add up to exactly 100% and each lies within
	/// `bounds`.
	pub fn is_valid(&self, bounds: &FeeSplitBounds) -> bool {
		self.sums_to_whole() && bounds.contains(self)
	}

	/// Splits `fee`: the model owner's, attestors' and contributors' shares are their parts of
	/// the fee rounded down, and the treasury gets the rest, so the shares add up to `fee`
	/// exactly (the treasury's share is at least its part, rounded down).
	///
	/// For an invalid split whose parts exceed 100%, the later shares are cut so that the total
	/// never exceeds the fee.
	pub fn split(&self, fee: u128) -> FeeShares {
		let mut left = fee;
		let mut take = |part: Perbill| {
			let share = part.mul_floor(fee).min(left);
			left = left.saturating_sub(share);
			share
		};
		let model_owner = take(self.model_owner);
		let attestors = take(self.attestors);
		let contributors = take(self.contributors);
		FeeShares { treasury: left, model_owner, attestors, contributors }
	}
}

/// The most emission a model may receive for `fees_of_model` split by `split`: the treasury's
/// share of those fees ([`FeeSplit::split`]). A model's emission in an era never exceeds what
/// its fees paid the treasury, so paying fees to one's own model cannot return more than it
/// cost.
///
/// The pallet adds this up per inference (with the split in force at each), which is exactly
/// what the treasury received.
pub fn emission_cap(fees_of_model: u128, split: &FeeSplit) -> u128 {
	split.split(fees_of_model).treasury
}

/// A model's proportional share of an era's emission:
/// `⌊era_emission × fees_of_model / total_fees_of_era⌋`, 0 when the era had no fees. Fees above
/// the total count as the total. The shares of all models add up to at most `era_emission`.
pub fn emission_share(era_emission: u128, fees_of_model: u128, total_fees_of_era: u128) -> u128 {
	if total_fees_of_era == 0 {
		return 0;
	}
	let fees = fees_of_model.min(total_fees_of_era);
	// (2^128 − 1)^2 < 2^256: the product never overflows.
	U256::from(era_emission)
		.checked_mul(U256::from(fees))
		.and_then(|product| product.checked_div(U256::from(total_fees_of_era)))
		.and_then(|share| u128::try_from(share).ok())
		.unwrap_or(0)
}

/// The emission one inference fee earns, minted when the fee is paid and paid exactly where the
/// fee's contributor share goes: the era's emission `per_era` spread over the fees of the era
/// before (`⌊per_era × fee / previous_fees⌋`; all of it when the era before earned none), capped
/// at `cap` (the treasury's share of this fee, [`emission_cap`]) and at `remaining` (what the era
/// has not emitted yet). Summed over an era's fees this never exceeds `per_era`, and summed over
/// a payer's fees never the treasury's share of them.
pub fn fee_emission(
	per_era: u128,
	fee: u128,
	previous_fees: u128,
	cap: u128,
	remaining: u128,
) -> u128 {
	let share =
		if previous_fees == 0 { per_era } else { emission_share(per_era, fee, previous_fees) };
	share.min(cap).min(remaining)
}
