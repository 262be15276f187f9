//! How a contribution's bytes become a labelled `i8` vector, with no model and no network.
//!
//! The file a contributor registers is the input: its blake2-256 hash is the content hash on
//! chain, so anyone holding the file can check it is the registered one and rerun the method.
//! Two formats, named in the model's [`super::spec::InputFormat`]:
//!
//! ## `RawI8 { dims }`
//!
//! Exactly `2 + dims` bytes: the label as a little-endian `u16`, then `dims` signed bytes, the
//! vector. Any other length is malformed.
//!
//! Example (`dims = 3`): `05 00 ff 00 7f` is label 5 with the vector `(-1, 0, 127)`.
//!
//! ## `HashedText { dims }`
//!
//! A text file. Its first line (up to the first `\n`, a trailing `\r` dropped) is the label in
//! decimal, 1 to 5 ASCII digits, at most 65535. The rest of the file is the text:
//!
//! 1. **Tokens** are the maximal runs of bytes that are ASCII letters or digits or any byte
//!    `>= 0x80` (so words in any UTF-8 script stay whole). ASCII letters are lowercased. Every
//!    other byte separates tokens. No stemming, no stop words.
//! 2. **Feature hashing**: each token's bytes are hashed with blake2b-64
//!    (`sp_crypto_hashing::blake2_64`), read as a little-endian `u64` `h`. The token adds
//!    `+1` to dimension `h mod dims` if bit 63 of `h` is 0, and `−1` otherwise (the sign trick
//!    that keeps hash collisions unbiased). Counts are `i64`.
//! 3. **Quantisation**: with `M` the largest absolute count, each count `c` becomes
//!    `sign(c) · ⌊(2·|c|·127 + M) / (2·M)⌋`, i.e. `127·c/M` rounded half away from zero, so the
//!    largest count maps to ±127. A text with no tokens is the zero vector.
//!
//! Example (`dims = 4`): the file `"1\nCats, cats!"` has label 1 and the tokens `cats`, `cats`;
//! both hash to the same dimension with the same sign, giving one count of ±2 there, which
//! quantises to ±127. The tests hold the exact vector.
//!
//! ## The evaluation set
//!
//! The model owner's evaluation set is one file: a sequence of records, each a `u32`
//! little-endian length followed by that many bytes in the model's format. Its blake2-256 hash is
//! the commitment in the spec. [`decode_evaluation_set`] reads it.

use super::spec::InputFormat;
use alloc::vec::Vec;

/// Why a file could not be read in the model's format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormatError {
	/// The format's dimension is 0 or above [`super::knn_shapley::MAX_DIMS`].
	BadDimensions,
	/// A raw file is not exactly `2 + dims` bytes long.
	WrongLength { expected: u32, found: u64 },
	/// A text file has no first line holding the label.
	MissingLabelLine,
	/// The label line is not 1 to 5 decimal digits with a value of at most 65535.
	BadLabel,
	/// An evaluation set record's length prefix runs past the end of the file.
	TruncatedRecord,
}

/// A labelled vector, the method's input for one item or query.
pub type Labelled = (u16, Vec<i8>);

/// Reads `bytes` in `format`.
pub fn decode(format: &InputFormat, bytes: &[u8]) -> Result<Labelled, FormatError> {
	let dims = usize::from(format.dims());
	if dims == 0 || dims > super::knn_shapley::MAX_DIMS {
		return Err(FormatError::BadDimensions);
	}
	match format {
		InputFormat::RawI8 { .. } => decode_raw(dims, bytes),
		InputFormat::HashedText { .. } => decode_text(dims, bytes),
	}
}

fn decode_raw(dims: usize, bytes: &[u8]) -> Result<Labelled, FormatError> {
	let expected = dims.saturating_add(2);
	match bytes {
		[lo, hi, vector @ ..] if bytes.len() == expected =>
			Ok((u16::from_le_bytes([*lo, *hi]), vector.iter().map(|b| *b as i8).collect())),
		_ => Err(FormatError::WrongLength { expected: expected as u32, found: bytes.len() as u64 }),
	}
}

