//! The maths of attribution rounds, and [`RewardSink`], the trait through which the attribution
//! pallet tells the rewards pallet what happened.
//!
//! In an attribution round of a model, bonded attestors each score the contributions the model
//! was trained on (higher = more valuable to the model), first committing to a hash of their
//! scores and later revealing them. This module turns the revealed scores into one **consensus**
//! score per contribution, says how far each attestor agreed with that consensus (its **trust**),
//! decides whether enough stake took part (the **quorum**), and splits a bounty pro rata.
//! Everything here is pure, deterministic and panic-free; the pallet supplies the stakes and the
//! scores and acts on the results (slashing, paying).
//!
//! ## In plain words
//!
//! - **Abstaining** ([`AttestorOutcome::abstained`]). A reveal whose scores add up to 0 (no scores
//!   at all, or only zeros) says nothing: it takes no part in the consensus, earns no trust (so no
//!   share of the bounty) and cannot be judged (so the pallet never slashes it for low trust). A
//!   crowd of empty reveals can therefore neither drag the consensus to zero nor make the honest
//!   attestors look like outliers.
//! - **Stake-weighted median** ([`stake_weighted_median`]). For one contribution, line the
//!   attestors that did not abstain up from the lowest score to the highest and walk along the line
//!   adding up their stake. The consensus is the score of the attestor at which the stake walked
//!   past reaches at least half of all the stake. It is the plain median where every attestor
//!   counts as many times as it has staked; when the stake splits exactly in two it takes the lower
//!   of the two middle scores. An attestor that did not score a contribution someone else scored
//!   counts as having scored it 0, so a contribution only a minority of stake rates above 0 gets a
//!   consensus of 0 and is left out of the result.
//! - **Trust** ([`AttestorOutcome::trust`], [`weighted_jaccard`]). How well an attestor's scores
//!   match the consensus, symmetric in over- and under-scoring: over every contribution either of
//!   them scores, the sum of the smaller of the two scores divided by the sum of the larger (the
//!   *weighted Jaccard similarity*). 100% exactly when the attestor scored what the consensus says;
//!   it falls as the attestor overrates (its own larger scores grow the denominator), underrates or
//!   leaves out what the consensus values (the consensus's larger scores do), or scores what the
//!   consensus leaves out. Scoring everything 1, or nothing, is not a safe bet any more. The pallet
//!   slashes attestors whose trust is below a threshold.
//! - **Quorum** ([`quorum_reached`]). A round's consensus only counts if the stake behind the
//!   reveals that did not abstain is at least a given share (the pallet's `RevealQuorum`, 50% in
//!   the runtime) of all the active stake: one small attestor alone can no longer replace or wipe a
//!   model's attribution.
//! - **Bounty split** ([`split_by_weight`]). The round's bounty is shared among the attestors that
//!   revealed, in proportion to a weight (the pallet uses stake × trust, so abstainers get
//!   nothing), each share rounded down. What rounding leaves over, the **dust**, is less than one
//!   unit per attestor with a non-zero weight; the pallet sends it elsewhere.
//!
//! ## A worked example
//!
//! Alice stakes 40, Bob 35 and Carol 25 (100 in all); Dan stakes 50 and reveals nothing. Their
//! revealed scores:
//!
//! ```text
//!                       Alice (40)   Bob (35)   Carol (25)   Dan (50)   consensus
//!   contribution 7          10          12          90          -          12
//!   contribution 8           4          (0)          5          -           4
//! ```
//!
//! - Dan abstains: his stake is left out of every median, and his trust is 0.
//! - Contribution 7: in score order 10 (Alice, 40 staked so far), 12 (Bob, 75) and 90 (Carol, 100).
//!   40 is less than half of 100, 75 is at least half, so the consensus is Bob's 12.
//! - Contribution 8: Bob did not score it, so he counts as 0. In order 0 (Bob, 35), 4 (Alice, 75),
//!   5 (Carol, 100): the consensus is Alice's 4.
//! - Trust, smaller over larger score per contribution: Alice (min(10, 12) + min(4, 4)) / (max(10,
//!   12) + max(4, 4)) = 14/16 = 87.5%; Bob, who left contribution 8 out, 12/16 = 75%; Carol, who
//!   overrated, (12 + 4) / (90 + 5) = 16/95, about 16.84% (168_421_052 parts per billion).
//! - A bounty of 1000 split by stake × trust, that is by weights 35, 26 (35 × 75% rounded down), 4
//!   (25 × 16.84% rounded down) and 0, gives 1000 × 35/65 = 538, 1000 × 26/65 = 400, 1000 × 4/65 =
//!   61 and 0, each rounded down, and a dust of 1.
//! - Quorum: 100 of the 150 active stake revealed scores, two thirds, which reaches a 50% quorum.
//!   Had Carol and Bob not revealed, Alice's 40 alone (27%) would not.
//!
//! [`aggregate`] returns the consensus `[(7, 12), (8, 4)]` and the four outcomes; a unit test
//! checks these numbers.
//!
//! ## Why an honest majority of stake is enough
//!
//! Suppose attestors holding more than half of the stake of the reveals that did not abstain
//! are honest: for every contribution, their scores lie somewhere between a lowest honest score
//! `lo` and a highest `hi`. Whatever the others report:
//!
//! - The consensus is at most `hi`: every honest attestor scores at or below `hi`, so by the time
//!   the walk reaches `hi` it has passed more than half of the stake.
//! - The consensus is at least `lo`: below `lo` the walk has passed only dishonest stake, less than
//!   half, while the honest stake, more than half, is still ahead.
//!
//! So dishonest attestors can neither inflate nor deflate any consensus score beyond the range
//! the honest ones agree on; the further they report from it, the lower their trust. In
//! particular a single attestor with less than half of the stake cannot move any consensus score
//! outside the range of the others' scores, and empty reveals, whatever their stake, change
//! nothing. Exactly half is not enough: with a tie the lower median may be a dishonest score.
//! With the pallet's quorum of half the active stake, changing a model's attribution therefore
//! takes more than half of a revealed stake that is itself at least half of all active stake:
//! more than a quarter of the active stake, and then only if the honest rest stays away. The
//! property tests check these statements, and that the result does not depend on the order of
//! the reveals.
//!
//! ## Malformed input
//!
//! The pallet only hands over reveals whose scores are strictly increasing by contribution id.
//! Should one not be, [`aggregate`] still neither panics nor breaks its own output's ordering:
//! it reads each reveal from the front and ignores every entry whose id is not greater than the
//! id of the reveal's last entry it kept. Ignored entries still count in the attestor's
//! [`own_total`](AttestorOutcome::own_total) (and so in the denominator of its trust) but agree
//! with nothing, which lowers its trust.
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
pub use openledger_core::ledger::{LedgerLeaf, LedgerProof, LedgerRoot};
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
	/// Sum of `min(own score, consensus score)` over the contributions it scored: the part of
	/// its scores the consensus backs.
	pub agreed_total: u128,
	/// Sum of `max(own score, consensus score)` over every contribution it or the consensus
	/// scores (a missing score counts as 0): `own_total + consensus total - agreed_total`.
	pub union_total: u128,
	/// `agreed_total / union_total` (the weighted Jaccard similarity of its scores and the
	/// consensus), rounded down; zero for an abstainer.
	pub trust: Perbill,
	/// Whether its scores add up to 0 (none, or only zeros): it took no part in the consensus,
	/// earns no bounty and cannot be judged.
	pub abstained: bool,
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

