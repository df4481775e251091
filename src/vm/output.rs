//! Where the VM's standard output goes: the process's stdout behind a large buffer (the
//! command line), or memory (embedders such as the criterion benches, which check what a
//! program printed).

use std::io::{BufWriter, Write};

pub enum Output {
    Process(BufWriter<std::io::Stdout>),
    Capture(Vec<u8>),
}

impl Output {
    /// The process's standard output, buffered (flushed before stderr writes and at exit).
    pub fn process() -> Output {
        Output::Process(BufWriter::with_capacity(1 << 16, std::io::stdout()))
    }

    /// An in-memory capture; read it with `take_captured`.
    pub fn capture() -> Output {
        Output::Capture(Vec::new())
    }

    /// Everything captured so far (emptying the capture); empty for the process's stdout.
    pub fn take_captured(&mut self) -> Vec<u8> {
        match self {
            Output::Process(_) => Vec::new(),
            Output::Capture(bytes) => std::mem::take(bytes),
        }
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Output::Process(w) => w.write(buf),
            Output::Capture(bytes) => bytes.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        match self {
            Output::Process(w) => w.write_all(buf),
            Output::Capture(bytes) => bytes.write_all(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Output::Process(w) => w.flush(),
            Output::Capture(_) => Ok(()),
        }
    }
}
