//! Builds the wasm runtime (the real on-chain code) with `substrate-wasm-builder`.

#[cfg(all(feature = "std", feature = "metadata-hash"))]
fn main() {
	// Lets `CheckMetadataHash` verify the metadata a wallet (e.g. Ledger) used to sign.
	substrate_wasm_builder::WasmBuilder::init_with_defaults()
		.enable_metadata_hash("OPEN", 18)
		.build();
}

#[cfg(all(feature = "std", not(feature = "metadata-hash")))]
fn main() {
	substrate_wasm_builder::WasmBuilder::build_using_defaults();
}

/// The wasm build of the runtime itself needs no build script.
#[cfg(not(feature = "std"))]
fn main() {}
