"""Personal read tokens: the person's rights at each call, read-only, refused when they should
be, and every use audited (docs/permissions.md, "Personal API tokens")."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lagesbild.api.models import PersonalToken
from lagesbild.api.personal import USED, create_personal_token
from lagesbild.audit.models import AuditEntry
from lagesbild.organisations.models import Membership, Role
from lagesbild.reports.models import Report
from lagesbild.testing import PASSWORD, STOCKHOLM, Cast, file_report

WHEN = datetime(2024, 9, 11, 22, 15, tzinfo=STOCKHOLM)
WEEK = "2024-W37"
HUGO_TEXT = "Klotter på förrådsdörren vid gården"
SENSITIVE_TEXT = "Försäljning vid kiosken på kvällarna"

READ_URLS = [
    reverse("api-reports"),
    reverse("api-reports") + "?municipality=0998",
    reverse("api-week", kwargs={"week": WEEK}),
    reverse("api-week", kwargs={"week": WEEK}) + "?municipality=0998",
    reverse("api-measures"),
    reverse("api-region"),
    reverse("api-districts") + "?municipality=0998",
    reverse("api-reports-export", kwargs={"fmt": "csv"}),
]
ANALYSIS_URLS = [
    reverse(name) + f"?municipality={code}&week={WEEK}"
    for name in (
        "api-analysis-near-repeats",
        "api-analysis-time-profile",
        "api-analysis-reporting-effort",
    )
    for code in ("0999", "0998")
] + [
    reverse("api-analysis-police-events") + f"?municipality={code}&from=2024-09-09&to=2024-09-15"
    for code in ("0999", "0998")
]


@pytest.fixture
def reports(cast: Cast) -> list[Report]:
    return [
        file_report(cast.bostad, "klotter", WHEN, Cast.NORR_POINT, HUGO_TEXT),
        file_report(cast.bostad, "narkotika_forsaljning", WHEN, Cast.SODER_POINT, SENSITIVE_TEXT),
        file_report(cast.bevakning, "klotter", WHEN, Cast.SODER_POINT, "Klotter vid skolan"),
        file_report(cast.annan, "klotter", WHEN, (57.005, 14.005), "Klotter i Annanstad"),
    ]


def token_for(user: Any, days: int = 30) -> str:
    return create_personal_token(user, "Skript", days).secret


def with_token(secret: str, url: str, method: str = "get") -> Any:
    cache.clear()  # rate limits count per person: each call as if first
    client = Client(raise_request_exception=False)
    return getattr(client, method)(url, headers={"authorization": f"Bearer {secret}"})


def with_session(user: Any, url: str) -> Any:
    cache.clear()
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client.get(url)


def answer(response: Any) -> tuple[int, Any]:
    if response["Content-Type"].startswith("application/json"):
        return response.status_code, response.json()
    return response.status_code, response.content


def test_a_token_answers_exactly_as_its_persons_session(cast: Cast, reports) -> None:
    """Reports, the week, measures, the region, exports and every analysis endpoint, in both
    municipalities, for a police analyst, a coordinator and vilma (reporter here, analyst there)."""
    for person in (cast.anders, cast.cecilia, cast.vilma):
        secret = token_for(person)
        for url in READ_URLS + ANALYSIS_URLS:
            by_token = answer(with_token(secret, url))
            assert by_token == answer(with_session(person, url)), (person.username, url)
    # Not vacuous: the answers differ between people and hold what each may read.
    anders = with_token(token_for(cast.anders), reverse("api-reports")).content.decode()
    vilma = with_token(token_for(cast.vilma), reverse("api-reports")).content.decode()
    assert SENSITIVE_TEXT in anders and HUGO_TEXT in anders
    assert SENSITIVE_TEXT not in vilma and HUGO_TEXT not in vilma


def test_what_each_person_gets_on_the_analysis_endpoints(cast: Cast, reports) -> None:
    """Analysts and coordinators of a municipality: 200; vilma only where she is an analyst."""
    near = reverse("api-analysis-near-repeats") + f"?week={WEEK}&municipality="
    expected = {
        (cast.anders, "0999"): 200,
        (cast.anders, "0998"): 404,  # not a member there: as if it did not exist
        (cast.cecilia, "0999"): 200,
        (cast.vilma, "0999"): 403,  # a reporter here
        (cast.vilma, "0998"): 200,  # a police analyst there
    }
    for (person, code), status in expected.items():
        response = with_token(token_for(person), near + code)
        assert response.status_code == status, (person.username, code, response.content[:200])


def test_revoked_expired_and_unknown_tokens_are_401(cast: Cast) -> None:
    url = reverse("api-reports")
    revoked = create_personal_token(cast.anders, "Gammal", 30)
    client = Client()
    client.force_login(cast.anders)
    page = reverse("personal-token-revoke", kwargs={"pk": revoked.token.pk})
    assert client.post(page).status_code == 302
    assert with_token(revoked.secret, url).status_code == 401

    expired = create_personal_token(cast.anders, "Utgången", 30)
    PersonalToken.objects.filter(pk=expired.token.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert with_token(expired.secret, url).status_code == 401

    good = token_for(cast.anders)
    assert with_token(good[:-3] + "xyz", url).status_code == 401
    assert with_token("lbp_00000000_" + "x" * 43, url).status_code == 401
    assert with_token(good, url).status_code == 200


def test_a_token_writes_nothing(cast: Cast) -> None:
    secret = token_for(cast.cecilia)
    body = '{"category": "klotter", "occurred_from": "2024-09-11T22:15:00+02:00"}'
    for method in ("post", "put", "patch", "delete"):
        cache.clear()
        response = getattr(Client(raise_request_exception=False), method)(
            reverse("api-reports"),
            body,
            content_type="application/json",
            headers={"authorization": f"Bearer {secret}"},
        )
        assert response.status_code == 403, method
        assert response.json()["error"] == "personal_token_refused"
    assert not Report.objects.exists()


def test_a_deactivated_person_and_an_ended_role_take_the_tokens_use_at_once(cast: Cast) -> None:
    url = reverse("api-reports")
    anders = token_for(cast.anders)
    cast.anders.is_active = False
    cast.anders.save()
    assert with_token(anders, url).status_code == 401

    cecilia = token_for(cast.cecilia)
    assert with_token(cecilia, url).status_code == 200
    Membership.objects.filter(user=cast.cecilia).update(
        ends_on=timezone.localdate() - timedelta(days=1)
    )
    assert with_token(cecilia, url).status_code == 403


def test_an_ended_membership_in_one_municipality_ends_the_rights_there_only(cast: Cast) -> None:
    from django.contrib.auth import get_user_model

    regina = get_user_model().objects.create_user("regina", password=PASSWORD)
    Membership.objects.create(user=regina, organisation=cast.polisen, role=Role.ANALYST)
    there = Membership.objects.create(user=regina, organisation=cast.annan_polis, role=Role.ANALYST)
    secret = token_for(regina)
    effort = reverse("api-analysis-reporting-effort") + "?municipality="
    assert with_token(secret, effort + "0998").status_code == 200
    there.ends_on = timezone.localdate() - timedelta(days=1)
    there.save()
    assert with_token(secret, effort + "0998").status_code == 404
    assert with_token(secret, effort + "0999").status_code == 200
    region = with_token(secret, reverse("api-region")).json()
    assert [m["municipality"]["code"] for m in region["municipalities"]] == ["0999"]


def test_a_person_who_is_now_only_a_reporter_gets_nothing_with_the_token(cast: Cast) -> None:
    secret = token_for(cast.anders)
    near = reverse("api-analysis-near-repeats") + "?municipality=0999"
    assert with_token(secret, near).status_code == 200
    Membership.objects.filter(user=cast.anders).update(role=Role.REPORTER)
    assert with_token(secret, near).status_code == 403
    assert with_token(secret, reverse("api-reports")).status_code == 403


def test_every_call_is_audited_with_person_token_and_endpoint(cast: Cast) -> None:
    issued = create_personal_token(cast.anders, "Power BI", 90)
    url = reverse("api-analysis-time-profile")
    assert with_token(issued.secret, url + "?municipality=0999").status_code == 200
    assert with_token(issued.secret, reverse("api-reports"), "post").status_code == 403
    uses = AuditEntry.objects.filter(action=USED).order_by("pk")
    assert [(u.actor, u.object_id) for u in uses] == [(cast.anders, str(issued.token.pk))] * 2
    assert uses[0].detail == {"prefix": issued.token.prefix, "method": "GET", "path": url}
    assert uses[1].detail["refused"] == "write" and uses[1].detail["method"] == "POST"
    created = AuditEntry.objects.get(action="lagesbild.personal_token.created")
    assert created.actor == cast.anders and created.detail["prefix"] == issued.token.prefix
    issued.token.refresh_from_db()
    assert issued.token.last_used_at is not None


def test_the_page_shows_a_new_secret_once_and_stores_only_its_hash(cast: Cast) -> None:
    client = Client()
    client.force_login(cast.cecilia)
    page = reverse("personal-tokens")
    made = client.post(page, {"name": "R-skript", "days": "90"})
    assert (made.status_code, made["Location"]) == (302, page)
    token = PersonalToken.objects.get(user=cast.cecilia)
    shown = client.get(page)
    secret = shown.context["issued"].secret
    assert secret.startswith(f"lbp_{token.prefix}_") and secret in shown.content.decode()
    # The random part may itself hold "_" (token_urlsafe): cut the prefix off, not split.
    assert secret.removeprefix(f"lbp_{token.prefix}_") not in token.token_hash
    listed = client.get(page).content.decode()
    assert secret not in listed and f"lbp_{token.prefix}" in listed and "R-skript" in listed
    assert timedelta(days=89) < token.expires_at - timezone.now() <= timedelta(days=90)
    assert with_token(secret, reverse("api-reports")).status_code == 200


def test_reloading_the_page_after_making_a_token_makes_no_other_and_hides_the_secret(
    cast: Cast,
) -> None:
    # The POST answered with the page itself: the browser's reload sent the form again and
    # made a second token. Now it redirects, and the page shows the secret to one GET only.
    client = Client()
    client.force_login(cast.anders)
    page = reverse("personal-tokens")
    made = client.post(page, {"name": "Power BI", "days": "30"}, follow=True)
    assert made.redirect_chain == [(page, 302)]
    secret = made.context["issued"].secret
    assert made.content.decode().count(secret) == 1
    reloaded = client.get(page)
    assert reloaded.context["issued"] is None and secret not in reloaded.content.decode()
    assert "Kopiera nyckeln nu" not in reloaded.content.decode()
    assert PersonalToken.objects.filter(user=cast.anders).count() == 1
    created = AuditEntry.objects.filter(action="lagesbild.personal_token.created")
    assert created.count() == 1


def test_a_form_with_errors_makes_no_token_and_names_the_field(cast: Cast) -> None:
    client = Client()
    client.force_login(cast.anders)
    refused = client.post(reverse("personal-tokens"), {"name": "x", "days": "7"})
    assert refused.status_code == 400 and refused.context["form"].errors["days"]
    assert refused.context["issued"] is None
    assert not PersonalToken.objects.filter(user=cast.anders).exists()


def test_only_analysts_coordinators_and_admins_hold_tokens(cast: Cast) -> None:
    page = reverse("personal-tokens")
    for person, status in ((cast.rut, 403), (cast.sara, 403), (cast.nemo, 403), (cast.ebba, 403),
                           (cast.anders, 200), (cast.vilma, 200)):  # fmt: skip
        client = Client()
        client.force_login(person)
        assert client.get(page).status_code == status, person.username
        made = client.post(page, {"name": "x", "days": "30"})
        assert made.status_code == (302 if status == 200 else status), person.username
    assert set(PersonalToken.objects.values_list("user__username", flat=True)) == {
        "anders",
        "vilma",
    }


def test_nobody_revokes_another_persons_token(cast: Cast) -> None:
    issued = create_personal_token(cast.cecilia, "Skript", 30)
    client = Client()
    client.force_login(cast.anders)
    page = reverse("personal-token-revoke", kwargs={"pk": issued.token.pk})
    assert client.post(page).status_code == 404
    assert with_token(issued.secret, reverse("api-reports")).status_code == 200


def test_a_name_with_personal_data_is_scrubbed(cast: Cast) -> None:
    client = Client()
    client.force_login(cast.anders)
    client.post(reverse("personal-tokens"), {"name": "Ring 070-123 45 67", "days": "30"})
    assert "070" not in PersonalToken.objects.get(user=cast.anders).name


def test_a_token_without_a_name_is_refused_by_the_page_in_its_own_words(cast: Cast) -> None:
    """The form is novalidate like every other: the browser's own bubble (in the browser's
    language, gone when it closes) had stood for the page's error beside the field."""
    client = Client()
    client.force_login(cast.anders)
    page = client.get(reverse("personal-tokens")).content.decode()
    assert '<form method="post" novalidate>' in page
    refused = client.post(reverse("personal-tokens"), {"name": " ", "days": "30"})
    html = refused.content.decode()
    assert refused.status_code == 400 and refused.context["form"].errors["name"]
    assert 'aria-invalid="true"' in html and "Det här fältet är obligatoriskt." in html
    assert '<option value="30" selected>30 dagar</option>' in html  # the choice is kept
    assert not PersonalToken.objects.filter(user=cast.anders).exists()
