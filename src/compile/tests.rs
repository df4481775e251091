//! Compiler tests: errors, code shapes, stack depths.

use super::*;
