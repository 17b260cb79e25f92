"""Run functions at the same moment, in threads released together by a barrier."""

from __future__ import annotations

import threading
from collections.abc import Callable


def run_together(calls: list[Callable[[], object]], timeout: float = 120) -> list[object]:
    """Call every function of ``calls`` in its own thread, all released at once; their
    results (or the exception each raised) in the order of ``calls``.

    Raises
    ------
    TimeoutError
        A call still running after ``timeout`` seconds.
    """
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def run(index: int, call: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=timeout)
            results[index] = call()
        except BaseException as error:  # handed back to the caller
            results[index] = error

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
        if thread.is_alive():
            raise TimeoutError(f"a call still runs after {timeout} s")
    return results
