//! Generator objects: a suspended frame plus its state. Coroutines (`async def`) and async
//! generators share the layout and differ in type.

use std::cell::{Cell, RefCell};

use super::typeobj::Layout;
use super::typeobj::TypeObject;
use super::types::{GENERATOR_TYPE, OBJECT_TYPE};
use super::value::{Payload, Value};
use crate::vm::frame::Frame;

/// `types.CoroutineType`: what calling an `async def` function returns.
pub static COROUTINE_TYPE: TypeObject =
    TypeObject::new_static("coroutine", Layout::Generator, Some(&OBJECT_TYPE), 0);

/// `types.AsyncGeneratorType`: an `async def` with `yield`.
pub static ASYNC_GENERATOR_TYPE: TypeObject =
    TypeObject::new_static("async_generator", Layout::Generator, Some(&OBJECT_TYPE), 0);

/// What kind of resumable frame a generator object runs.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum GenKind {
    Generator,
    Coroutine,
    AsyncGenerator,
}

impl GenKind {
    pub fn of(v: &Value) -> GenKind {
        if std::ptr::eq(v.ty(), &COROUTINE_TYPE) {
            GenKind::Coroutine
        } else if std::ptr::eq(v.ty(), &ASYNC_GENERATOR_TYPE) {
            GenKind::AsyncGenerator
        } else {
            GenKind::Generator
        }
    }

    /// The word CPython's messages use for this kind.
    pub fn noun(self) -> &'static str {
        match self {
            GenKind::Generator => "generator",
            GenKind::Coroutine => "coroutine",
            GenKind::AsyncGenerator => "async generator",
        }
    }
}

pub struct Generator {
    /// The suspended frame; None once finished.
    pub frame: RefCell<Option<Box<Frame>>>,
    /// True while the generator's frame is executing.
    pub running: Cell<bool>,
    /// True once it has started (a non-None `send` is only allowed then).
    pub started: Cell<bool>,
    /// An async generator's `sys.set_asyncgen_hooks` firstiter hook has run.
    pub hooks_inited: Cell<bool>,
    /// Freed while suspended, it has been closed (or handed to the async generator finalizer
    /// hook) once; the next time it is freed for good.
    pub finalized: Cell<bool>,
    pub name: RefCell<Value>,
    pub qualname: RefCell<Value>,
    pub code: Value,
}

impl Payload for Generator {
    const LAYOUT: Layout = Layout::Generator;
}

pub fn new_generator(frame: Box<Frame>, name: Value, qualname: Value) -> Value {
    let code = frame.code.clone();
    let flags = frame.code().flags();
    let ty = if flags & crate::bytecode::code::code_flags::COROUTINE != 0 {
        &COROUTINE_TYPE
    } else if flags & crate::bytecode::code::code_flags::ASYNC_GENERATOR != 0 {
        &ASYNC_GENERATOR_TYPE
    } else {
        &GENERATOR_TYPE
    };
    super::alloc::alloc(
        ty,
        Generator {
            frame: RefCell::new(Some(frame)),
            running: Cell::new(false),
            started: Cell::new(false),
            hooks_inited: Cell::new(false),
            finalized: Cell::new(false),
            name: RefCell::new(name),
            qualname: RefCell::new(qualname),
            code,
        },
    )
}

impl Generator {
    /// Suspended inside its body, so freeing it must first close it (run its `finally`
    /// blocks), as CPython's generator finalizer does; or a coroutine never awaited, which
    /// CPython's finalizer reports with a RuntimeWarning.
    pub fn needs_finalizing(&self) -> bool {
        !self.finalized.get()
            && (self.started.get() || self.is_coroutine())
            && !self.running.get()
            && self.frame.try_borrow().is_ok_and(|f| f.is_some())
    }

    /// Made by an `async def` (a never-awaited one is reported when freed).
    pub fn is_coroutine(&self) -> bool {
        self.code
            .payload_exact::<super::code::Code>()
            .is_some_and(|c| c.flags() & crate::bytecode::code::code_flags::COROUTINE != 0)
    }
}
