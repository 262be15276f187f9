//! Unit and property tests of the attribution maths.
//!
//! [`aggregate`] is checked against a reference built here from a brute-force median (no
//! sorting, no running sums: the definition of the lower median applied value by value), a
//! lookup of every score and a weighted Jaccard similarity computed over an explicit union of
//! ids; [`split_by_weight`] and [`quorum_reached`] against exact 512-bit arithmetic. The worked
//! example of the module docs is a unit test.

#![allow(
	clippy::unwrap_used,
	clippy::indexing_slicing,
	clippy::arithmetic_side_effects,
	clippy::expect_used,
	clippy::panic
)]

use super::*;
use alloc::collections::{BTreeMap, BTreeSet};
use proptest::prelude::*;
use sp_core::U512;

type Scores = Vec<(ContributionId, Score)>;

/// An owned reveal: its stake and scores.
type Owned = (u128, Scores);

fn borrow(owned: &[Owned]) -> Vec<ScoredReveal<'_>> {
	owned
		.iter()
		.map(|(stake, scores)| ScoredReveal { stake: *stake, scores: scores.as_slice() })
		.collect()
}

fn run(owned: &[Owned]) -> Aggregate {
	aggregate(&borrow(owned))
}

/// Trust from the sums of the smaller and of the larger scores (zero if nothing agrees).
fn trust_of(agreed_total: u128, union_total: u128) -> Perbill {
	if agreed_total == 0 {
		Perbill::zero()
	} else {
		Perbill::from_rational(agreed_total, union_total)
	}
}

/// The weighted Jaccard similarity by its definition: over the union of the ids of both
/// (well-formed) lists, the sums of the smaller and of the larger scores.
fn brute_jaccard(a: &[(ContributionId, Score)], b: &[(ContributionId, Score)]) -> (u128, u128) {
	let ids: BTreeSet<ContributionId> = a.iter().chain(b).map(|(id, _)| *id).collect();
	let lower = ids.iter().map(|id| u128::from(score_of(a, *id).min(score_of(b, *id)))).sum();
	let upper = ids.iter().map(|id| u128::from(score_of(a, *id).max(score_of(b, *id)))).sum();
	(lower, upper)
}

fn own_total_of(scores: &[(ContributionId, Score)]) -> u128 {
	scores.iter().map(|(_, score)| u128::from(*score)).sum()
}

/// The lower median by its definition: the smallest staked value `v` such that the stake of the
/// entries at or below `v` is at least half of the total. Stakes must not overflow when summed.
fn brute_median(entries: &[(Score, u128)]) -> Score {
	let total: u128 = entries.iter().map(|(_, stake)| stake).sum();
	if total == 0 {
		return 0;
	}
	let staked_values: BTreeSet<Score> = entries
		.iter()
		.filter(|(_, stake)| *stake > 0)
		.map(|(value, _)| *value)
		.collect();
	for candidate in staked_values {
		let at_or_below: u128 = entries
			.iter()
			.filter(|(value, _)| *value <= candidate)
			.map(|(_, stake)| stake)
			.sum();
		if 2 * at_or_below >= total {
			return candidate;
		}
	}
	panic!("the largest staked value always qualifies");
}

/// The score a (well-formed) reveal gives `id`, 0 if it does not list it.
fn score_of(scores: &[(ContributionId, Score)], id: ContributionId) -> Score {
	scores.iter().find(|(listed, _)| *listed == id).map_or(0, |(_, score)| *score)
}

fn consensus_of(result: &Aggregate, id: ContributionId) -> Score {
	score_of(&result.consensus, id)
}

fn ids_of(owned: &[Owned]) -> BTreeSet<ContributionId> {
	owned.iter().flat_map(|(_, scores)| scores.iter().map(|(id, _)| *id)).collect()
}

/// [`aggregate`] written the obvious way, for well-formed reveals: abstainers (scores adding up
/// to 0) dropped from the medians, trust the brute-force Jaccard similarity with the consensus.
fn reference(owned: &[Owned]) -> Aggregate {
	let voting: Vec<bool> = owned.iter().map(|(_, scores)| own_total_of(scores) > 0).collect();
	reference_with_voters(owned, &voting)
}

