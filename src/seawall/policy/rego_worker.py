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


def _evaluate(runner: Any, compiled: dict[str, _Compiled], item: dict[str, Any]) -> dict[str, Any]:
    """Set the item's input once, then query every compiled policy it names."""
    from regopy import RegoError  # type: ignore[import-untyped,unused-ignore]

    keys: list[str] = item["keys"]
    try:
        runner.set_input(item["input"])
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
        stdout.write(json.dumps(reply) + "\n")
        stdout.flush()


if __name__ == "__main__":
    _captured = _Captured()
    serve(sys.stdin, _captured.protocol, _captured)
