"""The ids of imported rows that came without one are keyed (reports.importing.content_id).

An unkeyed hash of a row's content, its texts as they arrived included, let anyone who read the
stored report confirm a guessed phone number that the scrubber had masked. These tests hold the
id to the key, follow it through a key rotation and check that the migration from the unkeyed
ids keeps a file imported before it from creating its rows again.
"""

from __future__ import annotations

import hashlib
import importlib
import json
from unittest import mock

import pytest
from django.apps import apps
from django.test import override_settings

from lagesbild.core.parsers.common import normalise_text
from lagesbild.reports.models import Report
from lagesbild.reports.tests.test_importing import run, template_rows

KEY_A = "a-first-secret-key-long-enough-for-the-tests-of-content-ids-0001"
KEY_B = "a-second-secret-key-long-enough-for-the-tests-of-content-ids-002"

# Two rows without an id of their own; the first has a phone number the scrubber masks.
ROWS = template_rows(
    ";klotter;2024-09-11 22:15;;;;Norr;;Klotter, ring 070-123 45 67;2;",
    ";hot;2024-09-12 10:00;;;;Söder;;;1;",
)
MIGRATION = importlib.import_module("lagesbild.reports.migrations.0010_key_content_ids")

pytestmark = pytest.mark.django_db


def stored_ids() -> set[str]:
    return set(Report.objects.values_list("external_id", flat=True))


def unkeyed_ids():
    """Ids as they were made before they were keyed: "sha256:" and the unkeyed digest."""
    return mock.patch("lagesbild.reports.importing.content_id", lambda unkeyed, _key: unkeyed)


def id_from_a_guess(report: Report, guessed_description: str) -> str:
    """What anyone who reads ``report`` could hash: its stored fields with a guessed text."""
    assert report.area is not None
    content = [
        report.category.code,
        report.occurred_from.isoformat(),
        None,
        None,
        None,
        report.area.code,
        normalise_text(report.place_text),
        normalise_text(guessed_description),
        report.insecurity,
        report.count,
    ]
    return "sha256:" + hashlib.sha256(json.dumps(content).encode()).hexdigest()[:40]


@override_settings(SECRET_KEY=KEY_A)
def test_a_guessed_phone_number_cannot_be_confirmed_from_the_stored_report(cast) -> None:
    with unkeyed_ids():
        run(cast, ROWS)
    before = Report.objects.get(category__code="klotter")
    assert before.description == "Klotter, ring [telefonnummer]"
    assert before.external_id == id_from_a_guess(before, "Klotter, ring 070-123 45 67")
    Report.objects.all().delete()

    run(cast, ROWS)
    now = Report.objects.get(category__code="klotter")
    assert now.external_id.startswith("hmac:")
    assert now.external_id != id_from_a_guess(now, "Klotter, ring 070-123 45 67")


def test_the_same_file_under_another_key_gives_other_ids(cast) -> None:
    with override_settings(SECRET_KEY=KEY_A):
        run(cast, ROWS)
    under_a = stored_ids()
    Report.objects.all().delete()
    with override_settings(SECRET_KEY=KEY_B):
        run(cast, ROWS)
    assert len(under_a) == 2 and not under_a & stored_ids()


def test_after_a_key_rotation_the_old_ids_find_their_reports_and_take_the_new_key(cast) -> None:
    with override_settings(SECRET_KEY=KEY_A):
        run(cast, ROWS)
    under_a = stored_ids()
    Report.objects.update(review_status=Report.Review.ACCEPTED)
    with override_settings(SECRET_KEY=KEY_B):
        assert run(cast, ROWS, dry_run=True).created == 2  # without the old key: not found
    with override_settings(SECRET_KEY=KEY_B, SECRET_KEY_FALLBACKS=[KEY_A]):
        again = run(cast, ROWS)
        assert (again.created, again.updated, again.unchanged) == (0, 2, 0)
        assert not stored_ids() & under_a
        assert set(Report.objects.values_list("review_status", flat=True)) == {
            Report.Review.ACCEPTED
        }
    with override_settings(SECRET_KEY=KEY_B):  # the old key may go now
        assert run(cast, ROWS).unchanged == 2 and Report.objects.count() == 2


@override_settings(SECRET_KEY=KEY_A)
def test_the_migration_keys_the_old_ids_so_a_file_imported_before_finds_its_reports(cast) -> None:
    with unkeyed_ids():
        run(cast, ROWS)
    assert all(i.startswith("sha256:") for i in stored_ids())
    own = run(cast, template_rows("sha256:partnerns-eget-id;hot;2024-09-13 10:00;;;;Söder;;;1;"))
    assert own.created == 1

    MIGRATION.key_content_ids(apps, None)

    assert sorted(i.split(":")[0] for i in stored_ids()) == ["hmac", "hmac", "sha256"]
    assert "sha256:partnerns-eget-id" in stored_ids()
    again = run(cast, ROWS)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
