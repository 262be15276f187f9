//! Root rounds of models with a deterministic spec: declaring the spec, agreeing on a ledger
//! root by quorum, and the attacks on the judgement of roots (each fails).

use super::*;
use crate::{Error, ModelLedger, ModelSpecs, RootRounds, SlashReason};
use frame_support::{assert_noop, dispatch::GetDispatchInfo};
use openledger_core::attribution::spec::{AttributionMethod, AttributionSpec, InputFormat};
use openledger_primitives::{ContributionInspect, LedgerRoot};

/// The spec of the test models: 3-NN Shapley over 8 raw dimensions, 4 evaluation queries.
pub fn spec() -> AttributionSpec {
	AttributionSpec {
		method: AttributionMethod::KnnShapley { k: 3 },
		format: InputFormat::RawI8 { dims: 8 },
		evaluation_set: [0xee; 32],
		evaluation_queries: 4,
	}
}

pub fn try_register_with_spec(
	owner: AccountId,
	training: Vec<(DatanetId, VersionNumber)>,
	spec: AttributionSpec,
) -> DispatchResult {
	Attribution::register_model_with_spec(
		RuntimeOrigin::signed(owner),
		b"digits-knn".to_vec(),
		H256::repeat_byte(0xaa),
		b"ipfs://model".to_vec(),
		BoundedVec::truncate_from(training),
		FEE,
		spec,
		b"ipfs://evaluation".to_vec(),
		20,
	)
}

/// A permissive datanet with three accepted contributions and model 0 of `ALICE` with
/// [`spec`] trained on it; three attestors with equal bonds.
fn setup_spec_model() -> ModelId {
	let datanet = create_datanet(license(true, true));
	for n in 1..=3 {
		contribute(datanet, n);
	}
	let version = publish(datanet);
	let model = crate::NextModelId::<Test>::get();
	assert_ok!(try_register_with_spec(ALICE, vec![(datanet, version)], spec()));
	for who in [CHARLIE, DAVE, EVE] {
		bond(who, 1_000);
	}
	model
}

/// A root unique to `n`, owing `owed` in total.
fn root(n: u8, owed: u128) -> LedgerRoot {
	LedgerRoot { hash: [n; 32], leaves: 100, owed, score: 1_000 }
}

/// The root commitment, computed independently of the pallet and of `openledger-core`.
fn root_commitment(
	who: AccountId,
	model: ModelId,
	round: RoundId,
	root: &LedgerRoot,
	salt: [u8; 32],
) -> H256 {
	let mut preimage = b"openledger/attribution-root/v1\0\0".to_vec();
	preimage.extend_from_slice(&model.to_le_bytes());
	preimage.extend_from_slice(&round.to_le_bytes());
	preimage.extend_from_slice(&root.hash);
	preimage.extend_from_slice(&root.leaves.to_le_bytes());
	preimage.extend_from_slice(&root.owed.to_le_bytes());
	preimage.extend_from_slice(&root.score.to_le_bytes());
	preimage.extend_from_slice(&salt);
	preimage.extend_from_slice(&who.encode());
	H256(sp_io::hashing::blake2_256(&preimage))
}

fn try_reveal_root(
	who: AccountId,
	model: ModelId,
	round: RoundId,
	root: LedgerRoot,
	salt: [u8; 32],
) -> DispatchResult {
	Attribution::reveal_root(
		RuntimeOrigin::signed(who),
		model,
		round,
		root,
		alloc::format!("ipfs://leaves-{who}").into_bytes(),
		salt,
	)
}

/// Every attestor in `reveals` commits to its root (`None`: commits and stays silent), reveals,
/// and the round is finalized. Returns the round.
fn run_root_round(model: ModelId, bounty: Balance, reveals: &[(AccountId, Option<LedgerRoot>)]) -> RoundId {
	let round = open(model, bounty);
	for (index, (who, root)) in reveals.iter().enumerate() {
		let committed = root.unwrap_or(LedgerRoot::default());
		assert_ok!(Attribution::commit(
			RuntimeOrigin::signed(*who),
			model,
			round,
			root_commitment(*who, model, round, &committed, salt(index as u8)),
		));
	}
	go_to_reveal(model, round);
	for (index, (who, root)) in reveals.iter().enumerate() {
		if let Some(root) = root {
			assert_ok!(try_reveal_root(*who, model, round, *root, salt(index as u8)));
		}
	}
	go_to_finalize(model, round);
	finalize(model, round);
	round
}

