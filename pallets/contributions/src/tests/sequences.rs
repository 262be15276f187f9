//! Property test: random sequences of `submit`, `review`, `withdraw` and `revoke` by random
//! accounts, on three datanets (curated; auto-accepting; curated with an allowlist and a licence
//! that forbids derived works), with content hashes drawn from a small pool so that duplicates
//! happen, random parents and random block numbers.
//!
//! A shadow model kept here predicts every call's outcome: its exact error, or the events it
//! emits. After every step the chain must agree with the model (every record and its status,
//! the content index, held deposits and free balances, reputation, the datanets' trees, the
//! runtime API pages) and with the pallet's invariants (`do_try_state`); a call that fails must
//! leave the storage root unchanged.

use super::*;
use crate::{ContentIndex, Contribution, ContributionInfo, Error, Reputation};
use openledger_primitives::{ContributionStatus, LeafIndex, ReputationCounts, ReviewMode};
use proptest::{prelude::*, sample::Index};
use sp_runtime::{DispatchError, Perbill, StateVersion, TokenError};
use std::collections::{BTreeMap, BTreeSet};

/// Most steps in one sequence.
const STEPS: usize = 40;
/// Content hashes are `content(0..POOL)` (or, rarely, the empty hash).
const POOL: u64 = 6;
/// The largest contribution the test policies admit (`policy().max_contribution_size`).
const MAX_SIZE: u64 = 1_024;
/// The mock's existential deposit (`PAUPER` holds exactly this much).
const EXISTENTIAL_DEPOSIT: Balance = 1;
/// Every account that acts: the owner, contributors (`CHARLIE` also curates the curated
/// datanet, `DAVE` the auto-accepting one), a stranger and an account that cannot pay.
const ACCOUNTS: [AccountId; 6] = [ALICE, BOB, CHARLIE, DAVE, EVE, PAUPER];
const KINDS: [ContributionKind; 6] = [
	ContributionKind::Data,
	ContributionKind::Label,
	ContributionKind::Correction,
	ContributionKind::Evaluation,
	ContributionKind::Feedback,
	ContributionKind::Synthetic,
];

// ---- the operations ----

/// Which contributions a target is drawn from (falling back to `Raw` when there are none).
#[derive(Clone, Copy, Debug)]
enum Pick {
	/// A pending contribution.
	Pending,
	/// An accepted, not revoked contribution.
	Live,
	/// A reviewed (accepted, rejected or revoked) contribution.
	Reviewed,
	/// Any existing contribution.
	Any,
	/// Any id up to `NextContributionId`, inclusive: also withdrawn and unknown ids.
	Raw,
}

#[derive(Clone, Debug)]
struct Target {
	pick: Pick,
	index: Index,
}

/// Who signs a withdrawal or a revocation.
#[derive(Clone, Debug)]
enum Signer {
	/// The target's contributor (an arbitrary account if the target does not exist).
	Contributor,
	Other(AccountId),
}

#[derive(Clone, Debug)]
enum Op {
	Submit {
		who: AccountId,
		/// Index into the model's datanets; one past them is a datanet that does not exist.
		datanet: usize,
		/// `content(n)`, or the empty hash for `None`.
		content: Option<u64>,
		size: u64,
		kind: ContributionKind,
		uri_len: usize,
		parents: Vec<Target>,
	},
	Review {
		who: AccountId,
		target: Target,
		verdict: Verdict,
	},
	Withdraw {
		who: Signer,
		target: Target,
	},
	Revoke {
		who: Signer,
		target: Target,
	},
}

fn target(preferred: Pick) -> impl Strategy<Value = Target> {
	let pick = prop_oneof![6 => Just(preferred), 2 => Just(Pick::Any), 1 => Just(Pick::Raw)];
	(pick, any::<Index>()).prop_map(|(pick, index)| Target { pick, index })
}

fn signer() -> impl Strategy<Value = Signer> {
	prop_oneof![
		4 => Just(Signer::Contributor),
		1 => prop::sample::select(ACCOUNTS.to_vec()).prop_map(Signer::Other),
	]
}

fn submitter() -> impl Strategy<Value = AccountId> {
	prop_oneof![
		1 => Just(ALICE),
		3 => Just(BOB),
		3 => Just(CHARLIE),
		3 => Just(DAVE),
		1 => Just(EVE),
		1 => Just(PAUPER),
	]
}

