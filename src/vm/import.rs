//! Compiling and running source, and the import system: `sys.modules`, native modules, and
//! `.py` modules and packages found on `sys.path`.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use super::Vm;
use crate::compile::{CompileError, Mode};
use crate::object::error::{Args, PyErr, PyResult};
use crate::object::exception::{
    type_error, IMPORT_ERROR, INDENTATION_ERROR, MODULE_NOT_FOUND_ERROR, SYNTAX_ERROR, TAB_ERROR,
};
use crate::object::types::none;
use crate::object::value::Value;
use crate::object::*;

/// Converts a compile error into a SyntaxError (or subclass) exception.
pub fn syntax_error(e: &CompileError) -> PyErr {
    if e.kind == "RecursionError" {
        return PyErr::new(&crate::object::exception::RECURSION_ERROR, e.msg.clone());
    }
    let ty = match e.kind {
        "IndentationError" => &INDENTATION_ERROR,
        "TabError" => &TAB_ERROR,
        _ => &SYNTAX_ERROR,
    };
    let details = tuple::from_array([
        str::new_str(&e.filename),
        int::from_i64(e.lineno as i64),
        int::from_i64(e.offset as i64),
        str::new_str(&e.text),
        int::from_i64(e.end_lineno as i64),
        int::from_i64(e.end_offset),
    ]);
    let exc = crate::object::exception::new_exception(ty, vec![str::new_str(&e.msg), details]);
    if let Some(p) = exc.payload_exact::<crate::object::exception::Exception>() {
        let d = &p.dict;
        for (name, value) in [
            ("msg", str::new_str(&e.msg)),
            ("filename", str::new_str(&e.filename)),
            ("lineno", int::from_i64(e.lineno as i64)),
            ("offset", int::from_i64(e.offset as i64)),
            ("text", str::new_str(&e.text)),
            ("end_lineno", int::from_i64(e.end_lineno as i64)),
            ("end_offset", int::from_i64(e.end_offset)),
        ] {
            dict::set_str(d, &str::intern_static(name), value);
        }
        dict::set_str(d, &str::intern_static("print_file_and_line"), none());
    }
    PyErr(exc)
}

