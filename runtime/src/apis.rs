//! Runtime APIs: what the node and clients (polkadot.js `api.call.*`) can ask the runtime.

use crate::{
	genesis_config_presets, AccountId, Attribution, Balance, Block, BlockNumber, Contributions,
	Datanets, Executive, InherentDataExt, Nonce, Runtime, RuntimeCall, RuntimeGenesisConfig, SessionKeys, Rewards, System,
	TransactionPayment, VERSION,
};
use openledger_primitives::{
	ContributionId, DatanetId, FeeSplit, LeafIndex, MerkleProof, ModelId, ReputationCounts,
	RoundId, Score, VersionNumber,
};
use pallet_attribution::types::{
	AttestorSetView, AttestorView, LedgerView, ModelView, RoundParameters, RoundView, SpecView,
	TrainingPage,
};
use pallet_rewards::types::{LedgerAccount, PoolId, PoolView};
use pallet_contributions::types::{ContributionInfo, ContributionState};
use pallet_datanets::types::{DatanetInfo, DatanetVersion};
use alloc::vec::Vec;
use frame_support::{
	genesis_builder_helper::{build_state, get_preset},
	weights::Weight,
};
use sp_api::impl_runtime_apis;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_core::{crypto::KeyTypeId, OpaqueMetadata};
use sp_runtime::{
	traits::{Block as BlockT, NumberFor},
	transaction_validity::{TransactionSource, TransactionValidity},
	ApplyExtrinsicResult,
};
use sp_version::RuntimeVersion;

/// Most accounts one `NamesApi::names` call resolves.
pub const MAX_NAMES_PER_CALL: usize = 256;

sp_api::decl_runtime_apis! {
	/// The names people chose, for showing them instead of addresses (contributors, curators,
	/// datanet owners, model owners alike), from `pallet_identity`.
	pub trait NamesApi {
		/// For each account (at most [`MAX_NAMES_PER_CALL`]; the rest are left out), its
		/// primary username (`dana.medqa`) if it has one, else the display name of its identity
		/// if it set one as plain text, else `None`. Pair it with the identity's judgements
		/// (`api.query.identity.identityOf`) before trusting a display name: anyone can set any
		/// display name, while a username was granted by its suffix's authority.
		fn names(accounts: Vec<AccountId>) -> Vec<Option<Vec<u8>>>;
	}
}

/// What [`NamesApi::names`] returns for `accounts`.
pub fn names(accounts: Vec<AccountId>) -> Vec<Option<Vec<u8>>> {
	accounts.iter().take(MAX_NAMES_PER_CALL).map(name_of).collect()
}

/// `account`'s name for [`NamesApi::names`].
fn name_of(account: &AccountId) -> Option<Vec<u8>> {
	if let Some(username) = pallet_identity::UsernameOf::<Runtime>::get(account) {
		return Some(username.into_inner());
	}
	let registration = pallet_identity::IdentityOf::<Runtime>::get(account)?;
	match registration.info.display {
		pallet_identity::Data::Raw(bytes) => Some(bytes.into_inner()),
		_ => None,
	}
}

