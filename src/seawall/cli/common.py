"""What every subcommand does the same way: find the configuration, show input problems, write
an output file."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from seawall.engine.config import Config, ConfigError, find_config, load_config
from seawall.engine.registry import Registry
from seawall.engine.run import Workspace


def resolve_config(given: Path | None, registry: Registry) -> Config:
    """``--config FILE`` when given (it must exist), else the nearest configuration file."""
    if given is not None and not given.is_file():
        raise ConfigError(f"{given}: configuration file not found")
    return load_config(given if given is not None else find_config(Path.cwd()), registry)


def print_input_problems(workspace: Workspace, err: TextIO) -> None:
    """Input problems (unreadable files, YAML errors) of a command that runs no rules."""
    for item in workspace.files:
        for problem in item.findings:
            print(
                f"seawall: {problem.file}:{problem.span.line}:{problem.span.column}: "
                f"{problem.rule.code} {problem.message}",
                file=err,
            )


def write_output(path: Path, text: str, what: str = "the report") -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"{path}: cannot write {what}: {error.strerror}") from None
