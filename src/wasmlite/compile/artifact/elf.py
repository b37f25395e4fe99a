"""The ELF64 little-endian container of precompiled artifacts: writing a file
of named sections, and reading one back.

Only what artifacts need is here: an ELF header, ``PROGBITS`` sections and the
section-name string table. The files are relocatable objects (``ET_REL``) with
no segments and no symbols, which ``readelf -S`` lists. The header's OS/ABI
byte and ``e_flags`` say that the file is a wasmlite artifact and whether it
holds a module or a component (see ``docs/artifacts.md``).
"""

from __future__ import annotations

import struct

__all__ = ["ELFOSABI_WASMLITE", "EF_WASMLITE_MODULE", "EF_WASMLITE_COMPONENT", "ElfError",
           "ElfFile", "parse", "write", "machine_for"]

ELFOSABI_WASMLITE = 0xC9
"""OS/ABI byte (``e_ident[EI_OSABI]``) of every wasmlite artifact. Wasmtime's
artifacts use 0xC8, so neither runtime takes the other's files for its own."""

EF_WASMLITE_MODULE = 0x1
"""``e_flags`` of a module artifact."""

EF_WASMLITE_COMPONENT = 0x2
"""``e_flags`` of a component artifact."""

_HEADER = struct.Struct("<16sHHIQQQIHHHHHH")
_SECTION = struct.Struct("<IIQQQQIIQQ")
_ELFMAG = b"\x7fELF"
_ELFCLASS64 = 2
_ELFDATA2LSB = 1
_EV_CURRENT = 1
_ET_REL = 1
_SHT_PROGBITS = 1
_SHT_STRTAB = 3
_SHF_ALLOC = 0x2
_SHF_EXECINSTR = 0x4

_MACHINES = {"x86_64": 62, "aarch64": 183, "riscv64": 243, "s390x": 22, "i686": 3,
             "x86_32": 3, "powerpc64le": 21, "powerpc64": 21, "loongarch64": 258}


def machine_for(architecture: str) -> int:
    """The ``e_machine`` value of an architecture name (0, ``EM_NONE``, when unknown)."""
    return _MACHINES.get(architecture, 0)


class ElfError(Exception):
    """The bytes are not an ELF64 little-endian file this reader can take apart."""


class ElfFile:
    """A parsed artifact: the header fields that mark it, and its sections by name."""

    __slots__ = ("os_abi", "abi_version", "flags", "machine", "_data", "_sections")

    def __init__(self, data: bytes, os_abi: int, abi_version: int, flags: int, machine: int,
                 sections: dict[str, tuple[int, int]]) -> None:
        self._data = data
        self.os_abi = os_abi
        self.abi_version = abi_version
        self.flags = flags
        self.machine = machine
        self._sections = sections

    def section(self, name: str) -> bytes | None:
        """The contents of the section called ``name`` (the last one of that name), or
        ``None`` when there is none."""
        found = self._sections.get(name)
        if found is None:
            return None
        offset, size = found
        return self._data[offset:offset + size]

    def section_names(self) -> list[str]:
        """The names of the file's sections, in order."""
        return list(self._sections)


def parse(data: bytes) -> ElfFile:
    """``data`` parsed as an ELF64 little-endian file; raises :class:`ElfError`
    with the reason when it is not one or its section table does not fit."""
    if len(data) < _HEADER.size:
        raise ElfError("Invalid ELF header size or alignment")
    (ident, _type, machine, _version, _entry, _phoff, shoff, flags, _ehsize, _phentsize,
     _phnum, shentsize, shnum, shstrndx) = _HEADER.unpack_from(data, 0)
    if ident[:4] != _ELFMAG or ident[4] != _ELFCLASS64 or ident[5] != _ELFDATA2LSB \
            or ident[6] != _EV_CURRENT:
        raise ElfError("Unsupported ELF header")
    headers: list[tuple] = []
    if shoff:
        if shentsize != _SECTION.size:
            raise ElfError("Invalid ELF section header entry size")
        if shnum == 0:          # more sections than e_shnum holds: the count is in section 0
            if shoff + _SECTION.size > len(data):
                raise ElfError("Invalid ELF section header offset/size/alignment")
            shnum = _SECTION.unpack_from(data, shoff)[5]
        if shoff % 8 or shoff + shnum * _SECTION.size > len(data):
            raise ElfError("Invalid ELF section header offset/size/alignment")
        headers = [_SECTION.unpack_from(data, shoff + i * _SECTION.size) for i in range(shnum)]
    sections: dict[str, tuple[int, int]] = {}
    if not headers:
        return ElfFile(data, ident[7], ident[8], flags, machine, sections)
    if shstrndx == 0xFFFF:
        shstrndx = headers[0][6]
    if shstrndx >= len(headers):
        raise ElfError("Invalid ELF e_shstrndx")
    strings = _contents(data, headers[shstrndx])
    for header in headers[1:]:
        name_offset = header[0]
        end = strings.find(b"\0", name_offset)
        if name_offset >= len(strings) or end < 0:
            raise ElfError("Invalid ELF section name offset")
        name = strings[name_offset:end].decode("utf-8", "replace")
        if header[1] == 8:      # SHT_NOBITS: no contents in the file
            sections[name] = (0, 0)
            continue
        _contents(data, header)
        sections[name] = (header[4], header[5])
    return ElfFile(data, ident[7], ident[8], flags, machine, sections)


def _contents(data: bytes, header: tuple) -> bytes:
    offset, size = header[4], header[5]
    if offset + size > len(data):
        raise ElfError("Invalid ELF section size or offset")
    return data[offset:offset + size]


def write(sections: list[tuple[str, bytes, bool]], *, flags: int, machine: int) -> bytes:
    """An ELF64 little-endian relocatable file holding ``sections`` (name, contents,
    whether it is machine code) in order, marked with wasmlite's OS/ABI byte and
    ``flags``. The same input always gives the same bytes."""
    names = bytearray(b"\0")
    name_offsets = []
    for name, _, _ in sections:
        name_offsets.append(len(names))
        names += name.encode() + b"\0"
    shstrtab_name = len(names)
    names += b".shstrtab\0"
    body = bytearray(_HEADER.size)
    entries = [bytes(_SECTION.size)]                    # section 0 is always empty
    for (name, contents, code), name_offset in zip(sections, name_offsets):
        align = 16 if code else 8
        body += bytes(-len(body) % align)
        entries.append(_SECTION.pack(name_offset, _SHT_PROGBITS,
                                     _SHF_ALLOC | (_SHF_EXECINSTR if code else 0), 0, len(body),
                                     len(contents), 0, 0, align, 0))
        body += contents
    entries.append(_SECTION.pack(shstrtab_name, _SHT_STRTAB, 0, 0, len(body), len(names),
                                 0, 0, 1, 0))
    body += names
    body += bytes(-len(body) % 8)
    shoff = len(body)
    for entry in entries:
        body += entry
    ident = _ELFMAG + bytes((_ELFCLASS64, _ELFDATA2LSB, _EV_CURRENT, ELFOSABI_WASMLITE, 0)) \
        + bytes(7)
    _HEADER.pack_into(body, 0, ident, _ET_REL, machine, _EV_CURRENT, 0, 0, shoff, flags,
                      _HEADER.size, 0, 0, _SECTION.size, len(entries), len(entries) - 1)
    return bytes(body)
