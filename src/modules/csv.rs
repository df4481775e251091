//! `_csv`, CPython's C module under `csv`: the `Dialect` type, the `reader` (a state machine
//! over code points, as `_csv.c`'s) and `writer` objects, the dialect registry and the field
//! size limit, with CPython 3.11's behaviour and messages.

use std::cell::{Cell, RefCell};

use crate::object::error::{Args, PyErr, PyResult};
use crate::object::exception::type_error;
use crate::object::native::{install_native_type, native_ref, new_native, NativeData};
use crate::object::typeobj::flags::BASETYPE;
use crate::object::typeobj::{Layout, TypeObject};
use crate::object::types::{bool_value, none, GetSetDef, MethodDef, TypeSpec, OBJECT_TYPE};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::protocol::number_check;
use crate::vm::Vm;

pub static DIALECT_TYPE: TypeObject =
    TypeObject::new_static("Dialect", Layout::Native, Some(&OBJECT_TYPE), BASETYPE);
pub static READER_TYPE: TypeObject =
    TypeObject::new_static("reader", Layout::Native, Some(&OBJECT_TYPE), 0);
pub static WRITER_TYPE: TypeObject =
    TypeObject::new_static("writer", Layout::Native, Some(&OBJECT_TYPE), 0);

const QUOTE_MINIMAL: i64 = 0;
const QUOTE_ALL: i64 = 1;
const QUOTE_NONNUMERIC: i64 = 2;
const QUOTE_NONE: i64 = 3;

/// The reader's end-of-line marker, outside the code point range (CPython's `EOL`).
const EOL: u32 = u32::MAX - 1;

thread_local! {
    static ERROR: RefCell<Option<Value>> = const { RefCell::new(None) };
    static DIALECTS: RefCell<Option<Value>> = const { RefCell::new(None) };
    static FIELD_LIMIT: Cell<i64> = const { Cell::new(128 * 1024) };
}

fn csv_error(msg: impl Into<String>) -> PyErr {
    let cls = ERROR.with(|e| e.borrow().clone());
    match cls.as_ref().and_then(|c| c.as_type()) {
        Some(t) => PyErr(exception::new_exception(t, vec![str::new_str(&msg.into())])),
        None => PyErr::new(&exception::VALUE_ERROR, msg.into()),
    }
}

fn registry() -> Value {
    DIALECTS.with(|d| d.borrow_mut().get_or_insert_with(dict::new_dict).clone())
}

// ---- Dialect ----

struct Dialect {
    delimiter: u32,
    quotechar: Option<u32>,
    escapechar: Option<u32>,
    doublequote: bool,
    skipinitialspace: bool,
    strict: bool,
    quoting: i64,
    lineterminator: Value,
}

impl NativeData for Dialect {}

fn dialect_of(v: &Value) -> PyResult<&Dialect> {
    native_ref::<Dialect>(v).ok_or_else(|| type_error("_csv.Dialect object expected"))
}

/// The one code point of a 1-character str attribute.
fn one_char(name: &str, v: &Value, or_none: bool) -> PyResult<u32> {
    let Some(s) = str::payload(v) else {
        return Err(type_error(format!(
            "\"{name}\" must be string{}, not {}",
            if or_none { " or None" } else { "" },
            v.ty().name()
        )));
    };
    let mut cps = s.code_points();
    match (cps.next(), cps.next()) {
        (Some(c), None) => Ok(c),
        _ => Err(type_error(format!(
            "\"{name}\" must be a 1-character string"
        ))),
    }
}

fn char_or_none(name: &str, v: Option<&Value>, default: Option<u32>) -> PyResult<Option<u32>> {
    match v {
        None => Ok(default),
        Some(v) if v.is_none() => Ok(None),
        Some(v) => one_char(name, v, true).map(Some),
    }
}

const DIALECT_FIELDS: [&str; 8] = [
    "delimiter",
    "doublequote",
    "escapechar",
    "lineterminator",
    "quotechar",
    "quoting",
    "skipinitialspace",
    "strict",
];

