//! `_ast`, CPython's C module under `ast`: the `AST` base class and every node class, with
//! CPython 3.11's `_fields`, `_attributes` and constructors, so that `ast`, `inspect`,
//! `dataclasses` and friends import and node objects can be built and walked.
//!
//! `ast.parse` (`compile(..., PyCF_ONLY_AST)`) builds these nodes from the parser's tree as
//! `compile::pyast` describes it; `compile()` of a tree reads the nodes back into that
//! description (`object_to_tree`) and `compile::from_pyast` checks and compiles it.

use std::collections::HashMap;

use super::ast_nodes::{NodeClass, NODE_CLASSES};
use crate::bytecode::code::Constant;
use crate::compile::pyast::{AstNode, PyAst};
use crate::object::error::{Args, PyResult};
use crate::object::exception::type_error;
use crate::object::typeobj::flags::BASETYPE;
use crate::object::typeobj::{Layout, TypeObject};
use crate::object::types::{none, MethodDef, TypeSpec, LIST_TYPE, OBJECT_TYPE};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

pub static AST_TYPE: TypeObject =
    TypeObject::new_static("AST", Layout::Instance, Some(&OBJECT_TYPE), BASETYPE);

/// `compile()` flag: return the AST instead of code.
pub const PYCF_ONLY_AST: i64 = 1024;
pub const PYCF_TYPE_COMMENTS: i64 = 4096;
pub const PYCF_ALLOW_TOP_LEVEL_AWAIT: i64 = 8192;

/// `AST(*args, **kwargs)`: positional arguments fill `_fields` in order, keywords set any
/// attribute.
fn ast_init(vm: &mut Vm, args: Args) -> PyResult {
    let me = &args.values[0];
    let pos = &args.positional()[1..];
    let ty = me.ty().to_value();
    let fields = match vm.getattr_opt(&ty, "_fields")? {
        Some(f) => vm.collect(&f)?,
        None => Vec::new(),
    };
    if pos.len() > fields.len() {
        return Err(type_error(format!(
            "{} constructor takes at most {} positional argument{}",
            me.ty().name(),
            fields.len(),
            if fields.len() == 1 { "" } else { "s" }
        )));
    }
    for (name, v) in fields.iter().zip(pos) {
        vm.setattr_value(me, name, Some(v.clone()))?;
    }
    for (k, v) in args.keywords() {
        vm.setattr_value(me, k, Some(v.clone()))?;
    }
    Ok(none())
}

fn ast_reduce(_vm: &mut Vm, args: Args) -> PyResult {
    let me = &args.values[0];
    let ty = me.ty().to_value();
    Ok(
        match instance::instance_dict(me).filter(|d| dict::len(d) > 0) {
            Some(d) => tuple::from_array([ty, tuple::from_array([]), d]),
            None => tuple::from_array([ty, tuple::from_array([])]),
        },
    )
}

/// The node objects of a parse tree description (`compile::pyast`).
pub fn tree_to_object(vm: &mut Vm, tree: PyAst) -> PyResult {
    let m = vm.import_module("_ast")?;
    build(vm, &m, tree)
}

fn build(vm: &mut Vm, m: &Value, tree: PyAst) -> PyResult {
    Ok(match tree {
        PyAst::None => none(),
        PyAst::Opaque { type_name, .. } => {
            return Err(type_error(format!(
                "cannot make an AST node from {type_name}"
            )))
        }
        PyAst::Ident(s) => str::intern(&s),
        PyAst::Const(c) => crate::object::code::constant_to_value(&c),
        PyAst::List(items) => {
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                out.push(build(vm, m, item)?);
            }
            list::new_list(out)
        }
        PyAst::Node(n) => {
            let cls = vm.getattr(m, n.class)?;
            let obj = vm.call(&cls, &[])?;
            for (name, value) in n.fields {
                let v = build(vm, m, value)?;
                vm.setattr(&obj, name, v)?;
            }
            if let Some([l, c, el, ec]) = n.pos {
                for (name, v) in [
                    ("lineno", l),
                    ("col_offset", c),
                    ("end_lineno", el),
                    ("end_col_offset", ec),
                ] {
                    vm.setattr(&obj, name, int::from_i64(v as i64))?;
                }
            }
            obj
        }
    })
}

