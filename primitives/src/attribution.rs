//! The maths of attribution rounds, and [`RewardSink`], the trait through which the attribution
//! pallet tells the rewards pallet what happened.
//!
//! In an attribution round of a model, bonded attestors each score the contributions the model
//! was trained on (higher = more valuable to the model), first committing to a hash of their
//! scores and later revealing them. This module turns the revealed scores into one **consensus**
//! score per contribution, says how far each attestor agreed with that consensus (its **trust**),
//! and splits a bounty pro rata. Everything here is pure, deterministic and panic-free; the
//! pallet supplies the stakes and the scores and acts on the results (slashing, paying).
//!
//! ## In plain words
//!
//! - **Stake-weighted median** ([`stake_weighted_median`]). For one contribution, line the
//!   attestors up from the lowest score to the highest and walk along the line adding up their
//!   stake. The consensus is the score of the attestor at which the stake walked past reaches at
//!   least half of all the stake. It is the plain median where every attestor counts as many times
//!   as it has staked; when the stake splits exactly in two it takes the lower of the two middle
//!   scores. An attestor that did not score a contribution someone else scored counts as having
//!   scored it 0, so a contribution only a minority of stake rates above 0 gets a consensus of 0
//!   and is left out of the result.
//! - **Clipping**. Each attestor's score for a contribution is cut down to the consensus if it is
//!   higher; scores at or below the consensus are kept as they are. Overrating a contribution
//!   (one's own, or a friend's) therefore earns nothing.
//! - **Trust** ([`AttestorOutcome::trust`]). The attestor's clipped scores added up, divided by its
//!   own scores added up: the share of what it claimed that the consensus backs. 100% for an
//!   attestor that never scored above the consensus (and for one that scored nothing); it falls as
//!   the attestor overrates. The pallet slashes attestors whose trust is below a threshold.
//! - **Bounty split** ([`split_by_weight`]). The round's bounty is shared among the attestors that
//!   revealed, in proportion to a weight (the pallet uses stake × trust), each share rounded down.
//!   What rounding leaves over, the **dust**, is less than one unit per attestor with a non-zero
//!   weight; the pallet sends it elsewhere.
//!
//! ## A worked example
//!
//! Alice stakes 40, Bob 35 and Carol 25 (100 in all). Their revealed scores:
//!
//! ```text
//!                       Alice (40)   Bob (35)   Carol (25)   consensus
//!   contribution 7          10          12          90           12
//!   contribution 8           4          (0)          5            4
//! ```
//!
//! - Contribution 7: in score order 10 (Alice, 40 staked so far), 12 (Bob, 75) and 90 (Carol, 100).
//!   40 is less than half of 100, 75 is at least half, so the consensus is Bob's 12.
//! - Contribution 8: Bob did not score it, so he counts as 0. In order 0 (Bob, 35), 4 (Alice, 75),
//!   5 (Carol, 100): the consensus is Alice's 4.
//! - Alice scored 10 + 4 = 14, clipped min(10, 12) + min(4, 4) = 14: trust 100%. Bob scored 12,
//!   clipped 12: trust 100%. Carol scored 90 + 5 = 95 but only min(90, 12) + min(5, 4) = 16 of it
//!   is backed by the consensus: trust 16/95, about 16.84% (168_421_052 parts per billion).
//! - A bounty of 1000 split by stake × trust, that is by weights 40, 35 and 4 (25 × 16.84% rounded
//!   down), gives 1000 × 40/79 = 506, 1000 × 35/79 = 443 and 1000 × 4/79 = 50, each rounded down,
//!   and a dust of 1.
//!
//! [`aggregate`] returns the consensus `[(7, 12), (8, 4)]` and the three outcomes; a unit test
//! checks these numbers.
//!
//! ## Why an honest majority of stake is enough
//!
//! Suppose attestors holding more than half of the stake are honest: for every contribution,
//! their scores lie somewhere between a lowest honest score `lo` and a highest `hi`. Whatever the
//! others report:
//!
//! - The consensus is at most `hi`: every honest attestor scores at or below `hi`, so by the time
//!   the walk reaches `hi` it has passed more than half of the stake.
//! - The consensus is at least `lo`: below `lo` the walk has passed only dishonest stake, less than
//!   half, while the honest stake, more than half, is still ahead.
//!
//! So dishonest attestors can neither inflate nor deflate any consensus score beyond the range
//! the honest ones agree on; the further they report from it, the more their scores are clipped
//! (when too high) or simply outweighed (when too low). In particular a single attestor with less
//! than half of the stake cannot move any consensus score outside the range of the others'
//! scores. Exactly half is not enough: with a tie the lower median may be a dishonest score. The
//! property tests check both statements, and that the result does not depend on the order of the
//! reveals.
//!
//! ## Malformed input
//!
//! The pallet only hands over reveals whose scores are strictly increasing by contribution id.
//! Should one not be, [`aggregate`] still neither panics nor breaks its own output's ordering:
//! it reads each reveal from the front and ignores every entry whose id is not greater than the
//! id of the reveal's last entry it kept. Ignored entries still count in the attestor's
//! [`own_total`](AttestorOutcome::own_total) but are clipped to 0, which lowers its trust.
//!
//! ## Cost
//!
//! With `R` reveals and `U` distinct contribution ids among them, [`aggregate`] merges the `R`
//! sorted score lists (a k-way merge that looks at the `R` list heads to find the next id) and
//! sorts `R` entries per id for the median: O(R × U × log R) time and O(R + U) memory. No hash
//! maps, no recursion. Sums of scores and stakes saturate instead of overflowing (they cannot
//! reach `u128::MAX` with real balances and `u32` scores).