/// `_csv.Dialect(dialect=None, **fmtparams)`: a dialect named in the registry, an object whose
/// attributes give the defaults, or none; keyword arguments override.
fn dialect_new(vm: &mut Vm, args: Args) -> PyResult {
    let cls = args.values[0]
        .as_type()
        .ok_or_else(|| type_error("Dialect.__new__(X): X is not a type object"))?;
    let rest = Args {
        values: &args.values[1..],
        kwnames: args.kwnames,
    };
    let mut names = vec!["dialect"];
    names.extend(DIALECT_FIELDS);
    let b = rest.bind("Dialect", &names, 0)?;
    let mut base = b[0].clone();
    if let Some(name) = base.as_ref().filter(|d| str::payload(d).is_some()) {
        base = Some(lookup_dialect(vm, name)?);
    }
    let overrides = &b[1..];
    if let Some(d) = &base {
        if native_ref::<Dialect>(d).is_some() && overrides.iter().all(Option::is_none) {
            return Ok(d.clone());
        }
    }
    let mut given: Vec<Option<Value>> = overrides.to_vec();
    if let Some(d) = &base {
        for (slot, name) in given.iter_mut().zip(DIALECT_FIELDS) {
            if slot.is_none() {
                // As CPython, a missing attribute just leaves the default.
                *slot = vm.getattr_opt(d, name)?;
            }
        }
    }
    let [delimiter, doublequote, escapechar, lineterminator, quotechar, quoting, skipinitialspace, strict] =
        given.try_into().map_err(|_| type_error("Dialect"))?;
    let truth = |vm: &mut Vm, v: &Option<Value>, default: bool| match v {
        Some(v) => vm.truthy(v),
        None => Ok(default),
    };
    let delimiter = match &delimiter {
        Some(v) => one_char("delimiter", v, false)?,
        None => ',' as u32,
    };
    let doublequote = truth(vm, &doublequote, true)?;
    let escapechar = char_or_none("escapechar", escapechar.as_ref(), None)?;
    let lineterminator = match &lineterminator {
        None => str::new_str("\r\n"),
        Some(v) if v.is_none() => return Err(type_error("lineterminator must be set")),
        Some(v) if str::payload(v).is_some() => v.clone(),
        Some(_) => return Err(type_error("\"lineterminator\" must be a string")),
    };
    let quotechar_none = quotechar.as_ref().is_some_and(Value::is_none);
    let quotechar = char_or_none("quotechar", quotechar.as_ref(), Some('"' as u32))?;
    let quoting_given = quoting.is_some();
    let mut quoting = match &quoting {
        None => QUOTE_MINIMAL,
        Some(v) if std::ptr::eq(v.ty(), &types::INT_TYPE) => int::as_i64(v)
            .filter(|q| i32::try_from(*q).is_ok())
            .ok_or_else(|| {
                PyErr::new(
                    &exception::OVERFLOW_ERROR,
                    "Python int too large to convert to C int",
                )
            })?,
        Some(_) => return Err(type_error("\"quoting\" must be an integer")),
    };
    let skipinitialspace = truth(vm, &skipinitialspace, false)?;
    let strict = truth(vm, &strict, false)?;
    if !(QUOTE_MINIMAL..=QUOTE_NONE).contains(&quoting) {
        return Err(type_error("bad \"quoting\" value"));
    }
    if quotechar_none && !quoting_given {
        quoting = QUOTE_NONE;
    }
    if quoting != QUOTE_NONE && quotechar.is_none() {
        return Err(type_error("quotechar must be set if quoting enabled"));
    }
    Ok(new_native(
        cls,
        Dialect {
            delimiter,
            quotechar,
            escapechar,
            doublequote,
            skipinitialspace,
            strict,
            quoting,
            lineterminator,
        },
    ))
}

fn char_value(c: Option<u32>) -> Value {
    match c {
        Some(c) => str::from_code_point(c),
        None => none(),
    }
}

fn d_delimiter(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(char_value(Some(dialect_of(this)?.delimiter)))
}

fn d_quotechar(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(char_value(dialect_of(this)?.quotechar))
}

fn d_escapechar(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(char_value(dialect_of(this)?.escapechar))
}

fn d_lineterminator(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(dialect_of(this)?.lineterminator.clone())
}

fn d_quoting(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(int::from_i64(dialect_of(this)?.quoting))
}

