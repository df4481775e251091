//! The `gc` module: control of the cycle collector (`src/memory/gc.rs`).

use crate::memory::gc;
use crate::object::error::{Args, PyResult};
use crate::object::types::{bool_value, none};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

fn module_attr(vm: &mut Vm, name: &str) -> Option<Value> {
    let m = crate::object::dict::lookup_str(&vm.modules, &str::intern_static("gc"))?;
    crate::object::module::dict_of(&m).and_then(|d| dict::lookup_str(d, &str::intern(name)))
}

fn run_callbacks(vm: &mut Vm, phase: &str, generation: usize, collected: usize) -> PyResult<()> {
    let Some(cbs) = module_attr(vm, "callbacks") else {
        return Ok(());
    };
    let cbs = list::items(&cbs);
    if cbs.is_empty() {
        return Ok(());
    }
    let info = dict::new_dict();
    for (name, n) in [
        ("generation", generation),
        ("collected", collected),
        ("uncollectable", 0),
    ] {
        dict::set_str(&info, &str::intern_static(name), int::from_usize(n));
    }
    for cb in cbs {
        vm.call(&cb, &[str::new_str(phase), info.clone()])?;
    }
    Ok(())
}

fn collect(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("collect", &["generation"], 0)?;
    let generation = match &b[0] {
        Some(g) => {
            let g = vm.index_i64(g)?;
            if !(0..=2).contains(&g) {
                return Err(exception::value_error("invalid generation"));
            }
            g as usize
        }
        None => 2,
    };
    run_callbacks(vm, "start", generation, 0)?;
    vm.run_finalizers();
    let n = gc::collect(vm, generation)?;
    vm.run_finalizers();
    run_callbacks(vm, "stop", generation, n)?;
    Ok(int::from_usize(n))
}

fn enable(_vm: &mut Vm, _args: Args) -> PyResult {
    gc::set_enabled(true);
    Ok(none())
}

fn disable(_vm: &mut Vm, _args: Args) -> PyResult {
    gc::set_enabled(false);
    Ok(none())
}

fn isenabled(_vm: &mut Vm, _args: Args) -> PyResult {
    Ok(bool_value(gc::is_enabled()))
}

fn get_threshold(_vm: &mut Vm, _args: Args) -> PyResult {
    Ok(tuple::new_tuple(
        gc::thresholds()
            .iter()
            .map(|t| int::from_i64(*t as i64))
            .collect(),
    ))
}

fn set_threshold(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("set_threshold", 1, 3)?;
    let mut t = Vec::new();
    for v in a {
        t.push(vm.index_i64(v)? as isize);
    }
    gc::set_thresholds(&t);
    Ok(none())
}

fn get_count(_vm: &mut Vm, _args: Args) -> PyResult {
    Ok(tuple::new_tuple(
        gc::counts()
            .iter()
            .map(|t| int::from_i64(*t as i64))
            .collect(),
    ))
}

fn get_objects(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("get_objects", &["generation"], 0)?;
    let objects = match b[0].as_ref().filter(|g| !g.is_none()) {
        None => gc::all_objects(),
        Some(g) => {
            if !int::is_int(g) && g.ty().lookup_str("__index__").is_none() {
                return Err(exception::type_error(format!(
                    "argument should be integer or None, not '{}'",
                    g.ty().name()
                )));
            }
            let g = vm.index_i64(g)?;
            if g >= 3 {
                return Err(exception::value_error(
                    "generation parameter must be less than the number of available generations (3)",
                ));
            }
            match g {
                // CPython's default, so -1 asks for every generation.
                -1 => gc::all_objects(),
                ..=-2 => {
                    return Err(exception::value_error(
                        "generation parameter cannot be negative",
                    ))
                }
                _ => gc::objects_of_generation(g as usize),
            }
        }
    };
    Ok(list::new_list(objects))
}

fn get_debug(_vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("gc.get_debug", 0, 0)?;
    Ok(int::from_i64(gc::debug_flags()))
}