use crate::{ContributionId, ModelId};
use alloc::{vec, vec::Vec};
use sp_core::U256;
use sp_runtime::{Perbill, Weight};

#[cfg(test)]
mod tests;

/// An attestor's score for one contribution (unitless; higher = more valuable).
pub type Score = u32;

/// One attestor's revealed scores, with the stake that backs them.
#[derive(Clone, Copy, Debug)]
pub struct ScoredReveal<'a> {
	/// Stake (bond snapshotted at commit) backing the reveal.
	pub stake: u128,
	/// Scores, strictly increasing by [`ContributionId`]. Callers guarantee it; [`aggregate`]
	/// does not panic if it is violated (see the module docs on malformed input).
	pub scores: &'a [(ContributionId, Score)],
}

/// What aggregation says of one attestor (same order as the input reveals).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct AttestorOutcome {
	/// Sum of the attestor's own scores.
	pub own_total: u128,
	/// Sum of min(own score, consensus score) over its scores.
	pub clipped_total: u128,
	/// `clipped_total / own_total`, rounded down (`Perbill::one()` when `own_total == 0`).
	pub trust: Perbill,
}

/// The result of [`aggregate`]: the consensus and what it says of each attestor.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Aggregate {
	/// Consensus score per contribution, strictly increasing by id, zero scores omitted.
	pub consensus: Vec<(ContributionId, Score)>,
	/// One outcome per input reveal, in input order.
	pub outcomes: Vec<AttestorOutcome>,
}

/// Stake-weighted (lower) median: the smallest value `v` such that the stake of entries with
/// value `<= v` is at least half of the total stake.
///
/// Entries are `(value, stake)`. Zero-stake entries carry no weight. Returns 0 for an empty
/// slice or zero total stake. Sorts the slice in place (that is why it is `&mut`).
///
/// "At least half" is checked as `below_or_equal >= total - below_or_equal`, which cannot
/// overflow; the total saturates at `u128::MAX`.
pub fn stake_weighted_median(entries: &mut [(Score, u128)]) -> Score {
	let total = entries.iter().fold(0u128, |sum, (_, stake)| sum.saturating_add(*stake));
	if total == 0 {
		return 0;
	}
	entries.sort_unstable();
	let mut below_or_equal = 0u128;
	for (value, stake) in entries.iter() {
		if *stake == 0 {
			continue;
		}
		below_or_equal = below_or_equal.saturating_add(*stake);
		if below_or_equal >= total.saturating_sub(below_or_equal) {
			return *value;
		}
	}
	// Not reached: the last staked entry brings `below_or_equal` up to `total`.
	entries
		.iter()
		.rev()
		.find(|(_, stake)| *stake > 0)
		.map_or(0, |(value, _)| *value)
}

