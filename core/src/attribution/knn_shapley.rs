//! Exact KNN-Shapley in integer arithmetic.
//!
//! ## What it computes
//!
//! The value of each training item to a K-nearest-neighbour classifier, as defined by Jia et al.,
//! "Efficient Task-Specific Data Valuation for Nearest Neighbor Algorithms", PVLDB 12(11), 2019.
//! For one query `(x, y)` the utility of a set `S` of training items is the fraction of the `K`
//! nearest items of `S` that carry the query's label:
//!
//! ```text
//! U(S) = (1/K) · #{ j among the min(K, |S|) nearest items of S to x : y_j = y }
//! ```
//!
//! and an item's value is its Shapley value under `U`: its marginal contribution averaged over
//! every order in which the set could be assembled. Theorem 1 of the paper gives it in closed form.
//! Sort the `N` items nearest first, `α_1 … α_N`, and write `m_i = 1` if `y_{α_i} = y`, else `0`:
//!
//! ```text
//! s(α_N) = m_N / max(N, K)
//! s(α_i) = s(α_{i+1}) + (m_i − m_{i+1}) / max(K, i)        for i = N−1 … 1
//! ```
//!
//! (the paper writes the step as `(m_i − m_{i+1})/K · min(K, i)/i`, which is the same number,
//! and the base as `m_N / N`, which assumes `N >= K`: with fewer items than neighbours every item
//! is always among the K nearest, `U` is additive and each value is `m_i / K`, which
//! `max(N, K)` gives; the brute-force test found the difference).
//! With several queries, an item's value is the sum of its values over the queries. The values
//! of one query add up to `U(all items)`; an item with the query's label near the query gets a
//! positive value, an item with another label near it (for example a mislabelled one) a negative
//! value. Negative values are kept here; paying them as zero is the job of [`super::scores`].
//!
//! ## The integer rules (what a second implementation must match)
//!
//! - **Distance**: squared Euclidean distance over `i8` vectors, summed in `u32` (exact: the
//!   dimension is at most [`MAX_DIMS`], so the sum is below 2^32).
//! - **Order**: nearest first; equal distances are ordered by ascending contribution id. The
//!   training set is given in ascending id order (checked), so the id order is the position order.
//! - **Fixed point**: values are integers in units of `1 / VALUE_SCALE`, with
//!   [`VALUE_SCALE`] `= lcm(1, …, 16) · 10^12 = 720 720 · 10^12`. The base term is
//!   `⌊VALUE_SCALE / max(N, K)⌋` (when `m_N = 1`) and each step adds or subtracts `⌊VALUE_SCALE / max(K, i)⌋`
//!   (when `m_i ≠ m_{i+1}`, with the sign of `m_i − m_{i+1}`). Every term whose denominator
//!   divides `VALUE_SCALE` is exact, so for `N ≤ 16` and `K ≤ 16` the result is the exact Shapley
//!   value times `VALUE_SCALE`; otherwise each term is rounded towards zero and an item's value for
//!   one query is off by less than `N` units, i.e. by less than `N / 7.2·10^17` of a full point
//!   (about 1.4·10^-12 at a million items).
//! - **Sum**: per-query values are added in `i128` in any order (integer addition, so the order
//!   of queries and of threads changes nothing). A per-query value lies in `[−VALUE_SCALE,
//!   2·VALUE_SCALE]`, so `i128` holds the sum of more than 10^20 queries.
//!
//! ## Worked example
//!
//! One query with label 1, `K = 2`, three items sorted nearest first with labels 1, 0, 1, so
//! `m = (1, 0, 1)` and `N = 3`:
//!
//! ```text
//! s(α_3) = 1/3                       =  240 240 · 10^12
//! s(α_2) = s(α_3) + (0 − 1)/max(2,2) = 1/3 − 1/2 = −1/6   = −120 120 · 10^12
//! s(α_1) = s(α_2) + (1 − 0)/max(2,1) = −1/6 + 1/2 = 1/3   =  240 240 · 10^12
//! ```
//!
//! They add up to `1/2 = U(all) = (m_1 + m_2)/K`. The mislabelled middle item is worth less than
//! nothing: removing it would improve the classifier. `tests` check this example, the brute-force
//! Shapley definition over every permutation, and the Shapley axioms.
//!
//! ## Cost
//!
//! Per query: `N · d` multiply-adds for the distances, one sort of `N` 64-bit keys, and one pass
//! over the sorted items. Memory: the training vectors (`N · d` bytes) plus `8 · N` bytes of sort
//! keys per thread and `16 · N` bytes of values.

use alloc::vec::Vec;

/// Values are integers in units of `1 / VALUE_SCALE` of a point: `lcm(1, …, 16) · 10^12`.
pub const VALUE_SCALE: u128 = 720_720_000_000_000_000;

/// Largest vector dimension the method accepts (keeps squared distances below 2^32).
pub const MAX_DIMS: usize = 4096;

/// A value in units of `1 / VALUE_SCALE`; negative for items that hurt the classifier.
pub type Value = i128;

/// Why a KNN-Shapley computation was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KnnError {
	/// `K` must be at least 1.
	ZeroK,
	/// The dimension is 0 or above [`MAX_DIMS`].
	BadDimensions,
	/// A vector's length is not the set's dimension.
	WrongVectorLength,
	/// Training items must be added in strictly ascending contribution id order.
	IdsNotAscending,
	/// More than `u32::MAX` training items.
	TooManyItems,
	/// The values buffer does not have one slot per training item.
	WrongValuesLength,
}

/// The training items, columnar: ids ascending, one label and one `dims`-long `i8` vector each.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrainingSet {
	dims: usize,
	ids: Vec<u64>,
	labels: Vec<u16>,
	vectors: Vec<i8>,
}