/// [`reference`] with the reveals that take part in the medians given (`voting`).
fn reference_with_voters(owned: &[Owned], voting: &[bool]) -> Aggregate {
	let voters: Vec<&Owned> = owned
		.iter()
		.zip(voting)
		.filter(|(_, votes)| **votes)
		.map(|(reveal, _)| reveal)
		.collect();
	let consensus: Scores = ids_of(owned)
		.into_iter()
		.map(|id| {
			let entries: Vec<(Score, u128)> =
				voters.iter().map(|(stake, scores)| (score_of(scores, id), *stake)).collect();
			(id, brute_median(&entries))
		})
		.filter(|(_, median)| *median > 0)
		.collect();
	let by_id: BTreeMap<ContributionId, Score> = consensus.iter().copied().collect();
	let outcomes = owned
		.iter()
		.map(|(_, scores)| {
			let own_total = own_total_of(scores);
			let agreed_total: u128 = scores
				.iter()
				.map(|(id, score)| u128::from((*score).min(by_id.get(id).copied().unwrap_or(0))))
				.sum();
			let (lower, upper) = brute_jaccard(scores, &consensus);
			assert_eq!(lower, agreed_total);
			let abstained = own_total == 0;
			AttestorOutcome {
				own_total,
				agreed_total,
				union_total: upper,
				trust: if abstained { Perbill::zero() } else { trust_of(lower, upper) },
				abstained,
			}
		})
		.collect();
	Aggregate { consensus, outcomes }
}

/// What [`aggregate`] reads of a malformed reveal: each entry whose id is greater than the id of
/// the last entry kept.
fn keep_increasing(scores: &[(ContributionId, Score)]) -> Scores {
	let mut kept: Scores = Vec::new();
	for &(id, score) in scores {
		let keep = match kept.last() {
			Some((last, _)) => id > *last,
			None => true,
		};
		if keep {
			kept.push((id, score));
		}
	}
	kept
}

/// The guarantees every result gives, whatever the input.
fn assert_well_formed(result: &Aggregate, reveals: usize) {
	assert_eq!(result.outcomes.len(), reveals);
	assert!(
		result.consensus.windows(2).all(|pair| pair[0].0 < pair[1].0),
		"consensus strictly increasing by id: {:?}",
		result.consensus
	);
	assert!(result.consensus.iter().all(|(_, score)| *score > 0), "no zero consensus score");
	let consensus_total: u128 = own_total_of(&result.consensus);
	for outcome in &result.outcomes {
		assert!(outcome.agreed_total <= outcome.own_total, "{outcome:?}");
		assert!(outcome.agreed_total <= consensus_total, "{outcome:?}");
		assert!(outcome.agreed_total <= outcome.union_total, "{outcome:?}");
		assert_eq!(outcome.abstained, outcome.own_total == 0, "{outcome:?}");
		if outcome.abstained {
			assert_eq!(outcome.trust, Perbill::zero(), "an abstainer earns no trust");
		}
	}
}

/// The example of the module docs: Alice, Bob, Carol, and Dan who reveals nothing.
fn example() -> Vec<Owned> {
	vec![
		(40, vec![(7, 10), (8, 4)]),
		(35, vec![(7, 12)]),
		(25, vec![(7, 90), (8, 5)]),
		(50, Vec::new()),
	]
}

#[test]
fn worked_example_from_the_docs() {
	let result = run(&example());
	assert_eq!(result.consensus, vec![(7, 12), (8, 4)]);
	let outcome = |own_total, agreed_total, union_total, trust| AttestorOutcome {
		own_total,
		agreed_total,
		union_total,
		trust,
		abstained: false,
	};
	assert_eq!(
		result.outcomes,
		vec![
			outcome(14, 14, 16, Perbill::from_parts(875_000_000)),
			outcome(12, 12, 16, Perbill::from_percent(75)),
			outcome(95, 16, 95, Perbill::from_parts(168_421_052)),
			AttestorOutcome {
				own_total: 0,
				agreed_total: 0,
				union_total: 16,
				trust: Perbill::zero(),
				abstained: true,
			},
		]
	);
	assert_eq!(result, reference(&example()));

	let weights: Vec<u128> = example()
		.iter()
		.zip(&result.outcomes)
		.map(|((stake, _), outcome)| outcome.trust.mul_floor(*stake))
		.collect();
	assert_eq!(weights, vec![35, 26, 4, 0]);
	assert_eq!(split_by_weight(1000, &weights), (vec![538, 400, 61, 0], 1));

	// 100 of the 150 active stake revealed scores: a 50% quorum is reached; Alice alone is not.
	assert!(quorum_reached(100, 150, Perbill::from_percent(50)));
	assert!(!quorum_reached(40, 150, Perbill::from_percent(50)));
	// Without Dan, nothing changes for the others.
	let without_dan = run(&example()[..3]);
	assert_eq!(without_dan.consensus, result.consensus);
	assert_eq!(without_dan.outcomes[..], result.outcomes[..3]);
}