/// The weighted Jaccard similarity of two score lists (each strictly increasing by id; a
/// missing id counts as 0): `sum(min(a, b)) / sum(max(a, b))` over the ids of either, rounded
/// down. Symmetric in its arguments; 100% exactly when the lists agree on every non-zero score;
/// 0 when either sums to 0.
///
/// [`aggregate`] computes an attestor's trust as this similarity of its scores and the
/// consensus. Sums saturate; cost O(|a| + |b|).
pub fn weighted_jaccard(a: &[(ContributionId, Score)], b: &[(ContributionId, Score)]) -> Perbill {
	let (mut lower, mut upper) = (0u128, 0u128);
	let (mut left, mut right) = (a.iter().peekable(), b.iter().peekable());
	loop {
		let (low, high) = match (left.peek(), right.peek()) {
			(None, None) => break,
			(Some(&&(_, x)), None) => {
				left.next();
				(0, x)
			},
			(None, Some(&&(_, y))) => {
				right.next();
				(0, y)
			},
			(Some(&&(i, x)), Some(&&(j, y))) =>
				if i < j {
					left.next();
					(0, x)
				} else if j < i {
					right.next();
					(0, y)
				} else {
					left.next();
					right.next();
					(x.min(y), x.max(y))
				},
		};
		lower = lower.saturating_add(u128::from(low));
		upper = upper.saturating_add(u128::from(high));
	}
	if lower == 0 {
		Perbill::zero()
	} else {
		Perbill::from_rational(lower, upper)
	}
}