fn slashes() -> Vec<(AccountId, SlashReason)> {
	events()
		.into_iter()
		.filter_map(|event| match event {
			Event::AttestorSlashed { who, reason, .. } => Some((who, reason)),
			_ => None,
		})
		.collect()
}

fn ledger_root(model: ModelId) -> Option<LedgerRoot> {
	ModelLedger::<Test>::get(model).map(|record| record.root)
}

#[test]
fn a_spec_is_stored_with_its_hash_and_opens_a_ledger() {
	ExtBuilder::default().build_and_execute(|| {
		let model = setup_spec_model();
		let stored = ModelSpecs::<Test>::get(model).expect("the spec is stored");
		assert_eq!(stored.spec, spec());
		assert_eq!(stored.hash, H256(spec().hash()));
		assert_eq!(stored.evaluation_uri.to_vec(), b"ipfs://evaluation".to_vec());
		assert!(sink_calls().contains(&SinkCall::LedgerOpened { model }));
		assert!(events().contains(&Event::AttributionSpecDeclared {
			model,
			spec_hash: H256(spec().hash())
		}));
	});
}

#[test]
fn a_malformed_spec_registers_nothing() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(license(true, true));
		contribute(datanet, 1);
		let version = publish(datanet);
		for bad in [
			AttributionSpec { method: AttributionMethod::KnnShapley { k: 0 }, ..spec() },
			AttributionSpec { format: InputFormat::HashedText { dims: 0 }, ..spec() },
			AttributionSpec { format: InputFormat::RawI8 { dims: 4097 }, ..spec() },
			AttributionSpec { evaluation_queries: 0, ..spec() },
		] {
			assert_noop!(
				try_register_with_spec(ALICE, vec![(datanet, version)], bad),
				Error::<Test>::SpecMalformed
			);
		}
		assert_eq!(crate::NextModelId::<Test>::get(), 0);
	});
}

#[test]
fn a_root_round_snapshots_the_inflow_and_takes_only_roots() {
	ExtBuilder::default().build_and_execute(|| {
		let model = setup_spec_model();
		set_ledger_inflow(500);
		let round = open(model, 0);
		assert_eq!(RootRounds::<Test>::get((model, round)), Some(500));
		// Fees arriving during the round do not change what it is computed for.
		set_ledger_inflow(900);
		assert_eq!(RootRounds::<Test>::get((model, round)), Some(500));
		let list = scores(&[(0, 10)]);
		commit(CHARLIE, model, round, &list, salt(0));
		go_to_reveal(model, round);
		assert_noop!(
			try_reveal(CHARLIE, model, round, &list, salt(0)),
			Error::<Test>::RevealRootInstead
		);
		go_to_finalize(model, round);
		finalize(model, round);
	});
}

#[test]
fn a_scored_round_takes_no_root() {
	ExtBuilder::default().build_and_execute(|| {
		let fixture = setup();
		bond(CHARLIE, 1_000);
		let round = open(fixture.model, 0);
		commit(CHARLIE, fixture.model, round, &scores(&[(0, 1)]), salt(0));
		go_to_reveal(fixture.model, round);
		assert_noop!(
			try_reveal_root(CHARLIE, fixture.model, round, root(1, 0), salt(0)),
			Error::<Test>::NotRootRound
		);
	});
}

#[test]
fn two_thirds_agreeing_set_the_root_share_the_bounty_and_the_dissenter_is_slashed() {
	ExtBuilder::default().build_and_execute(|| {
		let model = setup_spec_model();
		set_ledger_inflow(1_000);
		let good = root(1, 990);
		let before = (free(CHARLIE), free(DAVE), attestor(EVE).active);
		let round = run_root_round(
			model,
			BOUNTY,
			&[(CHARLIE, Some(good)), (DAVE, Some(good)), (EVE, Some(root(2, 990)))],
		);
		assert_eq!(ledger_root(model), Some(good));
		let record = ModelLedger::<Test>::get(model).unwrap();
		assert_eq!((record.round, record.inflow), (round, 1_000));
		assert!(sink_calls().contains(&SinkCall::LedgerRootAccepted { model, root: good }));
		assert_eq!(free(CHARLIE), before.0 + BOUNTY / 2);
		assert_eq!(free(DAVE), before.1 + BOUNTY / 2);
		assert_eq!(slashes(), vec![(EVE, SlashReason::OtherRoot)]);
		assert_eq!(attestor(EVE).active, before.2 - before.2 * SLASH_PERCENT as Balance / 100);
		assert_eq!(model_info(model).latest_finalized, Some(round));
		assert!(round_info(model, round).quorum_reached);
	});
}

