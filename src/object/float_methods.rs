//! Methods of `float`.

use super::types::{TypeSpec, FLOAT_TYPE};

pub fn specs() -> Vec<TypeSpec> {
    vec![TypeSpec { ty: &FLOAT_TYPE, methods: &[], getsets: &[], doc: None }]
}
