//! Issue 12, "Also": a property test of the economics on the real runtime, all four pallets at
//! once. Random sequences of every user-facing call are driven by a **coalition** acting as one
//! party (Alice owns the datanet, Bob contributes, Charlie attests, Dave owns the model) against
//! two honest accounts (Eve contributes and attests with the majority of the bonded stake,
//! Ferdie pays for inferences). After every step:
//!
//! 1. every invariant of the four pallets holds (`do_try_state`), and balances add up to the
//!    total issuance;
//! 2. Ferdie's balance plus what he paid for inferences is what he started with;
//! 3. Eve's worth (balance, held funds, and what she is owed) never goes down, and it goes up
//!    with every inference Ferdie pays once a round has reached its quorum: nothing the
//!    coalition does takes from her what the rules give her;
//! 4. the coalition's gain (balances, held funds and what it is owed, together) is at most what
//!    the honest rules could give it: the part of Ferdie's fees that does not go to the
//!    treasury, plus the emission minted, minus the treasury's part of the fees the coalition
//!    paid itself. So paying its own model (for the emission) never pays.
//!
//! The assumptions of `docs/SECURITY.md` hold: the coalition never has the majority of the
//! bonded stake.

use super::{account, ext_for};
use frame_support::{traits::fungible::Inspect, BoundedVec};
use openledger_primitives::{Admission, ContributionKind, DatanetPolicy, License, ReviewMode, H256};
use openledger_runtime::{
	Attribution, Balances, Datanets, Rewards, Runtime, RuntimeCall, RuntimeOrigin,
	System, OPEN,
};
use proptest::prelude::*;
use sp_keyring::Sr25519Keyring;
use sp_runtime::{traits::Dispatchable, AccountId32, Perbill};

const ALICE: Sr25519Keyring = Sr25519Keyring::Alice;
const BOB: Sr25519Keyring = Sr25519Keyring::Bob;
const CHARLIE: Sr25519Keyring = Sr25519Keyring::Charlie;
const DAVE: Sr25519Keyring = Sr25519Keyring::Dave;
const EVE: Sr25519Keyring = Sr25519Keyring::Eve;
const FERDIE: Sr25519Keyring = Sr25519Keyring::Ferdie;
const COALITION: [Sr25519Keyring; 4] = [ALICE, BOB, CHARLIE, DAVE];

/// Eve's bond: always more than Charlie may reach, so the coalition never has the majority.
const EVE_BOND: u128 = 10_000 * OPEN;
/// The most Charlie may have bonded.
const CHARLIE_MAX: u128 = 4_000 * OPEN;
/// The treasury's part of every fee (the genesis fee split).
const TREASURY: Perbill = Perbill::from_percent(10);

/// What a party can do.
#[derive(Clone, Debug)]
enum Action {
	/// Dave opens a round of the model; Eve commits and reveals the honest scores (10 for each
	/// of the four published contributions still live), Charlie commits `charlie` and reveals it or not;
	/// then it is finalized. With `revoke_mid`, Bob revokes that contribution of his between
	/// the commitments and the reveals.
	Round { charlie: Vec<(u8, u32)>, charlie_reveals: bool, revoke_mid: Option<u8> },
	/// Someone pays for an inference of `fee` OPEN (at least the model's fee), Dave's receipts
	/// routing `percent` of the contributor share to Bob's contribution `to`.
	Inference { payer: u8, fee: u32, attribution: Option<(u8, u8)> },
	/// Someone claims everything it is owed.
	Claim { who: u8 },
	/// Charlie bonds more (up to `CHARLIE_MAX` in all) or unbonds.
	Bond { amount: u32 },
	Unbond { amount: u32 },
	/// Bob revokes one of his published contributions.
	Revoke { index: u8 },
	/// Alice sets the datanet's curation fee (raises wait `CurationFeeDelay`).
	CurationFee { percent: u8 },
	/// Dave sets the model's inference fee.
	SetFee { fee: u32 },
	/// Bob or Eve contributes new content (accepted at once, in no published version).
	Contribute { eve: bool, n: u8 },
	/// Time passes: blocks (eras of emission come and go).
	Advance { blocks: u32 },
}

