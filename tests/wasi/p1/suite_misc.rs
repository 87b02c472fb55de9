// Non-file cases of suite.rs (include!d): stdio, clocks, poll_oneoff,
// random, sched_yield.

const CLOCK_REALTIME: u32 = 0; const CLOCK_MONOTONIC: u32 = 1;
const CLOCK_PROCESS: u32 = 2; const CLOCK_THREAD: u32 = 3;
const EV_CLOCK: u8 = 0; const EV_FD_READ: u8 = 1; const EV_FD_WRITE: u8 = 2;

/// A 48-byte subscription: userdata, tag, then clock {id, timeout,
/// precision, flags} or fd {fd}.
fn sub_clock(ud: u64, id: u32, timeout: u64, abs: bool) -> [u8; 48] {
    let mut b = [0u8; 48];
    b[0..8].copy_from_slice(&ud.to_le_bytes());
    b[8] = EV_CLOCK;
    b[16..20].copy_from_slice(&id.to_le_bytes());
    b[24..32].copy_from_slice(&timeout.to_le_bytes());
    b[40..42].copy_from_slice(&(abs as u16).to_le_bytes());
    b
}
fn sub_fd(ud: u64, tag: u8, fd: Fd) -> [u8; 48] {
    let mut b = [0u8; 48];
    b[0..8].copy_from_slice(&ud.to_le_bytes());
    b[8] = tag;
    b[16..20].copy_from_slice(&fd.to_le_bytes());
    b
}
/// (userdata, error, type, nbytes) of each event.
fn poll(subs: &[[u8; 48]]) -> Res<Vec<(u64, u16, u8, u64)>> {
    let mut out = vec![0u8; 32 * subs.len().max(1)];
    let mut n = 0;
    ok(unsafe { p1::poll_oneoff(subs.as_ptr() as *const u8, out.as_mut_ptr(), subs.len(), &mut n) })?;
    Ok((0..n).map(|i| {
        let e = &out[i * 32..];
        (rd64(e, 0), u16::from_le_bytes([e[8], e[9]]), e[10], rd64(e, 16))
    }).collect())
}
fn now(id: u32) -> u64 {
    let mut t = 0; ok(unsafe { p1::clock_time_get(id, 0, &mut t) }).unwrap(); t
}