#[test]
fn median_examples() {
	assert_eq!(stake_weighted_median(&mut []), 0, "nothing to take the median of");
	assert_eq!(stake_weighted_median(&mut [(5, 0), (9, 0)]), 0, "no stake");
	assert_eq!(stake_weighted_median(&mut [(3, 1), (1, 1), (2, 1)]), 2);
	assert_eq!(stake_weighted_median(&mut [(20, 50), (10, 50)]), 10, "a tie takes the lower");
	assert_eq!(stake_weighted_median(&mut [(20, 51), (10, 49)]), 20);
	assert_eq!(stake_weighted_median(&mut [(1, 0), (7, 3), (9, 0)]), 7, "zero stake weighs 0");
	assert_eq!(stake_weighted_median(&mut [(1, u128::MAX), (2, u128::MAX)]), 1, "no overflow");
	assert_eq!(stake_weighted_median(&mut [(1, 1), (2, u128::MAX)]), 2, "no overflow");
}

#[test]
fn nothing_to_aggregate() {
	assert_eq!(aggregate(&[]), Aggregate { consensus: Vec::new(), outcomes: Vec::new() });

	// Only the zero-stake attestor scores contribution 3: its consensus is 0, so it is left
	// out, and that attestor agrees with nothing. The other abstains.
	let result = run(&[(10, Vec::new()), (0, vec![(3, 7)])]);
	assert!(result.consensus.is_empty());
	assert_eq!(
		result.outcomes,
		vec![
			AttestorOutcome {
				own_total: 0,
				agreed_total: 0,
				union_total: 0,
				trust: Perbill::zero(),
				abstained: true,
			},
			AttestorOutcome {
				own_total: 7,
				agreed_total: 0,
				union_total: 7,
				trust: Perbill::zero(),
				abstained: false,
			},
		]
	);
}

#[test]
fn a_majority_of_empty_reveals_neither_wipes_the_consensus_nor_condemns_the_honest() {
	// With empty reveals counted as zeros, these two (two thirds of the stake) made every
	// median 0: an empty consensus, and the honest attestor's trust 0.
	let honest: Owned = (100, vec![(1, 50), (2, 30)]);
	let result = run(&[(100, Vec::new()), honest.clone(), (100, vec![(1, 0), (2, 0)])]);
	assert_eq!(result.consensus, honest.1);
	assert_eq!(result.outcomes[1].trust, Perbill::one());
	assert!(result.outcomes[0].abstained && result.outcomes[2].abstained);
	assert_eq!(result.outcomes[0].trust, Perbill::zero());
	assert_eq!(result.outcomes[2].trust, Perbill::zero());
}

#[test]
fn agreement_is_symmetric_in_over_and_under_scoring() {
	let honest: Owned = (60, vec![(1, 50), (2, 50)]);
	// Scoring everything low, or leaving things out, no longer keeps full trust.
	let timid: Owned = (20, vec![(1, 1), (2, 1)]);
	let partial: Owned = (20, vec![(1, 50)]);
	let result = run(&[honest, timid, partial]);
	assert_eq!(result.consensus, vec![(1, 50), (2, 50)]);
	assert_eq!(result.outcomes[0].trust, Perbill::one());
	assert_eq!(result.outcomes[1].trust, Perbill::from_percent(2), "2 of 100");
	assert_eq!(result.outcomes[2].trust, Perbill::from_percent(50), "50 of 100");
	// Twice too high and half too low cost the same: 50% either way.
	assert_eq!(weighted_jaccard(&[(1, 100)], &[(1, 50)]), Perbill::from_percent(50));
	assert_eq!(weighted_jaccard(&[(1, 25)], &[(1, 50)]), Perbill::from_percent(50));
	assert_eq!(
		weighted_jaccard(&[(1, 50)], &[(1, 100)]),
		weighted_jaccard(&[(1, 100)], &[(1, 50)])
	);
}

#[test]
fn jaccard_examples() {
	assert_eq!(weighted_jaccard(&[], &[]), Perbill::zero());
	assert_eq!(weighted_jaccard(&[(1, 5)], &[]), Perbill::zero());
	assert_eq!(weighted_jaccard(&[(1, 0)], &[(1, 0)]), Perbill::zero(), "nothing to agree on");
	assert_eq!(weighted_jaccard(&[(1, 5), (2, 0)], &[(1, 5)]), Perbill::one(), "zeros are absent");
	assert_eq!(weighted_jaccard(&[(1, 5)], &[(2, 5)]), Perbill::zero(), "disjoint");
	assert_eq!(
		weighted_jaccard(&[(1, 3), (4, 1)], &[(1, 1), (2, 2)]),
		Perbill::from_rational(1u32, 6)
	);
	let max = Score::MAX;
	assert_eq!(weighted_jaccard(&[(1, max), (2, max)], &[(1, max), (2, max)]), Perbill::one());
}

