//! A synthetic labelled dataset, documented so that anyone can regenerate it bit for bit:
//! `classes` cluster centres drawn uniformly in `[-60, 60]^dims`; each item picks a class
//! uniformly and adds noise (the sum of four uniform draws in `[-16, 16]`, clamped to `i8`) to
//! its centre; `flip_percent`% of the contributions get another class's label (their ids go to
//! `flipped.txt`); queries come from the same distribution with their true labels. Randomness
//! is SplitMix64 from `seed`. Contributions are spread round-robin over `accounts` accounts
//! `blake2_256("openledger/synthetic-account" ++ le32(i))`, all in one datanet whose owner
//! (`blake2_256("openledger/synthetic-curator")`) takes a 10% curation fee.

use crate::account::hex;
use openledger_core::attribution::features::{encode_evaluation_set, encode_raw};
use std::{io::Write, path::PathBuf, time::Instant};

/// The dataset's shape, from the command line.
#[derive(clap::Args)]
pub struct Params {
	/// Output directory.
	#[arg(long)]
	pub out: PathBuf,
	/// Number of contributions.
	#[arg(long)]
	pub contributions: u64,
	/// Number of evaluation queries.
	#[arg(long)]
	pub queries: u32,
	/// Vector dimension.
	#[arg(long, default_value_t = 64)]
	pub dims: u16,
	/// Number of classes.
	#[arg(long, default_value_t = 10)]
	pub classes: u16,
	/// Share of contributions whose label is flipped, in percent.
	#[arg(long, default_value_t = 10)]
	pub flip_percent: u8,
	/// Number of contributor accounts the contributions are spread over.
	#[arg(long, default_value_t = 1000)]
	pub accounts: u32,
	/// Random seed.
	#[arg(long, default_value_t = 1)]
	pub seed: u64,
}

struct SplitMix(u64);
impl SplitMix {
	fn next(&mut self) -> u64 {
		self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
		let mut z = self.0;
		z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
		z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
		z ^ (z >> 31)
	}
	fn below(&mut self, n: u64) -> u64 {
		self.next() % n.max(1)
	}
	fn uniform(&mut self, lo: i64, hi: i64) -> i64 {
		lo + self.below((hi - lo + 1) as u64) as i64
	}
}

fn sample(rng: &mut SplitMix, centre: &[i64]) -> Vec<i8> {
	centre
		.iter()
		.map(|c| {
			let noise: i64 = (0..4).map(|_| rng.uniform(-16, 16)).sum();
			(c + noise).clamp(-128, 127) as i8
		})
		.collect()
}

pub fn generate(p: &Params) -> Result<(), String> {
	let started = Instant::now();
	let io = |e: std::io::Error| format!("cannot write the dataset: {e}");
	let content = p.out.join("content");
	std::fs::create_dir_all(&content).map_err(io)?;
	let classes = p.classes.max(2);
	let mut rng = SplitMix(p.seed);
	let centres: Vec<Vec<i64>> =
		(0..classes).map(|_| (0..p.dims).map(|_| rng.uniform(-60, 60)).collect()).collect();
	let curator = sp_crypto_hashing::blake2_256(b"openledger/synthetic-curator");
	let accounts: Vec<[u8; 32]> = (0..p.accounts.max(1))
		.map(|i| {
			let mut preimage = b"openledger/synthetic-account".to_vec();
			preimage.extend_from_slice(&i.to_le_bytes());
			sp_crypto_hashing::blake2_256(&preimage)
		})
		.collect();
	let mut csv = std::io::BufWriter::new(std::fs::File::create(p.out.join("contributions.csv")).map_err(io)?);
	let mut flipped = std::io::BufWriter::new(std::fs::File::create(p.out.join("flipped.txt")).map_err(io)?);
	writeln!(csv, "id,content_hash,contributor,curator,curation_fee_ppb").map_err(io)?;
	for id in 0..p.contributions {
		let class = rng.below(u64::from(classes)) as u16;
		let vector = sample(&mut rng, &centres[usize::from(class)]);
		let mut label = class;
		if rng.below(100) < u64::from(p.flip_percent) {
			label = ((u64::from(class) + 1 + rng.below(u64::from(classes) - 1)) % u64::from(classes)) as u16;
			writeln!(flipped, "{id}").map_err(io)?;
		}
		// The id makes every file distinct even when two samples coincide.
		let mut bytes = encode_raw(label, &vector);
		let hash = loop {
			let hash = sp_crypto_hashing::blake2_256(&bytes);
			let name = hex(&hash);
			let dir = content.join(&name[2..4]);
			let path = dir.join(&name[2..]);
			if !path.exists() {
				std::fs::create_dir_all(&dir).map_err(io)?;
				std::fs::write(&path, &bytes).map_err(io)?;
				break hash;
			}
			// A duplicate sample: nudge one coordinate so the content is new (registries refuse
			// duplicate content, as the chain does).
			let last = bytes.len() - 1;
			bytes[last] = bytes[last].wrapping_add(1);
		};
		let account = &accounts[(id % accounts.len() as u64) as usize];
		writeln!(csv, "{id},{},{},{},100000000", hex(&hash), hex(account), hex(&curator)).map_err(io)?;
		if id > 0 && id % 100_000 == 0 {
			eprintln!("[dataset] {id} contributions written, {:.0} s", started.elapsed().as_secs_f64());
		}
	}
	let records: Vec<Vec<u8>> = (0..p.queries)
		.map(|_| {
			let class = rng.below(u64::from(classes)) as u16;
			encode_raw(class, &sample(&mut rng, &centres[usize::from(class)]))
		})
		.collect();
	std::fs::write(p.out.join("evaluation.bin"), encode_evaluation_set(records.iter().map(Vec::as_slice)))
		.map_err(io)?;
	csv.flush().map_err(io)?;
	flipped.flush().map_err(io)?;
	eprintln!(
		"[dataset] {} contributions, {} queries, {} dims in {:.1} s: {}",
		p.contributions,
		p.queries,
		p.dims,
		started.elapsed().as_secs_f64(),
		p.out.display()
	);
	Ok(())
}
