//! Where the standard library and installed packages are: finding CPython 3.11's `Lib/` on
//! this machine, and the initial `sys.path` in CPython's order.
//!
//! Heron runs CPython's own pure-Python standard library and never ships a copy of it. The
//! directory comes from `HERON_STDLIB` when that is set (and not ignored by `-E`/`-I`),
//! otherwise from the first of `STANDARD_PREFIXES` whose `lib/python3.11` holds a 3.11 library.

use std::path::{Path, PathBuf};

/// The CPython version whose library Heron runs.
pub const STDLIB_VERSION: &str = "3.11";

/// Installation prefixes searched, in order, for `lib/python3.11` (after the one next to the
/// `heron` binary): Debian/Ubuntu's system Python, then a locally built one.
pub const STANDARD_PREFIXES: &[&str] = &["/usr", "/usr/local"];

/// What to install when no library is found.
pub const INSTALL_HINT: &str =
    "install CPython 3.11's standard library (Debian/Ubuntu: apt-get install libpython3.11-stdlib) \
     or set HERON_STDLIB to its directory";

/// The names CPython 3.11 lists in `sys.stdlib_module_names`.
pub fn stdlib_module_names() -> impl Iterator<Item = &'static str> {
    include_str!("stdlib_module_names.txt")
        .lines()
        .filter(|l| !l.is_empty())
}

/// Why a candidate directory is not a CPython 3.11 library, or `None` when it is one.
///
/// `os.py` is CPython's own landmark. `tomllib` is new in 3.11 and `imp.py` is gone in 3.12,
/// so the pair pins the version without running anything.
pub fn check_stdlib(dir: &Path) -> Option<String> {
    if !dir.join("os.py").is_file() {
        return Some("no os.py: not a Python standard library".into());
    }
    if !dir.join("tomllib").join("__init__.py").is_file() {
        return Some("a standard library older than 3.11 (no tomllib)".into());
    }
    if !dir.join("imp.py").is_file() {
        return Some("a standard library newer than 3.11 (no imp.py)".into());
    }
    None
}

/// The outcome of looking for the standard library.
#[derive(Clone, Debug, Default)]
pub struct StdlibSearch {
    /// The directory found (`sys._stdlib_dir`).
    pub dir: Option<PathBuf>,
    /// Every directory looked at and why it was not used.
    pub rejected: Vec<(PathBuf, String)>,
}

impl StdlibSearch {
    /// Searches `HERON_STDLIB` (the value given, when `use_env`), the library beside the
    /// binary, then the standard prefixes.
    pub fn run(env_dir: Option<&str>, exe: Option<&Path>) -> StdlibSearch {
        let mut search = StdlibSearch::default();
        let mut candidates: Vec<PathBuf> = Vec::new();
        if let Some(d) = env_dir.filter(|d| !d.is_empty()) {
            candidates.push(PathBuf::from(d));
        }
        // A relocatable install: <prefix>/bin/heron beside <prefix>/lib/python3.11.
        if let Some(prefix) = exe.and_then(Path::parent).and_then(Path::parent) {
            candidates.push(prefix.join("lib").join(format!("python{STDLIB_VERSION}")));
        }
        for p in STANDARD_PREFIXES {
            candidates.push(
                Path::new(p)
                    .join("lib")
                    .join(format!("python{STDLIB_VERSION}")),
            );
        }
        for c in candidates {
            if search.rejected.iter().any(|(d, _)| *d == c) {
                continue;
            }
            match check_stdlib(&c) {
                None => {
                    search.dir = Some(c);
                    break;
                }
                Some(why) => search.rejected.push((c, why)),
            }
        }
        search
    }

    /// `sys.prefix`: the directory two levels above `lib/python3.11`.
    pub fn prefix(&self) -> Option<PathBuf> {
        let dir = self.dir.as_ref()?;
        let lib = dir.parent()?;
        Some(lib.parent()?.to_path_buf())
    }

    /// The sentence a failed import of a standard module adds when no library was found.
    pub fn missing_hint(&self) -> String {
        let looked: Vec<String> = self
            .rejected
            .iter()
            .map(|(d, why)| format!("{} ({why})", d.display()))
            .collect();
        format!(
            "Heron found no Python {STDLIB_VERSION} standard library (looked in: {}); {INSTALL_HINT}",
            looked.join(", ")
        )
    }
}

/// Start-up flags that shape `sys.path` (CPython's `-E`, `-I`, `-s`, `-S`, `-P`).
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub struct PathFlags {
    pub ignore_environment: bool,
    pub isolated: bool,
    pub no_user_site: bool,
    pub no_site: bool,
}

/// The site directories of a prefix that exist, in the order CPython's `site` adds them.
///
/// Debian's CPython uses `dist-packages` (`/usr/local/lib/python3.11/dist-packages`, then
/// `/usr/lib/python3/dist-packages`); other builds use `lib/python3.11/site-packages`.
pub fn site_packages(prefix: &Path) -> Vec<PathBuf> {
    let v = STDLIB_VERSION;
    let mut dirs = Vec::new();
    if prefix == Path::new("/usr") {
        dirs.push(PathBuf::from(format!(
            "/usr/local/lib/python{v}/dist-packages"
        )));
        dirs.push(PathBuf::from("/usr/lib/python3/dist-packages"));
        dirs.push(PathBuf::from(format!("/usr/lib/python{v}/dist-packages")));
    }
    dirs.push(prefix.join(format!("lib/python{v}/site-packages")));
    dirs.into_iter().filter(|d| d.is_dir()).collect()
}

