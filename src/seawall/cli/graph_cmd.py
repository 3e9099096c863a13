"""``seawall graph``: print the resource graph (references and NetworkPolicy flows) for people."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from seawall.cli.common import print_input_problems, resolve_config, write_output
from seawall.engine.load import InputReporter
from seawall.engine.registry import load_registry
from seawall.engine.run import ScanOptions, load_workspace
from seawall.report.graph_formats import build_view, render_graph


@dataclass(frozen=True, slots=True)
class GraphRequest:
    """What the command line asked for."""

    paths: Sequence[str]
    fmt: str = "text"
    output: Path | None = None
    namespaces: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    broken_only: bool = False
    config: Path | None = None
    exclude: tuple[str, ...] = ()
    stdin_name: str = "-"
    color: bool = False


def graph_command(request: GraphRequest, out: TextIO, err: TextIO) -> int:
    """Load the inputs (no rules run), print the graph; 0 whatever it shows, since
    ``seawall check`` is the gate. Input problems go to ``err``."""
    registry = load_registry()
    config = resolve_config(request.config, registry)
    options = ScanOptions(
        exclude=config.exclude + request.exclude,
        max_file_size=config.max_file_size,
        stdin_name=request.stdin_name,
        external=config.external,
        images=config.images,
    )
    reporter = InputReporter(registry.by_input_kind())
    stdin = sys.stdin.buffer.read() if "-" in request.paths else None
    workspace = load_workspace(request.paths, options, reporter, stdin=stdin)
    print_input_problems(workspace, err)
    view = build_view(
        workspace.graph,
        external=config.external,
        namespaces=request.namespaces,
        kinds=request.kinds,
        broken_only=request.broken_only,
    )
    text = render_graph(request.fmt, view, color=request.color and request.output is None)
    if request.output is None:
        out.write(text)
        out.flush()
        return 0
    write_output(request.output, text, "the graph")
    return 0