impl TrainingSet {
	/// An empty set of `dims`-dimensional items.
	pub fn new(dims: usize) -> Result<Self, KnnError> {
		if dims == 0 || dims > MAX_DIMS {
			return Err(KnnError::BadDimensions);
		}
		Ok(Self { dims, ..Default::default() })
	}

	/// An empty set with room for `capacity` items.
	pub fn with_capacity(dims: usize, capacity: usize) -> Result<Self, KnnError> {
		let mut set = Self::new(dims)?;
		set.ids.reserve(capacity);
		set.labels.reserve(capacity);
		set.vectors.reserve(capacity.saturating_mul(dims));
		Ok(set)
	}

	/// Appends an item; its id must be greater than every id already in the set.
	pub fn push(&mut self, id: u64, label: u16, vector: &[i8]) -> Result<(), KnnError> {
		if vector.len() != self.dims {
			return Err(KnnError::WrongVectorLength);
		}
		if self.ids.last().is_some_and(|last| *last >= id) {
			return Err(KnnError::IdsNotAscending);
		}
		if self.ids.len() >= u32::MAX as usize {
			return Err(KnnError::TooManyItems);
		}
		self.ids.push(id);
		self.labels.push(label);
		self.vectors.extend_from_slice(vector);
		Ok(())
	}

	/// The dimension of every vector.
	pub fn dims(&self) -> usize {
		self.dims
	}

	/// Number of items.
	pub fn len(&self) -> usize {
		self.ids.len()
	}

	/// Whether the set has no items.
	pub fn is_empty(&self) -> bool {
		self.ids.is_empty()
	}

	/// The contribution ids, ascending; `values[i]` belongs to `ids()[i]`.
	pub fn ids(&self) -> &[u64] {
		&self.ids
	}
}

/// Squared Euclidean distance of two equally long `i8` vectors (exact in `u32` for at most
/// [`MAX_DIMS`] dimensions: each square is at most 255², and 4096 · 255² < 2^32).
pub fn squared_distance(a: &[i8], b: &[i8]) -> u32 {
	a.iter().zip(b).fold(0u32, |sum, (x, y)| {
		let diff = i32::from(*x).wrapping_sub(i32::from(*y));
		// |diff| <= 255, so the square is below 2^16 and the sum (<= 4096 terms) below 2^32.
		sum.wrapping_add(diff.wrapping_mul(diff).unsigned_abs())
	})
}

/// `⌊VALUE_SCALE / n⌋` as a value (0 for `n = 0`, which the recursion never asks for).
fn unit_over(n: u64) -> Value {
	match VALUE_SCALE.checked_div(u128::from(n)) {
		// VALUE_SCALE < 2^60, so the quotient always fits.
		Some(q) => q as Value,
		None => 0,
	}
}

/// Adds one query's KNN-Shapley values into `values` (one slot per training item, in the set's
/// order). `scratch` is reused between calls to avoid reallocating the sort keys.
pub fn accumulate_query(
	train: &TrainingSet,
	k: u32,
	query_label: u16,
	query: &[i8],
	scratch: &mut Vec<u64>,
	values: &mut [Value],
) -> Result<(), KnnError> {
	if k == 0 {
		return Err(KnnError::ZeroK);
	}
	if query.len() != train.dims {
		return Err(KnnError::WrongVectorLength);
	}
	if values.len() != train.len() {
		return Err(KnnError::WrongValuesLength);
	}
	if train.is_empty() {
		return Ok(());
	}
	// Sort key: distance in the high 32 bits, position (= id order) in the low 32 bits, so one
	// integer sort gives "nearest first, ties by ascending id".
	scratch.clear();
	scratch.extend(
		train
			.vectors
			.chunks_exact(train.dims)
			.zip(0u64..)
			.map(|(vector, position)| (u64::from(squared_distance(vector, query)) << 32) | position),
	);
	scratch.sort_unstable();

	let matches = |key: u64| -> bool {
		let position = (key & 0xFFFF_FFFF) as usize;
		train.labels.get(position).is_some_and(|label| *label == query_label)
	};
	let n = scratch.len() as u64;
	let k = u64::from(k);
	let mut current: Value = 0;
	let mut next_matches = false;
	// Walk from the farthest item (rank N) to the nearest (rank 1).
	for (rank, key) in (1..=n).rev().zip(scratch.iter().rev()) {
		let this_matches = matches(*key);
		if rank == n {
			if this_matches {
				current = unit_over(n.max(k));
			}
		} else if this_matches != next_matches {
			let step = unit_over(k.max(rank));
			// |current| stays within [-VALUE_SCALE, 2·VALUE_SCALE] (module docs), far from the
			// i128 limits, so saturation never happens; it only keeps the code panic-free.
			current = if this_matches {
				current.saturating_add(step)
			} else {
				current.saturating_sub(step)
			};
		}
		next_matches = this_matches;
		let position = (key & 0xFFFF_FFFF) as usize;
		if let Some(slot) = values.get_mut(position) {
			*slot = slot.saturating_add(current);
		}
	}
	Ok(())
}

/// The KNN-Shapley value of every training item, summed over `queries` (`(label, vector)`
/// pairs), in the training set's order.
pub fn knn_shapley<'a>(
	train: &TrainingSet,
	k: u32,
	queries: impl IntoIterator<Item = (u16, &'a [i8])>,
) -> Result<Vec<Value>, KnnError> {
	let mut values = alloc::vec![0; train.len()];
	let mut scratch = Vec::with_capacity(train.len());
	for (label, vector) in queries {
		accumulate_query(train, k, label, vector, &mut scratch, &mut values)?;
	}
	Ok(values)
}

#[cfg(test)]
mod tests;
