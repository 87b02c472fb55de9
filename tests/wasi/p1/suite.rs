// WASI preview1 behaviours checked by the public wasi-testsuite's Rust tests
// (tests/rust/src/bin/*.rs there, which came from Wasmtime's test-programs),
// rewritten for wasmaot: one guest, one case per argv[1], the scratch
// directory (a preopen named like argv[2]) as the testsuite passes it. Raw
// `wasi_snapshot_preview1` imports, std only, so it builds with Debian's
// rustc (`rustc --target wasm32-wasi -O suite.rs`) without crates.
//
// Every check panics on a mismatch, which traps (wasmaot exits 3), and a
// case that passes exits 0. Expected errnos are what Linux Wasmtime returns,
// with the alternatives the testsuite itself accepts.
#![allow(dead_code)]
use std::env;

mod p1 {
    pub type Fd = u32;
    pub type Errno = u16;
    #[link(wasm_import_module = "wasi_snapshot_preview1")]
    extern "C" {
        pub fn fd_prestat_get(fd: u32, out: *mut u8) -> u16;
        pub fn fd_prestat_dir_name(fd: u32, p: *mut u8, n: usize) -> u16;
        pub fn path_open(fd: u32, df: u32, p: *const u8, n: usize, of: u32,
                         rb: u64, ri: u64, ff: u32, out: *mut u32) -> u16;
        pub fn fd_close(fd: u32) -> u16;
        pub fn fd_fdstat_get(fd: u32, out: *mut u8) -> u16;
        pub fn fd_fdstat_set_rights(fd: u32, b: u64, i: u64) -> u16;
        pub fn fd_fdstat_set_flags(fd: u32, f: u32) -> u16;
        pub fn fd_filestat_get(fd: u32, out: *mut u8) -> u16;
        pub fn fd_filestat_set_size(fd: u32, s: u64) -> u16;
        pub fn fd_filestat_set_times(fd: u32, a: u64, m: u64, f: u32) -> u16;
        pub fn fd_read(fd: u32, iov: *const u32, n: usize, out: *mut usize) -> u16;
        pub fn fd_write(fd: u32, iov: *const u32, n: usize, out: *mut usize) -> u16;
        pub fn fd_pread(fd: u32, iov: *const u32, n: usize, off: u64, out: *mut usize) -> u16;
        pub fn fd_pwrite(fd: u32, iov: *const u32, n: usize, off: u64, out: *mut usize) -> u16;
        pub fn fd_seek(fd: u32, off: i64, wh: u32, out: *mut u64) -> u16;
        pub fn fd_tell(fd: u32, out: *mut u64) -> u16;
        pub fn fd_advise(fd: u32, off: u64, len: u64, adv: u32) -> u16;
        pub fn fd_allocate(fd: u32, off: u64, len: u64) -> u16;
        pub fn fd_readdir(fd: u32, b: *mut u8, n: usize, ck: u64, out: *mut usize) -> u16;
        pub fn fd_renumber(fd: u32, to: u32) -> u16;
        pub fn fd_sync(fd: u32) -> u16;
        pub fn fd_datasync(fd: u32) -> u16;
        pub fn path_create_directory(fd: u32, p: *const u8, n: usize) -> u16;
        pub fn path_remove_directory(fd: u32, p: *const u8, n: usize) -> u16;
        pub fn path_unlink_file(fd: u32, p: *const u8, n: usize) -> u16;
        pub fn path_filestat_get(fd: u32, fl: u32, p: *const u8, n: usize, out: *mut u8) -> u16;
        pub fn path_filestat_set_times(fd: u32, fl: u32, p: *const u8, n: usize,
                                       a: u64, m: u64, f: u32) -> u16;
        pub fn path_link(ofd: u32, fl: u32, op: *const u8, on: usize, nfd: u32,
                         np: *const u8, nn: usize) -> u16;
        pub fn path_readlink(fd: u32, p: *const u8, n: usize, b: *mut u8, bn: usize,
                             out: *mut usize) -> u16;
        pub fn path_rename(fd: u32, op: *const u8, on: usize, nfd: u32, np: *const u8,
                           nn: usize) -> u16;
        pub fn path_symlink(op: *const u8, on: usize, fd: u32, np: *const u8, nn: usize) -> u16;
        pub fn poll_oneoff(i: *const u8, o: *mut u8, n: usize, out: *mut usize) -> u16;
        pub fn clock_res_get(id: u32, out: *mut u64) -> u16;
        pub fn clock_time_get(id: u32, prec: u64, out: *mut u64) -> u16;
        pub fn random_get(b: *mut u8, n: usize) -> u16;
        pub fn sched_yield() -> u16;
    }
}
use p1::{Errno, Fd};

