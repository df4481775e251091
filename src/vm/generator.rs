//! Generator protocol (send/throw/close, `yield from` delegation) and the `match`/`except*`
//! runtime helpers used by the eval loop.

use super::eval::Exit;
use super::frame::Frame;
use super::Vm;
use crate::object::error::{Args, PyErr, PyResult};
use crate::object::exception::{
    runtime_error, stop_iteration, type_error, value_error, Exception, GENERATOR_EXIT,
    STOP_ITERATION,
};
use crate::object::generator::{GenKind, Generator};
use crate::object::typeobj::Layout;
use crate::object::types::{bool_value, none, GetSetDef, MethodDef, TypeSpec, GENERATOR_TYPE};
use crate::object::value::Value;
use crate::object::*;

/// A native consumer of the values a generator yields, given each value where the generator
/// yields it, so that taking one does not leave the eval loop (`next_feeding`). It takes a
/// value (`Ok`) only if that runs no Python code, not even a finalizer or `__eq__`, since the
/// generator is still running then; it hands back (`Err`) any other value, which the
/// generator then yields as `next` would.
pub type YieldSink<'a> = &'a mut dyn FnMut(Value) -> Result<(), Value>;

/// Outcome of resuming a generator.
pub enum SendResult {
    Yielded(Value),
    Returned(Value),
}

fn gen_of(v: &Value) -> PyResult<&Generator> {
    v.payload_exact::<Generator>()
        .ok_or_else(|| type_error("expected a generator"))
}

/// Resumes `g` with `value` (or by raising `throw` at the suspension point).
pub fn resume(vm: &mut Vm, gv: &Value, value: Value, throw: Option<PyErr>) -> PyResult<SendResult> {
    let g = gen_of(gv)?;
    let kind = GenKind::of(gv);
    if g.running.get() {
        return Err(value_error(format!("{} already executing", kind.noun())));
    }
    let frame = g.frame.borrow_mut().take();
    let Some(mut frame) = frame else {
        if kind == GenKind::Coroutine {
            return Err(runtime_error("cannot reuse already awaited coroutine"));
        }
        if kind == GenKind::AsyncGenerator && throw.is_none() {
            // Its awaitables turn this into StopAsyncIteration.
            return Ok(SendResult::Returned(none()));
        }
        return match throw {
            Some(e) => Err(e),
            None => Err(PyErr::empty(&STOP_ITERATION)),
        };
    };
    if throw.is_none() {
        if g.started.get() {
            frame.stack.push(value);
        } else if !value.is_none() {
            *g.frame.borrow_mut() = Some(frame);
            return Err(type_error(format!(
                "can't send non-None value to a just-started {}",
                kind.noun()
            )));
        }
    }
    g.started.set(true);
    g.running.set(true);
    let (frame, r) = vm.execute(frame, throw);
    g.running.set(false);
    match r {
        Ok(Exit::Yield(v)) => {
            *g.frame.borrow_mut() = Some(frame);
            Ok(SendResult::Yielded(v))
        }
        Ok(Exit::Return(v)) => {
            vm.recycle_frame(frame);
            Ok(SendResult::Returned(v))
        }
        Err(e) => {
            vm.recycle_frame(frame);
            Err(escaping(kind, e))
        }
    }
}

/// The exception a generator's frame raised, as its caller sees it: a `StopIteration` (or an
/// async generator's `StopAsyncIteration`) becomes a `RuntimeError` caused by it (PEP 479).
pub fn escaping(kind: GenKind, e: PyErr) -> PyErr {
    let stop_async =
        kind == GenKind::AsyncGenerator && e.is_instance(&exception::STOP_ASYNC_ITERATION);
    if !e.is_instance(&STOP_ITERATION) && !stop_async {
        return e;
    }
    let err = runtime_error(format!(
        "{} raised {}",
        kind.noun(),
        if stop_async {
            "StopAsyncIteration"
        } else {
            "StopIteration"
        }
    ));
    if let Some(p) = err.0.payload_exact::<Exception>() {
        *p.cause.borrow_mut() = Some(e.0.clone());
        *p.context.borrow_mut() = Some(e.0);
        p.suppress_context.set(true);
    }
    err
}