fn reviewer() -> impl Strategy<Value = AccountId> {
	prop_oneof![
		3 => Just(ALICE),
		3 => Just(CHARLIE),
		1 => Just(DAVE),
		1 => Just(BOB),
		1 => Just(EVE),
	]
}

fn parents() -> impl Strategy<Value = Vec<Target>> {
	let max = MAX_PARENTS as usize;
	prop_oneof![
		6 => prop::collection::vec(target(Pick::Reviewed), 0..=0),
		4 => prop::collection::vec(target(Pick::Reviewed), 1..=2),
		1 => prop::collection::vec(target(Pick::Reviewed), 3..=max + 1),
	]
}

fn submit_op() -> impl Strategy<Value = Op> {
	let max_uri = MAX_URI as usize;
	(
		submitter(),
		prop_oneof![4 => Just(0usize), 3 => Just(1usize), 2 => Just(2usize), 1 => Just(3usize)],
		prop_oneof![12 => (0..POOL).prop_map(Some), 1 => Just(None::<u64>)],
		prop_oneof![8 => 0..=MAX_SIZE, 1 => MAX_SIZE + 1..=2 * MAX_SIZE],
		prop::sample::select(KINDS.to_vec()),
		prop_oneof![10 => 0..=max_uri, 1 => max_uri + 1..=max_uri + 8],
		parents(),
	)
		.prop_map(|(who, datanet, content, size, kind, uri_len, parents)| Op::Submit {
			who,
			datanet,
			content,
			size,
			kind,
			uri_len,
			parents,
		})
}

fn op() -> impl Strategy<Value = Op> {
	let verdict = prop_oneof![3 => Just(Verdict::Accept), 2 => Just(Verdict::Reject)];
	prop_oneof![
		5 => submit_op(),
		4 => (reviewer(), target(Pick::Pending), verdict)
			.prop_map(|(who, target, verdict)| Op::Review { who, target, verdict }),
		2 => (signer(), target(Pick::Pending))
			.prop_map(|(who, target)| Op::Withdraw { who, target }),
		2 => (signer(), target(Pick::Live)).prop_map(|(who, target)| Op::Revoke { who, target }),
	]
}

/// Blocks to advance before the operation, and the operation.
fn step() -> impl Strategy<Value = (u64, Op)> {
	(0..3u64, op())
}

// ---- the model ----

/// A datanet as the model sees it.
struct Net {
	id: DatanetId,
	review: ReviewMode,
	/// The allowlist, for a datanet with allowlist admission.
	allowlist: Option<Vec<AccountId>>,
	/// Who may review: the owner and the appointed curators.
	curators: Vec<AccountId>,
	derivatives_allowed: bool,
	/// The leaf index the next accepted contribution gets.
	next_leaf: LeafIndex,
	/// Accepted, not revoked contributions.
	live: u32,
}

/// A contribution as the model expects it.
struct Expected {
	datanet: DatanetId,
	contributor: AccountId,
	content_hash: ContentHash,
	size_bytes: u64,
	kind: ContributionKind,
	uri_len: usize,
	parents: Vec<ContributionId>,
	status: ContributionStatus<u64>,
	submitted_at: u64,
	review_deposit: Balance,
	storage_deposit: Balance,
}

impl Expected {
	/// What the runtime API should return for it.
	fn info(&self, id: ContributionId) -> ContributionInfo<AccountId, Balance> {
		let pending_deposit = if self.status.is_pending() { self.review_deposit } else { 0 };
		ContributionInfo {
			id,
			datanet: self.datanet,
			contributor: self.contributor,
			content_hash: self.content_hash,
			size_bytes: self.size_bytes,
			kind: self.kind,
			metadata_uri: uri(self.uri_len),
			parents: self.parents.clone(),
			status: self.status.map_block(|block| u32::try_from(block).unwrap()),
			submitted_at: u32::try_from(self.submitted_at).unwrap(),
			review_deposit: self.review_deposit,
			rejection_slash: Perbill::from_percent(SLASH_PERCENT),
			storage_deposit: self.storage_deposit,
			held: self.storage_deposit + pending_deposit,
			sponsored: false,
		}
	}
}