fn action() -> impl Strategy<Value = Action> {
	prop_oneof![
		3 => (
			prop::collection::vec((0u8..4, 0u32..1_000), 0..5),
			any::<bool>(),
			prop::option::weighted(0.2, 0u8..2),
		)
			.prop_map(|(charlie, charlie_reveals, revoke_mid)| Action::Round {
				charlie,
				charlie_reveals,
				revoke_mid,
			}),
		5 => (0u8..4, 1u32..2_000, prop::option::of((0u8..2, 0u8..=100)))
			.prop_map(|(payer, fee, attribution)| Action::Inference { payer, fee, attribution }),
		2 => (0u8..6).prop_map(|who| Action::Claim { who }),
		1 => (100u32..2_000).prop_map(|amount| Action::Bond { amount }),
		1 => (1u32..2_000).prop_map(|amount| Action::Unbond { amount }),
		1 => (0u8..2).prop_map(|index| Action::Revoke { index }),
		1 => (0u8..=50).prop_map(|percent| Action::CurationFee { percent }),
		1 => (0u32..50).prop_map(|fee| Action::SetFee { fee }),
		1 => (any::<bool>(), any::<u8>()).prop_map(|(eve, n)| Action::Contribute { eve, n }),
		2 => (1u32..40_000).prop_map(|blocks| Action::Advance { blocks }),
	]
}

fn who(k: Sr25519Keyring) -> AccountId32 {
	account(k)
}

fn signed(k: Sr25519Keyring) -> RuntimeOrigin {
	RuntimeOrigin::signed(who(k))
}

/// Dispatches `call` as a transaction would (in a storage layer): a failed call changes
/// nothing. Failures are fine here: most attacks are supposed to fail.
fn dispatch(k: Sr25519Keyring, call: impl Into<RuntimeCall>) -> bool {
	let call: RuntimeCall = call.into();
	call.dispatch(signed(k)).is_ok()
}

/// Balance, held funds, and everything owed by the rewards pallet.
fn worth(k: Sr25519Keyring) -> i128 {
	let account = who(k);
	let total = Balances::total_balance(&account).saturating_add(Rewards::api_pending_total(account));
	i128::try_from(total).unwrap()
}

fn coalition_worth() -> i128 {
	COALITION.iter().map(|k| worth(*k)).sum()
}

fn issuance() -> i128 {
	i128::try_from(Balances::total_issuance()).unwrap()
}

/// Every invariant of the four pallets, and the balances adding up.
fn check_invariants() {
	pallet_datanets::Pallet::<Runtime>::do_try_state().expect("datanets invariants");
	pallet_contributions::Pallet::<Runtime>::do_try_state().expect("contributions invariants");
	pallet_attribution::Pallet::<Runtime>::do_try_state().expect("attribution invariants");
	pallet_rewards::Pallet::<Runtime>::do_try_state().expect("rewards invariants");
	let sum: u128 = frame_system::Account::<Runtime>::iter()
		.map(|(_, info)| info.data.free.saturating_add(info.data.reserved))
		.sum();
	assert_eq!(sum, Balances::total_issuance(), "balances add up to the total issuance");
}

fn content(tag: u8, n: u8) -> H256 {
	let mut bytes = [tag; 32];
	bytes[31] = n;
	H256(bytes)
}

fn contribute(k: Sr25519Keyring, hash: H256) -> bool {
	dispatch(
		k,
		pallet_contributions::Call::<Runtime>::submit {
			datanet: 0,
			content_hash: hash,
			size_bytes: 100,
			kind: ContributionKind::Data,
			metadata_uri: b"ipfs://item".to_vec(),
			parents: Vec::new(),
			max_deposit: u128::MAX,
			max_slash: Perbill::one(),
		},
	)
}

