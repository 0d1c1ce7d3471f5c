"""The public samples the tests read, inside the repository.

They are copied, unchanged, into ``testdata/realdata`` (each folder's SOURCES.md says where a file
came from, FORMATS.md describes the formats), so a fresh clone tests itself with nothing beside
it. There is no other place to look: a missing file is a hard failure, never a skip, since tests
that silently skip their real-data checks would pass while proving nothing.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["SAMPLES", "SampleMissing", "sample_path"]

#: ``testdata/realdata`` of this checkout (this file is src/lagesbild/core/tests/samples.py).
SAMPLES = Path(__file__).resolve().parents[4] / "testdata" / "realdata"


class SampleMissing(RuntimeError):
    """Raised when a sample file is absent from the repository."""


def sample_path(*parts: str) -> Path:
    """Return a sample file below ``testdata/realdata``, e.g. ``("polisen", "events-dnouri.json")``.

    Raises SampleMissing if the file is not in the repository.
    """
    path = SAMPLES.joinpath(*parts)
    if not path.is_file():
        raise SampleMissing(f"sample {path} is missing from the repository (testdata/realdata)")
    return path