#[test]
fn quorum_examples() {
	let half = Perbill::from_percent(50);
	assert!(quorum_reached(50, 100, half), "exactly half is enough");
	assert!(!quorum_reached(49, 100, half));
	assert!(!quorum_reached(0, 0, half), "no stake revealed never reaches a quorum");
	assert!(!quorum_reached(0, 0, Perbill::zero()));
	assert!(quorum_reached(1, 1_000_000, Perbill::zero()));
	assert!(quorum_reached(1, 0, Perbill::one()));
	assert!(quorum_reached(u128::MAX, u128::MAX, Perbill::one()), "no overflow");
	assert!(!quorum_reached(u128::MAX - 1, u128::MAX, Perbill::one()), "no rounding");
	assert!(quorum_reached(u128::MAX / 2 + 1, u128::MAX, half));
	assert!(!quorum_reached(u128::MAX / 2, u128::MAX, half));
}

#[test]
fn a_minority_can_neither_inflate_nor_add_contributions() {
	let honest: Owned = (60, vec![(1, 50)]);
	let greedy: Owned = (40, vec![(1, Score::MAX), (2, Score::MAX)]);
	let result = run(&[greedy, honest]);
	assert_eq!(result.consensus, vec![(1, 50)]);
	let greedy_total = 2 * u128::from(Score::MAX);
	assert_eq!(
		result.outcomes[0],
		AttestorOutcome {
			own_total: greedy_total,
			agreed_total: 50,
			union_total: greedy_total,
			trust: Perbill::from_rational(50, greedy_total),
			abstained: false,
		}
	);
	assert_eq!(result.outcomes[1].trust, Perbill::one());
}

#[test]
fn malformed_reveal_is_read_as_its_increasing_part() {
	// (3, 50) goes backwards and the second (5, 20) repeats id 5: both are ignored for the
	// consensus and agree with nothing, but still count in the attestor's own total.
	let result = run(&[(1, vec![(5, 10), (3, 50), (5, 20), (6, 1)])]);
	assert_eq!(result.consensus, vec![(5, 10), (6, 1)]);
	assert_eq!(
		result.outcomes,
		vec![AttestorOutcome {
			own_total: 81,
			agreed_total: 11,
			union_total: 81,
			trust: Perbill::from_rational(11u128, 81),
			abstained: false,
		}]
	);
}

#[test]
fn split_examples() {
	assert_eq!(split_by_weight(1000, &[40, 35, 4]), (vec![506, 443, 50], 1));
	assert_eq!(split_by_weight(10, &[1, 1, 1]), (vec![3, 3, 3], 1));
	assert_eq!(split_by_weight(100, &[0, 3, 0]), (vec![0, 100, 0], 0));
	assert_eq!(split_by_weight(0, &[5, 5]), (vec![0, 0], 0));
	assert_eq!(split_by_weight(7, &[0, 0]), (vec![0, 0], 7), "no weight: all of it is dust");
	assert_eq!(split_by_weight(7, &[]), (Vec::new(), 7));
	let half = u128::MAX / 2;
	assert_eq!(
		split_by_weight(u128::MAX, &[u128::MAX, u128::MAX]),
		(vec![half, half], 1),
		"no overflow"
	);
}

#[test]
fn the_unit_reward_sink_does_nothing_and_weighs_nothing() {
	<() as RewardSink<u64, u128>>::attribution_finalized(0, &[(1, 2)]);
	<() as RewardSink<u64, u128>>::inference_paid(0, &1, &2, 3, &[(1, Perbill::one())]);
	<() as RewardSink<u64, u128>>::attestors_finalized(0, &[(1, 2)]);
	assert_eq!(<() as RewardSink<u64, u128>>::attribution_finalized_weight(100), Weight::zero());
	assert_eq!(<() as RewardSink<u64, u128>>::inference_paid_weight(100), Weight::zero());
	assert_eq!(<() as RewardSink<u64, u128>>::attestors_finalized_weight(100), Weight::zero());
}

/// Mostly small stakes (ties and zeros), sometimes large ones; never so large that a few of
/// them overflow when summed, which the brute-force references rely on.
fn stake() -> impl Strategy<Value = u128> {
	prop_oneof![3 => 0u128..1_000, 1 => 0..=u128::from(u64::MAX)]
}

