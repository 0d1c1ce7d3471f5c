"""The shared cast of every Django test; who may see what is told in src/conftest.py."""

from __future__ import annotations

import copy
import os
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Generic, TypeVar
from zoneinfo import ZoneInfo

if TYPE_CHECKING:  # the models are imported inside the functions: Django is set up after this
    from django.contrib.auth.models import User
    from django.test import Client

    from lagesbild.areas.models import Area, Municipality
    from lagesbild.organisations.models import Organisation

STOCKHOLM = ZoneInfo("Europe/Stockholm")
T = TypeVar("T")
PASSWORD = "cast-password-1"


def square(lon: float, lat: float, size: float = 0.01) -> dict:
    """A GeoJSON square with its south-west corner at (lon, lat)."""
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


@dataclass
class Cast:
    """The test cast: two municipalities, their districts and organisations, and one user of each
    kind (docs/permissions.md names who is who)."""

    municipality: Municipality
    other_municipality: Municipality
    norr: Area
    soder: Area
    kommunen: Organisation
    polisen: Organisation
    bevakning: Organisation
    bostad: Organisation
    annan: Organisation
    cecilia: User
    anders: User
    sara: User
    hugo: User
    rut: User
    olle: User
    nemo: User
    annan_polis: Organisation
    vilma: User
    ebba: User

    # Points inside each district.
    NORR_POINT = (56.015, 13.005)
    SODER_POINT = (56.005, 13.005)


def recount(municipality: Any) -> None:
    """Bring the rollup of counted reports in step after writing reports past the services
    (``bulk_create``, ``update``), as the demo does after its bulk insert."""
    from lagesbild.reports.rollup import rebuild_counts

    rebuild_counts(municipality.pk)


def make_cast() -> Cast:
    """Create the cast in the test's database.

    The organisations, people and memberships are inserted in bulk, past the signals that tell
    the caches of a change: a test starts with nothing cached, and the cast is in every
    database test (one insert per table instead of one per row and its signals' queries).
    """
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from lagesbild.areas.models import Area, Municipality
    from lagesbild.organisations.models import Membership, Organisation, Role

    User = get_user_model()
    Kind = Organisation.Kind
    # The cast's municipalities count partners' reports before review (``counts_unreviewed``, not
    # the default): its tests follow a pending report into every figure. The default, "only
    # reviewed reports count", is tested on its own (reports/tests/test_counting_setting.py).
    town = Municipality.objects.create(code="0999", name="Exempeltorp", counts_unreviewed=True)
    elsewhere = Municipality.objects.create(code="0998", name="Annanstad", counts_unreviewed=True)
    norr = Area.objects.create(
        municipality=town, code="norr", name="Norr", geometry=square(13.0, 56.01)
    )
    soder = Area.objects.create(
        municipality=town, code="soder", name="Söder", geometry=square(13.0, 56.0)
    )
    Area.objects.create(
        municipality=elsewhere, code="mitt", name="Mitt", geometry=square(14.0, 57.0)
    )
    kommunen, polisen, bevakning, bostad, annan, annan_polis = Organisation.objects.bulk_create(
        Organisation(municipality=municipality, slug=slug, name=name, kind=kind)
        for municipality, slug, name, kind in (
            (town, "kommunen", "Kommunledningsförvaltningen", Kind.MUNICIPAL),
            (town, "polisen", "Lokalpolisområde Exempeltorp", Kind.POLICE),
            (town, "bevakning", "Bevakning AB", Kind.SECURITY),
            (town, "bostad", "Exempeltorpshem", Kind.HOUSING),
            (elsewhere, "annan", "Annanstads bevakning", Kind.SECURITY),
            (elsewhere, "annan-polis", "Lokalpolisområde Annanstad", Kind.POLICE),
        )
    )
    # ebba coordinated here until her membership ended: she sees nothing any more.
    ended = timezone.localdate() - timedelta(days=1)
    # vilma reports for the security company here and is a police analyst in Annanstad: her
    # rights in one municipality must give her nothing in the other.
    memberships: dict[str, list[tuple[Organisation, str, dict]]] = {
        "vilma": [(bevakning, Role.REPORTER, {}), (annan_polis, Role.ANALYST, {})],
        "cecilia": [(kommunen, Role.COORDINATOR, {})],
        "anders": [(polisen, Role.ANALYST, {})],
        "sara": [(bevakning, Role.REPORTER, {})],
        "hugo": [(bostad, Role.REPORTER, {})],
        "rut": [(kommunen, Role.READER, {})],
        "olle": [(annan, Role.REPORTER, {})],
        "nemo": [],
        "ebba": [(kommunen, Role.COORDINATOR, {"ends_on": ended})],
    }
    password = make_password(PASSWORD)
    people = User.objects.bulk_create(
        [User(username=name, password=password) for name in memberships]
    )
    Membership.objects.bulk_create(
        Membership(user=person, organisation=organisation, role=role, **more)
        for person, held in zip(people, memberships.values(), strict=True)
        for organisation, role, more in held
    )
    vilma, cecilia, anders, sara, hugo, rut, olle, nemo, ebba = people
    return Cast(
        municipality=town,
        other_municipality=elsewhere,
        norr=norr,
        soder=soder,
        kommunen=kommunen,
        polisen=polisen,
        bevakning=bevakning,
        bostad=bostad,
        annan=annan,
        cecilia=cecilia,
        anders=anders,
        sara=sara,
        hugo=hugo,
        rut=rut,
        olle=olle,
        nemo=nemo,
        annan_polis=annan_polis,
        vilma=vilma,
        ebba=ebba,
    )


