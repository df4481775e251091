//! The Unicode character database behind `unicodedata`, the `namereplace` error handler and
//! the `\N{...}` escapes of the codecs: Unicode 14.0.0 (CPython 3.11's version) and the 3.2.0
//! view IDNA needs. The tables are `ucd.bin`, written by `tools/gen_unicodedata.py` (its
//! docstring describes the format); property lookups read the embedded bytes in place, and
//! the name, decomposition and composition tables are unpacked on first use.

use std::collections::HashMap;
use std::io::Read;
use std::sync::OnceLock;

static UCD: &[u8] = include_bytes!("ucd.bin");

/// Code points per block of the two-level property tables.
const BLOCK_SHIFT: u32 = 7;

/// Which database a query reads: CPython's `unicodedata` module (14.0.0) or `ucd_3_2_0`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Version {
    V14,
    V3_2,
}

/// The properties `unicodedata` reports for one code point.
#[derive(Clone, Copy, Debug)]
pub struct Record {
    pub category: &'static str,
    pub bidirectional: &'static str,
    pub combining: u8,
    pub east_asian_width: &'static str,
    pub mirrored: bool,
    pub decimal: Option<u8>,
    pub digit: Option<u8>,
    pub numeric: Option<f64>,
    /// The str properties (`ctype::LOWER`, ...).
    pub flags: u8,
}

struct Tables {
    version: &'static str,
    categories: Vec<&'static str>,
    bidi: Vec<&'static str>,
    eaw: Vec<&'static str>,
    records: &'static [u8],
    index14: (&'static [u8], &'static [u8]),
    index32: (&'static [u8], &'static [u8]),
    cjk14: Vec<(u32, u32)>,
    cjk32: Vec<(u32, u32)>,
    decomposition: &'static [u8],
    names: &'static [u8],
    aliases: &'static [u8],
    composites: &'static [u8],
    nfd32: &'static [u8],
    case: &'static [u8],
}

fn sections() -> HashMap<&'static str, &'static [u8]> {
    fn u32_at(b: &[u8], at: usize) -> usize {
        u32::from_le_bytes(b[at..at + 4].try_into().expect("4 bytes")) as usize
    }
    assert_eq!(&UCD[..4], b"HUCD", "ucd.bin: bad magic");
    let mut out = HashMap::new();
    let mut at = 4;
    while at < UCD.len() {
        let name_len = u32_at(UCD, at);
        let name = std::str::from_utf8(&UCD[at + 4..at + 4 + name_len]).expect("ASCII name");
        at += 4 + name_len;
        let len = u32_at(UCD, at);
        out.insert(name, &UCD[at + 4..at + 4 + len]);
        at += 4 + len;
    }
    out
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let s = sections();
        let get = |name: &str| *s.get(name).unwrap_or_else(|| panic!("ucd.bin: no {name}"));
        let words = |name: &str| -> Vec<&'static str> {
            std::str::from_utf8(get(name))
                .expect("ASCII")
                .split('\n')
                .collect()
        };
        let ranges = |name: &str| -> Vec<(u32, u32)> {
            get(name)
                .chunks_exact(8)
                .map(|c| {
                    (
                        u32::from_le_bytes(c[..4].try_into().expect("4 bytes")),
                        u32::from_le_bytes(c[4..].try_into().expect("4 bytes")),
                    )
                })
                .collect()
        };
        Tables {
            version: std::str::from_utf8(get("version")).expect("ASCII"),
            categories: words("categories"),
            bidi: words("bidi"),
            eaw: words("eaw"),
            records: get("records"),
            index14: (get("index1.14"), get("index2.14")),
            index32: (get("index1.3.2"), get("index2.3.2")),
            cjk14: ranges("cjk.14"),
            cjk32: ranges("cjk.3.2"),
            decomposition: get("decomposition"),
            names: get("names"),
            aliases: get("aliases"),
            composites: get("composites"),
            nfd32: get("nfd32"),
            case: get("case"),
        }
    })
}

/// `unidata_version` of the newer database.
pub fn unidata_version() -> &'static str {
    tables().version
}

fn u16_at(b: &[u8], i: usize) -> usize {
    u16::from_le_bytes([b[2 * i], b[2 * i + 1]]) as usize
}