fn d_doublequote(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(bool_value(dialect_of(this)?.doublequote))
}

fn d_skipinitialspace(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(bool_value(dialect_of(this)?.skipinitialspace))
}

fn d_strict(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(bool_value(dialect_of(this)?.strict))
}

fn d_reduce_ex(_vm: &mut Vm, args: Args) -> PyResult {
    let ty = args.values[0].ty();
    let name = if std::ptr::eq(ty, &DIALECT_TYPE) {
        "_csv.Dialect".to_string()
    } else {
        ty.name()
    };
    Err(type_error(format!("cannot pickle '{name}' instances")))
}

/// Builds a dialect from the `dialect` argument and keyword arguments of a reader, writer or
/// `register_dialect` (CPython's `_call_dialect`).
fn call_dialect(vm: &mut Vm, dialect: Option<&Value>, kw: &[(&Value, &Value)]) -> PyResult {
    let mut values: Vec<Value> = dialect.into_iter().cloned().collect();
    let mut names = Vec::new();
    for (k, v) in kw {
        values.push((*v).clone());
        names.push((*k).clone());
    }
    let kwnames = tuple::new_tuple(names);
    vm.call_with(
        &DIALECT_TYPE.to_value(),
        Args {
            values: &values,
            kwnames: tuple::items(&kwnames),
        },
    )
}

/// Keyword arguments as (name, value) pairs.
type Keywords<'a> = Vec<(&'a Value, &'a Value)>;

/// Splits `args` into the positional arguments (at least `required`) and the keywords.
fn split_args<'a>(
    args: &'a Args,
    fname: &str,
    required: usize,
) -> PyResult<(Vec<&'a Value>, Keywords<'a>)> {
    let npos = args.values.len() - args.kwnames.len();
    let pos: Vec<&Value> = args.values[..npos].iter().collect();
    if pos.len() < required {
        return Err(type_error(format!(
            "{fname}() expected at least {required} argument{}, got {}",
            if required == 1 { "" } else { "s" },
            pos.len()
        )));
    }
    let kw = args.keywords().collect();
    Ok((pos, kw))
}

fn lookup_dialect(vm: &mut Vm, name: &Value) -> PyResult {
    let reg = registry();
    match dict::get_item(vm, &reg, name)? {
        Some(d) => Ok(d),
        None => Err(csv_error("unknown dialect")),
    }
}

// ---- reader ----

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    StartRecord,
    StartField,
    EscapedChar,
    InField,
    InQuotedField,
    EscapeInQuotedField,
    QuoteInQuotedField,
    EatCrnl,
    AfterEscapedCrnl,
}

struct Parser {
    state: State,
    fields: Vec<Value>,
    field: Vec<u32>,
    numeric_field: bool,
}

struct Reader {
    input: Value,
    dialect: Value,
    parser: RefCell<Parser>,
    line_num: Cell<u64>,
}

impl NativeData for Reader {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.input);
        visit(&self.dialect);
    }
}

fn reader_of(v: &Value) -> PyResult<&Reader> {
    native_ref::<Reader>(v).ok_or_else(|| type_error("_csv.reader object expected"))
}

impl Parser {
    fn add_char(&mut self, c: u32) -> PyResult<()> {
        let limit = FIELD_LIMIT.with(Cell::get);
        if self.field.len() as i64 >= limit {
            return Err(csv_error(format!(
                "field larger than field limit ({limit})"
            )));
        }
        self.field.push(c);
        Ok(())
    }

    fn save_field(&mut self, vm: &mut Vm) -> PyResult<()> {
        let mut buf = str::StrBuf::with_capacity(self.field.len());
        for &c in &self.field {
            buf.push_code_point(c);
        }
        self.field.clear();
        let mut field = buf.finish();
        if self.numeric_field {
            self.numeric_field = false;
            field = vm.call(&types::FLOAT_TYPE.to_value(), &[field])?;
        }
        self.fields.push(field);
        Ok(())
    }

    fn end_line(&mut self, vm: &mut Vm, c: u32) -> PyResult<()> {
        self.save_field(vm)?;
        self.state = if c == EOL {
            State::StartRecord
        } else {
            State::EatCrnl
        };
        Ok(())
    }

