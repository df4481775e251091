//! The Rust-side carrier of a raised Python exception, native-call argument lists and their
//! parsing with CPython's messages: the object layer's error vocabulary, below the VM.

use crate::object::value::Value;

/// A raised Python exception: owns the exception instance.
pub struct PyErr(pub Value);

impl std::fmt::Debug for PyErr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PyErr({})", self.0.ty().name())
    }
}

/// Result of anything that can raise.
pub type PyResult<T = Value> = Result<T, PyErr>;

/// Arguments of a native call, laid out as CPython's vectorcall: positional values, then the
/// values of keyword arguments whose names are `kwnames` (interned strs), in the same order.
#[derive(Copy, Clone)]
pub struct Args<'a> {
    pub values: &'a [Value],
    pub kwnames: &'a [Value],
}

impl<'a> Args<'a> {
    pub fn new(values: &'a [Value]) -> Args<'a> {
        Args {
            values,
            kwnames: &[],
        }
    }

    pub fn with_kwnames(values: &'a [Value], kwnames: &'a [Value]) -> Args<'a> {
        Args { values, kwnames }
    }

    /// The positional arguments.
    #[inline]
    pub fn positional(&self) -> &'a [Value] {
        &self.values[..self.values.len() - self.kwnames.len()]
    }

    /// The keyword arguments as (name, value) pairs.
    pub fn keywords(&self) -> impl Iterator<Item = (&'a Value, &'a Value)> {
        let kwvals = &self.values[self.values.len() - self.kwnames.len()..];
        self.kwnames.iter().zip(kwvals.iter())
    }

    pub fn has_keywords(&self) -> bool {
        !self.kwnames.is_empty()
    }

    /// The keyword argument `name`, if given.
    pub fn keyword(&self, name: &str) -> Option<&'a Value> {
        self.keywords()
            .find(|(k, _)| crate::object::str::as_str(k) == Some(name))
            .map(|(_, v)| v)
    }

    /// Fails with CPython's message when keyword arguments were given to `fname`.
    pub fn no_keywords(&self, fname: &str) -> PyResult<()> {
        if self.has_keywords() {
            Err(crate::object::exception::type_error(format!(
                "{fname}() takes no keyword arguments"
            )))
        } else {
            Ok(())
        }
    }

    /// CPython's rule for built-in types whose `__new__` takes no keywords: they are refused
    /// for `base` itself and for subclasses that keep `object.__init__`, and allowed for a
    /// subclass with its own `__init__` (which may take them).
    pub fn no_keywords_unless_init(
        &self,
        cls: &crate::object::typeobj::TypeObject,
        base: &crate::object::typeobj::TypeObject,
        fname: &str,
    ) -> PyResult<()> {
        if !self.has_keywords() {
            return Ok(());
        }
        let object_init = crate::object::types::OBJECT_TYPE.lookup_str("__init__");
        let own_init = match (cls.lookup_str("__init__"), object_init) {
            (Some(a), Some(b)) => !a.is(&b),
            _ => false,
        };
        if std::ptr::eq(cls, base) || !own_init {
            return self.no_keywords(fname);
        }
        Ok(())
    }

    /// Binds arguments to `names` (positional-or-keyword, in order); the first `required`
    /// must be present. Errors follow CPython's wording for built-ins.
    pub fn bind(
        &self,
        fname: &str,
        names: &[&str],
        required: usize,
    ) -> PyResult<Vec<Option<Value>>> {
        self.bind_posonly(fname, names, 0, required)
    }

    /// As `bind`, with the first `posonly` of `names` positional-only (before `/`).
    pub fn bind_posonly(
        &self,
        fname: &str,
        names: &[&str],
        posonly: usize,
        required: usize,
    ) -> PyResult<Vec<Option<Value>>> {
        use crate::object::exception::type_error;
        let min_pos = required.min(posonly);
        if self.positional().len() < min_pos {
            // Argument Clinic's wording; a method's `self` is not counted.
            let skip = usize::from(names.first() == Some(&"self"));
            let (min, max, given) = (
                min_pos - skip,
                names.len() - skip,
                self.positional().len().saturating_sub(skip),
            );
            return Err(type_error(format!(
                "{fname}() takes {} {min} positional argument{} ({given} given)",
                if min == max { "exactly" } else { "at least" },
                if min == 1 { "" } else { "s" },
            )));
        }
        // Argument Clinic does not know positional-only names as keywords at all.
        if let Some(k) = (posonly > 0)
            .then(|| self.keywords())
            .into_iter()
            .flatten()
            .filter_map(|(k, _)| crate::object::str::as_str(k))
            .find(|k| names[..posonly].contains(k))
        {
            return Err(type_error(format!(
                "'{k}' is an invalid keyword argument for {fname}()"
            )));
        }
        let pos = self.positional();
        if pos.len() > names.len() {
            return Err(type_error(if names.len() == required {
                format!(
                    "{fname}() takes exactly {} argument{} ({} given)",
                    names.len(),
                    if names.len() == 1 { "" } else { "s" },
                    pos.len()
                )
            } else {
                format!(
                    "{fname}() takes at most {} arguments ({} given)",
                    names.len(),
                    pos.len()
                )
            }));
        }
        let mut out: Vec<Option<Value>> = vec![None; names.len()];
        for (i, v) in pos.iter().enumerate() {
            out[i] = Some(v.clone());
        }
        for (k, v) in self.keywords() {
            let k = crate::object::str::as_str(k).unwrap_or("");
            match names.iter().position(|n| *n == k) {
                Some(i) if out[i].is_some() => {
                    return Err(type_error(format!(
                        "argument for {fname}() given by name ('{k}') and position ({})",
                        i + 1
                    )))
                }
                Some(i) => out[i] = Some(v.clone()),
                None => {
                    return Err(type_error(format!(
                        "{fname}() got an unexpected keyword argument '{k}'"
                    )))
                }
            }
        }
        for (i, slot) in out.iter().enumerate().take(required) {
            if slot.is_none() {
                return Err(type_error(format!(
                    "{fname}() missing required argument '{}' (pos {})",
                    names[i],
                    i + 1
                )));
            }
        }
        Ok(out)
    }

    /// The arguments of a method of `owner` after self, checked to number `min..=max` with no
    /// keywords, with the messages CPython's str and bytes methods give.
    pub fn method_args(
        &self,
        owner: &str,
        fname: &str,
        min: usize,
        max: usize,
    ) -> PyResult<&'a [Value]> {
        use crate::object::exception::type_error;
        self.no_keywords(fname)?;
        let a = &self.values[1..];
        let n = a.len();
        if n >= min && n <= max {
            return Ok(a);
        }
        let finds = matches!(
            fname,
            "find" | "rfind" | "index" | "rindex" | "count" | "startswith" | "endswith"
        );
        let plural = |k: usize| if k == 1 { "" } else { "s" };
        let msg = if max == 0 {
            format!("{owner}.{fname}() takes no arguments ({n} given)")
        } else if min == 1 && max == 1 {
            format!("{owner}.{fname}() takes exactly one argument ({n} given)")
        } else if finds && n < min {
            format!(
                "{fname}() takes at least {min} argument{} ({n} given)",
                plural(min)
            )
        } else if finds {
            format!(
                "{fname}() takes at most {max} argument{} ({n} given)",
                plural(max)
            )
        } else if n < min {
            format!(
                "{fname} expected at least {min} argument{}, got {n}",
                plural(min)
            )
        } else {
            format!(
                "{fname} expected at most {max} argument{}, got {n}",
                plural(max)
            )
        };
        Err(type_error(msg))
    }

    /// Checks the positional count is in `min..=max` with no keywords (CPython's messages).
    pub fn check_count(&self, fname: &str, min: usize, max: usize) -> PyResult<&'a [Value]> {
        use crate::object::exception::type_error;
        self.no_keywords(fname)?;
        let n = self.values.len();
        if n < min || n > max {
            let msg = if min == max {
                match min {
                    0 => format!("{fname}() takes no arguments ({n} given)"),
                    1 => format!("{fname}() takes exactly one argument ({n} given)"),
                    _ => format!("{fname} expected {min} arguments, got {n}"),
                }
            } else if n < min {
                format!(
                    "{fname} expected at least {min} argument{}, got {n}",
                    if min == 1 { "" } else { "s" }
                )
            } else {
                format!(
                    "{fname} expected at most {max} argument{}, got {n}",
                    if max == 1 { "" } else { "s" }
                )
            };
            return Err(type_error(msg));
        }
        Ok(self.values)
    }
}

/// A native function: `args.values[0]` is self for methods. The VM is the one thing of the
/// layer above that the object layer names: as the opaque context its method tables pass.
pub type NativeFn = fn(&mut crate::vm::Vm, Args<'_>) -> PyResult;