/// The properties of `cp` (any value up to 0x10FFFF) in database `v`.
pub fn record(v: Version, cp: u32) -> Record {
    let t = tables();
    let (index1, index2) = match v {
        Version::V14 => t.index14,
        Version::V3_2 => t.index32,
    };
    let block = u16_at(index1, (cp >> BLOCK_SHIFT) as usize);
    let id = u16_at(
        index2,
        (block << BLOCK_SHIFT) + (cp & ((1 << BLOCK_SHIFT) - 1)) as usize,
    );
    let r = &t.records[id * 16..id * 16 + 16];
    let small = |b: u8| (b as i8 >= 0).then_some(b);
    let numeric = f64::from_le_bytes(r[8..16].try_into().expect("8 bytes"));
    Record {
        category: t.categories[r[0] as usize],
        bidirectional: t.bidi[r[1] as usize],
        combining: r[2],
        east_asian_width: t.eaw[r[3] as usize],
        mirrored: r[4] != 0,
        decimal: small(r[5]),
        digit: small(r[6]),
        numeric: (!numeric.is_nan()).then_some(numeric),
        flags: r[7],
    }
}

/// Whether database `v` assigns `cp` (3.2.0 leaves many later characters unassigned).
fn assigned_in(v: Version, cp: u32) -> bool {
    v == Version::V14 || record(Version::V3_2, cp).category != "Cn"
}

/// The full case mappings (lower, upper, title, casefold) of the code points that have any.
pub(super) fn case_mappings() -> &'static HashMap<u32, [Vec<u32>; 4]> {
    static MAP: OnceLock<HashMap<u32, [Vec<u32>; 4]>> = OnceLock::new();
    MAP.get_or_init(|| {
        hex_lines(leak(inflate(tables().case)))
            .map(|(cp, rest)| {
                let mut parts = rest.split(';').map(parse_code_points);
                let mut next = || parts.next().expect("four mappings");
                (cp, [next(), next(), next(), next()])
            })
            .collect()
    })
}

fn inflate(b: &[u8]) -> String {
    let mut out = String::new();
    flate2::read::ZlibDecoder::new(b)
        .read_to_string(&mut out)
        .expect("ucd.bin: bad zlib section");
    out
}

/// Parses "HEX;text" lines.
fn hex_lines(text: &'static str) -> impl Iterator<Item = (u32, &'static str)> {
    text.split('\n').filter(|l| !l.is_empty()).map(|line| {
        let (hex, rest) = line.split_once(';').expect("HEX;text");
        (u32::from_str_radix(hex, 16).expect("hex"), rest)
    })
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

fn decompositions() -> &'static HashMap<u32, &'static str> {
    static MAP: OnceLock<HashMap<u32, &'static str>> = OnceLock::new();
    MAP.get_or_init(|| hex_lines(leak(inflate(tables().decomposition))).collect())
}

/// The decomposition field of `cp` ("<compat> 0020 0308"), empty when it has none.
pub fn decomposition(v: Version, cp: u32) -> &'static str {
    if !assigned_in(v, cp) {
        return "";
    }
    decompositions().get(&cp).copied().unwrap_or("")
}

struct Names {
    by_code: HashMap<u32, &'static str>,
    by_name: HashMap<&'static str, u32>,
    aliases: HashMap<&'static str, u32>,
}

fn names() -> &'static Names {
    static NAMES: OnceLock<Names> = OnceLock::new();
    NAMES.get_or_init(|| {
        let by_code: HashMap<u32, &'static str> =
            hex_lines(leak(inflate(tables().names))).collect();
        let by_name = by_code.iter().map(|(&c, &n)| (n, c)).collect();
        let aliases = hex_lines(leak(inflate(tables().aliases)))
            .map(|(c, n)| (n, c))
            .collect();
        Names {
            by_code,
            by_name,
            aliases,
        }
    })
}

const S_BASE: u32 = 0xAC00;
const L_BASE: u32 = 0x1100;
const V_BASE: u32 = 0x1161;
const T_BASE: u32 = 0x11A7;
const L_COUNT: u32 = 19;
const V_COUNT: u32 = 21;
const T_COUNT: u32 = 28;
const N_COUNT: u32 = V_COUNT * T_COUNT;
const S_COUNT: u32 = L_COUNT * N_COUNT;

