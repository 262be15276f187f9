//! What wallets see through metadata: every error and event is documented, every constant set.

use super::*;
use crate::Error;
use scale_info::{TypeDef, TypeInfo};

fn variant_docs<T: TypeInfo>() -> Vec<(String, Vec<String>)> {
	match T::type_info().type_def {
		TypeDef::Variant(variants) => variants
			.variants
			.into_iter()
			.map(|variant| {
				let docs = variant.docs.iter().map(|line| line.to_string()).collect();
				(variant.name.to_string(), docs)
			})
			.collect(),
		other => panic!("not an enum: {other:?}"),
	}
}

#[test]
fn every_error_says_what_failed_and_how_to_fix_it() {
	let errors = variant_docs::<Error<Test>>();
	assert!(errors.len() >= 40);
	for (name, docs) in errors {
		let text = docs.join(" ");
		assert!(text.len() > 40, "error `{name}` needs a doc saying what failed and how to fix it");
		// One sentence for what failed, at least one more for what to do.
		assert!(text.matches(". ").count() >= 1, "error `{name}` should explain the fix too");
	}
}

#[test]
fn every_event_is_documented() {
	// (Hold reasons are documented in the source; composite enums carry no docs in metadata.)
	for (name, docs) in variant_docs::<Event<Test>>() {
		assert!(!docs.is_empty(), "event `{name}` is undocumented");
	}
}

#[test]
fn integrity_test_passes() {
	use frame_support::traits::Hooks;
	ExtBuilder::default().build().execute_with(|| {
		<Attribution as Hooks<u64>>::integrity_test();
	});
}
