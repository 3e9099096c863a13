"""Read one file into text, turning every way that can fail into a located problem."""

from __future__ import annotations

import codecs
import errno
import os
from dataclasses import dataclass
from pathlib import Path

from seawall.core.span import FILE_START, Span

BINARY_SNIFF_BYTES = 8192


@dataclass(frozen=True, slots=True)
class InputProblem:
    """A file that could not be read as text. ``kind`` selects the input rule that reports it."""

    kind: str
    message: str
    span: Span = FILE_START


@dataclass(frozen=True, slots=True)
class ReadResult:
    text: str | None
    problem: InputProblem | None = None


def format_size(size: int) -> str:
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} bytes"


def read_file(path: Path, max_bytes: int) -> ReadResult:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        if path.is_symlink():
            target = os.readlink(path)
            if os.path.isabs(target):
                target = os.path.relpath(target, path.parent)
            message = f"symbolic link to `{target}`, which does not exist"
            return ReadResult(None, InputProblem("unreadable", message))
        return ReadResult(None, InputProblem("unreadable", "the file vanished during the scan"))
    except OSError as error:
        return ReadResult(None, _os_problem(error))
    if size > max_bytes:
        return ReadResult(
            None,
            InputProblem(
                "too-large",
                f"file is {format_size(size)}, over the {format_size(max_bytes)} limit; "
                "not analysed (raise `max_file_size` in the configuration to scan it)",
            ),
        )
    try:
        with path.open("rb") as handle:
            # read what stat promised plus one byte, to notice a file that grew meanwhile
            data = handle.read(min(size, max_bytes) + 1)
    except OSError as error:
        return ReadResult(None, _os_problem(error))
    if len(data) > size:  # grew while we looked, or a device that ignores st_size
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
        if len(data) > max_bytes:
            return ReadResult(None, InputProblem("too-large", "file is over the size limit"))
    return decode(data)


def decode(data: bytes) -> ReadResult:
    """Decode bytes as UTF-8 (UTF-16/32 when a byte-order mark says so), else a problem."""
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return ReadResult(data.decode(codec))
            except UnicodeDecodeError as error:
                return ReadResult(None, _decode_problem(data, error, codec))
    nul = data.find(b"\x00", 0, BINARY_SNIFF_BYTES)
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        column = nul - (data.rfind(b"\n", 0, nul) + 1) + 1
        return ReadResult(
            None,
            InputProblem(
                "binary",
                f"file holds binary data (a NUL byte at byte {nul}), not text; not analysed",
                Span.point(line, column),
            ),
        )
    try:
        return ReadResult(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        return ReadResult(None, _decode_problem(data, error, "utf-8"))


def _decode_problem(data: bytes, error: UnicodeDecodeError, codec: str) -> InputProblem:
    start = error.start
    line = data.count(b"\n", 0, start) + 1
    line_start = data.rfind(b"\n", 0, start) + 1
    # the column counts characters, so decode the valid prefix of the line
    column = len(data[line_start:start].decode(codec, errors="replace")) + 1
    bad = data[start : min(error.end, start + 4)].hex(" ")
    return InputProblem(
        "invalid-encoding",
        f"invalid {codec.upper()} at byte {start} (bytes {bad}); save the file as UTF-8",
        Span.point(line, column),
    )


def _os_problem(error: OSError) -> InputProblem:
    if error.errno == errno.ELOOP:
        return InputProblem("symlink-loop", "symbolic link loop; the link never reaches a file")
    if error.errno in (errno.EACCES, errno.EPERM):
        return InputProblem("unreadable", "permission denied; the file could not be read")
    reason = error.strerror or type(error).__name__
    return InputProblem("unreadable", f"could not read the file: {reason}")
