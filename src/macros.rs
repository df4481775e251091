//! Macros shared by the built-in type modules.

/// A `&'static [MethodDef]` from a list of method definitions.
macro_rules! methods {
    ($($m:expr),* $(,)?) => {{
        const M: &[$crate::object::types::MethodDef] = &[$($m),*];
        M
    }};
}

/// A `&'static [GetSetDef]` from a list of attribute definitions.
macro_rules! getsets {
    ($($g:expr),* $(,)?) => {{
        const G: &[$crate::object::types::GetSetDef] = &[$($g),*];
        G
    }};
}

