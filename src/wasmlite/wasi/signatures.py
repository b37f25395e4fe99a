"""The import signatures of wasi_snapshot_preview1: parameter and result value types."""

from __future__ import annotations

MODULE = "wasi_snapshot_preview1"
"""The import module name every preview 1 function is defined under."""

_I, _L = "i32", "i64"

SIGNATURES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "args_get": ((_I, _I), (_I,)),
    "args_sizes_get": ((_I, _I), (_I,)),
    "environ_get": ((_I, _I), (_I,)),
    "environ_sizes_get": ((_I, _I), (_I,)),
    "clock_res_get": ((_I, _I), (_I,)),
    "clock_time_get": ((_I, _L, _I), (_I,)),
    "fd_advise": ((_I, _L, _L, _I), (_I,)),
    "fd_allocate": ((_I, _L, _L), (_I,)),
    "fd_close": ((_I,), (_I,)),
    "fd_datasync": ((_I,), (_I,)),
    "fd_fdstat_get": ((_I, _I), (_I,)),
    "fd_fdstat_set_flags": ((_I, _I), (_I,)),
    "fd_fdstat_set_rights": ((_I, _L, _L), (_I,)),
    "fd_filestat_get": ((_I, _I), (_I,)),
    "fd_filestat_set_size": ((_I, _L), (_I,)),
    "fd_filestat_set_times": ((_I, _L, _L, _I), (_I,)),
    "fd_pread": ((_I, _I, _I, _L, _I), (_I,)),
    "fd_prestat_get": ((_I, _I), (_I,)),
    "fd_prestat_dir_name": ((_I, _I, _I), (_I,)),
    "fd_pwrite": ((_I, _I, _I, _L, _I), (_I,)),
    "fd_read": ((_I, _I, _I, _I), (_I,)),
    "fd_readdir": ((_I, _I, _I, _L, _I), (_I,)),
    "fd_renumber": ((_I, _I), (_I,)),
    "fd_seek": ((_I, _L, _I, _I), (_I,)),
    "fd_sync": ((_I,), (_I,)),
    "fd_tell": ((_I, _I), (_I,)),
    "fd_write": ((_I, _I, _I, _I), (_I,)),
    "path_create_directory": ((_I, _I, _I), (_I,)),
    "path_filestat_get": ((_I, _I, _I, _I, _I), (_I,)),
    "path_filestat_set_times": ((_I, _I, _I, _I, _L, _L, _I), (_I,)),
    "path_link": ((_I, _I, _I, _I, _I, _I, _I), (_I,)),
    "path_open": ((_I, _I, _I, _I, _I, _L, _L, _I, _I), (_I,)),
    "path_readlink": ((_I, _I, _I, _I, _I, _I), (_I,)),
    "path_remove_directory": ((_I, _I, _I), (_I,)),
    "path_rename": ((_I, _I, _I, _I, _I, _I), (_I,)),
    "path_symlink": ((_I, _I, _I, _I, _I), (_I,)),
    "path_unlink_file": ((_I, _I, _I), (_I,)),
    "poll_oneoff": ((_I, _I, _I, _I), (_I,)),
    "proc_exit": ((_I,), ()),
    "proc_raise": ((_I,), (_I,)),
    "sched_yield": ((), (_I,)),
    "random_get": ((_I, _I), (_I,)),
    "sock_accept": ((_I, _I, _I), (_I,)),
    "sock_recv": ((_I, _I, _I, _I, _I, _I), (_I,)),
    "sock_send": ((_I, _I, _I, _I, _I), (_I,)),
    "sock_shutdown": ((_I, _I), (_I,)),
}