/// The user's site directory (`site.USER_SITE`): `$PYTHONUSERBASE` or `~/.local`, then
/// `lib/python3.11/site-packages`.
pub fn user_site(env: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    let base = match env("PYTHONUSERBASE").filter(|b| !b.is_empty()) {
        Some(b) => PathBuf::from(b),
        None => PathBuf::from(env("HOME")?).join(".local"),
    };
    Some(base.join(format!("lib/python{STDLIB_VERSION}/site-packages")))
}

/// `sys.path` before the main program's entry is put in front: `PYTHONPATH`, the standard
/// library and its `lib-dynload`, then the site directories (unless `-S`), each once.
pub fn initial_path(
    flags: PathFlags,
    stdlib: &StdlibSearch,
    env: &dyn Fn(&str) -> Option<String>,
) -> Vec<String> {
    let use_env = !flags.ignore_environment && !flags.isolated;
    let mut path: Vec<String> = Vec::new();
    if use_env {
        if let Some(pp) = env("PYTHONPATH") {
            path.extend(pp.split(':').filter(|p| !p.is_empty()).map(absolute));
        }
    }
    if let Some(dir) = &stdlib.dir {
        path.push(dir.display().to_string());
        let dynload = dir.join("lib-dynload");
        if dynload.is_dir() {
            path.push(dynload.display().to_string());
        }
    }
    if !flags.no_site {
        let no_user = flags.no_user_site
            || flags.isolated
            || (use_env && env("PYTHONNOUSERSITE").is_some_and(|v| !v.is_empty()));
        if !no_user {
            if let Some(u) = user_site(env).filter(|u| u.is_dir()) {
                path.push(u.display().to_string());
            }
        }
        if let Some(prefix) = stdlib.prefix() {
            path.extend(
                site_packages(&prefix)
                    .iter()
                    .map(|d| d.display().to_string()),
            );
        }
    }
    let mut seen = std::collections::HashSet::new();
    path.retain(|p| seen.insert(p.clone()));
    path
}

/// An absolute form of a `PYTHONPATH` entry, as CPython's path configuration makes it.
fn absolute(p: &str) -> String {
    std::path::absolute(p)
        .map(|a| a.display().to_string())
        .unwrap_or_else(|_| p.to_string())
}

/// `.pth` files of a site directory in name order, as `site.addsitedir` reads them.
pub fn pth_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| {
                p.extension().is_some_and(|x| x == "pth")
                    && !p
                        .file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            })
            .collect(),
        Err(_) => Vec::new(),
    };
    files.sort();
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fake_lib(root: &Path, tomllib: bool, imp: bool) -> PathBuf {
        let dir = root.join("lib/python3.11");
        std::fs::create_dir_all(dir.join("tomllib")).unwrap();
        std::fs::write(dir.join("os.py"), "").unwrap();
        if tomllib {
            std::fs::write(dir.join("tomllib/__init__.py"), "").unwrap();
        }
        if imp {
            std::fs::write(dir.join("imp.py"), "").unwrap();
        }
        dir
    }

    fn scratch(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("heron-paths-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn version_check_names_the_reason() {
        let root = scratch("versions");
        let ok = fake_lib(&root.join("a"), true, true);
        assert_eq!(check_stdlib(&ok), None);
        let old = fake_lib(&root.join("b"), false, true);
        assert!(check_stdlib(&old).unwrap().contains("older than 3.11"));
        let new = fake_lib(&root.join("c"), true, false);
        assert!(check_stdlib(&new).unwrap().contains("newer than 3.11"));
        assert!(check_stdlib(&root.join("none"))
            .unwrap()
            .contains("no os.py"));
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn env_dir_wins_and_prefix_follows() {
        let root = scratch("env");
        let lib = fake_lib(&root, true, true);
        let s = StdlibSearch::run(Some(lib.to_str().unwrap()), None);
        assert_eq!(s.dir.as_deref(), Some(lib.as_path()));
        assert_eq!(s.prefix().as_deref(), Some(root.as_path()));
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn pythonpath_comes_first_and_is_ignored_under_e() {
        let root = scratch("pp");
        let lib = fake_lib(&root, true, true);
        let search = StdlibSearch {
            dir: Some(lib.clone()),
            rejected: vec![],
        };
        let env = |k: &str| (k == "PYTHONPATH").then(|| "/x/a:/x/b".to_string());
        let p = initial_path(PathFlags::default(), &search, &env);
        assert_eq!(&p[..3], &["/x/a", "/x/b", lib.to_str().unwrap()]);
        let flags = PathFlags {
            ignore_environment: true,
            ..PathFlags::default()
        };
        let p = initial_path(flags, &search, &env);
        assert_eq!(p[0], lib.to_str().unwrap());
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn missing_hint_lists_where_it_looked() {
        let s = StdlibSearch {
            dir: None,
            rejected: vec![(PathBuf::from("/nowhere/lib/python3.11"), "no os.py".into())],
        };
        let h = s.missing_hint();
        assert!(h.contains("/nowhere/lib/python3.11"));
        assert!(h.contains("libpython3.11-stdlib"));
    }
}
