// File-system cases of suite.rs (include!d): paths, symlinks, rename, link,
// readdir, sizes and times, rights.

fn run_fs(case: &str, dir: &str) -> bool {
    let base = || scratch(dir);
    match case {
        "dangling_fd" => {
            let d = base();
            create_file(d, "df.cleanup");
            let f = open(d, 0, "df.cleanup", 0, 0, 0, 0).unwrap();
            unlink(d, "df.cleanup").expect("unlink while open");
            create_file(d, "df.cleanup");
            mkdir(d, "dd.cleanup").unwrap();
            let s = open(d, 0, "dd.cleanup", O_DIRECTORY, 0, 0, 0).unwrap();
            rmdir(d, "dd.cleanup").expect("rmdir while open");
            mkdir(d, "dd.cleanup").expect("mkdir again");
            close(f).unwrap(); close(s).unwrap();
            unlink(d, "df.cleanup").unwrap(); rmdir(d, "dd.cleanup").unwrap();
        }
        "dangling_symlink" => {
            let d = base();
            symlink("target", d, "dl.cleanup").unwrap();
            errno(open(d, 0, "dl.cleanup", O_DIRECTORY, 0, 0, 0), &[E_NOTDIR, E_LOOP]);
            errno(open(d, 0, "dl.cleanup", 0, 0, 0, 0), &[E_LOOP]);
            unlink(d, "dl.cleanup").unwrap();
        }
        "dir_fd_op_failures" => {
            let d = base();
            assert_eq!(filestat(d).unwrap().filetype, FT_DIR);
            let pre = preopen(dir);
            let mut b = [0u8; 8];
            assert_eq!(unsafe { p1::fd_prestat_get(pre, b.as_mut_ptr()) }, 0);
            let len = rd32(&b, 4) as usize;
            let mut name = vec![0u8; len + 1];
            errno(ok(unsafe { p1::fd_prestat_dir_name(pre, name.as_mut_ptr(), 0) }), &[E_INVAL, E_NAMETOOLONG]);
            assert_eq!(unsafe { p1::fd_prestat_dir_name(pre, name.as_mut_ptr(), len + 1) }, 0);
            let mut buf = [0u8; 16];
            let bad = [E_ISDIR, E_BADF, E_NOTCAPABLE];
            errno(read(d, &mut buf), &bad);
            errno(pread(d, &mut buf, 0), &bad);
            errno(write(d, &buf), &bad);
            errno(pwrite(d, &buf, 0), &bad);
            for wh in [WHENCE_CUR, WHENCE_SET, WHENCE_END] { errno(seek(d, 0, wh), &bad); }
            errno(tell(d), &bad);
            errno(ok(unsafe { p1::fd_allocate(d, 0, 0) }), &bad);
            errno(ok(unsafe { p1::fd_filestat_set_size(d, 0) }), &[E_ISDIR, E_INVAL, E_BADF, E_NOTCAPABLE]);
        }
        "directory_seek" => {
            let d = base();
            mkdir(d, "ds.cleanup").unwrap();
            let f = open(d, 0, "ds.cleanup", O_DIRECTORY, R_FD_SEEK, 0, 0).unwrap();
            errno(seek(f, 0, WHENCE_CUR), &[E_BADF]);
            let st = fdstat(f).unwrap();
            assert_eq!(st.filetype, FT_DIR);
            assert_eq!(st.base & R_FD_SEEK, 0, "a directory has no seek right");
            close(f).unwrap();
            rmdir(d, "ds.cleanup").unwrap();
        }
        "fd_advise" => {
            let d = base();
            let f = open(d, 0, "fa.cleanup", O_CREAT, R_FD_READ | R_FD_WRITE | R_FD_ADVISE
                         | R_FD_FILESTAT_GET | R_FD_FILESTAT_SET_SIZE | R_FD_ALLOCATE, 0, 0).unwrap();
            assert_eq!(filestat(f).unwrap().size, 0);
            ok(unsafe { p1::fd_filestat_set_size(f, 100) }).unwrap();
            assert_eq!(filestat(f).unwrap().size, 100);
            ok(unsafe { p1::fd_advise(f, 10, 50, 0) }).expect("advise normal");
            for a in 1..6 { ok(unsafe { p1::fd_advise(f, 0, 0, a) }).expect("every advice"); }
            errno(ok(unsafe { p1::fd_advise(f, 0, 0, 6) }), &[E_INVAL]);
            assert_eq!(filestat(f).unwrap().size, 100);
            ok(unsafe { p1::fd_allocate(f, 100, 100) }).unwrap();
            assert_eq!(filestat(f).unwrap().size, 200);
            close(f).unwrap();
            unlink(d, "fa.cleanup").unwrap();
        }
        "fd_fdstat_set_rights" => {
            let d = tmp_dir(base(), "fsr.cleanup");
            let f = open(d, 0, "file", O_CREAT, R_FD_READ | R_FD_WRITE | R_FD_SEEK | R_FD_TELL, 0, 0).unwrap();
            let st = fdstat(f).unwrap();
            assert_eq!(st.base & (R_FD_READ | R_FD_WRITE), R_FD_READ | R_FD_WRITE);
            set_rights(f, st.base & !R_FD_TELL, 0).expect("dropping a right");
            let st2 = fdstat(f).unwrap();
            assert_eq!(st2.base, st.base & !R_FD_TELL);
            errno(tell(f), &[E_NOTCAPABLE, E_BADF]);
            errno(set_rights(f, st.base, 0), &[E_NOTCAPABLE]);
            write(f, b"x").expect("still writable");
            // Without FD_READ|FD_WRITE neither works; seek still does.
            let st3 = fdstat(f).unwrap();
            set_rights(f, st3.base & !(R_FD_READ | R_FD_WRITE), 0).unwrap();
            assert_eq!(fdstat(f).unwrap().base & (R_FD_READ | R_FD_WRITE), 0);
            let mut b = [0u8; 1];
            errno(read(f, &mut b), &[E_BADF, E_NOTCAPABLE]);
            errno(write(f, b"y"), &[E_BADF, E_NOTCAPABLE]);
            seek(f, 0, WHENCE_SET).expect("seek right kept");
            errno(set_rights(f, st3.base | R_FD_READ, R_FD_READ), &[E_NOTCAPABLE]);
            close(f).unwrap();
            unlink(d, "file").unwrap();
            close(d).unwrap();
            rmdir(base(), "fsr.cleanup").unwrap();
        }
        "fd_filestat_get" => {
            // stdio is a pipe here: no size, no times, as Wasmtime says.
            for fd in 0..3 {
                let st = filestat(fd).expect("stdio filestat");
                assert_eq!((st.size, st.atim, st.mtim, st.ctim), (0, 0, 0, 0), "fd {}", fd);
            }
            // A file renumbered onto stdout is a file.
            let d = base();
            let f = open(d, 0, "fg.cleanup", O_CREAT, R_FD_WRITE, 0, 0).unwrap();
            write(f, b"abc").unwrap();
            ok(unsafe { p1::fd_renumber(f, 1) }).unwrap();
            let st = filestat(1).unwrap();
            assert_eq!((st.size, st.filetype), (3, FT_FILE));
            assert_ne!(st.mtim, 0);
            unlink(d, "fg.cleanup").unwrap();
        }
        "fd_filestat_set" => {
            let d = base();
            // Only read and write asked for: stat, size and times come with
            // the file, as in Wasmtime.
            let f = open(d, 0, "fs.cleanup", O_CREAT, R_FD_READ | R_FD_WRITE, 0, 0).unwrap();
            assert_eq!(filestat(f).unwrap().size, 0);
            ok(unsafe { p1::fd_filestat_set_size(f, 100) }).unwrap();
            let st = filestat(f).unwrap();
            assert_eq!(st.size, 100);
            let m = st.mtim - 100;
            ok(unsafe { p1::fd_filestat_set_times(f, m, m, FST_MTIM) }).unwrap();
            let st2 = filestat(f).unwrap();
            assert_eq!(st2.mtim, m, "mtim set to the ns");
            assert_eq!(st2.atim, st.atim, "atim untouched");
            assert_eq!(st2.size, 100);
            errno(ok(unsafe { p1::fd_filestat_set_times(f, 1, 2, FST_MTIM | FST_MTIM_NOW) }), &[E_INVAL]);
            errno(ok(unsafe { p1::fd_filestat_set_times(f, 1, 2, FST_ATIM | FST_ATIM_NOW) }), &[E_INVAL]);
            ok(unsafe { p1::fd_filestat_set_times(f, 0, 0, FST_ATIM_NOW | FST_MTIM_NOW) }).unwrap();
            close(f).unwrap();
            unlink(d, "fs.cleanup").unwrap();
        }
        "fd_flags_set" => {
            let d = base();
            let f = open(d, 0, "ff.cleanup", O_CREAT, R_FD_READ | R_FD_WRITE, 0, 0).unwrap();
            assert_eq!(fdstat(f).unwrap().flags, 0);
            write(f, b"0123456789").unwrap();
            seek(f, 0, WHENCE_SET).unwrap();
            ok(unsafe { p1::fd_fdstat_set_flags(f, FD_APPEND) }).expect("set append");
            assert_eq!(fdstat(f).unwrap().flags as u32 & FD_APPEND, FD_APPEND);
            write(f, b"ab").unwrap();
            assert_eq!(filestat(f).unwrap().size, 12, "append goes to the end");
            ok(unsafe { p1::fd_fdstat_set_flags(f, 0) }).unwrap();
            seek(f, 0, WHENCE_SET).unwrap();
            write(f, b"XY").unwrap();
            assert_eq!(filestat(f).unwrap().size, 12, "no append: overwrite");
            ok(unsafe { p1::fd_fdstat_set_flags(f, FD_NONBLOCK) }).expect("nonblock");
            close(f).unwrap();
            unlink(d, "ff.cleanup").unwrap();
        }
        "fd_readdir" => {
            let root = base();
            let d = tmp_dir(root, "rd.cleanup");
            let dst = filestat(d).unwrap();
            let ents = readdir(d, 0).0;
            let mut names: Vec<_> = ents.iter().map(|e| e.3.clone()).collect();
            names.sort();
            assert_eq!(names, [".", ".."]);
            let dot = ents.iter().find(|e| e.3 == ".").unwrap();
            assert_eq!(dot.2, FT_DIR); assert_eq!(dot.1, dst.ino);
            let f = open(d, 0, "file", O_CREAT, R_FD_READ | R_FD_WRITE | R_FD_FILESTAT_GET, 0, 0).unwrap();
            let fst = filestat(f).unwrap();
            close(f).unwrap();
            let (ents, eof) = readdir(d, 0);
            assert!(eof);
            assert_eq!(ents.len(), 3);
            let fe = ents.iter().find(|e| e.3 == "file").expect("file listed");
            assert_eq!(fe.2, FT_FILE); assert_eq!(fe.1, fst.ino);
            let (rest, _) = readdir(d, ents[1].0);
            assert_eq!(rest.len(), 1);
            assert_eq!(rest[0].3, ents[2].3, "cookie resumes after the 2nd entry");
            // A cookie past the end: nothing.
            assert_eq!(readdir(d, ents[2].0).0.len(), 0);
            for i in 0..300 { create_file(d, &format!("file.{}", i)); }
            let (mut total, mut ck) = (0, 0);
            loop {
                let (e, eof) = readdir(d, ck);
                total += e.len();
                if eof { break; }
                ck = e.last().unwrap().0;
            }
            assert_eq!(total, 303);
            for i in 0..300 { unlink(d, &format!("file.{}", i)).unwrap(); }
            unlink(d, "file").unwrap();
            // A buffer too small for one whole entry is filled (truncated).
            let mut b = [0u8; 10];
            let mut used = 0;
            ok(unsafe { p1::fd_readdir(d, b.as_mut_ptr(), b.len(), 0, &mut used) }).unwrap();
            assert_eq!(used, 10);
            // A file is not a directory.
            let f = open(d, 0, "x", O_CREAT, R_FD_READ | R_FD_READDIR, 0, 0).unwrap();
            errno(ok(unsafe { p1::fd_readdir(f, b.as_mut_ptr(), b.len(), 0, &mut used) }), &[E_NOTDIR, E_BADF, E_NOTCAPABLE]);
            close(f).unwrap(); unlink(d, "x").unwrap();
            close(d).unwrap();
            rmdir(root, "rd.cleanup").unwrap();
        }
        "file_allocate" => {
            let d = base();
            let f = open(d, 0, "al.cleanup", O_CREAT, R_FD_READ | R_FD_WRITE | R_FD_ALLOCATE | R_FD_FILESTAT_GET, 0, 0).unwrap();
            assert_eq!(filestat(f).unwrap().size, 0);
            ok(unsafe { p1::fd_allocate(f, 0, 100) }).unwrap();
            assert_eq!(filestat(f).unwrap().size, 100);
            ok(unsafe { p1::fd_allocate(f, 10, 10) }).unwrap();
            assert_eq!(filestat(f).unwrap().size, 100);
            ok(unsafe { p1::fd_allocate(f, 90, 20) }).unwrap();
            assert_eq!(filestat(f).unwrap().size, 110);
            close(f).unwrap();
            unlink(d, "al.cleanup").unwrap();
        }
        "file_pread_pwrite" => {
            let d = base();
            let f = open(d, 0, "pp.cleanup", O_CREAT, R_FD_READ | R_FD_WRITE | R_FD_SEEK | R_FD_TELL, 0, 0).unwrap();
            assert_eq!(pwrite(f, b"abcd", 0).unwrap(), 4);
            assert_eq!(tell(f).unwrap(), 0, "pwrite leaves the offset");
            let mut b = [0u8; 4];
            assert_eq!(pread(f, &mut b, 0).unwrap(), 4);
            assert_eq!(&b, b"abcd");
            assert_eq!(pread(f, &mut b, 2).unwrap(), 2);
            assert_eq!(&b[..2], b"cd");
            assert_eq!(pread(f, &mut b, 100).unwrap(), 0, "pread past the end reads 0");
            assert_eq!(pwrite(f, b"z", 8).unwrap(), 1);
            let mut b8 = [9u8; 9];
            assert_eq!(pread(f, &mut b8, 0).unwrap(), 9);
            assert_eq!(&b8, b"abcd\0\0\0\0z");
            // two iovecs
            let (x, y) = (*b"12", *b"345");
            let v = [x.as_ptr() as u32, 2, y.as_ptr() as u32, 3];
            let mut n = 0;
            ok(unsafe { p1::fd_pwrite(f, v.as_ptr(), 2, 1, &mut n) }).unwrap();
            assert_eq!(n, 5);
            let (mut p, mut q) = ([0u8; 3], [0u8; 3]);
            let v = [p.as_mut_ptr() as u32, 3, q.as_mut_ptr() as u32, 3];
            ok(unsafe { p1::fd_pread(f, v.as_ptr(), 2, 0, &mut n) }).unwrap();
            assert_eq!((n, &p, &q), (6, b"a12", b"345"));
            close(f).unwrap();
            // pread on a write-only fd, pwrite on a read-only one
            let w = open(d, 0, "pp.cleanup", 0, R_FD_WRITE, 0, 0).unwrap();
            errno(pread(w, &mut b, 0), &[E_BADF, E_NOTCAPABLE]);
            close(w).unwrap();
            let r = open(d, 0, "pp.cleanup", 0, R_FD_READ, 0, 0).unwrap();
            errno(pwrite(r, b"q", 0), &[E_BADF, E_NOTCAPABLE]);
            close(r).unwrap();
            unlink(d, "pp.cleanup").unwrap();
        }
        "file_seek_tell" => {
            let d = base();
            let f = open(d, 0, "st.cleanup", O_CREAT, R_FD_READ | R_FD_WRITE, 0, 0).unwrap();
            assert_eq!(tell(f).unwrap(), 0);
            write(f, &[0u8; 100]).unwrap();
            assert_eq!(tell(f).unwrap(), 100);
            assert_eq!(seek(f, 0, WHENCE_CUR).unwrap(), 100);
            assert_eq!(seek(f, -50, WHENCE_CUR).unwrap(), 50);
            assert_eq!(seek(f, 0, WHENCE_SET).unwrap(), 0);
            assert_eq!(seek(f, 1000, WHENCE_END).unwrap(), 1100, "past the end is fine");
            assert_eq!(seek(f, -10, WHENCE_END).unwrap(), 90);
            errno(seek(f, -2000, WHENCE_CUR), &[E_INVAL]);
            assert_eq!(tell(f).unwrap(), 90, "a failed seek moves nothing");
            errno(seek(f, 0, 3), &[E_INVAL]);
            close(f).unwrap();
            unlink(d, "st.cleanup").unwrap();
        }
        "file_truncation" => {
            let d = base();
            let f = open(d, 0, "tr.cleanup", O_CREAT, R_FD_WRITE, 0, 0).unwrap();
            write(f, b"123456").unwrap();
            close(f).unwrap();
            let f = open(d, 0, "tr.cleanup", O_TRUNC, R_FD_READ, 0, 0).unwrap();
            let mut b = [0u8; 8];
            assert_eq!(read(f, &mut b).unwrap(), 0, "O_TRUNC emptied it");
            close(f).unwrap();
            unlink(d, "tr.cleanup").unwrap();
        }
        "file_unbuffered_write" => {
            let d = base();
            let w = open(d, 0, "uw.cleanup", O_CREAT, R_FD_WRITE, 0, 0).unwrap();
            let r = open(d, 0, "uw.cleanup", 0, R_FD_READ, 0, 0).unwrap();
            write(w, b"z").unwrap();
            let mut b = [0u8; 1];
            assert_eq!(read(r, &mut b).unwrap(), 1);
            assert_eq!(b[0], b'z');
            close(w).unwrap(); close(r).unwrap();
            unlink(d, "uw.cleanup").unwrap();
        }
        "fstflags_validate" => {
            let d = base();
            let f = open(d, 0, "fv.cleanup", O_CREAT, R_FD_READ | R_FD_FILESTAT_SET_TIMES, 0, 0).unwrap();
            errno(ok(unsafe { p1::fd_filestat_set_times(f, 100, 200, FST_MTIM | FST_MTIM_NOW) }), &[E_INVAL]);
            errno(ok(unsafe { p1::fd_filestat_set_times(f, 100, 200, FST_ATIM | FST_ATIM_NOW) }), &[E_INVAL]);
            errno(ok(unsafe { p1::fd_filestat_set_times(f, 100, 200, 16) }), &[E_INVAL]);
            close(f).unwrap();
            unlink(d, "fv.cleanup").unwrap();
        }
        "interesting_paths" => {
            let root = base();
            let d = tmp_dir(root, "ip.cleanup");
            mkdir(d, "dir").unwrap();
            mkdir(d, "dir/nested").unwrap();
            create_file(d, "dir/nested/file");
            errno(open(d, 0, "/dir/nested/file", 0, 0, 0, 0), &[E_PERM]);
            let f = open(d, 0, "dir/.//nested/../../dir/nested/../nested///./file", 0, 0, 0, 0).unwrap();
            close(f).unwrap();
            errno(open(d, 0, "dir/nested/file\0", 0, 0, 0, 0), &[E_INVAL, E_ILSEQ]);
            errno(open(d, 0, "dir/nested/file/", 0, 0, 0, 0), &[E_NOTDIR, E_NOENT]);
            errno(open(d, 0, "dir/nested/file///", 0, 0, 0, 0), &[E_NOTDIR, E_NOENT]);
            close(open(d, 0, "dir/nested/", 0, 0, 0, 0).unwrap()).unwrap();
            close(open(d, 0, "dir/nested///", 0, 0, 0, 0).unwrap()).unwrap();
            let bad = format!("dir/nested/../../../{}/dir/nested/file", dir);
            errno(open(d, 0, &bad, 0, 0, 0, 0), &[E_PERM]);
            errno(open(root, 0, "..", O_DIRECTORY, 0, 0, 0), &[E_PERM]);
            errno(mkdir(root, "../escape"), &[E_PERM]);
            errno(path_filestat(root, 0, "/"), &[E_PERM]);
            unlink(d, "dir/nested/file").unwrap();
            rmdir(d, "dir/nested").unwrap();
            rmdir(d, "dir").unwrap();
            close(d).unwrap();
            rmdir(root, "ip.cleanup").unwrap();
        }
        "nofollow_errors" => {
            let d = tmp_dir(base(), "nf.cleanup");
            mkdir(d, "target").unwrap();
            symlink("target", d, "symlink").unwrap();
            errno(open(d, 0, "symlink", O_DIRECTORY, 0, 0, 0), &[E_LOOP, E_NOTDIR]);
            errno(open(d, 0, "symlink", 0, 0, 0, 0), &[E_LOOP, E_ACCES]);
            close(open(d, FOLLOW, "symlink", O_DIRECTORY, 0, 0, 0).unwrap()).unwrap();
            unlink(d, "symlink").unwrap();
            rmdir(d, "target").unwrap();
            create_file(d, "target");
            symlink("target", d, "symlink").unwrap();
            errno(open(d, 0, "symlink", O_DIRECTORY, 0, 0, 0), &[E_LOOP, E_NOTDIR]);
            errno(open(d, 0, "symlink", 0, 0, 0, 0), &[E_LOOP]);
            errno(open(d, FOLLOW, "symlink", O_DIRECTORY, 0, 0, 0), &[E_NOTDIR]);
            unlink(d, "target").unwrap();
            unlink(d, "symlink").unwrap();
            close(d).unwrap();
            rmdir(base(), "nf.cleanup").unwrap();
        }
        "overwrite_preopen" | "close_preopen" | "renumber" => fd_numbers(case, base()),
        "path_exists" => {
            let d = tmp_dir(base(), "pe.cleanup");
            mkdir(d, "subdir").unwrap();
            assert_eq!(path_filestat(d, 0, "subdir").unwrap().filetype, FT_DIR);
            create_file(d, "file");
            assert_eq!(path_filestat(d, 0, "file").unwrap().filetype, FT_FILE);
            symlink("file", d, "link").unwrap();
            assert_eq!(path_filestat(d, 0, "link").unwrap().filetype, FT_SYMLINK);
            assert_eq!(path_filestat(d, FOLLOW, "link").unwrap().filetype, FT_FILE);
            symlink("subdir", d, "dlink").unwrap();
            assert_eq!(path_filestat(d, FOLLOW, "dlink").unwrap().filetype, FT_DIR);
            errno(path_filestat(d, 0, "nope"), &[E_NOENT]);
            errno(path_filestat(d, 0, "file/"), &[E_NOTDIR]);
            for n in ["link", "dlink", "file"] { unlink(d, n).unwrap(); }
            rmdir(d, "subdir").unwrap();
            close(d).unwrap();
            rmdir(base(), "pe.cleanup").unwrap();
        }
        "path_filestat" => {
            let root = base();
            let d = tmp_dir(root, "pf.cleanup");
            assert_ne!(fdstat(d).unwrap().base & R_PATH_FILESTAT_GET, 0);
            let f = open(d, 0, "file", O_CREAT, R_FD_READ | R_FD_WRITE | R_PATH_FILESTAT_GET, 0, FD_APPEND | FD_SYNC).unwrap();
            let st = fdstat(f).unwrap();
            assert_eq!(st.base & R_PATH_FILESTAT_GET, 0, "files hold no path rights");
            assert_eq!(st.inh & R_PATH_FILESTAT_GET, 0);
            assert_eq!(st.flags as u32 & (FD_APPEND | FD_SYNC), FD_APPEND | FD_SYNC);
            let fs = path_filestat(d, 0, "file").unwrap();
            assert_eq!(fs.size, 0);
            let m = fs.mtim - 100;
            ok(unsafe { p1::path_filestat_set_times(d, 0, "file".as_ptr(), 4, 0, m, FST_MTIM) }).unwrap();
            assert_eq!(path_filestat(d, 0, "file").unwrap().mtim, m);
            errno(ok(unsafe { p1::path_filestat_set_times(d, 0, "file".as_ptr(), 4, 0, m, FST_MTIM | FST_MTIM_NOW) }), &[E_INVAL]);
            assert_eq!(path_filestat(d, 0, "file").unwrap().mtim, m);
            errno(ok(unsafe { p1::path_filestat_set_times(d, 0, "file".as_ptr(), 4, 0, 0, FST_ATIM | FST_ATIM_NOW) }), &[E_INVAL]);
            close(f).unwrap();
            unlink(d, "file").unwrap();
            close(d).unwrap();
            rmdir(root, "pf.cleanup").unwrap();
        }
        "path_link" => path_link_case(base()),
        "path_open_create_existing" => {
            let d = base();
            create_file(d, "ce.cleanup");
            errno(open(d, 0, "ce.cleanup", O_CREAT | O_EXCL, 0, 0, 0), &[E_EXIST]);
            mkdir(d, "ced.cleanup").unwrap();
            errno(open(d, 0, "ced.cleanup", O_CREAT | O_EXCL, 0, 0, 0), &[E_EXIST]);
            // O_CREAT with O_DIRECTORY is EINVAL in Wasmtime and on Linux.
            errno(open(d, 0, "ced.cleanup", O_CREAT | O_EXCL | O_DIRECTORY, 0, 0, 0), &[E_INVAL, E_EXIST]);
            // O_CREAT alone opens what is there.
            close(open(d, 0, "ce.cleanup", O_CREAT, R_FD_READ, 0, 0).unwrap()).unwrap();
            unlink(d, "ce.cleanup").unwrap();
            rmdir(d, "ced.cleanup").unwrap();
        }
        "path_open_dirfd_not_dir" => {
            let d = base();
            create_file(d, "nd.cleanup");
            let f = open(d, 0, "nd.cleanup", 0, 0, 0, 0).unwrap();
            errno(open(f, 0, "foo", O_CREAT, 0, 0, 0), &[E_NOTDIR]);
            errno(mkdir(f, "foo"), &[E_NOTDIR]);
            errno(unlink(f, "foo"), &[E_NOTDIR]);
            errno(open(d, 0, "nd.cleanup", O_DIRECTORY, 0, 0, 0), &[E_NOTDIR]);
            errno(open(d, 0, "nd.cleanup/x", 0, 0, 0, 0), &[E_NOTDIR]);
            close(f).unwrap();
            unlink(d, "nd.cleanup").unwrap();
        }
        "path_open_missing" => {
            let d = base();
            errno(open(d, 0, "missing.cleanup", 0, 0, 0, 0), &[E_NOENT]);
            errno(open(d, 0, "missing.cleanup/x", O_CREAT, 0, 0, 0), &[E_NOENT]);
            errno(rmdir(d, "missing.cleanup"), &[E_NOENT]);
            errno(unlink(d, "missing.cleanup"), &[E_NOENT]);
        }
        "path_open_nonblock" => {
            let d = base();
            let f = open(d, 0, "nb.cleanup", O_CREAT, R_FD_READ | R_FD_WRITE, 0, FD_NONBLOCK).expect("nonblock open");
            assert_eq!(fdstat(f).unwrap().flags as u32 & FD_NONBLOCK, FD_NONBLOCK);
            close(f).unwrap();
            // The directory itself, without O_DIRECTORY or rights.
            close(open(d, 0, ".", 0, 0, 0, FD_NONBLOCK).expect("nonblock dir")).unwrap();
            unlink(d, "nb.cleanup").unwrap();
        }
        "path_open_preopen" => {
            let pre = preopen(dir);
            let st = fdstat(pre).unwrap();
            let dir_rights = R_PATH_CREATE_DIRECTORY | R_PATH_CREATE_FILE | R_PATH_LINK_SOURCE
                | R_PATH_LINK_TARGET | R_PATH_OPEN | R_FD_READDIR | R_PATH_READLINK
                | R_PATH_RENAME_SOURCE | R_PATH_RENAME_TARGET | R_PATH_SYMLINK
                | R_PATH_REMOVE_DIRECTORY | R_PATH_UNLINK_FILE | R_PATH_FILESTAT_GET
                | R_PATH_FILESTAT_SET_TIMES | R_FD_FILESTAT_GET | R_FD_FILESTAT_SET_TIMES;
            let inh = dir_rights | R_FD_DATASYNC | R_FD_READ | R_FD_SEEK | R_FD_FDSTAT_SET_FLAGS
                | R_FD_SYNC | R_FD_TELL | R_FD_WRITE | R_FD_ADVISE | R_FD_ALLOCATE
                | R_FD_FILESTAT_GET | R_FD_FILESTAT_SET_SIZE | R_FD_FILESTAT_SET_TIMES
                | R_POLL_FD_READWRITE;
            assert_eq!(st.base & dir_rights, dir_rights, "preopen base rights {:x}", st.base);
            assert_eq!(st.inh & inh, inh, "preopen inheriting rights {:x}", st.inh);
            open(pre, 0, ".", 0, st.base, st.inh, 0).expect("same rights");
            open(pre, 0, ".", 0, 0, 0, 0).expect("no rights");
            open(pre, 0, ".", O_DIRECTORY, 0, 0, 0).expect("O_DIRECTORY");
            open(pre, 0, ".", O_DIRECTORY, R_FD_READ, 0, 0).expect("O_DIRECTORY + read");
            errno(open(pre, 0, ".", O_DIRECTORY, R_FD_READ | R_FD_WRITE, 0, 0), &[E_ISDIR]);
            errno(open(pre, 0, ".", 0, R_FD_WRITE, 0, 0), &[E_ISDIR]);
        }
        "path_open_read_without_rights" => {
            let d = tmp_dir(base(), "rw.cleanup");
            create_file(d, "file");
            let st = fdstat(d).unwrap();
            set_rights(d, st.base & !R_FD_READ, st.inh & !R_FD_READ).unwrap();
            let st = fdstat(d).unwrap();
            assert_eq!((st.base | st.inh) & R_FD_READ, 0);
            let f = open(d, 0, "file", 0, 0, 0, 0).unwrap();
            let fs = fdstat(f).unwrap();
            assert_eq!((fs.base | fs.inh) & R_FD_READ, 0);
            let mut b = [0u8; 1];
            errno(read(f, &mut b), &[E_BADF]);
            // Asking for read now is refused: the dir may no longer hand it down.
            let g = open(d, 0, "file", 0, R_FD_READ, 0, 0);
            if let Ok(g) = g { errno(read(g, &mut b), &[E_BADF, E_NOTCAPABLE]); close(g).unwrap(); }
            close(f).unwrap();
            unlink(d, "file").unwrap();
            close(d).unwrap();
            rmdir(base(), "rw.cleanup").unwrap();
        }
        "path_open_read_write" => {
            let d = base();
            let f = open(d, 0, "prw.cleanup", O_CREAT, R_FD_READ | R_FD_WRITE, 0, 0).unwrap();
            write(f, b"hello").unwrap(); close(f).unwrap();
            let r = open(d, 0, "prw.cleanup", 0, R_FD_READ, 0, 0).unwrap();
            let st = fdstat(r).unwrap();
            assert_ne!(st.base & R_FD_READ, 0);
            assert_eq!(st.base & R_FD_WRITE, 0, "read-only fd has no write right");
            errno(write(r, b"x"), &[E_BADF]);
            let mut b = [0u8; 5];
            assert_eq!(read(r, &mut b).unwrap(), 5);
            close(r).unwrap();
            let w = open(d, 0, "prw.cleanup", 0, R_FD_WRITE, 0, 0).unwrap();
            let st = fdstat(w).unwrap();
            assert_eq!(st.base & R_FD_READ, 0, "write-only fd has no read right");
            errno(read(w, &mut b), &[E_BADF]);
            write(w, b"J").unwrap();
            close(w).unwrap();
            unlink(d, "prw.cleanup").unwrap();
        }
        "path_rename" => path_rename_case(base()),
        "path_rename_dir_trailing_slashes" => {
            let d = tmp_dir(base(), "rt.cleanup");
            mkdir(d, "source").unwrap();
            rename(d, "source/", d, "target").unwrap();
            rename(d, "target", d, "source/").unwrap();
            rename(d, "source/", d, "target/").unwrap();
            rename(d, "target", d, "source").unwrap();
            create_file(d, "file");
            errno(rename(d, "file/", d, "other"), &[E_NOTDIR]);
            errno(rename(d, "file", d, "other/"), &[E_NOTDIR]);
            unlink(d, "file").unwrap();
            rmdir(d, "source").unwrap();
            close(d).unwrap();
            rmdir(base(), "rt.cleanup").unwrap();
        }
        "path_symlink_trailing_slashes" => {
            let d = tmp_dir(base(), "sts.cleanup");
            errno(symlink("source", d, "target/"), &[E_NOENT]);
            symlink("source", d, "target").unwrap();
            unlink(d, "target").unwrap();
            mkdir(d, "target").unwrap();
            errno(symlink("source", d, "target/"), &[E_EXIST]);
            errno(symlink("source", d, "target"), &[E_EXIST]);
            rmdir(d, "target").unwrap();
            create_file(d, "target");
            errno(symlink("source", d, "target/"), &[E_NOTDIR]);
            errno(symlink("source", d, "target"), &[E_EXIST]);
            unlink(d, "target").unwrap();
            close(d).unwrap();
            rmdir(base(), "sts.cleanup").unwrap();
        }
        "readlink" => {
            let d = tmp_dir(base(), "rl.cleanup");
            create_file(d, "target");
            symlink("target", d, "symlink").unwrap();
            let mut buf = [0u8; 10];
            let n = readlink(d, "symlink", &mut buf).unwrap();
            assert_eq!(&buf[..n], b"target");
            let mut small = [0u8; 4];
            let n = readlink(d, "symlink", &mut small).expect("a short buffer truncates");
            assert_eq!(&small[..n], b"targ");
            errno(readlink(d, "target", &mut buf), &[E_INVAL]);
            errno(readlink(d, "nope", &mut buf), &[E_NOENT]);
            unlink(d, "target").unwrap();
            unlink(d, "symlink").unwrap();
            close(d).unwrap();
            rmdir(base(), "rl.cleanup").unwrap();
        }
        "remove_directory_trailing_slashes" => {
            let d = tmp_dir(base(), "rdt.cleanup");
            mkdir(d, "dir").unwrap();
            rmdir(d, "dir").unwrap();
            mkdir(d, "dir").unwrap();
            rmdir(d, "dir/").expect("rmdir with a trailing slash");
            create_file(d, "file");
            errno(rmdir(d, "file"), &[E_NOTDIR]);
            errno(rmdir(d, "file/"), &[E_NOTDIR]);
            unlink(d, "file").unwrap();
            close(d).unwrap();
            rmdir(base(), "rdt.cleanup").unwrap();
        }
        "remove_nonempty_directory" => {
            let d = tmp_dir(base(), "rn.cleanup");
            mkdir(d, "dir").unwrap();
            mkdir(d, "dir/nested").unwrap();
            errno(rmdir(d, "dir"), &[E_NOTEMPTY]);
            rmdir(d, "dir/nested").unwrap();
            rmdir(d, "dir").unwrap();
            errno(rmdir(d, "."), &[E_INVAL, 10 /* EBUSY */]);
            close(d).unwrap();
            rmdir(base(), "rn.cleanup").unwrap();
        }
        "symlink_create" => {
            let d = tmp_dir(base(), "sc.cleanup");
            mkdir(d, "target").unwrap();
            symlink("target", d, "symlink").unwrap();
            close(open(d, FOLLOW, "symlink", O_DIRECTORY, 0, 0, 0).unwrap()).unwrap();
            create_file(d, "symlink/file");
            unlink(d, "target/file").unwrap();
            unlink(d, "symlink").unwrap();
            // A symlink through which nothing escapes: creating it works,
            // following it does not.
            symlink("../../..", d, "up").unwrap();
            errno(open(d, FOLLOW, "up", O_DIRECTORY, 0, 0, 0), &[E_PERM]);
            unlink(d, "up").unwrap();
            assert!(symlink("/", d, "root").is_err(), "a symlink to / is refused");
            errno(symlink("/etc", d, "abs").and_then(|_| open(d, FOLLOW, "abs", 0, 0, 0, 0).map(|_| ())), &[E_PERM, E_NOENT]);
            let _ = unlink(d, "abs");
            rmdir(d, "target").unwrap();
            close(d).unwrap();
            rmdir(base(), "sc.cleanup").unwrap();
        }
        "symlink_filestat" => {
            let d = tmp_dir(base(), "sf.cleanup");
            create_file(d, "file");
            symlink("file", d, "symlink").unwrap();
            let fs = path_filestat(d, 0, "file").unwrap();
            let ls = path_filestat(d, 0, "symlink").unwrap();
            assert_eq!(ls.filetype, FT_SYMLINK);
            assert_eq!(ls.size, 4, "a symlink's size is its target's length");
            assert_ne!(fs.ino, ls.ino);
            let mut m = ls.mtim - 1_000_000_000;
            m -= m % 1000;
            ok(unsafe { p1::path_filestat_set_times(d, 0, "symlink".as_ptr(), 7, 0, m, FST_MTIM) }).unwrap();
            assert_eq!(path_filestat(d, 0, "symlink").unwrap().mtim, m, "the link's own time");
            assert_eq!(path_filestat(d, 0, "file").unwrap().mtim, fs.mtim, "not its target's");
            unlink(d, "symlink").unwrap();
            unlink(d, "file").unwrap();
            close(d).unwrap();
            rmdir(base(), "sf.cleanup").unwrap();
        }
        "symlink_loop" => {
            let d = tmp_dir(base(), "sl.cleanup");
            symlink("symlink", d, "symlink").unwrap();
            errno(open(d, FOLLOW, "symlink", 0, 0, 0, 0), &[E_LOOP]);
            errno(open(d, 0, "symlink/x", 0, 0, 0, 0), &[E_LOOP]);
            symlink("b", d, "a").unwrap();
            symlink("a", d, "b").unwrap();
            errno(path_filestat(d, FOLLOW, "a"), &[E_LOOP]);
            for n in ["a", "b", "symlink"] { unlink(d, n).unwrap(); }
            close(d).unwrap();
            rmdir(base(), "sl.cleanup").unwrap();
        }
        "truncation_rights" => {
            let d = tmp_dir(base(), "trr.cleanup");
            create_file(d, "file");
            let st = fdstat(d).unwrap();
            assert_eq!(st.filetype, FT_DIR);
            assert_eq!(st.flags, 0);
            assert_eq!(st.base & R_FD_FILESTAT_SET_SIZE, 0, "dirs have no fd_filestat_set_size");
            assert_ne!(st.base & R_PATH_FILESTAT_SET_SIZE, 0);
            close(open(d, 0, "file", O_TRUNC, 0, 0, 0).unwrap()).unwrap();
            set_rights(d, st.base, st.inh & !R_FD_FILESTAT_SET_SIZE).unwrap();
            close(open(d, 0, "file", O_TRUNC, 0, 0, 0).expect("trunc without the fd right")).unwrap();
            set_rights(d, st.base & !R_PATH_FILESTAT_SET_SIZE, st.inh & !R_FD_FILESTAT_SET_SIZE).unwrap();
            assert_eq!(fdstat(d).unwrap().base & R_PATH_FILESTAT_SET_SIZE, 0);
            errno(open(d, 0, "file", O_TRUNC, 0, 0, 0), &[E_PERM]);
            unlink(d, "file").unwrap();
            close(d).unwrap();
            rmdir(base(), "trr.cleanup").unwrap();
        }
        "unlink_file_trailing_slashes" => {
            let d = tmp_dir(base(), "ut.cleanup");
            mkdir(d, "dir").unwrap();
            errno(unlink(d, "dir"), &[E_ISDIR]);
            errno(unlink(d, "dir/"), &[E_ISDIR]);
            rmdir(d, "dir").unwrap();
            create_file(d, "file");
            errno(unlink(d, "file/"), &[E_NOTDIR]);
            unlink(d, "file").unwrap();
            close(d).unwrap();
            rmdir(base(), "ut.cleanup").unwrap();
        }
        _ => return false,
    }
    true
}

