//! Property tests: random sequences of inferences, finalized attributions, bond changes,
//! revocations, claims and emission conserve value exactly, with the dust within its
//! documented bound, and `do_try_state` holds after every step.

use super::*;
use crate::Ledger;
use proptest::prelude::*;

/// The accounts that contribute, own, attest and claim.
const ACCOUNTS: [AccountId; 6] = [ALICE, BOB, CHARLIE, DAVE, EVE, FERDIE];
/// Models in play, and their owners.
const MODELS: [(ModelId, AccountId); 3] = [(0, DAVE), (1, ALICE), (2, DAVE)];
/// Contributors of the six contributions, in order.
const CONTRIBUTORS: [AccountId; 6] = [BOB, CHARLIE, EVE, ALICE, FERDIE, BOB];

#[derive(Clone, Debug)]
enum Op {
	/// An inference of model `model` with `fee` and receipt attributions
	/// `(contribution index, percent)`.
	Inference { model: usize, fee: Balance, attributions: Vec<(usize, u32)> },
	/// A finalized round of `model` with `(contribution index, score)`.
	Finalize { model: usize, consensus: Vec<(usize, Score)> },
	/// A round of `model` reaches its quorum with these `(account index, weight)` attestors.
	Attest { model: usize, attestors: Vec<(usize, Balance)> },
	/// A contributor revokes a contribution.
	Revoke { contribution: usize },
	/// `claim` of a pool: 0–2 a model's, 3–5 a model's attestors', 6 the direct ledger.
	Claim { who: usize, pool: usize },
	/// `claim_all`.
	ClaimAll { who: usize },
	/// The next era starts.
	NextEra,
	/// Root sets the emission.
	SetEmission(Balance),
}

fn fee() -> impl Strategy<Value = Balance> {
	prop_oneof![0u128..20, 0u128..100_000, 0u128..10_000_000_000]
}

fn op() -> impl Strategy<Value = Op> {
	prop_oneof![
		4 => (0usize..3, fee(), prop::collection::vec((0usize..6, 0u32..=60), 0..3))
			.prop_map(|(model, fee, attributions)| Op::Inference { model, fee, attributions }),
		2 => (0usize..3, prop::collection::vec((0usize..6, 0u32..1_000), 0..6))
			.prop_map(|(model, consensus)| Op::Finalize { model, consensus }),
		2 => (0usize..3, prop::collection::vec((0usize..6, prop_oneof![Just(0u128), 1u128..1_000_000]), 0..4))
			.prop_map(|(model, attestors)| Op::Attest { model, attestors }),
		1 => (0usize..6).prop_map(|contribution| Op::Revoke { contribution }),
		3 => (0usize..6, 0usize..7).prop_map(|(who, pool)| Op::Claim { who, pool }),
		1 => (0usize..6).prop_map(|who| Op::ClaimAll { who }),
		1 => Just(Op::NextEra),
		1 => (0u128..=MAX_EMISSION).prop_map(Op::SetEmission),
	]
}

fn pool(index: usize) -> PoolId {
	match index {
		0..=2 => PoolId::Model(index as u32),
		3..=5 => PoolId::Attestors(index as u32 - 3),
		_ => PoolId::Direct,
	}
}

/// Two datanets (10% and 33% curation fees) and six accepted contributions.
fn setup() -> Vec<ContributionId> {
	let datanets = [create_datanet(ALICE, 10), create_datanet(DAVE, 33)];
	CONTRIBUTORS
		.iter()
		.enumerate()
		.map(|(n, who)| contribute(*who, datanets[n % 2], n as u64))
		.collect()
}

