//! Unit and property tests of the reward counter, the fee split and the emission cap.
//!
//! The property tests drive a model pool (the same settle-first procedure the pallet follows)
//! through random sequences of accruals, point changes, departures and claims, and check after
//! every step that value is conserved exactly and that the dust stays within the documented
//! bound.

#![allow(
	clippy::unwrap_used,
	clippy::indexing_slicing,
	clippy::arithmetic_side_effects,
	clippy::expect_used,
	clippy::panic
)]

use super::*;
use alloc::collections::BTreeMap;
use proptest::prelude::*;

/// One unit in counter units.
fn unit() -> U256 {
	U256::one() << 128u32
}

// ---- unit tests: the worked examples of the module docs ----

#[test]
fn scale_constants_agree() {
	assert_eq!(SCALE_256, unit());
	assert_eq!(SCALE_512, U512::from(unit()));
	assert_eq!(COUNTER_SCALE_BITS, 128);
}

#[test]
fn alice_and_bob_example() {
	// Alice 24 points, Bob 8; 100 paid in.
	let start = U256::zero();
	let first = accrue(start, 0, 100, 32);
	assert_eq!(first.dust, 0);
	assert_eq!(first.remainder, 0);
	assert_eq!(pending(24, first.counter, start, 0), 75);
	assert_eq!(pending(8, first.counter, start, 0), 25);

	// Bob is settled, then has 40 points; 128 paid in.
	let bob = settle(8, first.counter, start, 0);
	assert_eq!(bob, Settlement { amount: 25, carry: 0 });
	let second = accrue(first.counter, first.remainder, 128, 64);
	assert_eq!(pending(24, second.counter, start, 0), 123);
	assert_eq!(bob.amount + pending(40, second.counter, first.counter, bob.carry), 105);
}

#[test]
fn three_members_example_carries_the_fractions() {
	let start = U256::zero();
	let first = accrue(start, 0, 10, 3);
	assert_eq!(first.remainder, 1);
	assert_eq!(first.dust, 0);
	let each = settle(1, first.counter, start, 0);
	assert_eq!(each.amount, 3);
	// The pool holds 10 and owes 9: one unit of dust, at most one per member.
	let second = accrue(first.counter, first.remainder, 2, 3);
	assert_eq!(second.remainder, 0);
	assert_eq!(pending(1, second.counter, start, 0), 4);
	// The same, settled in between: the carry makes up for the rounding.
	assert_eq!(each.amount + pending(1, second.counter, first.counter, each.carry), 4);
}

#[test]
fn nothing_accrues_without_points() {
	let counter = U256::from(7u8);
	assert_eq!(accrue(counter, 5, 1_000, 0), Accrual { counter, remainder: 5, dust: 1_000 });
	assert_eq!(accrue(counter, 5, 0, 10), Accrual { counter, remainder: 5, dust: 0 });
}

#[test]
fn an_overflowing_counter_returns_the_amount_as_dust() {
	let counter = U256::max_value() - U256::from(1u8);
	assert_eq!(
		accrue(counter, 0, 1, 1),
		Accrual { counter, remainder: 0, dust: 1 },
		"nothing changes and nothing is lost"
	);
}

#[test]
fn largest_values_do_not_overflow() {
	let counter = accrue(U256::zero(), u128::MAX, u128::MAX, 1).counter;
	// u128::MAX points at the counter's largest one-step increase saturate, but do not panic.
	assert_eq!(pending(u128::MAX, counter, U256::zero(), u128::MAX), u128::MAX);
	assert_eq!(pending(1, counter, U256::zero(), 0), u128::MAX);
	// A counter that went backwards owes nothing.
	assert_eq!(pending(5, U256::zero(), counter, 0), 0);
}

#[test]
fn folding_carries_writes_off_whole_units() {
	assert_eq!(fold_carry(1, 2), (3, 0));
	assert_eq!(fold_carry(u128::MAX, 1), (0, 1));
	assert_eq!(fold_carry(u128::MAX, u128::MAX), (u128::MAX - 1, 1));
}

