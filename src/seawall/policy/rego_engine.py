"""The parent side of the Rego worker (``rego_worker``): compile once, evaluate in batches, and
turn an overrun or a crash into a result instead of a hang.

rego-cpp cannot be interrupted, so the watchdog is a child process: each request has a deadline
and a worker that misses it (or dies) is killed; the compiled policies are replayed into a fresh
worker, and the batch is retried one input at a time so only the input that overruns is
reported. The worker gets an empty environment (``opa.runtime()`` shows the environment to a
policy) and no network builtins exist in rego-cpp (``http.send``, ``net.lookup_ip_addr``).
"""

from __future__ import annotations

import json
import os
import selectors
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.util import find_spec
from typing import Any

DEFAULT_TIME_LIMIT = 3.0
BATCH = 64
INSTALL_HINT = "pip install 'seawall[rego]'"


def engine_available() -> bool:
    """Whether ``regopy`` is importable, found without loading it (the worker loads it)."""
    try:
        return find_spec("regopy") is not None
    except (ImportError, ValueError):
        return False


class EngineFailure(Exception):
    """The worker overran its deadline (``timeout``) or died."""

    def __init__(self, message: str, *, timeout: bool) -> None:
        super().__init__(message)
        self.timeout = timeout


@dataclass(frozen=True, slots=True)
class CompileResult:
    ok: bool
    error: str = ""
    module: str | None = None
    offset: int | None = None