def client_for(user: User) -> Client:
    """A test client logged in as ``user`` with the cast's password (through the login backends,
    as a person logs in)."""
    from django.test import Client

    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def police_event(
    event_id: int,
    when: datetime,
    category: str | None = None,
    *,
    type_: str = "Händelse",
    municipality: tuple[str, str] = ("0999", "Exempeltorp"),
    summary: bool = False,
) -> Any:
    """Store a police event notice as the importer would (``municipality``: code and name)."""
    from lagesbild.categories.models import Category
    from lagesbild.official.models import PoliceEvent

    code, name = municipality
    return PoliceEvent.objects.create(
        event_id=event_id,
        published_at=when,
        event_time=when,
        type_raw=type_,
        type=type_,
        category=Category.objects.get(code=category) if category else None,
        municipality_name=name,
        municipality_code=code,
        location_name=name,
        latitude=56.0,
        longitude=13.0,
        url=f"https://polisen.se/aktuellt/handelser/{event_id}",
        is_summary=summary,
        first_seen_at=when,
        updated_at=when,
    )


def store_bra(
    code: str, category_code: str | None, series: Mapping[int, float | None], **fields: Any
) -> None:
    """Store Brå's yearly figures for municipality ``code`` as the importer does: one aggregate
    row per category and year (``category_code`` None: all crimes, Brå's total); a year whose
    value is None gets no row. ``fields`` go on every row (``preliminary=True``)."""
    from lagesbild.categories.models import Category
    from lagesbild.core.parsers.bra import TOTAL_CRIME_TYPE
    from lagesbild.official.importing import category_series_name
    from lagesbild.official.models import OfficialStatistic

    category = Category.objects.get(code=category_code) if category_code else None
    name = category_series_name(category_code) if category_code else TOTAL_CRIME_TYPE
    for year, value in series.items():
        if value is not None:
            OfficialStatistic.objects.create(
                source=OfficialStatistic.Source.BRA,
                municipality_code=code,
                series=name,
                category=category,
                period=str(year),
                year=year,
                value=value,
                **fields,
            )


