"""Small HTTP proxies on loopback for the server tests: round robin, and one that fails."""

from __future__ import annotations

import asyncio
import itertools
import socket
import threading
from typing import Callable, List


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Proxy:
    """Forwards every request to ``choose()``'s backend; ``mode`` can make it fail instead:
    "forward", "error" (answers 500), "hang" (never answers), "down" (drops the connection)."""

    def __init__(self, choose: Callable[[], str]):
        self.choose = choose
        self.mode = "forward"
        self.received: List[bytes] = []  # every request body, for tests that check payloads
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._ready = threading.Event()
        threading.Thread(target=self._run, daemon=True).start()
        if not self._ready.wait(10):
            raise RuntimeError("proxy did not start")

    def _run(self) -> None:
        from aiohttp import ClientSession, ClientTimeout, web

        async def forward(request):
            if self.mode == "error":
                return web.Response(status=500, text="kapot")
            if self.mode == "hang":
                await asyncio.sleep(3600)
            if self.mode == "down":
                request.transport.close()
                return web.Response(status=503)
            body = await request.read()
            self.received.append(body)
            headers = {"Content-Type": request.headers.get("Content-Type", "application/json")}
            async with (
                ClientSession(timeout=ClientTimeout(total=300)) as session,
                session.request(
                    request.method, self.choose() + request.path_qs, data=body, headers=headers
                ) as response,
            ):
                return web.Response(
                    status=response.status,
                    body=await response.read(),
                    content_type=response.content_type,
                )

        async def start():
            app = web.Application(client_max_size=16 * 1024 * 1024)
            app.router.add_route("*", "/{tail:.*}", forward)
            runner = web.AppRunner(app)
            await runner.setup()
            await web.TCPSite(runner, "127.0.0.1", self.port).start()
            self._ready.set()

        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        loop.run_until_complete(start())
        loop.run_forever()


def round_robin(backends: List[str]) -> Proxy:
    cycle = itertools.cycle(backends)
    return Proxy(lambda: next(cycle))


class TcpProxy:
    """A TCP relay on loopback (e.g. in front of PostgreSQL) that can be cut and restored."""

    def __init__(self, target_host: str, target_port: int):
        self.target = (target_host, target_port)
        self.port = _free_port()
        self.open = True
        self._writers: set = set()
        self._ready = threading.Event()
        self._loop = asyncio.new_event_loop()
        threading.Thread(target=self._run, daemon=True).start()
        if not self._ready.wait(10):
            raise RuntimeError("TCP proxy did not start")

    async def _pipe(self, reader, writer) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            writer.close()

    async def _client(self, reader, writer) -> None:
        if not self.open:
            writer.close()
            return
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.close()
            return
        self._writers.update({writer, upstream_writer})
        await asyncio.gather(
            self._pipe(reader, upstream_writer), self._pipe(upstream_reader, writer)
        )

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._server = self._loop.run_until_complete(
            asyncio.start_server(self._client, "127.0.0.1", self.port)
        )
        self._ready.set()
        self._loop.run_forever()

    def cut(self) -> None:
        """Drop every open connection and refuse new ones."""
        self.open = False

        def close_all():
            for writer in list(self._writers):
                writer.close()
            self._writers.clear()

        self._loop.call_soon_threadsafe(close_all)

    def restore(self) -> None:
        self.open = True
