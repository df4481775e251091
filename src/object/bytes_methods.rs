//! Methods of `bytes`.

use super::types::{TypeSpec, BYTES_TYPE};

pub fn specs() -> Vec<TypeSpec> {
    vec![TypeSpec { ty: &BYTES_TYPE, methods: &[], getsets: &[], doc: None }]
}