// ---- vocabulary
const E_ACCES: Errno = 2; const E_BADF: Errno = 8; const E_EXIST: Errno = 20;
const E_ILSEQ: Errno = 25; const E_INVAL: Errno = 28; const E_ISDIR: Errno = 31;
const E_LOOP: Errno = 32; const E_NAMETOOLONG: Errno = 37; const E_NOENT: Errno = 44;
const E_NOTDIR: Errno = 54; const E_NOTEMPTY: Errno = 55; const E_NOTSUP: Errno = 58;
const E_PERM: Errno = 63; const E_SPIPE: Errno = 70; const E_NOTCAPABLE: Errno = 76;

const R_FD_DATASYNC: u64 = 1 << 0; const R_FD_READ: u64 = 1 << 1; const R_FD_SEEK: u64 = 1 << 2;
const R_FD_FDSTAT_SET_FLAGS: u64 = 1 << 3; const R_FD_SYNC: u64 = 1 << 4;
const R_FD_TELL: u64 = 1 << 5; const R_FD_WRITE: u64 = 1 << 6; const R_FD_ADVISE: u64 = 1 << 7;
const R_FD_ALLOCATE: u64 = 1 << 8; const R_PATH_CREATE_DIRECTORY: u64 = 1 << 9;
const R_PATH_CREATE_FILE: u64 = 1 << 10; const R_PATH_LINK_SOURCE: u64 = 1 << 11;
const R_PATH_LINK_TARGET: u64 = 1 << 12; const R_PATH_OPEN: u64 = 1 << 13;
const R_FD_READDIR: u64 = 1 << 14; const R_PATH_READLINK: u64 = 1 << 15;
const R_PATH_RENAME_SOURCE: u64 = 1 << 16; const R_PATH_RENAME_TARGET: u64 = 1 << 17;
const R_PATH_FILESTAT_GET: u64 = 1 << 18; const R_PATH_FILESTAT_SET_SIZE: u64 = 1 << 19;
const R_PATH_FILESTAT_SET_TIMES: u64 = 1 << 20; const R_FD_FILESTAT_GET: u64 = 1 << 21;
const R_FD_FILESTAT_SET_SIZE: u64 = 1 << 22; const R_FD_FILESTAT_SET_TIMES: u64 = 1 << 23;
const R_PATH_SYMLINK: u64 = 1 << 24; const R_PATH_REMOVE_DIRECTORY: u64 = 1 << 25;
const R_PATH_UNLINK_FILE: u64 = 1 << 26; const R_POLL_FD_READWRITE: u64 = 1 << 27;

const O_CREAT: u32 = 1; const O_DIRECTORY: u32 = 2; const O_EXCL: u32 = 4; const O_TRUNC: u32 = 8;
const FD_APPEND: u32 = 1; const FD_NONBLOCK: u32 = 4; const FD_SYNC: u32 = 16;
const FOLLOW: u32 = 1;
const FT_CHAR: u8 = 2; const FT_DIR: u8 = 3; const FT_FILE: u8 = 4; const FT_SYMLINK: u8 = 7;
const FST_ATIM: u32 = 1; const FST_ATIM_NOW: u32 = 2; const FST_MTIM: u32 = 4; const FST_MTIM_NOW: u32 = 8;
const WHENCE_SET: u32 = 0; const WHENCE_CUR: u32 = 1; const WHENCE_END: u32 = 2;

// ---- thin wrappers
type Res<T> = Result<T, Errno>;
fn ok(e: Errno) -> Res<()> { if e == 0 { Ok(()) } else { Err(e) } }

