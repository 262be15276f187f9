// Tests use plain arithmetic on small, known values (clippy.toml allows the rest in tests).
#![allow(clippy::arithmetic_side_effects)]

use super::*;
use proptest::prelude::*;

/// A random instance: training items `(label, vector)` (ids 0..n in order), queries, K.
#[derive(Clone, Debug)]
struct Instance {
	dims: usize,
	k: u32,
	items: Vec<(u16, Vec<i8>)>,
	queries: Vec<(u16, Vec<i8>)>,
}

fn instance(max_items: usize) -> impl Strategy<Value = Instance> {
	(1usize..=3, 1u32..=4, 1usize..=max_items, 1usize..=3).prop_flat_map(|(dims, k, n, q)| {
		// Small coordinates and 3 labels make ties and label changes frequent.
		let vector = proptest::collection::vec(-3i8..=3, dims);
		let item = (0u16..3, vector.clone());
		let query = (0u16..3, vector);
		(
			Just(dims),
			Just(k),
			proptest::collection::vec(item, n),
			proptest::collection::vec(query, q),
		)
			.prop_map(|(dims, k, items, queries)| Instance { dims, k, items, queries })
	})
}

fn training_set(dims: usize, items: &[(u16, Vec<i8>)]) -> TrainingSet {
	let mut set = TrainingSet::new(dims).unwrap();
	for (id, (label, vector)) in items.iter().enumerate() {
		set.push(id as u64, *label, vector).unwrap();
	}
	set
}

fn compute(inst: &Instance) -> Vec<Value> {
	let set = training_set(inst.dims, &inst.items);
	knn_shapley(&set, inst.k, inst.queries.iter().map(|(l, v)| (*l, v.as_slice()))).unwrap()
}

/// `K · U(S)` for one query: matches among the K nearest members of `members` (ties by id).
fn utility_times_k(inst: &Instance, query: &(u16, Vec<i8>), members: &[usize]) -> i128 {
	let mut sorted: Vec<(u32, usize)> = members
		.iter()
		.map(|&i| (squared_distance(&inst.items[i].1, &query.1), i))
		.collect();
	sorted.sort();
	sorted
		.iter()
		.take(inst.k as usize)
		.filter(|(_, i)| inst.items[*i].0 == query.0)
		.count() as i128
}

fn factorial(n: usize) -> i128 {
	(1..=n as i128).product()
}

/// Shapley values straight from the definition: marginal contributions averaged over all N!
/// orders, as exact rationals `numerator / (K · N!)` per item, summed over the queries.
fn brute_force_numerators(inst: &Instance) -> Vec<i128> {
	let n = inst.items.len();
	let mut numerators = vec![0i128; n];
	let mut order: Vec<usize> = (0..n).collect();
	// Heap's algorithm visits every permutation once.
	let mut visit = |order: &[usize]| {
		for query in &inst.queries {
			let mut before = 0;
			for prefix in 1..=n {
				let after = utility_times_k(inst, query, &order[..prefix]);
				numerators[order[prefix - 1]] += after - before;
				before = after;
			}
		}
	};
	let mut c = vec![0usize; n];
	visit(&order);
	let mut i = 0;
	while i < n {
		if c[i] < i {
			if i % 2 == 0 {
				order.swap(0, i);
			} else {
				order.swap(c[i], i);
			}
			visit(&order);
			c[i] += 1;
			i = 0;
		} else {
			c[i] = 0;
			i += 1;
		}
	}
	numerators
}

#[test]
fn worked_example_from_the_module_docs() {
	let mut set = TrainingSet::new(1).unwrap();
	set.push(10, 1, &[1]).unwrap(); // nearest, label 1
	set.push(11, 0, &[2]).unwrap(); // middle, label 0 (mislabelled)
	set.push(12, 1, &[3]).unwrap(); // farthest, label 1
	let values = knn_shapley(&set, 2, [(1u16, &[0i8][..])]).unwrap();
	let t = 1_000_000_000_000i128;
	assert_eq!(values, vec![240_240 * t, -120_120 * t, 240_240 * t]);
	assert_eq!(values.iter().sum::<i128>(), VALUE_SCALE as i128 / 2);
}

#[test]
fn ties_are_broken_by_ascending_id() {
	// Two items at the same distance, K = 1: the one with the smaller id is the nearest.
	let mut set = TrainingSet::new(1).unwrap();
	set.push(1, 0, &[1]).unwrap();
	set.push(2, 1, &[-1]).unwrap();
	let values = knn_shapley(&set, 1, [(1u16, &[0i8][..])]).unwrap();
	// Sorted: id 1 (label 0, rank 1), id 2 (label 1, rank 2).
	// s(2) = 1/2; s(1) = 1/2 + (0 - 1)/1 = -1/2.
	let half = VALUE_SCALE as i128 / 2;
	assert_eq!(values, vec![-half, half]);
}

#[test]
fn bad_input_is_refused_with_a_named_error() {
	assert_eq!(TrainingSet::new(0), Err(KnnError::BadDimensions));
	assert_eq!(TrainingSet::new(MAX_DIMS + 1), Err(KnnError::BadDimensions));
	let mut set = TrainingSet::new(2).unwrap();
	assert_eq!(set.push(5, 0, &[1]), Err(KnnError::WrongVectorLength));
	set.push(5, 0, &[1, 1]).unwrap();
	assert_eq!(set.push(5, 0, &[1, 1]), Err(KnnError::IdsNotAscending));
	assert_eq!(set.push(4, 0, &[1, 1]), Err(KnnError::IdsNotAscending));
	assert_eq!(knn_shapley(&set, 0, [(0u16, &[0i8, 0][..])]), Err(KnnError::ZeroK));
	assert_eq!(knn_shapley(&set, 1, [(0u16, &[0i8][..])]), Err(KnnError::WrongVectorLength));
	let mut wrong = vec![0; 3];
	assert_eq!(
		accumulate_query(&set, 1, 0, &[0, 0], &mut Vec::new(), &mut wrong),
		Err(KnnError::WrongValuesLength)
	);
}

