"""Locate the real sample data for tests.

The public samples are copied, unchanged, into the repository under
``testdata/realdata`` (each folder's SOURCES.md says where a file came from,
FORMATS.md describes the formats), so a fresh clone tests itself with nothing
beside it. Set ``LAGESBILD_REALDATA`` to point elsewhere.

A missing folder is a hard failure, not a skip: tests that silently skip
their real-data checks would pass while proving nothing.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["ENV_VAR", "RealDataMissing", "find_realdata", "realdata_path"]

ENV_VAR = "LAGESBILD_REALDATA"


class RealDataMissing(RuntimeError):
    """Raised when the real-data folder or a file in it is absent."""


def find_realdata(start: Path | None = None) -> Path:
    """Return the ``testdata/realdata`` folder of the repository.

    Parameters
    ----------
    start : Path, optional
        Where to start walking up; defaults to this file's folder.

    Returns
    -------
    Path
        The folder given by ``LAGESBILD_REALDATA``, or the first
        ``<ancestor>/testdata/realdata`` found walking up from ``start``.

    Raises
    ------
    RealDataMissing
        If the variable points to a missing folder or no ancestor has one.
    """
    configured = os.environ.get(ENV_VAR)
    if configured:
        folder = Path(configured)
        if not folder.is_dir():
            raise RealDataMissing(f"{ENV_VAR}={configured} is not a directory")
        return folder
    here = (start or Path(__file__)).resolve()
    for parent in (here, *here.parents):
        candidate = parent / "testdata" / "realdata"
        if candidate.is_dir():
            return candidate
    raise RealDataMissing(
        f"no testdata/realdata folder above {here}; run the tests from a full "
        f"clone of the repository or set {ENV_VAR}"
    )


def realdata_path(*parts: str) -> Path:
    """Return a file inside the real-data folder, failing if it is absent.

    Parameters
    ----------
    *parts : str
        Path components below ``testdata/realdata``, e.g.
        ``("polisen", "events-dnouri.json")``.

    Returns
    -------
    Path
        The existing file.

    Raises
    ------
    RealDataMissing
        If the file does not exist.
    """
    path = find_realdata().joinpath(*parts)
    if not path.is_file():
        raise RealDataMissing(f"real sample {path} is missing")
    return path
