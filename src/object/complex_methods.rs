//! Methods of `complex`.

use super::types::{TypeSpec, COMPLEX_TYPE};

pub fn specs() -> Vec<TypeSpec> {
    vec![TypeSpec { ty: &COMPLEX_TYPE, methods: &[], getsets: &[], doc: None }]
}