#[test]
fn default_split_is_valid_and_splits_exactly() {
	let split = FeeSplit::default();
	assert!(split.is_valid(&FeeSplitBounds::unrestricted()));
	assert_eq!(
		split.split(1_000),
		FeeShares { treasury: 100, model_owner: 200, attestors: 100, contributors: 600 }
	);
	// 7: owner ⌊1.4⌋ = 1, attestors ⌊0.7⌋ = 0, contributors ⌊4.2⌋ = 4, treasury the rest, 2.
	assert_eq!(
		split.split(7),
		FeeShares { treasury: 2, model_owner: 1, attestors: 0, contributors: 4 }
	);
	assert_eq!(emission_cap(7, &split), 2);
	assert_eq!(split.split(0), FeeShares::default());
}

#[test]
fn validity_needs_exactly_one_hundred_percent_within_bounds() {
	let bounds = FeeSplitBounds::unrestricted();
	let mut split = FeeSplit { treasury: Perbill::from_percent(11), ..FeeSplit::default() };
	assert!(!split.is_valid(&bounds), "101%");
	split.treasury = Perbill::from_percent(9);
	assert!(!split.is_valid(&bounds), "99%");

	let mut tight = bounds;
	tight.min.treasury = Perbill::from_percent(10);
	tight.max.contributors = Perbill::from_percent(60);
	assert!(FeeSplit::default().is_valid(&tight), "bounds are inclusive");
	tight.max.contributors = Perbill::from_percent(59);
	assert!(!FeeSplit::default().is_valid(&tight));
}

#[test]
fn an_invalid_split_never_hands_out_more_than_the_fee() {
	let all = Perbill::one();
	let split =
		FeeSplit { treasury: all, model_owner: all, attestors: all, contributors: all };
	assert_eq!(
		split.split(10),
		FeeShares { treasury: 0, model_owner: 10, attestors: 0, contributors: 0 }
	);
}

#[test]
fn emission_examples() {
	// 1 000 of emission, the model earned 30 of 120 in fees: a quarter.
	assert_eq!(emission_share(1_000, 30, 120), 250);
	assert_eq!(emission_share(1_000, 30, 0), 0);
	assert_eq!(emission_share(1_000, 500, 120), 1_000, "fees above the total count as it");
	assert_eq!(emission_share(u128::MAX, u128::MAX, u128::MAX), u128::MAX);
	// One fee of 30 after an era of 120 in fees: a quarter of the era's emission, capped by
	// the treasury's share of the fee and by what the era has left.
	assert_eq!(fee_emission(1_000, 30, 120, 1_000, 1_000), 250);
	assert_eq!(fee_emission(1_000, 30, 120, 3, 1_000), 3);
	assert_eq!(fee_emission(1_000, 30, 120, 1_000, 100), 100);
	// After an era without fees, only the caps bind.
	assert_eq!(fee_emission(1_000, 30, 0, 3, 1_000), 3);
	assert_eq!(fee_emission(1_000, 30, 0, 5_000, 700), 700);
	assert_eq!(fee_emission(0, 30, 120, 3, 0), 0);
}

// ---- the model pool ----

#[derive(Clone, Debug, Default)]
struct Member {
	points: u128,
	last: U256,
	carry: u128,
	/// Settled, not yet claimed.
	settled: u128,
}

/// A pool driven exactly as the pallet drives one, with its value ledger.
#[derive(Debug, Default)]
struct ModelPool {
	counter: U256,
	remainder: u128,
	total_points: u128,
	/// A − S − W.
	undistributed: u128,
	members: BTreeMap<u8, Member>,
	// Ledger.
	paid_in: u128,
	dust_out: u128,
	claimed: u128,
	moved_out: u128,
	written_off: u128,
	departures: u128,
}

impl ModelPool {
	fn accrue(&mut self, amount: u128) {
		let accrual = accrue(self.counter, self.remainder, amount, self.total_points);
		self.counter = accrual.counter;
		self.remainder = accrual.remainder;
		self.paid_in += amount;
		self.dust_out += accrual.dust;
		self.undistributed += amount - accrual.dust;
	}

	fn settle(&mut self, who: u8) {
		let counter = self.counter;
		let Some(member) = self.members.get_mut(&who) else { return };
		let settlement = settle(member.points, counter, member.last, member.carry);
		member.last = counter;
		member.carry = settlement.carry;
		member.settled += settlement.amount;
		self.undistributed -= settlement.amount;
	}