impl_runtime_apis! {
	impl sp_api::Core<Block> for Runtime {
		fn version() -> RuntimeVersion {
			VERSION
		}

		fn execute_block(block: <Block as BlockT>::LazyBlock) {
			Executive::execute_block(block);
		}

		fn initialize_block(header: &<Block as BlockT>::Header) -> sp_runtime::ExtrinsicInclusionMode {
			Executive::initialize_block(header)
		}
	}

	impl sp_api::Metadata<Block> for Runtime {
		fn metadata() -> OpaqueMetadata {
			OpaqueMetadata::new(Runtime::metadata().into())
		}

		fn metadata_at_version(version: u32) -> Option<OpaqueMetadata> {
			Runtime::metadata_at_version(version)
		}

		fn metadata_versions() -> Vec<u32> {
			Runtime::metadata_versions()
		}
	}

	impl sp_block_builder::BlockBuilder<Block> for Runtime {
		fn apply_extrinsic(extrinsic: <Block as BlockT>::Extrinsic) -> ApplyExtrinsicResult {
			Executive::apply_extrinsic(extrinsic)
		}

		fn finalize_block() -> <Block as BlockT>::Header {
			Executive::finalize_block()
		}

		fn inherent_extrinsics(data: sp_inherents::InherentData) -> Vec<<Block as BlockT>::Extrinsic> {
			data.create_extrinsics()
		}

		fn check_inherents(
			block: <Block as BlockT>::LazyBlock,
			data: sp_inherents::InherentData,
		) -> sp_inherents::CheckInherentsResult {
			data.check_extrinsics(&block)
		}
	}

	impl sp_transaction_pool::runtime_api::TaggedTransactionQueue<Block> for Runtime {
		fn validate_transaction(
			source: TransactionSource,
			tx: <Block as BlockT>::Extrinsic,
			block_hash: <Block as BlockT>::Hash,
		) -> TransactionValidity {
			Executive::validate_transaction(source, tx, block_hash)
		}
	}

	impl sp_offchain::OffchainWorkerApi<Block> for Runtime {
		fn offchain_worker(header: &<Block as BlockT>::Header) {
			Executive::offchain_worker(header)
		}
	}

	impl sp_consensus_aura::AuraApi<Block, AuraId> for Runtime {
		fn slot_duration() -> sp_consensus_aura::SlotDuration {
			sp_consensus_aura::SlotDuration::from_millis(crate::Aura::slot_duration())
		}

		fn authorities() -> Vec<AuraId> {
			pallet_aura::Authorities::<Runtime>::get().into_inner()
		}
	}

	impl sp_session::SessionKeys<Block> for Runtime {
		fn generate_session_keys(
			owner: Vec<u8>,
			seed: Option<Vec<u8>>,
		) -> sp_session::OpaqueGeneratedSessionKeys {
			SessionKeys::generate(&owner, seed).into()
		}

		fn decode_session_keys(encoded: Vec<u8>) -> Option<Vec<(Vec<u8>, KeyTypeId)>> {
			SessionKeys::decode_into_raw_public_keys(&encoded)
		}
	}

	impl sp_consensus_grandpa::GrandpaApi<Block> for Runtime {
		fn grandpa_authorities() -> sp_consensus_grandpa::AuthorityList {
			crate::Grandpa::grandpa_authorities()
		}

		fn current_set_id() -> sp_consensus_grandpa::SetId {
			crate::Grandpa::current_set_id()
		}

		fn submit_report_equivocation_unsigned_extrinsic(
			_equivocation_proof: sp_consensus_grandpa::EquivocationProof<
				<Block as BlockT>::Hash,
				NumberFor<Block>,
			>,
			_key_owner_proof: sp_consensus_grandpa::OpaqueKeyOwnershipProof,
		) -> Option<()> {
			// Equivocation reports need a session/staking pallet to prove key ownership.
			None
		}

		fn generate_key_ownership_proof(
			_set_id: sp_consensus_grandpa::SetId,
			_authority_id: GrandpaId,
		) -> Option<sp_consensus_grandpa::OpaqueKeyOwnershipProof> {
			None
		}
	}

	impl frame_system_rpc_runtime_api::AccountNonceApi<Block, AccountId, Nonce> for Runtime {
		fn account_nonce(account: AccountId) -> Nonce {
			System::account_nonce(account)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentApi<Block, Balance> for Runtime {
		fn query_info(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment_rpc_runtime_api::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_info(uxt, len)
		}
		fn query_fee_details(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_fee_details(uxt, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentCallApi<Block, Balance, RuntimeCall>
		for Runtime
	{
		fn query_call_info(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_call_info(call, len)
		}
		fn query_call_fee_details(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_call_fee_details(call, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_datanets::runtime_api::DatanetsApi<Block, AccountId, Balance> for Runtime {
		fn datanet(id: DatanetId) -> Option<DatanetInfo<AccountId, Balance>> {
			Datanets::api_datanet(id)
		}

		fn versions(id: DatanetId, start: VersionNumber, limit: u32) -> Vec<DatanetVersion<BlockNumber>> {
			Datanets::api_versions(id, start, limit)
		}

		fn curators(id: DatanetId) -> Option<Vec<AccountId>> {
			Datanets::api_curators(id)
		}

		fn inclusion_proof(id: DatanetId, leaf_index: LeafIndex) -> Option<MerkleProof> {
			Datanets::api_inclusion_proof(id, leaf_index)
		}

		fn check_admission(
			id: DatanetId,
			who: AccountId,
			size_bytes: u64,
		) -> Result<(), sp_runtime::DispatchError> {
			Datanets::api_check_admission(id, who, size_bytes)
		}
	}

	impl pallet_contributions::runtime_api::ContributionsApi<Block, AccountId, Balance> for Runtime {
		fn contribution(id: ContributionId) -> Option<ContributionInfo<AccountId, Balance>> {
			Contributions::api_contribution(id)
		}

		fn contribution_by_content_hash(
			content_hash: sp_core::H256,
		) -> Option<ContributionInfo<AccountId, Balance>> {
			Contributions::api_contribution_by_content_hash(content_hash)
		}

		fn contributions_by_contributor(
			contributor: AccountId,
			start_after: Option<ContributionId>,
			limit: u32,
		) -> Vec<ContributionInfo<AccountId, Balance>> {
			Contributions::api_contributions_by_contributor(contributor, start_after, limit)
		}

		fn contributions_by_datanet(
			datanet: DatanetId,
			state: Option<ContributionState>,
			start_after: Option<ContributionId>,
			limit: u32,
		) -> Vec<ContributionInfo<AccountId, Balance>> {
			Contributions::api_contributions_by_datanet(datanet, state, start_after, limit)
		}

		fn reputation(datanet: DatanetId, contributor: AccountId) -> ReputationCounts {
			Contributions::api_reputation(datanet, contributor)
		}
	}

	impl pallet_contributions::runtime_api::SponsorshipApi<Block, AccountId, Balance> for Runtime {
		fn sponsorship(
			account: AccountId,
			datanet: DatanetId,
		) -> Option<pallet_contributions::SponsorshipInfo<AccountId, Balance>> {
			Contributions::api_sponsorship(account, datanet)
		}

		fn sponsorships(
			account: AccountId,
			start_after: Option<DatanetId>,
			limit: u32,
		) -> Vec<pallet_contributions::SponsorshipInfo<AccountId, Balance>> {
			Contributions::api_sponsorships(account, start_after, limit)
		}

		fn sponsorship_budget(datanet: DatanetId) -> Balance {
			Contributions::api_sponsorship_budget(datanet)
		}
	}

	impl pallet_attribution::runtime_api::AttributionApi<Block, AccountId, Balance, BlockNumber>
		for Runtime
	{
		fn model(id: ModelId) -> Option<ModelView<AccountId, Balance, BlockNumber>> {
			Attribution::api_model(id)
		}

		fn models_by_owner(
			owner: AccountId,
			start_after: Option<ModelId>,
			max: u32,
		) -> Vec<(ModelId, ModelView<AccountId, Balance, BlockNumber>)> {
			Attribution::api_models_by_owner(owner, start_after, max)
		}

		fn attestor(who: AccountId) -> Option<AttestorView<Balance, BlockNumber>> {
			Attribution::api_attestor(who)
		}

		fn round(
			model: ModelId,
			round: RoundId,
		) -> Option<RoundView<AccountId, Balance, BlockNumber>> {
			Attribution::api_round(model, round)
		}

		fn model_attribution(
			model: ModelId,
			start_after: Option<ContributionId>,
			max: u32,
		) -> Vec<(ContributionId, Score)> {
			Attribution::api_model_attribution(model, start_after, max)
		}

		fn contribution_attribution(
			contribution: ContributionId,
			start_after: Option<ModelId>,
			max: u32,
		) -> Vec<(ModelId, Score)> {
			Attribution::api_contribution_attribution(contribution, start_after, max)
		}

		fn round_parameters() -> RoundParameters<BlockNumber> {
			Attribution::api_round_parameters()
		}

		fn attestor_set() -> AttestorSetView<AccountId, Balance> {
			Attribution::api_attestor_set()
		}

		fn model_spec(model: ModelId) -> Option<SpecView<BlockNumber>> {
			Attribution::api_model_spec(model)
		}

		fn model_ledger(model: ModelId) -> Option<LedgerView<Balance, BlockNumber>> {
			Attribution::api_model_ledger(model)
		}

		fn round_inflow(model: ModelId, round: RoundId) -> Option<Balance> {
			Attribution::api_round_inflow(model, round)
		}

		fn training_items(
			model: ModelId,
			start_after: Option<ContributionId>,
			max: u32,
		) -> TrainingPage<AccountId> {
			Attribution::api_training_items(model, start_after, max)
		}
	}

	impl pallet_rewards::runtime_api::RewardsApi<Block, AccountId, Balance> for Runtime {
		fn pending(who: AccountId) -> Vec<(PoolId, Balance)> {
			Rewards::api_pending(who)
		}

		fn pending_in(who: AccountId, pool: PoolId) -> Balance {
			Rewards::api_pending_in(who, pool)
		}

		fn pending_total(who: AccountId) -> Balance {
			Rewards::api_pending_total(who)
		}

		fn pool(pool: PoolId) -> Option<PoolView<Balance>> {
			Rewards::api_pool(pool)
		}

		fn fee_split() -> FeeSplit {
			Rewards::api_fee_split()
		}

		fn pot() -> (AccountId, Balance) {
			Rewards::api_pot()
		}

		fn ledger(model: ModelId) -> Option<LedgerAccount<Balance>> {
			Rewards::api_ledger(model)
		}

		fn ledger_claimed(model: ModelId, who: AccountId) -> Balance {
			Rewards::api_ledger_claimed(model, who)
		}
	}

	impl self::NamesApi<Block> for Runtime {
		fn names(accounts: Vec<AccountId>) -> Vec<Option<Vec<u8>>> {
			self::names(accounts)
		}
	}

	impl sp_genesis_builder::GenesisBuilder<Block> for Runtime {
		fn build_state(config: Vec<u8>) -> sp_genesis_builder::Result {
			build_state::<RuntimeGenesisConfig>(config)
		}

		fn get_preset(id: &Option<sp_genesis_builder::PresetId>) -> Option<Vec<u8>> {
			get_preset::<RuntimeGenesisConfig>(id, genesis_config_presets::get_preset)
		}

		fn preset_names() -> Vec<sp_genesis_builder::PresetId> {
			genesis_config_presets::preset_names()
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	impl frame_benchmarking::Benchmark<Block> for Runtime {
		fn benchmark_metadata(extra: bool) -> (
			Vec<frame_benchmarking::BenchmarkList>,
			Vec<frame_support::traits::StorageInfo>,
		) {
			use frame_benchmarking::BenchmarkList;
			use frame_support::traits::StorageInfoTrait;
			use frame_system_benchmarking::Pallet as SystemBench;
			use crate::benchmarks::*;

			let mut list = Vec::<BenchmarkList>::new();
			list_benchmarks!(list, extra);

			let storage_info = crate::AllPalletsWithSystem::storage_info();
			(list, storage_info)
		}

		fn dispatch_benchmark(
			config: frame_benchmarking::BenchmarkConfig,
		) -> Result<Vec<frame_benchmarking::BenchmarkBatch>, alloc::string::String> {
			use frame_benchmarking::BenchmarkBatch;
			use frame_support::traits::TrackedStorageKey;
			use frame_system_benchmarking::Pallet as SystemBench;
			use crate::benchmarks::*;


			let whitelist: Vec<TrackedStorageKey> =
				<crate::AllPalletsWithSystem as frame_support::traits::WhitelistedStorageKeys>::whitelisted_storage_keys();
			let mut batches = Vec::<BenchmarkBatch>::new();
			let params = (&config, &whitelist);
			add_benchmarks!(params, batches);
			Ok(batches)
		}
	}

	#[cfg(feature = "try-runtime")]
	impl frame_try_runtime::TryRuntime<Block> for Runtime {
		fn on_runtime_upgrade(checks: frame_try_runtime::UpgradeCheckSelect) -> (Weight, Weight) {
			let weight = Executive::try_runtime_upgrade(checks)
				.unwrap_or_else(|e| panic!("try_runtime_upgrade failed: {e:?}"));
			(weight, crate::configs::RuntimeBlockWeights::get().max_block)
		}

		fn execute_block(
			block: <Block as BlockT>::LazyBlock,
			state_root_check: bool,
			signature_check: bool,
			select: frame_try_runtime::TryStateSelect,
		) -> Weight {
			Executive::try_execute_block(block, state_root_check, signature_check, select)
				.unwrap_or_else(|e| panic!("try_execute_block failed: {e:?}"))
		}
	}
}
