from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from lagesbild.audit.models import AuditEntry
from lagesbild.jobs.models import Job
from lagesbild.statutory.models import PlanItem, StatutoryDocument
from lagesbild.statutory.services import decide
from lagesbild.statutory.tests.conftest import DECIDED_ON, YEAR
from lagesbild.testing import client_for, job_file, run_queued_jobs


def url(name: str, *args) -> str:
    return reverse(name, args=args)


def test_every_member_reads_the_list_and_the_document(draft, town) -> None:
    for user in (town.cast.cecilia, town.cast.anders, town.cast.rut, town.cast.sara):
        assert client_for(user).get(url("statutory-list")).status_code == 200
        page = client_for(user).get(url("statutory-document", draft.pk))
        assert page.status_code == 200
        html = page.content.decode()
        assert (
            "1 Kartläggning" in html
            and "4 Åtgärdsplan" in html
            and "Fullständighetskontroll" in html
        )


def test_only_coordinators_see_the_edit_forms(draft, town) -> None:
    assert (
        "Spara texten"
        in client_for(town.cast.cecilia).get(url("statutory-document", draft.pk)).content.decode()
    )
    html = client_for(town.cast.rut).get(url("statutory-document", draft.pk)).content.decode()
    assert "Spara texten" not in html and "Besluta och lås" not in html


def test_the_follow_up_status_is_shown_in_words_as_well_as_colour(draft, town) -> None:
    html = client_for(town.cast.rut).get(url("statutory-document", draft.pk)).content.decode()
    assert 'class="status status-none"' in html and "Ej bedömd" in html
    assert "Röd – avviker eller försenad" in html  # the cleaning is past its due date


def test_a_coordinator_generates_a_draft_from_the_list_in_the_background(town) -> None:
    client = client_for(town.cast.cecilia)
    response = client.post(url("statutory-list"), {"year": str(YEAR)})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == url("job-detail", job.pk)
    assert not StatutoryDocument.objects.exists()
    run_queued_jobs()
    document = StatutoryDocument.objects.get()
    page = client.get(url("job-detail", job.pk)).content.decode()
    assert f'href="{url("statutory-document", document.pk)}"' in page
    assert AuditEntry.objects.filter(action="lagesbild.statutory.generated").count() == 1