/// The description of a tree of node objects, as `compile()` reads it (CPython's
/// `obj2ast_*`): each node's class is the `_ast` class it is or derives from; its fields are
/// that class's `_fields` and, for classes with positions, its `_attributes`. A field that is
/// missing and has no None default is CPython's `TypeError`.
pub fn object_to_tree(vm: &mut Vm, obj: &Value) -> PyResult<PyAst> {
    let m = vm.import_module("_ast")?;
    let mut classes = HashMap::new();
    for class in NODE_CLASSES {
        let ty = vm.getattr(&m, class.name)?;
        classes.insert(ty.word(), class);
    }
    let mut reader = TreeReader { classes };
    reader.value(vm, obj)
}

struct TreeReader {
    /// The `_ast` classes by address.
    classes: HashMap<usize, &'static NodeClass>,
}

fn inherited(
    class: &NodeClass,
    part: impl Fn(&NodeClass) -> Option<&'static [&'static str]>,
) -> (&'static [&'static str], &'static str) {
    let mut c = class;
    loop {
        if let Some(p) = part(c) {
            return (p, c.name);
        }
        match c
            .base
            .and_then(|b| NODE_CLASSES.iter().find(|n| n.name == b))
        {
            Some(base) => c = base,
            None => return (&[], c.name),
        }
    }
}

impl TreeReader {
    fn node_class(&self, v: &Value) -> Option<&'static NodeClass> {
        let mro = v.ty().mro.borrow();
        mro.iter()
            .find_map(|t| self.classes.get(&t.word()).copied())
    }

    fn value(&mut self, vm: &mut Vm, v: &Value) -> PyResult<PyAst> {
        if v.is_none() {
            return Ok(PyAst::None);
        }
        if let Some(class) = self.node_class(v) {
            return self.node(vm, v, class);
        }
        if v.ty().is_subtype(&LIST_TYPE) || v.is_type(&LIST_TYPE) {
            let items = list::items(v);
            let mut out = Vec::with_capacity(items.len());
            for item in &items {
                out.push(self.value(vm, item)?);
            }
            return Ok(PyAst::List(out));
        }
        match constant_of(v) {
            Ok(c) => Ok(PyAst::Const(c)),
            Err(type_name) => Ok(PyAst::Opaque {
                type_name,
                repr: vm.repr_string(v)?,
            }),
        }
    }

    fn node(&mut self, vm: &mut Vm, v: &Value, class: &'static NodeClass) -> PyResult<PyAst> {
        vm.enter_native(&format!(" while traversing '{}' node", class.name))?;
        let r = self.node_fields(vm, v, class);
        vm.leave_native();
        r
    }

    fn node_fields(
        &mut self,
        vm: &mut Vm,
        v: &Value,
        class: &'static NodeClass,
    ) -> PyResult<PyAst> {
        let (fields, _) = inherited(class, |c| c.fields);
        let mut out = Vec::with_capacity(fields.len());
        for &name in fields {
            let value = match vm.getattr_opt(v, name)? {
                Some(f) => self.value(vm, &f)?,
                None => {
                    return Err(type_error(format!(
                        "required field \"{name}\" missing from {}",
                        class.name
                    )))
                }
            };
            out.push((name, value));
        }
        let (attributes, owner) = inherited(class, |c| c.attributes);
        let pos = if attributes.is_empty() {
            None
        } else {
            let mut p = [0i32; 4];
            for (i, name) in ["lineno", "col_offset", "end_lineno", "end_col_offset"]
                .iter()
                .enumerate()
            {
                let value = vm.getattr_opt(v, name)?.filter(|x| !x.is_none());
                p[i] = match value {
                    Some(x) => vm.index_i64(&x)?.clamp(i32::MIN.into(), i32::MAX.into()) as i32,
                    // A missing end is the start, as CPython's compiler takes it.
                    None if i >= 2 => p[i - 2],
                    None => {
                        return Err(type_error(format!(
                            "required field \"{name}\" missing from {owner}"
                        )))
                    }
                };
            }
            Some(p)
        };
        Ok(PyAst::Node(Box::new(AstNode {
            class: class.name,
            fields: out,
            pos,
            origin: v.word(),
        })))
    }
}

