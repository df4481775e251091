//! zlib streams over `libz-rs-sys` (zlib-rs: zlib's C interface written in Rust), driven
//! the way zlib's C users drive them, so return codes and messages are zlib's own.

use std::ffi::{c_int, CStr};
use std::mem::MaybeUninit;
use std::ptr::NonNull;

use libz_rs_sys as z;

/// What one call of `deflate`/`inflate` did.
pub struct Step {
    /// zlib's return code.
    pub ret: c_int,
    /// The output room given was used up (CPython loops while `avail_out == 0`).
    pub out_full: bool,
}

/// One zlib stream, deflating or inflating, in a heap place of its own (zlib keeps no pointer
/// to the `z_stream`, but the buffers it is handed live only for one call, so the pointers in
/// it are cleared after every call). Ended when dropped.
pub struct ZStream {
    z: Box<z::z_stream>,
    deflating: bool,
    /// `deflateEnd`/`inflateEnd` has not run yet (CPython's `is_initialised`).
    live: bool,
}

impl ZStream {
    fn blank() -> Box<z::z_stream> {
        Box::new(z::z_stream::default())
    }

    /// `deflateInit2`; on failure the return code.
    pub fn deflate(
        level: c_int,
        method: c_int,
        wbits: c_int,
        mem: c_int,
        strategy: c_int,
    ) -> Result<ZStream, c_int> {
        let mut zs = Self::blank();
        // SAFETY: `zs` is a default (zeroed) z_stream owned here; the version string and size
        // are the library's own, as deflateInit2() passes them.
        let ret = unsafe {
            z::deflateInit2_(
                &mut *zs,
                level,
                method,
                wbits,
                mem,
                strategy,
                z::zlibVersion(),
                std::mem::size_of::<z::z_stream>() as c_int,
            )
        };
        Self::made(zs, true, ret)
    }

    /// `inflateInit2`; on failure the return code.
    pub fn inflate(wbits: c_int) -> Result<ZStream, c_int> {
        let mut zs = Self::blank();
        // SAFETY: as in `deflate`.
        let ret = unsafe {
            z::inflateInit2_(
                &mut *zs,
                wbits,
                z::zlibVersion(),
                std::mem::size_of::<z::z_stream>() as c_int,
            )
        };
        Self::made(zs, false, ret)
    }

    fn made(z: Box<z::z_stream>, deflating: bool, ret: c_int) -> Result<ZStream, c_int> {
        if ret != z::Z_OK {
            return Err(ret);
        }
        let mut s = ZStream {
            z,
            deflating,
            live: true,
        };
        s.park();
        Ok(s)
    }

    /// Clears the buffer pointers of the last call. `next_out` stays non-null (dangling, with
    /// no room) because zlib-rs's `inflateCopy` refuses a stream whose `next_out` is null.
    fn park(&mut self) {
        self.z.next_in = std::ptr::null();
        self.z.avail_in = 0;
        self.z.next_out = NonNull::dangling().as_ptr();
        self.z.avail_out = 0;
    }

    /// The message zlib left in the stream, if any.
    pub fn message(&self) -> Option<String> {
        if self.z.msg.is_null() {
            return None;
        }
        // SAFETY: zlib sets `msg` to a static NUL-terminated string or leaves it null.
        Some(
            unsafe { CStr::from_ptr(self.z.msg) }
                .to_string_lossy()
                .into_owned(),
        )
    }

    /// One call of `deflate`/`inflate` with `flush` over `input` (advanced past what was
    /// used), appending the new output to `out`, in at most `room` bytes.
    pub fn step(
        &mut self,
        input: &mut &[u8],
        out: &mut Vec<u8>,
        room: usize,
        flush: c_int,
    ) -> Step {
        if !self.live {
            return Step {
                ret: z::Z_STREAM_ERROR,
                out_full: false,
            };
        }
        let avail_in = input.len().min(u32::MAX as usize);
        // zlib takes at most 4 GiB of input per call: finish only with the last of it.
        let flush = if flush == z::Z_FINISH && avail_in < input.len() {
            z::Z_NO_FLUSH
        } else {
            flush
        };
        let room = room.min(u32::MAX as usize);
        out.reserve(room);
        self.z.next_in = input.as_ptr();
        self.z.avail_in = avail_in as u32;
        // SAFETY: `reserve` made `room` bytes of spare capacity after `out.len()`.
        self.z.next_out = unsafe { out.as_mut_ptr().add(out.len()) };
        self.z.avail_out = room as u32;
        // SAFETY: the stream was initialised (`live`), and its input and output pointers name
        // `avail_in` readable and `room` writable bytes that outlive the call.
        let ret = unsafe {
            if self.deflating {
                z::deflate(&mut *self.z, flush)
            } else {
                z::inflate(&mut *self.z, flush)
            }
        };
        let used = avail_in - self.z.avail_in as usize;
        let made = room - self.z.avail_out as usize;
        // SAFETY: zlib wrote `made` bytes into the spare capacity (it fills from the front).
        unsafe { out.set_len(out.len() + made) };
        *input = &input[used..];
        let out_full = self.z.avail_out == 0;
        self.park();
        Step { ret, out_full }
    }

    /// `deflateEnd`/`inflateEnd`, once; the return code.
    pub fn end(&mut self) -> c_int {
        if !self.live {
            return z::Z_OK;
        }
        self.live = false;
        // SAFETY: the stream was initialised and has not been ended.
        unsafe {
            if self.deflating {
                z::deflateEnd(&mut *self.z)
            } else {
                z::inflateEnd(&mut *self.z)
            }
        }
    }

    /// `deflateCopy`/`inflateCopy`; the return code on failure.
    pub fn copy(&mut self) -> Result<ZStream, c_int> {
        if !self.live {
            return Err(z::Z_STREAM_ERROR);
        }
        let mut dest: Box<MaybeUninit<z::z_stream>> = Box::new(MaybeUninit::uninit());
        // SAFETY: the source stream is initialised; the copy functions fully initialise `dest`
        // (they copy the whole z_stream, then give it a state of its own) when they return Z_OK.
        let ret = unsafe {
            if self.deflating {
                z::deflateCopy(dest.as_mut_ptr(), &mut *self.z)
            } else {
                z::inflateCopy(dest.as_mut_ptr(), &*self.z)
            }
        };
        if ret != z::Z_OK {
            return Err(ret);
        }
        // SAFETY: Z_OK means `dest` was initialised (above).
        let z = unsafe { Box::from_raw(Box::into_raw(dest).cast::<z::z_stream>()) };
        Ok(ZStream {
            z,
            deflating: self.deflating,
            live: true,
        })
    }

    /// `deflateSetDictionary`/`inflateSetDictionary`; the return code.
    pub fn set_dictionary(&mut self, dict: &[u8]) -> c_int {
        let Ok(len) = u32::try_from(dict.len()) else {
            return z::Z_STREAM_ERROR;
        };
        if !self.live {
            return z::Z_STREAM_ERROR;
        }
        // SAFETY: the stream is initialised and not ended (`live`) and `dict` holds `len` readable bytes; zlib copies
        // them into its window.
        unsafe {
            if self.deflating {
                z::deflateSetDictionary(&mut *self.z, dict.as_ptr(), len)
            } else {
                z::inflateSetDictionary(&mut *self.z, dict.as_ptr(), len)
            }
        }
    }
}

impl Drop for ZStream {
    fn drop(&mut self) {
        self.end();
    }
}
