//! One code unit under construction (module, class body, function, lambda, comprehension):
//! its symbolic instruction stream, labels, handler regions, constant/name tables and the frame
//! blocks (`fblock`s) that `break`/`continue`/`return` must unwind.

use std::collections::HashMap;

use ruff_python_ast::{Stmt, StmtWith};

use super::assemble::{Handler, Instr, Label};
use super::symtable::ScopeKind;
use crate::bytecode::code::Constant;
use crate::bytecode::opcodes::Opcode;

/// What a frame block is, and what unwinding it must do.
#[derive(Clone, Debug)]
pub enum FBlockKind<'a> {
    WhileLoop,
    ForLoop,
    TryExcept,
    /// The `try` body of a `try/finally`: unwinding runs the `finally` body.
    FinallyTry(&'a [Stmt]),
    /// The `finally` body on the exceptional path: `prev_exc exc` are on the stack.
    FinallyEnd,
    With(&'a StmtWith),
    /// An `except` body (`prev_exc` on the stack), with the bound name if any.
    HandlerCleanup(Option<String>),
    /// A value (a return value being preserved) sits on the stack.
    PopValue,
    /// An `except*` body: `break`/`continue`/`return` are forbidden.
    ExceptionGroupHandler,
}

#[derive(Clone, Debug)]
pub struct FBlock<'a> {
    pub kind: FBlockKind<'a>,
    /// Loop start (`continue` target).
    pub start: Option<Label>,
    /// Loop exit (`break` target).
    pub exit: Option<Label>,
    /// The handler active outside this block (unwinding code runs under it).
    pub outer_handler: Option<u32>,
    /// The statement-level stack depth outside this block.
    pub outer_base: u32,
}

pub struct Unit<'a> {
    pub scope: usize,
    pub kind: ScopeKind,
    pub instrs: Vec<Instr>,
    pub labels: Vec<Option<usize>>,
    pub handlers: Vec<Handler>,
    pub handler_stack: Vec<Option<u32>>,
    pub consts: Vec<Constant>,
    const_keys: HashMap<String, u32>,
    pub names: Vec<String>,
    name_keys: HashMap<String, u32>,
    pub varnames: Vec<String>,
    pub cellvars: Vec<String>,
    pub freevars: Vec<String>,
    pub fblocks: Vec<FBlock<'a>>,
    /// Items kept on the stack under statement code (loop iterators, `with` exits, handled
    /// exceptions): the depth a handler region starting here unwinds to.
    pub base: u32,
    pub name: String,
    pub qualname: String,
    pub first_line: u32,
    pub argcount: u32,
    pub posonlyargcount: u32,
    pub kwonlyargcount: u32,
    pub flags: u32,
    /// Current source location: line and column range.
    pub line: u32,
    pub cols: (u32, u32),
    pub private: Option<String>,
}

/// A key that distinguishes constants of different types and values (`1`, `1.0`, `True`).
fn const_key(c: &Constant) -> Option<String> {
    match c {
        Constant::Code(_) => None,
        Constant::Float(f) => Some(format!("f{:?}", f.to_bits())),
        Constant::Complex { real, imag } => {
            Some(format!("c{:?},{:?}", real.to_bits(), imag.to_bits()))
        }
        Constant::Tuple(items) => {
            let mut k = String::from("t(");
            for i in items {
                k.push_str(&const_key(i)?);
                k.push(',');
            }
            k.push(')');
            Some(k)
        }
        other => Some(format!("{other:?}")),
    }
}

impl<'a> Unit<'a> {
    pub fn new(scope: usize, kind: ScopeKind, name: &str, qualname: String, line: u32) -> Self {
        Unit {
            scope,
            kind,
            instrs: Vec::new(),
            labels: Vec::new(),
            handlers: Vec::new(),
            handler_stack: vec![None],
            consts: Vec::new(),
            const_keys: HashMap::new(),
            names: Vec::new(),
            name_keys: HashMap::new(),
            varnames: Vec::new(),
            cellvars: Vec::new(),
            freevars: Vec::new(),
            fblocks: Vec::new(),
            base: 0,
            name: name.to_string(),
            qualname,
            first_line: line,
            argcount: 0,
            posonlyargcount: 0,
            kwonlyargcount: 0,
            flags: 0,
            line,
            cols: (0, 0),
            private: None,
        }
    }

    pub fn new_label(&mut self) -> Label {
        self.labels.push(None);
        Label(self.labels.len() as u32 - 1)
    }

    pub fn bind(&mut self, l: Label) {
        self.labels[l.0 as usize] = Some(self.instrs.len());
    }

    pub fn current_handler(&self) -> Option<u32> {
        *self.handler_stack.last().unwrap()
    }

    pub fn emit(&mut self, op: Opcode, arg: u32) {
        let handler = self.current_handler();
        self.instrs.push(Instr {
            op,
            arg,
            line: self.line,
            cols: self.cols,
            handler,
        });
    }

    /// Opens a handler region; returns its id.
    pub fn push_handler(&mut self, label: Label, depth: u32, lasti: bool) -> u32 {
        self.handlers.push(Handler {
            label,
            depth,
            lasti,
        });
        let id = self.handlers.len() as u32 - 1;
        self.handler_stack.push(Some(id));
        id
    }

    pub fn pop_handler(&mut self) {
        self.handler_stack.pop();
    }

    /// Can control reach the current emission point?
    pub fn reachable(&self) -> bool {
        let here = self.instrs.len();
        match self.instrs.last() {
            None => true,
            Some(i) => i.op.falls_through() || self.labels.contains(&Some(here)),
        }
    }

    pub fn add_const(&mut self, c: Constant) -> u32 {
        match const_key(&c) {
            Some(k) => {
                if let Some(&i) = self.const_keys.get(&k) {
                    return i;
                }
                let i = self.consts.len() as u32;
                self.consts.push(c);
                self.const_keys.insert(k, i);
                i
            }
            None => {
                self.consts.push(c);
                self.consts.len() as u32 - 1
            }
        }
    }

    pub fn add_name(&mut self, name: &str) -> u32 {
        if let Some(&i) = self.name_keys.get(name) {
            return i;
        }
        let i = self.names.len() as u32;
        self.names.push(name.to_string());
        self.name_keys.insert(name.to_string(), i);
        i
    }

    pub fn varname_index(&mut self, name: &str) -> u32 {
        match self.varnames.iter().position(|v| v == name) {
            Some(i) => i as u32,
            None => {
                self.varnames.push(name.to_string());
                self.varnames.len() as u32 - 1
            }
        }
    }

    /// Index into `cellvars + freevars`.
    pub fn deref_index(&self, name: &str) -> Option<u32> {
        if let Some(i) = self.cellvars.iter().position(|v| v == name) {
            return Some(i as u32);
        }
        self.freevars
            .iter()
            .position(|v| v == name)
            .map(|i| (i + self.cellvars.len()) as u32)
    }
}