/// Entries from one fd_readdir call: (d_next, d_ino, d_type, name) and
/// whether the buffer was not filled (end of directory).
fn readdir(fd: Fd, cookie: u64) -> (Vec<(u64, u64, u8, String)>, bool) {
    let mut buf = [0u8; 256];
    let mut used = 0;
    ok(unsafe { p1::fd_readdir(fd, buf.as_mut_ptr(), buf.len(), cookie, &mut used) }).expect("fd_readdir");
    assert!(used <= buf.len());
    let mut out = vec![];
    let mut p = 0;
    while p + 24 <= used {
        let next = rd64(&buf, p);
        let ino = rd64(&buf, p + 8);
        let nl = rd32(&buf, p + 16) as usize;
        let ty = buf[p + 20];
        if p + 24 + nl > used { break; }
        out.push((next, ino, ty, String::from_utf8(buf[p + 24..p + 24 + nl].to_vec()).unwrap()));
        p += 24 + nl;
    }
    (out, used < buf.len())
}

fn fd_numbers(case: &str, d: Fd) {
    let pre: Fd = 3;
    assert!(d > pre);
    match case {
        "close_preopen" => {
            close(pre).expect("closing a preopen");
            assert_eq!(fdstat(d).unwrap().filetype, FT_DIR);
            errno(fdstat(pre), &[E_BADF]);
            errno(close(pre), &[E_BADF]);
        }
        "overwrite_preopen" => {
            let sub = tmp_dir(d, "op.cleanup");
            let old = filestat(sub).unwrap();
            ok(unsafe { p1::fd_renumber(sub, pre) }).expect("renumber over a preopen");
            let new = filestat(pre).unwrap();
            assert_eq!((old.dev, old.ino), (new.dev, new.ino));
            errno(fdstat(sub), &[E_BADF]);
            let mut b = [0u8; 8];
            errno(ok(unsafe { p1::fd_prestat_get(pre, b.as_mut_ptr()) }), &[E_BADF]);
            rmdir(d, "op.cleanup").unwrap();
        }
        _ => {
            let a = open(d, 0, "file1.cleanup", O_CREAT, R_FD_READ | R_FD_WRITE, 0, 0).unwrap();
            let sa = fdstat(a).unwrap();
            let b = open(d, 0, "file2.cleanup", O_CREAT, R_FD_READ | R_FD_WRITE, 0, 0).unwrap();
            ok(unsafe { p1::fd_renumber(a, b) }).unwrap();
            errno(close(a), &[E_BADF]);
            let sb = fdstat(b).unwrap();
            assert_eq!((sa.filetype, sa.flags, sa.base, sa.inh), (sb.filetype, sb.flags, sb.base, sb.inh));
            errno(ok(unsafe { p1::fd_renumber(b, 1234) }), &[E_BADF]);
            errno(ok(unsafe { p1::fd_renumber(1234, b) }), &[E_BADF]);
            ok(unsafe { p1::fd_renumber(b, b) }).expect("renumber onto itself");
            fdstat(b).expect("still open");
            close(b).unwrap();
            unlink(d, "file1.cleanup").unwrap();
            unlink(d, "file2.cleanup").unwrap();
        }
    }
}

