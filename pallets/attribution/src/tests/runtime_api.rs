//! The `api_*` functions behind the `AttributionApi` runtime API, including paging.

use super::*;
use crate::{AttestorSetView, AttestorView, ModelView, RoundPhase, RoundView};
use core::fmt::Debug;
use std::collections::BTreeSet;

/// Every key reachable by following pages of `max` from the start, checking that pages never
/// repeat a key and that only the last page is short.
fn all_pages<K: Copy + Ord + Debug, V>(
	max: u32,
	page: impl Fn(Option<K>, u32) -> Vec<(K, V)>,
) -> Vec<K> {
	let mut keys = Vec::new();
	let mut start_after = None;
	loop {
		let items = page(start_after, max);
		let full = max.min(MAX_PAGE) as usize;
		assert!(items.len() <= full);
		keys.extend(items.iter().map(|(key, _)| *key));
		if items.len() < full {
			break;
		}
		start_after = items.last().map(|(key, _)| *key);
	}
	let distinct: BTreeSet<_> = keys.iter().collect();
	assert_eq!(distinct.len(), keys.len(), "a page repeated a key");
	keys.sort();
	keys
}

#[test]
fn model_view_describes_the_model() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(Attribution::api_model(0), None);
		let fixture = setup();
		assert_ok!(Attribution::add_operator(RuntimeOrigin::signed(ALICE), fixture.model, DAVE));
		assert_eq!(
			Attribution::api_model(fixture.model),
			Some(ModelView {
				owner: ALICE,
				name: b"medqa-7b".to_vec(),
				artifact_hash: H256::repeat_byte(0xaa),
				metadata_uri: b"ipfs://model".to_vec(),
				training_data: vec![(fixture.datanet, fixture.version)],
				inference_fee: FEE,
				operators: vec![DAVE],
				retired: false,
				deposit: MODEL_DEPOSIT,
				registered_at: 1,
				next_round: 0,
				open_round: None,
				latest_finalized: None,
				inferences: 0,
				attribution_entries: 0,
			})
		);
	});
}

#[test]
fn models_by_owner_pages() {
	ExtBuilder::default().build_and_execute(|| {
		let fixture = setup();
		for _ in 0..4 {
			register(ALICE, vec![(fixture.datanet, fixture.version)], 0);
		}
		register(BOB, vec![(fixture.datanet, fixture.version)], 0);

		let page = |start_after, max| Attribution::api_models_by_owner(ALICE, start_after, max);
		assert_eq!(all_pages(10, page), vec![0, 1, 2, 3, 4]);
		assert_eq!(all_pages(2, page), vec![0, 1, 2, 3, 4]);
		assert_eq!(
			all_pages(1, |start_after, max| {
				Attribution::api_models_by_owner(BOB, start_after, max)
			}),
			vec![5]
		);
		assert!(Attribution::api_models_by_owner(CHARLIE, None, 10).is_empty());
		assert!(Attribution::api_models_by_owner(ALICE, None, 0).is_empty());
		let (id, view) = Attribution::api_models_by_owner(BOB, None, 10).remove(0);
		assert_eq!((id, view.owner), (5, BOB));
	});
}

#[test]
fn attestor_view_shows_what_can_be_withdrawn() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(Attribution::api_attestor(CHARLIE), None);
		bond(CHARLIE, 2 * MIN_BOND);
		assert_ok!(Attribution::unbond(RuntimeOrigin::signed(CHARLIE), 30));
		System::set_block_number(4);
		assert_ok!(Attribution::unbond(RuntimeOrigin::signed(CHARLIE), 20));
		System::set_block_number(1 + UNBONDING_PERIOD);
		assert_eq!(
			Attribution::api_attestor(CHARLIE),
			Some(AttestorView {
				active: 2 * MIN_BOND - 50,
				unlocking: vec![(30, 1 + UNBONDING_PERIOD), (20, 4 + UNBONDING_PERIOD)],
				withdrawable: 30,
				outstanding_commitments: 0,
				member: true,
			})
		);
	});
}

