//! Methods of `range`.

use super::types::{TypeSpec, RANGE_TYPE};

pub fn specs() -> Vec<TypeSpec> {
    vec![TypeSpec {
        ty: &RANGE_TYPE,
        methods: &[],
        getsets: &[],
        doc: None,
    }]
}
