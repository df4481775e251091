//! Methods of `int`.

use super::types::{TypeSpec, INT_TYPE};

pub fn specs() -> Vec<TypeSpec> {
    vec![TypeSpec { ty: &INT_TYPE, methods: &[], getsets: &[], doc: None }]
}
