//! From per-contribution values to what each account scores and is owed.
//!
//! ## Scores
//!
//! A contribution's value (from the method) is paid as `max(value, 0)`: items that hurt the model
//! earn nothing, but their negative value stays visible in the attestor's output. The payable
//! value is split between the contributor and the owner of the contribution's datanet, who takes
//! the datanet's curation fee (parts per billion, the on-chain `Perbill`):
//! `curator = ⌊payable · fee / 10^9⌋`, `contributor = payable − curator`, so nothing is lost to
//! rounding. An account's score is the sum of its parts over all the model's contributions.
//!
//! ## Owed amounts across rounds (one proof per claim)
//!
//! Each finalized root starts an **epoch** of the model. The contributor share of every fee the
//! model earns during the epoch goes into the epoch's pot. The next root closes the epoch: its
//! leaves carry each account's cumulative `owed` amount,
//!
//! ```text
//! owed_next(a) = owed_prev(a) + ⌊pot · score_prev(a) / Σ score_prev⌋
//! ```
//!
//! together with the account's new score for the epoch that starts. A claim proves one leaf of
//! the latest root and is paid `owed − already claimed`, so one proof covers every past round.
//! The floors leave at most one unit per leaf per epoch in the pool; the chain checks that a
//! root's owed total never exceeds what the pools of all closed epochs received.

use crate::ledger::{AccountBytes, LedgerLeaf};
use crate::attribution::knn_shapley::Value;
use alloc::{collections::BTreeMap, vec::Vec};
use sp_arithmetic::{helpers_128bit::multiply_by_rational_with_rounding, Rounding};

/// Parts per billion, the denominator of a curation fee.
pub const PARTS_PER_BILLION: u32 = 1_000_000_000;

/// Who a contribution's value is paid to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Payees {
	/// The contributor's account.
	pub contributor: AccountBytes,
	/// The owner of the contribution's datanet.
	pub curator: AccountBytes,
	/// The datanet's curation fee in parts per billion (clamped to 10^9).
	pub curation_fee_ppb: u32,
}

/// Splits one contribution's value into `(contributor part, curator part)`.
pub fn split_value(value: Value, curation_fee_ppb: u32) -> (u128, u128) {
	let payable = u128::try_from(value).unwrap_or(0);
	let fee = u128::from(curation_fee_ppb.min(PARTS_PER_BILLION));
	let curator = multiply_by_rational_with_rounding(
		payable,
		fee,
		u128::from(PARTS_PER_BILLION),
		Rounding::Down,
	)
	.unwrap_or(0);
	(payable.saturating_sub(curator), curator)
}

/// Adds up each account's score over `(payees, value)` pairs.
pub fn account_scores<'a>(
	values: impl IntoIterator<Item = (&'a Payees, Value)>,
) -> BTreeMap<AccountBytes, u128> {
	let mut scores = BTreeMap::new();
	for (payees, value) in values {
		let (contributor, curator) = split_value(value, payees.curation_fee_ppb);
		for (account, part) in [(payees.contributor, contributor), (payees.curator, curator)] {
			if part > 0 {
				let score = scores.entry(account).or_insert(0u128);
				*score = score.saturating_add(part);
			}
		}
	}
	scores
}

/// Why the next leaves could not be computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScoresError {
	/// An owed amount or a total exceeded `u128`.
	Overflow,
}

/// The leaves of the next root: cumulative owed amounts after the previous epoch's `pot` is
/// shared by the previous leaves' scores, and the new `scores`. Accounts with nothing owed and
/// no score have no leaf. Leaves come out sorted by account, as [`crate::ledger`] requires.
pub fn next_leaves(
	previous: &[LedgerLeaf],
	pot: u128,
	scores: &BTreeMap<AccountBytes, u128>,
) -> Result<Vec<LedgerLeaf>, ScoresError> {
	let total_score = previous
		.iter()
		.try_fold(0u128, |sum, leaf| sum.checked_add(leaf.score))
		.ok_or(ScoresError::Overflow)?;
	let mut owed: BTreeMap<AccountBytes, u128> = BTreeMap::new();
	for leaf in previous {
		let share = if total_score == 0 {
			0
		} else {
			multiply_by_rational_with_rounding(pot, leaf.score, total_score, Rounding::Down)
				.ok_or(ScoresError::Overflow)?
		};
		let amount = leaf.owed.checked_add(share).ok_or(ScoresError::Overflow)?;
		let entry = owed.entry(leaf.account).or_insert(0);
		*entry = entry.checked_add(amount).ok_or(ScoresError::Overflow)?;
	}
	let mut accounts: Vec<AccountBytes> = owed.keys().chain(scores.keys()).copied().collect();
	accounts.sort_unstable();
	accounts.dedup();
	Ok(accounts
		.into_iter()
		.map(|account| LedgerLeaf {
			account,
			owed: owed.get(&account).copied().unwrap_or(0),
			score: scores.get(&account).copied().unwrap_or(0),
		})
		.filter(|leaf| leaf.owed > 0 || leaf.score > 0)
		.collect())
}

#[cfg(test)]
mod tests {
	use super::*;

	fn account(n: u8) -> AccountBytes {
		[n; 32]
	}

	#[test]
	fn negative_values_pay_nothing_and_fees_lose_nothing() {
		assert_eq!(split_value(-5, 100_000_000), (0, 0));
		assert_eq!(split_value(1_000, 100_000_000), (900, 100));
		assert_eq!(split_value(999, 100_000_000), (900, 99));
		assert_eq!(split_value(10, 2_000_000_000), (0, 10));
		let a = Payees { contributor: account(1), curator: account(9), curation_fee_ppb: 250_000_000 };
		let b = Payees { contributor: account(2), curator: account(9), curation_fee_ppb: 0 };
		let scores = account_scores([(&a, 400), (&b, 100), (&a, -50), (&b, 0)]);
		assert_eq!(
			scores.into_iter().collect::<Vec<_>>(),
			vec![(account(1), 300), (account(2), 100), (account(9), 100)]
		);
	}

	#[test]
	fn owed_amounts_accumulate_and_never_exceed_the_pots() {
		let first: BTreeMap<_, _> = [(account(1), 3u128), (account(2), 1)].into_iter().collect();
		let round1 = next_leaves(&[], 0, &first).unwrap();
		assert_eq!(
			round1,
			vec![
				LedgerLeaf { account: account(1), owed: 0, score: 3 },
				LedgerLeaf { account: account(2), owed: 0, score: 1 },
			]
		);
		// 1,001 units earned in epoch 1; account 2 leaves, account 3 joins.
		let second: BTreeMap<_, _> = [(account(1), 1u128), (account(3), 1)].into_iter().collect();
		let round2 = next_leaves(&round1, 1_001, &second).unwrap();
		assert_eq!(
			round2,
			vec![
				LedgerLeaf { account: account(1), owed: 750, score: 1 },
				LedgerLeaf { account: account(2), owed: 250, score: 0 },
				LedgerLeaf { account: account(3), owed: 0, score: 1 },
			]
		);
		let owed: u128 = round2.iter().map(|l| l.owed).sum();
		assert!(owed <= 1_001 && 1_001 - owed < round1.len() as u128);
		// An epoch with no scores shares nothing.
		let round3 = next_leaves(&[], 500, &BTreeMap::new()).unwrap();
		assert!(round3.is_empty());
	}
}
