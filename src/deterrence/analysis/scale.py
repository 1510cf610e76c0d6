"""Runs too large to keep: streamed summaries in bounded memory, on threads or Dask.

:func:`run_summary` evaluates a run block by block (see :mod:`deterrence.sampling`) and
keeps only each block's summary: counts per histogram bin (integers, so their sums do not
depend on order), smallest and largest values, and per-block means and squared
deviations, combined at the end by the exact parallel formulas (Chan, Golub & LeVeque
1983). Blocks are grouped into chunks for the workers; the numbers are the same whatever
the chunk size, the number of workers or the backend: threads on this machine, or a Dask
cluster (a local one by default, or the scheduler at ``scheduler``), to which the scenario
travels as its YAML text.

References
----------
.. [1] Chan, T. F., Golub, G. H. & LeVeque, R. J. (1983). Algorithms for computing the
   sample variance: analysis and recommendations. The American Statistician 37(3),
   242-247.
.. [2] Rocklin, M. (2015). Dask: parallel computation with blocked algorithms and task
   scheduling. Proceedings of the 14th Python in Science Conference, 130-136.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache
from types import MappingProxyType
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from .._version import __version__
from ..errors import DeterrenceError
from ..model import Model
from ..results import RunSummary, StreamStats, histogram_edges, parallel_map
from ..sampling import BLOCK_SIZE, Design, block_spans
from ..scenario import Scenario, dump_scenario, parse_scenario
from ..simulation import Blocks, Progress, new_seed, resolve_workers

__all__ = ["MAX_STREAM_SAMPLES", "Backend", "run_summary"]

Array = NDArray[np.float64]
Backend = Literal["threads", "dask"]
MAX_STREAM_SAMPLES = 10**12
_Chunk = dict[str, Any]  # arrays, and "counts": one array per series (own bin count)


def _series(blocks: Blocks, block: int, size: int) -> tuple[list[Array], Any]:
    """Each option's net values and each outcome of one block, and its evaluation."""
    ev = blocks.evaluate(block, size)
    model = blocks.model
    series = [np.broadcast_to(ev.net[o], (size,)) for o in model.options]
    series += [np.broadcast_to(ev.quantities[n], (size,)) for n in model.scenario.outcomes]
    return series, ev


def _block(blocks: Blocks, block: int, size: int, edges: Sequence[Array]) -> _Chunk:
    """The summary of one block (plain arrays)."""
    series, ev = _series(blocks, block, size)
    stats = [StreamStats.of(v, e) for v, e in zip(series, edges, strict=True)]
    k = len(blocks.model.options)
    best = np.bincount(np.argmax(np.stack(series[:k]), axis=0), minlength=k)
    return {
        "moments": np.array([[s.n, s.mean, s.m2] for s in stats], dtype=np.float64)[None],
        "lo": np.array([s.lo for s in stats]), "hi": np.array([s.hi for s in stats]),
        "nan": np.array([s.nan for s in stats], dtype=np.int64),
        "counts": [s.counts for s in stats],
        "best": best.astype(np.int64),
        "terms": np.array([[np.broadcast_to(v, (size,)).sum() for v in ev.terms.values()]]),
        "flags": blocks.flags(ev),
    }


def _join(a: _Chunk, b: _Chunk) -> _Chunk:
    """Two consecutive summaries as one (per-block rows kept, in order)."""
    return {
        "moments": np.concatenate([a["moments"], b["moments"]]),
        "lo": np.minimum(a["lo"], b["lo"]), "hi": np.maximum(a["hi"], b["hi"]),
        "nan": a["nan"] + b["nan"],
        "counts": [x + y for x, y in zip(a["counts"], b["counts"], strict=True)],
        "best": a["best"] + b["best"], "terms": np.concatenate([a["terms"], b["terms"]]),
        "flags": a["flags"] | b["flags"],
    }


