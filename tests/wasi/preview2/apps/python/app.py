"""A Python command for WASI preview 2, made a component by componentize-py.

``sys.argv[1]`` picks what it does:

* ``main``: prints its arguments and environment, turns standard input into
  standard output, walks ``/data`` (a preopened directory) and writes there,
  checks the clocks and the random source (printing only whether they look
  right, never their values), then writes a long block of output in one write;
* ``read-only``: tries to create, append to, make a folder in and remove from
  ``/ro``, a preopened directory given read-only;
* ``exit``: prints a line and calls ``sys.exit(3)``;
* ``error``: an exception nobody catches in the program, reported as CPython
  reports one (the traceback on stderr, exit status 1);
* ``panic``: the exception escapes ``run`` itself, where componentize-py's
  runtime turns it into a trap.

Everything printed is the same on every run and every runtime.
"""

import datetime
import errno
import hashlib
import os
import random
import secrets
import sys
import time
import traceback
import uuid

import wit_world.exports

DATA = "/data"
READ_ONLY = "/ro"


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def show_arguments(rest: list[str]) -> None:
    print("argv0:", os.path.basename(sys.argv[0]))
    print("args:", rest)
    for name, value in sorted(os.environ.items()):
        print(f"env {name}={value!r}")
    print("cwd:", os.getcwd())


def echo_stdin() -> None:
    data = sys.stdin.buffer.read()
    print(f"stdin: {len(data)} bytes, sha256 {digest(data)}")
    text = data.decode("utf-8", errors="replace")
    lines = text.splitlines()
    print(f"stdin: {len(lines)} lines, {len(text.split())} words")
    for line in lines[:6]:
        print("  |", " ".join(reversed(line.split())).upper())
    sys.stdout.flush()
    sys.stdout.buffer.write(b"raw tail: " + data[-24:] + b"\n")
    sys.stdout.buffer.flush()


def walk(top: str) -> None:
    for folder, dirs, files in os.walk(top):
        dirs.sort()
        print(f"dir {folder} ({len(dirs)} dirs, {len(files)} files)")
        for name in sorted(files):
            path = os.path.join(folder, name)
            with open(path, "rb") as handle:
                data = handle.read()
            print(f"  {name}: {len(data)} bytes, sha256 {digest(data)}, "
                  f"stat size {os.stat(path).st_size}")


def use_files() -> None:
    walk(DATA)
    out = os.path.join(DATA, "out")
    os.makedirs(os.path.join(out, "nested", "deeper"))
    report = os.path.join(out, "report.txt")
    with open(report, "w") as handle:
        for name in sorted(os.listdir(DATA)):
            handle.write(f"{name}\n")
    with open(report, "a") as handle:
        handle.write("appended line\n")
    with open(report, "rb") as handle:
        handle.seek(4)
        print("seek 4, read 6:", handle.read(6), "tell:", handle.tell())
    final = os.path.join(out, "final.txt")
    os.rename(report, final)
    print("renamed:", os.path.exists(report), os.path.exists(final),
          os.path.getsize(final))
    scratch = os.path.join(out, "nested", "deeper", "scratch.bin")
    with open(scratch, "wb") as handle:
        handle.write(bytes(range(256)) * 40)
    with open(scratch, "r+b") as handle:
        handle.truncate(1000)
    print("scratch size:", os.path.getsize(scratch))
    os.remove(scratch)
    os.rmdir(os.path.join(out, "nested", "deeper"))
    os.symlink("final.txt", os.path.join(out, "link"))
    print("readlink:", os.readlink(os.path.join(out, "link")),
          "islink:", os.path.islink(os.path.join(out, "link")))
    with open(os.path.join(out, "link")) as handle:
        print("through link:", handle.readline().strip())
    for attempt in (lambda: open(os.path.join(DATA, "missing.txt")),
                    lambda: open(final, "x"),
                    lambda: os.rmdir(out),
                    lambda: os.listdir(final),
                    lambda: open("/elsewhere/file.txt")):
        try:
            attempt()
            print("no error")
        except OSError as exc:
            print(f"{type(exc).__name__}: {errno.errorcode.get(exc.errno, exc.errno)}")
    print("listing of out:", sorted(os.listdir(out)))
    print("mtime recent:", os.stat(final).st_mtime > 1_600_000_000)
    walk(out)
    if os.path.isdir(READ_ONLY):
        walk(READ_ONLY)
    else:
        print("no read-only directory")


def write_read_only(rest: list[str]) -> None:
    for attempt in (lambda: open(os.path.join(READ_ONLY, "new.txt"), "w"),
                    lambda: open(os.path.join(READ_ONLY, "fixed.txt"), "a"),
                    lambda: os.mkdir(os.path.join(READ_ONLY, "folder")),
                    lambda: os.remove(os.path.join(READ_ONLY, "fixed.txt"))):
        try:
            attempt()
            print("no error")
        except OSError as exc:
            print(f"{type(exc).__name__}: {errno.errorcode.get(exc.errno, exc.errno)}")


def check_clocks() -> None:
    now = time.time()
    print("wall clock after 2020:", now > 1_577_836_800)
    print("time_ns agrees:", abs(time.time_ns() / 1e9 - now) < 60)
    print("utc year plausible:", 2024 <= datetime.datetime.now(datetime.timezone.utc).year < 2200)
    start, counter = time.monotonic(), time.perf_counter()
    time.sleep(0.05)
    slept, counted = time.monotonic() - start, time.perf_counter() - counter
    print("monotonic advanced by the sleep:", 0.05 <= slept < 30)
    print("perf_counter advanced by the sleep:", 0.05 <= counted < 30)
    print("gmtime(10**9):", time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(10 ** 9)))


def check_random() -> None:
    first, second = os.urandom(32), os.urandom(32)
    print("urandom lengths:", len(first), len(second), "differ:", first != second)
    print("token_hex length:", len(secrets.token_hex(16)))
    value = random.SystemRandom().random()
    print("SystemRandom in [0, 1):", 0.0 <= value < 1.0)
    print("uuid4 version:", uuid.uuid4().version)


def long_output() -> None:
    block = "".join(f"line {n:04d} {n * n:>8} {n ** 3 % 9973:>5}\n" for n in range(2000))
    sys.stdout.write(block)
    print("block sha256:", digest(block.encode()))
    print("unicode: ä ö ü ß € 日本 🐍")


def main(rest: list[str]) -> None:
    show_arguments(rest)
    echo_stdin()
    use_files()
    check_clocks()
    check_random()
    long_output()
    print("a note on stderr", file=sys.stderr)
    print("done")


def exit_with_three(rest: list[str]) -> None:
    print("exiting with 3")
    sys.stdout.flush()
    sys.exit(3)


def fail(rest: list[str]) -> None:
    print("about to fail")

    def parse(text: str) -> int:
        return int(text)

    parse("not a number")


MODES = {"main": main, "exit": exit_with_three, "error": fail,
         "read-only": write_read_only}


class Run(wit_world.exports.Run):
    def run(self) -> None:
        mode = sys.argv[1] if len(sys.argv) > 1 else "main"
        if mode == "panic":
            print("raising out of run")
            sys.stdout.flush()
            raise RuntimeError("escaped from run")
        try:
            MODES[mode](sys.argv[2:])
        except SystemExit:
            raise
        except BaseException:
            sys.stdout.flush()
            traceback.print_exc()
            sys.stderr.flush()
            sys.exit(1)
        sys.stdout.flush()
