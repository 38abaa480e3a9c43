"""Run a function over batches in worker processes: results in input order, few batches in flight.

The analyzer is pure Python under the GIL, so threads do not help; processes
do, one per core. Workers are forked where the platform allows (the loaded
model is shared copy-on-write, nothing is pickled to start them), spawned
elsewhere. At most `2 * processes` batches are read ahead, so a stream of a
million articles does not land in memory at once.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.pool import AsyncResult
from typing import Any, TypeVar

Batch = TypeVar("Batch")
Result = TypeVar("Result")

_job: Callable[[Any], Any] | None = None  # the worker's function, set once per worker process


def map_ordered(job: Callable[[Batch], Result], batches: Iterable[Batch], processes: int) -> Iterator[Result]:
    """`map(job, batches)` over `processes` worker processes, lazily and in order.

    `job` goes to each worker once, not with every batch. An error while reading `batches` is raised after
    the results of the batches read before it, as a plain loop would; an error in `job` is raised where its
    batch's result would come.
    """
    if processes < 1:
        raise ValueError(f"processes must be 1 or more, got {processes}")
    batches = iter(batches)
    if processes == 1:
        yield from map(job, batches)
        return
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    with context.Pool(processes, initializer=_start_worker, initargs=(job,)) as pool:
        pending: deque[AsyncResult[Result]] = deque()
        failure: Exception | None = None
        while True:
            try:
                batch = next(batches)
            except StopIteration:
                break
            except Exception as exc:  # a bad input: first hand out what was read before it
                failure = exc
                break
            pending.append(pool.apply_async(_run, (batch,)))
            if len(pending) >= 2 * processes:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()
        if failure is not None:
            raise failure


def _start_worker(job: Callable[[Any], Any]) -> None:
    global _job
    _job = job


def _run(batch: Any) -> Any:
    assert _job is not None, "worker started without a job"
    return _job(batch)
