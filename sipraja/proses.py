"""How many worker processes the parallel stages use, and how they start them.

Every parallel stage (load, render, the write stage beside Pagefind, serve's
list pages) shares the catalogue with its workers by forking: the model is
never pickled. Where there is no fork (Windows), each runs in one process.
"""
from __future__ import annotations

import multiprocessing
import os


def jumlah_proses() -> int:
    """Workers for a parallel stage: the CPUs this process may use, or SIPRAJA_PROSES."""
    if os.environ.get("SIPRAJA_PROSES"):
        return max(1, int(os.environ["SIPRAJA_PROSES"]))
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def konteks_fork():
    """The "fork" multiprocessing context, or None where the platform has none."""
    return multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
