//! Methods of `dict`.

use super::types::{TypeSpec, DICT_TYPE};

pub fn specs() -> Vec<TypeSpec> {
    vec![TypeSpec {
        ty: &DICT_TYPE,
        methods: &[],
        getsets: &[],
        doc: None,
    }]
}