#[derive(Clone, Copy, Debug)]
struct Fdstat { filetype: u8, flags: u16, base: u64, inh: u64 }
#[derive(Clone, Copy, Debug, PartialEq)]
struct Filestat { dev: u64, ino: u64, filetype: u8, nlink: u64, size: u64, atim: u64, mtim: u64, ctim: u64 }

fn rd64(b: &[u8], o: usize) -> u64 { u64::from_le_bytes(b[o..o + 8].try_into().unwrap()) }
fn rd32(b: &[u8], o: usize) -> u32 { u32::from_le_bytes(b[o..o + 4].try_into().unwrap()) }

fn open(d: Fd, df: u32, p: &str, of: u32, rb: u64, ri: u64, ff: u32) -> Res<Fd> {
    let mut fd = 0u32;
    ok(unsafe { p1::path_open(d, df, p.as_ptr(), p.len(), of, rb, ri, ff, &mut fd) }).map(|_| fd)
}
fn close(fd: Fd) -> Res<()> { ok(unsafe { p1::fd_close(fd) }) }
fn fdstat(fd: Fd) -> Res<Fdstat> {
    let mut b = [0u8; 24];
    ok(unsafe { p1::fd_fdstat_get(fd, b.as_mut_ptr()) })?;
    Ok(Fdstat { filetype: b[0], flags: u16::from_le_bytes([b[2], b[3]]), base: rd64(&b, 8), inh: rd64(&b, 16) })
}
fn parse_filestat(b: &[u8; 64]) -> Filestat {
    Filestat { dev: rd64(b, 0), ino: rd64(b, 8), filetype: b[16], nlink: rd64(b, 24), size: rd64(b, 32),
               atim: rd64(b, 40), mtim: rd64(b, 48), ctim: rd64(b, 56) }
}
fn filestat(fd: Fd) -> Res<Filestat> {
    let mut b = [0u8; 64];
    ok(unsafe { p1::fd_filestat_get(fd, b.as_mut_ptr()) })?;
    Ok(parse_filestat(&b))
}
fn path_filestat(d: Fd, fl: u32, p: &str) -> Res<Filestat> {
    let mut b = [0u8; 64];
    ok(unsafe { p1::path_filestat_get(d, fl, p.as_ptr(), p.len(), b.as_mut_ptr()) })?;
    Ok(parse_filestat(&b))
}
fn mkdir(d: Fd, p: &str) -> Res<()> { ok(unsafe { p1::path_create_directory(d, p.as_ptr(), p.len()) }) }
fn rmdir(d: Fd, p: &str) -> Res<()> { ok(unsafe { p1::path_remove_directory(d, p.as_ptr(), p.len()) }) }
fn unlink(d: Fd, p: &str) -> Res<()> { ok(unsafe { p1::path_unlink_file(d, p.as_ptr(), p.len()) }) }
fn symlink(t: &str, d: Fd, p: &str) -> Res<()> {
    ok(unsafe { p1::path_symlink(t.as_ptr(), t.len(), d, p.as_ptr(), p.len()) })
}
fn link(od: Fd, fl: u32, op: &str, nd: Fd, np: &str) -> Res<()> {
    ok(unsafe { p1::path_link(od, fl, op.as_ptr(), op.len(), nd, np.as_ptr(), np.len()) })
}
fn rename(od: Fd, op: &str, nd: Fd, np: &str) -> Res<()> {
    ok(unsafe { p1::path_rename(od, op.as_ptr(), op.len(), nd, np.as_ptr(), np.len()) })
}
fn readlink(d: Fd, p: &str, buf: &mut [u8]) -> Res<usize> {
    let mut n = 0usize;
    ok(unsafe { p1::path_readlink(d, p.as_ptr(), p.len(), buf.as_mut_ptr(), buf.len(), &mut n) }).map(|_| n)
}
fn iov(b: &[u8]) -> [u32; 2] { [b.as_ptr() as u32, b.len() as u32] }
fn read(fd: Fd, b: &mut [u8]) -> Res<usize> {
    let v = iov(b); let mut n = 0;
    ok(unsafe { p1::fd_read(fd, v.as_ptr(), 1, &mut n) }).map(|_| n)
}
fn write(fd: Fd, b: &[u8]) -> Res<usize> {
    let v = iov(b); let mut n = 0;
    ok(unsafe { p1::fd_write(fd, v.as_ptr(), 1, &mut n) }).map(|_| n)
}
fn pread(fd: Fd, b: &mut [u8], off: u64) -> Res<usize> {
    let v = iov(b); let mut n = 0;
    ok(unsafe { p1::fd_pread(fd, v.as_ptr(), 1, off, &mut n) }).map(|_| n)
}
fn pwrite(fd: Fd, b: &[u8], off: u64) -> Res<usize> {
    let v = iov(b); let mut n = 0;
    ok(unsafe { p1::fd_pwrite(fd, v.as_ptr(), 1, off, &mut n) }).map(|_| n)
}
fn seek(fd: Fd, off: i64, wh: u32) -> Res<u64> {
    let mut n = 0; ok(unsafe { p1::fd_seek(fd, off, wh, &mut n) }).map(|_| n)
}
fn tell(fd: Fd) -> Res<u64> { let mut n = 0; ok(unsafe { p1::fd_tell(fd, &mut n) }).map(|_| n) }
fn set_rights(fd: Fd, b: u64, i: u64) -> Res<()> { ok(unsafe { p1::fd_fdstat_set_rights(fd, b, i) }) }