#[test]
fn round_view_follows_the_phases() {
	ExtBuilder::default().build_and_execute(|| {
		let fixture = setup();
		let model = fixture.model;
		assert_eq!(Attribution::api_round(model, 0), None);
		bond(CHARLIE, MIN_BOND);
		bond(DAVE, MIN_BOND);
		let round = open(model, BOUNTY);
		let list = scores(&[(0, 3)]);
		commit(CHARLIE, model, round, &list, salt(1));
		commit(DAVE, model, round, &list, salt(2));
		let view = |phase, committers, revealed, consensus_entries, finalized| RoundView {
			opener: ALICE,
			bounty: BOUNTY,
			phase,
			opened_at: 1,
			reveal_from: 1 + COMMIT_PHASE,
			finalize_from: 1 + COMMIT_PHASE + REVEAL_PHASE,
			slash_fraction: Perbill::from_percent(SLASH_PERCENT),
			trust_threshold: Perbill::from_percent(THRESHOLD_PERCENT),
			committers,
			revealed,
			consensus_entries,
			stake_to_beat: None,
			// CHARLIE's 100 of the 200 active stake: a quorum.
			revealed_stake: if finalized { MIN_BOND } else { 0 },
			active_stake: if finalized { 2 * MIN_BOND } else { 0 },
			quorum_reached: finalized,
		};
		assert_eq!(
			Attribution::api_round(model, round),
			Some(view(RoundPhase::Commit, 2, 0, 0, false))
		);
		go_to_reveal(model, round);
		reveal(CHARLIE, model, round, &list, salt(1));
		assert_eq!(
			Attribution::api_round(model, round),
			Some(view(RoundPhase::Reveal, 2, 1, 0, false))
		);
		go_to_finalize(model, round);
		assert_eq!(
			Attribution::api_round(model, round),
			Some(view(RoundPhase::Finalizable, 2, 1, 0, false))
		);
		finalize(model, round);
		assert_eq!(
			Attribution::api_round(model, round),
			Some(view(RoundPhase::Finalized, 0, 1, 1, true))
		);
	});
}

#[test]
fn attributions_page_by_model_and_by_contribution() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(license(true, true));
		let contributions: Vec<ContributionId> = (1..=5).map(|n| contribute(datanet, n)).collect();
		let version = publish(datanet);
		let models: Vec<ModelId> =
			(0..4).map(|_| register(ALICE, vec![(datanet, version)], 0)).collect();
		bond(CHARLIE, MIN_BOND);
		let all: Vec<(ContributionId, Score)> =
			contributions.iter().map(|id| (*id, *id as Score + 1)).collect();
		// Model 0 is attributed to all five contributions, the others to the first only.
		run_round(models[0], &[(CHARLIE, scores(&all))]);
		for model in &models[1..] {
			run_round(*model, &[(CHARLIE, scores(&[(contributions[0], 9)]))]);
		}

		for max in [1, 2, 3, 10] {
			assert_eq!(
				all_pages(max, |start_after, max| {
					Attribution::api_model_attribution(models[0], start_after, max)
				}),
				contributions
			);
			assert_eq!(
				all_pages(max, |start_after, max| {
					Attribution::api_contribution_attribution(contributions[0], start_after, max)
				}),
				models
			);
		}
		assert_eq!(
			Attribution::api_model_attribution(models[0], None, 10).len(),
			MAX_PAGE as usize
		);
		assert_eq!(
			Attribution::api_contribution_attribution(contributions[1], None, 10),
			vec![(models[0], 2)]
		);
		assert!(Attribution::api_model_attribution(99, None, 10).is_empty());
	});
}

#[test]
fn round_parameters_are_readable() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(
			Attribution::api_round_parameters(),
			crate::RoundParameters {
				commit_phase: COMMIT_PHASE,
				reveal_phase: REVEAL_PHASE,
				slash_fraction: Perbill::from_percent(SLASH_PERCENT),
				trust_threshold: Perbill::from_percent(THRESHOLD_PERCENT),
			}
		);
	});
}

#[test]
fn attestor_set_view_lists_the_members() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(
			Attribution::api_attestor_set(),
			AttestorSetView {
				members: vec![],
				total_active: 0,
				capacity: MAX_ATTESTORS,
				bond_to_beat: None
			}
		);
		bond(CHARLIE, 2 * MIN_BOND);
		bond(DAVE, MIN_BOND);
		assert_eq!(
			Attribution::api_attestor_set(),
			AttestorSetView {
				members: vec![(CHARLIE, 2 * MIN_BOND), (DAVE, MIN_BOND)],
				total_active: 3 * MIN_BOND,
				capacity: MAX_ATTESTORS,
				bond_to_beat: None
			}
		);
		for who in [EVE, FERDIE, GEORGE] {
			bond(who, MIN_BOND + 5);
		}
		assert_eq!(Attribution::api_attestor_set().bond_to_beat, Some(MIN_BOND));
	});
}