    /// One step of `_csv.c`'s `parse_process_char`.
    fn process(&mut self, vm: &mut Vm, d: &Dialect, mut c: u32) -> PyResult<()> {
        let is_nl = |c: u32| c == '\n' as u32 || c == '\r' as u32;
        let quote = |c: u32| d.quotechar == Some(c) && d.quoting != QUOTE_NONE;
        let escape = |c: u32| d.escapechar == Some(c);
        match self.state {
            State::StartRecord => {
                if c == EOL {
                    return Ok(());
                }
                if is_nl(c) {
                    self.state = State::EatCrnl;
                    return Ok(());
                }
                self.state = State::StartField;
                self.start_field(vm, d, c)?;
            }
            State::StartField => self.start_field(vm, d, c)?,
            State::EscapedChar => {
                if is_nl(c) {
                    self.add_char(c)?;
                    self.state = State::AfterEscapedCrnl;
                    return Ok(());
                }
                if c == EOL {
                    c = '\n' as u32;
                }
                self.add_char(c)?;
                self.state = State::InField;
            }
            State::AfterEscapedCrnl => {
                if c != EOL {
                    self.in_field(vm, d, c)?;
                }
            }
            State::InField => self.in_field(vm, d, c)?,
            State::InQuotedField => {
                if c == EOL {
                } else if escape(c) {
                    self.state = State::EscapeInQuotedField;
                } else if quote(c) {
                    self.state = if d.doublequote {
                        State::QuoteInQuotedField
                    } else {
                        State::InField
                    };
                } else {
                    self.add_char(c)?;
                }
            }
            State::EscapeInQuotedField => {
                if c == EOL {
                    c = '\n' as u32;
                }
                self.add_char(c)?;
                self.state = State::InQuotedField;
            }
            State::QuoteInQuotedField => {
                if quote(c) {
                    self.add_char(c)?;
                    self.state = State::InQuotedField;
                } else if c == d.delimiter {
                    self.save_field(vm)?;
                    self.state = State::StartField;
                } else if is_nl(c) || c == EOL {
                    self.end_line(vm, c)?;
                } else if !d.strict {
                    self.add_char(c)?;
                    self.state = State::InField;
                } else {
                    return Err(csv_error(format!(
                        "'{}' expected after '{}'",
                        char::from_u32(d.delimiter).unwrap_or('\u{fffd}'),
                        char::from_u32(d.quotechar.unwrap_or(0)).unwrap_or('\u{fffd}')
                    )));
                }
            }
            State::EatCrnl => {
                if is_nl(c) {
                } else if c == EOL {
                    self.state = State::StartRecord;
                } else {
                    return Err(csv_error(
                        "new-line character seen in unquoted field - do you need to open the \
                         file in universal-newline mode?",
                    ));
                }
            }
        }
        Ok(())
    }

    fn start_field(&mut self, vm: &mut Vm, d: &Dialect, c: u32) -> PyResult<()> {
        if c == '\n' as u32 || c == '\r' as u32 || c == EOL {
            self.end_line(vm, c)?;
        } else if d.quotechar == Some(c) && d.quoting != QUOTE_NONE {
            self.state = State::InQuotedField;
        } else if d.escapechar == Some(c) {
            self.state = State::EscapedChar;
        } else if c == ' ' as u32 && d.skipinitialspace {
        } else if c == d.delimiter {
            self.save_field(vm)?;
        } else {
            if d.quoting == QUOTE_NONNUMERIC {
                self.numeric_field = true;
            }
            self.add_char(c)?;
            self.state = State::InField;
        }
        Ok(())
    }

    fn in_field(&mut self, vm: &mut Vm, d: &Dialect, c: u32) -> PyResult<()> {
        if c == '\n' as u32 || c == '\r' as u32 || c == EOL {
            self.end_line(vm, c)?;
        } else if d.escapechar == Some(c) {
            self.state = State::EscapedChar;
        } else if c == d.delimiter {
            self.save_field(vm)?;
            self.state = State::StartField;
        } else {
            self.add_char(c)?;
            self.state = State::InField;
        }
        Ok(())
    }
}