/// The world before the first action: Alice's datanet with Bob's contributions 0 and 1 and
/// Eve's 2 and 3, published; Dave's model (fee 1 OPEN) trained on it; Eve and Charlie bonded;
/// an emission of 1,000 OPEN per era.
fn setup() {
	System::set_block_number(1);
	let policy = DatanetPolicy {
		admission: Admission::Open,
		review: ReviewMode::AutoAccept,
		contribution_deposit: 0,
		rejection_slash: Perbill::zero(),
		curation_fee: Perbill::from_percent(5),
		max_contribution_size: 1_024,
	};
	let license = License {
		may_train: true,
		commercial_use: true,
		attribution_required: true,
		derivatives_allowed: true,
		uri: None,
	};
	Datanets::create(signed(ALICE), b"qa".to_vec(), b"ipfs://qa".to_vec(), policy, license)
		.unwrap();
	for (k, n) in [(BOB, 0), (BOB, 1), (EVE, 2), (EVE, 3)] {
		assert!(contribute(k, content(1, n)));
	}
	Datanets::publish_version(signed(ALICE), 0).unwrap();
	Attribution::register_model(
		signed(DAVE),
		b"qa-model".to_vec(),
		H256::repeat_byte(1),
		b"ipfs://model".to_vec(),
		BoundedVec::truncate_from(vec![(0, 1)]),
		OPEN,
	)
	.unwrap();
	Attribution::bond(signed(EVE), EVE_BOND).unwrap();
	Attribution::bond(signed(CHARLIE), 200 * OPEN).unwrap();
	Rewards::set_emission(RuntimeOrigin::root(), 1_000 * OPEN).unwrap();
}

fn charlie_active() -> u128 {
	pallet_attribution::Attestors::<Runtime>::get(who(CHARLIE)).map_or(0, |info| info.active)
}

/// Runs one round; returns whether it reached its quorum.
fn round(charlie: &[(u8, u32)], charlie_reveals: bool, revoke_mid: Option<u8>) -> bool {
	let round = match pallet_attribution::Models::<Runtime>::get(0) {
		Some(info) => info.next_round,
		None => return false,
	};
	if !dispatch(DAVE, pallet_attribution::Call::<Runtime>::open_round { model: 0, bounty: 0 }) {
		return false;
	}
	// An honest attestor scores the contributions of the training version still live.
	let honest: Vec<(u64, u32)> = (0..4)
		.filter(|id| {
			pallet_contributions::Contribution::<Runtime>::get(id)
				.is_some_and(|record| record.status.is_live())
		})
		.map(|id| (id, 10))
		.collect();
	let mut adversarial: Vec<(u64, u32)> =
		charlie.iter().map(|(id, score)| (u64::from(*id), *score)).collect();
	adversarial.sort_unstable();
	adversarial.dedup_by_key(|(id, _)| *id);
	let mut revealers = vec![(EVE, honest, [1u8; 32], true)];
	revealers.push((CHARLIE, adversarial, [2u8; 32], charlie_reveals));
	for (k, scores, salt, _) in &revealers {
		let hash = pallet_attribution::Pallet::<Runtime>::commitment_hash(0, round, scores, salt, &who(*k));
		dispatch(*k, pallet_attribution::Call::<Runtime>::commit { model: 0, round, hash });
	}
	if let Some(index) = revoke_mid {
		revoke_bobs(index);
	}
	let info = pallet_attribution::Rounds::<Runtime>::get((0, round)).unwrap();
	System::set_block_number(info.reveal_from);
	for (k, scores, salt, reveals) in revealers {
		if reveals {
			dispatch(
				k,
				pallet_attribution::Call::<Runtime>::reveal {
					model: 0,
					round,
					scores: BoundedVec::truncate_from(scores),
					salt,
				},
			);
		}
	}
	System::set_block_number(info.finalize_from);
	assert!(dispatch(FERDIE, pallet_attribution::Call::<Runtime>::finalize { model: 0, round }));
	pallet_attribution::Rounds::<Runtime>::get((0, round)).is_some_and(|info| info.quorum_reached)
}

/// Bob revokes his published contribution `index` (0 or 1), if he still can.
fn revoke_bobs(index: u8) {
	if let Some(id) = pallet_contributions::ContentIndex::<Runtime>::get(content(1, index)) {
		dispatch(BOB, pallet_contributions::Call::<Runtime>::revoke { id });
	}
}

/// The running totals the properties compare against.
#[derive(Default)]
struct Ledger {
	/// Fees Ferdie paid.
	ferdie_paid: i128,
	/// Σ (fee − treasury part, rounded down) over Ferdie's fees.
	ferdie_fees_net: i128,
	/// Σ treasury part (rounded down) over the coalition's own fees.
	coalition_treasury: i128,
	/// Whether a round has reached its quorum (from then on Eve earns from every fee).
	quorum: bool,
}

