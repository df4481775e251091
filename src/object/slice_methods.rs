//! Methods of `slice`.

use super::types::{TypeSpec, SLICE_TYPE};

pub fn specs() -> Vec<TypeSpec> {
    vec![TypeSpec {
        ty: &SLICE_TYPE,
        methods: &[],
        getsets: &[],
        doc: None,
    }]
}
