"""``lagesbild municipality add|list``: a fresh installation is set up without the admin — the
municipality from its SCB code or name, with its own and the local police's organisation — and a
second run changes nothing."""

from __future__ import annotations

import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from lagesbild.areas.models import Municipality
from lagesbild.audit.models import AuditEntry
from lagesbild.organisations.models import Organisation


def run(*args: str) -> str:
    out = StringIO()
    call_command("municipality", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_a_municipality_is_set_up_from_its_name_with_the_two_organisations() -> None:
    assert "no municipality yet" in run("list")
    out = run("add", "Helsingborg")
    assert out.startswith("Helsingborg (1283): created")
    helsingborg = Municipality.objects.get(code="1283")
    organisations = {
        (o.slug, o.name, o.kind) for o in Organisation.objects.filter(municipality=helsingborg)
    }
    assert organisations == {
        ("kommunen", "Kommunledningsförvaltningen", "municipal"),
        ("polisen", "Lokalpolisområde Helsingborg", "police"),
    }
    assert "createuser NAME --organisation kommunen --municipality 1283" in out
    assert "createuser NAME --organisation polisen --municipality 1283" in out
    actions = sorted(AuditEntry.objects.values_list("action", flat=True))
    assert actions == [
        "lagesbild.municipality.created",
        "lagesbild.organisation.created",
        "lagesbild.organisation.created",
    ]
    assert run("list") == "1283 Helsingborg: kommunen, polisen\n"


@pytest.mark.django_db
def test_running_it_again_changes_nothing_and_adds_only_what_is_missing() -> None:
    run("add", "1283", "--police-name", "Lokalpolisområde Helsingborg-Bjuv")
    entries = AuditEntry.objects.count()
    again = run("add", "helsingborg", "--municipal-name", "Stadsledningsförvaltningen")
    assert "already set up" in again and "(new)" not in again
    assert AuditEntry.objects.count() == entries
    assert set(Organisation.objects.values_list("name", flat=True)) == {
        "Kommunledningsförvaltningen",  # nothing is renamed
        "Lokalpolisområde Helsingborg-Bjuv",
    }
    Organisation.objects.get(slug="polisen").delete()
    third = run("add", "1283")
    assert "polisen: Lokalpolisområde Helsingborg (new)" in third
    assert Municipality.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("given", ["9998", "Atlantis", ""])
def test_an_unknown_municipality_is_refused_in_one_line(given: str) -> None:
    with pytest.raises(CommandError, match="is no Swedish municipality"):
        run("add", given)
    assert not Municipality.objects.exists() and not Organisation.objects.exists()


@pytest.mark.django_db
def test_a_name_too_long_for_an_organisation_is_refused_and_nothing_is_made() -> None:
    with pytest.raises(CommandError, match="150"):
        run("add", "1283", "--municipal-name", "x" * 151)
    assert not Municipality.objects.exists() and not Organisation.objects.exists()


def test_a_missing_argument_is_one_line_naming_help() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "lagesbild", "municipality", "add"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "lagesbild municipality add: error: the following arguments are required: municipality"
        " (see lagesbild municipality add --help)"
    ]


@pytest.mark.django_db
def test_a_police_organisation_made_in_the_admin_under_another_name_is_not_doubled() -> None:
    helsingborg = Municipality.objects.create(code="1283", name="Helsingborg")
    Organisation.objects.create(
        municipality=helsingborg, slug="lpo-hbg", name="LPO Helsingborg", kind="police"
    )
    out = run("add", "1283")
    assert "lpo-hbg: LPO Helsingborg\n" in out and "polisen" not in out.split("Next")[0]
    assert Organisation.objects.filter(municipality=helsingborg, kind="police").count() == 1
