//! The checks CPython 3.11 makes on a tree given to `compile()` (`_PyAST_Validate`), in its
//! order, so the first problem reported is the one CPython reports: positions, expression
//! contexts, empty bodies, None in lists, names that spell constants, and the shapes patterns
//! may take. It runs after `from_pyast::lower` has checked the types of every field, so
//! fields are present and nodes are of the right sort.

use super::from_pyast::TreeError;
use super::pyast::{AstNode, PyAst};
use super::Mode;
use crate::bytecode::code::Constant;

type R = Result<(), TreeError>;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Ctx {
    Load,
    Store,
    Del,
}

impl Ctx {
    fn name(self) -> &'static str {
        match self {
            Ctx::Load => "Load",
            Ctx::Store => "Store",
            Ctx::Del => "Del",
        }
    }
}

fn value_error(msg: impl Into<String>) -> TreeError {
    TreeError::Value(msg.into())
}

/// Validates the tree `compile()` lowered for `mode`.
pub fn validate(tree: &PyAst, mode: Mode) -> R {
    let PyAst::Node(root) = tree else {
        return Ok(());
    };
    match mode {
        Mode::Eval => expr(get(root, "body"), Ctx::Load),
        Mode::Exec | Mode::Single => stmts(list(root, "body")),
    }
}

fn get<'t>(n: &'t AstNode, name: &str) -> &'t PyAst {
    n.fields
        .iter()
        .find(|(f, _)| *f == name)
        .map_or(&PyAst::None, |(_, v)| v)
}

fn list<'t>(n: &'t AstNode, name: &str) -> &'t [PyAst] {
    match get(n, name) {
        PyAst::List(items) => items,
        _ => &[],
    }
}

fn node(v: &PyAst) -> Option<&AstNode> {
    match v {
        PyAst::Node(n) => Some(n),
        _ => None,
    }
}

fn ident(v: &PyAst) -> Option<&str> {
    match v {
        PyAst::Ident(s) => Some(s),
        PyAst::Const(Constant::Str(s)) => Some(s),
        _ => None,
    }
}

fn positions(n: &AstNode) -> R {
    let Some([line, col, end_line, end_col]) = n.pos else {
        return Ok(());
    };
    if line > end_line {
        return Err(value_error(format!(
            "AST node line range ({line}, {end_line}) is not valid"
        )));
    }
    if (line < 0 && end_line != line) || (col < 0 && col != end_col) {
        return Err(value_error(format!(
            "AST node column range ({col}, {end_col}) for line range ({line}, {end_line}) is \
             not valid"
        )));
    }
    if line == end_line && col > end_col {
        return Err(value_error(format!(
            "line {line}, column {col}-{end_col} is not a valid range"
        )));
    }
    Ok(())
}

fn nonempty(items: &[PyAst], what: &str, owner: &str) -> R {
    if items.is_empty() {
        return Err(value_error(format!("empty {what} on {owner}")));
    }
    Ok(())
}

fn body(n: &AstNode, owner: &str) -> R {
    let items = list(n, "body");
    nonempty(items, "body", owner)?;
    stmts(items)
}

fn stmts(items: &[PyAst]) -> R {
    for s in items {
        match node(s) {
            Some(n) => stmt(n)?,
            None => return Err(value_error("None disallowed in statement list")),
        }
    }
    Ok(())
}

fn exprs(items: &[PyAst], ctx: Ctx, null_ok: bool) -> R {
    for e in items {
        match e {
            PyAst::None if null_ok => {}
            PyAst::None => return Err(value_error("None disallowed in expression list")),
            e => expr(e, ctx)?,
        }
    }
    Ok(())
}

fn opt_expr(v: &PyAst, ctx: Ctx) -> R {
    match v {
        PyAst::None => Ok(()),
        v => expr(v, ctx),
    }
}

fn name(id: &str) -> R {
    if matches!(id, "None" | "True" | "False") {
        return Err(value_error(format!(
            "identifier field can't represent '{id}' constant"
        )));
    }
    Ok(())
}

fn keywords(n: &AstNode) -> R {
    for k in list(n, "keywords") {
        if let Some(k) = node(k) {
            expr(get(k, "value"), Ctx::Load)?;
        }
    }
    Ok(())
}

fn args(items: &[PyAst]) -> R {
    for a in items.iter().filter_map(node) {
        positions(a)?;
        opt_expr(get(a, "annotation"), Ctx::Load)?;
    }
    Ok(())
}