/// Starts or resumes generator `gv` in the eval loop that iterates it (`FOR_ITER_GEN`): its
/// frame, marked with the generator, to run in place of a nested `execute`; None when it
/// cannot run that way (not a plain generator, running, or finished), and `next` answers.
#[inline]
pub fn enter_in_place(gv: &Value) -> Option<Box<Frame>> {
    let mut frame = take_to_run(gv)?.1;
    frame.generator = Some(gv.clone());
    Some(frame)
}

/// The frame of a plain generator that is neither running nor finished, marked running and
/// ready to go on as `next` would resume it; None for anything else.
#[inline]
fn take_to_run(gv: &Value) -> Option<(&Generator, Box<Frame>)> {
    if !gv.is_type(&GENERATOR_TYPE) {
        return None;
    }
    let g = gv.payload_exact::<Generator>()?;
    if g.running.get() {
        return None;
    }
    let mut frame = g.frame.borrow_mut().take()?;
    if g.started.get() {
        // The value `yield` evaluates to; the frame has room, its yield having popped one.
        frame.stack.push(none());
    }
    g.started.set(true);
    g.running.set(true);
    Some((g, frame))
}

/// A generator's frame run in place yielded: the generator keeps it for the next resumption.
#[inline]
pub fn suspend_in_place(mut frame: Box<Frame>) {
    let gv = frame.generator.take().expect("a frame run in place");
    let g = gv.payload_exact::<Generator>().expect("generator");
    g.running.set(false);
    *g.frame.borrow_mut() = Some(frame);
}

/// A generator's frame run in place finished (returned or raised): the generator is
/// exhausted. An exception it raised reaches its caller through `escaping`.
pub fn finish_in_place(vm: &mut Vm, mut frame: Box<Frame>) {
    let gv = frame.generator.take().expect("a frame run in place");
    if let Some(g) = gv.payload_exact::<Generator>() {
        g.running.set(false);
    }
    vm.recycle_frame(frame);
}