/// The short names of the leading consonants, vowels and trailing consonants of the Hangul
/// syllables (Unicode's Jamo.txt).
const JAMO_L: [&str; 19] = [
    "G", "GG", "N", "D", "DD", "R", "M", "B", "BB", "S", "SS", "", "J", "JJ", "C", "K", "T", "P",
    "H",
];
const JAMO_V: [&str; 21] = [
    "A", "AE", "YA", "YAE", "EO", "E", "YEO", "YE", "O", "WA", "WAE", "OE", "YO", "U", "WEO", "WE",
    "WI", "YU", "EU", "YI", "I",
];
const JAMO_T: [&str; 28] = [
    "", "G", "GG", "GS", "N", "NJ", "NH", "D", "L", "LG", "LM", "LB", "LS", "LT", "LP", "LH", "M",
    "B", "BS", "S", "SS", "NG", "J", "C", "K", "T", "P", "H",
];

fn is_cjk(v: Version, cp: u32) -> bool {
    let t = tables();
    let ranges = match v {
        Version::V14 => &t.cjk14,
        Version::V3_2 => &t.cjk32,
    };
    ranges.iter().any(|&(a, b)| a <= cp && cp <= b)
}

/// The name of `cp` in database `v`, if it has one.
pub fn name(v: Version, cp: u32) -> Option<String> {
    if cp > 0x10FFFF || !assigned_in(v, cp) {
        return None;
    }
    if (S_BASE..S_BASE + S_COUNT).contains(&cp) {
        let s = cp - S_BASE;
        return Some(format!(
            "HANGUL SYLLABLE {}{}{}",
            JAMO_L[(s / N_COUNT) as usize],
            JAMO_V[((s % N_COUNT) / T_COUNT) as usize],
            JAMO_T[(s % T_COUNT) as usize]
        ));
    }
    if is_cjk(v, cp) {
        return Some(format!("CJK UNIFIED IDEOGRAPH-{cp:X}"));
    }
    names().by_code.get(&cp).map(|n| n.to_string())
}

/// The longest of `table`'s entries that starts `s`, as (index, length); entry "" matches
/// with length 0.
fn longest_jamo(s: &str, table: &[&str]) -> Option<(u32, usize)> {
    let mut best: Option<(u32, usize)> = None;
    for (i, j) in table.iter().enumerate() {
        if s.starts_with(j) && best.is_none_or(|(_, len)| j.len() > len) {
            best = Some((i as u32, j.len()));
        }
    }
    best
}

/// The code point named `name`; `aliases` also accepts the formal name aliases (which 3.2.0
/// does not have).
pub fn lookup(v: Version, name: &str, aliases: bool) -> Option<u32> {
    // The computed names match exactly; the listed ones ignore case.
    if let Some(rest) = name.strip_prefix("HANGUL SYLLABLE ") {
        let (l, n1) = longest_jamo(rest, &JAMO_L)?;
        let (vw, n2) = longest_jamo(&rest[n1..], &JAMO_V)?;
        let (t, n3) = longest_jamo(&rest[n1 + n2..], &JAMO_T)?;
        return (n1 + n2 + n3 == rest.len()).then(|| S_BASE + (l * V_COUNT + vw) * T_COUNT + t);
    }
    if let Some(digits) = name.strip_prefix("CJK UNIFIED IDEOGRAPH-") {
        if !(4..=5).contains(&digits.len())
            || !digits
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b))
        {
            return None;
        }
        let cp = u32::from_str_radix(digits, 16).ok()?;
        return is_cjk(v, cp).then_some(cp);
    }
    let upper = name.to_ascii_uppercase();
    let n = names();
    if let Some(&cp) = n.by_name.get(upper.as_str()) {
        return assigned_in(v, cp).then_some(cp);
    }
    if aliases && v == Version::V14 {
        return n.aliases.get(upper.as_str()).copied();
    }
    None
}

/// The normalization forms.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Form {
    Nfc,
    Nfkc,
    Nfd,
    Nfkd,
}