/// Whether `revealed` stake reaches a `quorum` share of the `active` stake: `revealed` is not
/// zero and `revealed >= quorum × active`, compared exactly (in 256 bits, no rounding).
///
/// The pallet passes as `revealed` the stake behind the reveals that did not abstain, and as
/// `active` the active bonds of the attestor set (plus the committed stake of committers that
/// have left it). No stake revealed never reaches a quorum, not even a zero one.
pub fn quorum_reached(revealed: u128, active: u128, quorum: Perbill) -> bool {
	let parts_per_whole = U256::from(Perbill::one().deconstruct());
	revealed > 0 &&
		U256::from(revealed).saturating_mul(parts_per_whole) >=
			U256::from(active).saturating_mul(U256::from(quorum.deconstruct()))
}

/// Whether a root backed by `agreeing` stake is agreed in a root round where `revealed` stake
/// stood behind valid reveals (the agreeing stake included) and `active` stake was bonded:
/// `agreeing > 0`, `3 × agreeing >= 2 × revealed`, and `agreeing` reaches `quorum` of `active`
/// ([`quorum_reached`]); compared exactly in 256 bits.
///
/// Two different roots can never both be agreed in a round: each would need more than half of
/// the revealed stake (two thirds of it), which together exceeds the whole. And stake that did
/// not speak cannot be outvoted by little stake that did: the agreeing stake must itself be a
/// `quorum` share of all active stake, so below it the previous root stays in force.
pub fn root_quorum_reached(agreeing: u128, revealed: u128, active: u128, quorum: Perbill) -> bool {
	agreeing > 0 &&
		U256::from(agreeing).saturating_mul(U256::from(3u8)) >=
			U256::from(revealed).saturating_mul(U256::from(2u8)) &&
		quorum_reached(agreeing, active, quorum)
}

