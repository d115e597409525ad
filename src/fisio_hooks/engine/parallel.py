"""Checking many files on every core, for whole-tree runs.

Files are sent to worker processes in chunks, and the outcomes come back
in the order of the files, so output is the same as a serial run's.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

from fisio_hooks.engine.jobs import FileJob, FileOutcome, process_file
from fisio_hooks.engine.runner import Selection

# Files per task: large enough that sending a task costs little next to
# parsing its files, small enough that both workers finish together.
CHUNK_SIZE = 16


def _process_chunk(
    chunk: list[FileJob], selection: Selection, mode: str
) -> list[FileOutcome]:
    return [process_file(job, selection, mode) for job in chunk]


def process_in_pool(
    files: list[FileJob], selection: Selection, mode: str
) -> list[FileOutcome]:
    chunks = [
        files[start : start + CHUNK_SIZE] for start in range(0, len(files), CHUNK_SIZE)
    ]
    # fork reuses the modules this process already imported. Where it
    # is not available, the platform's default start method is used.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    workers = min(os.cpu_count() or 1, len(chunks))
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        results = pool.map(
            _process_chunk,
            chunks,
            [selection] * len(chunks),
            [mode] * len(chunks),
        )
        return [outcome for chunk in results for outcome in chunk]
