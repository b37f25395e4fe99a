"""Target triples (``x86_64-unknown-linux-gnu``) as ``Config.target`` accepts them.

A triple is an architecture, then optionally a vendor, an operating system, an
environment and a binary format, separated by ``-``; the names known here are
the ones wasmtime's triple parser knows. wasmlite compiles to Python code, which
runs anywhere, so a recognised triple only has to be well-formed.
"""

from __future__ import annotations

import re

from ..errors import WasmtimeError

_ARCHITECTURES = re.compile(r"""(?x)
    unknown | x86_64h? | x86_32 | i[3-6]86 | aarch64(_be)? | arm64(_32|e|ec)? | amdgcn | asmjs
  | avr | bpfe[bl] | clever(1\.0)? | hexagon | loongarch64 | m68k | msp430 | nvptx64 | s390x
  | mips(64)?(el)?(r6)? | mips32r6(el)? | mipsisa(32|64)r6(el)? | powerpc(64(le)?)?
  | pulley(32|64)(be)? | riscv(32|64)[a-z]* | sparc(64|v9)? | wasm(32|64) | xtensa
  | (arm|armeb|thumb|thumbeb)(v[0-9][0-9a-z.]*)?
""")

_VENDORS = frozenset((
    "unknown", "amd", "apple", "espressif", "experimental", "fortanix", "ibm", "kmc",
    "nintendo", "nvidia", "pc", "rumprun", "sun", "uwp", "wrs",
))

_SYSTEMS = re.compile(r"""(?x)
    none | unknown | aix | amdhsa | bitrig | cloudabi | cuda | cygwin | dragonfly | emscripten
  | espidf | fuchsia | haiku | hermit | horizon | hurd | illumos | l4re | linux | nebulet
  | netbsd | nuttx | openbsd | psp | redox | solaris | solid_asp3 | uefi | vxworks
  | wasi(p[12])? | windows | (darwin | freebsd | ios | macosx? | tvos | visionos | watchos | xros)[0-9.]*
""")

_ENVIRONMENTS = frozenset((
    "unknown", "amdgiz", "android", "androideabi", "eabi", "eabihf", "gnu", "gnuabi64",
    "gnueabi", "gnueabihf", "gnuspe", "gnux32", "gnu_ilp32", "gnullvm", "hermitkernel",
    "hurdkernel", "kernel", "linuxkernel", "macabi", "musl", "musleabi", "musleabihf",
    "muslabi64", "msvc", "newlib", "none", "ohos", "qnx700", "qnx710", "sgx", "sim",
    "softfloat", "spe", "threads", "uclibc", "uclibceabi", "uclibceabihf", "p1", "p2",
))

_BINARY_FORMATS = frozenset(("unknown", "elf", "coff", "macho", "wasm", "xcoff"))

_CUSTOM_VENDOR = re.compile(r"[a-z][a-z0-9_.]*")


def _known_elsewhere(name: str) -> bool:
    return bool(_ARCHITECTURES.fullmatch(name) or _SYSTEMS.fullmatch(name)
                or name in _ENVIRONMENTS or name in _BINARY_FORMATS)


def _is_vendor(name: str) -> bool:
    return name in _VENDORS or (_CUSTOM_VENDOR.fullmatch(name) is not None
                                and not _known_elsewhere(name))


def check_triple(triple: str) -> None:
    """Raise a WasmtimeError naming the first part of ``triple`` that is not recognised."""
    parts = triple.split("-")
    if not _ARCHITECTURES.fullmatch(parts[0]):
        raise WasmtimeError(f"Unrecognized architecture: {parts[0]}")
    rest = parts[1:]
    found = {"vendor": False, "operating system": False, "environment": False,
             "binary format": False}
    checks = (("vendor", _is_vendor), ("operating system", lambda s: bool(_SYSTEMS.fullmatch(s))),
              ("environment", _ENVIRONMENTS.__contains__),
              ("binary format", _BINARY_FORMATS.__contains__))
    for what, recognised in checks:
        if rest and recognised(rest[0]):
            found[what] = True
            rest = rest[1:]
    if rest:
        missing = next((what for what, present in found.items() if not present), "field")
        raise WasmtimeError(f"Unrecognized {missing}: {rest[0]}")
