"""Timing helper shared by the benchmark scripts (run them as ``python benchmarks/X.py``)."""

from __future__ import annotations

import math
import time
from collections.abc import Callable


def best_of(fn: Callable[[], object], repeat: int) -> float:
    """Fastest of ``repeat`` calls of ``fn``, in seconds (the least disturbed by other load)."""
    best = math.inf
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best
