"""Official data in from the browser: Brå, police events, Kolada and SCB files, by coordinators.

The page previews a file first (a dry run of the command line's own import, so the same parser,
the same file:line errors and the same all-or-nothing rule), then imports it as a background job.
A coordinator imports only their own municipality's rows: the others in a national file are
skipped (counted), since official figures are shared by every municipality of the installation;
the operator imports whole files with ``lagesbild import``.

A file whose preview can be imported is kept for the job (``jobs.uploads``) and removed when the
import has run or has failed for good; a file the preview refused is not kept at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lagesbild.core.privacy import scrub_file_name
from lagesbild.jobs import uploads
from lagesbild.jobs.registry import JobContext, JobError, JobKind, JobResult
from lagesbild.official.area_import import find_municipality, import_areas
from lagesbild.official.district_population import SOURCE as DISTRICT_POPULATION
from lagesbild.official.district_population import import_district_population
from lagesbild.official.importing import (
    ImportFailed,
    ImportSummary,
    import_bra,
    import_kolada,
    import_polisen,
    import_scb,
)

IMPORT_KIND = "official-import"
AREAS = "areas"
UPLOAD_KIND = "official"
MAX_UPLOAD_BYTES = 100 * 1024 * 1024
SHOWN_ERRORS = 200

SOURCES = {
    "bra": gettext_lazy("Brå: anmälda brott (SOL-extrakt eller årsfil, CSV/Excel)"),
    "polisen": gettext_lazy("Polisens händelsenotiser (JSON, JSON lines, gzip)"),
    "kolada": gettext_lazy("Kolada: nyckeltal (JSON)"),
    "scb": gettext_lazy("SCB: folkmängd 31 december (JSON-stat)"),
    "district-population": gettext_lazy(
        "Folkmängd per stadsdel och år (CSV: stadsdel;år;folkmängd)"
    ),
    AREAS: gettext_lazy("Stadsdelar och andra områden (GeoJSON med polygoner i WGS84)"),
}
# Each source by its proper name, as a job's title gives it ('Import av Brå: bra2025.csv').
# The names of sources are the same in every language; what is described is translated.
SOURCE_NAMES: dict[str, Any] = {
    "bra": "Brå",
    "polisen": gettext_lazy("händelsenotiser från polisen.se"),
    "kolada": "Kolada",
    "scb": "SCB",
    DISTRICT_POPULATION: gettext_lazy("folkmängd per stadsdel"),
    AREAS: gettext_lazy("stadsdelar"),
}


@dataclass(frozen=True)
class OfficialUpload:
    """What to import: the source, the stored file and, for a yearly Brå file, its year."""

    source: str
    token: str
    name: str
    year: int | None = None
    crime_type: str = ""
    # Areas: the features' properties with each area's name and code.
    name_property: str = "name"
    code_property: str = "code"

    def params(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "upload": self.token,
            "name": self.name,
            "year": self.year,
            "crime_type": self.crime_type,
            "name_property": self.name_property,
            "code_property": self.code_property,
        }

    @classmethod
    def from_params(cls, params: dict[str, Any]) -> OfficialUpload:
        return cls(
            params["source"],
            params["upload"],
            # The name is kept with the job and in the audit log: scrubbed like any free text.
            scrub_file_name(params["name"]),
            params.get("year"),
            params.get("crime_type") or "",
            params.get("name_property") or "name",
            params.get("code_property") or "code",
        )


def store_upload(user_id: int, data: bytes) -> str:
    """Keep a previewed file until it is imported; return its token."""
    return uploads.keep_upload(UPLOAD_KIND, user_id, data)


def read_upload(user_id: int, token: str) -> bytes:
    data = uploads.read_upload(UPLOAD_KIND, user_id, token)
    if data is None:
        raise ImportFailed(_("Filen finns inte längre; ladda upp den igen."))
    return data


def run_import(
    upload: OfficialUpload,
    data: bytes,
    municipality_code: str,
    *,
    dry_run: bool,
    actor: Any,
    progress: Callable[[int, int], None] | None = None,
) -> ImportSummary:
    """Run the command line's import of ``upload.source`` on one municipality's rows."""
    options: dict[str, Any] = {
        "only_municipality": municipality_code,
        "dry_run": dry_run,
        "actor": actor,
        "progress": progress,
    }
    if upload.source == "bra":
        return import_bra(
            data, upload.name, year=upload.year, crime_type=upload.crime_type or None, **options
        )
    if upload.source == AREAS:
        return import_areas(
            data,
            upload.name,
            find_municipality(municipality_code),
            name_property=upload.name_property,
            code_property=upload.code_property,
            dry_run=dry_run,
            actor=actor,
            progress=progress,
        )
    if upload.source == DISTRICT_POPULATION:
        return import_district_population(
            data,
            upload.name,
            find_municipality(municipality_code),
            dry_run=dry_run,
            actor=actor,
            progress=progress,
        )
    importers = {"polisen": import_polisen, "kolada": import_kolada, "scb": import_scb}
    if upload.source not in importers:
        raise ImportFailed(_("Okänd källa: %(source)s") % {"source": upload.source})
    return importers[upload.source](data, upload.name, **options)


def import_title(upload: OfficialUpload) -> str:
    return _("Import av %(source)s: %(name)s") % {
        "source": SOURCE_NAMES[upload.source],
        "name": upload.name,
    }


def _summary_text(summary: ImportSummary) -> bytes:
    lines = [summary.line(), *(f"{e.source}:{e.line}: {e.reason}" for e in summary.errors)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def run_import_job(context: JobContext) -> JobResult:
    """The background import: asks again whether the asker manages the municipality now."""
    upload = OfficialUpload.from_params(context.params)
    if context.municipality is None or not context.viewer.manages(context.municipality.pk):
        _discard(context, upload)
        raise PermissionDenied
    try:
        data = read_upload(context.user.pk, upload.token)
        summary = run_import(
            upload,
            data,
            context.municipality.code,
            dry_run=False,
            actor=context.user,
            progress=lambda done, total: context.progress(100 * done // max(total, 1)),
        )
    except ImportFailed as exc:
        _discard(context, upload)
        raise JobError(str(exc)) from None
    _discard(context, upload)  # imported, or refused for good: the file has served
    if summary.errors:
        raise JobError(_summary_text(summary).decode("utf-8")[:2000])
    return JobResult(
        _summary_text(summary),
        "import.txt",
        "text/plain; charset=utf-8",
        url=reverse("official-data") + f"?kommun={context.municipality.code}",
    )


def _discard(context: JobContext, upload: OfficialUpload) -> None:
    uploads.discard_upload(UPLOAD_KIND, context.user.pk, upload.token)


IMPORT = JobKind(IMPORT_KIND, run_import_job, writes=True)