fn arguments(v: &PyAst) -> R {
    let Some(a) = node(v) else { return Ok(()) };
    args(list(a, "posonlyargs"))?;
    args(list(a, "args"))?;
    if let Some(v) = node(get(a, "vararg")) {
        opt_expr(get(v, "annotation"), Ctx::Load)?;
    }
    args(list(a, "kwonlyargs"))?;
    if let Some(k) = node(get(a, "kwarg")) {
        opt_expr(get(k, "annotation"), Ctx::Load)?;
    }
    let positional = list(a, "posonlyargs").len() + list(a, "args").len();
    if list(a, "defaults").len() > positional {
        return Err(value_error(
            "more positional defaults than args on arguments",
        ));
    }
    if list(a, "kw_defaults").len() != list(a, "kwonlyargs").len() {
        return Err(value_error(
            "length of kwonlyargs is not the same as kw_defaults on arguments",
        ));
    }
    exprs(list(a, "defaults"), Ctx::Load, false)?;
    exprs(list(a, "kw_defaults"), Ctx::Load, true)
}

fn comprehension(n: &AstNode) -> R {
    let gens = list(n, "generators");
    if gens.is_empty() {
        return Err(value_error("comprehension with no generators"));
    }
    for g in gens.iter().filter_map(node) {
        expr(get(g, "target"), Ctx::Store)?;
        expr(get(g, "iter"), Ctx::Load)?;
        exprs(list(g, "ifs"), Ctx::Load, false)?;
    }
    Ok(())
}

fn stmt(n: &AstNode) -> R {
    positions(n)?;
    let load = Ctx::Load;
    match n.class {
        "FunctionDef" | "AsyncFunctionDef" => {
            body(n, n.class)?;
            arguments(get(n, "args"))?;
            exprs(list(n, "decorator_list"), load, false)?;
            opt_expr(get(n, "returns"), load)
        }
        "ClassDef" => {
            body(n, "ClassDef")?;
            exprs(list(n, "bases"), load, false)?;
            keywords(n)?;
            exprs(list(n, "decorator_list"), load, false)
        }
        "Return" => opt_expr(get(n, "value"), load),
        "Delete" => {
            nonempty(list(n, "targets"), "targets", "Delete")?;
            exprs(list(n, "targets"), Ctx::Del, false)
        }
        "Assign" => {
            nonempty(list(n, "targets"), "targets", "Assign")?;
            exprs(list(n, "targets"), Ctx::Store, false)?;
            expr(get(n, "value"), load)
        }
        "AugAssign" => {
            expr(get(n, "target"), Ctx::Store)?;
            expr(get(n, "value"), load)
        }
        "AnnAssign" => {
            // `lower` has checked that `simple` is an int (or bool).
            let simple = match get(n, "simple") {
                PyAst::Const(Constant::Int(i)) => *i != 0.into(),
                PyAst::Const(Constant::Bool(b)) => *b,
                _ => false,
            };
            let target_is_name = node(get(n, "target")).is_some_and(|t| t.class == "Name");
            if simple && !target_is_name {
                return Err(TreeError::Type(
                    "AnnAssign with simple non-Name target".into(),
                ));
            }
            expr(get(n, "target"), Ctx::Store)?;
            opt_expr(get(n, "value"), load)?;
            expr(get(n, "annotation"), load)
        }
        "For" | "AsyncFor" => {
            expr(get(n, "target"), Ctx::Store)?;
            expr(get(n, "iter"), load)?;
            body(n, n.class)?;
            stmts(list(n, "orelse"))
        }
        "While" | "If" => {
            expr(get(n, "test"), load)?;
            body(n, n.class)?;
            stmts(list(n, "orelse"))
        }
        "With" | "AsyncWith" => {
            nonempty(list(n, "items"), "items", n.class)?;
            for item in list(n, "items").iter().filter_map(node) {
                expr(get(item, "context_expr"), load)?;
                opt_expr(get(item, "optional_vars"), Ctx::Store)?;
            }
            body(n, n.class)
        }
        "Match" => {
            expr(get(n, "subject"), load)?;
            nonempty(list(n, "cases"), "cases", "Match")?;
            for case in list(n, "cases").iter().filter_map(node) {
                pattern(get(case, "pattern"), false)?;
                opt_expr(get(case, "guard"), load)?;
                body(case, "match_case")?;
            }
            Ok(())
        }
        "Raise" => match get(n, "exc") {
            PyAst::None if !matches!(get(n, "cause"), PyAst::None) => {
                Err(value_error("Raise with cause but no exception"))
            }
            PyAst::None => Ok(()),
            exc => {
                expr(exc, load)?;
                opt_expr(get(n, "cause"), load)
            }
        },
        "Try" | "TryStar" => {
            body(n, n.class)?;
            let handlers = list(n, "handlers");
            if handlers.is_empty() && list(n, "finalbody").is_empty() {
                return Err(value_error(format!(
                    "{} has neither except handlers nor finalbody",
                    n.class
                )));
            }
            if handlers.is_empty() && !list(n, "orelse").is_empty() {
                return Err(value_error(format!(
                    "{} has orelse but no except handlers",
                    n.class
                )));
            }
            for h in handlers.iter().filter_map(node) {
                positions(h)?;
                opt_expr(get(h, "type"), load)?;
                body(h, "ExceptHandler")?;
            }
            stmts(list(n, "finalbody"))?;
            stmts(list(n, "orelse"))
        }
        "Assert" => {
            expr(get(n, "test"), load)?;
            opt_expr(get(n, "msg"), load)
        }
        "Import" => nonempty(list(n, "names"), "names", "Import"),
        "ImportFrom" => {
            if let PyAst::Const(Constant::Int(level)) = get(n, "level") {
                if level < &0.into() {
                    return Err(value_error("Negative ImportFrom level"));
                }
            }
            nonempty(list(n, "names"), "names", "ImportFrom")
        }
        "Global" | "Nonlocal" => nonempty(list(n, "names"), "names", n.class),
        "Expr" => expr(get(n, "value"), load),
        _ => Ok(()),
    }
}