/// What a call returns: the events it emits, or its error.
type Outcome = Result<Vec<Event<Test>>, DispatchError>;

struct Model {
	nets: Vec<Net>,
	/// An id no datanet has.
	unknown_datanet: DatanetId,
	next_id: ContributionId,
	/// Every contribution not withdrawn.
	records: BTreeMap<ContributionId, Expected>,
	reputation: BTreeMap<(DatanetId, AccountId), ReputationCounts>,
	/// Contribution deposits on hold, per account.
	review_held: BTreeMap<AccountId, Balance>,
	/// Storage deposits on hold, per account.
	storage_held: BTreeMap<AccountId, Balance>,
	/// Rejection slashes paid to the treasury, per contributor.
	slashed: BTreeMap<AccountId, Balance>,
	/// Free balances before the first step.
	baseline_free: BTreeMap<AccountId, Balance>,
	treasury_baseline: Balance,
}

fn amount(map: &BTreeMap<AccountId, Balance>, who: AccountId) -> Balance {
	map.get(&who).copied().unwrap_or_default()
}

impl Model {
	fn net(&self, id: DatanetId) -> Option<&Net> {
		self.nets.iter().find(|net| net.id == id)
	}

	/// The datanet an `Op::Submit` names.
	fn datanet(&self, index: usize) -> DatanetId {
		self.nets.get(index).map_or(self.unknown_datanet, |net| net.id)
	}

	/// The id a target names.
	fn resolve(&self, target: &Target) -> ContributionId {
		let candidates: Vec<ContributionId> = self
			.records
			.iter()
			.filter(|(_, record)| match target.pick {
				Pick::Pending => record.status.is_pending(),
				Pick::Live => record.status.is_live(),
				Pick::Reviewed => !record.status.is_pending(),
				Pick::Any => true,
				Pick::Raw => false,
			})
			.map(|(id, _)| *id)
			.collect();
		if candidates.is_empty() {
			let ids = usize::try_from(self.next_id).unwrap() + 1;
			target.index.index(ids) as ContributionId
		} else {
			candidates[target.index.index(candidates.len())]
		}
	}

	/// The account signing for `signer` on contribution `id`.
	fn signer(&self, signer: &Signer, id: ContributionId) -> AccountId {
		match signer {
			Signer::Contributor => self.records.get(&id).map_or(BOB, |record| record.contributor),
			Signer::Other(who) => *who,
		}
	}

	fn free(&self, who: AccountId) -> Balance {
		amount(&self.baseline_free, who) -
			amount(&self.review_held, who) -
			amount(&self.storage_held, who) -
			amount(&self.slashed, who)
	}

