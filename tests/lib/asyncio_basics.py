# CPython's asyncio on Heron: tasks, gather, wait_for timeouts, queues, and streams over
# loopback (the selector event loop over select.poll and _socket).
import asyncio


async def work(n):
    await asyncio.sleep(0.005 * n)
    return n * 2


async def echo(reader, writer):
    data = await reader.readline()
    writer.write(data.upper())
    await writer.drain()
    writer.close()
    await writer.wait_closed()


async def main():
    print(await asyncio.gather(*(work(i) for i in range(5))))
    try:
        await asyncio.wait_for(asyncio.sleep(1), 0.05)
    except asyncio.TimeoutError:
        print("timed out")
    q = asyncio.Queue()
    for i in range(3):
        q.put_nowait(i)
    print([await q.get() for _ in range(3)], q.empty())
    server = await asyncio.start_server(echo, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"hello heron\n")
    print(await reader.readline())
    writer.close()
    await writer.wait_closed()
    server.close()
    await server.wait_closed()
    task = asyncio.create_task(asyncio.sleep(10))
    await asyncio.sleep(0)
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        print("cancelled", task.cancelled())


asyncio.run(main())