fn path_link_case(root: Fd) {
    let d = tmp_dir(root, "pl.cleanup");
    let rights = R_FD_READ | R_PATH_LINK_SOURCE | R_PATH_LINK_TARGET | R_FD_FILESTAT_GET | R_PATH_OPEN | R_PATH_UNLINK_FILE;
    let f = open(d, 0, "file", O_CREAT, rights, rights, 0).unwrap();
    link(d, 0, "file", d, "link").unwrap();
    let l = open(d, 0, "link", 0, rights, rights, 0).unwrap();
    let (a, b) = (filestat(f).unwrap(), filestat(l).unwrap());
    assert_eq!(a, b);
    assert_eq!(a.nlink, 2);
    let (x, y) = (fdstat(f).unwrap(), fdstat(l).unwrap());
    assert_eq!((x.base, x.inh, x.flags), (y.base, y.inh, y.flags));
    close(l).unwrap();
    unlink(d, "link").unwrap();
    mkdir(d, "subdir").unwrap();
    let s = open(d, 0, "subdir", O_DIRECTORY, rights, rights, 0).unwrap();
    link(d, 0, "file", s, "link").unwrap();
    unlink(s, "link").unwrap();
    close(s).unwrap();
    rmdir(d, "subdir").unwrap();
    create_file(d, "link");
    errno(link(d, 0, "file", d, "link"), &[E_EXIST]);
    unlink(d, "link").unwrap();
    errno(link(d, 0, "file", d, "file"), &[E_EXIST]);
    mkdir(d, "link").unwrap();
    errno(link(d, 0, "file", d, "link"), &[E_EXIST]);
    rmdir(d, "link").unwrap();
    mkdir(d, "subdir").unwrap();
    errno(link(d, 0, "subdir", d, "link"), &[E_PERM, E_ACCES]);
    rmdir(d, "subdir").unwrap();
    errno(link(d, 0, "file", d, "link/"), &[E_NOENT]);
    symlink("target", d, "symlink").unwrap();
    link(d, 0, "symlink", d, "link").expect("a link to a dangling symlink");
    unlink(d, "symlink").unwrap(); unlink(d, "link").unwrap();
    symlink("symlink", d, "symlink").unwrap();
    link(d, 0, "symlink", d, "link").expect("a link to a symlink loop");
    unlink(d, "symlink").unwrap(); unlink(d, "link").unwrap();
    symlink("target", d, "symlink").unwrap();
    errno(link(d, 0, "file", d, "symlink"), &[E_EXIST]);
    errno(link(d, FOLLOW, "symlink", d, "link"), &[E_INVAL, E_NOENT]);
    unlink(d, "symlink").unwrap();
    close(f).unwrap();
    unlink(d, "file").unwrap();
    close(d).unwrap();
    rmdir(root, "pl.cleanup").unwrap();
}

