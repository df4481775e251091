//! `unicodedata`: the Unicode character database as CPython 3.11's module reports it (Unicode
//! 14.0.0), its functions at module level and as methods of `UCD` objects, of which
//! `ucd_3_2_0` (the 3.2.0 view IDNA and `stringprep` need) is the one instance. The tables are
//! in `crate::unicode::db`. Named sequences (`lookup('LATIN CAPITAL LETTER A WITH MACRON AND GRAVE')`) are not
//! in them: `lookup` raises KeyError for those names.

use crate::object::error::{Args, PyResult};
use crate::object::exception::{key_error, type_error, value_error};
use crate::object::native::{install_native_type, native_ref, new_native, NativeData};
use crate::object::typeobj::{Layout, TypeObject};
use crate::object::types::{GetSetDef, MethodDef, TypeSpec, OBJECT_TYPE};
use crate::object::value::Value;
use crate::object::*;
use crate::unicode::db::{self, Form, Version};
use crate::vm::Vm;

pub static UCD_TYPE: TypeObject =
    TypeObject::new_static("UCD", Layout::Native, Some(&OBJECT_TYPE), 0);

/// A `UCD` object: one version of the database.
struct Ucd {
    version: Version,
}

impl NativeData for Ucd {}

/// A function of the module (the 14.0.0 database) or a method of a `UCD` object: the database
/// it reads, the arguments after `self`, and its name as CPython's messages give it.
struct Call<'a> {
    db: Version,
    args: Args<'a>,
    qualname: &'static str,
    name: &'static str,
}

fn module_call<'a>(args: Args<'a>, name: &'static str, qualname: &'static str) -> Call<'a> {
    Call {
        db: Version::V14,
        args,
        qualname,
        name,
    }
}

fn method_call<'a>(
    args: Args<'a>,
    name: &'static str,
    qualname: &'static str,
) -> PyResult<Call<'a>> {
    let this = args
        .values
        .first()
        .and_then(native_ref::<Ucd>)
        .ok_or_else(|| {
            type_error(format!(
                "descriptor '{name}' requires a 'unicodedata.UCD' object"
            ))
        })?;
    Ok(Call {
        db: this.version,
        args: Args {
            values: &args.values[1..],
            kwnames: args.kwnames,
        },
        qualname,
        name,
    })
}

/// The one character `v` must be (Argument Clinic's "a unicode character" converter).
fn char_arg(v: &Value, fname: &str, position: Option<usize>) -> PyResult<u32> {
    let argument = match position {
        Some(n) => format!("argument {n}"),
        None => "argument".to_string(),
    };
    match str::payload(v) {
        Some(s) if s.char_len() == 1 => Ok(s.code_at(0)),
        _ => Err(type_error(format!(
            "{fname}() {argument} must be a unicode character, not {}",
            v.ty().name()
        ))),
    }
}

impl Call<'_> {
    /// The single character of the one-argument functions.
    fn one_char(&self) -> PyResult<u32> {
        let a = self.args.check_count(self.qualname, 1, 1)?;
        char_arg(&a[0], self.name, None)
    }

    /// The character and optional default of `decimal`, `digit`, `numeric` and `name`.
    fn char_and_default(&self) -> PyResult<(u32, Option<Value>)> {
        let a = self.args.check_count(self.name, 1, 2)?;
        Ok((char_arg(&a[0], self.name, Some(1))?, a.get(1).cloned()))
    }
}

fn or_default(found: Option<Value>, default: Option<Value>, message: &str) -> PyResult {
    match (found, default) {
        (Some(v), _) | (None, Some(v)) => Ok(v),
        (None, None) => Err(value_error(message)),
    }
}

fn decimal(c: Call) -> PyResult {
    let (cp, default) = c.char_and_default()?;
    let found = db::record(c.db, cp)
        .decimal
        .map(|d| int::from_i64(d as i64));
    or_default(found, default, "not a decimal")
}

fn digit(c: Call) -> PyResult {
    let (cp, default) = c.char_and_default()?;
    let found = db::record(c.db, cp).digit.map(|d| int::from_i64(d as i64));
    or_default(found, default, "not a digit")
}

fn numeric(c: Call) -> PyResult {
    let (cp, default) = c.char_and_default()?;
    let found = db::record(c.db, cp).numeric.map(float::new_float);
    or_default(found, default, "not a numeric character")
}

fn name(c: Call) -> PyResult {
    let (cp, default) = c.char_and_default()?;
    let found = db::name(c.db, cp).map(str::from_string);
    or_default(found, default, "no such name")
}

fn category(c: Call) -> PyResult {
    Ok(str::intern(db::record(c.db, c.one_char()?).category))
}

fn bidirectional(c: Call) -> PyResult {
    Ok(str::intern(db::record(c.db, c.one_char()?).bidirectional))
}

fn combining(c: Call) -> PyResult {
    Ok(int::from_i64(
        db::record(c.db, c.one_char()?).combining as i64,
    ))
}

fn mirrored(c: Call) -> PyResult {
    Ok(int::from_i64(
        db::record(c.db, c.one_char()?).mirrored as i64,
    ))
}

fn east_asian_width(c: Call) -> PyResult {
    Ok(str::intern(
        db::record(c.db, c.one_char()?).east_asian_width,
    ))
}

fn decomposition(c: Call) -> PyResult {
    Ok(str::new_str(db::decomposition(c.db, c.one_char()?)))
}

/// Names longer than this are not looked up (CPython's `NAME_MAXLEN`).
const NAME_MAXLEN: usize = 256;

