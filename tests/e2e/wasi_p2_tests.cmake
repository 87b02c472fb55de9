# WASI 0.2 components through `wasmaot run`: tests/e2e/wasi/p2_guest.c,
# built with clang-19 + wasi-libc and wrapped by `jco new --wasi-command`
# (the preview1 adapter) at test time, compiled once to an artifact by the
# wasi-p2-build fixture; each test runs one mode of it (argv[1]) with the
# capabilities given on the command line.
find_program(WASMAOT_CLANG19 clang-19)
find_program(WASMAOT_NODE node)
set(p2_jco ${PROJECT_SOURCE_DIR}/tools/node_modules/.bin/jco)
if(NOT (WASMAOT_CLANG19 AND WASMAOT_NODE AND EXISTS ${p2_jco}
        AND EXISTS /usr/lib/wasm32-wasi/libc.a))
  message(STATUS "wasi-p2 tests: skipped (need clang-19, wasi-libc, node "
                 "and `npm ci --prefix tools`)")
  return()
endif()

set(p2 ${WASMAOT_E2E_OUT}/wasi-p2)
set(p2so ${p2}/guest.so)
add_test(NAME wasi-p2-build
  COMMAND bash -c "set -e; rm -rf '${p2}'; mkdir -p '${p2}'
    '${WASMAOT_CLANG19}' --target=wasm32-wasi --sysroot=/usr -O2 \
      '${CMAKE_CURRENT_SOURCE_DIR}/wasi/p2_guest.c' -o '${p2}/core.wasm'
    '${p2_jco}' new '${p2}/core.wasm' --wasi-command -o '${p2}/guest.wasm'
    '$<TARGET_FILE:wasmaot>' compile '${p2}/guest.wasm' -o '${p2so}'")
set_tests_properties(wasi-p2-build PROPERTIES FIXTURES_SETUP wasi-p2)

# wasi_p2_test(NAME ... as wasmaot_cli_test): needs the built guest.
function(wasi_p2_test name)
  wasmaot_cli_test(${name} ${ARGN})
  set_tests_properties(${name} PROPERTIES FIXTURES_REQUIRED wasi-p2)
endfunction()

wasi_p2_test(wasi-p2-hello EXIT 0
  ARGS run ${p2so}
  STDOUT_REGEX "^hello from a component\n$"
  STDERR_REGEX "^and to stderr\n$")
wasi_p2_test(wasi-p2-hello-wasm EXIT 0
  ARGS run --no-cache ${p2}/guest.wasm hello
  STDOUT_REGEX "^hello from a component\n$")
wasi_p2_test(wasi-p2-args EXIT 0
  ARGS run ${p2so} -- args a "b c" -x
  STDOUT_REGEX "^argc=5 \\[a\\] \\[b c\\] \\[-x\\]\n$")
wasi_p2_test(wasi-p2-env EXIT 0
  ARGS run ${p2so} --env GREETING=hi --env OTHER=1 env
  STDOUT_REGEX "^GREETING=hi\ncount=2\n$")
wasi_p2_test(wasi-p2-env-none EXIT 0
  ARGS run ${p2so} env
  STDOUT_REGEX "^GREETING=\\(unset\\)\ncount=0\n$")
wasi_p2_test(wasi-p2-exit-zero EXIT 0 ARGS run ${p2so} exit 0 STDOUT_EMPTY)
# The preview1 adapter maps a non-zero status to wasi:cli/exit's err: 1.
wasi_p2_test(wasi-p2-exit-nonzero EXIT 1 ARGS run ${p2so} exit 5)
wasi_p2_test(wasi-p2-main-fails EXIT 1 ARGS run ${p2so} fail
  STDERR_REGEX "^failing\n$")
wasi_p2_test(wasi-p2-clocks EXIT 0 ARGS run ${p2so} clocks
  STDOUT_REGEX "^wall after 2020: yes\nslept >= 20ms: yes\n$")
wasi_p2_test(wasi-p2-deny-clocks EXIT 3 ARGS run ${p2so} --deny-clocks clocks
  STDERR_REGEX "error: trap: wasi: wall-clock not granted")
wasi_p2_test(wasi-p2-random EXIT 0 ARGS run ${p2so} random
  STDOUT_REGEX "^random differ: yes\n$")
wasi_p2_test(wasi-p2-deny-random EXIT 3 ARGS run ${p2so} --deny-random random
  STDERR_REGEX "error: trap: wasi: random not granted")

# Files: each test gets a fresh host directory.
set(p2d ${WASMAOT_E2E_OUT}/wasi-p2-data)
add_test(NAME wasi-p2-files
  COMMAND bash -c "set -e; d='${p2d}/rw'; rm -rf \"$d\"; mkdir -p \"$d\"
    out=$('$<TARGET_FILE:wasmaot>' run '${p2so}' --dir \"$d\"::/data write /data/f.txt hello)
    test \"$out\" = 'read back: hello+ (size 6)'
    test \"$(cat \"$d/f.txt\")\" = 'hello+'
    out=$('$<TARGET_FILE:wasmaot>' run '${p2so}' --dir \"$d\"::/data cat /data/f.txt)
    test \"$out\" = 'hello+'
    out=$('$<TARGET_FILE:wasmaot>' run '${p2so}' --dir \"$d\"::/data dirs /data)
    test \"$out\" = \"$(printf 'ls: b.txt c\\nrmdir non-empty: Directory not empty\\nrmdir: ok')\"
    test ! -e \"$d/sub\"")
# Outside the preopen: `..`, absolute host paths, symlinks that lead out.
add_test(NAME wasi-p2-escape
  COMMAND bash -c "set -e; d='${p2d}/esc'; rm -rf \"$d\"; mkdir -p \"$d/in\"
    echo TOPSECRET > \"$d/secret.txt\"; ln -s ../secret.txt \"$d/in/link\"
    for p in /data/../secret.txt \"$d/secret.txt\" /data/link; do
      if err=$('$<TARGET_FILE:wasmaot>' run '${p2so}' --dir \"$d/in\"::/data cat \"$p\" 2>&1); then
        echo \"read $p outside the preopen: $err\"; exit 1; fi
      case \"$err\" in *TOPSECRET*) exit 1;; *'fopen'*) ;; *) echo \"$err\"; exit 1;; esac
    done
    err=$('$<TARGET_FILE:wasmaot>' run '${p2so}' cat /etc/hostname 2>&1) && exit 1
    case \"$err\" in *'fopen /etc/hostname'*) ;; *) echo \"$err\"; exit 1;; esac")
add_test(NAME wasi-p2-read-only
  COMMAND bash -c "set -e; d='${p2d}/ro'; rm -rf \"$d\"; mkdir -p \"$d\"
    echo kept > \"$d/f.txt\"
    err=$('$<TARGET_FILE:wasmaot>' run '${p2so}' --dir \"$d\"::/data:ro write /data/f.txt x 2>&1) && exit 1
    case \"$err\" in *'Read-only file system'*) ;; *) echo \"$err\"; exit 1;; esac
    test \"$(cat \"$d/f.txt\")\" = kept
    err=$('$<TARGET_FILE:wasmaot>' run '${p2so}' --dir \"$d\"::/data:ro dirs /data 2>&1) && exit 1
    case \"$err\" in *'mkdir: Read-only file system'*) ;; *) echo \"$err\"; exit 1;; esac
    test ! -e \"$d/sub\"
    out=$('$<TARGET_FILE:wasmaot>' run '${p2so}' --dir \"$d\"::/data:ro cat /data/f.txt)
    test \"$out\" = kept")
add_test(NAME wasi-p2-stdin
  COMMAND bash -c "out=$(printf 'piped in' | '$<TARGET_FILE:wasmaot>' run '${p2so}' stdin) && test \"$out\" = 'stdin: 8 bytes: piped in'")
set_tests_properties(wasi-p2-files wasi-p2-escape wasi-p2-read-only
  wasi-p2-stdin PROPERTIES FIXTURES_REQUIRED wasi-p2)

# wasi:sockets (tests/e2e/wasi/sockets): a C guest with hand-written
# Canonical ABI imports, made a component by tools/make-component.mjs
# (sock-test.wit, from gen-wit.sh), against a TCP echo server that
# sockets_test.py starts, plus listen/accept, UDP, name lookup and the
# access-denied answers without --inherit-network (~1 s).
find_package(Python3 COMPONENTS Interpreter)
if(Python3_FOUND)
  set(sk ${WASMAOT_E2E_OUT}/wasi-sockets)
  set(sk_src ${CMAKE_CURRENT_SOURCE_DIR}/wasi/sockets)
  add_test(NAME wasi-p2-sockets
    COMMAND bash -c "set -e; rm -rf '${sk}'; mkdir -p '${sk}'
      '${WASMAOT_CLANG19}' --target=wasm32-wasi -O2 -nostdlib -Wl,--no-entry \
        -Wl,--allow-undefined '${sk_src}/sock_guest.c' -o '${sk}/core.wasm'
      '${WASMAOT_NODE}' '${PROJECT_SOURCE_DIR}/tools/make-component.mjs' \
        '${sk}/core.wasm' '${sk_src}/sock-test.wit' sock-test '${sk}/guest.wasm'
      '$<TARGET_FILE:wasmaot>' compile '${sk}/guest.wasm' -o '${sk}/guest.so'
      '${Python3_EXECUTABLE}' '${sk_src}/sockets_test.py' \
        '$<TARGET_FILE:wasmaot>' '${sk}/guest.so'")
  set_tests_properties(wasi-p2-sockets PROPERTIES TIMEOUT 120)
endif()

# `wasmaot compose` on the jco-made guest: its wasi:cli/environment plugged
# by a virtualising component that imports the interface it replaces
# (wasi/compose_virtenv.sh).
add_test(NAME wasi-p2-compose-virtenv
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/wasi/compose_virtenv.sh
          $<TARGET_FILE:wasmaot> ${p2_jco} ${p2}/guest.wasm ${p2}/compose)
set_tests_properties(wasi-p2-compose-virtenv PROPERTIES
  FIXTURES_REQUIRED wasi-p2 TIMEOUT 300)
