//! Accounts and hashes as people write them: SS58 addresses (prefix 42, what polkadot.js shows)
//! and 0x-hex.

use openledger_core::ledger::AccountBytes;

/// The chain's SS58 address prefix.
pub const SS58_PREFIX: u8 = 42;
const ALPHABET: &[u8; 58] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/// Parses 32 bytes of 0x-hex (or bare hex).
pub fn parse_hex32(text: &str) -> Result<[u8; 32], String> {
	let digits = text.trim().strip_prefix("0x").unwrap_or(text.trim());
	if digits.len() != 64 {
		return Err(format!("`{text}` is not 32 bytes of hex"));
	}
	let mut out = [0u8; 32];
	for (i, byte) in out.iter_mut().enumerate() {
		*byte = u8::from_str_radix(&digits[2 * i..2 * i + 2], 16)
			.map_err(|_| format!("`{text}` is not hex"))?;
	}
	Ok(out)
}

/// 0x-hex of some bytes.
pub fn hex(bytes: &[u8]) -> String {
	let mut s = String::with_capacity(2 + 2 * bytes.len());
	s.push_str("0x");
	for b in bytes {
		s.push_str(&format!("{b:02x}"));
	}
	s
}

fn checksum(prefix: u8, key: &[u8; 32]) -> [u8; 2] {
	let mut preimage = b"SS58PRE".to_vec();
	preimage.push(prefix);
	preimage.extend_from_slice(key);
	let hash = sp_crypto_hashing::blake2_512(&preimage);
	[hash[0], hash[1]]
}

/// The SS58 address (prefix 42) of an account.
pub fn ss58(key: &AccountBytes) -> String {
	let mut bytes = vec![SS58_PREFIX];
	bytes.extend_from_slice(key);
	bytes.extend_from_slice(&checksum(SS58_PREFIX, key));
	// Base58: repeated division of the big-endian number by 58.
	let mut digits: Vec<u8> = Vec::new();
	for byte in &bytes {
		let mut carry = u32::from(*byte);
		for digit in digits.iter_mut() {
			carry += u32::from(*digit) << 8;
			*digit = (carry % 58) as u8;
			carry /= 58;
		}
		while carry > 0 {
			digits.push((carry % 58) as u8);
			carry /= 58;
		}
	}
	let zeros = bytes.iter().take_while(|b| **b == 0).count();
	std::iter::repeat_n(b'1', zeros)
		.chain(digits.iter().rev().map(|d| ALPHABET[usize::from(*d)]))
		.map(char::from)
		.collect()
}

/// Parses an account written as SS58 (any single-byte prefix, checksum checked) or 0x-hex.
pub fn parse_account(text: &str) -> Result<AccountBytes, String> {
	let text = text.trim();
	if text.starts_with("0x") || (text.len() == 64 && text.chars().all(|c| c.is_ascii_hexdigit())) {
		return parse_hex32(text);
	}
	let mut bytes: Vec<u8> = Vec::new();
	for c in text.bytes() {
		let value = ALPHABET
			.iter()
			.position(|a| *a == c)
			.ok_or_else(|| format!("`{text}` is neither an SS58 address nor hex"))?;
		let mut carry = value as u32;
		for byte in bytes.iter_mut() {
			carry += u32::from(*byte) * 58;
			*byte = (carry & 0xff) as u8;
			carry >>= 8;
		}
		while carry > 0 {
			bytes.push((carry & 0xff) as u8);
			carry >>= 8;
		}
	}
	let zeros = text.bytes().take_while(|c| *c == b'1').count();
	bytes.extend(std::iter::repeat_n(0, zeros));
	bytes.reverse();
	if bytes.len() != 35 {
		return Err(format!("`{text}` is not a 32-byte SS58 address"));
	}
	let mut key = [0u8; 32];
	key.copy_from_slice(&bytes[1..33]);
	if checksum(bytes[0], &key) != [bytes[33], bytes[34]] {
		return Err(format!("`{text}` has a wrong SS58 checksum (mistyped?)"));
	}
	Ok(key)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn alice_round_trips() {
		// //Alice's sr25519 public key and address.
		let alice =
			parse_hex32("0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d")
				.unwrap_or_default();
		assert_eq!(ss58(&alice), "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY");
		assert_eq!(parse_account("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"), Ok(alice));
		assert!(parse_account("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQZ").is_err());
		assert_eq!(parse_account(&hex(&alice)), Ok(alice));
	}
}