	#[allow(clippy::too_many_arguments)]
	fn submit(
		&mut self,
		who: AccountId,
		datanet: DatanetId,
		content_hash: ContentHash,
		size_bytes: u64,
		kind: ContributionKind,
		uri_len: usize,
		parents: &[ContributionId],
		now: u64,
	) -> Outcome {
		if content_hash == H256::zero() {
			return Err(Error::<Test>::EmptyContentHash.into());
		}
		if size_bytes == 0 {
			return Err(Error::<Test>::EmptyContent.into());
		}
		if uri_len > MAX_URI as usize {
			return Err(Error::<Test>::MetadataUriTooLong.into());
		}
		if parents.len() > MAX_PARENTS as usize {
			return Err(Error::<Test>::TooManyParents.into());
		}
		if parents.iter().collect::<BTreeSet<_>>().len() != parents.len() {
			return Err(Error::<Test>::DuplicateParent.into());
		}
		// A rejected contribution no longer owns its hash.
		if self.records.values().any(|record| {
			record.content_hash == content_hash &&
				!matches!(record.status, ContributionStatus::Rejected { .. })
		}) {
			return Err(Error::<Test>::DuplicateContent.into());
		}
		let net = self.net(datanet).ok_or(pallet_datanets::Error::<Test>::UnknownDatanet)?;
		if let Some(allowlist) = &net.allowlist {
			if !allowlist.contains(&who) && !net.curators.contains(&who) {
				return Err(pallet_datanets::Error::<Test>::NotOnAllowlist.into());
			}
		}
		if size_bytes > MAX_SIZE {
			return Err(pallet_datanets::Error::<Test>::ContributionTooLarge.into());
		}
		let auto_accept = net.review == ReviewMode::AutoAccept;
		for parent in parents {
			let record = self.records.get(parent).ok_or(Error::<Test>::UnknownParent)?;
			if record.status.is_pending() {
				return Err(Error::<Test>::ParentNotReviewed.into());
			}
			if matches!(record.status, ContributionStatus::Revoked { .. }) {
				return Err(Error::<Test>::ParentRevoked.into());
			}
			if !self.net(record.datanet).is_none_or(|net| net.derivatives_allowed) {
				return Err(Error::<Test>::DerivativesNotAllowed.into());
			}
		}
		let review_deposit = if auto_accept { 0 } else { CONTRIBUTION_DEPOSIT };
		let storage = storage_deposit(uri_len as u64, parents.len() as u64);
		// The storage deposit is held first, then the contribution deposit.
		let spendable = self.free(who).saturating_sub(EXISTENTIAL_DEPOSIT);
		if storage > spendable || review_deposit > spendable - storage {
			return Err(TokenError::FundsUnavailable.into());
		}

		let id = self.next_id;
		self.next_id += 1;
		*self.storage_held.entry(who).or_default() += storage;
		*self.review_held.entry(who).or_default() += review_deposit;
		self.records.insert(id, Expected {
			datanet,
			contributor: who,
			content_hash,
			size_bytes,
			kind,
			uri_len,
			parents: parents.to_vec(),
			status: ContributionStatus::Pending,
			submitted_at: now,
			review_deposit,
			storage_deposit: storage,
		});
		let mut events = vec![Event::ContributionSubmitted {
			id,
			datanet,
			contributor: who,
			content_hash,
			kind,
		}];
		if auto_accept {
			events.push(self.accept(id, None, now));
		}
		Ok(events)
	}

	fn review(
		&mut self,
		who: AccountId,
		id: ContributionId,
		verdict: Verdict,
		now: u64,
	) -> Outcome {
		let record = self.records.get(&id).ok_or(Error::<Test>::UnknownContribution)?;
		if !self.net(record.datanet).is_some_and(|net| net.curators.contains(&who)) {
			return Err(Error::<Test>::NotCurator.into());
		}
		if !record.status.is_pending() {
			return Err(Error::<Test>::NotPending.into());
		}
		Ok(vec![match verdict {
			Verdict::Accept => self.accept(id, Some(who), now),
			Verdict::Reject => self.reject(id, who, now),
		}])
	}

	/// Accepts pending contribution `id`.
	fn accept(&mut self, id: ContributionId, curator: Option<AccountId>, now: u64) -> Event<Test> {
		let record = self.records.get_mut(&id).expect("the contribution exists");
		let net = self
			.nets
			.iter_mut()
			.find(|net| net.id == record.datanet)
			.expect("accepted contributions belong to a datanet");
		let leaf_index = net.next_leaf;
		net.next_leaf += 1;
		net.live += 1;
		record.status = ContributionStatus::Accepted { leaf_index, accepted_at: now };
		*self.review_held.entry(record.contributor).or_default() -= record.review_deposit;
		self.reputation.entry((record.datanet, record.contributor)).or_default().accepted += 1;
		Event::ContributionAccepted {
			id,
			datanet: record.datanet,
			curator,
			leaf_index,
			refunded: record.review_deposit,
		}
	}

	/// Rejects pending contribution `id`: the slash, rounded down, goes to the treasury.
	fn reject(&mut self, id: ContributionId, curator: AccountId, now: u64) -> Event<Test> {
		let record = self.records.get_mut(&id).expect("the contribution exists");
		let slashed = record.review_deposit * u64::from(SLASH_PERCENT) / 100;
		record.status = ContributionStatus::Rejected { rejected_at: now };
		*self.review_held.entry(record.contributor).or_default() -= record.review_deposit;
		*self.slashed.entry(record.contributor).or_default() += slashed;
		self.reputation.entry((record.datanet, record.contributor)).or_default().rejected += 1;
		Event::ContributionRejected {
			id,
			datanet: record.datanet,
			curator,
			slashed,
			refunded: record.review_deposit - slashed,
		}
	}

