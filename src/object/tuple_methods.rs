//! Methods of `tuple`.

use super::types::{TypeSpec, TUPLE_TYPE};

pub fn specs() -> Vec<TypeSpec> {
    vec![TypeSpec {
        ty: &TUPLE_TYPE,
        methods: &[],
        getsets: &[],
        doc: None,
    }]
}