/// `DEBUG_COLLECTABLE` and `DEBUG_SAVEALL`: what the collector would have to do for them (list
/// and keep what it finds) is not there yet, so asking for them is an error, not a no-op.
/// `DEBUG_UNCOLLECTABLE` is accepted: nothing is ever uncollectable in Heron, so it has nothing
/// to report.
const DEBUG_NOT_SUPPORTED: i64 = 2 | 32;

fn set_debug(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("gc.set_debug", 1, 1)?;
    let flags = vm.index_i64(&a[0])?;
    if flags & DEBUG_NOT_SUPPORTED != 0 {
        return Err(exception::not_implemented_error(
            "gc.set_debug: DEBUG_COLLECTABLE and DEBUG_SAVEALL are not supported by Heron yet",
        ));
    }
    gc::set_debug_flags(flags);
    Ok(none())
}

fn freeze(_vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("gc.freeze", 0, 0)?;
    gc::freeze();
    Ok(none())
}

fn unfreeze(_vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("gc.unfreeze", 0, 0)?;
    gc::unfreeze();
    Ok(none())
}

fn get_freeze_count(_vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("gc.get_freeze_count", 0, 0)?;
    Ok(int::from_usize(gc::freeze_count()))
}

fn is_tracked(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("is_tracked", 1, 1)?;
    Ok(bool_value(gc::is_tracked(&a[0])))
}

fn is_finalized(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("is_finalized", 1, 1)?;
    Ok(bool_value(
        a[0].payload_exact::<instance::Instance>()
            .map(|i| i.finalized())
            .unwrap_or(false),
    ))
}

fn get_stats(_vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("gc.get_stats", 0, 0)?;
    let gens = gc::stats()
        .iter()
        .map(|&(collections, collected)| {
            let d = dict::new_dict();
            for (k, v) in [
                ("collections", collections),
                ("collected", collected),
                ("uncollectable", 0),
            ] {
                dict::set_str(&d, &str::intern(k), int::from_usize(v));
            }
            d
        })
        .collect();
    Ok(list::new_list(gens))
}

fn get_referents(_vm: &mut Vm, args: Args) -> PyResult {
    let mut out = Vec::new();
    for obj in args.positional() {
        out.extend(gc::referents(obj));
    }
    Ok(list::new_list(out))
}

/// `gc.get_referrers(*objs)`: the tracked objects that refer to any of `objs`.
fn get_referrers(_vm: &mut Vm, args: Args) -> PyResult {
    let targets = args.positional();
    let out = gc::all_objects()
        .into_iter()
        .filter(|o| {
            gc::referents(o)
                .iter()
                .any(|r| targets.iter().any(|t| t.is(r)))
        })
        .collect();
    Ok(list::new_list(out))
}

/// Creates the `gc` module.
pub fn new_module() -> Value {
    let m = module::new_module("gc");
    let fns: &[(&'static str, crate::object::error::NativeFn)] = &[
        ("collect", collect),
        ("enable", enable),
        ("disable", disable),
        ("isenabled", isenabled),
        ("get_threshold", get_threshold),
        ("set_threshold", set_threshold),
        ("get_count", get_count),
        ("get_objects", get_objects),
        ("is_tracked", is_tracked),
        ("is_finalized", is_finalized),
        ("get_stats", get_stats),
        ("get_referents", get_referents),
        ("get_referrers", get_referrers),
        ("get_debug", get_debug),
        ("set_debug", set_debug),
        ("freeze", freeze),
        ("unfreeze", unfreeze),
        ("get_freeze_count", get_freeze_count),
    ];
    crate::modules::add_functions(&m, fns);
    module::set_attr(&m, "garbage", list::new_list(vec![]));
    module::set_attr(&m, "callbacks", list::new_list(vec![]));
    module::set_attr(&m, "DEBUG_STATS", int::from_i64(1));
    module::set_attr(&m, "DEBUG_COLLECTABLE", int::from_i64(2));
    module::set_attr(&m, "DEBUG_UNCOLLECTABLE", int::from_i64(4));
    module::set_attr(&m, "DEBUG_SAVEALL", int::from_i64(32));
    module::set_attr(&m, "DEBUG_LEAK", int::from_i64(38));
    m
}