fn reader(vm: &mut Vm, args: Args) -> PyResult {
    let (pos, kw) = split_args(&args, "reader", 1)?;
    if pos.len() > 2 {
        return Err(type_error(format!(
            "reader() takes at most 2 positional arguments ({} given)",
            pos.len()
        )));
    }
    let input = vm.iter(pos[0])?;
    let dialect = call_dialect(vm, pos.get(1).copied(), &kw)?;
    Ok(new_native(
        &READER_TYPE,
        Reader {
            input,
            dialect,
            parser: RefCell::new(Parser {
                state: State::StartRecord,
                fields: Vec::new(),
                field: Vec::new(),
                numeric_field: false,
            }),
            line_num: Cell::new(0),
        },
    ))
}

fn reader_next(vm: &mut Vm, args: Args) -> PyResult {
    let r = reader_of(&args.values[0])?;
    let d = dialect_of(&r.dialect)?;
    {
        let mut p = r.parser.borrow_mut();
        p.fields.clear();
        p.field.clear();
        p.state = State::StartRecord;
        p.numeric_field = false;
    }
    loop {
        let Some(line) = vm.next(&r.input)? else {
            let mut p = r.parser.borrow_mut();
            if !p.field.is_empty() || p.state == State::InQuotedField {
                if d.strict {
                    return Err(csv_error("unexpected end of data"));
                }
                p.save_field(vm)?;
                break;
            }
            return Err(exception::PyErrExt::stop());
        };
        let Some(s) = str::payload(&line) else {
            return Err(csv_error(format!(
                "iterator should return strings, not {} (the file should be opened in text mode)",
                line.ty().name()
            )));
        };
        r.line_num.set(r.line_num.get() + 1);
        let mut p = r.parser.borrow_mut();
        for c in s.code_points() {
            p.process(vm, d, c)?;
        }
        p.process(vm, d, EOL)?;
        if p.state == State::StartRecord {
            break;
        }
    }
    let fields = std::mem::take(&mut r.parser.borrow_mut().fields);
    Ok(list::new_list(fields))
}

fn reader_dialect(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(reader_of(this)?.dialect.clone())
}

fn reader_line_num(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(int::from_i64(reader_of(this)?.line_num.get() as i64))
}

// ---- writer ----

struct Writer {
    write: Value,
    dialect: Value,
}

impl NativeData for Writer {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.write);
        visit(&self.dialect);
    }
}

fn writer_of(v: &Value) -> PyResult<&Writer> {
    native_ref::<Writer>(v).ok_or_else(|| type_error("_csv.writer object expected"))
}

fn writer(vm: &mut Vm, args: Args) -> PyResult {
    let (pos, kw) = split_args(&args, "writer", 1)?;
    if pos.len() > 2 {
        return Err(type_error(format!(
            "writer() takes at most 2 positional arguments ({} given)",
            pos.len()
        )));
    }
    let Some(write) = vm.getattr_opt(pos[0], "write")? else {
        return Err(type_error("argument 1 must have a \"write\" method"));
    };
    let dialect = call_dialect(vm, pos.get(1).copied(), &kw)?;
    Ok(new_native(&WRITER_TYPE, Writer { write, dialect }))
}

/// Appends one field to `rec` (`_csv.c`'s `join_append_data`, both phases at once).
fn append_field(
    d: &Dialect,
    rec: &mut Vec<u32>,
    nfields: usize,
    field: &[u32],
    mut quoted: bool,
    lineterminator: &[u32],
) -> PyResult<()> {
    let mut body = Vec::with_capacity(field.len() + 2);
    for &c in field {
        let special = c == d.delimiter
            || d.escapechar == Some(c)
            || d.quotechar == Some(c)
            || lineterminator.contains(&c);
        if special {
            let mut want_escape = false;
            if d.quoting == QUOTE_NONE {
                want_escape = true;
            } else {
                if d.quotechar == Some(c) {
                    if d.doublequote {
                        body.push(c);
                    } else {
                        want_escape = true;
                    }
                } else if d.escapechar == Some(c) {
                    want_escape = true;
                }
                if !want_escape {
                    quoted = true;
                }
            }
            if want_escape {
                let Some(e) = d.escapechar else {
                    return Err(csv_error("need to escape, but no escapechar set"));
                };
                body.push(e);
            }
        }
        body.push(c);
    }
    if nfields > 0 {
        rec.push(d.delimiter);
    }
    let q = d.quotechar.filter(|_| quoted);
    rec.extend(q);
    rec.extend(body);
    rec.extend(q);
    Ok(())
}