/// The consensus of `reveals` and each attestor's outcome.
///
/// First, every reveal whose scores add up to 0 is marked as abstaining and left out. Then for
/// every contribution id that appears in at least one reveal: the [`stake_weighted_median`] of
/// the other reveals' scores for it (a reveal that does not list it counts as 0). Then each
/// attestor's trust is the [`weighted_jaccard`] similarity of its scores and the consensus
/// (zero for an abstainer). The order of `reveals` changes neither the consensus nor any
/// reveal's outcome (outcomes follow their reveals). Ids whose consensus is 0 are left out of
/// the consensus.
///
/// Cost O(R × U × log R) with R reveals and U distinct ids; sums saturate.
pub fn aggregate(reveals: &[ScoredReveal<'_>]) -> Aggregate {
	let count = reveals.len();
	let own_totals: Vec<u128> = reveals
		.iter()
		.map(|reveal| {
			reveal
				.scores
				.iter()
				.fold(0u128, |sum, (_, score)| sum.saturating_add(u128::from(*score)))
		})
		.collect();
	// An abstainer's stake weighs nothing in any median.
	let weights: Vec<u128> = reveals
		.iter()
		.zip(&own_totals)
		.map(|(reveal, own_total)| if *own_total == 0 { 0 } else { reveal.stake })
		.collect();
	// Position of each reveal's next unread entry: the heads of the k-way merge.
	let mut cursors: Vec<usize> = vec![0; count];
	// Each reveal's score for the id being aggregated, `None` if it does not list it.
	let mut own_scores: Vec<Option<Score>> = vec![None; count];
	let mut agreed_totals: Vec<u128> = vec![0; count];
	let mut entries: Vec<(Score, u128)> = Vec::with_capacity(count);
	let mut consensus = Vec::new();
	let mut consensus_total = 0u128;

	// Every head is greater than the last aggregated id (see `skip_to_after`), so ids come out
	// strictly increasing, and each pass moves at least one cursor forward: the loop ends.
	while let Some(id) = smallest_head(reveals, &cursors) {
		entries.clear();
		for (((reveal, cursor), own), weight) in
			reveals.iter().zip(cursors.iter_mut()).zip(own_scores.iter_mut()).zip(&weights)
		{
			*own = match reveal.scores.get(*cursor) {
				Some(&(head, score)) if head == id => {
					*cursor = skip_to_after(reveal.scores, cursor.saturating_add(1), id);
					Some(score)
				},
				_ => None,
			};
			entries.push((own.unwrap_or(0), *weight));
		}
		let median = stake_weighted_median(&mut entries);
		for (own, agreed_total) in own_scores.iter().zip(agreed_totals.iter_mut()) {
			if let Some(score) = own {
				*agreed_total = agreed_total.saturating_add(u128::from((*score).min(median)));
			}
		}
		if median > 0 {
			consensus.push((id, median));
			consensus_total = consensus_total.saturating_add(u128::from(median));
		}
	}

	let outcomes = own_totals
		.into_iter()
		.zip(agreed_totals)
		.map(|(own_total, agreed_total)| {
			let abstained = own_total == 0;
			// sum(max) = sum(own) + sum(consensus) - sum(min), over the union of ids.
			let union_total =
				own_total.saturating_add(consensus_total).saturating_sub(agreed_total);
			let trust = if abstained || agreed_total == 0 {
				Perbill::zero()
			} else {
				Perbill::from_rational(agreed_total, union_total)
			};
			AttestorOutcome { own_total, agreed_total, union_total, trust, abstained }
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

/// The 32 bytes that stand for `account` in a ledger leaf: its SCALE encoding, zero-padded to
/// 32 bytes. For the runtime's `AccountId32` that is exactly its 32 bytes (the public key the
/// attestor and wallets know); `None` if the encoding is longer than 32 bytes.
pub fn ledger_account<AccountId: codec::Encode>(account: &AccountId) -> Option<[u8; 32]> {
	let encoded = account.encode();
	let mut bytes = [0u8; 32];
	bytes.get_mut(..encoded.len())?.copy_from_slice(&encoded);
	Some(bytes)
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

	/// A round of `model` reached its quorum: `attestors` (each account once, with its weight
	/// in the round: stake × trust in a scored round, stake in a root round; only those the
	/// round did not slash) replace the model's previous attestors, who earn the attestors'
	/// share of its fees from now on. Attestors earn by taking part in rounds, not by bond.
	fn attestors_finalized(model: ModelId, attestors: &[(AccountId, Balance)]);

	/// Worst-case weight of [`Self::attestors_finalized`] with `attestors` attestors.
	fn attestors_finalized_weight(attestors: u32) -> Weight;

	/// `model` was registered with a deterministic attribution spec: from now on the
	/// contributor share of its fees accrues to its ledger (not to a points pool) and is paid
	/// by proof against the roots its rounds agree on.
	fn ledger_opened(model: ModelId);

	/// The contributor share `model`'s ledger has received so far (cumulative, never
	/// decreasing): what a root of the model may at most owe in total.
	fn ledger_inflow(model: ModelId) -> Balance;

	/// A round of `model` agreed on `root`, which the attribution pallet checked against the
	/// ledger's inflow; claims are verified against it from now on.
	fn ledger_root_accepted(model: ModelId, root: &LedgerRoot);

	/// Worst-case weight of any one of the three ledger hooks above (each is one storage
	/// access).
	fn ledger_hook_weight() -> Weight;
}

impl<AccountId, Balance: Default> RewardSink<AccountId, Balance> for () {
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

	fn attestors_finalized(_model: ModelId, _attestors: &[(AccountId, Balance)]) {}

	fn attestors_finalized_weight(_attestors: u32) -> Weight {
		Weight::zero()
	}

	fn ledger_opened(_model: ModelId) {}

	fn ledger_inflow(_model: ModelId) -> Balance {
		Balance::default()
	}

	fn ledger_root_accepted(_model: ModelId, _root: &LedgerRoot) {}

	fn ledger_hook_weight() -> Weight {
		Weight::zero()
	}
}
