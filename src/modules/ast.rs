//! `_ast`, CPython's C module under `ast`: the `AST` base class and every node class, with
//! CPython 3.11's `_fields`, `_attributes` and constructors, so that `ast`, `inspect`,
//! `dataclasses` and friends import and node objects can be built and walked.
//!
//! `ast.parse` (`compile(..., PyCF_ONLY_AST)`) builds these nodes from the parser's tree as
//! `compile::pyast` describes it. Compiling a tree back to code is not built yet: `compile`
//! says so with a clear error.

use super::ast_nodes::NODE_CLASSES;
use crate::object::exception::type_error;
use crate::object::typeobj::flags::BASETYPE;
use crate::object::typeobj::{Layout, TypeObject};
use crate::object::types::{none, MethodDef, TypeSpec, OBJECT_TYPE};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::{Args, PyResult, Vm};

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
            Some(d) => tuple::new_tuple(vec![ty, tuple::new_tuple(vec![]), d]),
            None => tuple::new_tuple(vec![ty, tuple::new_tuple(vec![])]),
        },
    )
}

/// The node objects of a parse tree description (`compile::pyast`).
pub fn tree_to_object(vm: &mut Vm, tree: crate::compile::pyast::PyAst) -> PyResult {
    let m = vm.import_module("_ast")?;
    build(vm, &m, tree)
}

fn build(vm: &mut Vm, m: &Value, tree: crate::compile::pyast::PyAst) -> PyResult {
    use crate::compile::pyast::PyAst;
    Ok(match tree {
        PyAst::None => none(),
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
    dict::set_str(&ast_dict, &str::intern("_fields"), str_tuple(&[]));
    dict::set_str(&ast_dict, &str::intern("_attributes"), str_tuple(&[]));
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
        dict::set_str(&ns, &str::intern("__module__"), str::new_str("ast"));
        if let Some(f) = node.fields {
            dict::set_str(&ns, &str::intern("_fields"), str_tuple(f));
            dict::set_str(&ns, &str::intern("__match_args__"), str_tuple(f));
        }
        if let Some(a) = node.attributes {
            dict::set_str(&ns, &str::intern("_attributes"), str_tuple(a));
        }
        for d in node.none_defaults {
            dict::set_str(&ns, &str::intern(d), none());
        }
        let cls = vm.call(
            &type_type,
            &[str::new_str(node.name), tuple::new_tuple(vec![base]), ns],
        )?;
        module::set_attr(&m, node.name, cls);
    }
    Ok(m)
}
