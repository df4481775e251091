//! `_contextvars`, CPython's C module under `contextvars`: `ContextVar`, `Token`, `Context` and
//! `copy_context`. A context is a persistent hash map (rpds), so copying one is O(1) and
//! setting a variable O(log n), as with CPython's HAMT.

use std::cell::{Cell, RefCell};

use rpds::HashTrieMap;

use crate::object::error::{Args, PyErr, PyResult};
use crate::object::exception::{runtime_error, type_error, value_error, KEY_ERROR, LOOKUP_ERROR};
use crate::object::native::{install_native_type, native_ref, new_native, NativeData};
use crate::object::typeobj::{Layout, TypeObject};
use crate::object::types::{bool_value, none, GetSetDef, MethodDef, TypeSpec, OBJECT_TYPE};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

pub static CONTEXT_VAR_TYPE: TypeObject =
    TypeObject::new_static("ContextVar", Layout::Native, Some(&OBJECT_TYPE), 0);
pub static TOKEN_TYPE: TypeObject =
    TypeObject::new_static("Token", Layout::Native, Some(&OBJECT_TYPE), 0);
pub static CONTEXT_TYPE: TypeObject =
    TypeObject::new_static("Context", Layout::Native, Some(&OBJECT_TYPE), 0);
pub static MISSING_TYPE: TypeObject =
    TypeObject::new_static("Token.MISSING", Layout::Native, Some(&OBJECT_TYPE), 0);

/// Variable (by address) to `(variable, value)`: the variable is kept alive by the map.
type Vars = HashTrieMap<usize, (Value, Value)>;

struct ContextVar {
    name: Value,
    default: Option<Value>,
}
impl NativeData for ContextVar {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.name);
        if let Some(d) = &self.default {
            visit(d);
        }
    }
}

struct Context {
    vars: RefCell<Vars>,
    entered: Cell<bool>,
}
impl NativeData for Context {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        for (k, v) in self.vars.borrow().values() {
            visit(k);
            visit(v);
        }
    }
    fn clear(&self, out: &mut Vec<Value>) {
        let old = std::mem::take(&mut *self.vars.borrow_mut());
        for (k, v) in old.values() {
            out.push(k.clone());
            out.push(v.clone());
        }
    }
}

struct Token {
    context: Value,
    var: Value,
    /// The value before the `set` (None when the variable was unset).
    old: Option<Value>,
    used: Cell<bool>,
}
impl NativeData for Token {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.context);
        visit(&self.var);
        if let Some(o) = &self.old {
            visit(o);
        }
    }
}

struct Missing;
impl NativeData for Missing {}

thread_local! {
    /// Entered contexts, innermost last; the first is created on first use.
    static STACK: RefCell<Vec<Value>> = const { RefCell::new(Vec::new()) };
    static MISSING: RefCell<Option<Value>> = const { RefCell::new(None) };
}

fn missing() -> Value {
    MISSING.with(|m| {
        m.borrow_mut()
            .get_or_insert_with(|| {
                let v = new_native(&MISSING_TYPE, Missing);
                v.make_immortal();
                v
            })
            .clone()
    })
}

fn new_context(vars: Vars) -> Value {
    new_native(
        &CONTEXT_TYPE,
        Context {
            vars: RefCell::new(vars),
            entered: Cell::new(false),
        },
    )
}

/// The current context.
fn current() -> Value {
    STACK.with(|s| {
        let mut s = s.borrow_mut();
        if s.is_empty() {
            let c = new_context(Vars::new());
            if let Some(ctx) = native_ref::<Context>(&c) {
                ctx.entered.set(true);
            }
            s.push(c);
        }
        s.last().expect("non-empty").clone()
    })
}

fn ctx_of(v: &Value) -> PyResult<&Context> {
    native_ref::<Context>(v).ok_or_else(|| type_error("an instance of Context was expected"))
}

fn var_of(v: &Value) -> PyResult<&ContextVar> {
    native_ref::<ContextVar>(v).ok_or_else(|| type_error("an instance of ContextVar was expected"))
}

fn token_of(v: &Value) -> PyResult<&Token> {
    native_ref::<Token>(v).ok_or_else(|| type_error("an instance of Token was expected"))
}

fn cv_new(_vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("ContextVar", &["cls", "name", "default"], 2)?;
    let name = b[1].clone().expect("name");
    if str::as_str(&name).is_none() {
        return Err(type_error("context variable name must be a str"));
    }
    Ok(new_native(
        &CONTEXT_VAR_TYPE,
        ContextVar {
            name,
            default: b[2].clone(),
        },
    ))
}

fn cv_get(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("get", 1, 2)?;
    let var = var_of(&a[0])?;
    let ctx = current();
    if let Some((_, v)) = ctx_of(&ctx)?.vars.borrow().get(&a[0].word()) {
        return Ok(v.clone());
    }
    if let Some(d) = a.get(1) {
        return Ok(d.clone());
    }
    if let Some(d) = &var.default {
        return Ok(d.clone());
    }
    Err(PyErr(exception::new_exception(
        &LOOKUP_ERROR,
        vec![a[0].clone()],
    )))
}