#[test]
fn attack_one_attestor_cannot_set_a_root_alone() {
	ExtBuilder::default().build_and_execute(|| {
		let model = setup_spec_model();
		set_ledger_inflow(1_000);
		// Before: any revealed stake decided. Now a third of the active stake is not enough,
		// however unanimous the revealers.
		let held_before = held(ALICE, HoldReason::RoundBounty);
		run_root_round(model, BOUNTY, &[(CHARLIE, Some(root(6, 1_000)))]);
		assert_eq!(ledger_root(model), None);
		assert_eq!(held(ALICE, HoldReason::RoundBounty), held_before);
		assert!(slashes().is_empty());
	});
}

#[test]
fn without_a_quorum_the_previous_root_stays_and_only_the_silent_are_slashed() {
	ExtBuilder::default().build_and_execute(|| {
		let model = setup_spec_model();
		set_ledger_inflow(1_000);
		let good = root(1, 1_000);
		run_root_round(model, 0, &[(CHARLIE, Some(good)), (DAVE, Some(good)), (EVE, Some(good))]);
		assert_eq!(ledger_root(model), Some(good));
		System::reset_events();
		set_ledger_inflow(2_000);
		let bounty_before = free(ALICE);
		let round = run_root_round(
			model,
			BOUNTY,
			&[(CHARLIE, Some(root(3, 2_000))), (DAVE, None), (EVE, None)],
		);
		assert_eq!(ledger_root(model), Some(good));
		assert_eq!(free(ALICE), bounty_before, "the whole bounty went back");
		let mut slashed = slashes();
		slashed.sort_by_key(|(who, _)| *who);
		assert_eq!(
			slashed,
			vec![(DAVE, SlashReason::NotRevealed), (EVE, SlashReason::NotRevealed)]
		);
		assert!(!round_info(model, round).quorum_reached);
	});
}

#[test]
fn attack_a_root_owing_more_than_arrived_is_refuted_and_slashed() {
	ExtBuilder::default().build_and_execute(|| {
		let model = setup_spec_model();
		set_ledger_inflow(1_000);
		// All three collude on a root that owes more than the ledger received.
		let greedy = root(9, 1_001);
		run_root_round(
			model,
			BOUNTY,
			&[(CHARLIE, Some(greedy)), (DAVE, Some(greedy)), (EVE, Some(greedy))],
		);
		assert_eq!(ledger_root(model), None);
		assert_eq!(slashes().len(), 3);
		assert!(slashes().iter().all(|(_, reason)| *reason == SlashReason::InvalidRoot));
	});
}

#[test]
fn attack_a_root_owing_less_than_the_last_is_refuted() {
	ExtBuilder::default().build_and_execute(|| {
		let model = setup_spec_model();
		set_ledger_inflow(1_000);
		let good = root(1, 900);
		run_root_round(model, 0, &[(CHARLIE, Some(good)), (DAVE, Some(good)), (EVE, Some(good))]);
		System::reset_events();
		// Owed amounts are cumulative: a root that owes less would take back what was owed.
		let shrunk = root(2, 899);
		run_root_round(
			model,
			0,
			&[(CHARLIE, Some(shrunk)), (DAVE, Some(shrunk)), (EVE, Some(root(3, 900)))],
		);
		assert_eq!(ledger_root(model), Some(good));
		let reasons = slashes();
		assert!(reasons.contains(&(CHARLIE, SlashReason::InvalidRoot)));
		assert!(reasons.contains(&(DAVE, SlashReason::InvalidRoot)));
		// EVE's valid root is the only valid reveal, but a third of the active stake is no
		// quorum.
		assert!(!reasons.iter().any(|(who, _)| *who == EVE));
	});
}

#[test]
fn an_even_split_agrees_on_nothing() {
	ExtBuilder::default().build_and_execute(|| {
		let model = setup_spec_model();
		bond(FERDIE, 1_000);
		set_ledger_inflow(1_000);
		run_root_round(
			model,
			BOUNTY,
			&[
				(CHARLIE, Some(root(1, 10))),
				(DAVE, Some(root(1, 10))),
				(EVE, Some(root(2, 10))),
				(FERDIE, Some(root(2, 10))),
			],
		);
		assert_eq!(ledger_root(model), None);
		assert!(slashes().is_empty(), "nobody is judged without a quorum");
	});
}

