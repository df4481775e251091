//! Compiling and running source, and the import system: `sys.modules`, native modules, and
//! `.py` modules and packages found on `sys.path`.

use std::cell::RefCell;
use std::collections::HashMap;

use super::{PyErr, PyResult, Vm};
use crate::compile::{CompileError, Mode};
use crate::object::exception::{type_error, IMPORT_ERROR, INDENTATION_ERROR, MODULE_NOT_FOUND_ERROR, SYNTAX_ERROR, TAB_ERROR};
use crate::object::types::none;
use crate::object::value::Value;
use crate::object::*;

thread_local! {
    /// Source of code compiled from strings (`<string>`, `<stdin>`), for tracebacks.
    static SOURCES: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
}

/// A line of source registered for a pseudo-file name.
pub fn cached_source(filename: &str, line: u32) -> Option<String> {
    SOURCES.with(|s| {
        s.borrow()
            .get(filename)
            .and_then(|t| t.lines().nth(line.checked_sub(1)? as usize).map(|l| l.trim().to_string()))
    })
}

/// Converts a compile error into a SyntaxError (or subclass) exception.
pub fn syntax_error(e: &CompileError) -> PyErr {
    let ty = match e.kind {
        "IndentationError" => &INDENTATION_ERROR,
        "TabError" => &TAB_ERROR,
        _ => &SYNTAX_ERROR,
    };
    let details = tuple::new_tuple(vec![
        str::new_str(&e.filename),
        int::from_i64(e.lineno as i64),
        int::from_i64(e.offset as i64),
        str::new_str(&e.text),
        int::from_i64(e.end_lineno as i64),
        int::from_i64(e.end_offset as i64),
    ]);
    let exc = crate::object::exception::new_exception(ty, vec![str::new_str(&e.msg), details]);
    if let Some(p) = exc.payload_exact::<crate::object::exception::Exception>() {
        let d = &p.dict;
        dict::set_str(d, &str::intern("msg"), str::new_str(&e.msg));
        dict::set_str(d, &str::intern("filename"), str::new_str(&e.filename));
        dict::set_str(d, &str::intern("lineno"), int::from_i64(e.lineno as i64));
        dict::set_str(d, &str::intern("offset"), int::from_i64(e.offset as i64));
        dict::set_str(d, &str::intern("text"), str::new_str(&e.text));
        dict::set_str(d, &str::intern("end_lineno"), int::from_i64(e.end_lineno as i64));
        dict::set_str(d, &str::intern("end_offset"), int::from_i64(e.end_offset as i64));
        dict::set_str(d, &str::intern("print_file_and_line"), none());
    }
    PyErr(exc)
}

impl Vm {
    /// Compiles source to a code object.
    pub fn compile_source(&mut self, source: &str, filename: &str, mode: Mode) -> PyResult {
        if filename.starts_with('<') {
            SOURCES.with(|s| s.borrow_mut().insert(filename.to_string(), source.to_string()));
        }
        match crate::compile::compile(source, filename, mode) {
            Ok(c) => Ok(code::new_code(c)),
            Err(e) => Err(syntax_error(&e)),
        }
    }

    /// Runs a code object with the given namespaces.
    pub fn exec_code(&mut self, code: Value, globals: &Value, locals: Option<Value>) -> PyResult {
        let builtins = self.builtins_for(globals);
        let frame = self.new_frame(code, globals.clone(), builtins, Some(locals.unwrap_or_else(|| globals.clone())));
        self.run_frame(frame)
    }

    /// The builtins dict for code running with `globals` (its `__builtins__`, else ours).
    pub fn builtins_for(&mut self, globals: &Value) -> Value {
        let key = str::intern("__builtins__");
        match dict::lookup_str(globals, &key) {
            Some(b) if dict::as_dict(&b).is_some() => b,
            Some(b) => module::dict_of(&b).cloned().unwrap_or_else(|| self.builtins.clone()),
            None => {
                dict::set_str(globals, &key, self.builtins_module.clone());
                self.builtins.clone()
            }
        }
    }

    /// Runs a file's source as the `__main__` module.
    pub fn run_main(&mut self, source: &str, filename: &str) -> PyResult {
        let main = module::new_module("__main__");
        let globals = module::dict_of(&main).expect("dict").clone();
        dict::set_str(&globals, &str::intern("__file__"), str::new_str(filename));
        dict::set_str(&globals, &str::intern("__builtins__"), self.builtins_module.clone());
        self.register_module("__main__", main);
        let code = self.compile_source(source, filename, Mode::Exec)?;
        self.exec_code(code, &globals, None)
    }