fn cv_set(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("set", 2, 2)?;
    var_of(&a[0])?;
    let ctx_value = current();
    let ctx = ctx_of(&ctx_value)?;
    let old = ctx.vars.borrow().get(&a[0].word()).map(|(_, v)| v.clone());
    let updated = ctx
        .vars
        .borrow()
        .insert(a[0].word(), (a[0].clone(), a[1].clone()));
    *ctx.vars.borrow_mut() = updated;
    Ok(new_native(
        &TOKEN_TYPE,
        Token {
            context: ctx_value.clone(),
            var: a[0].clone(),
            old,
            used: Cell::new(false),
        },
    ))
}

fn token_repr_text(tok: &Value) -> String {
    format!("<Token var=... at {:#x}>", tok.word())
}

fn cv_reset(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("reset", 2, 2)?;
    var_of(&a[0])?;
    let t = token_of(&a[1])?;
    if t.used.get() {
        return Err(runtime_error(format!(
            "{} has already been used once",
            token_repr_text(&a[1])
        )));
    }
    if !t.var.is(&a[0]) {
        return Err(value_error(format!(
            "{} was created by a different ContextVar",
            token_repr_text(&a[1])
        )));
    }
    let ctx_value = current();
    if !t.context.is(&ctx_value) {
        return Err(value_error(format!(
            "{} was created in a different Context",
            token_repr_text(&a[1])
        )));
    }
    t.used.set(true);
    let ctx = ctx_of(&ctx_value)?;
    let updated = match &t.old {
        Some(o) => ctx
            .vars
            .borrow()
            .insert(a[0].word(), (a[0].clone(), o.clone())),
        None => ctx.vars.borrow().remove(&a[0].word()),
    };
    *ctx.vars.borrow_mut() = updated;
    Ok(none())
}

fn cv_repr(vm: &mut Vm, args: Args) -> PyResult {
    let me = &args.values[0];
    let v = var_of(me)?;
    let name = vm.repr_string(&v.name)?;
    let default = match &v.default {
        Some(d) => format!(" default={}", vm.repr_string(d)?),
        None => String::new(),
    };
    Ok(str::from_string(format!(
        "<ContextVar name={name}{default} at {:#x}>",
        me.word()
    )))
}

fn cv_name(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(var_of(this)?.name.clone())
}

fn cv_hash(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(int::from_i64((args.values[0].word() >> 4) as i64))
}

fn token_var(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(token_of(this)?.var.clone())
}

fn token_old_value(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(token_of(this)?.old.clone().unwrap_or_else(missing))
}

fn token_repr(vm: &mut Vm, args: Args) -> PyResult {
    let me = &args.values[0];
    let t = token_of(me)?;
    let var = vm.repr_string(&t.var)?;
    Ok(str::from_string(format!(
        "<Token{} var={var} at {:#x}>",
        if t.used.get() { " used" } else { "" },
        me.word()
    )))
}

fn missing_repr(_vm: &mut Vm, _args: Args) -> PyResult {
    Ok(str::new_str("<Token.MISSING>"))
}

fn ctx_new(_vm: &mut Vm, args: Args) -> PyResult {
    if args.values.len() > 1 {
        return Err(type_error("Context() does not accept any arguments"));
    }
    Ok(new_context(Vars::new()))
}

fn copy_context(_vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("copy_context", 0, 0)?;
    let c = current();
    let vars = ctx_of(&c)?.vars.borrow().clone();
    Ok(new_context(vars))
}

fn ctx_copy(_vm: &mut Vm, args: Args) -> PyResult {
    let vars = ctx_of(&args.values[0])?.vars.borrow().clone();
    Ok(new_context(vars))
}

fn ctx_run(vm: &mut Vm, args: Args) -> PyResult {
    let me = args.values[0].clone();
    let ctx = ctx_of(&me)?;
    let Some(f) = args.positional().get(1).cloned() else {
        return Err(type_error("run() missing 1 required positional argument"));
    };
    if ctx.entered.get() {
        return Err(runtime_error(format!(
            "cannot enter context: <Context object at {:#x}> is already entered",
            me.word()
        )));
    }
    ctx.entered.set(true);
    // The base context exists below the one entered.
    current();
    STACK.with(|s| s.borrow_mut().push(me.clone()));
    let r = vm.call_with(
        &f,
        Args {
            values: &args.values[2..],
            kwnames: args.kwnames,
        },
    );
    STACK.with(|s| s.borrow_mut().pop());
    if let Ok(c) = ctx_of(&me) {
        c.entered.set(false);
    }
    r
}

fn ctx_getitem(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__getitem__", 2, 2)?;
    var_of(&a[1])?;
    match ctx_of(&a[0])?.vars.borrow().get(&a[1].word()) {
        Some((_, v)) => Ok(v.clone()),
        None => Err(PyErr(exception::new_exception(
            &KEY_ERROR,
            vec![a[1].clone()],
        ))),
    }
}

