"""Run one command as this process's only child and record its wall time and peak memory.

    python benchmarks/linkage/measure.py RESULT.json [--timeout SECONDS] -- COMMAND [ARGS...]

The command inherits stdout and stderr. When it ends, RESULT.json gets ``returncode``,
``seconds`` (wall clock around the child only), ``peak_mb`` (``ru_maxrss`` of
``RUSAGE_CHILDREN``: the peak resident set of the largest process in the child's tree that was
waited for; this wrapper runs nothing else, so nothing else is counted), CPU seconds and whether
it timed out. The wrapper exits 0 unless it could not record anything.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(
        description="Measure one command's time and peak RSS",
        usage="%(prog)s RESULT.json [--timeout SECONDS] -- COMMAND [ARGS...]",
    )
    parser.add_argument("result", type=Path, help="where to write the JSON measurement")
    parser.add_argument("--timeout", type=float, default=None, help="kill the child after this")
    if "--" not in argv:
        parser.error("give the command after --")
    split = argv.index("--")
    args = parser.parse_args(argv[:split])
    command = argv[split + 1 :]
    if not command:
        parser.error("no command given")

    result: dict[str, object] = {"command": command, "timed_out": False}
    started = time.perf_counter()
    try:
        child = subprocess.Popen(command)
    except OSError as error:
        result.update(returncode=None, error=f"could not start: {error}", seconds=0.0)
        args.result.write_text(json.dumps(result), encoding="utf-8")
        return 0
    try:
        returncode = child.wait(timeout=args.timeout)
    except subprocess.TimeoutExpired:
        child.kill()
        returncode = child.wait()
        result["timed_out"] = True
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    result.update(
        returncode=returncode,
        seconds=round(seconds, 3),
        peak_mb=round(usage.ru_maxrss / 1024, 1),  # Linux reports kilobytes
        cpu_seconds=round(usage.ru_utime + usage.ru_stime, 3),
    )
    args.result.write_text(json.dumps(result), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
