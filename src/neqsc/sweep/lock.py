"""A lock file inside a sweep store, so that two running sweeps never write the same store.

The lock records pid and host. A lock whose process no longer exists on this host was left by a killed sweep and is
taken over; any other lock makes the store refuse to open (the message says which process holds it).
"""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

from neqsc.errors import InvalidParameter

LOCK_NAME = "sweep.lock"


def check_lock(path: Path) -> None:
    """Refuse a store another live sweep is writing; a lock left by a killed sweep (dead pid) is stale."""
    lock = path / LOCK_NAME
    try:
        owner = json.loads(lock.read_text())
    except FileNotFoundError:
        return
    except (OSError, ValueError):
        owner = {}
    host, pid = owner.get("host"), owner.get("pid")
    if host == socket.gethostname() and isinstance(pid, int) and not _alive(pid):
        lock.unlink(missing_ok=True)
        return
    raise InvalidParameter(
        "store",
        str(path),
        "a store no other running sweep is writing",
        hint=f"it is locked by pid {pid} on {host}; if that sweep is no longer running, delete {lock}",
    )


def acquire_lock(path: Path) -> Path:
    import os

    lock = path / LOCK_NAME
    try:
        fd = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
    except FileExistsError:
        check_lock(path)  # raises unless the lock turned out stale
        fd = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
    with os.fdopen(fd, "w") as handle:
        json.dump({"pid": os.getpid(), "host": socket.gethostname()}, handle)
    return lock


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True