fn step(action: &Action, ledger: &mut Ledger) {
	let bobs = [content(1, 0), content(1, 1)];
	match action {
		Action::Round { charlie, charlie_reveals, revoke_mid } =>
			if round(charlie, *charlie_reveals, *revoke_mid) {
				ledger.quorum = true;
			},
		Action::Inference { payer, fee, attribution } => {
			let payer = [FERDIE, DAVE, BOB, ALICE][usize::from(*payer)];
			let floor = pallet_attribution::Models::<Runtime>::get(0).map_or(0, |m| m.inference_fee);
			let fee = (u128::from(*fee) * OPEN).max(floor);
			let attributions = attribution.map(|(to, percent)| {
				let id = pallet_contributions::ContentIndex::<Runtime>::get(bobs[usize::from(to)])
					.unwrap_or(u64::MAX);
				BoundedVec::truncate_from(vec![(id, Perbill::from_percent(u32::from(percent)))])
			});
			let eve_before = worth(EVE);
			let paid = dispatch(
				payer,
				pallet_attribution::Call::<Runtime>::record_inference {
					model: 0,
					fee,
					request_hash: H256::repeat_byte(3),
					output_hash: H256::repeat_byte(4),
					attributions,
				},
			);
			if paid {
				let treasury = i128::try_from(TREASURY.mul_floor(fee)).unwrap();
				let fee = i128::try_from(fee).unwrap();
				if payer == FERDIE {
					ledger.ferdie_paid += fee;
					ledger.ferdie_fees_net += fee - treasury;
					if ledger.quorum {
						assert!(worth(EVE) > eve_before, "Eve earns from every fee after a quorum");
					}
				} else {
					ledger.coalition_treasury += treasury;
				}
			}
		},
		Action::Claim { who } => {
			let k = [ALICE, BOB, CHARLIE, DAVE, EVE, FERDIE][usize::from(*who)];
			dispatch(k, pallet_rewards::Call::<Runtime>::claim_all {});
		},
		Action::Bond { amount } => {
			let amount = u128::from(*amount) * OPEN;
			if charlie_active() + amount <= CHARLIE_MAX {
				dispatch(CHARLIE, pallet_attribution::Call::<Runtime>::bond { amount });
			}
		},
		Action::Unbond { amount } => {
			dispatch(
				CHARLIE,
				pallet_attribution::Call::<Runtime>::unbond { amount: u128::from(*amount) * OPEN },
			);
		},
		Action::Revoke { index } => revoke_bobs(*index),
		Action::CurationFee { percent } => {
			let Some(record) = pallet_datanets::Datanet::<Runtime>::get(0) else { return };
			let policy = DatanetPolicy {
				curation_fee: Perbill::from_percent(u32::from(*percent)),
				..record.policy
			};
			dispatch(ALICE, pallet_datanets::Call::<Runtime>::set_policy { datanet: 0, policy });
		},
		Action::SetFee { fee } => {
			dispatch(
				DAVE,
				pallet_attribution::Call::<Runtime>::set_inference_fee {
					model: 0,
					fee: u128::from(*fee) * OPEN,
				},
			);
		},
		Action::Contribute { eve, n } => {
			let (k, tag) = if *eve { (EVE, 3) } else { (BOB, 2) };
			contribute(k, content(tag, *n));
		},
		Action::Advance { blocks } => {
			System::set_block_number(System::block_number() + blocks);
		},
	}
}

proptest! {
	#![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

	#[test]
	fn no_coalition_takes_more_than_the_rules_give_it(
		actions in prop::collection::vec(action(), 1..24)
	) {
		ext_for("dev").execute_with(|| {
			setup();
			check_invariants();
			let (coalition_0, eve_0, ferdie_0, issuance_0) =
				(coalition_worth(), worth(EVE), worth(FERDIE), issuance());
			let mut eve_last = eve_0;
			let mut ledger = Ledger::default();
			for action in &actions {
				step(action, &mut ledger);
				check_invariants();
				assert_eq!(worth(FERDIE) + ledger.ferdie_paid, ferdie_0, "Ferdie pays only fees");
				let eve = worth(EVE);
				assert!(eve >= eve_last, "Eve's worth went down after {action:?}");
				eve_last = eve;
				let minted = issuance() - issuance_0;
				let gain = coalition_worth() - coalition_0;
				let bound = ledger.ferdie_fees_net + minted - ledger.coalition_treasury;
				assert!(
					gain <= bound,
					"the coalition gained {gain}, more than the rules allow ({bound}) after {action:?}"
				);
			}
		});
	}
}