	/// Settle first, then change the points; a member without points leaves, its settled
	/// reward moving out (to the pallet's direct ledger) and its carry to the remainder.
	fn set_points(&mut self, who: u8, points: u128) {
		self.settle(who);
		let old = self.members.get(&who).map_or(0, |member| member.points);
		self.total_points = self.total_points - old + points;
		if points == 0 {
			if let Some(member) = self.members.remove(&who) {
				self.moved_out += member.settled;
				let (remainder, written_off) = fold_carry(self.remainder, member.carry);
				self.remainder = remainder;
				self.undistributed -= written_off;
				self.written_off += written_off;
				self.departures += 1;
			}
		} else {
			let counter = self.counter;
			self.members
				.entry(who)
				.or_insert_with(|| Member { last: counter, ..Default::default() })
				.points = points;
		}
	}

	fn claim(&mut self, who: u8) {
		self.settle(who);
		if let Some(member) = self.members.get_mut(&who) {
			self.claimed += core::mem::take(&mut member.settled);
		}
	}

	fn pending_of(&self, member: &Member) -> u128 {
		pending(member.points, self.counter, member.last, member.carry)
	}

	fn check(&self) {
		// Points add up.
		assert_eq!(self.total_points, self.members.values().map(|m| m.points).sum::<u128>());
		// Identity (1), exactly.
		let mut rhs = U512::from(self.remainder);
		for member in self.members.values() {
			rhs += owed_scaled(member.points, self.counter, member.last, member.carry);
		}
		assert_eq!(U512::from(self.undistributed) * SCALE_512, rhs, "identity (1)");
		// Conservation: everything paid in is claimed, pending, moved out, dust or written off.
		let pending: u128 = self.members.values().map(|m| self.pending_of(m)).sum();
		let settled: u128 = self.members.values().map(|m| m.settled).sum();
		assert!(pending <= self.undistributed, "the pool can pay every pending reward");
		let dust = self.undistributed - pending;
		assert_eq!(
			self.claimed + self.moved_out + settled + pending + dust + self.written_off +
				self.dust_out,
			self.paid_in
		);
		// The dust bounds.
		assert!(dust <= self.members.len() as u128, "dust {dust} > members");
		assert!(self.written_off <= self.departures, "written off more than one per departure");
	}
}

#[derive(Clone, Debug)]
enum Op {
	Accrue(u128),
	SetPoints(u8, u128),
	Claim(u8),
}

fn amount() -> impl Strategy<Value = u128> {
	prop_oneof![0u128..20, 0u128..1_000_000, 0u128..(1u128 << 100)]
}

fn points() -> impl Strategy<Value = u128> {
	prop_oneof![Just(0u128), 1u128..8, 1u128..1_000_000_000, 1u128..(1u128 << 100)]
}

fn op() -> impl Strategy<Value = Op> {
	prop_oneof![
		3 => amount().prop_map(Op::Accrue),
		3 => (0u8..6, points()).prop_map(|(who, points)| Op::SetPoints(who, points)),
		2 => (0u8..6).prop_map(Op::Claim),
	]
}

