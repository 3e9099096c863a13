"""The Rego evaluation worker: a child process that owns the ``regopy`` interpreters.

Run as ``python -m seawall.policy.rego_worker``; reads one JSON request per line on stdin and
writes one JSON reply per line on stdout. It lives in its own process because rego-cpp has no
time limit and aborts the whole process on some inputs (``with`` statements crash 1.5.2): the
parent kills a worker that overruns its deadline or dies and turns that into a finding.

Requests:
- ``{"op": "compile", "key": K, "modules": [[name, text], ...], "data": {...} | null,
  "entrypoint": "pkg/violation"}`` → ``{"ok": true}`` or ``{"ok": false, "error": ..., "module":
  name | null, "offset": int | null}``
- ``{"op": "eval", "items": [{"input": {...}, "keys": [K, ...]}, ...]}`` → ``{"ok": true,
  "results": [{K: R, ...}, ...]}``: the input is set once per item (setting it is the costly
  part) and each compiled policy named is queried; ``R`` is ``{"violations": V}`` (what the
  entrypoint gives) or ``{"error": ...}``
"""

from __future__ import annotations

import json
import os
import re
import sys
from typing import Any

_ERROR_MESSAGE = re.compile(r"\(errormsg \d+:([^\n]*)\)")
_ERROR_PLACE = re.compile(r"\(error \d+:([^|\s]+)\|(\d+)\|")
_PLAIN_PLACE = re.compile(r"-- ([^\s:]+):(\d+):(\d+)")


def error_details(text: str, modules: dict[str, str] | None = None) -> dict[str, Any]:
    """The first message and place of a rego-cpp error: an AST dump (``(errormsg N:...)``,
    ``(error N:module|offset|length``) or the printed report (``Errors:``, the message, then
    ``-- module:line:column``)."""
    message = _ERROR_MESSAGE.search(text)
    place = _ERROR_PLACE.search(text)
    if message:
        return {
            "error": message.group(1).strip(),
            "module": place.group(1) if place else None,
            "offset": int(place.group(2)) if place else None,
        }
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    if lines and lines[0] == "Errors:":
        lines = lines[1:]
    plain = _PLAIN_PLACE.search(text)
    offset = None
    if plain and modules and plain.group(1) in modules:
        source = modules[plain.group(1)].split("\n")
        line, column = int(plain.group(2)), int(plain.group(3))
        if 0 < line <= len(source):
            offset = sum(len(x) + 1 for x in source[: line - 1]) + column - 1
    return {
        "error": lines[0][:300] if lines else "the policy did not compile",
        "module": plain.group(1) if plain else None,
        "offset": offset,
    }


class _Captured:
    """rego-cpp prints compiler errors on file descriptor 1: the protocol moves to a private
    descriptor and fd 1 goes to a scratch file read after a failed build."""

    def __init__(self) -> None:
        import os
        import tempfile

        self.protocol = os.fdopen(os.dup(1), "w", encoding="utf-8")
        self.scratch = tempfile.TemporaryFile()  # noqa: SIM115  (lives as long as the worker)
        sys.stdout.flush()
        os.dup2(self.scratch.fileno(), 1)

    def reset(self) -> None:
        self.scratch.seek(0)
        self.scratch.truncate()

    def text(self) -> str:
        self.scratch.seek(0)
        return self.scratch.read().decode("utf-8", "replace")


class _Compiled:
    def __init__(self, interpreter: Any, bundle: Any, entrypoint: str) -> None:
        self.interpreter = interpreter
        self.bundle = bundle
        self.entrypoint = entrypoint


def _compile(
    request: dict[str, Any], captured: _Captured | None = None
) -> tuple[_Compiled | None, dict[str, Any]]:
    import regopy  # type: ignore[import-untyped,unused-ignore]
    from regopy import rego_shared  # type: ignore[import-untyped,unused-ignore]

    interpreter = regopy.Interpreter()
    # a builtin that fails (an unsupported one, a bad argument) is an error, not "undefined"
    interpreter.strict_built_in_errors = True
    try:
        for name, text in request["modules"]:
            interpreter.add_module(name, text)
        if request.get("data") is not None:
            interpreter.add_data_json(json.dumps(request["data"]))
        bundle = interpreter.build(None, [request["entrypoint"]])
    except regopy.RegoError as error:
        return None, {"ok": False, **error_details(str(error))}
    if not bundle.ok():
        text = rego_shared.rego_get_error(interpreter._impl)
        if not text and captured is not None:
            text = captured.text()
        modules = {name: source for name, source in request["modules"]}
        return None, {
            "ok": False,
            **error_details(text or "the policy did not compile", modules),
        }
    return _Compiled(interpreter, bundle, request["entrypoint"]), {"ok": True}


