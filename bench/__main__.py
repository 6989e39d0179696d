"""`make bench`: every benchmark section, then docs/benchmarks.md from the results."""

from __future__ import annotations

import asyncio

from bench import fanout, gateway, sandbox
from bench.report import write_doc


def main() -> None:
    print("sandbox and judge (issue: evaluation)")
    asyncio.run(sandbox.run())
    print("gateway (issue: identity and gateway)")
    asyncio.run(gateway.run())
    print("interview fan-out (issue: mock interviews)")
    fanout.run()
    write_doc()
    print("results: bench/results/*.json, docs/benchmarks.md")


if __name__ == "__main__":
    main()
