"""Opens N connections to a server at once, each sending one small request, and counts the answers.

    python3 bench/burst.py HOST:PORT [N] [PATH]

Used by bench/load.sh for "10,000 tiny requests at once": every request must be answered (any
status), and the server must still answer /health afterwards.
"""
import asyncio
import collections
import sys
import time


async def one(host, port, path, statuses):
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), 60)
        writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n\r\n".encode())
        await writer.drain()
        head = await asyncio.wait_for(reader.readline(), 60)
        parts = head.split()
        statuses[parts[1].decode() if len(parts) > 1 else "no answer"] += 1
        writer.close()
    except Exception as e:  # a refused or reset connection is a result, not a crash
        statuses[type(e).__name__] += 1


async def main():
    host, port = sys.argv[1].rsplit(":", 1)
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
    path = sys.argv[3] if len(sys.argv) > 3 else "/health"
    statuses = collections.Counter()
    start = time.perf_counter()
    await asyncio.gather(*(one(host, int(port), path, statuses) for _ in range(n)))
    took = time.perf_counter() - start
    print(f"burst: {n} concurrent GET {path} in {took:.2f} s: {dict(statuses)}")
    sys.exit(0 if statuses.get("200", 0) == n else 1)


asyncio.run(main())
