//! Machine code: host compilation into executable memory (`Jit`) and compilation for a named
//! target for dumps (`compile_for_target`).

use std::fmt::Write;
use std::str::FromStr;

use cranelift_codegen::control::ControlPlane;
use cranelift_codegen::ir::UserFuncName;
use cranelift_codegen::isa::{self, OwnedTargetIsa, TargetIsa};
use cranelift_codegen::settings::{self, Configurable};
use cranelift_codegen::{CodegenError, CompiledCode, Context};
use cranelift_frontend::FunctionBuilderContext;
use cranelift_jit::{JITBuilder, JITModule};
use cranelift_module::{default_libcall_names, Linkage, Module, ModuleError};
use target_lexicon::Triple;

use crate::{ir, lower, CompileOutput, DumpRequest, JitError, RuntimeInfo};

/// Cranelift settings shared by host and foreign compilation.
fn flags() -> Result<settings::Flags, JitError> {
    let mut b = settings::builder();
    let set = |b: &mut settings::Builder, k: &str, v: &str| {
        b.set(k, v)
            .map_err(|e| JitError::Codegen(format!("setting {k}={v}: {e}")))
    };
    set(&mut b, "opt_level", "speed")?;
    // The IR verifier re-checks every function Cranelift compiles; it costs a quarter to a
    // third of compile time, so only debug builds run it.
    let verify = if cfg!(debug_assertions) {
        "true"
    } else {
        "false"
    };
    set(&mut b, "enable_verifier", verify)?;
    // Keeps native profilers and debuggers able to walk through compiled frames.
    set(&mut b, "preserve_frame_pointers", "true")?;
    // Helpers are called through absolute addresses, so nothing needs colocated or PIC code.
    set(&mut b, "use_colocated_libcalls", "false")?;
    set(&mut b, "is_pic", "false")?;
    // Records machine block starts, which label the disassembly.
    set(&mut b, "machine_code_cfg_info", "true")?;
    Ok(settings::Flags::new(b))
}

fn codegen_error(func: &cranelift_codegen::ir::Function, e: CodegenError) -> JitError {
    match e {
        CodegenError::Verifier(errs) => JitError::Verify(
            cranelift_codegen::print_errors::pretty_verifier_error(func, None, errs),
        ),
        CodegenError::Unsupported(m) => JitError::Unsupported(m),
        other => JitError::Codegen(other.to_string()),
    }
}

/// Compiles for the host and keeps the code alive (in-memory executable code).
pub struct Jit {
    module: JITModule,
    rt: RuntimeInfo,
    ctx: Context,
    fctx: FunctionBuilderContext,
    /// Number of functions compiled so far (makes symbol names unique).
    count: u32,
}

impl Jit {
    /// A JIT for the host machine using the runtime's layout and helpers.
    pub fn new(rt: RuntimeInfo) -> Result<Jit, JitError> {
        let builder = cranelift_native::builder()
            .map_err(|m| JitError::Unsupported(format!("host machine: {m}")))?;
        let isa = builder
            .finish(flags()?)
            .map_err(|e| JitError::Codegen(e.to_string()))?;
        let module = JITModule::new(JITBuilder::with_isa(isa, default_libcall_names()));
        let ctx = module.make_context();
        Ok(Jit {
            module,
            rt,
            ctx,
            fctx: FunctionBuilderContext::new(),
            count: 0,
        })
    }

    /// The runtime description this JIT was created with.
    pub fn runtime(&self) -> &RuntimeInfo {
        &self.rt
    }

    /// Compiles `f` to executable code: `extern "C" fn(ctx: *mut u8) -> u64`.
    ///
    /// The code stays valid as long as this `Jit` lives.
    pub fn compile(
        &mut self,
        f: &ir::Function,
        dump: DumpRequest,
    ) -> Result<CompileOutput, JitError> {
        self.module.clear_context(&mut self.ctx);
        let result = self.compile_inner(f, dump);
        self.module.clear_context(&mut self.ctx);
        result
    }

    fn compile_inner(
        &mut self,
        f: &ir::Function,
        dump: DumpRequest,
    ) -> Result<CompileOutput, JitError> {
        let sig = lower::signature(self.module.isa());
        let symbol = format!("{}#{}", f.name, self.count);
        self.count += 1;
        let id = self
            .module
            .declare_function(&symbol, Linkage::Local, &sig)
            .map_err(|e| JitError::Codegen(e.to_string()))?;
        self.ctx.func.signature = sig;
        self.ctx.func.name = UserFuncName::user(0, id.as_u32());
        lower::lower(
            f,
            &self.rt,
            self.module.isa(),
            &mut self.ctx.func,
            &mut self.fctx,
        )?;
        let clif = dump.clif.then(|| self.ctx.func.display().to_string());
        if let Err(e) = self.module.define_function(id, &mut self.ctx) {
            return Err(match e {
                ModuleError::Compilation(e) => codegen_error(&self.ctx.func, e),
                other => JitError::Codegen(other.to_string()),
            });
        }
        let compiled = self
            .ctx
            .compiled_code()
            .ok_or_else(|| JitError::Codegen("no code produced".into()))?;
        let size = compiled.code_buffer().len();
        let asm = if dump.asm {
            Some(disassemble(self.module.isa(), compiled)?)
        } else {
            None
        };
        self.module
            .finalize_definitions()
            .map_err(|e| JitError::Codegen(e.to_string()))?;
        let code = self.module.get_finalized_function(id);
        Ok(CompileOutput {
            code: Some(code),
            size,
            clif,
            asm,
        })
    }
}

