//! Chain specifications built from the runtime's genesis presets.

use openledger_runtime::{genesis_config_presets as presets, TOKEN_DECIMALS, TOKEN_SYMBOL, WASM_BINARY};
use sc_service::ChainType;

/// A chain specification of the OpenLedger chain.
pub type ChainSpec = sc_service::GenericChainSpec;

fn properties() -> sc_service::Properties {
	let mut properties = sc_service::Properties::new();
	properties.insert("tokenSymbol".into(), TOKEN_SYMBOL.into());
	properties.insert("tokenDecimals".into(), TOKEN_DECIMALS.into());
	properties.insert("ss58Format".into(), 42.into());
	properties
}

fn wasm() -> Result<&'static [u8], String> {
	WASM_BINARY.ok_or_else(|| {
		"The wasm runtime was not built into this binary. Build the node with \
		 `scripts/build.sh` (it needs the wasm toolchain from `scripts/setup.sh`)."
			.to_string()
	})
}

fn from_preset(name: &str, id: &str, preset: &str, chain_type: ChainType) -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm()?, None)
		.with_name(name)
		.with_id(id)
		.with_protocol_id("openledger")
		.with_chain_type(chain_type)
		.with_genesis_config_preset_name(preset)
		.with_properties(properties())
		.build())
}

/// One validator (Alice), sudo Alice, funded dev accounts. Used by `--dev`.
pub fn development_chain_spec() -> Result<ChainSpec, String> {
	from_preset("OpenLedger Development", "openledger_dev", presets::DEV_PRESET, ChainType::Development)
}

/// Alice, Bob, Charlie and Dave as validators, on one machine. Used by `--chain local`.
pub fn local_chain_spec() -> Result<ChainSpec, String> {
	from_preset("OpenLedger Local", "openledger_local", presets::LOCAL_PRESET, ChainType::Local)
}

/// Template of a public test network; operators export it and put in their own keys.
pub fn testnet_chain_spec() -> Result<ChainSpec, String> {
	from_preset("OpenLedger Testnet", "openledger_testnet", presets::TESTNET_PRESET, ChainType::Live)
}