fn parse_label(line: &[u8]) -> Result<u16, FormatError> {
	let line = line.strip_suffix(b"\r").unwrap_or(line);
	if line.is_empty() || line.len() > 5 || !line.iter().all(u8::is_ascii_digit) {
		return Err(FormatError::BadLabel);
	}
	let value = line
		.iter()
		.fold(0u32, |acc, digit| acc.saturating_mul(10).saturating_add(u32::from(digit.wrapping_sub(b'0'))));
	u16::try_from(value).map_err(|_| FormatError::BadLabel)
}

fn is_token_byte(byte: u8) -> bool {
	byte.is_ascii_alphanumeric() || byte >= 0x80
}

/// The `dims`-dimensional hashed feature counts of `text` (steps 1 and 2 of the module docs).
pub fn hashed_counts(dims: usize, text: &[u8]) -> Vec<i64> {
	let mut counts = alloc::vec![0i64; dims];
	let mut token: Vec<u8> = Vec::new();
	let mut flush = |token: &mut Vec<u8>| {
		if token.is_empty() {
			return;
		}
		let h = u64::from_le_bytes(sp_crypto_hashing::blake2_64(token));
		let bucket = h.checked_rem(dims as u64).unwrap_or(0) as usize;
		if let Some(count) = counts.get_mut(bucket) {
			*count = if h >> 63 == 0 { count.saturating_add(1) } else { count.saturating_sub(1) };
		}
		token.clear();
	};
	for byte in text {
		if is_token_byte(*byte) {
			token.push(byte.to_ascii_lowercase());
		} else {
			flush(&mut token);
		}
	}
	flush(&mut token);
	counts
}

/// Step 3 of the module docs: `127·c/M` rounded half away from zero.
pub fn quantise(counts: &[i64]) -> Vec<i8> {
	let max = counts.iter().map(|c| c.unsigned_abs()).max().unwrap_or(0);
	if max == 0 {
		return alloc::vec![0; counts.len()];
	}
	let max = u128::from(max);
	counts
		.iter()
		.map(|c| {
			let magnitude = u128::from(c.unsigned_abs());
			// (2·|c|·127 + M) / (2·M) <= (2·M·127 + M) / (2·M) < 128.
			let q = magnitude
				.saturating_mul(254)
				.saturating_add(max)
				.checked_div(max.saturating_mul(2))
				.unwrap_or(0)
				.min(127) as i8;
			if *c < 0 {
				q.saturating_neg()
			} else {
				q
			}
		})
		.collect()
}

fn decode_text(dims: usize, bytes: &[u8]) -> Result<Labelled, FormatError> {
	let newline = bytes.iter().position(|b| *b == b'\n').ok_or(FormatError::MissingLabelLine)?;
	let (line, rest) = bytes.split_at(newline);
	let label = parse_label(line)?;
	let text = rest.get(1..).unwrap_or(&[]);
	Ok((label, quantise(&hashed_counts(dims, text))))
}

/// Splits an evaluation set file into its records and reads each in `format`.
pub fn decode_evaluation_set(
	format: &InputFormat,
	bytes: &[u8],
) -> Result<Vec<Labelled>, FormatError> {
	let mut queries = Vec::new();
	let mut rest = bytes;
	while !rest.is_empty() {
		let (prefix, tail) = rest.split_first_chunk::<4>().ok_or(FormatError::TruncatedRecord)?;
		let len = u32::from_le_bytes(*prefix) as usize;
		if tail.len() < len {
			return Err(FormatError::TruncatedRecord);
		}
		let (record, tail) = tail.split_at(len);
		queries.push(decode(format, record)?);
		rest = tail;
	}
	Ok(queries)
}

/// Writes records into an evaluation set file (the inverse of [`decode_evaluation_set`]'s
/// framing).
pub fn encode_evaluation_set<'a>(records: impl IntoIterator<Item = &'a [u8]>) -> Vec<u8> {
	let mut file = Vec::new();
	for record in records {
		file.extend_from_slice(&(record.len() as u32).to_le_bytes());
		file.extend_from_slice(record);
	}
	file
}