	fn withdraw(&mut self, who: AccountId, id: ContributionId) -> Outcome {
		let record = self.records.get(&id).ok_or(Error::<Test>::UnknownContribution)?;
		if record.contributor != who {
			return Err(Error::<Test>::NotContributor.into());
		}
		if !record.status.is_pending() {
			return Err(Error::<Test>::NotPending.into());
		}
		let record = self.records.remove(&id).expect("checked above");
		*self.review_held.entry(who).or_default() -= record.review_deposit;
		*self.storage_held.entry(who).or_default() -= record.storage_deposit;
		Ok(vec![Event::ContributionWithdrawn {
			id,
			datanet: record.datanet,
			contributor: who,
			refunded: record.review_deposit + record.storage_deposit,
		}])
	}

	fn revoke(&mut self, who: AccountId, id: ContributionId, now: u64) -> Outcome {
		let record = self.records.get_mut(&id).ok_or(Error::<Test>::UnknownContribution)?;
		if record.contributor != who {
			return Err(Error::<Test>::NotContributor.into());
		}
		let ContributionStatus::Accepted { leaf_index, accepted_at } = record.status else {
			return Err(Error::<Test>::NotAccepted.into());
		};
		record.status = ContributionStatus::Revoked { leaf_index, accepted_at, revoked_at: now };
		let net = self
			.nets
			.iter_mut()
			.find(|net| net.id == record.datanet)
			.expect("accepted contributions belong to a datanet");
		net.live -= 1;
		self.reputation.entry((record.datanet, who)).or_default().revoked += 1;
		Ok(vec![Event::ContributionRevoked {
			id,
			datanet: record.datanet,
			contributor: who,
			leaf_index,
		}])
	}
}

/// A metadata URI of `len` bytes.
fn uri(len: usize) -> Vec<u8> {
	vec![b'u'; len]
}

// ---- running and checking ----

/// Creates the three datanets and returns the model of the resulting state.
fn setup() -> Model {
	assert_eq!(policy().max_contribution_size, MAX_SIZE);
	assert_eq!(free(PAUPER), EXISTENTIAL_DEPOSIT);
	let curated = create_datanet_with(ALICE, policy(), license(true));
	let auto = create_datanet_with(ALICE, auto_accept_policy(), license(true));
	let allowlisted = create_datanet_with(ALICE, allowlist_policy(), license(false));
	assert_ok!(Datanets::add_curator(RuntimeOrigin::signed(ALICE), curated, CHARLIE));
	assert_ok!(Datanets::add_curator(RuntimeOrigin::signed(ALICE), auto, DAVE));
	assert_ok!(Datanets::add_to_allowlist(RuntimeOrigin::signed(ALICE), allowlisted, BOB));

	let net = |id, review, allowlist, curators, derivatives_allowed| Net {
		id,
		review,
		allowlist,
		curators,
		derivatives_allowed,
		next_leaf: 0,
		live: 0,
	};
	Model {
		nets: vec![
			net(curated, ReviewMode::Curated, None, vec![ALICE, CHARLIE], true),
			net(auto, ReviewMode::AutoAccept, None, vec![ALICE, DAVE], true),
			net(allowlisted, ReviewMode::Curated, Some(vec![BOB]), vec![ALICE], false),
		],
		unknown_datanet: pallet_datanets::NextDatanetId::<Test>::get(),
		next_id: NextContributionId::<Test>::get(),
		records: BTreeMap::new(),
		reputation: BTreeMap::new(),
		review_held: BTreeMap::new(),
		storage_held: BTreeMap::new(),
		slashed: BTreeMap::new(),
		baseline_free: ACCOUNTS.iter().map(|who| (*who, free(*who))).collect(),
		treasury_baseline: free(TREASURY),
	}
}

#[cfg(feature = "try-runtime")]
fn datanets_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
	Datanets::do_try_state()
}

#[cfg(not(feature = "try-runtime"))]
fn datanets_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
	Ok(())
}