fn run_misc(case: &str, dir: &str) -> bool {
    match case {
        "big_random_buf" => {
            let mut b = vec![0u8; 1024];
            ok(unsafe { p1::random_get(b.as_mut_ptr(), b.len()) }).unwrap();
            assert!(b.iter().any(|&x| x != 0));
            ok(unsafe { p1::random_get(b.as_mut_ptr(), 0) }).expect("zero length");
        }
        "clock_time_get" => {
            let a = now(CLOCK_MONOTONIC);
            let b = now(CLOCK_MONOTONIC);
            assert!(b >= a);
            assert!(now(CLOCK_REALTIME) > 1_600_000_000_000_000_000, "realtime is epoch ns");
            now(CLOCK_PROCESS); now(CLOCK_THREAD);
            let mut t = 0;
            errno(ok(unsafe { p1::clock_time_get(4, 0, &mut t) }), &[E_INVAL]);
            for id in [CLOCK_REALTIME, CLOCK_MONOTONIC] {
                let mut r = 0;
                ok(unsafe { p1::clock_res_get(id, &mut r) }).unwrap();
                assert!(r > 0 && r <= 1_000_000_000, "resolution {}", r);
            }
            errno(ok(unsafe { p1::clock_res_get(9, &mut t) }), &[E_INVAL]);
        }
        "isatty" => {
            // wasi-libc's isatty(): a character device without seek/tell
            // rights. A regular file is never one.
            let d = scratch(dir);
            let f = open(d, 0, "tty.cleanup", O_CREAT, 0, 0, 0).unwrap();
            let st = fdstat(f).unwrap();
            assert_eq!(st.filetype, FT_FILE);
            assert_ne!(st.base & (R_FD_SEEK | R_FD_TELL), 0);
            close(f).unwrap();
            unlink(d, "tty.cleanup").unwrap();
        }
        "sched_yield" => { ok(unsafe { p1::sched_yield() }).unwrap(); }
        "stdio" => {
            // Each stdio fd renumbered onto a file: the file's fd now holds
            // the stream, the stdio number is closed.
            let d = tmp_dir(scratch(dir), "stdio.cleanup");
            for from in 0..3 {
                let to = open(d, 0, "file.cleanup", O_CREAT, 0, 0, 0).unwrap();
                ok(unsafe { p1::fd_renumber(from, to) }).expect("renumbering stdio");
                fdstat(to).expect("the stream lives on");
                errno(fdstat(from), &[E_BADF]);
                unlink(d, "file.cleanup").unwrap();
            }
        }
        "poll_oneoff_stdio" => {
            let ev = poll(&[sub_clock(7, CLOCK_MONOTONIC, 200_000_000, false), sub_fd(8, EV_FD_READ, 0)]).unwrap();
            assert!(!ev.is_empty());
            for (ud, err, ty, _) in &ev {
                assert_eq!(*err, 0);
                assert!((*ud == 7 && *ty == EV_CLOCK) || (*ud == 8 && *ty == EV_FD_READ), "{:?}", ev);
            }
            let ev = poll(&[sub_fd(1, EV_FD_WRITE, 1), sub_fd(2, EV_FD_WRITE, 2),
                            sub_clock(7, CLOCK_MONOTONIC, 200_000_000, false)]).unwrap();
            let mut uds: Vec<_> = ev.iter().filter(|e| e.2 == EV_FD_WRITE && e.1 == 0).map(|e| e.0).collect();
            uds.sort();
            assert_eq!(uds, [1, 2], "stdout and stderr writable: {:?}", ev);
        }
        "poll_oneoff" => {
            // An empty subscription list is EINVAL.
            errno(poll(&[]), &[E_INVAL]);
            // A relative clock sleeps at least its timeout.
            let t0 = now(CLOCK_MONOTONIC);
            let ev = poll(&[sub_clock(42, CLOCK_MONOTONIC, 20_000_000, false)]).unwrap();
            assert_eq!(ev, [(42, 0, EV_CLOCK, 0)]);
            assert!(now(CLOCK_MONOTONIC) - t0 >= 20_000_000);
            // An absolute deadline in the past fires at once.
            let ev = poll(&[sub_clock(5, CLOCK_MONOTONIC, now(CLOCK_MONOTONIC), true)]).unwrap();
            assert_eq!(ev, [(5, 0, EV_CLOCK, 0)]);
            let ev = poll(&[sub_clock(6, CLOCK_REALTIME, 1_000_000, false)]).unwrap();
            assert_eq!(ev[0].0, 6);
            // A regular file is always ready; nbytes is what is left to read.
            let d = scratch(dir);
            let f = open(d, 0, "po.cleanup", O_CREAT, R_FD_READ | R_FD_WRITE | R_POLL_FD_READWRITE | R_FD_SEEK, 0, 0).unwrap();
            write(f, b"hello").unwrap();
            seek(f, 1, WHENCE_SET).unwrap();
            let ev = poll(&[sub_fd(9, EV_FD_READ, f), sub_clock(1, CLOCK_MONOTONIC, 5_000_000_000, false)]).unwrap();
            assert_eq!(ev.len(), 1, "{:?}", ev);
            assert_eq!((ev[0].0, ev[0].1, ev[0].2, ev[0].3), (9, 0, EV_FD_READ, 4));
            let ev = poll(&[sub_fd(10, EV_FD_WRITE, f)]).unwrap();
            assert_eq!((ev[0].0, ev[0].1, ev[0].2), (10, 0, EV_FD_WRITE));
            // A bad fd is an event with EBADF, not a failed call.
            let ev = poll(&[sub_fd(11, EV_FD_READ, 999)]).unwrap();
            assert_eq!((ev[0].0, ev[0].1, ev[0].2), (11, E_BADF, EV_FD_READ));
            // An unknown clock is an event with EINVAL.
            let ev = poll(&[sub_clock(12, 77, 0, false)]).unwrap();
            assert_eq!((ev[0].0, ev[0].1), (12, E_INVAL));
            close(f).unwrap();
            unlink(d, "po.cleanup").unwrap();
        }
        _ => return false,
    }
    true
}
