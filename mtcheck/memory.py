"""Freed memory back to the operating system, so a long run's resident size follows what it holds."""

from __future__ import annotations

import ctypes
import functools
import sys


def give_back_freed_memory() -> None:
    """Hand memory freed since the last call back to the operating system (glibc; elsewhere nothing).

    A group's tensors and vectors are freed once its similarities are known,
    but glibc keeps freed pages in its arenas (torch's threads each have
    one), fragmented by what the run still holds: without this the resident
    size creeps up group after group although nothing more is held.
    """
    libc = _glibc()
    if libc is not None:
        libc.malloc_trim(0)


@functools.cache
def _glibc():
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.malloc_trim  # noqa: B018 - musl and others lack it
    except (OSError, AttributeError):
        return None
    return libc