def test_a_coordinator_edits_a_section_a_problem_and_a_plan_row(draft, town) -> None:
    client = client_for(town.cast.cecilia)
    response = client.post(
        url("statutory-section", draft.pk, "orsaker"), {"orsaker-text": "Mörka gångstråk."}
    )
    assert response.status_code == 302
    problem = draft.problems.get(rank=2)
    response = client.post(
        url("statutory-problem", draft.pk, problem.pk),
        {
            "rank": "2",
            "title": "Cykelstölder i Söder",
            "description": "",
            "categories": [],
            "areas": [str(town.cast.soder.pk)],
            "cause": "Olåsta cykelrum",
            "consequences": "",
        },
    )
    assert response.status_code == 302
    response = client.post(
        url("statutory-item-new", draft.pk),
        {
            "problem": str(problem.pk),
            "title": "Lås i cykelrummen",
            "who": str(town.cast.bostad.pk),
            "start_date": "2024-05-01",
            "end_date": "2024-09-30",
            "follow_up": "Antal stölder",
            "follow_up_status": "yellow",
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    problem.refresh_from_db()
    assert draft.sections["orsaker"] == "Mörka gångstråk."
    assert (problem.title, problem.cause) == ("Cykelstölder i Söder", "Olåsta cykelrum")
    item = PlanItem.objects.get(title="Lås i cykelrummen")
    assert (item.problem, item.follow_up_status) == (problem, "yellow")
    html = client.get(url("statutory-document", draft.pk)).content.decode()
    assert "Gul – risk för avvikelse" in html and "Mörka gångstråk." in html


def test_a_coordinator_decides_a_version_and_it_locks(draft, town) -> None:
    client = client_for(town.cast.cecilia)
    response = client.post(
        url("statutory-decide", draft.pk), {"decided_at": "2025-02-10", "reference": "KF § 12"}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_decided and draft.decision_reference == "KF § 12"
    html = client.get(url("statutory-document", draft.pk)).content.decode()
    assert (
        "är beslutad (KF § 12" in html
        and "Skapa en ny version" in html
        and "Spara texten" not in html
    )


def test_editing_a_decided_version_is_a_400_that_says_to_make_a_new_version(draft, town) -> None:
    decide(draft, town.cast.cecilia, DECIDED_ON, "KF § 123")
    client = client_for(town.cast.cecilia)
    problem, item = draft.problems.first(), draft.plan_items.first()
    attempts = [
        client.post(url("statutory-section", draft.pk, "orsaker"), {"orsaker-text": "Ny"}),
        client.post(url("statutory-problem", draft.pk, problem.pk), {"rank": "1", "title": "X"}),
        client.get(url("statutory-item-new", draft.pk)),
        client.post(url("statutory-item-delete", draft.pk, item.pk)),
        client.post(url("statutory-problem-delete", draft.pk, problem.pk)),
        client.post(
            url("statutory-decide", draft.pk), {"decided_at": "2025-02-11", "reference": "KF § 9"}
        ),
    ]
    for response in attempts:
        assert response.status_code == 400
        assert "är beslutad (KF § 123) och kan inte ändras" in response.content.decode()
    response = client.post(url("statutory-new-version", draft.pk))
    copy = StatutoryDocument.objects.get(version=2)
    assert response.status_code == 302 and not copy.is_decided


@pytest.mark.parametrize("user", ["sara", "rut", "anders"])
def test_members_who_are_not_coordinators_may_not_edit(draft, town, user) -> None:
    client = client_for(getattr(town.cast, user))
    problem = draft.problems.first()
    attempts = [
        client.post(url("statutory-list"), {"year": str(YEAR)}),
        client.post(url("statutory-section", draft.pk, "orsaker"), {"orsaker-text": "Ny"}),
        client.get(url("statutory-problem-new", draft.pk)),
        client.post(url("statutory-problem-delete", draft.pk, problem.pk)),
        client.post(
            url("statutory-decide", draft.pk), {"decided_at": "2025-02-10", "reference": "KF § 1"}
        ),
        client.post(url("statutory-new-version", draft.pk)),
    ]
    assert [r.status_code for r in attempts] == [403] * len(attempts)
    assert StatutoryDocument.objects.count() == 1 and not StatutoryDocument.objects.get().is_decided


def test_another_municipality_sees_nothing_and_anonymous_must_log_in(draft, town) -> None:
    olle, nemo = client_for(town.cast.olle), client_for(town.cast.nemo)
    for path in (
        url("statutory-document", draft.pk),
        url("statutory-export", draft.pk, "pdf"),
        url("statutory-problem-new", draft.pk),
    ):
        assert olle.get(path).status_code == 404
        assert nemo.get(path).status_code == 404
        response = Client().get(path)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert (
        olle.post(url("statutory-section", draft.pk, "orsaker"), {"orsaker-text": "x"}).status_code
        == 404
    )
    assert nemo.get(url("statutory-list")).status_code == 404


def test_invalid_input_is_a_400_not_a_500(draft, town) -> None:
    client = client_for(town.cast.cecilia)
    problem = draft.problems.first()
    responses = {
        "year": client.post(url("statutory-list"), {"year": "tjugo"}),
        "future year": client.post(url("statutory-list"), {"year": "2999"}),
        "section": client.post(
            url("statutory-section", draft.pk, "hemligt"), {"hemligt-text": "x"}
        ),
        "too long": client.post(
            url("statutory-section", draft.pk, "orsaker"), {"orsaker-text": "x" * 20_001}
        ),
        "no reference": client.post(
            url("statutory-decide", draft.pk), {"decided_at": "2025-02-10", "reference": ""}
        ),
        "bad date": client.post(
            url("statutory-decide", draft.pk), {"decided_at": "10/2", "reference": "KF § 1"}
        ),
        "backwards": client.post(
            url("statutory-item-new", draft.pk),
            {
                "title": "X",
                "start_date": "2024-05-01",
                "end_date": "2024-04-01",
                "follow_up_status": "none",
            },
        ),
        "no title": client.post(url("statutory-item-new", draft.pk), {"follow_up_status": "none"}),
        "bad status": client.post(
            url("statutory-item-new", draft.pk), {"title": "X", "follow_up_status": "blå"}
        ),
        "foreign area": client.post(
            url("statutory-problem", draft.pk, problem.pk),
            {
                "rank": "1",
                "title": "X",
                "areas": [str(town.cast.other_municipality.areas.get().pk)],
            },
        ),
    }
    assert {name: r.status_code for name, r in responses.items()} == {
        name: 400 for name in responses
    }
    assert (
        StatutoryDocument.objects.count() == 1 and not draft.plan_items.filter(title="X").exists()
    )


def test_the_menu_links_the_page_for_readers_but_not_for_reporters(draft, town) -> None:
    link = f'href="{url("statutory-list")}"'
    assert link in client_for(town.cast.rut).get(url("statutory-list")).content.decode()
    assert link not in client_for(town.cast.sara).get(url("statutory-list")).content.decode()


def test_every_export_is_audited(draft, town) -> None:
    client = client_for(town.cast.rut)
    for fmt in ("json", "docx"):
        get = client.get(url("statutory-export", draft.pk, fmt))
        response = (
            get if fmt == "json" else job_file(client, url("statutory-export", draft.pk, fmt))
        )
        assert response.status_code == 200
        assert f"lagesbild-atgardsplan-0999-2024-v1.{fmt}" in response["Content-Disposition"]
    entries = AuditEntry.objects.filter(
        action="lagesbild.statutory.exported", object_id=str(draft.pk)
    )
    assert sorted(e.detail["format"] for e in entries) == ["docx", "json"]
    assert {e.actor for e in entries} == {town.cast.rut}


def test_the_documents_figures_are_swedish_in_the_english_interface_too(draft, town) -> None:
    """Its cells say "−1,0 % per år (ej säkerställd)" in either language: a rate had read
    "1,306,5" (English thousands, Swedish decimals) and a count "2,584" beside them."""
    client = client_for(town.cast.rut)
    client.cookies["django_language"] = "en"
    html = client.get(url("statutory-document", draft.pk)).content.decode()
    assert '<html lang="en"' in html
    # Vandalism 2024: 665 reports among 50 900 inhabitants.
    assert "<td>665</td><td>1\u00a0306,5</td><td>700</td>" in html
    assert "1,306" not in html and "50,900" not in html
    # Their words are Swedish too, and say so to a screen reader (WCAG 3.1.2).
    assert html.count('<tbody lang="sv">') >= 3 and "<tbody>" not in html