fn ctx_get(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("get", 2, 3)?;
    var_of(&a[1])?;
    match ctx_of(&a[0])?.vars.borrow().get(&a[1].word()) {
        Some((_, v)) => Ok(v.clone()),
        None => Ok(a.get(2).cloned().unwrap_or_else(none)),
    }
}

fn ctx_contains(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__contains__", 2, 2)?;
    var_of(&a[1])?;
    Ok(bool_value(
        ctx_of(&a[0])?.vars.borrow().contains_key(&a[1].word()),
    ))
}

fn ctx_len(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(int::from_usize(
        ctx_of(&args.values[0])?.vars.borrow().size(),
    ))
}

fn ctx_items_of(v: &Value) -> PyResult<Vec<(Value, Value)>> {
    Ok(ctx_of(v)?.vars.borrow().values().cloned().collect())
}

fn ctx_keys(_vm: &mut Vm, args: Args) -> PyResult {
    let items = ctx_items_of(&args.values[0])?;
    Ok(list::new_list(items.into_iter().map(|(k, _)| k).collect()))
}

fn ctx_values(_vm: &mut Vm, args: Args) -> PyResult {
    let items = ctx_items_of(&args.values[0])?;
    Ok(list::new_list(items.into_iter().map(|(_, v)| v).collect()))
}

fn ctx_items(_vm: &mut Vm, args: Args) -> PyResult {
    let items = ctx_items_of(&args.values[0])?;
    Ok(list::new_list(
        items
            .into_iter()
            .map(|(k, v)| tuple::from_array([k, v]))
            .collect(),
    ))
}

fn ctx_iter(vm: &mut Vm, args: Args) -> PyResult {
    let keys = ctx_keys(vm, args)?;
    vm.iter(&keys)
}

fn types() -> [TypeSpec; 4] {
    [
        TypeSpec {
            ty: &CONTEXT_VAR_TYPE,
            methods: methods![
                MethodDef::static_("__new__", cv_new),
                MethodDef::method("get", cv_get),
                MethodDef::method("set", cv_set),
                MethodDef::method("reset", cv_reset),
                MethodDef::method("__repr__", cv_repr),
                MethodDef::method("__hash__", cv_hash),
                MethodDef::class(
                    "__class_getitem__",
                    crate::builtins::methods::genericalias::class_getitem
                ),
            ],
            getsets: getsets![GetSetDef::readonly("name", cv_name)],
            doc: None,
        },
        TypeSpec {
            ty: &TOKEN_TYPE,
            methods: methods![
                MethodDef::method("__repr__", token_repr),
                MethodDef::class(
                    "__class_getitem__",
                    crate::builtins::methods::genericalias::class_getitem
                ),
            ],
            getsets: getsets![
                GetSetDef::readonly("var", token_var),
                GetSetDef::readonly("old_value", token_old_value),
            ],
            doc: None,
        },
        TypeSpec {
            ty: &CONTEXT_TYPE,
            methods: methods![
                MethodDef::static_("__new__", ctx_new),
                MethodDef::method("run", ctx_run),
                MethodDef::method("copy", ctx_copy),
                MethodDef::method("__getitem__", ctx_getitem),
                MethodDef::method("get", ctx_get),
                MethodDef::method("__contains__", ctx_contains),
                MethodDef::method("__len__", ctx_len),
                MethodDef::method("__iter__", ctx_iter),
                MethodDef::method("keys", ctx_keys),
                MethodDef::method("values", ctx_values),
                MethodDef::method("items", ctx_items),
            ],
            getsets: getsets![],
            doc: None,
        },
        TypeSpec {
            ty: &MISSING_TYPE,
            methods: methods![MethodDef::method("__repr__", missing_repr)],
            getsets: getsets![],
            doc: None,
        },
    ]
}

/// Creates the `_contextvars` module.
pub fn new_module(_vm: &mut Vm) -> PyResult<Value> {
    for spec in &types() {
        install_native_type(spec);
    }
    dict::set_str(
        &TOKEN_TYPE.dict_value(),
        &str::intern_static("MISSING"),
        missing(),
    );
    for ty in [&CONTEXT_VAR_TYPE, &TOKEN_TYPE, &CONTEXT_TYPE] {
        *ty.module.borrow_mut() = std::borrow::Cow::Borrowed("_contextvars");
    }
    let m = module::new_module("_contextvars");
    module::set_attr(&m, "ContextVar", CONTEXT_VAR_TYPE.to_value());
    module::set_attr(&m, "Token", TOKEN_TYPE.to_value());
    module::set_attr(&m, "Context", CONTEXT_TYPE.to_value());
    module::set_attr(
        &m,
        "copy_context",
        function::new_builtin_function("copy_context", copy_context, Some(m.clone())),
    );
    Ok(m)
}