#[test]
fn an_empty_training_set_has_no_values() {
	let set = TrainingSet::new(4).unwrap();
	assert_eq!(knn_shapley(&set, 3, [(0u16, &[0i8; 4][..])]).unwrap(), Vec::<Value>::new());
}

#[test]
fn distance_is_exact_at_the_extremes() {
	let a = vec![i8::MIN; MAX_DIMS];
	let b = vec![i8::MAX; MAX_DIMS];
	assert_eq!(squared_distance(&a, &b), 255 * 255 * MAX_DIMS as u32);
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(256))]

	/// The closed form equals the Shapley definition (all N! orders, exact rationals), exactly:
	/// with N, K <= 16 every denominator divides VALUE_SCALE.
	#[test]
	fn equals_brute_force_shapley_for_small_sets(inst in instance(7)) {
		let values = compute(&inst);
		let denominator = inst.k as i128 * factorial(inst.items.len());
		for (value, numerator) in values.iter().zip(brute_force_numerators(&inst)) {
			let scaled = numerator * VALUE_SCALE as i128;
			prop_assert_eq!(scaled % denominator, 0, "Shapley value not representable");
			prop_assert_eq!(*value, scaled / denominator);
		}
	}

	/// Efficiency: the values of each query add up to the utility of the whole set.
	#[test]
	fn values_sum_to_the_utility_of_the_whole_set(inst in instance(16)) {
		let total: i128 = compute(&inst).iter().sum();
		let all: Vec<usize> = (0..inst.items.len()).collect();
		let utility: i128 = inst.queries.iter().map(|q| utility_times_k(&inst, q, &all)).sum();
		prop_assert_eq!(total, utility * VALUE_SCALE as i128 / inst.k as i128);
	}

	/// Symmetry: two items with the same vector and label and neighbouring ids are
	/// interchangeable players, so they get the same value.
	#[test]
	fn identical_items_get_identical_values(inst in instance(10), copy_of in 0usize..10) {
		let mut inst = inst;
		let source = copy_of % inst.items.len();
		// The copy takes the next id, so no third item can sit between the two in the order
		// (ties break by id): under the tie-break rule the two are then interchangeable.
		let duplicate = inst.items[source].clone();
		inst.items.insert(source + 1, duplicate);
		let values = compute(&inst);
		prop_assert_eq!(values[source], values[source + 1]);
	}

	/// Null players: an item that no query's label matches and that is farther from every
	/// query than all others never changes a utility (it is never among the K nearest of a
	/// coalition that would otherwise have had K members), so its value is zero; and if no item
	/// has a query's label, every value is zero.
	#[test]
	fn items_that_never_change_a_utility_are_worth_nothing(inst in instance(12)) {
		let mut far = inst.clone();
		let null_label = 7; // queries only use labels 0..3
		far.items.push((null_label, vec![i8::MAX; far.dims]));
		for q in far.queries.iter_mut() { q.1 = vec![i8::MIN; far.dims]; }
		prop_assert_eq!(*compute(&far).last().unwrap(), 0);
		let mut none_match = inst;
		for q in none_match.queries.iter_mut() { q.0 = null_label; }
		prop_assert!(compute(&none_match).iter().all(|v| *v == 0));
	}

	/// Ids matter only through their order (the tie-break), and queries only as a multiset:
	/// respacing the ids or reversing the queries changes no value.
	#[test]
	fn values_depend_on_id_order_only_and_not_on_query_order(inst in instance(12), gaps in proptest::collection::vec(1u64..1_000_000, 12)) {
		let values = compute(&inst);
		let mut set = TrainingSet::new(inst.dims).unwrap();
		let mut id = 0u64;
		for ((label, vector), gap) in inst.items.iter().zip(gaps.iter().cycle()) {
			id += gap;
			set.push(id, *label, vector).unwrap();
		}
		let respaced = knn_shapley(&set, inst.k, inst.queries.iter().map(|(l, v)| (*l, v.as_slice()))).unwrap();
		prop_assert_eq!(&values, &respaced);
		let mut reversed = inst.clone();
		reversed.queries.reverse();
		prop_assert_eq!(values, compute(&reversed));
	}

	/// Large sets (rounded terms): every value stays within N units of the exact value, and
	/// the total within N² units of the utility.
	#[test]
	fn rounding_error_is_bounded(n in 17usize..200, k in 1u32..40, seed in any::<u64>()) {
		let mut state = seed;
		let mut next = || { state = state.wrapping_mul(6364136223846793005).wrapping_add(1); (state >> 40) as i64 };
		let items: Vec<(u16, Vec<i8>)> = (0..n).map(|_| ((next() % 2) as u16, vec![(next() % 100) as i8, (next() % 100) as i8])).collect();
		let inst = Instance { dims: 2, k, items, queries: vec![(1, vec![0, 0])] };
		let total: i128 = compute(&inst).iter().sum();
		let all: Vec<usize> = (0..n).collect();
		let exact = utility_times_k(&inst, &inst.queries[0], &all) * VALUE_SCALE as i128 / k as i128;
		prop_assert!((total - exact).abs() <= (n * n) as i128);
	}
}
