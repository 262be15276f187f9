//! Genesis presets: `dev` (one validator), `local` (four validators) and `testnet`.
//!
//! A preset is a JSON patch over the default genesis config; the node turns it into a chain
//! spec (`openledger-node build-spec --chain local`).

use crate::{AccountId, Balance, BlockNumber, OPEN};
use sp_runtime::Perbill;
use alloc::{vec, vec::Vec};
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::PresetId;
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

/// Preset of the one-validator development chain (`--dev`).
pub const DEV_PRESET: &str = "dev";
/// Preset of the four-validator local network (`--chain local`).
pub const LOCAL_PRESET: &str = "local";
/// Preset of a public test network.
pub const TESTNET_PRESET: &str = "testnet";

/// Phase length of attribution rounds on development chains (`dev`, `local`): 5 blocks (15 s)
/// each, so a whole round takes well under a minute.
pub const DEV_ROUND_PHASE: BlockNumber = 5;
/// An attestor that did not reveal, or whose trust fell below the threshold, loses 10% of its
/// active bond.
pub const ATTESTOR_SLASH_FRACTION: Perbill = Perbill::from_percent(10);
/// Trust below which a revealing attestor is slashed: half of its scores unsupported.
pub const ATTESTOR_TRUST_THRESHOLD: Perbill = Perbill::from_percent(50);

/// What each funded development account starts with.
pub const DEV_ENDOWMENT: Balance = 1_000_000 * OPEN;

fn genesis(
	authorities: Vec<(AuraId, GrandpaId)>,
	endowed: Vec<AccountId>,
	endowment: Balance,
	root: AccountId,
	round_phase: BlockNumber,
) -> Value {
	let mut balances: Vec<(AccountId, Balance)> =
		endowed.into_iter().map(|who| (who, endowment)).collect();
	// The treasury pot starts with the existential deposit so that fees smaller than it are
	// never lost when the pot is empty.
	balances.push((crate::configs::TreasuryAccount::get(), crate::EXISTENTIAL_DEPOSIT));
	serde_json::json!({
		"balances": { "balances": balances },
		"aura": {
			"authorities": authorities.iter().map(|(aura, _)| aura.clone()).collect::<Vec<_>>(),
		},
		"grandpa": {
			"authorities": authorities.iter().map(|(_, gran)| (gran.clone(), 1u64)).collect::<Vec<_>>(),
		},
		"sudo": { "key": Some(root) },
		"attribution": {
			"commitPhase": round_phase,
			"revealPhase": round_phase,
			"slashFraction": ATTESTOR_SLASH_FRACTION.deconstruct(),
			"trustThreshold": ATTESTOR_TRUST_THRESHOLD.deconstruct(),
		},
		// Default fee split (10% treasury, 20% model owner, 10% attestors, 60% contributors),
		// no emission until root sets one.
		"rewards": { "feeSplit": null, "emissionPerEra": 0 },
	})
}

fn authority(aura: Sr25519Keyring, grandpa: Ed25519Keyring) -> (AuraId, GrandpaId) {
	(aura.public().into(), grandpa.public().into())
}

fn dev_accounts() -> Vec<AccountId> {
	Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect()
}

/// One validator (Alice), Alice is sudo, the twelve well-known dev accounts are funded.
fn dev_genesis() -> Value {
	genesis(
		vec![authority(Sr25519Keyring::Alice, Ed25519Keyring::Alice)],
		dev_accounts(),
		DEV_ENDOWMENT,
		Sr25519Keyring::Alice.to_account_id(),
		DEV_ROUND_PHASE,
	)
}

/// Alice, Bob, Charlie and Dave validate; three of four are enough for GRANDPA finality.
fn local_genesis() -> Value {
	genesis(
		vec![
			authority(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
			authority(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
			authority(Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
			authority(Sr25519Keyring::Dave, Ed25519Keyring::Dave),
		],
		dev_accounts(),
		DEV_ENDOWMENT,
		Sr25519Keyring::Alice.to_account_id(),
		DEV_ROUND_PHASE,
	)
}

/// A public test network: same shape as `local` but only the sudo key and the validators are
/// funded. Operators replace the well-known keys by their own in the exported chain spec.
fn testnet_genesis() -> Value {
	let validators = [Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie];
	genesis(
		vec![
			authority(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
			authority(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
			authority(Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
		],
		validators.iter().map(|k| k.to_account_id()).collect(),
		10_000 * OPEN,
		Sr25519Keyring::Alice.to_account_id(),
		crate::configs::DEFAULT_ROUND_PHASE,
	)
}

/// The JSON of the named preset, or `None` if there is no such preset.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		DEV_PRESET | sp_genesis_builder::DEV_RUNTIME_PRESET => dev_genesis(),
		LOCAL_PRESET | sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_genesis(),
		TESTNET_PRESET => testnet_genesis(),
		_ => return None,
	};
	serde_json::to_string(&patch).ok().map(|json| json.into_bytes())
}

/// Names of the presets this runtime offers.
pub fn preset_names() -> Vec<PresetId> {
	vec![PresetId::from(DEV_PRESET), PresetId::from(LOCAL_PRESET), PresetId::from(TESTNET_PRESET)]
}