impl Form {
    pub fn parse(s: &str) -> Option<Form> {
        Some(match s {
            "NFC" => Form::Nfc,
            "NFKC" => Form::Nfkc,
            "NFD" => Form::Nfd,
            "NFKD" => Form::Nfkd,
            _ => return None,
        })
    }

    fn compat(self) -> bool {
        matches!(self, Form::Nfkc | Form::Nfkd)
    }

    fn composed(self) -> bool {
        matches!(self, Form::Nfc | Form::Nfkc)
    }
}

fn parse_code_points(s: &str) -> Vec<u32> {
    s.split(' ')
        .filter(|w| !w.is_empty() && !w.starts_with('<'))
        .map(|w| u32::from_str_radix(w, 16).expect("hex"))
        .collect()
}

/// The full decompositions where 3.2.0 differs from 14.0.0, as (NFD, NFKD).
fn corrections32() -> &'static HashMap<(u32, bool), Vec<u32>> {
    static MAP: OnceLock<HashMap<(u32, bool), Vec<u32>>> = OnceLock::new();
    MAP.get_or_init(|| {
        hex_lines(leak(inflate(tables().nfd32)))
            .map(|(cp, rest)| {
                let (form, seq) = rest.split_once(';').expect("FORM;seq");
                ((cp, form == "NFKD"), parse_code_points(seq))
            })
            .collect()
    })
}

fn decompose_into(v: Version, cp: u32, compat: bool, out: &mut Vec<u32>) {
    if (S_BASE..S_BASE + S_COUNT).contains(&cp) {
        let s = cp - S_BASE;
        out.push(L_BASE + s / N_COUNT);
        out.push(V_BASE + (s % N_COUNT) / T_COUNT);
        if !s.is_multiple_of(T_COUNT) {
            out.push(T_BASE + s % T_COUNT);
        }
        return;
    }
    if v == Version::V3_2 {
        if let Some(seq) = corrections32().get(&(cp, compat)) {
            out.extend_from_slice(seq);
            return;
        }
    }
    let d = decomposition(v, cp);
    if d.is_empty() || (!compat && d.starts_with('<')) {
        out.push(cp);
        return;
    }
    for part in parse_code_points(d) {
        decompose_into(v, part, compat, out);
    }
}

fn composites() -> &'static HashMap<(u32, u32), u32> {
    static MAP: OnceLock<HashMap<(u32, u32), u32>> = OnceLock::new();
    MAP.get_or_init(|| {
        tables()
            .composites
            .chunks_exact(12)
            .map(|c| {
                let at = |i: usize| u32::from_le_bytes(c[i..i + 4].try_into().expect("4 bytes"));
                ((at(0), at(4)), at(8))
            })
            .collect()
    })
}

fn compose_pair(v: Version, a: u32, b: u32) -> Option<u32> {
    if (L_BASE..L_BASE + L_COUNT).contains(&a) && (V_BASE..V_BASE + V_COUNT).contains(&b) {
        return Some(S_BASE + ((a - L_BASE) * V_COUNT + (b - V_BASE)) * T_COUNT);
    }
    if (S_BASE..S_BASE + S_COUNT).contains(&a)
        && (a - S_BASE).is_multiple_of(T_COUNT)
        && (T_BASE + 1..T_BASE + T_COUNT).contains(&b)
    {
        return Some(a + (b - T_BASE));
    }
    let c = *composites().get(&(a, b))?;
    assigned_in(v, c).then_some(c)
}

