//! Compiling on a thread of its own, so the interpreter keeps running the code while Cranelift
//! works on it (a few milliseconds per code object).
//!
//! The interpreter's thread translates a code object to HIR (which reads the VM's objects and
//! type feedback) and hands the HIR over; the compiler thread owns a [`Jit`], lowers and
//! compiles it and sends back the entry address. The interpreter installs finished code when it
//! next meets the code object. The HIR and the results are plain data, so no Python object
//! crosses threads.

use std::sync::mpsc::{channel, Receiver, Sender};
use std::time::{Duration, Instant};

use crate::{ir, DumpRequest, Jit, JitError, RuntimeInfo};

/// A code object's HIR and the number the interpreter knows it by.
struct Job {
    id: u64,
    function: ir::Function,
}

/// What became of one job.
pub struct Finished {
    /// The number given to [`Background::submit`].
    pub id: u64,
    /// The entry address and the machine code's size, or why there is none.
    pub result: Result<(usize, usize), JitError>,
    /// Time spent compiling on the compiler thread.
    pub time: Duration,
}

/// The interpreter's end of the compiler thread.
pub struct Background {
    jobs: Sender<Job>,
    finished: Receiver<Finished>,
}

impl Background {
    /// Starts the compiler thread, which makes a JIT for the host (if the host cannot have
    /// one, every job finishes with that error).
    pub fn start(rt: RuntimeInfo) -> Result<Background, JitError> {
        let (jobs, job_rx) = channel::<Job>();
        let (done_tx, finished) = channel::<Finished>();
        std::thread::Builder::new()
            .name("heron-jit".into())
            .spawn(move || {
                let mut jit = Jit::new(rt);
                for job in job_rx {
                    let start = Instant::now();
                    let result = match &mut jit {
                        Ok(jit) => {
                            jit.compile(&job.function, DumpRequest::default())
                                .and_then(|out| match out.code {
                                    Some(p) => Ok((p as usize, out.size)),
                                    None => Err(JitError::Codegen("no code produced".into())),
                                })
                        }
                        Err(e) => Err(e.clone()),
                    };
                    let done = Finished {
                        id: job.id,
                        result,
                        time: start.elapsed(),
                    };
                    if done_tx.send(done).is_err() {
                        break;
                    }
                }
                // Code already handed out must stay mapped for as long as the process runs.
                std::mem::forget(jit);
            })
            .map_err(|e| JitError::Unsupported(format!("compiler thread: {e}")))?;
        Ok(Background { jobs, finished })
    }

    /// Queues `function` for compiling; false if the compiler thread is gone.
    pub fn submit(&self, id: u64, function: ir::Function) -> bool {
        self.jobs.send(Job { id, function }).is_ok()
    }

    /// The jobs finished since the last call, without waiting.
    pub fn finished(&self) -> impl Iterator<Item = Finished> + '_ {
        self.finished.try_iter()
    }
}