fn expr(v: &PyAst, ctx: Ctx) -> R {
    let Some(n) = node(v) else { return Ok(()) };
    positions(n)?;
    let actual = match n.class {
        "Attribute" | "Subscript" | "Starred" | "Name" | "List" | "Tuple" => {
            match node(get(n, "ctx")).map(|c| c.class) {
                Some("Store") => Some(Ctx::Store),
                Some("Del") => Some(Ctx::Del),
                _ => Some(Ctx::Load),
            }
        }
        _ => None,
    };
    match actual {
        Some(actual) if actual != ctx => {
            return Err(value_error(format!(
                "expression must have {} context but has {} instead",
                ctx.name(),
                actual.name()
            )))
        }
        None if ctx != Ctx::Load => {
            return Err(value_error(format!(
                "expression which can't be assigned to in {} context",
                ctx.name()
            )))
        }
        _ => {}
    }
    let load = Ctx::Load;
    match n.class {
        "BoolOp" => {
            if list(n, "values").len() < 2 {
                return Err(value_error("BoolOp with less than 2 values"));
            }
            exprs(list(n, "values"), load, false)
        }
        "BinOp" => {
            expr(get(n, "left"), load)?;
            expr(get(n, "right"), load)
        }
        "UnaryOp" => expr(get(n, "operand"), load),
        "Lambda" => {
            arguments(get(n, "args"))?;
            expr(get(n, "body"), load)
        }
        "IfExp" => {
            expr(get(n, "test"), load)?;
            expr(get(n, "body"), load)?;
            expr(get(n, "orelse"), load)
        }
        "Dict" => {
            if list(n, "keys").len() != list(n, "values").len() {
                return Err(value_error(
                    "Dict doesn't have the same number of keys as values",
                ));
            }
            exprs(list(n, "keys"), load, true)?;
            exprs(list(n, "values"), load, false)
        }
        "Set" => exprs(list(n, "elts"), load, false),
        "ListComp" | "SetComp" | "GeneratorExp" => {
            comprehension(n)?;
            expr(get(n, "elt"), load)
        }
        "DictComp" => {
            comprehension(n)?;
            expr(get(n, "key"), load)?;
            expr(get(n, "value"), load)
        }
        "Yield" => opt_expr(get(n, "value"), load),
        "YieldFrom" | "Await" => expr(get(n, "value"), load),
        "Compare" => {
            let comparators = list(n, "comparators");
            if comparators.is_empty() {
                return Err(value_error("Compare with no comparators"));
            }
            if comparators.len() != list(n, "ops").len() {
                return Err(value_error(
                    "Compare has a different number of comparators and operands",
                ));
            }
            exprs(comparators, load, false)?;
            expr(get(n, "left"), load)
        }
        "Call" => {
            expr(get(n, "func"), load)?;
            exprs(list(n, "args"), load, false)?;
            keywords(n)
        }
        "JoinedStr" => exprs(list(n, "values"), load, false),
        "FormattedValue" => {
            expr(get(n, "value"), load)?;
            opt_expr(get(n, "format_spec"), load)
        }
        "Attribute" => expr(get(n, "value"), load),
        "Subscript" => {
            expr(get(n, "slice"), load)?;
            expr(get(n, "value"), load)
        }
        "Starred" => expr(get(n, "value"), ctx),
        "Slice" => {
            opt_expr(get(n, "lower"), load)?;
            opt_expr(get(n, "upper"), load)?;
            opt_expr(get(n, "step"), load)
        }
        "List" | "Tuple" => exprs(list(n, "elts"), ctx, false),
        "NamedExpr" => expr(get(n, "value"), load),
        "Name" => ident(get(n, "id")).map_or(Ok(()), name),
        _ => Ok(()),
    }
}