fn lookup(c: Call) -> PyResult {
    let a = c.args.check_count(c.qualname, 1, 1)?;
    let text = match str::as_str(&a[0]) {
        Some(s) => s.to_string(),
        None => {
            let b = bytes::bytes_like(&a[0]).ok_or_else(|| {
                type_error(format!(
                    "a bytes-like object is required, not '{}'",
                    a[0].ty().name()
                ))
            })?;
            String::from_utf8_lossy(&b).into_owned()
        }
    };
    if text.len() > NAME_MAXLEN {
        return Err(key_error(str::new_str("name too long")));
    }
    match db::lookup(c.db, &text, true) {
        Some(cp) => Ok(str::from_code_point(cp)),
        None => Err(key_error(str::from_string(format!(
            "undefined character name '{text}'"
        )))),
    }
}

/// The form and string of `normalize` and `is_normalized`.
fn form_and_text(c: &Call) -> PyResult<(Form, Value, Vec<u32>)> {
    let a = c.args.check_count(c.name, 2, 2)?;
    let form = str::as_str(&a[0]).ok_or_else(|| {
        type_error(format!(
            "{}() argument 1 must be str, not {}",
            c.name,
            a[0].ty().name()
        ))
    })?;
    let text = str::payload(&a[1]).ok_or_else(|| {
        type_error(format!(
            "{}() argument 2 must be str, not {}",
            c.name,
            a[1].ty().name()
        ))
    })?;
    let form = Form::parse(form).ok_or_else(|| value_error("invalid normalization form"))?;
    Ok((form, a[1].clone(), text.code_points().collect()))
}

fn normalize(c: Call) -> PyResult {
    let (form, input, cps) = form_and_text(&c)?;
    let out = db::normalize(c.db, form, &cps);
    if out == cps && input.is_type(&types::STR_TYPE) {
        return Ok(input);
    }
    Ok(str::from_code_points(&out))
}

fn is_normalized(c: Call) -> PyResult {
    let (form, _, cps) = form_and_text(&c)?;
    Ok(types::bool_value(db::normalize(c.db, form, &cps) == cps))
}

/// Defines each function twice from one body: at module level (14.0.0) and as a `UCD` method.
macro_rules! functions {
    ($(($name:literal, $body:ident, $module_fn:ident, $method_fn:ident)),* $(,)?) => {
        $(
            fn $module_fn(_vm: &mut Vm, args: Args) -> PyResult {
                $body(module_call(args, $name, concat!("unicodedata.", $name)))
            }
            fn $method_fn(_vm: &mut Vm, args: Args) -> PyResult {
                $body(method_call(args, $name, concat!("unicodedata.UCD.", $name))?)
            }
        )*
        const MODULE_FUNCTIONS: &[(&str, crate::object::error::NativeFn)] = &[$(($name, $module_fn)),*];
        const UCD_METHODS: &[MethodDef] = &[
            $(MethodDef::method($name, $method_fn)),*
        ];
    };
}

functions![
    ("decimal", decimal, m_decimal, u_decimal),
    ("digit", digit, m_digit, u_digit),
    ("numeric", numeric, m_numeric, u_numeric),
    ("category", category, m_category, u_category),
    (
        "bidirectional",
        bidirectional,
        m_bidirectional,
        u_bidirectional
    ),
    ("combining", combining, m_combining, u_combining),
    ("mirrored", mirrored, m_mirrored, u_mirrored),
    (
        "east_asian_width",
        east_asian_width,
        m_east_asian_width,
        u_east_asian_width
    ),
    (
        "decomposition",
        decomposition,
        m_decomposition,
        u_decomposition
    ),
    ("name", name, m_name, u_name),
    ("lookup", lookup, m_lookup, u_lookup),
    ("normalize", normalize, m_normalize, u_normalize),
    (
        "is_normalized",
        is_normalized,
        m_is_normalized,
        u_is_normalized
    ),
];

fn ucd_version(_vm: &mut Vm, this: &Value) -> PyResult {
    let version = native_ref::<Ucd>(this).map(|u| u.version).ok_or_else(|| {
        type_error("descriptor 'unidata_version' requires a 'unicodedata.UCD' object")
    })?;
    Ok(str::new_str(match version {
        Version::V14 => db::unidata_version(),
        Version::V3_2 => "3.2.0",
    }))
}

/// Creates the `unicodedata` module.
pub fn new_module(_vm: &mut Vm) -> PyResult {
    install_native_type(&TypeSpec {
        ty: &UCD_TYPE,
        methods: UCD_METHODS,
        getsets: getsets![GetSetDef::readonly("unidata_version", ucd_version)],
        doc: None,
    });
    *UCD_TYPE.module.borrow_mut() = std::borrow::Cow::Borrowed("unicodedata");
    UCD_TYPE
        .flags
        .set(UCD_TYPE.flags.get() | crate::object::typeobj::flags::DISALLOW_INSTANTIATION);
    let m = module::new_module("unicodedata");
    crate::modules::add_functions(&m, MODULE_FUNCTIONS);
    module::set_attr(&m, "unidata_version", str::new_str(db::unidata_version()));
    module::set_attr(&m, "UCD", UCD_TYPE.to_value());
    module::set_attr(
        &m,
        "ucd_3_2_0",
        new_native(
            &UCD_TYPE,
            Ucd {
                version: Version::V3_2,
            },
        ),
    );
    module::set_attr(
        &m,
        "__doc__",
        str::new_str(
            "This module provides access to the Unicode Character Database which\n\
             defines character properties for all Unicode characters. The data contained\n\
             in this database is based on the UnicodeData.txt file version\n\
             14.0.0 which is publicly available from ftp://ftp.unicode.org/.\n\n\
             The module uses the same names and symbols as defined by the\n\
             UnicodeData File Format 14.0.0.",
        ),
    );
    Ok(m)
}