/// The consensus of `reveals` and each attestor's outcome.
///
/// For every contribution id that appears in at least one reveal: the
/// [`stake_weighted_median`] of all reveals' scores for it (a reveal that does not list it
/// counts as 0). Then each attestor's scores are clipped at the consensus and its trust
/// computed. The order of `reveals` changes neither the consensus nor any reveal's outcome
/// (outcomes follow their reveals). Ids whose consensus is 0 are left out of the consensus.
///
/// Cost O(R × U × log R) with R reveals and U distinct ids; sums saturate.
pub fn aggregate(reveals: &[ScoredReveal<'_>]) -> Aggregate {
	let count = reveals.len();
	// Position of each reveal's next unread entry: the heads of the k-way merge.
	let mut cursors: Vec<usize> = vec![0; count];
	// Each reveal's score for the id being aggregated, `None` if it does not list it.
	let mut own_scores: Vec<Option<Score>> = vec![None; count];
	let mut clipped_totals: Vec<u128> = vec![0; count];
	let mut entries: Vec<(Score, u128)> = Vec::with_capacity(count);
	let mut consensus = Vec::new();

	// Every head is greater than the last aggregated id (see `skip_to_after`), so ids come out
	// strictly increasing, and each pass moves at least one cursor forward: the loop ends.
	while let Some(id) = smallest_head(reveals, &cursors) {
		entries.clear();
		for ((reveal, cursor), own) in
			reveals.iter().zip(cursors.iter_mut()).zip(own_scores.iter_mut())
		{
			*own = match reveal.scores.get(*cursor) {
				Some(&(head, score)) if head == id => {
					*cursor = skip_to_after(reveal.scores, cursor.saturating_add(1), id);
					Some(score)
				},
				_ => None,
			};
			entries.push((own.unwrap_or(0), reveal.stake));
		}
		let median = stake_weighted_median(&mut entries);
		for (own, clipped_total) in own_scores.iter().zip(clipped_totals.iter_mut()) {
			if let Some(score) = own {
				*clipped_total = clipped_total.saturating_add(u128::from((*score).min(median)));
			}
		}
		if median > 0 {
			consensus.push((id, median));
		}
	}

	let outcomes = reveals
		.iter()
		.zip(clipped_totals)
		.map(|(reveal, clipped_total)| {
			let own_total = reveal
				.scores
				.iter()
				.fold(0u128, |sum, (_, score)| sum.saturating_add(u128::from(*score)));
			let trust = if own_total == 0 {
				Perbill::one()
			} else {
				Perbill::from_rational(clipped_total, own_total)
			};
			AttestorOutcome { own_total, clipped_total, trust }
		})
		.collect();
	Aggregate { consensus, outcomes }
}

/// The smallest id at the head of any reveal, `None` once every reveal is read.
fn smallest_head(reveals: &[ScoredReveal<'_>], cursors: &[usize]) -> Option<ContributionId> {
	reveals
		.iter()
		.zip(cursors)
		.filter_map(|(reveal, cursor)| reveal.scores.get(*cursor).map(|(id, _)| *id))
		.min()
}

/// The first position at or after `from` whose id is greater than `after`: skips the entries of
/// a malformed (not strictly increasing) reveal that would go backwards.
fn skip_to_after(scores: &[(ContributionId, Score)], from: usize, after: ContributionId) -> usize {
	let mut position = from;
	while scores.get(position).is_some_and(|(id, _)| *id <= after) {
		position = position.saturating_add(1);
	}
	position
}

/// Splits `total` proportionally to `weights`, rounding every share down.
///
/// Returns the shares (same order and length as `weights`) and the dust,
/// `total - sum(shares)`, which is less than the number of non-zero weights. If the weights sum
/// to 0 (or there are none), every share is 0 and the dust is `total`. Computed in 256 bits, so
/// any `u128` balances and weights are fine, and `sum(shares) <= total` always.
pub fn split_by_weight(total: u128, weights: &[u128]) -> (Vec<u128>, u128) {
	let total_weight = weights
		.iter()
		.fold(U256::zero(), |sum, weight| sum.saturating_add(U256::from(*weight)));
	let shares: Vec<u128> = weights
		.iter()
		.map(|weight| {
			// total × weight < 2^256 and the quotient is at most `total`: neither step fails
			// unless `total_weight` is 0, where every share is 0.
			U256::from(total)
				.checked_mul(U256::from(*weight))
				.and_then(|product| product.checked_div(total_weight))
				.and_then(|share| u128::try_from(share).ok())
				.unwrap_or(0)
		})
		.collect();
	let paid = shares.iter().fold(0u128, |sum, share| sum.saturating_add(*share));
	(shares, total.saturating_sub(paid))
}

/// Where the attribution pallet hands value-relevant facts: implemented by the rewards pallet.
///
/// `()` implements it by doing nothing (and weighing nothing), for runtimes and tests without
/// rewards.
pub trait RewardSink<AccountId, Balance> {
	/// A round of `model` was finalized: `consensus` (strictly increasing by id, only accepted
	/// and non-revoked contributions) replaces the model's previous attribution entirely.
	fn attribution_finalized(model: ModelId, consensus: &[(ContributionId, Score)]);

	/// Worst-case weight of [`Self::attribution_finalized`] with `entries` consensus entries.
	fn attribution_finalized_weight(entries: u32) -> Weight;

	/// An inference fee of `fee` for `model` (owned by `owner`) was paid into the attribution
	/// pallet's `FeeDestination` by `payer`; `attributions` are the receipt's optional
	/// per-answer attributions (ids checked, sum at most 100%).
	fn inference_paid(
		model: ModelId,
		owner: &AccountId,
		payer: &AccountId,
		fee: Balance,
		attributions: &[(ContributionId, Perbill)],
	);

	/// Worst-case weight of [`Self::inference_paid`] with `attributions` per-answer
	/// attributions.
	fn inference_paid_weight(attributions: u32) -> Weight;

	/// An attestor's active bond changed to `bond` (0 when it left).
	fn attestor_bond_changed(who: &AccountId, bond: Balance);

	/// Worst-case weight of [`Self::attestor_bond_changed`].
	fn attestor_bond_changed_weight() -> Weight;
}

impl<AccountId, Balance> RewardSink<AccountId, Balance> for () {
	fn attribution_finalized(_model: ModelId, _consensus: &[(ContributionId, Score)]) {}

	fn attribution_finalized_weight(_entries: u32) -> Weight {
		Weight::zero()
	}

	fn inference_paid(
		_model: ModelId,
		_owner: &AccountId,
		_payer: &AccountId,
		_fee: Balance,
		_attributions: &[(ContributionId, Perbill)],
	) {
	}

	fn inference_paid_weight(_attributions: u32) -> Weight {
		Weight::zero()
	}

	fn attestor_bond_changed(_who: &AccountId, _bond: Balance) {}

	fn attestor_bond_changed_weight() -> Weight {
		Weight::zero()
	}
}