/// Every id on the pages `page` returns, following them from the start, sorted. Checks that
/// pages never exceed `MaxPageSize` nor repeat an id.
fn all_pages(
	limit: u32,
	page: impl Fn(Option<ContributionId>, u32) -> Vec<ContributionInfo<AccountId, Balance>>,
) -> Result<Vec<ContributionId>, TestCaseError> {
	let full = limit.min(MAX_PAGE) as usize;
	let mut ids = Vec::new();
	let mut start_after = None;
	for _ in 0..=STEPS {
		let items = page(start_after, limit);
		prop_assert!(items.len() <= full, "a page exceeds min(limit, MaxPageSize)");
		ids.extend(items.iter().map(|info| info.id));
		if items.len() < full {
			ids.sort_unstable();
			let distinct = ids.iter().collect::<BTreeSet<_>>().len();
			prop_assert_eq!(distinct, ids.len(), "a page repeated an id");
			return Ok(ids);
		}
		start_after = items.last().map(|info| info.id);
	}
	Err(TestCaseError::fail("paging did not end"))
}

/// Compares the chain with the model, and checks both pallets' invariants.
fn check(model: &Model) -> Result<(), TestCaseError> {
	if let Err(error) = Contributions::do_try_state() {
		return Err(TestCaseError::fail(format!("a contributions invariant broke: {error:?}")));
	}
	if let Err(error) = datanets_try_state() {
		return Err(TestCaseError::fail(format!("a datanets invariant broke: {error:?}")));
	}

	// Every record, through storage and through the runtime API.
	prop_assert_eq!(NextContributionId::<Test>::get(), model.next_id);
	for id in 0..model.next_id + 2 {
		let stored = Contribution::<Test>::get(id);
		match model.records.get(&id) {
			None => {
				prop_assert!(stored.is_none(), "contribution {} should not exist", id);
				prop_assert_eq!(Contributions::api_contribution(id), None);
			},
			Some(expected) => {
				prop_assert_eq!(stored.map(|record| record.status), Some(expected.status));
				prop_assert_eq!(Contributions::api_contribution(id), Some(expected.info(id)));
			},
		}
	}
	for hash in (0..POOL).map(content).chain([H256::zero()]) {
		let expected = model
			.records
			.iter()
			.find(|(_, record)| {
				record.content_hash == hash &&
					!matches!(record.status, ContributionStatus::Rejected { .. })
			})
			.map(|(id, _)| *id);
		prop_assert_eq!(ContentIndex::<Test>::get(hash), expected);
		prop_assert_eq!(
			Contributions::api_contribution_by_content_hash(hash).map(|info| info.id),
			expected
		);
	}

	// Deposits and balances.
	for who in ACCOUNTS {
		prop_assert_eq!(review_held(who), amount(&model.review_held, who), "held from {}", who);
		prop_assert_eq!(storage_held(who), amount(&model.storage_held, who), "held from {}", who);
		prop_assert_eq!(free(who), model.free(who), "free balance of {}", who);
	}
	let slashed: Balance = model.slashed.values().sum();
	prop_assert_eq!(free(TREASURY), model.treasury_baseline + slashed);

	// Reputation, and nothing else has any.
	for net in &model.nets {
		for who in ACCOUNTS {
			let expected = model.reputation.get(&(net.id, who)).copied().unwrap_or_default();
			prop_assert_eq!(Reputation::<Test>::get(net.id, who), expected);
			prop_assert_eq!(Contributions::api_reputation(net.id, who), expected);
		}
	}
	prop_assert_eq!(Reputation::<Test>::iter().count(), model.reputation.len());

	// The datanets' trees.
	for net in &model.nets {
		let tree = pallet_datanets::Datanet::<Test>::get(net.id).expect("datanet exists").tree;
		prop_assert_eq!(tree.next_index, net.next_leaf, "next leaf of datanet {}", net.id);
		prop_assert_eq!(tree.live_count, net.live, "live leaves of datanet {}", net.id);
	}

	// The runtime API's pages.
	for datanet in model.nets.iter().map(|net| net.id).chain([model.unknown_datanet]) {
		let expected: Vec<ContributionId> = model
			.records
			.iter()
			.filter(|(_, record)| record.datanet == datanet)
			.map(|(id, _)| *id)
			.collect();
		let paged = all_pages(100, |start_after, limit| {
			Contributions::api_contributions_by_datanet(datanet, None, start_after, limit)
		})?;
		prop_assert_eq!(paged, expected, "contributions of datanet {}", datanet);
		for state in [
			crate::ContributionState::Pending,
			crate::ContributionState::Accepted,
			crate::ContributionState::Rejected,
			crate::ContributionState::Revoked,
		] {
			let expected: Vec<ContributionId> = model
				.records
				.iter()
				.filter(|(id, record)| {
					record.datanet == datanet &&
						Contributions::api_contribution(**id)
							.is_some_and(|info| crate::ContributionState::of(&info.status) == state)
				})
				.map(|(id, _)| *id)
				.collect();
			let paged = all_pages(2, |start_after, limit| {
				Contributions::api_contributions_by_datanet(datanet, Some(state), start_after, limit)
			})?;
			prop_assert_eq!(paged, expected, "{:?} contributions of datanet {}", state, datanet);
		}
	}
	for who in ACCOUNTS {
		let expected: Vec<ContributionId> = model
			.records
			.iter()
			.filter(|(_, record)| record.contributor == who)
			.map(|(id, _)| *id)
			.collect();
		let paged = all_pages(100, |start_after, limit| {
			Contributions::api_contributions_by_contributor(who, start_after, limit)
		})?;
		prop_assert_eq!(paged, expected, "contributions of {}", who);
	}
	Ok(())
}