/// Where source bytes come from, which decides how decoding errors are worded (CPython's file
/// tokenizer for scripts and stdin, its string tokenizer for `compile()` and imports).
#[derive(Clone, Copy)]
pub enum SourceOrigin<'a> {
    /// A script named on the command line (its path as shown in messages).
    Script(&'a str),
    /// The program read from standard input.
    Stdin,
    /// `compile()`/`exec()`/`eval()` of bytes, or an imported module (its file name).
    Compiled(&'a str),
}

impl Vm {
    /// Source bytes to text, as CPython's tokenizer decodes them: a UTF-8 BOM, a PEP 263 coding
    /// cookie on line 1 or 2 (decoded with the codec it names), UTF-8 otherwise. A script's or
    /// stdin's lines end at a NUL (the file tokenizer drops the rest of such a line).
    pub fn decode_source(&mut self, bytes: &[u8], origin: SourceOrigin<'_>) -> PyResult<String> {
        use crate::compile::source;
        let bytes = match origin {
            SourceOrigin::Compiled(_) if bytes.contains(&0) => {
                return Err(crate::object::exception::value_error(
                    "source code string cannot contain null bytes",
                ))
            }
            SourceOrigin::Compiled(_) => std::borrow::Cow::Borrowed(bytes),
            _ => source::truncate_at_nuls(bytes),
        };
        let (declared, body) = source::declared(&bytes);
        let plain = |msg: String| PyErr::new(&SYNTAX_ERROR, msg);
        let located = |msg: String, lineno: u32| {
            let SourceOrigin::Compiled(filename) = origin else {
                return plain(msg);
            };
            syntax_error(&CompileError {
                kind: "SyntaxError",
                msg,
                filename: filename.to_string(),
                lineno,
                offset: 0,
                end_lineno: lineno,
                end_offset: 0,
                text: String::new(),
            })
        };
        if let Some(name) = declared.cookie.clone().filter(|n| n != "utf-8") {
            if declared.bom {
                return Err(located(format!("encoding problem: {name} with BOM"), 0));
            }
            let decoded = match origin {
                // CPython 3.11 reads stdin as UTF-8 only.
                SourceOrigin::Stdin => None,
                _ => Some(self.call_method(
                    &bytes::new_bytes(body.to_vec()),
                    "decode",
                    &[str::new_str(&name)],
                )),
            };
            return match (decoded, origin) {
                (Some(Ok(text)), _) => Ok(str::as_str(&text).unwrap_or_default().to_string()),
                (Some(Err(e)), SourceOrigin::Compiled(_)) => {
                    let msg = if e.0.is_instance_of(&crate::object::exception::LOOKUP_ERROR) {
                        format!("unknown encoding: {name}")
                    } else {
                        self.str_string(&e.0)?
                    };
                    Err(located(msg, 0))
                }
                _ => Err(plain(format!("encoding problem: {name}"))),
            };
        }
        match source::utf8_failure(body) {
            None => Ok(std::str::from_utf8(body).unwrap_or_default().to_string()),
            Some((at, line, _)) if declared.cookie.is_none() && !matches!(origin, SourceOrigin::Compiled(_)) => {
                let filename = match origin {
                    SourceOrigin::Script(path) => path,
                    _ => "<stdin>",
                };
                Err(plain(source::non_utf8_message(body[at], filename, line)))
            }
            Some((at, line, reason)) => Err(located(
                format!(
                    "(unicode error) 'utf-8' codec can't decode byte 0x{:02x} in position 0: {reason}",
                    body[at]
                ),
                line,
            )),
        }
    }

    /// Compiles source to a code object.
    pub fn compile_source(&mut self, source: &str, filename: &str, mode: Mode) -> PyResult {
        self.compile_source_flags(source, filename, mode, 0)
    }

    /// `compile_source` with future flags passed on (`code_flags::FUTURE_ANNOTATIONS`).
    pub fn compile_source_flags(
        &mut self,
        source: &str,
        filename: &str,
        mode: Mode,
        future_flags: u32,
    ) -> PyResult {
        match crate::compile::compile_with_flags(source, filename, mode, future_flags) {
            Ok(c) => Ok(code::new_code(c)),
            Err(e) => Err(syntax_error(&e)),
        }
    }

    /// Runs a code object with the given namespaces.
    pub fn exec_code(&mut self, code: Value, globals: &Value, locals: Option<Value>) -> PyResult {
        let builtins = self.builtins_for(globals);
        let frame = self.new_frame(
            code,
            globals.clone(),
            builtins,
            Some(locals.unwrap_or_else(|| globals.clone())),
        );
        self.run_frame(frame)
    }

    /// The builtins dict for code running with `globals` (its `__builtins__`, else ours).
    pub fn builtins_for(&mut self, globals: &Value) -> Value {
        let key = str::intern_static("__builtins__");
        match dict::lookup_str(globals, &key) {
            Some(b) if dict::as_dict(&b).is_some() => b,
            Some(b) => module::dict_of(&b)
                .cloned()
                .unwrap_or_else(|| self.builtins.clone()),
            None => {
                dict::set_str(globals, &key, self.builtins_module.clone());
                self.builtins.clone()
            }
        }
    }

    /// Runs a file's source as the `__main__` module.
    pub fn run_main(&mut self, source: &str, filename: &str) -> PyResult {
        self.run_main_module(source, filename, "")
    }

    /// Runs source as `__main__`, with `__file__` unless the name is a pseudo-file
    /// (`<string>`, `<stdin>`) and `__package__` as given (`-m pkg.mod` sets `'pkg'`).
    pub fn run_main_module(&mut self, source: &str, filename: &str, package: &str) -> PyResult {
        let main = module::new_module("__main__");
        let globals = module::dict_of(&main).expect("dict").clone();
        if !filename.starts_with('<') {
            dict::set_str(
                &globals,
                &str::intern_static("__file__"),
                str::new_str(filename),
            );
        }
        if !package.is_empty() {
            dict::set_str(
                &globals,
                &str::intern_static("__package__"),
                str::new_str(package),
            );
        }
        dict::set_str(
            &globals,
            &str::intern_static("__builtins__"),
            self.builtins_module.clone(),
        );
        self.register_module("__main__", main);
        let code = self.compile_source(source, filename, Mode::Exec)?;
        self.exec_code(code, &globals, None)
    }

    /// `IMPORT_NAME`: `__import__(name, globals, None, fromlist, level)`.
    pub fn import_name(
        &mut self,
        name: &Value,
        fromlist: &Value,
        level: &Value,
        globals: &Value,
    ) -> PyResult {
        let name = str::as_str(name).unwrap_or("").to_string();
        let level = int::as_i64(level).unwrap_or(0);
        let absolute = if level > 0 {
            self.resolve_relative(&name, level, globals)?
        } else {
            name.clone()
        };
        let module = self.import_module(&absolute)?;
        let from_names: Vec<Value> = if fromlist.is_none() {
            Vec::new()
        } else {
            self.collect(fromlist)?
        };
        if !from_names.is_empty() {
            self.handle_fromlist(&module, &absolute, &from_names, false)?;
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

    /// For a package, imports the submodules a fromlist names that are not attributes yet
    /// (`'*'` stands for `__all__`, once: a `'*'` inside `__all__` is skipped), as importlib's
    /// `_handle_fromlist` does.
    fn handle_fromlist(
        &mut self,
        module: &Value,
        name: &str,
        names: &[Value],
        recursive: bool,
    ) -> PyResult<()> {
        if self.getattr_opt(module, "__path__")?.is_none() {
            return Ok(());
        }
        for item in names {
            let Some(n) = str::as_str(item).map(str::to_string) else {
                let place = if recursive {
                    format!("{name}.__all__")
                } else {
                    "``from list''".to_string()
                };
                return Err(type_error(format!(
                    "Item in {place} must be str, not {}",
                    item.ty().name()
                )));
            };
            if n == "*" {
                if recursive {
                    continue;
                }
                if let Some(all) = self.getattr_opt(module, "__all__")? {
                    let all = self.collect(&all)?;
                    self.handle_fromlist(module, name, &all, true)?;
                }
                continue;
            }
            if self.getattr_opt(module, &n)?.is_some() {
                continue;
            }
            let sub = format!("{name}.{n}");
            match self.import_module(&sub) {
                Ok(_) => {}
                // A name that is neither an attribute nor a submodule is the caller's
                // problem (IMPORT_FROM reports it); other failures propagate.
                Err(e)
                    if e.is_instance(&MODULE_NOT_FOUND_ERROR)
                        && self
                            .getattr_opt(&e.0, "name")
                            .ok()
                            .flatten()
                            .and_then(|v| str::as_str(&v).map(|s| s == sub))
                            .unwrap_or(false) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    fn resolve_relative(&mut self, name: &str, level: i64, globals: &Value) -> PyResult<String> {
        let package = dict::lookup_str(globals, &str::intern_static("__package__"))
            .filter(|p| !p.is_none())
            .or_else(|| {
                let n = dict::lookup_str(globals, &str::intern_static("__name__"))?;
                let n = str::as_str(&n)?.to_string();
                let is_pkg = dict::lookup_str(globals, &str::intern_static("__path__")).is_some();
                Some(str::new_str(if is_pkg {
                    &n
                } else {
                    n.rsplit_once('.').map(|(a, _)| a).unwrap_or("")
                }))
            });
        let package = package
            .and_then(|p| str::as_str(&p).map(|s| s.to_string()))
            .unwrap_or_default();
        if package.is_empty() {
            return Err(PyErr::new(
                &IMPORT_ERROR,
                "attempted relative import with no known parent package",
            ));
        }
        let mut parts: Vec<&str> = package.split('.').collect();
        for _ in 1..level {
            if parts.pop().is_none() {
                return Err(PyErr::new(
                    &IMPORT_ERROR,
                    "attempted relative import beyond top-level package",
                ));
            }
        }
        let base = parts.join(".");
        Ok(if name.is_empty() {
            base
        } else {
            format!("{base}.{name}")
        })
    }

    /// Imports a module by absolute dotted name (parents first).
    pub fn import_module(&mut self, absolute: &str) -> PyResult {
        let key = str::new_str(absolute);
        if let Some(m) = dict::get_item(self, &self.modules.clone(), &key)? {
            if m.is_none() {
                // `sys.modules[name] = None` blocks an import (import_fresh_module uses it).
                let e = PyErr::new(
                    &MODULE_NOT_FOUND_ERROR,
                    format!("import of {absolute} halted; None in sys.modules"),
                );
                set_import_error_fields(&e, absolute, None);
                return Err(e);
            }
            return Ok(m);
        }
        let (parent, search_path) = match absolute.rsplit_once('.') {
            Some((p, _)) => {
                let pm = self.import_module(p)?;
                // The parent's import may have imported us (`os` sets `os.path`).
                if let Some(m) = dict::get_item(self, &self.modules.clone(), &key)? {
                    return Ok(m);
                }
                let Some(path) = self.getattr_opt(&pm, "__path__")? else {
                    let e = PyErr::new(
                        &MODULE_NOT_FOUND_ERROR,
                        format!("No module named '{absolute}'; '{p}' is not a package"),
                    );
                    set_import_error_fields(&e, absolute, None);
                    return Err(e);
                };
                (Some(pm), Some(path))
            }
            None => (None, None),
        };
        let (before, after) = self.extra_finders()?;
        let found = match self.find_with(&before, absolute, search_path.as_ref())? {
            Some(m) => m,
            None => match self.import_natively(absolute, parent.is_none(), search_path.clone()) {
                Err(e) if !after.is_empty() && e.is_instance(&MODULE_NOT_FOUND_ERROR) => {
                    match self.find_with(&after, absolute, search_path.as_ref())? {
                        Some(m) => m,
                        None => return Err(e),
                    }
                }
                r => r?,
            },
        };
        let m = found;
        if let Some(p) = parent {
            let short = absolute
                .rsplit_once('.')
                .map(|(_, s)| s)
                .unwrap_or(absolute);
            self.setattr(&p, short, m.clone())?;
        }
        Ok(m)
    }

    /// What Heron's own finders find: a native module (top level only), else a `.py` module
    /// or package on the search path.
    fn import_natively(
        &mut self,
        absolute: &str,
        top_level: bool,
        search_path: Option<Value>,
    ) -> PyResult {
        if top_level {
            if let Some(m) = crate::modules::native_module(self, absolute)? {
                self.register_module(absolute, m.clone());
                return Ok(m);
            }
        }
        self.load_py_module(absolute, search_path)
    }

    /// The finders in `sys.meta_path` other than CPython's defaults (which the native path
    /// stands for): those before the first default, asked first, and those after it, asked
    /// when the native path finds nothing. Before importlib is set up, `sys.meta_path` is empty
    /// and the native path alone imports.
    fn extra_finders(&mut self) -> PyResult<(Vec<Value>, Vec<Value>)> {
        let sys = self.sys_module.clone();
        let Some(meta_path) = module::dict_of(&sys)
            .and_then(|d| dict::lookup_str(d, &str::intern_static("meta_path")))
        else {
            return Ok((Vec::new(), Vec::new()));
        };
        let finders = match list::as_list(&meta_path) {
            Some(l) => l.0.borrow().clone(),
            None => self.collect(&meta_path)?,
        };
        let is_default = |f: &Value| self.default_finders.iter().any(|d| d.is(f));
        let (mut before, mut after) = (Vec::new(), Vec::new());
        let mut seen_default = self.default_finders.is_empty();
        for f in finders {
            if is_default(&f) {
                seen_default = true;
            } else if seen_default {
                after.push(f);
            } else {
                before.push(f);
            }
        }
        Ok((before, after))
    }

    /// Asks each finder's `find_spec(name, path, None)`; the first spec is loaded through
    /// importlib (`_bootstrap._load`, which also puts the module in `sys.modules`).
    fn find_with(
        &mut self,
        finders: &[Value],
        absolute: &str,
        path: Option<&Value>,
    ) -> PyResult<Option<Value>> {
        for finder in finders {
            let Some(find_spec) = self.getattr_opt(finder, "find_spec")? else {
                continue;
            };
            let spec = self.call(
                &find_spec,
                &[
                    str::new_str(absolute),
                    path.cloned().unwrap_or_else(none),
                    none(),
                ],
            )?;
            if spec.is_none() {
                continue;
            }
            let bootstrap = self.import_module("importlib._bootstrap")?;
            let load = self.getattr(&bootstrap, "_load")?;
            return self.call(&load, &[spec]).map(Some);
        }
        Ok(None)
    }

    /// Searches `dirs` in order as CPython's path finder does: folders natively, and every
    /// other entry (a `.zip` archive, or whatever a hook understands) through the finder
    /// `sys.path_hooks` gives for it, cached in `sys.path_importer_cache`.
    fn find_through_hooks(&mut self, absolute: &str, dirs: &[String]) -> PyResult<HookSearch> {
        use std::path::Path;
        let hooked = |d: &String| !d.is_empty() && !is_folder(d);
        if !dirs.iter().any(hooked) {
            return Ok(HookSearch::Native(find_module(absolute, dirs)));
        }
        // An archive on the path needs CPython's hooks (zipimport): set importlib up, as
        // CPython has it from start-up.
        if self.default_finders.is_empty() && dirs.iter().any(|d| Path::new(d).is_file()) {
            self.import_module("importlib")?;
        }
        let sys = self.sys_module.clone();
        let hooks = self.getattr(&sys, "path_hooks")?;
        if !self.truthy(&hooks)? {
            return Ok(HookSearch::Native(find_module(absolute, dirs)));
        }
        let mut extension = None;
        let mut start = 0;
        for (i, entry) in dirs.iter().enumerate() {
            if !hooked(entry) {
                continue;
            }
            match find_module(absolute, &dirs[start..i]) {
                Found::Nothing => {}
                Found::Extension(p) => {
                    extension.get_or_insert(p);
                }
                found => return Ok(HookSearch::Native(found)),
            }
            start = i + 1;
            if let Some(m) = self.find_with_path_entry(absolute, entry)? {
                return Ok(HookSearch::Loaded(m));
            }
        }
        Ok(HookSearch::Native(
            match find_module(absolute, &dirs[start..]) {
                Found::Nothing => extension.map_or(Found::Nothing, Found::Extension),
                found => found,
            },
        ))
    }

    /// The finder for one `sys.path` entry (from `sys.path_importer_cache`, else the first
    /// hook that accepts it), asked for `absolute`; the module it finds, loaded by importlib.
    fn find_with_path_entry(&mut self, absolute: &str, entry: &str) -> PyResult<Option<Value>> {
        let sys = self.sys_module.clone();
        let cache = self.getattr(&sys, "path_importer_cache")?;
        let key = str::new_str(entry);
        let finder = match dict::as_dict(&cache).map(|_| dict::get_item(self, &cache, &key)) {
            Some(r) => r?,
            None => None,
        };
        let finder = match finder {
            Some(f) => f,
            None => {
                let hooks = self.getattr(&sys, "path_hooks")?;
                let mut found = none();
                for hook in self.collect(&hooks)? {
                    match self.call(&hook, std::slice::from_ref(&key)) {
                        Ok(f) => {
                            found = f;
                            break;
                        }
                        Err(e) if e.is_instance(&IMPORT_ERROR) => continue,
                        Err(e) => return Err(e),
                    }
                }
                self.setitem(&cache, &key, found.clone())?;
                found
            }
        };
        if finder.is_none() {
            return Ok(None);
        }
        let Some(find_spec) = self.getattr_opt(&finder, "find_spec")? else {
            return Ok(None);
        };
        let spec = self.call(&find_spec, &[str::new_str(absolute)])?;
        if spec.is_none() {
            return Ok(None);
        }
        let loader = self.getattr(&spec, "loader")?;
        if loader.is_none() {
            return Ok(None);
        }
        let bootstrap = self.import_module("importlib._bootstrap")?;
        let load = self.getattr(&bootstrap, "_load")?;
        self.call(&load, &[spec]).map(Some)
    }

    fn load_py_module(&mut self, absolute: &str, search_path: Option<Value>) -> PyResult {
        let dirs: Vec<String> = match &search_path {
            Some(p) => self
                .collect(p)?
                .iter()
                .filter_map(|d| str::as_str(d).map(|s| s.to_string()))
                .collect(),
            None => self.sys_path(),
        };
        let found = match self.find_through_hooks(absolute, &dirs)? {
            HookSearch::Loaded(m) => return Ok(m),
            HookSearch::Native(found) => found,
        };
        match found {
            Found::Source { path, package_dir } => {
                self.exec_source_module(absolute, &path, package_dir.as_deref())
            }
            Found::Extension(path) => {
                // ModuleNotFoundError, so `except ModuleNotFoundError` fallbacks work.
                let e = PyErr::new(
                    &MODULE_NOT_FOUND_ERROR,
                    format!(
                        "cannot load '{absolute}' from {path}: Heron cannot load C extension \
                         modules (built for CPython's C API)"
                    ),
                );
                set_import_error_fields(&e, absolute, Some(&path));
                Err(e)
            }
            Found::Nothing => Err(self.module_not_found(absolute)),
        }
    }

    /// `ModuleNotFoundError` for `absolute`, saying where Heron looked for the standard
    /// library when it found none and the name is a standard module's.
    pub fn module_not_found(&self, absolute: &str) -> PyErr {
        let top = absolute.split('.').next().unwrap_or(absolute);
        let mut msg = format!("No module named '{absolute}'");
        if self.stdlib.dir.is_none() && super::paths::stdlib_module_names().any(|n| n == top) {
            msg.push_str(&format!(" ({})", self.stdlib.missing_hint()));
        }
        let e = PyErr::new(&MODULE_NOT_FOUND_ERROR, msg);
        set_import_error_fields(&e, absolute, None);
        e
    }

    /// Runs the source file `path` as module `absolute` (a package's `__init__.py` when
    /// `package_dir` is given) and returns what `sys.modules` holds for it afterwards.
    fn exec_source_module(
        &mut self,
        absolute: &str,
        path: &str,
        package_dir: Option<&str>,
    ) -> PyResult {
        let m = module::new_module(absolute);
        let globals = module::dict_of(&m).expect("dict").clone();
        dict::set_str(
            &globals,
            &str::intern_static("__file__"),
            str::new_str(path),
        );
        dict::set_str(
            &globals,
            &str::intern_static("__builtins__"),
            self.builtins_module.clone(),
        );
        let package = match package_dir {
            Some(dir) => {
                dict::set_str(
                    &globals,
                    &str::intern_static("__path__"),
                    list::new_list(vec![str::new_str(dir)]),
                );
                absolute.to_string()
            }
            None => absolute
                .rsplit_once('.')
                .map(|(p, _)| p.to_string())
                .unwrap_or_default(),
        };
        dict::set_str(
            &globals,
            &str::intern_static("__package__"),
            str::new_str(&package),
        );
        let cache = super::pycache::cache_path(std::path::Path::new(path), self.options.optimize);
        dict::set_str(
            &globals,
            &str::intern_static("__cached__"),
            cache
                .as_ref()
                .and_then(|c| c.to_str())
                .map_or_else(none, str::new_str),
        );
        self.register_module(absolute, m.clone());
        let code = match self.module_code(path, cache.as_deref()) {
            Ok(c) => c,
            Err(e) => {
                dict::del_str(&self.modules.clone(), &str::intern(absolute));
                return Err(e);
            }
        };
        if let Err(e) = self.exec_code(code, &globals, None) {
            let modules = self.modules.clone();
            let key = str::new_str(absolute);
            if dict::get_item(self, &modules, &key)?.is_some() {
                dict::del_item(self, &modules, &key)?;
            }
            return Err(e);
        }
        let modules = self.modules.clone();
        let m = dict::get_item(self, &modules, &str::new_str(absolute))?.unwrap_or(m);
        if absolute == "importlib" {
            self.install_importlib_finders(&m)?;
        }
        Ok(m)
    }

    /// The code of the source file `path`: from its bytecode cache when that is current,
    /// otherwise compiled (and cached unless `sys.dont_write_bytecode`).
    fn module_code(&mut self, path: &str, cache: Option<&std::path::Path>) -> PyResult {
        use super::pycache;
        let stamp = pycache::SourceStamp::of(std::path::Path::new(path));
        if let (Some(cache), Some(stamp)) = (cache, stamp) {
            if let Some(code) = pycache::load(cache, stamp, path) {
                return Ok(code::new_code(code));
            }
        }
        let source = read_source(self, path)?;
        let compiled = match crate::compile::compile(&source, path, Mode::Exec) {
            Ok(c) => c,
            Err(e) => return Err(syntax_error(&e)),
        };
        if let (Some(cache), Some(stamp)) = (cache, stamp) {
            if !self.dont_write_bytecode() {
                pycache::store(cache, stamp, &compiled);
            }
        }
        Ok(code::new_code(compiled))
    }

    /// `sys.dont_write_bytecode`, read live as importlib does (`-B` and
    /// `PYTHONDONTWRITEBYTECODE` set it at start-up).
    fn dont_write_bytecode(&mut self) -> bool {
        let sys = self.sys_module.clone();
        match module::dict_of(&sys)
            .and_then(|d| dict::lookup_str(d, &str::intern_static("dont_write_bytecode")))
        {
            Some(v) => self.truthy(&v).unwrap_or(true),
            None => self.options.dont_write_bytecode,
        }
    }

    /// Once CPython's `importlib` has set itself up, the finders CPython installs at start-up
    /// go into `sys.meta_path` and `sys.path_hooks` (built-in modules, then the path finder
    /// over the live `sys.path`), so `importlib.import_module`, `util.find_spec` and
    /// `pkgutil` find what `import` finds.
    fn install_importlib_finders(&mut self, importlib: &Value) -> PyResult<()> {
        let bootstrap = self.getattr(importlib, "_bootstrap")?;
        let external = self.getattr(importlib, "_bootstrap_external")?;
        let sys = self.sys_module.clone();
        let meta_path = self.getattr(&sys, "meta_path")?;
        for name in ["BuiltinImporter", "FrozenImporter"] {
            let finder = self.getattr(&bootstrap, name)?;
            self.default_finders.push(finder.clone());
            self.call_method(&meta_path, "append", &[finder])?;
        }
        // Heron's bytecode is not CPython's: importlib's cache files carry Heron's magic.
        let magic = crate::bytecode::serial::FINGERPRINT;
        self.setattr(&external, "MAGIC_NUMBER", bytes::new_bytes(magic.to_vec()))?;
        self.setattr(
            &external,
            "_RAW_MAGIC_NUMBER",
            int::from_i64(u32::from_le_bytes(magic) as i64),
        )?;
        let install = self.getattr(&external, "_install")?;
        let bootstrap_module = bootstrap.clone();
        self.call(&install, &[bootstrap])?;
        let path_finder = self.getattr(&external, "PathFinder")?;
        self.default_finders.push(path_finder);
        // CPython has importlib's two halves in sys.modules under their frozen names
        // (zipimport imports them so), and puts zipimport's hook first (`_PyImportZip_Init`).
        self.register_module("_frozen_importlib", bootstrap_module.clone());
        self.register_module("_frozen_importlib_external", external.clone());
        let zipimport = self.import_module("zipimport")?;
        let zipimporter = self.getattr(&zipimport, "zipimporter")?;
        let hooks = self.getattr(&sys, "path_hooks")?;
        self.call_method(&hooks, "insert", &[int::from_i64(0), zipimporter])?;
        Ok(())
    }

    /// `heron -m name`: runs the module's source (a package's `__main__`) as `__main__`,
    /// with `sys.argv[0]` its file, after importing its parent packages, as `runpy` does.
    pub fn run_module_as_main(&mut self, name: &str) -> Result<PyResult, String> {
        if name.is_empty() || name.starts_with('.') || name.ends_with('.') {
            return Err(format!("No module named {name}"));
        }
        let (parent, dirs) = match name.rsplit_once('.') {
            Some((p, _)) => {
                let pm = match self.import_module(p) {
                    Ok(pm) => pm,
                    Err(e) => return Err(self.spec_error(name, &e)),
                };
                let path = match self.getattr_opt(&pm, "__path__") {
                    Ok(Some(path)) => path,
                    _ => {
                        return Err(format!(
                            "Error while finding module specification for '{name}' \
                             (ModuleNotFoundError: __path__ attribute not found on '{p}' while \
                             trying to find '{name}')"
                        ))
                    }
                };
                let dirs = match self.collect(&path) {
                    Ok(d) => d
                        .iter()
                        .filter_map(|d| str::as_str(d).map(|s| s.to_string()))
                        .collect(),
                    Err(e) => return Err(self.spec_error(name, &e)),
                };
                (p.to_string(), dirs)
            }
            None => (String::new(), self.sys_path()),
        };
        match find_module(name, &dirs) {
            Found::Source {
                package_dir: Some(_),
                ..
            } => {
                let main = format!("{name}.__main__");
                // The package itself is imported first, as runpy does.
                if let Err(e) = self.import_module(name) {
                    return Err(self.spec_error(&main, &e));
                }
                match self.run_module_as_main(&main) {
                    Err(m) if m == format!("No module named {main}") => Err(format!(
                        "No module named {main}; '{name}' is a package and cannot be directly \
                         executed"
                    )),
                    r => r,
                }
            }
            Found::Source { path, .. } => {
                let source = match read_source(self, &path) {
                    Ok(s) => s,
                    Err(e) => return Ok(Err(e)),
                };
                if let Some(argv) = self.sys_attr("argv") {
                    if let Some(l) = list::as_list(&argv) {
                        if let Some(first) = l.0.borrow_mut().first_mut() {
                            *first = str::new_str(&path);
                        }
                    }
                }
                Ok(self.run_main_module(&source, &path, &parent))
            }
            Found::Extension(path) => Err(format!(
                "cannot run '{name}' from {path}: Heron cannot load C extension modules"
            )),
            Found::Nothing => Err(format!("No module named {name}")),
        }
    }

    fn spec_error(&mut self, name: &str, e: &PyErr) -> String {
        let text = self.str_string(&e.0).unwrap_or_default();
        format!(
            "Error while finding module specification for '{name}' ({}: {text})",
            e.0.ty().name()
        )
    }

    /// Creates module `name` from source compiled into the binary.
    pub fn load_source_module(&mut self, name: &str, source: &str, filename: &str) -> PyResult {
        let m = module::new_module(name);
        let globals = module::dict_of(&m).expect("dict").clone();
        dict::set_str(
            &globals,
            &str::intern_static("__builtins__"),
            self.builtins_module.clone(),
        );
        dict::set_str(
            &globals,
            &str::intern_static("__file__"),
            str::new_str(filename),
        );
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

    /// The `importlib.machinery.ModuleSpec` of a module the native import system loaded: a
    /// file spec (with the package's search locations) or a built-in one; None for `__main__`
    /// and modules made at run time.
    /// None (nothing cached) while `importlib` itself is being set up: making a spec imports
    /// `importlib.util`, which must not happen while `_bootstrap._setup` walks `sys.modules`.
    pub fn module_spec(&mut self, module: &Value) -> PyResult<Option<Value>> {
        let modules = self.modules.clone();
        let importlib = dict::get_item(self, &modules, &str::new_str("importlib"))?;
        // `reload` is the last name importlib/__init__.py defines.
        let half_made = importlib.is_some_and(|m| {
            module::dict_of(&m)
                .is_some_and(|d| dict::lookup_str(d, &str::intern_static("reload")).is_none())
        });
        if half_made {
            return Ok(None);
        }
        self.module_spec_now(module).map(Some)
    }

    fn module_spec_now(&mut self, module: &Value) -> PyResult {
        let Some(d) = module::dict_of(module).cloned() else {
            return Ok(none());
        };
        let name = dict::lookup_str(&d, &str::intern_static("__name__"));
        let Some(name) = name.filter(|n| str::as_str(n).is_some_and(|s| s != "__main__")) else {
            return Ok(none());
        };
        let file = dict::lookup_str(&d, &str::intern_static("__file__"));
        let path = dict::lookup_str(&d, &str::intern_static("__path__"));
        let native = str::as_str(&name).is_some_and(|n| {
            crate::modules::NATIVE_MODULES.iter().any(|m| m.name == n)
                || n == "sys"
                || n == "builtins"
        });
        if let Some(file) = file {
            // `_bootstrap_external` defines it (`importlib.util` re-exports it, but importing
            // that module would also import contextlib, functools and types).
            let external = self.import_module("importlib._bootstrap_external")?;
            let f = self.getattr(&external, "spec_from_file_location")?;
            let args = [name, file];
            return match path {
                Some(p) => self.call_with(
                    &f,
                    Args::with_kwnames(
                        &[args[0].clone(), args[1].clone(), p],
                        &[str::intern_static("submodule_search_locations")],
                    ),
                ),
                None => self.call(&f, &args),
            };
        }
        if native {
            let bootstrap = self.import_module("importlib._bootstrap")?;
            let spec_cls = self.getattr(&bootstrap, "ModuleSpec")?;
            let loader = self.getattr(&bootstrap, "BuiltinImporter")?;
            return self.call_with(
                &spec_cls,
                Args::with_kwnames(
                    &[name, loader, str::new_str("built-in")],
                    &[str::intern_static("origin")],
                ),
            );
        }
        Ok(none())
    }

    /// `from m import *`.
    pub fn import_star(&mut self, module: &Value, locals: &Value) -> PyResult<()> {
        let all = self.getattr_opt(module, "__all__")?;
        let names: Vec<Value> = match all {
            Some(a) => self.collect(&a)?,
            None => {
                let d = match module::dict_of(module) {
                    Some(d) => d.clone(),
                    None => self.getattr(module, "__dict__").map_err(|_| {
                        PyErr::new(
                            &IMPORT_ERROR,
                            "from-import-* object has no __dict__ and no __all__",
                        )
                    })?,
                };
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

/// What a search for a module's file found.
#[derive(Debug, PartialEq, Eq)]
pub enum Found {
    /// A `.py` file; for a package, its `__init__.py` and the package's folder.
    Source {
        path: String,
        package_dir: Option<String>,
    },
    /// Only a C extension (`.so`), which Heron cannot load.
    Extension(String),
    Nothing,
}

/// What the search of `sys.path` with its hooks came to.
enum HookSearch {
    /// A hook's finder found the module, and importlib loaded it.
    Loaded(Value),
    /// What the native search of the folders found.
    Native(Found),
}

/// The file suffixes of C extension modules CPython 3.11 loads on this platform (what
/// `_imp.extension_suffixes()` reports).
pub fn extension_suffix_list() -> [String; 3] {
    extension_suffixes()
}

fn extension_suffixes() -> [String; 3] {
    let arch = std::env::consts::ARCH;
    [
        format!(".cpython-311-{arch}-linux-gnu.so"),
        ".abi3.so".to_string(),
        ".so".to_string(),
    ]
}

/// Finds module `absolute` in `dirs` as CPython's `FileFinder` does for each folder in turn: a
/// package (`name/__init__.py`), then a module (`name.py`). A C extension is reported only
/// when no source module is found anywhere, so a pure-Python fallback wins over it.
pub fn find_module(absolute: &str, dirs: &[String]) -> Found {
    use std::path::Path;
    let short = absolute.rsplit('.').next().unwrap_or(absolute);
    let mut extension = None;
    for dir in dirs {
        let base = if dir.is_empty() { "." } else { dir.as_str() };
        let Some(listing) = folder_listing(base) else {
            continue;
        };
        // A name the listing lacks needs no system call; one it has is still checked.
        let may_exist = |name: &str| listing.as_ref().is_none_or(|names| names.contains(name));
        if may_exist(short) {
            let pkg = format!("{base}/{short}");
            let init = format!("{pkg}/__init__.py");
            if Path::new(&init).is_file() {
                return Found::Source {
                    path: init,
                    package_dir: Some(pkg),
                };
            }
        }
        let file = format!("{short}.py");
        if may_exist(&file) && Path::new(&format!("{base}/{file}")).is_file() {
            return Found::Source {
                path: format!("{base}/{file}"),
                package_dir: None,
            };
        }
        if extension.is_none() {
            extension = extension_suffixes()
                .iter()
                .map(|sfx| format!("{short}{sfx}"))
                .filter(|name| may_exist(name))
                .map(|name| format!("{base}/{name}"))
                .find(|p| Path::new(p).is_file());
        }
    }
    match extension {
        Some(p) => Found::Extension(p),
        None => Found::Nothing,
    }
}

/// Whether the `sys.path` entry `entry` is a folder (searched natively rather than through
/// `sys.path_hooks`). A folder once seen is taken to stay one, as CPython's
/// `sys.path_importer_cache` keeps the `FileFinder` it made for it: one `stat` per entry for
/// the process instead of one per entry per import.
fn is_folder(entry: &str) -> bool {
    thread_local! {
        static FOLDERS: RefCell<HashSet<String>> = RefCell::new(HashSet::new());
    }
    if FOLDERS.with(|f| f.borrow().contains(entry)) {
        return true;
    }
    let folder = std::path::Path::new(entry).is_dir();
    if folder {
        FOLDERS.with(|f| f.borrow_mut().insert(entry.to_string()));
    }
    folder
}

/// The names in a folder the import search reads, kept as importlib's `FileFinder` keeps its
/// path cache: one `stat` of the folder per search (its modification time says whether the
/// listing is current) instead of one per candidate file. None when `dir` is not a folder;
/// `Some(None)` when it changed too recently for its modification time to tell a later change
/// apart (then each candidate is looked up).
fn folder_listing(dir: &str) -> Option<Option<Rc<HashSet<String>>>> {
    use std::time::{Duration, SystemTime};
    /// A folder's names, and its modification time when they were read.
    type Listing = (SystemTime, Rc<HashSet<String>>);
    thread_local! {
        static LISTINGS: RefCell<HashMap<String, Listing>> = RefCell::new(HashMap::new());
    }
    let meta = std::fs::metadata(dir).ok()?;
    if !meta.is_dir() {
        return None;
    }
    let Ok(mtime) = meta.modified() else {
        return Some(None);
    };
    let settled = SystemTime::now()
        .duration_since(mtime)
        .is_ok_and(|age| age > Duration::from_secs(2));
    if !settled {
        return Some(None);
    }
    LISTINGS.with(|l| {
        if let Some((when, names)) = l.borrow().get(dir) {
            if *when == mtime {
                return Some(Some(names.clone()));
            }
        }
        let Ok(entries) = std::fs::read_dir(dir) else {
            return Some(None);
        };
        let names: Rc<HashSet<String>> = Rc::new(
            entries
                .filter_map(|e| e.ok()?.file_name().into_string().ok())
                .collect(),
        );
        l.borrow_mut()
            .insert(dir.to_string(), (mtime, names.clone()));
        Some(Some(names))
    })
}

/// A module's source text, decoded as `compile()` decodes bytes (PEP 263).
fn read_source(vm: &mut Vm, path: &str) -> PyResult<String> {
    let bytes = std::fs::read(path).map_err(|e| {
        PyErr::new(
            &IMPORT_ERROR,
            format!(
                "cannot read {path}: [Errno {}]",
                e.raw_os_error().unwrap_or(0)
            ),
        )
    })?;
    vm.decode_source(&bytes, SourceOrigin::Compiled(path))
}

/// Sets `name` and `path` on an ImportError, as CPython does.
fn set_import_error_fields(e: &PyErr, name: &str, path: Option<&str>) {
    if let Some(p) = e.0.payload_exact::<crate::object::exception::Exception>() {
        dict::set_str(&p.dict, &str::intern_static("name"), str::new_str(name));
        if let Some(path) = path {
            dict::set_str(&p.dict, &str::intern_static("path"), str::new_str(path));
        }
    }
}