def _query(runner: Any, compiled: _Compiled) -> dict[str, Any]:
    from regopy import RegoError, rego_shared  # type: ignore[import-untyped,unused-ignore]

    try:
        impl = rego_shared.rego_bundle_query_entrypoint(
            runner._impl, compiled.bundle._impl, compiled.entrypoint
        )
        try:
            ok = rego_shared.rego_output_ok(impl)
            text = rego_shared.rego_output_string(impl)
        finally:
            rego_shared.rego_free_output(impl)
    except RegoError as error:
        return {"error": error_details(str(error))["error"]}
    if not ok:
        detail = rego_shared.rego_get_error(runner._impl)
        return {"error": error_details(detail)["error"] if detail else "evaluation failed"}
    if text.lstrip().startswith("(error"):
        return {"error": error_details(text)["error"]}
    if text.strip() == "undefined":
        return {"violations": []}
    try:
        output = json.loads(text)
    except ValueError:
        return {"error": f"unreadable engine output: {text[:200]}"}
    expressions = output.get("expressions") if isinstance(output, dict) else None
    return {"violations": expressions[0] if expressions else []}


def _set_input(runner: Any, value: Any) -> None:
    """``runner.set_input(value)``, building the engine's input with fewer Python steps.

    regopy converts a value with one small Python function per node (an ``isinstance`` against
    the abstract ``Mapping``/``Sequence`` and a fresh C buffer per string), which made setting
    an object's input a fifth of the evaluation. The input here comes from ``json.loads``, so
    its types are exactly ``dict``, ``list``, ``str``, ``int``, ``float``, ``bool`` and None:
    the same C calls are made straight from one loop. Anything else goes the regopy way."""
    from regopy import rego_shared  # type: ignore[import-untyped,unused-ignore]

    lib = rego_shared.rego
    handle = rego_shared.rego_new_input()
    try:
        _build_input(lib, handle, value)
    except (_Unbuildable, AttributeError):
        rego_shared.rego_free_input(handle)
        runner.set_input(value)
        return
    except BaseException:
        rego_shared.rego_free_input(handle)
        raise
    try:
        rego_shared.rego_set_input(runner._impl, handle)
    finally:
        rego_shared.rego_free_input(handle)


class _Unbuildable(Exception):
    """A value the fast input builder leaves to regopy."""


_INT64 = (-(1 << 63), (1 << 63) - 1)


def _build_input(lib: Any, handle: Any, value: Any) -> None:
    from regopy import RegoError  # type: ignore[import-untyped,unused-ignore]

    string, integer, number = lib.regoInputString, lib.regoInputInt, lib.regoInputFloat
    boolean, null = lib.regoInputBoolean, lib.regoInputNull
    item, obj, array = lib.regoInputObjectItem, lib.regoInputObject, lib.regoInputArray
    failed = 0

    def add(node: Any) -> None:
        nonlocal failed
        kind = type(node)
        if kind is str:
            failed |= string(handle, node.encode("utf-8"))
        elif kind is dict:
            for key, member in node.items():
                if type(key) is not str:
                    raise _Unbuildable
                failed |= string(handle, key.encode("utf-8"))
                add(member)
                failed |= item(handle)
            failed |= obj(handle, len(node))
        elif kind is list:
            for member in node:
                add(member)
            failed |= array(handle, len(node))
        elif kind is bool:
            failed |= boolean(handle, node)
        elif kind is int:
            if not _INT64[0] <= node <= _INT64[1]:
                raise _Unbuildable
            failed |= integer(handle, node)
        elif kind is float:
            failed |= number(handle, node)
        elif node is None:
            failed |= null(handle)
        else:
            raise _Unbuildable

    add(value)
    if failed:
        raise RegoError("Unable to create input")


def _evaluate(runner: Any, compiled: dict[str, _Compiled], item: dict[str, Any]) -> dict[str, Any]:
    """Set the item's input once, then query every compiled policy it names."""
    from regopy import RegoError  # type: ignore[import-untyped,unused-ignore]

    keys: list[str] = item["keys"]
    try:
        _set_input(runner, item["input"])
    except RegoError as error:
        return {key: {"error": error_details(str(error))["error"]} for key in keys}
    return {
        key: _query(runner, compiled[key]) if key in compiled else {"error": "not compiled"}
        for key in keys
    }


def _runner() -> Any:
    import regopy  # type: ignore[import-untyped,unused-ignore]

    runner = regopy.Interpreter()
    # a builtin that fails (an unsupported one, a bad argument) is an error, not "undefined"
    runner.strict_built_in_errors = True
    return runner


def serve(stdin: Any, stdout: Any, captured: _Captured | None = None) -> None:
    compiled: dict[str, _Compiled] = {}
    runner: Any = None
    for line in stdin:
        request = json.loads(line)
        reply: dict[str, Any]
        if captured is not None:
            captured.reset()
        if request["op"] == "compile":
            done, reply = _compile(request, captured)
            if done is not None:
                compiled[request["key"]] = done
        elif request["op"] == "eval":
            runner = runner or _runner()
            reply = {
                "ok": True,
                "results": [_evaluate(runner, compiled, i) for i in request["items"]],
            }
        else:
            reply = {"ok": False, "error": f"unknown op {request['op']!r}"}
        stdout.write(json.dumps(reply, separators=(",", ":")) + "\n")
        stdout.flush()


if __name__ == "__main__":
    _captured = _Captured()
    serve(sys.stdin, _captured.protocol, _captured)
    _captured.protocol.flush()
    # the parent closed the pipe: nothing is left to answer, and freeing every compiled bundle
    # (a large inventory takes a second) would only keep the parent waiting
    os._exit(0)
