//! Benchmarks of every call of the attribution pallet, each in its worst case: the longest
//! strings and the most training sets, full operator and unlocking lists, a full attestor set
//! (bonding displaces its smallest member; unbonding rewrites it), a full round whose smallest
//! commitment, of an attestor already displaced from the set, is displaced (and its bond
//! starts unbonding), the most scores per reveal, and for `finalize` the most committers with
//! the most scores each (all but one slashed for low trust, all of them paid, the quorum
//! reached) replacing the largest previous attribution.
//!
//! Datanets and contributions come from [`DatanetInspect::create_benchmark_datanet`] and
//! [`ContributionInspect::create_benchmark_contribution`]; versions are published through
//! [`Config::BenchmarkHelper`].

use super::*;
use crate::Pallet as Attribution;
use alloc::{vec, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{
		fungible::{Inspect, Mutate},
		EnsureOrigin,
	},
	BoundedVec,
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use openledger_primitives::{
	Admission, ContributionId, ContributionInspect, DatanetId, DatanetInspect, DatanetPolicy,
	ModelId, ReviewMode, RoundId, Score, VersionNumber, H256,
};
use openledger_core::{
	attribution::spec::{AttributionMethod, AttributionSpec, InputFormat},
	commitment::root_commitment_hash,
};
use openledger_primitives::LedgerRoot;
use sp_runtime::{traits::Zero, DispatchError, Perbill, Saturating};

const SEED: u32 = 0;

/// The smallest amount worth moving: the existential deposit (at least 1).
fn unit<T: Config>() -> BalanceOf<T> {
	T::Currency::minimum_balance().max(1u32.into())
}

/// What a benchmark attestor bonds: twice `MinBond`.
fn bond_amount<T: Config>() -> BalanceOf<T> {
	T::MinBond::get().saturating_mul(2u32.into())
}

/// Gives `who` enough for any deposit, bond, bounty and fee the benchmarks ask.
fn fund<T: Config>(who: &T::AccountId) -> Result<(), DispatchError> {
	let amount = unit::<T>()
		.saturating_add(T::ModelDeposit::get())
		.saturating_add(bond_amount::<T>())
		.saturating_mul(1_000u32.into());
	T::Currency::mint_into(who, amount).map(|_| ())
}

fn funded_account<T: Config>(
	name: &'static str,
	index: u32,
) -> Result<T::AccountId, BenchmarkError> {
	let who: T::AccountId = account(name, index, SEED);
	fund::<T>(&who)?;
	Ok(who)
}

/// Open, auto-accepting datanets without deposits: contributions are live at once.
fn policy<T: Config>() -> DatanetPolicy<BalanceOf<T>> {
	DatanetPolicy {
		admission: Admission::Open,
		review: ReviewMode::AutoAccept,
		contribution_deposit: Zero::zero(),
		rejection_slash: Perbill::zero(),
		curation_fee: Perbill::zero(),
		max_contribution_size: u64::MAX,
	}
}

/// A content hash unique to `(datanet, index)` (and unlike other pallets' benchmark hashes).
fn content(datanet: DatanetId, index: u32) -> H256 {
	let mut bytes = [7u8; 32];
	for (byte, value) in bytes
		.iter_mut()
		.zip(datanet.to_be_bytes().into_iter().chain(index.to_be_bytes()))
	{
		*byte = value;
	}
	H256(bytes)
}

/// Training data of a benchmark model: `(datanet, version)` pairs.
type TrainingSets = Vec<(DatanetId, VersionNumber)>;

/// An attestor that committed in a benchmark round: its account, scores and salt.
type Committed<T> = (<T as frame_system::Config>::AccountId, ScoresOf<T>, [u8; 32]);

/// `sets` published datanet versions (each datanet owned by its own curator); the first holds
/// `contributions` (at least one) contributions, the others one. Returns the training data and
/// the first datanet's contribution ids, increasing.
fn training_data<T: Config>(
	sets: u32,
	contributions: u32,
) -> Result<(TrainingSets, Vec<ContributionId>), BenchmarkError> {
	let mut training = Vec::new();
	let mut ids = Vec::new();
	for set in 0..sets.max(1) {
		let curator: T::AccountId = account("curator", set, SEED);
		let datanet = T::Datanets::create_benchmark_datanet(&curator, policy::<T>())?;
		let count = if set == 0 { contributions.max(1) } else { 1 };
		for index in 0..count {
			let id = T::Contributions::create_benchmark_contribution(
				&curator,
				datanet,
				content(datanet, index),
			)?;
			if set == 0 {
				ids.push(id);
			}
		}
		T::BenchmarkHelper::publish_version(&curator, datanet)?;
		let version = T::Datanets::latest_version(datanet).ok_or("no version was published")?;
		training.push((datanet, version));
	}
	Ok((training, ids))
}

/// A paid model with the longest strings and `MaxTrainingSets` training sets, whose first
/// datanet has `contributions` contributions; returns it, its funded owner and those ids.
fn model<T: Config>(
	contributions: u32,
) -> Result<(ModelId, T::AccountId, Vec<ContributionId>), BenchmarkError> {
	model_with_fee::<T>(T::MaxTrainingSets::get(), contributions, unit::<T>())
}

fn model_with_fee<T: Config>(
	sets: u32,
	contributions: u32,
	fee: BalanceOf<T>,
) -> Result<(ModelId, T::AccountId, Vec<ContributionId>), BenchmarkError> {
	let (training, ids) = training_data::<T>(sets, contributions)?;
	let owner = funded_account::<T>("owner", 0)?;
	let model = Attribution::<T>::do_register_model(
		owner.clone(),
		vec![b'n'; T::MaxNameLength::get() as usize],
		H256::repeat_byte(1),
		vec![b'u'; T::MaxMetadataUriLength::get() as usize],
		BoundedVec::truncate_from(training),
		fee,
	)?;
	Ok((model, owner, ids))
}

/// The spec of benchmark models (its parameters do not change what the chain does).
fn spec() -> AttributionSpec {
	AttributionSpec {
		method: AttributionMethod::KnnShapley { k: 10 },
		format: InputFormat::RawI8 { dims: 64 },
		evaluation_set: [3u8; 32],
		evaluation_queries: 1_000,
	}
}

/// A paid model with a spec, the longest strings and `MaxTrainingSets` training sets.
fn spec_model<T: Config>() -> Result<(ModelId, T::AccountId), BenchmarkError> {
	let (training, _) = training_data::<T>(T::MaxTrainingSets::get(), 1)?;
	let owner = funded_account::<T>("owner", 0)?;
	let model = Attribution::<T>::do_register_model_with_spec(
		owner.clone(),
		(
			vec![b'n'; T::MaxNameLength::get() as usize],
			H256::repeat_byte(1),
			vec![b'u'; T::MaxMetadataUriLength::get() as usize],
			BoundedVec::truncate_from(training),
			unit::<T>(),
		),
		spec(),
		vec![b'e'; T::MaxMetadataUriLength::get() as usize],
		1u32.into(),
	)?;
	Ok((model, owner))
}

/// A root unique to `n`, declaring `leaves` leaves.
fn ledger_root(n: u32, leaves: u32) -> LedgerRoot {
	let mut hash = [5u8; 32];
	for (byte, value) in hash.iter_mut().zip(n.to_be_bytes()) {
		*byte = value;
	}
	LedgerRoot { hash, leaves: leaves.into(), owed: 0, score: u128::from(leaves) }
}

/// A funded attestor, bonded with `bond_amount`.
fn attestor<T: Config>(index: u32) -> Result<T::AccountId, BenchmarkError> {
	attestor_with::<T>(index, bond_amount::<T>())
}

/// A funded attestor, bonded with `amount`.
fn attestor_with<T: Config>(
	index: u32,
	amount: BalanceOf<T>,
) -> Result<T::AccountId, BenchmarkError> {
	let who = funded_account::<T>("attestor", index)?;
	Attribution::<T>::do_bond(who.clone(), amount)?;
	Ok(who)
}

/// Fills the attestor set up to `MaxAttestors` with members bonded `amount` each (numbered
/// from `first`).
fn fill_set<T: Config>(first: u32, amount: BalanceOf<T>) -> Result<(), BenchmarkError> {
	let mut index = first;
	while (AttestorSet::<T>::get().len() as u32) < T::MaxAttestors::get() {
		attestor_with::<T>(index, amount)?;
		index = index.saturating_add(1);
	}
	Ok(())
}

/// Round parameters that make `finalize` do the most: the shortest phases, the largest slash,
/// and a 100% trust threshold (every attestor scoring above the consensus is slashed).
fn set_harsh_parameters<T: Config>() {
	Parameters::<T>::put(RoundParameters {
		commit_phase: T::MinPhaseLength::get(),
		reveal_phase: T::MinPhaseLength::get(),
		slash_fraction: T::MaxSlashFraction::get(),
		trust_threshold: Perbill::one(),
	});
}

/// Attestor `index`'s scores: `index + 1` for every id.
fn scores_for<T: Config>(ids: &[ContributionId], index: u32) -> ScoresOf<T> {
	let score: Score = index.saturating_add(1);
	BoundedVec::truncate_from(ids.iter().map(|id| (*id, score)).collect::<Vec<_>>())
}

fn salt(index: u32) -> [u8; 32] {
	let mut salt = [9u8; 32];
	for (byte, value) in salt.iter_mut().zip(index.to_be_bytes()) {
		*byte = value;
	}
	salt
}

/// Opens a round of `model` with a bounty from `opener`, from block 1 at the earliest (the
/// benchmark harness moves block 0 to 1 just before the measured call).
fn open<T: Config>(model: ModelId, opener: &T::AccountId) -> Result<RoundId, BenchmarkError> {
	if frame_system::Pallet::<T>::block_number().is_zero() {
		set_block::<T>(1u32.into());
	}
	let bounty = unit::<T>().saturating_mul(100u32.into());
	Ok(Attribution::<T>::do_open_round(opener.clone(), model, bounty)?)
}

/// `count` attestors (numbered from `first`) commit to scoring `ids` in the round; returns
/// them with their scores and salts.
fn commit_all<T: Config>(
	model: ModelId,
	round: RoundId,
	first: u32,
	count: u32,
	ids: &[ContributionId],
) -> Result<Vec<Committed<T>>, BenchmarkError> {
	let mut committed = Vec::new();
	for index in first..first.saturating_add(count) {
		let who = attestor::<T>(index)?;
		let scores = scores_for::<T>(ids, index);
		let salt = salt(index);
		let hash = Attribution::<T>::commitment_hash(model, round, &scores, &salt, &who);
		Attribution::<T>::do_commit(who.clone(), model, round, hash)?;
		committed.push((who, scores, salt));
	}
	Ok(committed)
}

fn set_block<T: Config>(block: BlockNumberFor<T>) {
	frame_system::Pallet::<T>::set_block_number(block);
}

fn round_info<T: Config>(model: ModelId, round: RoundId) -> Result<RoundInfo<T>, BenchmarkError> {
	Ok(Rounds::<T>::get((model, round)).ok_or("round missing")?)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_model(
		n: Linear<1, { T::MaxNameLength::get() }>,
		u: Linear<0, { T::MaxMetadataUriLength::get() }>,
		t: Linear<1, { T::MaxTrainingSets::get() }>,
	) -> Result<(), BenchmarkError> {
		let (training, _) = training_data::<T>(t, 1)?;
		let owner = funded_account::<T>("owner", 0)?;
		let id = NextModelId::<T>::get();

		#[extrinsic_call]
		_(
			RawOrigin::Signed(owner),
			vec![b'n'; n as usize],
			H256::repeat_byte(1),
			vec![b'u'; u as usize],
			BoundedVec::truncate_from(training),
			unit::<T>(),
		);

		assert!(Models::<T>::contains_key(id));
		Ok(())
	}

	#[benchmark]
	fn set_inference_fee(
		t: Linear<1, { T::MaxTrainingSets::get() }>,
	) -> Result<(), BenchmarkError> {
		// A free model becoming paid: every licence is read again.
		let (model, owner, _) = model_with_fee::<T>(t, 1, Zero::zero())?;

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), model, unit::<T>());

		let info = Models::<T>::get(model).ok_or("model missing")?;
		assert_eq!(info.inference_fee, unit::<T>());
		Ok(())
	}

	#[benchmark]
	fn add_operator() -> Result<(), BenchmarkError> {
		let (model, owner, _) = model::<T>(1)?;
		for index in 1..T::MaxOperators::get() {
			Attribution::<T>::do_add_operator(
				owner.clone(),
				model,
				account("operator", index, SEED),
			)?;
		}
		let operator: T::AccountId = account("operator", 0, SEED);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), model, operator.clone());

		let info = Models::<T>::get(model).ok_or("model missing")?;
		assert!(info.operators.contains(&operator));
		Ok(())
	}

	#[benchmark]
	fn remove_operator() -> Result<(), BenchmarkError> {
		let (model, owner, _) = model::<T>(1)?;
		for index in 0..T::MaxOperators::get() {
			Attribution::<T>::do_add_operator(
				owner.clone(),
				model,
				account("operator", index, SEED),
			)?;
		}
		let operator: T::AccountId =
			account("operator", T::MaxOperators::get().saturating_sub(1), SEED);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), model, operator.clone());

		let info = Models::<T>::get(model).ok_or("model missing")?;
		assert!(!info.operators.contains(&operator));
		Ok(())
	}

	#[benchmark]
	fn retire_model(p: Linear<0, { max_attribution_entries::<T>() }>) -> Result<(), BenchmarkError> {
		let (model, owner, _) = model::<T>(1)?;
		// An attribution of `p` entries, removed with the model.
		for index in 0..p {
			let contribution = ContributionId::from(index).saturating_add(1_000_000_000_000);
			ModelAttribution::<T>::insert(model, contribution, 1);
			ContributionAttribution::<T>::insert(contribution, model, 1);
		}
		Models::<T>::mutate(model, |maybe| {
			if let Some(info) = maybe {
				info.attribution_entries = p;
			}
		});

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), model);

		let info = Models::<T>::get(model).ok_or("model missing")?;
		assert!(info.retired);
		assert_eq!(ModelAttribution::<T>::iter_prefix(model).count(), 0);
		Ok(())
	}

	#[benchmark]
	fn bond() -> Result<(), BenchmarkError> {
		// A newcomer into a full set: the smallest member (the last of equals) is displaced
		// and its bond starts unbonding.
		fill_set::<T>(1, bond_amount::<T>())?;
		let who = funded_account::<T>("attestor", 0)?;
		let amount = bond_amount::<T>().saturating_add(unit::<T>());

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), amount);

		assert!(Attestors::<T>::contains_key(&who));
		assert!(AttestorSet::<T>::get().iter().any(|(member, _)| *member == who));
		Ok(())
	}

	#[benchmark]
	fn unbond() -> Result<(), BenchmarkError> {
		// One chunk short of full, so that the new chunk is pushed; in a full set, rewritten.
		let chunks = T::MaxUnlockingChunks::get();
		let who = funded_account::<T>("attestor", 0)?;
		let amount = T::MinBond::get().saturating_add(unit::<T>().saturating_mul(chunks.into()));
		Attribution::<T>::do_bond(who.clone(), amount)?;
		fill_set::<T>(1, bond_amount::<T>())?;
		for block in 1..chunks {
			set_block::<T>(block.into());
			Attribution::<T>::do_unbond(who.clone(), unit::<T>())?;
		}
		set_block::<T>(chunks.into());

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), unit::<T>());

		let info = Attestors::<T>::get(&who).ok_or("attestor missing")?;
		assert_eq!(info.unlocking.len(), chunks as usize);
		Ok(())
	}

	#[benchmark]
	fn withdraw_unbonded(
		u: Linear<1, { T::MaxUnlockingChunks::get() }>,
	) -> Result<(), BenchmarkError> {
		// `u` matured chunks holding everything: the attestor leaves the set.
		let who = funded_account::<T>("attestor", 0)?;
		let partial = unit::<T>().saturating_mul(u.saturating_sub(1).into());
		Attribution::<T>::do_bond(who.clone(), T::MinBond::get().saturating_add(partial))?;
		for block in 1..u {
			set_block::<T>(block.into());
			Attribution::<T>::do_unbond(who.clone(), unit::<T>())?;
		}
		set_block::<T>(u.into());
		Attribution::<T>::do_unbond(who.clone(), T::MinBond::get())?;
		set_block::<T>(BlockNumberFor::<T>::from(u).saturating_add(T::UnbondingPeriod::get()));

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));

		assert!(!Attestors::<T>::contains_key(&who));
		Ok(())
	}

	#[benchmark]
	fn open_round() -> Result<(), BenchmarkError> {
		// A model with a spec: the round also snapshots the ledger's inflow.
		let (model, owner) = spec_model::<T>()?;
		let bounty = unit::<T>().saturating_mul(100u32.into());

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), model, bounty);

		let info = Models::<T>::get(model).ok_or("model missing")?;
		assert_eq!(info.open_round, Some(0));
		Ok(())
	}

	#[benchmark]
	fn commit() -> Result<(), BenchmarkError> {
		// A full round, in a full set. Its smallest commitment (the last of equals) belongs to
		// an attestor already displaced from the set: displacing it from the round too starts
		// its bond unbonding.
		let (model, owner, ids) = model::<T>(1)?;
		let round = open::<T>(model, &owner)?;
		let committers = T::MaxCommitsPerRound::get();
		let committed = commit_all::<T>(model, round, 1, committers, &ids)?;
		let (smallest, _, _) = committed.last().cloned().ok_or("nobody committed")?;
		let larger = bond_amount::<T>().saturating_add(unit::<T>());
		fill_set::<T>(committers.saturating_add(1), larger)?;
		let displacer = committers.saturating_add(T::MaxAttestors::get()).saturating_add(1);
		attestor_with::<T>(displacer, larger.saturating_add(unit::<T>()))?;
		assert!(!AttestorSet::<T>::get().iter().any(|(member, _)| *member == smallest));
		let who = attestor_with::<T>(0, larger.saturating_add(unit::<T>()))?;
		let hash = Attribution::<T>::commitment_hash(
			model,
			round,
			&scores_for::<T>(&ids, 0),
			&salt(0),
			&who,
		);

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), model, round, hash);

		assert!(Commitments::<T>::contains_key((model, round), &who));
		assert!(!Commitments::<T>::contains_key((model, round), &smallest));
		let displaced = Attestors::<T>::get(&smallest).ok_or("attestor missing")?;
		assert!(displaced.active.is_zero());
		Ok(())
	}

	#[benchmark]
	fn reveal(s: Linear<0, { T::MaxScoresPerReveal::get() }>) -> Result<(), BenchmarkError> {
		let (model, owner, ids) = model::<T>(s)?;
		let scored: Vec<ContributionId> = ids.into_iter().take(s as usize).collect();
		let round = open::<T>(model, &owner)?;
		let committed = commit_all::<T>(model, round, 0, 1, &scored)?;
		let (who, scores, salt) = committed.into_iter().next().ok_or("nobody committed")?;
		set_block::<T>(round_info::<T>(model, round)?.reveal_from);

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), model, round, scores, salt);

		assert!(Reveals::<T>::contains_key((model, round), &who));
		Ok(())
	}

	#[benchmark]
	fn finalize(
		c: Linear<1, { T::MaxCommitsPerRound::get() }>,
		s: Linear<1, { T::MaxScoresPerReveal::get() }>,
		p: Linear<0, { max_attribution_entries::<T>() }>,
	) -> Result<(), BenchmarkError> {
		set_harsh_parameters::<T>();
		let (model, owner, ids) = model::<T>(s)?;
		let round = open::<T>(model, &owner)?;
		let committed = commit_all::<T>(model, round, 0, c, &ids)?;
		let info = round_info::<T>(model, round)?;
		set_block::<T>(info.reveal_from);
		for (who, scores, salt) in committed {
			Attribution::<T>::do_reveal(who, model, round, scores, salt)?;
		}
		// A previous attribution of `p` entries, to be replaced.
		for index in 0..p {
			let contribution = ContributionId::from(index).saturating_add(1_000_000_000_000);
			ModelAttribution::<T>::insert(model, contribution, 1);
			ContributionAttribution::<T>::insert(contribution, model, 1);
		}
		Models::<T>::mutate(model, |maybe| {
			if let Some(info) = maybe {
				info.attribution_entries = p;
			}
		});
		set_block::<T>(info.finalize_from);
		let caller = funded_account::<T>("caller", 0)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), model, round);

		assert!(round_info::<T>(model, round)?.finalized);
		Ok(())
	}

	#[benchmark]
	fn register_model_with_spec(
		n: Linear<1, { T::MaxNameLength::get() }>,
		u: Linear<0, { T::MaxMetadataUriLength::get() }>,
		t: Linear<1, { T::MaxTrainingSets::get() }>,
	) -> Result<(), BenchmarkError> {
		let (training, _) = training_data::<T>(t, 1)?;
		let owner = funded_account::<T>("owner", 0)?;
		let id = NextModelId::<T>::get();

		#[extrinsic_call]
		_(
			RawOrigin::Signed(owner),
			vec![b'n'; n as usize],
			H256::repeat_byte(1),
			vec![b'u'; u as usize],
			BoundedVec::truncate_from(training),
			unit::<T>(),
			spec(),
			vec![b'e'; u as usize],
			1u32.into(),
		);

		assert!(ModelSpecs::<T>::contains_key(id));
		Ok(())
	}

	#[benchmark]
	fn reveal_root(u: Linear<0, { T::MaxMetadataUriLength::get() }>) -> Result<(), BenchmarkError> {
		let (model, owner) = spec_model::<T>()?;
		let round = open::<T>(model, &owner)?;
		let who = attestor::<T>(0)?;
		let root = ledger_root(0, 1_000_000);
		let hash = H256(root_commitment_hash(model, round, &root, &salt(0), &who));
		Attribution::<T>::do_commit(who.clone(), model, round, hash)?;
		set_block::<T>(round_info::<T>(model, round)?.reveal_from);

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), model, round, root, vec![b'l'; u as usize], salt(0));

		assert!(RootReveals::<T>::contains_key((model, round), &who));
		Ok(())
	}

	/// `finalize` of a root round with `c` committers whose roots declare `l` leaves: the
	/// first `c - c / 3` agree and are paid, each of the others reveals a root of its own and
	/// is slashed (the most candidates to tally with the quorum still reached). `l` is there to
	/// show that the leaf count costs nothing: the chain never touches a leaf.
	#[benchmark]
	fn finalize_root(
		c: Linear<1, { T::MaxCommitsPerRound::get() }>,
		l: Linear<100, 1_000_000>,
	) -> Result<(), BenchmarkError> {
		set_harsh_parameters::<T>();
		let (model, owner) = spec_model::<T>()?;
		let round = open::<T>(model, &owner)?;
		let agreeing = c.saturating_sub(c / 3);
		let mut committed = Vec::new();
		for index in 0..c {
			let who = attestor::<T>(index)?;
			let root = if index < agreeing { ledger_root(0, l) } else { ledger_root(index, l) };
			let hash = H256(root_commitment_hash(model, round, &root, &salt(index), &who));
			Attribution::<T>::do_commit(who.clone(), model, round, hash)?;
			committed.push((who, root, salt(index)));
		}
		let info = round_info::<T>(model, round)?;
		set_block::<T>(info.reveal_from);
		for (who, root, salt) in committed {
			Attribution::<T>::do_reveal_root(
				who,
				model,
				round,
				root,
				vec![b'l'; T::MaxMetadataUriLength::get() as usize],
				salt,
			)?;
		}
		set_block::<T>(info.finalize_from);
		let caller = funded_account::<T>("caller", 0)?;

		#[extrinsic_call]
		finalize(RawOrigin::Signed(caller), model, round);

		assert!(round_info::<T>(model, round)?.quorum_reached);
		assert_eq!(ModelLedger::<T>::get(model).map(|r| r.root), Some(ledger_root(0, l)));
		Ok(())
	}

	#[benchmark]
	fn record_inference(
		a: Linear<0, { T::MaxAttributionsPerInference::get() }>,
	) -> Result<(), BenchmarkError> {
		let (model, owner, ids) = model::<T>(a)?;
		// Shares that add up to at most `MaxReceiptShare`, to contributions of the model's
		// attribution (as a finalized round leaves it).
		let share = Perbill::from_parts(
			T::MaxReceiptShare::get()
				.deconstruct()
				.checked_div(T::MaxAttributionsPerInference::get())
				.unwrap_or_default(),
		);
		let attributions: Vec<(ContributionId, Perbill)> =
			ids.into_iter().take(a as usize).map(|id| (id, share)).collect();
		for (id, _) in &attributions {
			ModelAttribution::<T>::insert(model, id, 1);
			ContributionAttribution::<T>::insert(id, model, 1);
		}
		let fee = unit::<T>().saturating_mul(10u32.into());

		#[extrinsic_call]
		_(
			RawOrigin::Signed(owner),
			model,
			fee,
			H256::repeat_byte(2),
			H256::repeat_byte(3),
			Some(BoundedVec::truncate_from(attributions)),
		);

		let info = Models::<T>::get(model).ok_or("model missing")?;
		assert_eq!(info.inferences, 1);
		Ok(())
	}

	#[benchmark]
	fn set_round_parameters() -> Result<(), BenchmarkError> {
		let parameters = RoundParameters {
			commit_phase: T::MaxPhaseLength::get(),
			reveal_phase: T::MaxPhaseLength::get(),
			slash_fraction: T::MaxSlashFraction::get(),
			trust_threshold: Perbill::from_percent(50),
		};
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, parameters);

		assert_eq!(Parameters::<T>::get(), parameters);
		Ok(())
	}

	impl_benchmark_test_suite!(
		Attribution,
		crate::mock::ExtBuilder::default().build(),
		crate::mock::Test
	);
}