/// `next(gen)` for the iteration protocol: Some(item) or None when finished.
pub fn gen_next(vm: &mut Vm, g: &Value) -> PyResult<Option<Value>> {
    // A plain generator that is neither running nor finished: `resume` with None, without its
    // checks for sends, throws and the other kinds.
    if let Some((g, frame)) = take_to_run(g) {
        return next_in_frame(vm, g, frame, None);
    }
    match resume(vm, g, none(), None) {
        Ok(SendResult::Yielded(v)) => Ok(Some(v)),
        Ok(SendResult::Returned(_)) => Ok(None),
        Err(e)
            if e.is_instance(&STOP_ITERATION)
                && gen_of(g)
                    .map(|g| g.frame.borrow().is_none())
                    .unwrap_or(false) =>
        {
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// `next(g)` for a native consumer that takes what it can of the values on the way (see
/// `YieldSink`): None once the generator is exhausted, else the first value `sink` declined.
pub fn gen_next_feeding(vm: &mut Vm, g: &Value, sink: YieldSink<'_>) -> PyResult<Option<Value>> {
    match take_to_run(g) {
        Some((g, frame)) => next_in_frame(vm, g, frame, Some(sink)),
        None => gen_next(vm, g),
    }
}

/// Runs the frame of generator `g` made ready by `take_to_run` in a nested `execute` (native
/// code iterating it) up to its next yield `sink` declines, or its end.
fn next_in_frame(
    vm: &mut Vm,
    g: &Generator,
    frame: Box<Frame>,
    sink: Option<YieldSink<'_>>,
) -> PyResult<Option<Value>> {
    let (frame, r) = vm.execute_feeding(frame, None, sink);
    g.running.set(false);
    match r {
        Ok(Exit::Yield(v)) => {
            *g.frame.borrow_mut() = Some(frame);
            Ok(Some(v))
        }
        Ok(Exit::Return(_)) => {
            vm.recycle_frame(frame);
            Ok(None)
        }
        Err(e) => {
            vm.recycle_frame(frame);
            Err(escaping(GenKind::Generator, e))
        }
    }
}

/// SEND's subiterator step: generators are resumed directly, other iterators via
/// `__next__`/`send`.
pub fn send_to(vm: &mut Vm, it: &Value, value: Value) -> PyResult<SendResult> {
    if it.payload_exact::<Generator>().is_some() {
        return resume(vm, it, value, None);
    }
    let r = if value.is_none() {
        match it.ty().lookup_str("__next__") {
            Some(f) => vm.call_slot(&f, std::slice::from_ref(it)),
            None => {
                return Err(type_error(format!(
                    "'{}' object is not an iterator",
                    it.ty().name()
                )))
            }
        }
    } else {
        vm.call_method(it, "send", &[value])
    };
    match r {
        Ok(v) => Ok(SendResult::Yielded(v)),
        Err(e) if e.is_instance(&STOP_ITERATION) => Ok(SendResult::Returned(stop_value(&e.0))),
        Err(e) => Err(e),
    }
}

/// `StopIteration.value`.
pub fn stop_value(e: &Value) -> Value {
    match e.payload_exact::<Exception>() {
        Some(p) => tuple::items(&p.args.borrow())
            .first()
            .cloned()
            .unwrap_or_else(none),
        None => none(),
    }
}

pub fn send_result_to_py(r: SendResult) -> PyResult {
    match r {
        SendResult::Yielded(v) => Ok(v),
        SendResult::Returned(v) => Err(stop_iteration(v)),
    }
}

fn gen_send(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("send", 2, 2)?;
    send_result_to_py(resume(vm, &a[0], a[1].clone(), None)?)
}

fn gen_next_method(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__next__", 1, 1)?;
    send_result_to_py(resume(vm, &a[0], none(), None)?)
}

fn gen_iter(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(args.values[0].clone())
}

/// The subiterator a generator is delegating to (`yield from`), if suspended in one.
pub fn delegate_of(g: &Generator) -> Option<Value> {
    let frame = g.frame.borrow();
    let f = frame.as_ref()?;
    let code = &f.code().compiled.code;
    let pc = f.pc;
    if pc < 2 {
        return None;
    }
    let prev = crate::bytecode::Opcode::from_u8(code[2 * (pc - 1)])?;
    let send = crate::bytecode::Opcode::from_u8(code[2 * (pc - 2)])?;
    if prev == crate::bytecode::Opcode::YIELD_VALUE && send == crate::bytecode::Opcode::SEND {
        f.stack.last().cloned()
    } else {
        None
    }
}

/// `gen.throw(exc)`.
pub fn throw(vm: &mut Vm, gv: &Value, exc: PyErr) -> PyResult<SendResult> {
    let g = gen_of(gv)?;
    if let Some(sub) = delegate_of(g) {
        let r = if exc.is_instance(&GENERATOR_EXIT) {
            if sub.payload_exact::<Generator>().is_some() {
                close(vm, &sub).map(|_| None)
            } else if let Some(c) = vm.getattr_opt(&sub, "close")? {
                vm.call(&c, &[]).map(|_| None)
            } else {
                Ok(None)
            }
        } else if sub.payload_exact::<Generator>().is_some() {
            throw(vm, &sub, exc_clone(&exc)).map(Some)
        } else {
            match vm.getattr_opt(&sub, "throw")? {
                Some(t) => match vm.call(&t, std::slice::from_ref(&exc.0)) {
                    Ok(v) => Ok(Some(SendResult::Yielded(v))),
                    Err(e) if e.is_instance(&STOP_ITERATION) => {
                        Ok(Some(SendResult::Returned(stop_value(&e.0))))
                    }
                    Err(e) => Err(e),
                },
                None => Ok(None),
            }
        };
        match r {
            Ok(Some(SendResult::Yielded(v))) => return Ok(SendResult::Yielded(v)),
            Ok(Some(SendResult::Returned(v))) => {
                // The subiterator finished: continue the outer generator after the SEND loop
                // with v as the value of the `yield from`.
                let target = {
                    let mut frame = g.frame.borrow_mut();
                    let f = frame.as_mut().expect("suspended");
                    let code = &f.code().compiled.code;
                    let send_pc = f.pc - 2;
                    let target = code[2 * send_pc + 1] as usize;
                    f.stack.pop();
                    f.stack.push(v);
                    f.pc = target;
                    target
                };
                let _ = target;
                let frame = g.frame.borrow_mut().take().expect("suspended");
                g.running.set(true);
                let (frame, r) = vm.execute(frame, None);
                g.running.set(false);
                return match r {
                    Ok(Exit::Yield(v)) => {
                        *g.frame.borrow_mut() = Some(frame);
                        Ok(SendResult::Yielded(v))
                    }
                    Ok(Exit::Return(v)) => Ok(SendResult::Returned(v)),
                    Err(e) => Err(e),
                };
            }
            Ok(None) => {}
            Err(e) => return resume(vm, gv, none(), Some(e)),
        }
    }
    resume(vm, gv, none(), Some(exc))
}

pub fn exc_clone(e: &PyErr) -> PyErr {
    PyErr(e.0.clone())
}

/// The arguments of `throw(type[, value[, tb]])` (and `athrow`), self first, with CPython's
/// count check (which does not count self).
pub fn throw_arity<'a>(name: &str, args: Args<'a>) -> PyResult<&'a [Value]> {
    args.no_keywords(name)?;
    let n = args.values.len().saturating_sub(1);
    if n < 1 {
        return Err(type_error(format!(
            "{name} expected at least 1 argument, got {n}"
        )));
    }
    if n > 3 {
        return Err(type_error(format!(
            "{name} expected at most 3 arguments, got {n}"
        )));
    }
    Ok(args.values)
}

/// Builds the exception for `throw(type[, value[, tb]])` (`a[0]` is the generator), with
/// CPython's `_gen_throw` checks.
pub fn throw_args(vm: &mut Vm, a: &[Value]) -> PyResult<PyErr> {
    let typ = &a[1];
    let value = a.get(2).filter(|v| !v.is_none());
    let tb = a.get(3).filter(|t| !t.is_none());
    if let Some(tb) = tb {
        if tb.ty().layout != crate::object::typeobj::Layout::Traceback {
            return Err(type_error(
                "throw() third argument must be a traceback object",
            ));
        }
    }
    let inst = if let Some(t) = typ
        .as_type()
        .filter(|t| t.is_subtype(&exception::BASE_EXCEPTION))
    {
        match value {
            Some(v) if v.is_instance_of(t) => v.clone(),
            Some(v) => match tuple::as_tuple(v) {
                Some(items) => vm.call(typ, items)?,
                None => vm.call(typ, std::slice::from_ref(v))?,
            },
            None => vm.call(typ, &[])?,
        }
    } else if typ.is_instance_of(&exception::BASE_EXCEPTION) {
        if value.is_some() {
            return Err(type_error(
                "instance exception may not have a separate value",
            ));
        }
        typ.clone()
    } else {
        return Err(type_error(format!(
            "exceptions must be classes or instances deriving from BaseException, not {}",
            typ.ty().name()
        )));
    };
    if let (Some(tb), Some(e)) = (tb, inst.payload_exact::<Exception>()) {
        *e.traceback.borrow_mut() = Some(tb.clone());
    }
    vm.make_exception(inst)
}

fn gen_throw(vm: &mut Vm, args: Args) -> PyResult {
    let a = throw_arity("throw", args)?;
    let e = throw_args(vm, a)?;
    send_result_to_py(throw(vm, &a[0], e)?)
}

/// `gen.close()`.
pub fn close(vm: &mut Vm, gv: &Value) -> PyResult<Value> {
    let g = gen_of(gv)?;
    if g.running.get() {
        return Err(value_error(format!(
            "{} already executing",
            GenKind::of(gv).noun()
        )));
    }
    if g.frame.borrow().is_none() {
        return Ok(none());
    }
    if !g.started.get() {
        *g.frame.borrow_mut() = None;
        return Ok(none());
    }
    match throw(vm, gv, PyErr::empty(&GENERATOR_EXIT)) {
        Ok(SendResult::Yielded(_)) => Err(runtime_error(format!(
            "{} ignored GeneratorExit",
            GenKind::of(gv).noun()
        ))),
        Ok(SendResult::Returned(_)) => Ok(none()),
        Err(e) if e.is_instance(&GENERATOR_EXIT) || e.is_instance(&STOP_ITERATION) => Ok(none()),
        Err(e) => Err(e),
    }
}

fn gen_close(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("close", 1, 1)?;
    close(vm, &a[0])
}

fn gen_repr(_vm: &mut Vm, args: Args) -> PyResult {
    let g = gen_of(&args.values[0])?;
    let q = g.qualname.borrow().clone();
    Ok(str::from_string(format!(
        "<generator object {} at {:#x}>",
        str::as_str(&q).unwrap_or("?"),
        args.values[0].word()
    )))
}

pub fn gi_name(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(gen_of(this)?.name.borrow().clone())
}
pub fn gi_qualname(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(gen_of(this)?.qualname.borrow().clone())
}
pub fn gi_code(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(gen_of(this)?.code.clone())
}
pub fn gi_running(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(bool_value(gen_of(this)?.running.get()))
}
pub fn gi_frame(_vm: &mut Vm, this: &Value) -> PyResult {
    let g = gen_of(this)?;
    let frame = g.frame.borrow();
    Ok(match frame.as_ref() {
        Some(f) => frameobj::new_frame_object(
            f.code.clone(),
            f.globals.clone(),
            None,
            f.current_line(),
            f.lasti() as u32,
            None,
        ),
        None => none(),
    })
}
pub fn gi_suspended(_vm: &mut Vm, this: &Value) -> PyResult {
    let g = gen_of(this)?;
    Ok(bool_value(
        g.started.get() && g.frame.borrow().is_some() && !g.running.get(),
    ))
}

pub fn specs() -> Vec<TypeSpec> {
    vec![TypeSpec {
        ty: &GENERATOR_TYPE,
        methods: methods![
            MethodDef::method("send", gen_send),
            MethodDef::method("throw", gen_throw),
            MethodDef::method("close", gen_close),
            MethodDef::method("__next__", gen_next_method),
            MethodDef::method("__iter__", gen_iter),
            MethodDef::method("__repr__", gen_repr),
        ],
        getsets: getsets![
            GetSetDef::readonly("__name__", gi_name),
            GetSetDef::readonly("__qualname__", gi_qualname),
            GetSetDef::readonly("gi_code", gi_code),
            GetSetDef::readonly("gi_running", gi_running),
            GetSetDef::readonly("gi_frame", gi_frame),
            GetSetDef::readonly("gi_suspended", gi_suspended),
        ],
        doc: None,
    }]
}

/// `MATCH_MAPPING`: a type marked as a mapping, as CPython's `Py_TPFLAGS_MAPPING` marks it:
/// dict and mappingproxy, their subclasses, and classes that are `collections.abc.Mapping`s
/// by inheritance or registration (`_abc` sets the flag).
pub fn is_mapping_for_match(v: &Value) -> bool {
    !v.is_small_int() && v.ty().has_flag(crate::object::typeobj::flags::MAPPING)
}

/// `MATCH_SEQUENCE`: a type marked as a sequence (`Py_TPFLAGS_SEQUENCE`): list, tuple, range,
/// memoryview, array, deque, their subclasses, and `collections.abc.Sequence`s; never str,
/// bytes or bytearray.
pub fn is_sequence_for_match(v: &Value) -> bool {
    !v.is_small_int() && v.ty().has_flag(crate::object::typeobj::flags::SEQUENCE)
}

/// `MATCH_KEYS`: a tuple of the values for `keys`, or None if any is missing.
pub fn match_keys(vm: &mut Vm, subject: &Value, keys: &Value) -> PyResult {
    let mut out = Vec::new();
    for k in tuple::items(keys) {
        let v = if dict::as_dict(subject).is_some()
            && subject.is_type(&crate::object::types::DICT_TYPE)
        {
            dict::get_item(vm, subject, k)?
        } else {
            match vm.call_method(subject, "get", &[k.clone(), crate::object::types::null()]) {
                Ok(v) if v.is_null() => None,
                Ok(v) => Some(v),
                Err(e) => return Err(e),
            }
        };
        match v {
            Some(v) => out.push(v),
            None => return Ok(none()),
        }
    }
    Ok(tuple::new_tuple(out))
}

/// `MATCH_CLASS`: a tuple of the matched attributes, or None.
pub fn match_class(
    vm: &mut Vm,
    subject: &Value,
    cls: &Value,
    npos: usize,
    names: &Value,
) -> PyResult {
    let t = cls
        .as_type()
        .ok_or_else(|| type_error("called match pattern must be a class"))?;
    if !subject.is_instance_of(t) {
        return Ok(none());
    }
    let mut out = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    if npos > 0 {
        let match_args = vm.getattr_opt(cls, "__match_args__")?;
        match match_args {
            Some(ma) => {
                let ma = tuple::as_tuple(&ma)
                    .ok_or_else(|| {
                        type_error(format!(
                            "{}.__match_args__ must be a tuple (got {})",
                            t.name(),
                            ma.ty().name()
                        ))
                    })?
                    .to_vec();
                if npos > ma.len() {
                    return Err(type_error(format!(
                        "{}() accepts {} positional sub-pattern{} ({} given)",
                        t.name(),
                        ma.len(),
                        if ma.len() == 1 { "" } else { "s" },
                        npos
                    )));
                }
                for name in &ma[..npos] {
                    let n = str::as_str(name).unwrap_or("").to_string();
                    seen.push(n);
                    match vm.getattr_value_opt(subject, name)? {
                        Some(v) => out.push(v),
                        None => return Ok(none()),
                    }
                }
            }
            None => {
                let self_match = matches!(
                    t.builtin_base_layout(),
                    Some(
                        Layout::Int
                            | Layout::Float
                            | Layout::Str
                            | Layout::Bytes
                            | Layout::ByteArray
                            | Layout::List
                            | Layout::Tuple
                            | Layout::Dict
                            | Layout::Set
                    )
                );
                if self_match && npos == 1 {
                    out.push(subject.clone());
                } else {
                    return Err(type_error(format!(
                        "{}() accepts 0 positional sub-patterns ({} given)",
                        t.name(),
                        npos
                    )));
                }
            }
        }
    }
    for name in tuple::items(names) {
        let n = str::as_str(name).unwrap_or("").to_string();
        if seen.contains(&n) {
            return Err(type_error(format!(
                "{}() got multiple sub-patterns for attribute '{}'",
                t.name(),
                n
            )));
        }
        seen.push(n);
        match vm.getattr_value_opt(subject, name)? {
            Some(v) => out.push(v),
            None => return Ok(none()),
        }
    }
    Ok(tuple::new_tuple(out))
}

/// `CHECK_EG_MATCH` for `except*`: splits `exc` by `ty` into (rest, matched).
pub fn exception_group_match(vm: &mut Vm, exc: &Value, ty: &Value) -> PyResult<(Value, Value)> {
    if super::eval::exception_matches(exc, ty)? {
        // A naked exception matching: wrap it in an ExceptionGroup("", [exc]).
        if !exc.is_instance_of(&crate::object::exception::BASE_EXCEPTION_GROUP) {
            let eg = vm.call(
                &crate::object::exception::EXCEPTION_GROUP.to_value(),
                &[str::new_str(""), list::new_list(vec![exc.clone()])],
            )?;
            return Ok((none(), eg));
        }
        return Ok((none(), exc.clone()));
    }
    if exc.is_instance_of(&crate::object::exception::BASE_EXCEPTION_GROUP) {
        let r = vm.call_method(exc, "split", std::slice::from_ref(ty))?;
        let parts = tuple::items(&r).to_vec();
        if parts.len() == 2 {
            return Ok((parts[1].clone(), parts[0].clone()));
        }
    }
    Ok((exc.clone(), none()))
}

/// `PREP_RERAISE_STAR`: the exception an `except*` block re-raises, from the original group
/// and the list of exceptions raised or re-raised by its clauses (None entries ignored).
pub fn prep_reraise_star(vm: &mut Vm, orig: &Value, raised: &Value) -> PyResult {
    let items: Vec<Value> = list::items(raised)
        .into_iter()
        .filter(|v| !v.is_none())
        .collect();
    match items.len() {
        0 => Ok(none()),
        1 => Ok(items[0].clone()),
        _ => {
            let msg = match vm.getattr_opt(orig, "message")? {
                Some(m) => m,
                None => str::new_str(""),
            };
            vm.call(
                &crate::object::exception::EXCEPTION_GROUP.to_value(),
                &[msg, list::new_list(items)],
            )
        }
    }
}