/// Encodes a labelled vector in the raw format.
pub fn encode_raw(label: u16, vector: &[i8]) -> Vec<u8> {
	let mut bytes = Vec::with_capacity(vector.len().saturating_add(2));
	bytes.extend_from_slice(&label.to_le_bytes());
	bytes.extend(vector.iter().map(|v| *v as u8));
	bytes
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn raw_round_trips_and_checks_its_length() {
		let format = InputFormat::RawI8 { dims: 3 };
		assert_eq!(decode(&format, &[5, 0, 0xff, 0, 0x7f]), Ok((5, vec![-1, 0, 127])));
		assert_eq!(decode(&format, &encode_raw(513, &[1, -2, 3])), Ok((513, vec![1, -2, 3])));
		assert_eq!(
			decode(&format, &[5, 0, 1]),
			Err(FormatError::WrongLength { expected: 5, found: 3 })
		);
		assert_eq!(
			decode(&InputFormat::RawI8 { dims: 0 }, &[0, 0]),
			Err(FormatError::BadDimensions)
		);
	}

	#[test]
	fn text_labels_are_strict_decimal() {
		let format = InputFormat::HashedText { dims: 8 };
		assert_eq!(decode(&format, b"65535\n").map(|l| l.0), Ok(65535));
		assert_eq!(decode(&format, b"7\r\nhello").map(|l| l.0), Ok(7));
		assert_eq!(decode(&format, b"65536\nx"), Err(FormatError::BadLabel));
		assert_eq!(decode(&format, b"-1\nx"), Err(FormatError::BadLabel));
		assert_eq!(decode(&format, b"\nx"), Err(FormatError::BadLabel));
		assert_eq!(decode(&format, b"12 cats"), Err(FormatError::MissingLabelLine));
	}

	#[test]
	fn text_tokenises_case_insensitively_and_keeps_utf8_words() {
		let dims = 64;
		assert_eq!(hashed_counts(dims, b"Cats, cats!"), hashed_counts(dims, b"cats cats"));
		assert_eq!(hashed_counts(dims, "na\u{ef}ve".as_bytes()), {
			let mut c = vec![0i64; dims];
			let h = u64::from_le_bytes(sp_crypto_hashing::blake2_64("na\u{ef}ve".as_bytes()));
			c[(h % dims as u64) as usize] = if h >> 63 == 0 { 1 } else { -1 };
			c
		});
		assert_eq!(decode(&InputFormat::HashedText { dims: 4 }, b"3\n"), Ok((3, vec![0; 4])));
	}

	/// Golden vector for a second implementation of the text format.
	#[test]
	fn text_golden_vector() {
		let format = InputFormat::HashedText { dims: 8 };
		let (label, vector) =
			decode(&format, b"2\nThe quick brown fox jumps over the lazy dog; the end.").unwrap();
		assert_eq!(label, 2);
		assert_eq!(vector, TEXT_GOLDEN);
	}
	const TEXT_GOLDEN: [i8; 8] = [0, -32, 0, 32, -32, 0, 127, 0];

	#[test]
	fn quantise_rounds_half_away_from_zero() {
		assert_eq!(quantise(&[2, -2, 1, 0]), vec![127, -127, 64, 0]);
		assert_eq!(quantise(&[254, 1]), vec![127, 1]);
		assert_eq!(quantise(&[0, 0]), vec![0, 0]);
		assert_eq!(quantise(&[i64::MIN, i64::MAX]), vec![-127, 127]);
	}

	#[test]
	fn evaluation_sets_frame_their_records() {
		let format = InputFormat::RawI8 { dims: 2 };
		let a = encode_raw(1, &[1, 2]);
		let b = encode_raw(0, &[-1, -2]);
		let file = encode_evaluation_set([a.as_slice(), b.as_slice()]);
		assert_eq!(
			decode_evaluation_set(&format, &file),
			Ok(vec![(1, vec![1, 2]), (0, vec![-1, -2])])
		);
		assert_eq!(
			decode_evaluation_set(&format, &file[..file.len() - 1]),
			Err(FormatError::TruncatedRecord)
		);
		assert_eq!(decode_evaluation_set(&format, &[]), Ok(vec![]));
	}
}