class RegoEngine:
    """One worker process; use as a context manager so it is always reaped."""

    # the module run as the worker (tests substitute one that misbehaves)
    worker_module = "seawall.policy.rego_worker"

    def __init__(self, time_limit: float = DEFAULT_TIME_LIMIT) -> None:
        self.time_limit = time_limit
        self._process: subprocess.Popen[bytes] | None = None
        self._compiled: dict[str, dict[str, Any]] = {}

    def __enter__(self) -> RegoEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        if process.stdin:
            process.stdin.close()
        try:
            process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout:
            process.stdout.close()

    def _kill(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            process.kill()
            process.wait()
            for stream in (process.stdin, process.stdout):
                if stream:
                    stream.close()

    def _start(self) -> subprocess.Popen[bytes]:
        if self._process is not None and self._process.poll() is None:
            return self._process
        # only what Python needs to find seawall and regopy: no secrets for opa.runtime()
        env = {"PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
        self._process = subprocess.Popen(
            [sys.executable, "-m", self.worker_module],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        for request in self._compiled.values():
            self._request(request, max(self.time_limit, 30.0))
        return self._process

    def _request(self, request: dict[str, Any], deadline: float) -> dict[str, Any]:
        process = self._process
        assert process is not None and process.stdin is not None and process.stdout is not None
        try:
            process.stdin.write(_encode(request))
            process.stdin.flush()
        except OSError:
            self._kill()
            raise EngineFailure("the Rego engine stopped", timeout=False) from None
        line = _read_line(process.stdout, deadline)
        if not line:
            self._kill()
            if line == b"":  # end of output: the worker died
                raise EngineFailure("the Rego engine crashed", timeout=False)
            raise EngineFailure(f"evaluation exceeded the {deadline:g}s time limit", timeout=True)
        reply: dict[str, Any] = json.loads(line)
        return reply

    def compile(
        self, key: str, modules: Sequence[tuple[str, str]], entrypoint: str, data: Any = None
    ) -> CompileResult:
        request = {
            "op": "compile",
            "key": key,
            "modules": [list(m) for m in modules],
            "entrypoint": entrypoint,
            "data": data,
        }
        self._start()
        try:
            # compiling with a large inventory takes a while: allow more than one evaluation
            reply = self._request(request, max(self.time_limit, 30.0))
        except EngineFailure as failure:
            return CompileResult(False, str(failure))
        if reply.get("ok"):
            self._compiled[key] = request
            return CompileResult(True)
        return CompileResult(
            False, str(reply.get("error")), reply.get("module"), reply.get("offset")
        )

    def evaluate(self, items: Sequence[tuple[Any, Sequence[str]]]) -> list[dict[str, Any]]:
        """For each (input, keys): ``{key: result}`` with ``{"violations": ...}`` or
        ``{"error": ..., "timeout": bool}`` per compiled policy named."""
        results: list[dict[str, Any]] = []
        for start in range(0, len(items), BATCH):
            batch = [
                {"input": value, "keys": list(keys)} for value, keys in items[start : start + BATCH]
            ]
            try:
                results.extend(self._eval(batch, self.time_limit + 0.05 * len(batch)))
            except EngineFailure:
                # find the input that overran or crashed: one at a time, each with the limit
                for item in batch:
                    try:
                        results.extend(self._eval([item], self.time_limit))
                    except EngineFailure as failure:
                        error = {"error": str(failure), "timeout": failure.timeout}
                        results.append({key: error for key in item["keys"]})
        return results

    def _eval(self, batch: list[dict[str, Any]], deadline: float) -> list[dict[str, Any]]:
        self._start()
        reply = self._request({"op": "eval", "items": batch}, deadline)
        if not reply.get("ok"):
            return [{key: {"error": str(reply.get("error"))} for key in i["keys"]} for i in batch]
        results: list[dict[str, Any]] = reply["results"]
        return results


def _encode(request: dict[str, Any]) -> bytes:
    return json.dumps(request, default=str, separators=(",", ":")).encode() + b"\n"


def _read_line(stream: Any, deadline: float) -> bytes | None:
    """One line from ``stream`` within ``deadline`` seconds; ``b""`` when the stream ends (the
    worker died), None when the deadline passes."""
    chosen = selectors.DefaultSelector()
    chosen.register(stream, selectors.EVENT_READ)
    end = time.monotonic() + deadline
    buffer = b""
    fd = stream.fileno()
    try:
        while True:
            left = end - time.monotonic()
            if left <= 0 or not chosen.select(left):
                return None
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                return b""
            buffer += chunk
            if buffer.endswith(b"\n"):
                return buffer
    finally:
        chosen.close()


def default_workers(items: int) -> int:
    """Worker processes for ``items`` inputs: one for small scans (a worker costs a process
    start and a compile of every template), else one per core, at most 4."""
    if items < 400:
        return 1
    return max(1, min(4, os.cpu_count() or 1))


class RegoPool:
    """Several workers evaluating disjoint slices of the inputs at once; each compiles every
    template (compiling is per process). Threads only wait on pipes: the work is in the
    worker processes, so the GIL is no bottleneck."""

    def __init__(self, time_limit: float = DEFAULT_TIME_LIMIT, workers: int = 1) -> None:
        self.engines = [RegoEngine(time_limit) for _ in range(max(1, workers))]

    def __enter__(self) -> RegoPool:
        return self

    def __exit__(self, *exc: object) -> None:
        for engine in self.engines:
            engine.close()

    def compile(
        self, key: str, modules: Sequence[tuple[str, str]], entrypoint: str, data: Any = None
    ) -> CompileResult:
        if len(self.engines) == 1:
            return self.engines[0].compile(key, modules, entrypoint, data)
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(len(self.engines)) as pool:
            results = list(
                pool.map(lambda e: e.compile(key, modules, entrypoint, data), self.engines)
            )
        failed: list[CompileResult] = [r for r in results if not r.ok]
        first: CompileResult = failed[0] if failed else results[0]
        return first

    def evaluate(self, items: Sequence[tuple[Any, Sequence[str]]]) -> list[dict[str, Any]]:
        """Like ``RegoEngine.evaluate``; each worker takes the next batch when it is done with
        one, so a worker whose slice holds the costly inputs (a referential template's kind)
        does not leave the other idle at the end."""
        if len(self.engines) == 1 or len(items) <= BATCH:
            return self.engines[0].evaluate(items)
        from concurrent.futures import ThreadPoolExecutor

        batches = [items[i : i + BATCH] for i in range(0, len(items), BATCH)]
        parts: list[list[dict[str, Any]]] = [[] for _ in batches]
        taken = iter(range(len(batches)))
        lock = threading.Lock()

        def work(engine: RegoEngine) -> None:
            while True:
                with lock:
                    index = next(taken, None)
                if index is None:
                    return
                parts[index] = engine.evaluate(batches[index])

        with ThreadPoolExecutor(len(self.engines)) as pool:
            for done in [pool.submit(work, engine) for engine in self.engines]:
                done.result()
        return [result for part in parts for result in part]
