"""Where a command's document goes: a file (``-o``) or standard output, never binary to a terminal.

A PDF, DOCX or workbook written to a terminal is a screenful of garbage that can leave the
terminal in a strange state, so it is refused before the document is even built, with the fix
(``-o FILE``). Redirected or piped (``> week.pdf``, ``| lpr``), standard output takes the bytes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

__all__ = ["BINARY_FORMATS", "refuse_binary_to_terminal", "write_output"]

BINARY_FORMATS = frozenset({"pdf", "docx", "xlsx"})


def _is_terminal(stream: Any) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _byte_stream(stdout: Any) -> Any:
    """Return the byte stream under a text stream (or Django's OutputWrapper), or None."""
    return getattr(getattr(stdout, "_out", stdout), "buffer", None)


def refuse_binary_to_terminal(fmt: str, path: str | None, stdout: Any) -> None:
    """Raise CommandError when a binary ``fmt`` would go to a terminal, or cannot go anywhere.

    Called before the document is built, so nothing is rendered or audited in vain.
    """
    if fmt not in BINARY_FORMATS or path:
        return
    if _is_terminal(stdout):
        raise CommandError(
            f"--format {fmt} is binary and standard output is a terminal: it needs -o FILE "
            f"(or redirect it: > document.{fmt})"
        )
    if _byte_stream(stdout) is None:
        raise CommandError(f"--format {fmt} is binary: it needs -o FILE or a byte stream")


def write_output(stdout: Any, content: str | bytes, path: str | None) -> None:
    """Write ``content`` to ``path``, or to standard output (bytes only to a byte stream)."""
    if path:
        data = content.encode("utf-8") if isinstance(content, str) else content
        try:
            Path(path).write_bytes(data)
        except OSError as exc:
            raise CommandError(f"cannot write {path}: {exc.strerror or exc}") from None
        return
    if isinstance(content, str):
        stdout.write(content)
        return
    stream = _byte_stream(stdout)
    if stream is None or _is_terminal(stdout):
        raise CommandError("binary output needs -o FILE when standard output is no byte stream")
    stream.write(content)
    stream.flush()