fn writerow(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("writerow", 2, 2)?;
    let w = writer_of(&a[0])?;
    let d = dialect_of(&w.dialect)?;
    let row = &a[1];
    let it = match vm.iter(row) {
        Ok(it) => it,
        Err(e) if e.is_instance(&exception::TYPE_ERROR) => {
            return Err(csv_error(format!(
                "iterable expected, not {}",
                row.ty().name()
            )))
        }
        Err(e) => return Err(e),
    };
    let lineterminator: Vec<u32> = str::payload(&d.lineterminator)
        .map(|s| s.code_points().collect())
        .unwrap_or_default();
    let mut rec: Vec<u32> = Vec::new();
    let mut nfields = 0;
    while let Some(field) = vm.next(&it)? {
        let quoted = match d.quoting {
            QUOTE_NONNUMERIC => !number_check(&field),
            QUOTE_ALL => true,
            _ => false,
        };
        let text: Vec<u32> = if field.is_none() {
            Vec::new()
        } else if let Some(s) = str::payload(&field) {
            s.code_points().collect()
        } else {
            let s = vm.str(&field)?;
            str::payload(&s)
                .map(|s| s.code_points().collect())
                .unwrap_or_default()
        };
        append_field(d, &mut rec, nfields, &text, quoted, &lineterminator)?;
        nfields += 1;
    }
    if nfields > 0 && rec.is_empty() {
        if d.quoting == QUOTE_NONE {
            return Err(csv_error("single empty field record must be quoted"));
        }
        append_field(d, &mut rec, 0, &[], true, &lineterminator)?;
    }
    rec.extend(lineterminator);
    let mut buf = str::StrBuf::with_capacity(rec.len());
    for c in rec {
        buf.push_code_point(c);
    }
    let line = buf.finish();
    let write = w.write.clone();
    vm.call(&write, &[line])
}

fn writerows(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("writerows", 2, 2)?;
    let this = a[0].clone();
    let it = vm.iter(&a[1])?;
    while let Some(row) = vm.next(&it)? {
        writerow(
            vm,
            Args {
                values: &[this.clone(), row],
                kwnames: &[],
            },
        )?;
    }
    Ok(none())
}

fn writer_dialect(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(writer_of(this)?.dialect.clone())
}

// ---- module functions ----

fn register_dialect(vm: &mut Vm, args: Args) -> PyResult {
    let (pos, kw) = split_args(&args, "register_dialect", 1)?;
    if pos.len() > 2 {
        return Err(type_error(format!(
            "register_dialect() expected at most 2 arguments, got {}",
            pos.len()
        )));
    }
    if str::payload(pos[0]).is_none() {
        return Err(type_error("dialect name must be a string"));
    }
    let dialect = call_dialect(vm, pos.get(1).copied(), &kw)?;
    dict::set_item(vm, &registry(), pos[0].clone(), dialect)?;
    Ok(none())
}

fn unregister_dialect(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("unregister_dialect", &["name"], 1)?;
    let name = b[0].as_ref().expect("name");
    let reg = registry();
    match dict::get_item(vm, &reg, name) {
        Ok(Some(_)) => {
            dict::del_item(vm, &reg, name)?;
            Ok(none())
        }
        Ok(None) => Err(csv_error("unknown dialect")),
        Err(e) if e.is_instance(&exception::TYPE_ERROR) => Err(csv_error("unknown dialect")),
        Err(e) => Err(e),
    }
}

fn get_dialect(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("get_dialect", &["name"], 1)?;
    match lookup_dialect(vm, b[0].as_ref().expect("name")) {
        Err(e) if e.is_instance(&exception::TYPE_ERROR) => Err(csv_error("unknown dialect")),
        r => r,
    }
}

fn list_dialects(_vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("list_dialects", 0, 0)?;
    Ok(list::new_list(dict::keys(&registry())))
}