fn apply(op: Op, contributions: &[ContributionId]) {
	match op {
		Op::Inference { model, fee, attributions } => {
			let mut total = 0;
			let attributions: Vec<(ContributionId, Perbill)> = attributions
				.into_iter()
				.take_while(|(_, percent)| {
					total += percent;
					total <= 100
				})
				.map(|(index, percent)| (contributions[index], Perbill::from_percent(percent)))
				.collect();
			let (model, owner) = MODELS[model];
			pay_inference(model, owner, fee, &attributions);
		},
		Op::Finalize { model, mut consensus } => {
			consensus.sort_by_key(|(index, _)| *index);
			consensus.dedup_by_key(|(index, _)| *index);
			let consensus: Vec<(ContributionId, Score)> = consensus
				.into_iter()
				.filter(|(_, score)| *score > 0)
				.map(|(index, score)| (contributions[index], score))
				.collect();
			finalize(MODELS[model].0, &consensus);
		},
		Op::Attest { model, attestors } => {
			let attestors: Vec<(AccountId, Balance)> =
				attestors.into_iter().map(|(who, weight)| (ACCOUNTS[who], weight)).collect();
			attest(MODELS[model].0, &attestors);
		},
		Op::Revoke { contribution } => {
			let _ = Contributions::revoke(
				RuntimeOrigin::signed(CONTRIBUTORS[contribution]),
				contributions[contribution],
			);
		},
		Op::Claim { who, pool: index } => {
			let _ = Rewards::claim(RuntimeOrigin::signed(ACCOUNTS[who]), pool(index));
		},
		Op::ClaimAll { who } => {
			let _ = Rewards::claim_all(RuntimeOrigin::signed(ACCOUNTS[who]));
		},
		Op::NextEra => go_to_era(Rewards::current_era() + 1),
		Op::SetEmission(per_era) => {
			assert_ok!(Rewards::set_emission(RuntimeOrigin::root(), per_era));
		},
	}
}

/// Checks conservation from the outside, through balances, events and the runtime API only.
fn check_conservation(fees_paid: Balance) {
	let (mut claimed, mut minted) = (0u128, 0u128);
	for event in events() {
		match event {
			Event::RewardClaimed { amount, .. } => claimed += amount,
			Event::FeeDistributed { emission, .. } => minted += emission,
			_ => {},
		}
	}
	let to_treasury = free(TREASURY) - ED;
	let mut pending = 0u128;
	for who in ACCOUNTS.iter().copied().chain([TREASURY]) {
		for index in 0..7 {
			pending += owed(who, pool(index));
		}
	}
	let taken_in = fees_paid + minted;
	let accounted = claimed + to_treasury + pending;
	assert!(accounted <= taken_in, "more is paid and owed than was taken in");

	// The dust: at most one unit per pool member, plus the written-off carries.
	let dust = taken_in - accounted;
	let members: u128 = Pools::<Test>::iter_values().map(|info| u128::from(info.members)).sum();
	let written_off = Ledger::<Test>::get().dust;
	assert!(dust <= members + written_off, "dust {dust} > {members} members + {written_off}");

	// The pot holds exactly its existential deposit plus what it has not paid out.
	assert_eq!(free(pot()), ED + taken_in - claimed - to_treasury);
	let ledger = Ledger::<Test>::get();
	assert_eq!((ledger.fees_in, ledger.emission_in, ledger.paid_out), (fees_paid, minted, claimed));
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(64))]

	#[test]
	fn random_sequences_conserve_value(ops in prop::collection::vec(op(), 1..40)) {
		ExtBuilder::default().emission(1_000_000).build_and_execute(|| {
			let contributions = setup();
			let mut fees_paid = 0u128;
			for op in ops {
				if let Op::Inference { fee, .. } = &op {
					fees_paid += fee;
				}
				apply(op, &contributions);
				Rewards::do_try_state().expect("the invariants hold after every step");
				check_conservation(fees_paid);
			}
			// Everybody leaves every pool and claims everything: only dust stays in the pot.
			for model in MODELS {
				finalize(model.0, &[]);
				attest(model.0, &[]);
			}
			for who in ACCOUNTS {
				let _ = Rewards::claim_all(RuntimeOrigin::signed(who));
			}
			check_conservation(fees_paid);
			let ledger = Ledger::<Test>::get();
			assert_eq!(free(pot()), ED + ledger.dust, "only written-off dust is left");
		});
	}
}
