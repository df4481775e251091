//! Methods of `list`.

use super::types::{TypeSpec, LIST_TYPE};

pub fn specs() -> Vec<TypeSpec> {
    vec![TypeSpec {
        ty: &LIST_TYPE,
        methods: &[],
        getsets: &[],
        doc: None,
    }]
}