def file_report(
    organisation,
    category_code: str,
    when: datetime,
    point=None,
    text: str = "",
    reporter=None,
    **extra,
):
    """File a report through the service, as the form and importers do (``reporter``: the
    person who filed it, as the form stores them)."""
    from lagesbild.categories.models import Category
    from lagesbild.reports.services import NewReport, create_report

    lat, lon = point if point else (None, None)
    return create_report(
        NewReport(
            organisation=organisation,
            category=Category.objects.get(code=category_code),
            occurred_from=when,
            latitude=lat,
            longitude=lon,
            description=text,
            **extra,
        ),
        reporter,
    )


@contextmanager
def demo_outside_transactions(today):
    """Build the demo for a whole test module and leave nothing behind afterwards.

    The demo takes seconds to build, so modules build it once, outside the tests' transactions;
    everything it wrote (reports, measures, meetings, users, audit entries) is removed at the end.
    """
    from django.contrib.auth import get_user_model

    from lagesbild.areas.models import Municipality
    from lagesbild.audit.models import AuditEntry
    from lagesbild.demo.official import PEERS
    from lagesbild.demo.region import SECOND_CODE
    from lagesbild.demo.services import create_demo
    from lagesbild.measures.models import Measure
    from lagesbild.meetings.models import Meeting
    from lagesbild.official.models import OfficialStatistic, PoliceEvent, Population
    from lagesbild.reports.models import Report

    User = get_user_model()
    last_entry = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    last_user = User.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    summaries = [create_demo(today=today)]
    # Exempelstad and the demo's second municipality (demo/region.py).
    municipalities = list(
        Municipality.objects.filter(code__in=[summaries[0].municipality.code, SECOND_CODE])
    )
    try:
        yield summaries
    finally:
        for municipality in municipalities:
            # Measures, meetings and reports protect organisations and the municipality: first.
            Measure.objects.filter(municipality=municipality).delete()
            Meeting.objects.filter(municipality=municipality).delete()
            Report.objects.filter(municipality=municipality).delete()
            municipality.organisations.all().delete()
            for model in (OfficialStatistic, PoliceEvent, Population):
                model.objects.filter(municipality_code=municipality.code).delete()
            municipality.delete()
        # The made-up peers have official figures only (demo/official.py).
        peers = [code for code, _ in PEERS]
        for model in (OfficialStatistic, Population):
            model.objects.filter(municipality_code__in=peers).delete()
        AuditEntry.objects.filter(pk__gt=last_entry).delete()
        User.objects.filter(pk__gt=last_user).delete()


class BuiltOnce(Generic[T]):
    """Data a whole test module reads, built once: Django's ``setUpTestData`` at module scope.

    ``build()`` runs inside a transaction that is rolled back after the module; each test runs
    in a savepoint of it (the ``db`` fixture), so what a test writes is undone after it, and
    ``copy()`` gives each test its own copy of the built objects, as ``setUpTestData`` does, so
    that an attribute a test changes in memory does not reach the next test. For a module of
    tests that build the same large data, each a few seconds; list the module in src/conftest.py
    GROUPED_MODULES so that one worker builds it once. Not for tests that commit (a live server,
    ``transaction=True``): they would commit the module's data.
    """

    def __init__(self, built: T) -> None:
        self.built = built

    def copy(self) -> T:
        return copy.deepcopy(self.built)


@contextmanager
def built_once(django_db_blocker: Any, build: Callable[[], T]) -> Iterator[BuiltOnce[T]]:
    """Build the module's data in a transaction rolled back at the end (see ``BuiltOnce``)."""
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        try:
            yield BuiltOnce(build())
        finally:
            transaction.set_rollback(True)


def run_queued_jobs() -> int:
    """Run the queued background jobs as `lagesbild worker` would, in this process and transaction.

    Each task is taken from django-q2's queue (its ORM broker: the signed payload in the
    database), its function is called and the task is acknowledged. Returns how many ran.
    """
    import pydoc

    from django_q.brokers import get_broker
    from django_q.signing import SignedPackage

    broker = get_broker()
    count = 0
    while broker.queue_size():
        for ack_id, payload in broker.dequeue() or []:
            task = SignedPackage.loads(payload)
            func: Any = task["func"] if callable(task["func"]) else pydoc.locate(task["func"])
            func(*task["args"], **task["kwargs"])
            broker.acknowledge(ack_id)
            count += 1
    return count