/// The constant a value is, for a `Constant` node (CPython's `validate_constant`: exact
/// types only, tuples of constants); otherwise the type name of the first value that cannot
/// be one.
fn constant_of(v: &Value) -> Result<Constant, String> {
    use crate::object::types::{
        BOOL_TYPE, BYTES_TYPE, COMPLEX_TYPE, ELLIPSIS_TYPE, FLOAT_TYPE, INT_TYPE, STR_TYPE,
        TUPLE_TYPE,
    };
    let invalid = || v.ty().name();
    if v.is_type(&BOOL_TYPE) {
        return Ok(Constant::Bool(int::as_i64(v).ok_or_else(invalid)? != 0));
    }
    if v.is_type(&INT_TYPE) {
        return int::as_bigint(v).map(Constant::Int).ok_or_else(invalid);
    }
    if v.is_type(&FLOAT_TYPE) {
        return float::as_f64(v).map(Constant::Float).ok_or_else(invalid);
    }
    if v.is_type(&COMPLEX_TYPE) {
        let (real, imag) = complex::as_complex(v).ok_or_else(invalid)?;
        return Ok(Constant::Complex { real, imag });
    }
    if v.is_type(&STR_TYPE) {
        let s = str::payload(v).ok_or_else(invalid)?;
        return Ok(if s.has_surrogates() {
            Constant::ExactStr(s.exact_bytes().to_vec())
        } else {
            Constant::Str(s.as_str().into())
        });
    }
    if v.is_type(&BYTES_TYPE) {
        return Ok(Constant::Bytes(
            bytes::as_bytes(v).ok_or_else(invalid)?.to_vec(),
        ));
    }
    if v.is_type(&ELLIPSIS_TYPE) {
        return Ok(Constant::Ellipsis);
    }
    if v.is_type(&TUPLE_TYPE) {
        let items = tuple::items(v);
        return Ok(Constant::Tuple(
            items
                .iter()
                .map(constant_of)
                .collect::<Result<Vec<_>, _>>()?,
        ));
    }
    Err(invalid())
}

fn str_tuple(names: &[&str]) -> Value {
    tuple::new_tuple(names.iter().map(|n| str::new_str(n)).collect())
}

/// Creates the `_ast` module: the base class, then each node class as a subclass of its
/// base, in the order the table lists them (bases first).
pub fn new_module(vm: &mut Vm) -> PyResult<Value> {
    crate::object::native::install_native_type(&TypeSpec {
        ty: &AST_TYPE,
        methods: methods![
            MethodDef::method("__init__", ast_init),
            MethodDef::method("__reduce__", ast_reduce),
        ],
        getsets: getsets![],
        doc: None,
    });
    *AST_TYPE.module.borrow_mut() = std::borrow::Cow::Borrowed("ast");
    let m = module::new_module("_ast");
    let ast_dict = AST_TYPE.dict_value();
    dict::set_str(&ast_dict, &str::intern_static("_fields"), str_tuple(&[]));
    dict::set_str(
        &ast_dict,
        &str::intern_static("_attributes"),
        str_tuple(&[]),
    );
    module::set_attr(&m, "AST", AST_TYPE.to_value());
    for (name, v) in [
        ("PyCF_ONLY_AST", PYCF_ONLY_AST),
        ("PyCF_TYPE_COMMENTS", PYCF_TYPE_COMMENTS),
        ("PyCF_ALLOW_TOP_LEVEL_AWAIT", PYCF_ALLOW_TOP_LEVEL_AWAIT),
    ] {
        module::set_attr(&m, name, int::from_i64(v));
    }
    let type_type = types::TYPE_TYPE.to_value();
    for node in NODE_CLASSES.iter().filter(|n| n.name != "AST") {
        let base_name = node.base.unwrap_or("AST");
        let base = vm.getattr(&m, base_name)?;
        let ns = dict::new_dict();
        dict::set_str(&ns, &str::intern_static("__module__"), str::new_str("ast"));
        if let Some(f) = node.fields {
            dict::set_str(&ns, &str::intern_static("_fields"), str_tuple(f));
            dict::set_str(&ns, &str::intern_static("__match_args__"), str_tuple(f));
        }
        if let Some(a) = node.attributes {
            dict::set_str(&ns, &str::intern_static("_attributes"), str_tuple(a));
        }
        for d in node.none_defaults {
            dict::set_str(&ns, &str::intern(d), none());
        }
        let cls = vm.call(
            &type_type,
            &[str::new_str(node.name), tuple::from_array([base]), ns],
        )?;
        module::set_attr(&m, node.name, cls);
    }
    Ok(m)
}
