//! The bytecode cache, laid out as CPython's `__pycache__` (PEP 3147) so that importlib's
//! `SourceFileLoader` and Heron's own import path read and write the same files:
//! `dir/__pycache__/name.heron-311.pyc` (`.opt-N` before `.pyc` under `-O`), a 16-byte header
//! (magic, flags, source mtime, source size; little-endian) and the code as `marshal` data.
//!
//! The magic is the compiler's fingerprint (`bytecode::serial::FINGERPRINT`), so another
//! build's bytecode reads as stale. A file is used only when magic, flags, mtime and size all
//! match and its body decodes with a good checksum; otherwise the source is compiled again.
//! Writing is best effort, as in CPython: an unwritable folder is skipped in silence, and the
//! file appears atomically (written beside, then renamed).

use std::io::{Read, Write};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use crate::bytecode::serial;
use crate::bytecode::CompiledCode;

/// `sys.implementation.cache_tag`.
pub const CACHE_TAG: &str = "heron-311";

const HEADER_LEN: usize = 16;

/// Where the cached bytecode of `source` lives (importlib's `cache_from_source`); None for a
/// file that does not end in `.py`.
pub fn cache_path(source: &Path, optimize: u8) -> Option<PathBuf> {
    let name = source.file_name()?.to_str()?;
    let stem = name.strip_suffix(".py")?;
    let opt = if optimize > 0 {
        format!(".opt-{optimize}")
    } else {
        String::new()
    };
    Some(
        source
            .parent()?
            .join("__pycache__")
            .join(format!("{stem}.{CACHE_TAG}{opt}.pyc")),
    )
}

/// What a cache file must record about its source to be trusted.
#[derive(Clone, Copy)]
pub struct SourceStamp {
    mtime: u32,
    size: u32,
    mode: u32,
}

impl SourceStamp {
    /// CPython keeps the low 32 bits of the whole-second mtime and of the size.
    pub fn of(source: &Path) -> Option<SourceStamp> {
        let m = std::fs::metadata(source).ok()?;
        Some(SourceStamp {
            mtime: m.mtime() as u32,
            size: m.size() as u32,
            mode: m.mode(),
        })
    }
}

/// The header importlib's `_code_to_timestamp_pyc` writes.
pub fn header(stamp: SourceStamp) -> [u8; HEADER_LEN] {
    let mut h = [0u8; HEADER_LEN];
    h[..4].copy_from_slice(&serial::FINGERPRINT);
    h[8..12].copy_from_slice(&stamp.mtime.to_le_bytes());
    h[12..].copy_from_slice(&stamp.size.to_le_bytes());
    h
}

/// The cached code for a source with `stamp`, if the file at `cache` is current and whole.
/// The module's own code is decoded; the code objects nested in it stay encoded in the file's
/// bytes, kept for them, until they are read (`bytecode::CodeRef::Encoded`).
pub fn load(cache: &Path, stamp: SourceStamp, filename: &str) -> Option<Rc<CompiledCode>> {
    // Read into a buffer of the file's size: it is kept, so no spare capacity.
    let mut file = std::fs::File::open(cache).ok()?;
    let size = file.metadata().ok()?.len() as usize;
    let mut data = Vec::with_capacity(size);
    file.read_to_end(&mut data).ok()?;
    let (head, _) = data.split_first_chunk::<HEADER_LEN>()?;
    if *head != header(stamp) {
        return None;
    }
    let len = data.len();
    let (code, end) = serial::from_marshal_lazy(data, HEADER_LEN, Some(filename)).ok()?;
    (end == len).then(|| Rc::new(code))
}

/// Writes `code` for a source with `stamp` to `cache`, creating `__pycache__` if needed.
/// Failures (read-only folders, full disks) leave no file behind and are not errors.
pub fn store(cache: &Path, stamp: SourceStamp, code: &CompiledCode) {
    let Some(dir) = cache.parent() else { return };
    if std::fs::create_dir(dir).is_err() && !dir.is_dir() {
        return;
    }
    let mut data = header(stamp).to_vec();
    data.extend_from_slice(&serial::to_marshal(code));
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        cache.file_name().and_then(|n| n.to_str()).unwrap_or("pyc"),
        std::process::id()
    ));
    // Like importlib's `_calc_mode`: the source's permissions, always writable by the owner.
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode((stamp.mode & 0o666) | 0o200)
        .open(&tmp)
        .and_then(|mut f| f.write_all(&data));
    if written.is_err() || std::fs::rename(&tmp, cache).is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compile::{compile, Mode};

    #[test]
    fn cache_paths_follow_pep_3147() {
        assert_eq!(
            cache_path(Path::new("/a/b/mod.py"), 0).unwrap(),
            Path::new("/a/b/__pycache__/mod.heron-311.pyc")
        );
        assert_eq!(
            cache_path(Path::new("pkg/__init__.py"), 2).unwrap(),
            Path::new("pkg/__pycache__/__init__.heron-311.opt-2.pyc")
        );
        assert!(cache_path(Path::new("/a/script"), 0).is_none());
    }

    #[test]
    fn stale_or_damaged_files_are_not_used() {
        let dir = std::env::temp_dir().join(format!("heron-pycache-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let src = dir.join("m.py");
        std::fs::write(&src, "x = 1\n").unwrap();
        let stamp = SourceStamp::of(&src).unwrap();
        let cache = cache_path(&src, 0).unwrap();
        let code = compile("x = 1\n", "m.py", Mode::Exec).unwrap();
        store(&cache, stamp, &code);
        assert!(load(&cache, stamp, "m.py").is_some());
        let newer = SourceStamp {
            mtime: stamp.mtime.wrapping_add(1),
            ..stamp
        };
        assert!(load(&cache, newer, "m.py").is_none());
        let mut data = std::fs::read(&cache).unwrap();
        let last = data.len() - 1;
        data[last] ^= 1;
        std::fs::write(&cache, &data).unwrap();
        assert!(load(&cache, stamp, "m.py").is_none());
        data.truncate(HEADER_LEN + 3);
        std::fs::write(&cache, &data).unwrap();
        assert!(load(&cache, stamp, "m.py").is_none());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