#[track_caller]
fn errno<T: std::fmt::Debug>(r: Res<T>, want: &[Errno]) {
    match r {
        Err(e) if want.contains(&e) => {}
        other => panic!("expected errno {:?}, got {:?}", want, other),
    }
}

fn create_file(d: Fd, p: &str) {
    let fd = open(d, 0, p, O_CREAT, 0, 0, 0).expect("creating a file");
    assert!(fd > 2);
    close(fd).unwrap();
}

/// The fd of the preopen named `name`, as the testsuite's
/// open_scratch_directory finds it (a new fd for its ".").
fn preopen(name: &str) -> Fd {
    for fd in 3.. {
        let mut b = [0u8; 8];
        if unsafe { p1::fd_prestat_get(fd, b.as_mut_ptr()) } != 0 { break; }
        if b[0] != 0 { continue; }
        let len = rd32(&b, 4) as usize;
        let mut n = vec![0u8; len];
        if unsafe { p1::fd_prestat_dir_name(fd, n.as_mut_ptr(), len) } != 0 { continue; }
        if n == name.as_bytes() { return fd; }
    }
    panic!("no preopen named {}", name)
}
fn scratch(name: &str) -> Fd {
    let pre = preopen(name);
    let st = fdstat(pre).unwrap();
    open(pre, 0, ".", O_DIRECTORY, st.base, st.inh, 0).expect("opening the scratch dir")
}
/// A fresh subdirectory of the scratch dir, as the testsuite's create_tmp_dir.
fn tmp_dir(base: Fd, name: &str) -> Fd {
    mkdir(base, name).expect("mkdir tmp");
    open(base, 0, name, O_DIRECTORY,
         R_FD_FILESTAT_GET | R_FD_READDIR | R_PATH_CREATE_FILE | R_PATH_CREATE_DIRECTORY
             | R_PATH_REMOVE_DIRECTORY | R_PATH_OPEN | R_PATH_UNLINK_FILE | R_PATH_RENAME_SOURCE
             | R_PATH_RENAME_TARGET | R_PATH_SYMLINK | R_PATH_LINK_SOURCE | R_PATH_LINK_TARGET
             | R_PATH_FILESTAT_GET | R_PATH_FILESTAT_SET_SIZE | R_PATH_FILESTAT_SET_TIMES
             | R_PATH_READLINK | R_FD_FDSTAT_SET_FLAGS,
         u64::MAX >> 34, 0).expect("open tmp")
}

include!("suite_fs.rs");
include!("suite_misc.rs");

fn main() {
    let args: Vec<String> = env::args().collect();
    let case = args.get(1).map(String::as_str).unwrap_or("");
    let dir = args.get(2).cloned().unwrap_or_default();
    if !run_fs(case, &dir) && !run_misc(case, &dir) {
        eprintln!("unknown case {:?}", case);
        std::process::exit(2);
    }
}
