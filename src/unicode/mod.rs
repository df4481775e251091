//! Unicode data below every other layer: the character database (Unicode 14.0.0, CPython
//! 3.11's version) that `str`'s methods, the codecs and `unicodedata` read.

pub mod ctype;
pub mod db;