    /// `IMPORT_NAME`: `__import__(name, globals, None, fromlist, level)`.
    pub fn import_name(&mut self, name: &Value, fromlist: &Value, level: &Value, globals: &Value) -> PyResult {
        let name = str::as_str(name).unwrap_or("").to_string();
        let level = int::as_i64(level).unwrap_or(0);
        let absolute = if level > 0 { self.resolve_relative(&name, level, globals)? } else { name.clone() };
        let module = self.import_module(&absolute)?;
        let has_fromlist = !fromlist.is_none() && !tuple::items(fromlist).is_empty();
        if has_fromlist {
            return Ok(module);
        }
        if level > 0 && name.is_empty() {
            return Ok(module);
        }
        let top = absolute.split('.').next().unwrap_or("").to_string();
        let top = if level > 0 {
            let pkg_depth = absolute.len() - name.len();
            let head = name.split('.').next().unwrap_or("");
            format!("{}{}", &absolute[..pkg_depth], head)
        } else {
            top
        };
        self.import_module(&top)
    }

    fn resolve_relative(&mut self, name: &str, level: i64, globals: &Value) -> PyResult<String> {
        let package = dict::lookup_str(globals, &str::intern("__package__"))
            .filter(|p| !p.is_none())
            .or_else(|| {
                let n = dict::lookup_str(globals, &str::intern("__name__"))?;
                let n = str::as_str(&n)?.to_string();
                let is_pkg = dict::lookup_str(globals, &str::intern("__path__")).is_some();
                Some(str::new_str(if is_pkg { &n } else { n.rsplit_once('.').map(|(a, _)| a).unwrap_or("") }))
            });
        let package = package.and_then(|p| str::as_str(&p).map(|s| s.to_string())).unwrap_or_default();
        if package.is_empty() {
            return Err(PyErr::new(&IMPORT_ERROR, "attempted relative import with no known parent package"));
        }
        let mut parts: Vec<&str> = package.split('.').collect();
        for _ in 1..level {
            if parts.pop().is_none() {
                return Err(PyErr::new(&IMPORT_ERROR, "attempted relative import beyond top-level package"));
            }
        }
        let base = parts.join(".");
        Ok(if name.is_empty() { base } else { format!("{base}.{name}") })
    }

    /// Imports a module by absolute dotted name (parents first).
    pub fn import_module(&mut self, absolute: &str) -> PyResult {
        let key = str::new_str(absolute);
        if let Some(m) = dict::get_item(self, &self.modules.clone(), &key)? {
            return Ok(m);
        }
        let (parent, search_path) = match absolute.rsplit_once('.') {
            Some((p, _)) => {
                let pm = self.import_module(p)?;
                let path = self.getattr_opt(&pm, "__path__")?;
                (Some(pm), path)
            }
            None => (None, None),
        };
        // The parent's import may have imported us.
        if let Some(m) = dict::get_item(self, &self.modules.clone(), &key)? {
            return Ok(m);
        }
        let m = if parent.is_none() {
            match crate::modules::native_module(self, absolute)? {
                Some(m) => {
                    self.register_module(absolute, m.clone());
                    m
                }
                None => self.load_py_module(absolute, None)?,
            }
        } else {
            self.load_py_module(absolute, search_path)?
        };
        if let Some(p) = parent {
            let short = absolute.rsplit_once('.').map(|(_, s)| s).unwrap_or(absolute);
            self.setattr(&p, short, m.clone())?;
        }
        Ok(m)
    }