/// Mostly small scores (many ties), sometimes any.
fn score() -> impl Strategy<Value = Score> {
	prop_oneof![3 => 0u32..100, 1 => any::<Score>()]
}

/// A well-formed reveal's scores: strictly increasing ids from a small range, so that reveals
/// overlap.
fn scores() -> impl Strategy<Value = Scores> {
	prop::collection::btree_map(0u64..24, score(), 0..12).prop_map(|map| map.into_iter().collect())
}

fn reveals() -> impl Strategy<Value = Vec<Owned>> {
	prop::collection::vec((stake(), scores()), 0..10)
}

fn amount() -> impl Strategy<Value = u128> {
	prop_oneof![2 => 0u128..10, 2 => 0u128..1_000_000, 1 => any::<u128>()]
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(256))]

	/// The median is the one of its definition, and sorting is all it does to its input.
	#[test]
	fn median_equals_brute_force(entries in prop::collection::vec((score(), stake()), 0..16)) {
		let mut sorted = entries.clone();
		prop_assert_eq!(stake_weighted_median(&mut sorted), brute_median(&entries));
		let mut expected = entries.clone();
		expected.sort();
		prop_assert_eq!(sorted, expected);
	}

	/// `aggregate` equals the obvious implementation on well-formed input.
	#[test]
	fn aggregate_equals_the_reference(owned in reveals()) {
		let result = run(&owned);
		assert_well_formed(&result, owned.len());
		prop_assert_eq!(&result, &reference(&owned));
	}

	/// A contribution needs more than half of the stake scoring it above zero to enter the
	/// consensus, so the consensus has fewer than twice as many entries as the longest reveal:
	/// the bound the attribution pallet's `finalize` weight relies on.
	#[test]
	fn consensus_is_shorter_than_twice_the_longest_reveal(owned in reveals()) {
		let longest = owned.iter().map(|(_, scores)| scores.len()).max().unwrap_or(0);
		let result = run(&owned);
		prop_assert!(
			result.consensus.len() < 2 * longest || result.consensus.is_empty(),
			"{} consensus entries from reveals of at most {} scores",
			result.consensus.len(),
			longest,
		);
	}

	/// Honest attestors (all listing the same ids) hold more than half of the stake: every
	/// consensus score lies within the honest scores for that id, whatever the others report.
	#[test]
	fn honest_majority_of_stake_bounds_every_consensus_score(
		honest_ids in prop::collection::btree_set(0u64..24, 0..10),
		honest_reveals in prop::collection::vec((stake(), prop::collection::vec(score(), 10)), 1..6),
		dishonest in prop::collection::vec((stake(), scores()), 0..6),
		honest_first in any::<bool>(),
	) {
		let mut honest: Vec<Owned> = honest_reveals
			.into_iter()
			.map(|(stake, scores)| {
				let listed: Scores = honest_ids.iter().copied().zip(scores).collect();
				(stake, listed)
			})
			.collect();
		// Abstainers (all scores 0) weigh nothing: the majority is of the stake that votes.
		let votes = |(_, scores): &&Owned| own_total_of(scores) > 0;
		let first_voter = honest.iter().position(|reveal| votes(&reveal));
		prop_assume!(first_voter.is_some());
		let honest_stake: u128 = honest.iter().filter(votes).map(|(stake, _)| stake).sum();
		let dishonest_stake: u128 = dishonest.iter().filter(votes).map(|(stake, _)| stake).sum();
		if honest_stake <= dishonest_stake {
			honest[first_voter.unwrap()].0 += dishonest_stake - honest_stake + 1;
		}
		let all: Vec<Owned> = if honest_first {
			[honest.clone(), dishonest.clone()].concat()
		} else {
			[dishonest.clone(), honest.clone()].concat()
		};

		let result = run(&all);
		assert_well_formed(&result, all.len());
		for id in ids_of(&all) {
			// Ids outside `honest_ids` are scored 0 by every honest attestor.
			let honest_scores: Vec<Score> = honest
				.iter()
				.filter(|(stake, scores)| *stake > 0 && own_total_of(scores) > 0)
				.map(|(_, scores)| score_of(scores, id))
				.collect();
			let lowest = *honest_scores.iter().min().unwrap();
			let highest = *honest_scores.iter().max().unwrap();
			let consensus = consensus_of(&result, id);
			prop_assert!(
				lowest <= consensus && consensus <= highest,
				"id {}: consensus {} outside honest [{}, {}]", id, consensus, lowest, highest
			);
		}
	}

	/// One attestor with less than half of the stake, however it reports (including all-0 and
	/// all-maximum), cannot move a consensus score outside the range of the others' scores.
	#[test]
	fn a_lone_minority_attestor_stays_within_the_others_range(
		others in prop::collection::vec((stake(), scores()), 1..8),
		attacker_scores in scores(),
		extreme in prop_oneof![Just(None::<Score>), Just(Some(0)), Just(Some(Score::MAX))],
		stake_seed in any::<u128>(),
		position in any::<prop::sample::Index>(),
	) {
		let others_stake: u128 = others
			.iter()
			.filter(|(_, scores)| own_total_of(scores) > 0)
			.map(|(stake, _)| stake)
			.sum();
		prop_assume!(others_stake > 0);
		let attacker_scores = match extreme {
			None => attacker_scores,
			Some(value) => (0u64..24).map(|id| (id, value)).collect(),
		};
		let mut all = others.clone();
		all.insert(position.index(others.len() + 1), (stake_seed % others_stake, attacker_scores));

		let result = run(&all);
		assert_well_formed(&result, all.len());
		for id in ids_of(&all) {
			let others_scores: Vec<Score> = others
				.iter()
				.filter(|(stake, scores)| *stake > 0 && own_total_of(scores) > 0)
				.map(|(_, scores)| score_of(scores, id))
				.collect();
			let lowest = *others_scores.iter().min().unwrap();
			let highest = *others_scores.iter().max().unwrap();
			let consensus = consensus_of(&result, id);
			prop_assert!(
				lowest <= consensus && consensus <= highest,
				"id {}: consensus {} outside the others' [{}, {}]", id, consensus, lowest, highest
			);
		}
	}

	/// Permuting the reveals permutes the outcomes the same way and leaves the consensus alone.
	#[test]
	fn order_of_reveals_changes_nothing(
		(owned, order) in reveals().prop_flat_map(|owned| {
			let order: Vec<usize> = (0..owned.len()).collect();
			(Just(owned), Just(order).prop_shuffle())
		}),
	) {
		let permuted: Vec<Owned> = order.iter().map(|index| owned[*index].clone()).collect();
		let original = run(&owned);
		let shuffled = run(&permuted);
		prop_assert_eq!(&shuffled.consensus, &original.consensus);
		for (position, index) in order.iter().enumerate() {
			prop_assert_eq!(shuffled.outcomes[position], original.outcomes[*index]);
		}
	}

	/// Revealing exactly the consensus is full trust; changing any one score of it, up or down,
	/// costs trust. A zero-stake attestor changes neither the consensus nor anyone's outcome.
	#[test]
	fn only_agreeing_exactly_keeps_full_trust(
		owned in reveals(),
		pick in any::<prop::sample::Index>(),
		change in prop_oneof![Just(None::<Score>), (1u32..1_000).prop_map(Some)],
		up in any::<bool>(),
	) {
		let before = run(&owned);
		prop_assume!(!before.consensus.is_empty());
		let mut copy = owned.clone();
		copy.push((0, before.consensus.clone()));
		let exact = run(&copy);
		prop_assert_eq!(&exact.consensus, &before.consensus);
		prop_assert_eq!(&exact.outcomes[..owned.len()], &before.outcomes[..]);
		prop_assert_eq!(exact.outcomes[owned.len()].trust, Perbill::one());

		// Drop one entry (`None`), or move it up or down (not below 0) by `change`.
		let mut deviated = before.consensus.clone();
		let index = pick.index(deviated.len());
		match change {
			None => {
				deviated.remove(index);
			},
			Some(delta) => {
				let score = &mut deviated[index].1;
				*score = if up { score.saturating_add(delta) } else { score.saturating_sub(delta) };
			},
		}
		prop_assume!(deviated != before.consensus);
		let mut with_deviation = owned.clone();
		with_deviation.push((0, deviated.clone()));
		let after = run(&with_deviation);
		prop_assert_eq!(&after.consensus, &before.consensus);
		prop_assert!(after.outcomes[owned.len()].trust < Perbill::one(), "{:?}", deviated);
	}

	/// Empty and all-zero reveals, with any stake, anywhere among the others, change neither the
	/// consensus nor the others' outcomes: they abstain, with no trust.
	#[test]
	fn empty_reveals_change_nothing(
		owned in reveals(),
		empties in prop::collection::vec((any::<u128>(), prop::collection::btree_set(0u64..24, 0..6)), 1..6),
		positions in prop::collection::vec(any::<prop::sample::Index>(), 6),
	) {
		let before = run(&owned);
		let mut all: Vec<(Option<usize>, Owned)> =
			owned.iter().cloned().enumerate().map(|(index, reveal)| (Some(index), reveal)).collect();
		for ((stake, ids), position) in empties.into_iter().zip(positions) {
			let zeros: Scores = ids.into_iter().map(|id| (id, 0)).collect();
			all.insert(position.index(all.len() + 1), (None, (stake, zeros)));
		}
		let reveals: Vec<Owned> = all.iter().map(|(_, reveal)| reveal.clone()).collect();
		let after = run(&reveals);
		assert_well_formed(&after, reveals.len());
		prop_assert_eq!(&after.consensus, &before.consensus);
		for ((origin, _), outcome) in all.iter().zip(&after.outcomes) {
			match origin {
				Some(index) => prop_assert_eq!(*outcome, before.outcomes[*index]),
				None => {
					prop_assert!(outcome.abstained);
					prop_assert_eq!(outcome.trust, Perbill::zero());
				},
			}
		}
	}

	/// Unsorted and repeated ids neither panic nor break the output's guarantees; each reveal is
	/// read as its increasing part, and what is skipped agrees with nothing.
	#[test]
	fn malformed_reveals_are_read_as_their_increasing_part(
		owned in prop::collection::vec(
			(stake(), prop::collection::vec((0u64..24, score()), 0..12)),
			0..8,
		),
	) {
		let result = run(&owned);
		assert_well_formed(&result, owned.len());
		let kept: Vec<Owned> =
			owned.iter().map(|(stake, scores)| (*stake, keep_increasing(scores))).collect();
		// Whether a reveal abstains depends on all its scores, read or skipped.
		let voting: Vec<bool> = owned.iter().map(|(_, scores)| own_total_of(scores) > 0).collect();
		let expected = reference_with_voters(&kept, &voting);
		prop_assert_eq!(&result.consensus, &expected.consensus);
		let consensus_total = own_total_of(&expected.consensus);
		for ((_, scores), (outcome, kept_outcome)) in
			owned.iter().zip(result.outcomes.iter().zip(&expected.outcomes))
		{
			let own_total = own_total_of(scores);
			prop_assert_eq!(outcome.own_total, own_total);
			prop_assert_eq!(outcome.agreed_total, kept_outcome.agreed_total);
			let union_total = own_total + consensus_total - outcome.agreed_total;
			prop_assert_eq!(outcome.union_total, union_total);
			let trust =
				if own_total == 0 { Perbill::zero() } else { trust_of(outcome.agreed_total, union_total) };
			prop_assert_eq!(outcome.trust, trust);
		}
	}

	/// Shares and dust add up to the total exactly; each share is its exact proportional part
	/// rounded down, so the dust is less than one unit per non-zero weight.
	#[test]
	fn split_is_exact_and_proportional(
		total in amount(),
		weights in prop::collection::vec(amount(), 0..12),
	) {
		let (shares, dust) = split_by_weight(total, &weights);
		prop_assert_eq!(shares.len(), weights.len());
		let paid = shares.iter().try_fold(0u128, |sum, share| sum.checked_add(*share)).unwrap();
		prop_assert_eq!(paid.checked_add(dust), Some(total));

		let total_weight = weights.iter().fold(U512::zero(), |sum, weight| sum + U512::from(*weight));
		if total_weight.is_zero() {
			prop_assert!(shares.iter().all(|share| *share == 0));
			prop_assert_eq!(dust, total);
		} else {
			let non_zero = u128::try_from(weights.iter().filter(|weight| **weight > 0).count()).unwrap();
			prop_assert!(dust < non_zero, "dust {} with {} non-zero weights", dust, non_zero);
			for (share, weight) in shares.iter().zip(&weights) {
				let exact = U512::from(total) * U512::from(*weight);
				prop_assert!(U512::from(*share) * total_weight <= exact, "share too large");
				prop_assert!(
					(U512::from(*share) + U512::one()) * total_weight > exact,
					"share rounded down by a whole unit or more"
				);
			}
		}
	}

	/// The weighted Jaccard similarity is symmetric, at most 100%, exactly its definition, and
	/// 100% for a list with itself (unless it sums to 0).
	#[test]
	fn jaccard_is_symmetric_and_exact(a in scores(), b in scores()) {
		let forward = weighted_jaccard(&a, &b);
		prop_assert_eq!(forward, weighted_jaccard(&b, &a));
		let (lower, upper) = brute_jaccard(&a, &b);
		prop_assert_eq!(forward, trust_of(lower, upper));
		let itself = if own_total_of(&a) == 0 { Perbill::zero() } else { Perbill::one() };
		prop_assert_eq!(weighted_jaccard(&a, &a), itself);
	}

	/// Every outcome's trust is the Jaccard similarity of its scores and the consensus.
	#[test]
	fn trust_is_the_jaccard_similarity_with_the_consensus(owned in reveals()) {
		let result = run(&owned);
		for ((_, scores), outcome) in owned.iter().zip(&result.outcomes) {
			prop_assert_eq!(outcome.trust, weighted_jaccard(scores, &result.consensus));
		}
	}

	/// The quorum is the exact comparison `revealed / active >= quorum` (with some stake
	/// revealed), and more revealed stake never loses it.
	#[test]
	fn quorum_is_exact_and_monotone(
		revealed in amount(),
		active in amount(),
		parts in prop_oneof![Just(0u32), Just(500_000_000), Just(1_000_000_000), 0u32..=1_000_000_000],
	) {
		let quorum = Perbill::from_parts(parts);
		let exact = revealed > 0 &&
			U512::from(revealed) * U512::from(1_000_000_000u64) >= U512::from(active) * U512::from(parts);
		prop_assert_eq!(quorum_reached(revealed, active, quorum), exact);
		if exact {
			prop_assert!(quorum_reached(revealed.saturating_add(1), active, quorum));
			prop_assert!(quorum_reached(revealed, active.saturating_sub(1), quorum));
		}
	}
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(512))]

	/// `root_quorum_reached` is its definition, computed exactly.
	#[test]
	fn root_quorum_equals_exact_arithmetic(
		agreeing in amount(),
		extra in amount(),
		active in amount(),
		quorum in 0u32..=1_000_000_000,
	) {
		let revealed = agreeing.saturating_add(extra);
		let quorum = Perbill::from_parts(quorum);
		let expected = agreeing > 0 &&
			U512::from(agreeing) * 3 >= U512::from(revealed) * 2 &&
			U512::from(agreeing) * U512::from(1_000_000_000u32) >=
				U512::from(active) * U512::from(quorum.deconstruct());
		prop_assert_eq!(root_quorum_reached(agreeing, revealed, active, quorum), expected);
	}

	/// However the revealed stake is split among different roots, at most one is agreed.
	#[test]
	fn at_most_one_root_is_agreed(
		stakes in prop::collection::vec(amount(), 1..8),
		spare in amount(),
		quorum in 0u32..=1_000_000_000,
	) {
		let stakes: Vec<u128> = stakes.into_iter().map(|s| s >> 4).collect();
		let revealed = stakes.iter().fold(0u128, |sum, s| sum.saturating_add(*s));
		prop_assume!(revealed < u128::MAX >> 4);
		let active = revealed.saturating_add(spare >> 4);
		let agreed = stakes
			.iter()
			.filter(|s| root_quorum_reached(**s, revealed, active, Perbill::from_parts(quorum)))
			.count();
		prop_assert!(agreed <= 1, "{agreed} roots agreed from stakes {stakes:?}");
	}

	/// More agreeing stake never loses a quorum; more dissenting stake never creates one;
	/// more silent (active, unrevealed) stake never creates one.
	#[test]
	fn root_quorum_is_monotone(
		agreeing in 0u128..1u128 << 100,
		dissent in 0u128..1u128 << 100,
		silent in 0u128..1u128 << 100,
		more in 0u128..1u128 << 100,
	) {
		let quorum = Perbill::from_percent(50);
		let reached = |agree: u128, dissent: u128, silent: u128| {
			root_quorum_reached(agree, agree + dissent, agree + dissent + silent, quorum)
		};
		if reached(agreeing, dissent, silent) {
			prop_assert!(reached(agreeing + more, dissent, silent));
		}
		if !reached(agreeing, dissent, silent) {
			prop_assert!(!reached(agreeing, dissent + more, silent));
			prop_assert!(!reached(agreeing, dissent, silent + more));
		}
	}
}

#[test]
fn root_quorum_examples() {
	let half = Perbill::from_percent(50);
	// Unanimous and at least half of the active stake: agreed.
	assert!(root_quorum_reached(50, 50, 100, half));
	// Unanimous but under half of the active stake: not agreed (the previous root stays).
	assert!(!root_quorum_reached(49, 49, 100, half));
	// Exactly two thirds of the revealed stake: agreed; just under: not.
	assert!(root_quorum_reached(60, 90, 100, half));
	assert!(!root_quorum_reached(59, 89, 100, half));
	// Nothing revealed never agrees, not even with a zero quorum.
	assert!(!root_quorum_reached(0, 0, 0, Perbill::zero()));
}