/// The ISA for a target name ("x86_64" or "aarch64"), Linux ABI, baseline CPU features (so
/// dumps do not depend on the machine producing them).
fn target_isa(target: &str) -> Result<OwnedTargetIsa, JitError> {
    let triple = match target {
        "x86_64" => "x86_64-unknown-linux-gnu",
        "aarch64" => "aarch64-unknown-linux-gnu",
        other => return Err(JitError::Unsupported(format!("unknown target {other:?}"))),
    };
    let triple = Triple::from_str(triple).map_err(|e| JitError::Unsupported(e.to_string()))?;
    let builder = isa::lookup(triple).map_err(|e| JitError::Unsupported(e.to_string()))?;
    builder
        .finish(flags()?)
        .map_err(|e| JitError::Codegen(e.to_string()))
}

/// Compiles `f` for `target` ("x86_64" or "aarch64") without producing runnable code (for
/// dumps of another ISA).
pub fn compile_for_target(
    target: &str,
    rt: &RuntimeInfo,
    f: &ir::Function,
    dump: DumpRequest,
) -> Result<CompileOutput, JitError> {
    let isa = target_isa(target)?;
    let mut ctx = Context::new();
    ctx.func.signature = lower::signature(&*isa);
    ctx.func.name = UserFuncName::testcase(f.name.as_str());
    let mut fctx = FunctionBuilderContext::new();
    lower::lower(f, rt, &*isa, &mut ctx.func, &mut fctx)?;
    let clif = dump.clif.then(|| ctx.func.display().to_string());
    let compiled = match ctx.compile(&*isa, &mut ControlPlane::default()) {
        Ok(c) => c,
        Err(e) => return Err(codegen_error(e.func, e.inner)),
    };
    let size = compiled.code_buffer().len();
    let asm = if dump.asm {
        Some(disassemble(&*isa, compiled)?)
    } else {
        None
    };
    Ok(CompileOutput {
        code: None,
        size,
        clif,
        asm,
    })
}

/// Disassembles compiled code: one line per machine instruction with its offset, a
/// `blockN:` label at each machine block start, and a `; bytecode @N` line whenever the HIR
/// origin (source location) of the instructions changes.
fn disassemble(isa: &dyn TargetIsa, code: &CompiledCode) -> Result<String, JitError> {
    let cs = isa
        .to_capstone()
        .map_err(|e| JitError::Codegen(format!("disassembler: {e}")))?;
    let bytes = code.code_buffer();
    let insns = cs
        .disasm_all(bytes, 0)
        .map_err(|e| JitError::Codegen(format!("disassembler: {e}")))?;
    let srclocs = code.buffer.get_srclocs_sorted();
    let mut blocks = code.bb_starts.iter().copied().peekable();
    let mut block_no = 0;
    let mut loc_idx = 0;
    let mut cur_origin: Option<u32> = None;
    let mut out = String::new();
    for insn in insns.iter() {
        let at = insn.address() as u32;
        while blocks.peek().is_some_and(|&start| start <= at) {
            blocks.next();
            let _ = writeln!(out, "block{block_no}:");
            block_no += 1;
        }
        while loc_idx < srclocs.len() && srclocs[loc_idx].end <= at {
            loc_idx += 1;
        }
        let origin = srclocs
            .get(loc_idx)
            .filter(|l| l.start <= at && !l.loc.is_default())
            .map(|l| l.loc.bits());
        // Instructions without an origin (prologue, rematerialized constants) stay under the
        // last annotation rather than starting a new one.
        if origin.is_some() && origin != cur_origin {
            let _ = writeln!(out, "    ; bytecode @{}", origin.unwrap_or_default());
            cur_origin = origin;
        }
        let mnemonic = insn.mnemonic().unwrap_or("?");
        let ops = insn.op_str().unwrap_or("");
        let line = if ops.is_empty() {
            mnemonic.to_string()
        } else {
            format!("{mnemonic} {ops}")
        };
        let _ = writeln!(out, "  {at:4x}:  {line}");
    }
    if insns.iter().map(|i| i.bytes().len()).sum::<usize>() != bytes.len() {
        let _ = writeln!(
            out,
            "  ; (disassembly stopped early; {} bytes of code)",
            bytes.len()
        );
    }
    Ok(out)
}