fn field_size_limit(_vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("field_size_limit", &["new_limit"], 0)?;
    let old = FIELD_LIMIT.with(Cell::get);
    if let Some(v) = &b[0] {
        if !int::is_int(v) {
            return Err(type_error("limit must be an integer"));
        }
        let n = int::as_i64(v).ok_or_else(|| {
            PyErr::new(
                &exception::OVERFLOW_ERROR,
                "Python int too large to convert to C long",
            )
        })?;
        FIELD_LIMIT.with(|l| l.set(n));
    }
    Ok(int::from_i64(old))
}

const DOC: &str = "CSV parsing and writing.\n\n\
This module provides classes that assist in the reading and writing\n\
of Comma Separated Value (CSV) files, and implements the interface\n\
described by PEP 305.  Although many CSV files are simple to parse,\n\
the format is not formally defined by a stable specification and\n\
is subtle enough that parsing lines of a CSV file with something\n\
like line.split(\",\") is bound to fail.  The module supports three\n\
basic APIs: reading, writing, and registration of dialects.\n";

/// Creates the `_csv` module.
pub fn new_module(vm: &mut Vm) -> PyResult {
    install_native_type(&TypeSpec {
        ty: &DIALECT_TYPE,
        methods: methods![
            MethodDef::static_("__new__", dialect_new),
            MethodDef::method("__reduce_ex__", d_reduce_ex),
        ],
        getsets: getsets![
            GetSetDef::readonly("delimiter", d_delimiter),
            GetSetDef::readonly("quotechar", d_quotechar),
            GetSetDef::readonly("escapechar", d_escapechar),
            GetSetDef::readonly("lineterminator", d_lineterminator),
            GetSetDef::readonly("quoting", d_quoting),
            GetSetDef::readonly("doublequote", d_doublequote),
            GetSetDef::readonly("skipinitialspace", d_skipinitialspace),
            GetSetDef::readonly("strict", d_strict),
        ],
        doc: Some("CSV dialect\n\nThe Dialect type records CSV parsing and generation options.\n"),
    });
    install_native_type(&TypeSpec {
        ty: &READER_TYPE,
        methods: methods![
            crate::builtins::methods::iter::ITER,
            MethodDef::method("__next__", reader_next),
        ],
        getsets: getsets![
            GetSetDef::readonly("dialect", reader_dialect),
            GetSetDef::readonly("line_num", reader_line_num),
        ],
        doc: None,
    });
    install_native_type(&TypeSpec {
        ty: &WRITER_TYPE,
        methods: methods![
            MethodDef::method("writerow", writerow),
            MethodDef::method("writerows", writerows),
        ],
        getsets: getsets![GetSetDef::readonly("dialect", writer_dialect)],
        doc: None,
    });
    for ty in [&DIALECT_TYPE, &READER_TYPE, &WRITER_TYPE] {
        *ty.module.borrow_mut() = std::borrow::Cow::Borrowed("_csv");
    }
    let m = module::new_module("_csv");
    let err =
        super::new_exception_class(vm, "_csv", "Error", vec![exception::EXCEPTION.to_value()])?;
    ERROR.with(|e| *e.borrow_mut() = Some(err.clone()));
    module::set_attr(&m, "Error", err);
    module::set_attr(&m, "Dialect", DIALECT_TYPE.to_value());
    module::set_attr(&m, "_dialects", registry());
    let fns: &[(&'static str, crate::object::error::NativeFn)] = &[
        ("reader", reader),
        ("writer", writer),
        ("register_dialect", register_dialect),
        ("unregister_dialect", unregister_dialect),
        ("get_dialect", get_dialect),
        ("list_dialects", list_dialects),
        ("field_size_limit", field_size_limit),
    ];
    crate::modules::add_functions(&m, fns);
    for (name, v) in [
        ("QUOTE_MINIMAL", QUOTE_MINIMAL),
        ("QUOTE_ALL", QUOTE_ALL),
        ("QUOTE_NONNUMERIC", QUOTE_NONNUMERIC),
        ("QUOTE_NONE", QUOTE_NONE),
    ] {
        module::set_attr(&m, name, int::from_i64(v));
    }
    module::set_attr(&m, "__version__", str::new_str("1.0"));
    module::set_attr(&m, "__doc__", str::new_str(DOC));
    Ok(m)
}