    fn load_py_module(&mut self, absolute: &str, search_path: Option<Value>) -> PyResult {
        let short = absolute.rsplit('.').next().unwrap_or(absolute);
        let dirs: Vec<String> = match &search_path {
            Some(p) => self.collect(p)?.iter().filter_map(|d| str::as_str(d).map(|s| s.to_string())).collect(),
            None => {
                let path = self.path.clone();
                list::items(&path).iter().filter_map(|d| str::as_str(d).map(|s| s.to_string())).collect()
            }
        };
        for dir in dirs {
            let base = if dir.is_empty() { ".".to_string() } else { dir };
            let pkg_init = format!("{base}/{short}/__init__.py");
            let file = format!("{base}/{short}.py");
            let (path, is_pkg) = if std::path::Path::new(&pkg_init).is_file() {
                (pkg_init, true)
            } else if std::path::Path::new(&file).is_file() {
                (file, false)
            } else {
                continue;
            };
            let source = std::fs::read_to_string(&path)
                .map_err(|e| PyErr::new(&IMPORT_ERROR, format!("cannot read {path}: {e}")))?;
            let m = module::new_module(absolute);
            let globals = module::dict_of(&m).expect("dict").clone();
            dict::set_str(&globals, &str::intern("__file__"), str::new_str(&path));
            dict::set_str(&globals, &str::intern("__builtins__"), self.builtins_module.clone());
            let package = if is_pkg {
                let dir = format!("{base}/{short}");
                dict::set_str(&globals, &str::intern("__path__"), list::new_list(vec![str::new_str(&dir)]));
                absolute.to_string()
            } else {
                absolute.rsplit_once('.').map(|(p, _)| p.to_string()).unwrap_or_default()
            };
            dict::set_str(&globals, &str::intern("__package__"), str::new_str(&package));
            self.register_module(absolute, m.clone());
            let code = match self.compile_source(&source, &path, Mode::Exec) {
                Ok(c) => c,
                Err(e) => {
                    dict::del_str(&self.modules.clone(), &str::intern(absolute));
                    return Err(e);
                }
            };
            if let Err(e) = self.exec_code(code, &globals, None) {
                let modules = self.modules.clone();
                let key = str::new_str(absolute);
                dict::del_item(self, &modules, &key)?;
                return Err(e);
            }
            let modules = self.modules.clone();
            return Ok(dict::get_item(self, &modules, &str::new_str(absolute))?.unwrap_or(m));
        }
        let e = PyErr::new(&MODULE_NOT_FOUND_ERROR, format!("No module named '{absolute}'"));
        if let Some(p) = e.0.payload_exact::<crate::object::exception::Exception>() {
            dict::set_str(&p.dict, &str::intern("name"), str::new_str(absolute));
        }
        Err(e)
    }

    /// Creates module `name` from source compiled into the binary.
    pub fn load_source_module(&mut self, name: &str, source: &str, filename: &str) -> PyResult {
        let m = module::new_module(name);
        let globals = module::dict_of(&m).expect("dict").clone();
        dict::set_str(&globals, &str::intern("__builtins__"), self.builtins_module.clone());
        dict::set_str(&globals, &str::intern("__file__"), str::new_str(filename));
        self.register_module(name, m.clone());
        let code = self.compile_source(source, filename, Mode::Exec)?;
        if let Err(e) = self.exec_code(code, &globals, None) {
            dict::del_str(&self.modules.clone(), &str::intern(name));
            return Err(e);
        }
        Ok(m)
    }

    /// `IMPORT_FROM`: an attribute, or a submodule of a package.
    pub fn import_from(&mut self, module: &Value, name: &Value) -> PyResult {
        if let Some(v) = self.getattr_value_opt(module, name)? {
            return Ok(v);
        }
        let mname = self
            .getattr_opt(module, "__name__")?
            .and_then(|n| str::as_str(&n).map(|s| s.to_string()))
            .unwrap_or_else(|| "?".into());
        let n = str::as_str(name).unwrap_or("?");
        if self.getattr_opt(module, "__path__")?.is_some() {
            if let Ok(m) = self.import_module(&format!("{mname}.{n}")) {
                return Ok(m);
            }
        }
        let file = self
            .getattr_opt(module, "__file__")?
            .and_then(|n| str::as_str(&n).map(|s| s.to_string()));
        Err(PyErr::new(
            &IMPORT_ERROR,
            match file {
                Some(f) => format!("cannot import name '{n}' from '{mname}' ({f})"),
                None => format!("cannot import name '{n}' from '{mname}' (unknown location)"),
            },
        ))
    }

    /// `from m import *`.
    pub fn import_star(&mut self, module: &Value, locals: &Value) -> PyResult<()> {
        let all = self.getattr_opt(module, "__all__")?;
        let names: Vec<Value> = match all {
            Some(a) => self.collect(&a)?,
            None => {
                let d = module::dict_of(module).cloned().ok_or_else(|| type_error("not a module"))?;
                dict::keys(&d)
                    .into_iter()
                    .filter(|k| str::as_str(k).map(|s| !s.starts_with('_')).unwrap_or(false))
                    .collect()
            }
        };
        for n in names {
            let v = self.getattr_value(module, &n)?;
            dict::set_item(self, locals, n, v)?;
        }
        Ok(())
    }
}
