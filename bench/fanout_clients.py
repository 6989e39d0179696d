"""The fan-out bench's client sockets, in a process of their own: their CPU is not the gateway's.

Reads a JSON plan from stdin (`{"url", "sockets": [[interview_id, token, count], ...]}`), opens
every socket, prints `ready <open> <refused>`, then reads frames until stdin says `stop`, and
prints one JSON line: frames received, their latencies from the publish time in each event's
`data.published_at` (same machine, same clock) and how the sockets were closed.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections import Counter
from typing import Any

import aiohttp

OPEN_AT_ONCE = 64  # handshakes in flight: the gateway asks practice about each one


class Tally:
    def __init__(self) -> None:
        self.latencies_ms: list[float] = []
        self.received = 0
        self.closes: Counter[str] = Counter()
        self.open = 0
        self.refused: Counter[str] = Counter()


async def one_socket(
    session: aiohttp.ClientSession,
    url: str,
    token: str,
    tally: Tally,
    gate: asyncio.Semaphore,
    opened: asyncio.Event,
) -> None:
    async with gate:
        try:
            ws = await session.ws_connect(
                url, protocols=("bearer", token), compress=15
            )  # as browsers offer
        except aiohttp.WSServerHandshakeError as exc:
            tally.refused[str(exc.status)] += 1
            return
        except (aiohttp.ClientError, OSError, TimeoutError) as exc:
            tally.refused[type(exc).__name__] += 1
            return
    tally.open += 1
    opened.set()
    try:
        async for message in ws:
            if message.type is aiohttp.WSMsgType.TEXT:
                now = time.time()
                frame = json.loads(message.data)
                published = frame.get("data", {}).get("published_at")
                if published is not None:
                    tally.received += 1
                    tally.latencies_ms.append((now - float(published)) * 1000)
            elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.ERROR):
                break
    except asyncio.CancelledError:
        await ws.close()
        raise
    finally:
        tally.open -= 1
    if ws.close_code is not None and ws.close_code != 1000:
        tally.closes[str(ws.close_code)] += 1


async def main() -> None:
    plan: dict[str, Any] = json.loads(sys.stdin.readline())
    tally = Tally()
    gate = asyncio.Semaphore(OPEN_AT_ONCE)
    opened = asyncio.Event()
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as session:
        tasks = [
            asyncio.create_task(
                one_socket(session, plan["url"].format(id=interview_id), token, tally, gate, opened)
            )
            for interview_id, token, count in plan["sockets"]
            for _ in range(count)
        ]
        total = len(tasks)
        while tally.open + sum(tally.refused.values()) < total:
            await asyncio.sleep(0.05)
        print(f"ready {tally.open} {sum(tally.refused.values())}", flush=True)
        loop = asyncio.get_running_loop()
        reader = asyncio.StreamReader()
        await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
        while (await reader.readline()).strip() not in (b"stop", b""):
            pass
        still_open = tally.open
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    result = {
        "received": tally.received,
        "latencies_ms": [round(v, 3) for v in tally.latencies_ms],
        "still_open": still_open,
        "closes": dict(tally.closes),
        "refused": dict(tally.refused),
    }
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    asyncio.run(main())