def job_file(client, url: str):
    """POST to a page that starts a background job, run it, and GET its file (or the 404)."""
    from django.urls import resolve, reverse

    started = client.post(url)
    assert started.status_code == 302, (url, started.status_code)
    match = resolve(started["Location"])
    assert match.url_name == "job-detail", started["Location"]
    run_queued_jobs()
    return client.get(reverse("job-download", args=[match.kwargs["pk"]]))


def assert_tagged_pdf(pdf: bytes, language: str = "sv") -> None:
    """Assert ``pdf`` is tagged for accessibility (PDF/UA): marked, a structure tree, a language,
    and a /Scope on every table header (TH)."""
    import io

    from pypdf import PdfReader
    from pypdf.generic import DictionaryObject

    catalog = PdfReader(io.BytesIO(pdf)).trailer["/Root"].get_object()
    assert isinstance(catalog, DictionaryObject)
    mark_info = catalog["/MarkInfo"].get_object()
    assert isinstance(mark_info, DictionaryObject) and bool(mark_info["/Marked"])
    assert "/StructTreeRoot" in catalog
    assert str(catalog["/Lang"]).lower().startswith(language)
    unscoped = [th for th in header_cells(pdf) if "/Scope" not in th["/A"]]
    assert not unscoped, f"{len(unscoped)} TH without /Scope"


def header_cells(pdf: bytes) -> list[Any]:
    """The TH structure elements of a tagged ``pdf``, in the structure tree's order."""
    return structure_elements(pdf, "/TH")


def spoken_cells(pdf: bytes) -> list[str]:
    """The /ActualText of a tagged ``pdf``'s table cells that have one (a bare "–" or "·" given
    words by ``web.pdf.speak_symbol``), in the structure tree's order."""
    cells = structure_elements(pdf, "/TD", "/TH")
    return [str(cell["/ActualText"]) for cell in cells if "/ActualText" in cell]


def structure_elements(pdf: bytes, *kinds: str) -> list[Any]:
    """The structure elements of a tagged ``pdf`` of the ``kinds`` ("/TH", "/TD", …), in the
    structure tree's order."""
    import io

    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DictionaryObject

    catalog = PdfReader(io.BytesIO(pdf)).trailer["/Root"].get_object()
    assert isinstance(catalog, DictionaryObject)
    found: list[DictionaryObject] = []
    root = catalog["/StructTreeRoot"].get_object()
    assert isinstance(root, DictionaryObject)
    stack = [root]
    while stack:
        element = stack.pop()
        if element.get("/S") in kinds:
            found.append(element)
        kids = element.get("/K")
        kids = kids.get_object() if kids is not None else ArrayObject()
        for kid in reversed(kids if isinstance(kids, ArrayObject) else [kids]):
            kid = kid.get_object()
            if isinstance(kid, DictionaryObject) and "/S" in kid:
                stack.append(kid)
    return found


def clear_caches() -> None:
    """Empty the shared cache and this process's own (``settings.CACHES``): the next week page
    and report list are computed anew."""
    from django.core.cache import caches

    for name in ("default", "local", "lists"):
        caches[name].clear()


def run_cli(
    *args: str, environment: dict[str, str] | None = None, **env: str
) -> subprocess.CompletedProcess:
    """Run ``python -m lagesbild *args`` in a new process, in ``environment`` (this process's
    by default) with ``env`` on top; its output is captured as text."""
    return subprocess.run(
        [sys.executable, "-m", "lagesbild", *args],
        capture_output=True,
        text=True,
        env={**(os.environ if environment is None else environment), **env},
        timeout=300,
    )
