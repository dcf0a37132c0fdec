"""Run every benchmark module (or those named) and print its figures against its targets.

Each module in this package has `run() -> list[str]`: the lines to print. Usage:
`python -m benchmarks [NAME ...]`, e.g. `python -m benchmarks engine`.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time
from pathlib import Path


def main(names: list[str]) -> int:
    available = sorted(
        m.name
        for m in pkgutil.iter_modules([str(Path(__file__).parent)])
        if not m.name.startswith("_")
    )
    unknown = [n for n in names if n not in available]
    if unknown:
        print(f"no benchmark named {', '.join(unknown)}; there are: {', '.join(available)}")
        return 2
    for name in names or available:
        started = time.perf_counter()
        print(f"== {name}")
        for line in importlib.import_module(f"benchmarks.{name}").run():
            print(f"   {line}")
        print(f"   ({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