def _chunk(blocks: Blocks, jobs: Sequence[tuple[int, int]], edges: Sequence[Array]) -> _Chunk:
    out = _block(blocks, jobs[0][0], jobs[0][1], edges)
    for block, size in jobs[1:]:
        out = _join(out, _block(blocks, block, size, edges))
    return out


def _final(moments: Array, lo: Array, hi: Array, nan: NDArray[np.int64],
           counts: Sequence[NDArray[np.int64]]) -> list[StreamStats]:
    """Exact parallel combination of per-block means and squared deviations [1]_."""
    n, means, m2 = moments[:, :, 0], moments[:, :, 1], moments[:, :, 2]
    total = n.sum(axis=0)
    mean = (n * means).sum(axis=0) / total
    spread = m2.sum(axis=0) + (n * np.square(means - mean)).sum(axis=0)
    return [StreamStats(int(total[j]), float(mean[j]), float(spread[j]), float(lo[j]),
                        float(hi[j]), int(nan[j]), counts[j]) for j in range(total.size)]


def _jobs(samples: int, chunk_size: int) -> list[list[tuple[int, int]]]:
    per = max(1, chunk_size // BLOCK_SIZE)
    spans = [(b, stop - start) for b, (start, stop) in enumerate(block_spans(samples))]
    return [spans[i:i + per] for i in range(0, len(spans), per)]


def run_summary(
    scenario: Scenario | Model,
    *,
    samples: int,
    seed: int | None = None,
    perspective: str | None = None,
    overrides: Mapping[str, str | float] | None = None,
    design: Design = "monte-carlo",
    workers: int | None = None,
    chunk_size: int = 4 * BLOCK_SIZE,
    backend: Backend = "threads",
    scheduler: str | None = None,
    progress: Progress | None = None,
) -> RunSummary:
    """Run ``samples`` draws in bounded memory and keep their summaries.

    Parameters
    ----------
    samples
        Number of draws (up to :data:`MAX_STREAM_SAMPLES`).
    seed, perspective, overrides, design
        As for :func:`deterrence.run`; the draws are the same as a run's.
    workers
        Threads (``backend="threads"``) or local Dask worker processes; default all cores.
    chunk_size
        Draws per task, rounded down to whole blocks (at least one).
    backend, scheduler
        ``"threads"``, or ``"dask"``: a local cluster, or the Dask scheduler at address
        ``scheduler`` (e.g. ``"tcp://10.0.0.5:8786"``). Needs ``pip install
        'deterrence[dask]'``.
    progress
        Called with the number of draws finished after each chunk.
    """
    if isinstance(samples, bool) or not isinstance(samples, int) or not (
            1 <= samples <= MAX_STREAM_SAMPLES):
        raise DeterrenceError(f"samples must be between 1 and {MAX_STREAM_SAMPLES:,}")
    if isinstance(scenario, Model):
        if perspective is not None or overrides:
            raise DeterrenceError("give a perspective or overrides with a Scenario, not a Model")
        model = scenario
    else:
        model = Model.compile(scenario, perspective=perspective, overrides=overrides)
    seed = new_seed() if seed is None else seed
    blocks = Blocks.of(model, seed, design)
    threads = resolve_workers(workers)
    pilot, _ = _series(blocks, 0, min(BLOCK_SIZE, samples))
    edges = [histogram_edges(v) for v in pilot]
    jobs = _jobs(samples, chunk_size)
    if backend == "threads":
        parts = _threads(blocks, jobs, edges, threads, progress)
    elif backend == "dask":
        parts = _dask(model, blocks, jobs, edges, threads, scheduler, progress)
    else:
        raise DeterrenceError(f"unknown backend {backend!r}; use threads or dask")
    total = _fold(parts)
    return _summary(blocks, samples, total, edges)


def _fold(parts: Iterator[_Chunk]) -> _Chunk:
    total = next(parts)
    for part in parts:
        total = _join(total, part)
    return total


def _threads(blocks: Blocks, jobs: list[list[tuple[int, int]]], edges: Sequence[Array],
             workers: int, progress: Progress | None) -> Iterator[_Chunk]:
    wave = 2 * workers  # chunks in flight: bounds memory
    for i in range(0, len(jobs), wave):
        for job, part in zip(jobs[i:i + wave], parallel_map(
                lambda j: _chunk(blocks, j, edges), jobs[i:i + wave], workers), strict=True):
            if progress is not None:
                progress(sum(size for _, size in job))
            yield part


def _summary(blocks: Blocks, samples: int, total: _Chunk, edges: Sequence[Array]) -> RunSummary:
    model = blocks.model
    stats = _final(total["moments"], total["lo"], total["hi"], total["nan"], total["counts"])
    k = len(model.options)
    names = [f"option:{o}" for o in model.options] + [f"q:{n}" for n in model.scenario.outcomes]
    term_means = total["terms"].sum(axis=0) / samples
    return RunSummary(
        scenario_id=model.scenario.id, scenario_hash=model.scenario.content_hash(),
        version=__version__, seed=blocks.seed, samples=samples,
        perspective=model.perspective, overrides=model.overrides, options=model.options,
        option_stats=MappingProxyType(dict(zip(model.options, stats[:k], strict=True))),
        quantity_stats=MappingProxyType(dict(zip(model.scenario.outcomes, stats[k:],
                                                 strict=True))),
        edges=MappingProxyType(dict(zip(names, edges, strict=True))),
        best_counts=MappingProxyType({o: int(c) for o, c in zip(model.options, total["best"],
                                                                 strict=True)}),
        term_means=MappingProxyType({(t.option, t.id): float(m)
                                     for t, m in zip(model.terms, term_means, strict=True)}),
        warnings=blocks.flag_names(np.asarray(total["flags"], dtype=bool)),
        design=blocks.design,
    )


# ---------------------------------------------------------------- Dask


@lru_cache(maxsize=8)
def _compiled(text: str, perspective: str | None, overrides: tuple[tuple[str, str], ...],
              seed: int, design: str) -> Blocks:
    model = Model.compile(parse_scenario(text, name="<dask task>"), perspective=perspective,
                          overrides=dict(overrides))
    return Blocks.of(model, seed, design)  # type: ignore[arg-type]


def dask_chunk(text: str, perspective: str | None, overrides: tuple[tuple[str, str], ...],
               seed: int, design: str, jobs: list[tuple[int, int]],
               edges: list[Array]) -> _Chunk:
    """One Dask task: the summary of some blocks (the scenario arrives as YAML text)."""
    return _chunk(_compiled(text, perspective, overrides, seed, design), jobs, edges)


def _dask(model: Model, blocks: Blocks, jobs: list[list[tuple[int, int]]],
          edges: Sequence[Array], workers: int, scheduler: str | None,
          progress: Progress | None) -> Iterator[_Chunk]:
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise DeterrenceError("the dask backend needs Dask: pip install "
                              "'deterrence[dask]'") from None
    text = dump_scenario(model.scenario)
    overrides = tuple(sorted(model.overrides.items()))
    cluster = None if scheduler is not None else LocalCluster(  # type: ignore[no-untyped-call]
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
    try:
        with Client(scheduler if cluster is None else cluster) as client:  # type: ignore[no-untyped-call]
            edge_list = client.scatter(list(edges), broadcast=True)

            def submit(job: list[tuple[int, int]]) -> Any:
                return client.submit(dask_chunk, text, model.perspective, overrides,
                                     blocks.seed, blocks.design, job, edge_list, pure=False)

            window = max(2 * workers, 4)  # tasks in flight: bounds memory
            pending = deque(submit(job) for job in jobs[:window])
            for i, job in enumerate(jobs):
                part = pending.popleft().result()
                if i + window < len(jobs):
                    pending.append(submit(jobs[i + window]))
                if progress is not None:
                    progress(sum(size for _, size in job))
                yield part
    finally:
        if cluster is not None:
            cluster.close()