fn path_rename_case(root: Fd) {
    let d = tmp_dir(root, "pr.cleanup");
    let nodir = |p: &str| errno(open(d, 0, p, O_DIRECTORY, 0, 0, 0), &[E_NOENT]);
    mkdir(d, "source").unwrap();
    rename(d, "source", d, "target").unwrap();
    nodir("source");
    close(open(d, 0, "target", O_DIRECTORY, 0, 0, 0).unwrap()).unwrap();
    rmdir(d, "target").unwrap();
    mkdir(d, "source").unwrap(); mkdir(d, "target").unwrap();
    rename(d, "source", d, "target").expect("a dir over an empty dir");
    nodir("source");
    rmdir(d, "target").unwrap();
    mkdir(d, "source").unwrap(); mkdir(d, "target").unwrap();
    create_file(d, "target/file");
    errno(rename(d, "source", d, "target"), &[E_NOTEMPTY]);
    errno(rename(d, "source", d, "target/file"), &[E_NOTDIR]);
    unlink(d, "target/file").unwrap();
    rmdir(d, "source").unwrap(); rmdir(d, "target").unwrap();
    create_file(d, "source");
    rename(d, "source", d, "target").unwrap();
    errno(open(d, 0, "source", 0, 0, 0, 0), &[E_NOENT]);
    close(open(d, 0, "target", 0, 0, 0, 0).unwrap()).unwrap();
    unlink(d, "target").unwrap();
    create_file(d, "source"); create_file(d, "target");
    rename(d, "source", d, "target").expect("a file over a file");
    errno(open(d, 0, "source", 0, 0, 0, 0), &[E_NOENT]);
    unlink(d, "target").unwrap();
    create_file(d, "source");
    mkdir(d, "target").unwrap();
    errno(rename(d, "source", d, "target"), &[E_ISDIR]);
    errno(rename(d, "missing", d, "x"), &[E_NOENT]);
    errno(rename(d, "source", d, "../../escape"), &[E_PERM]);
    rmdir(d, "target").unwrap();
    unlink(d, "source").unwrap();
    close(d).unwrap();
    rmdir(root, "pr.cleanup").unwrap();
}
