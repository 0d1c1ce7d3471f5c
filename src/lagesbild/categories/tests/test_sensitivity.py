"""One definition of "sensitive": on the category, inherited from its parent."""

from __future__ import annotations

from datetime import datetime

import pytest

from lagesbild.categories.models import Category
from lagesbild.categories.sensitivity import without_sensitive
from lagesbild.reports.models import Report
from lagesbild.testing import STOCKHOLM, file_report

pytestmark = pytest.mark.django_db
WHEN = datetime(2024, 9, 11, 12, 0, tzinfo=STOCKHOLM)


def test_a_subcategory_of_a_sensitive_category_is_sensitive() -> None:
    parent = Category.objects.get(code="organiserad")
    child = Category.objects.create(code="utpressning", parent=parent, name_sv="U", name_en="E")
    assert child.sensitive
    child.sensitive = False
    child.save()
    child.refresh_from_db()
    assert child.sensitive  # cannot be switched off under a sensitive parent


def test_marking_a_category_sensitive_marks_its_subcategories() -> None:
    parent = Category.objects.get(code="ordning")
    assert parent.children.exists() and not parent.children.filter(sensitive=True).exists()
    parent.sensitive = True
    parent.save()
    assert not parent.children.filter(sensitive=False).exists()


def test_the_seeded_taxonomy_holds_the_inheritance() -> None:
    assert not Category.objects.filter(parent__sensitive=True, sensitive=False).exists()
    assert Category.objects.get(code="narkotika_forsaljning").sensitive
    assert not Category.objects.get(code="narkotika").sensitive


def test_without_sensitive_leaves_out_sensitive_subcategories(cast) -> None:
    plain = file_report(cast.bostad, "klotter", WHEN)
    file_report(cast.bostad, "narkotika_forsaljning", WHEN)
    file_report(cast.polisen, "organiserad", WHEN)
    assert list(without_sensitive(Report.objects.all())) == [plain]