/// A name a pattern binds: not `_`, and not a constant's name.
fn capture(v: &PyAst) -> R {
    match ident(v) {
        Some("_") => Err(value_error("can't capture name '_' in patterns")),
        Some(id) => name(id),
        None => Ok(()),
    }
}

fn patterns(items: &[PyAst], star_ok: bool) -> R {
    for p in items {
        pattern(p, star_ok)?;
    }
    Ok(())
}

fn pattern(v: &PyAst, star_ok: bool) -> R {
    let Some(n) = node(v) else { return Ok(()) };
    positions(n)?;
    match n.class {
        "MatchValue" => match_value(get(n, "value")),
        "MatchSingleton" => match get(n, "value") {
            PyAst::None | PyAst::Const(Constant::None | Constant::Bool(_)) => Ok(()),
            _ => Err(value_error(
                "MatchSingleton can only contain True, False and None",
            )),
        },
        "MatchSequence" => patterns(list(n, "patterns"), true),
        "MatchMapping" => {
            let keys = list(n, "keys");
            if keys.len() != list(n, "patterns").len() {
                return Err(value_error(
                    "MatchMapping doesn't have the same number of keys as patterns",
                ));
            }
            if !matches!(get(n, "rest"), PyAst::None) {
                capture(get(n, "rest"))?;
            }
            for key in keys {
                if let Some(k) = node(key) {
                    if k.class == "Constant" || k.class == "Attribute" {
                        continue;
                    }
                }
                return Err(value_error(
                    "can only have Constant or Attribute nodes as MatchMapping keys",
                ));
            }
            exprs(keys, Ctx::Load, false)?;
            patterns(list(n, "patterns"), false)
        }
        "MatchClass" => {
            expr(get(n, "cls"), Ctx::Load)?;
            let mut cls = node(get(n, "cls"));
            loop {
                match cls {
                    Some(c) if c.class == "Name" => break,
                    Some(c) if c.class == "Attribute" => cls = node(get(c, "value")),
                    _ => {
                        return Err(value_error(
                            "MatchClass cls field can only contain Name or Attribute nodes.",
                        ))
                    }
                }
            }
            for attr in list(n, "kwd_attrs") {
                if let Some(id) = ident(attr) {
                    name(id)?;
                }
            }
            if list(n, "kwd_attrs").len() != list(n, "kwd_patterns").len() {
                return Err(value_error(
                    "MatchClass doesn't have the same number of keyword attributes as patterns",
                ));
            }
            patterns(list(n, "patterns"), false)?;
            patterns(list(n, "kwd_patterns"), false)
        }
        "MatchStar" => {
            if !star_ok {
                return Err(value_error("can't use MatchStar here"));
            }
            capture(get(n, "name"))
        }
        "MatchAs" => {
            capture(get(n, "name"))?;
            match get(n, "pattern") {
                PyAst::None => Ok(()),
                _ if matches!(get(n, "name"), PyAst::None) => Err(value_error(
                    "MatchAs must specify a target name if a pattern is given",
                )),
                p => pattern(p, false),
            }
        }
        "MatchOr" => {
            if list(n, "patterns").len() < 2 {
                return Err(value_error("MatchOr requires at least 2 patterns"));
            }
            patterns(list(n, "patterns"), false)
        }
        _ => Ok(()),
    }
}

/// What a value pattern may be: a number, string or bytes constant, an attribute lookup, or
/// the negated and complex forms of numbers.
fn match_value(v: &PyAst) -> R {
    expr(v, Ctx::Load)?;
    let Some(n) = node(v) else { return Ok(()) };
    match n.class {
        "Constant" => match get(n, "value") {
            PyAst::Const(
                Constant::Int(_)
                | Constant::Float(_)
                | Constant::Complex { .. }
                | Constant::Str(_)
                | Constant::ExactStr(_)
                | Constant::Bytes(_),
            )
            | PyAst::Ident(_) => Ok(()),
            _ => Err(value_error(
                "unexpected constant inside of a literal pattern",
            )),
        },
        "Attribute" | "JoinedStr" => Ok(()),
        "UnaryOp" if node(get(n, "op")).is_some_and(|o| o.class == "USub") => Ok(()),
        "BinOp" if node(get(n, "op")).is_some_and(|o| matches!(o.class, "Add" | "Sub")) => Ok(()),
        _ => Err(value_error(
            "patterns may only match literals and attribute lookups",
        )),
    }
}