#[test]
fn attack_a_commitment_cannot_be_replayed_in_another_round() {
	ExtBuilder::default().build_and_execute(|| {
		let model = setup_spec_model();
		let good = root(1, 0);
		let first = run_root_round(
			model,
			0,
			&[(CHARLIE, Some(good)), (DAVE, Some(good)), (EVE, Some(good))],
		);
		let round = open(model, 0);
		// DAVE posts CHARLIE's old commitment (and so cannot reveal anything against it); CHARLIE
		// replays its own commitment of the previous round.
		let old = root_commitment(CHARLIE, model, first, &good, salt(0));
		assert_ok!(Attribution::commit(RuntimeOrigin::signed(CHARLIE), model, round, old));
		go_to_reveal(model, round);
		assert_noop!(
			try_reveal_root(CHARLIE, model, round, good, salt(0)),
			Error::<Test>::CommitmentMismatch
		);
	});
}

#[test]
fn finalize_weighs_the_same_for_a_hundred_or_a_million_leaves() {
	ExtBuilder::default().build_and_execute(|| {
		let model = setup_spec_model();
		let mut weights = Vec::new();
		for leaves in [100u64, 10_000, 1_000_000] {
			let big = LedgerRoot { leaves, ..root(leaves as u8, 0) };
			let round = open(model, 0);
			for (index, who) in [CHARLIE, DAVE, EVE].into_iter().enumerate() {
				assert_ok!(Attribution::commit(
					RuntimeOrigin::signed(who),
					model,
					round,
					root_commitment(who, model, round, &big, salt(index as u8)),
				));
			}
			go_to_reveal(model, round);
			for (index, who) in [CHARLIE, DAVE, EVE].into_iter().enumerate() {
				assert_ok!(try_reveal_root(who, model, round, big, salt(index as u8)));
			}
			go_to_finalize(model, round);
			let call = crate::Call::<Test>::finalize { model, round };
			let post = Attribution::finalize(RuntimeOrigin::signed(HARRY), model, round).unwrap();
			weights.push((call.get_dispatch_info().call_weight, post.actual_weight.unwrap()));
			assert_eq!(ledger_root(model), Some(big));
		}
		assert!(weights.windows(2).all(|pair| pair[0] == pair[1]), "{weights:?}");
	});
}

#[test]
fn training_items_page_through_the_live_contributions_of_the_training_versions() {
	ExtBuilder::default().build_and_execute(|| {
		let first = create_datanet(license(true, true));
		let second = create_datanet(license(true, true));
		let mut expected: Vec<ContributionId> = (1..=5).map(|n| contribute(first, n)).collect();
		let revoked = expected.remove(2);
		expected.extend((6..=8).map(|n| contribute(second, n)));
		let (v1, v2) = (publish(first), publish(second));
		// Accepted after the versions were published: not in the training data.
		contribute(first, 9);
		contribute(second, 10);
		assert_ok!(Contributions::revoke(RuntimeOrigin::signed(BOB), revoked));
		let model = crate::NextModelId::<Test>::get();
		assert_ok!(try_register_with_spec(ALICE, vec![(first, v1), (second, v2)], spec()));

		for max in [1u32, 2, 3, 100] {
			let mut seen = Vec::new();
			let mut start_after = None;
			loop {
				let page = Attribution::api_training_items(model, start_after, max);
				assert!(page.items.len() <= max as usize);
				for item in &page.items {
					assert_eq!(item.contributor, BOB);
					assert_eq!(item.curator, Some(ALICE));
					assert_eq!(item.curation_fee, Perbill::from_percent(5));
					let summary =
						<Contributions as ContributionInspect<_, _>>::contribution(item.id).unwrap();
					assert_eq!(item.content_hash, summary.content_hash);
				}
				seen.extend(page.items.iter().map(|item| item.id));
				match page.next {
					Some(next) => start_after = Some(next),
					None => break,
				}
			}
			seen.sort();
			assert_eq!(seen, expected, "pages of {max}");
		}
		assert!(Attribution::api_training_items(99, None, 10).items.is_empty());
	});
}