/// `s` in normalization form `form` of database `v`.
pub fn normalize(v: Version, form: Form, s: &[u32]) -> Vec<u32> {
    let mut out = Vec::with_capacity(s.len());
    for &cp in s {
        decompose_into(v, cp, form.compat(), &mut out);
    }
    // Canonical ordering: a stable sort of each run of non-starters by combining class (the
    // classes are the newer database's in both views, as CPython's).
    let ccc = |cp: u32| record(Version::V14, cp).combining;
    let mut i = 0;
    while i < out.len() {
        if ccc(out[i]) == 0 {
            i += 1;
            continue;
        }
        let start = i;
        while i < out.len() && ccc(out[i]) != 0 {
            i += 1;
        }
        out[start..i].sort_by_key(|&c| ccc(c));
    }
    if !form.composed() {
        return out;
    }
    let mut composed: Vec<u32> = Vec::with_capacity(out.len());
    let mut starter: Option<usize> = None;
    let mut last_class = 0u8;
    for cp in out {
        let class = ccc(cp);
        if let Some(si) = starter {
            let adjacent = composed.len() == si + 1;
            if adjacent || (last_class != 0 && last_class < class) {
                if let Some(c) = compose_pair(v, composed[si], cp) {
                    composed[si] = c;
                    continue;
                }
            }
        }
        if class == 0 {
            starter = Some(composed.len());
        }
        last_class = class;
        composed.push(cp);
    }
    composed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn properties_match_unicode_14() {
        assert_eq!(unidata_version(), "14.0.0");
        let a = record(Version::V14, 'A' as u32);
        assert_eq!(
            (a.category, a.bidirectional, a.east_asian_width),
            ("Lu", "L", "Na")
        );
        let five = record(Version::V14, '5' as u32);
        assert_eq!(
            (five.decimal, five.digit, five.numeric),
            (Some(5), Some(5), Some(5.0))
        );
        let half = record(Version::V14, 0xBD);
        assert_eq!((half.decimal, half.numeric), (None, Some(0.5)));
        assert_eq!(record(Version::V14, 0x301).combining, 230);
        assert!(record(Version::V14, '(' as u32).mirrored);
        // U+231A WATCH became wide in Unicode 9.0.
        assert_eq!(record(Version::V14, 0x231A).east_asian_width, "W");
        assert_eq!(record(Version::V3_2, 0x231A).east_asian_width, "N");
    }

    #[test]
    fn names_both_ways() {
        assert_eq!(
            name(Version::V14, 0x41).as_deref(),
            Some("LATIN CAPITAL LETTER A")
        );
        assert_eq!(
            name(Version::V14, 0xD4DB).as_deref(),
            Some("HANGUL SYLLABLE PWILH")
        );
        assert_eq!(
            name(Version::V14, 0x4E00).as_deref(),
            Some("CJK UNIFIED IDEOGRAPH-4E00")
        );
        assert_eq!(name(Version::V14, 0xE000), None);
        assert_eq!(
            lookup(Version::V14, "latin small letter a", true),
            Some(0x61)
        );
        assert_eq!(
            lookup(Version::V14, "HANGUL SYLLABLE PWILH", true),
            Some(0xD4DB)
        );
        assert_eq!(
            lookup(Version::V14, "CJK UNIFIED IDEOGRAPH-4E00", true),
            Some(0x4E00)
        );
        assert_eq!(
            lookup(Version::V14, "LATIN CAPITAL LETTER GHA", true),
            Some(0x1A2)
        );
        assert_eq!(
            lookup(Version::V14, "LATIN CAPITAL LETTER GHA", false),
            None
        );
        // Added after 3.2.0.
        assert_eq!(name(Version::V3_2, 0x1F600), None);
        assert!(name(Version::V14, 0x1F600).is_some());
    }

    #[test]
    fn normal_forms() {
        let nfc = normalize(Version::V14, Form::Nfc, &[0x41, 0x30A]);
        assert_eq!(nfc, vec![0xC5]);
        let nfd = normalize(Version::V14, Form::Nfd, &[0xC5]);
        assert_eq!(nfd, vec![0x41, 0x30A]);
        assert_eq!(
            normalize(Version::V14, Form::Nfkc, &[0xFB01]),
            vec![0x66, 0x69]
        );
        assert_eq!(
            normalize(Version::V14, Form::Nfd, &[0xAC01]),
            vec![0x1100, 0x1161, 0x11A8]
        );
        assert_eq!(
            normalize(Version::V14, Form::Nfc, &[0x1100, 0x1161, 0x11A8]),
            vec![0xAC01]
        );
        // Reordering by combining class: dot below (220) before acute (230).
        assert_eq!(
            normalize(Version::V14, Form::Nfd, &[0x61, 0x301, 0x323]),
            vec![0x61, 0x323, 0x301]
        );
    }
}