/// A split of 100% into four parts, from three cut points.
fn valid_split() -> impl Strategy<Value = FeeSplit> {
	(0u32..=1_000_000_000, 0u32..=1_000_000_000, 0u32..=1_000_000_000).prop_map(|(a, b, c)| {
		let mut cuts = [a, b, c];
		cuts.sort_unstable();
		FeeSplit {
			treasury: Perbill::from_parts(cuts[0]),
			model_owner: Perbill::from_parts(cuts[1] - cuts[0]),
			attestors: Perbill::from_parts(cuts[2] - cuts[1]),
			contributors: Perbill::from_parts(1_000_000_000 - cuts[2]),
		}
	})
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(256))]

	#[test]
	fn random_sequences_conserve_value(ops in prop::collection::vec(op(), 0..80)) {
		let mut pool = ModelPool::default();
		for op in ops {
			match op {
				Op::Accrue(amount) => pool.accrue(amount),
				Op::SetPoints(who, points) => pool.set_points(who, points),
				Op::Claim(who) => pool.claim(who),
			}
			pool.check();
		}
		// Everybody leaves: the pool owes nothing and holds nothing.
		for who in 0..6 {
			pool.set_points(who, 0);
		}
		pool.check();
		prop_assert_eq!(pool.undistributed, 0);
		prop_assert_eq!(pool.remainder, 0);
	}

	#[test]
	fn one_accrual_pays_each_member_its_share_rounded_down(
		shares in prop::collection::vec(1u128..(1u128 << 100), 1..8),
		amount in 0u128..(1u128 << 120),
	) {
		let total: u128 = shares.iter().sum();
		let accrual = accrue(U256::zero(), 0, amount, total);
		let mut paid = 0u128;
		for points in &shares {
			let exact = U256::from(amount) * U256::from(*points) / U256::from(total);
			let exact = exact.low_u128();
			let got = pending(*points, accrual.counter, U256::zero(), 0);
			prop_assert!(got <= exact && exact <= got + 1, "{got} vs ⌊{exact}⌋");
			paid += got;
		}
		prop_assert!(paid <= amount);
		prop_assert!(amount - paid <= shares.len() as u128);
	}

	#[test]
	fn settling_more_often_never_pays_less(
		points in 1u128..1_000_000,
		total_extra in 0u128..1_000_000,
		amounts in prop::collection::vec(0u128..1_000_000, 1..20),
	) {
		// A member settled after every accrual ends up with exactly what one settlement at the
		// end pays: the carry makes settling free of rounding losses.
		let total = points + total_extra;
		let (mut counter, mut remainder) = (U256::zero(), 0u128);
		let (mut last, mut carry, mut often) = (U256::zero(), 0u128, 0u128);
		for amount in amounts {
			let accrual = accrue(counter, remainder, amount, total);
			counter = accrual.counter;
			remainder = accrual.remainder;
			let settlement = settle(points, counter, last, carry);
			often += settlement.amount;
			last = counter;
			carry = settlement.carry;
		}
		prop_assert_eq!(often, pending(points, counter, U256::zero(), 0));
	}

	#[test]
	fn valid_splits_split_exactly(split in valid_split(), fee in any::<u128>()) {
		prop_assert!(split.is_valid(&FeeSplitBounds::unrestricted()));
		let shares = split.split(fee);
		prop_assert_eq!(shares.total(), fee);
		prop_assert_eq!(shares.model_owner, split.model_owner.mul_floor(fee));
		prop_assert_eq!(shares.attestors, split.attestors.mul_floor(fee));
		prop_assert_eq!(shares.contributors, split.contributors.mul_floor(fee));
		prop_assert!(shares.treasury >= split.treasury.mul_floor(fee));
		// Rounding dust is below one unit per part.
		prop_assert!(shares.treasury - split.treasury.mul_floor(fee) < 4);
	}

	#[test]
	fn self_dealing_is_never_profitable(
		inferences in prop::collection::vec((valid_split(), 0u128..(1u128 << 100)), 1..10),
		other_fees in 0u128..(1u128 << 100),
		era_emission in 0u128..(1u128 << 110),
	) {
		// Someone pays fees to their own model, and is its owner, its every contributor and
		// every attestor: they get back every share but the treasury's, plus the model's
		// emission, capped by the sum of the treasury shares.
		let mut paid = 0u128;
		let mut returned = 0u128;
		let mut cap = 0u128;
		for (split, fee) in &inferences {
			let shares = split.split(*fee);
			paid += fee;
			returned += shares.model_owner + shares.attestors + shares.contributors;
			cap += emission_cap(*fee, split);
			prop_assert_eq!(fee - (shares.model_owner + shares.attestors + shares.contributors)
				- emission_cap(*fee, split), 0);
		}
		let mut emission = 0u128;
		let mut remaining = era_emission;
		for (split, fee) in &inferences {
			let minted = fee_emission(era_emission, *fee, other_fees, emission_cap(*fee, split), remaining);
			remaining -= minted;
			emission += minted;
		}
		prop_assert!(emission <= cap);
		prop_assert!(emission <= era_emission, "an era never emits more than its emission");
		prop_assert!(returned + emission <= paid, "self-dealing returned more than it cost");
	}

	#[test]
	fn emission_shares_never_exceed_the_era_emission(
		fees in prop::collection::vec(0u128..(1u128 << 100), 1..10),
		era_emission in any::<u128>(),
	) {
		let total: u128 = fees.iter().sum();
		let handed_out = fees
			.iter()
			.map(|fees_of_model| emission_share(era_emission, *fees_of_model, total))
			.fold(0u128, |sum, share| sum.checked_add(share).unwrap());
		prop_assert!(handed_out <= era_emission);
		if total > 0 {
			// Rounding loses less than one unit per model.
			prop_assert!(era_emission - handed_out < fees.len() as u128 + 1);
		}
	}
}