/// Runs `op` on the chain and on the model, and returns both outcomes.
fn apply(model: &mut Model, op: &Op, now: u64) -> (Result<(), DispatchError>, Outcome) {
	match op {
		Op::Submit { who, datanet, content: n, size, kind, uri_len, parents } => {
			let datanet = model.datanet(*datanet);
			let hash = n.map_or_else(H256::zero, content);
			let parents: Vec<ContributionId> =
				parents.iter().map(|parent| model.resolve(parent)).collect();
			let actual = Contributions::submit(
				RuntimeOrigin::signed(*who),
				datanet,
				hash,
				*size,
				*kind,
				uri(*uri_len),
				parents.clone(),
				Balance::MAX,
				Perbill::one(),
			)
			.map(|_| ())
			.map_err(|error| error.error);
			let expected = model.submit(*who, datanet, hash, *size, *kind, *uri_len, &parents, now);
			(actual, expected)
		},
		Op::Review { who, target, verdict } => {
			let id = model.resolve(target);
			let actual = Contributions::review(RuntimeOrigin::signed(*who), id, *verdict);
			(actual, model.review(*who, id, *verdict, now))
		},
		Op::Withdraw { who, target } => {
			let id = model.resolve(target);
			let who = model.signer(who, id);
			let actual = Contributions::withdraw(RuntimeOrigin::signed(who), id);
			(actual, model.withdraw(who, id))
		},
		Op::Revoke { who, target } => {
			let id = model.resolve(target);
			let who = model.signer(who, id);
			let actual = Contributions::revoke(RuntimeOrigin::signed(who), id);
			(actual, model.revoke(who, id, now))
		},
	}
}

fn run(steps: Vec<(u64, Op)>) -> Result<(), TestCaseError> {
	let mut model = setup();
	check(&model)?;
	let mut now = System::block_number();
	for (step, (advance, op)) in steps.into_iter().enumerate() {
		now += advance;
		System::set_block_number(now);
		let root = sp_io::storage::root(StateVersion::V1);
		let events_before = events().len();

		match apply(&mut model, &op, now) {
			(Ok(()), Ok(expected)) => {
				let emitted = events().split_off(events_before);
				prop_assert_eq!(emitted, expected, "events of step {}: {:?}", step, op);
			},
			(Err(actual), Err(expected)) => {
				prop_assert_eq!(actual, expected, "error of step {}: {:?}", step, op);
				prop_assert_eq!(
					sp_io::storage::root(StateVersion::V1),
					root,
					"step {} failed but changed storage: {:?}",
					step,
					op
				);
			},
			(actual, expected) => {
				return Err(TestCaseError::fail(format!(
					"step {step}: {op:?} returned {actual:?}, the model expected {expected:?}"
				)));
			},
		}
		check(&model)
			.map_err(|error| TestCaseError::fail(format!("after step {step} ({op:?}): {error}")))?;
	}
	Ok(())
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(128))]

	/// Any sequence of calls keeps the chain equal to the model and the invariants intact, and
	/// every failed call leaves storage untouched.
	#[test]
	fn random_call_sequences_match_the_model(steps in prop::collection::vec(step(), 1..=STEPS)) {
		ExtBuilder::default().build().execute_with(|| run(steps))?;
	}
}
