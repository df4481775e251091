//! Methods of `set`.

use super::types::{TypeSpec, SET_TYPE};

pub fn specs() -> Vec<TypeSpec> {
    vec![TypeSpec {
        ty: &SET_TYPE,
        methods: &[],
        getsets: &[],
        doc: None,
    }]
}
