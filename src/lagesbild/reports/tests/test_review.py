"""Review before the lägesbild: the services in reports/review.py and the queue at /granska/."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from lagesbild.audit.models import AuditEntry
from lagesbild.briefings.services import weekly_picture
from lagesbild.categories.models import Category
from lagesbild.core.weeks import IsoWeek
from lagesbild.organisations.access import viewer_for
from lagesbild.organisations.models import Membership, Role
from lagesbild.reports import review
from lagesbild.reports.models import Report
from lagesbild.testing import PASSWORD, STOCKHOLM, Cast, client_for, file_report

WHEN = datetime(2024, 9, 11, 22, 15, tzinfo=STOCKHOLM)
WEEK = IsoWeek(2024, 37)
# About 100 m north of the Norr point: close enough to be the same incident.
NEAR_NORR = (Cast.NORR_POINT[0] + 0.0009, Cast.NORR_POINT[1])


def audit(report: Report) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(object_id=str(report.pk))
        .exclude(action="lagesbild.report.created")
        .order_by("pk")
    )


def week_total(cast: Cast) -> int:
    return weekly_picture(viewer_for(cast.cecilia), cast.municipality, WEEK).total.count


def one_fire_two_partners(cast: Cast) -> tuple[Report, Report]:
    first = file_report(
        cast.bevakning, "containerbrand", WHEN, point=Cast.NORR_POINT, text="Container brinner"
    )
    second = file_report(
        cast.bostad,
        "bilbrand",
        WHEN + timedelta(minutes=30),
        point=NEAR_NORR,
        text="Brand vid soprum",
    )
    return first, second


def coordinator_elsewhere(cast: Cast):
    """A coordinator of the other municipality, Annanstad."""
    olga = get_user_model().objects.create_user(username="olga", password=PASSWORD)
    Membership.objects.create(user=olga, organisation=cast.annan, role=Role.COORDINATOR)
    return olga


# --- services -------------------------------------------------------------------------------


def test_accepting_a_report_records_who_and_when_and_is_audited(cast: Cast) -> None:
    report = file_report(cast.bevakning, "klotter", WHEN)
    review.accept_report(report, cast.cecilia)
    report.refresh_from_db()
    assert report.review_status == Report.Review.ACCEPTED
    assert report.reviewed_by == cast.cecilia and report.reviewed_at is not None
    [entry] = audit(report)
    assert entry.action == "lagesbild.report.accepted" and entry.actor == cast.cecilia
    assert entry.detail == {"previous": "pending"}


def test_correcting_the_category_accepts_the_report_and_records_what_changed(cast: Cast) -> None:
    report = file_report(cast.bevakning, "klotter", WHEN, point=Cast.NORR_POINT)
    correction = review.Correction(category=Category.objects.get(code="ovrig_skadegorelse"))
    review.correct_and_accept(report, correction, cast.cecilia)
    report.refresh_from_db()
    assert (
        report.category.code == "ovrig_skadegorelse"
        and report.review_status == Report.Review.ACCEPTED
    )
    assert report.area == cast.norr  # the place was not touched
    [entry] = audit(report)
    assert entry.action == "lagesbild.report.corrected"
    assert entry.detail["changed"] == {"category": ["klotter", "ovrig_skadegorelse"]}


def test_correcting_the_point_places_the_report_in_the_district_as_filing_does(cast: Cast) -> None:
    report = file_report(cast.bevakning, "klotter", WHEN, point=Cast.NORR_POINT)
    review.correct_and_accept(report, review.Correction(point=Cast.SODER_POINT), cast.cecilia)
    report.refresh_from_db()
    assert (report.latitude, report.longitude) == Cast.SODER_POINT and report.area == cast.soder
    changed = audit(report)[0].detail["changed"]
    assert changed["area"] == ["norr", "soder"] and changed["latitude"] == [
        Cast.NORR_POINT[0],
        Cast.SODER_POINT[0],
    ]
    assert "category" not in changed


def test_correcting_the_district_removes_the_wrong_pin(cast: Cast) -> None:
    report = file_report(cast.bevakning, "klotter", WHEN, point=Cast.NORR_POINT)
    review.correct_and_accept(report, review.Correction(area=cast.soder), cast.cecilia)
    report.refresh_from_db()
    assert report.area == cast.soder and not report.has_point
    assert set(audit(report)[0].detail["changed"]) == {"area", "latitude", "longitude"}


def test_correcting_an_imported_report_keeps_its_external_id(cast: Cast) -> None:
    report = file_report(
        cast.bevakning, "klotter", WHEN, source=Report.Source.IMPORT, external_id="R-7"
    )
    review.correct_and_accept(report, review.Correction(area=cast.norr), cast.cecilia)
    report.refresh_from_db()
    assert report.area == cast.norr and report.external_id == "R-7"


def test_a_district_of_another_municipality_cannot_be_chosen(cast: Cast) -> None:
    report = file_report(cast.bevakning, "klotter", WHEN)
    mitt = cast.other_municipality.areas.get()
    with pytest.raises(ValidationError):
        review.correct_and_accept(report, review.Correction(area=mitt), cast.cecilia)
    report.refresh_from_db()
    assert report.review_status == Report.Review.PENDING and report.area is None


def test_merged_duplicates_count_once_in_the_weekly_picture(cast: Cast) -> None:
    first, second = one_fire_two_partners(cast)
    assert week_total(cast) == 2
    review.merge_reports(first, [second], cast.cecilia)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.review_status == Report.Review.ACCEPTED
    assert second.review_status == Report.Review.MERGED and second.duplicate_of == first
    assert week_total(cast) == 1
    assert audit(second)[0].action == "lagesbild.report.merged"
    assert audit(second)[0].detail == {"previous": "pending", "primary": first.pk}
    assert audit(first)[0].detail == {"previous": "pending", "duplicates": [second.pk]}


def test_rejected_reports_drop_out_of_the_weekly_picture_and_the_reason_is_scrubbed(
    cast: Cast,
) -> None:
    report = file_report(cast.bevakning, "klotter", WHEN)
    file_report(cast.bostad, "klotter", WHEN)
    review.reject_report(report, "Fel kommun; ring 850709-9805 om frågor.", cast.cecilia)
    report.refresh_from_db()
    assert report.review_status == Report.Review.REJECTED
    assert report.rejection_reason == "Fel kommun; ring [personnummer] om frågor."
    assert week_total(cast) == 1
    [entry] = audit(report)
    assert entry.action == "lagesbild.report.rejected" and "850709" not in str(entry.detail)


def test_a_rejection_needs_a_reason(cast: Cast) -> None:
    report = file_report(cast.bevakning, "klotter", WHEN)
    with pytest.raises(ValidationError):
        review.reject_report(report, "   ", cast.cecilia)
    report.refresh_from_db()
    assert report.review_status == Report.Review.PENDING and not audit(report)


def test_a_rejected_report_can_be_accepted_later_and_both_reviews_are_audited(cast: Cast) -> None:
    report = file_report(cast.bevakning, "klotter", WHEN)
    review.reject_report(report, "Dubbelrapporterad?", cast.cecilia)
    review.accept_report(report, cast.cecilia)
    report.refresh_from_db()
    assert report.review_status == Report.Review.ACCEPTED and report.rejection_reason == ""
    assert [e.action for e in audit(report)] == [
        "lagesbild.report.rejected",
        "lagesbild.report.accepted",
    ]
    assert audit(report)[1].detail == {"previous": "rejected"}
    assert week_total(cast) == 1


def test_accepting_a_merged_duplicate_takes_it_back_into_the_counts(cast: Cast) -> None:
    first, second = one_fire_two_partners(cast)
    review.merge_reports(first, [second], cast.cecilia)
    review.accept_report(second, cast.cecilia)
    second.refresh_from_db()
    assert second.duplicate_of is None and week_total(cast) == 2


def test_merging_a_primary_into_another_report_hands_its_duplicates_on(cast: Cast) -> None:
    a = file_report(cast.bevakning, "klotter", WHEN)
    b = file_report(cast.bostad, "klotter", WHEN)
    c = file_report(cast.polisen, "klotter", WHEN)
    review.merge_reports(b, [a], cast.cecilia)
    review.merge_reports(c, [b], cast.cecilia)
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.duplicate_of == c and b.duplicate_of == c
    assert week_total(cast) == 1


def test_a_primary_with_duplicates_cannot_be_rejected_before_they_are_resolved(cast: Cast) -> None:
    first, second = one_fire_two_partners(cast)
    review.merge_reports(first, [second], cast.cecilia)
    with pytest.raises(ValidationError, match=f"#{second.pk}"):
        review.reject_report(first, "Ingen brand", cast.cecilia)


@pytest.mark.parametrize("other", ["week", "municipality", "itself"])
def test_merging_across_weeks_or_municipalities_or_with_itself_is_refused(
    cast: Cast, other: str
) -> None:
    primary = file_report(cast.bevakning, "klotter", WHEN)
    duplicate = {
        "week": lambda: file_report(cast.bostad, "klotter", WHEN + timedelta(days=7)),
        "municipality": lambda: file_report(cast.annan, "klotter", WHEN),
        "itself": lambda: primary,
    }[other]()
    with pytest.raises((ValidationError, PermissionDenied)):
        review.merge_reports(primary, [duplicate], cast.cecilia)
    assert not Report.objects.filter(review_status=Report.Review.MERGED).exists()


def test_accepting_all_remaining_accepts_only_the_weeks_pending_reports(cast: Cast) -> None:
    pending = [file_report(cast.bevakning, "klotter", WHEN + timedelta(hours=h)) for h in range(3)]
    rejected = file_report(cast.bostad, "klotter", WHEN)
    review.reject_report(rejected, "Inte en händelse", cast.cecilia)
    next_week = file_report(cast.bevakning, "klotter", WHEN + timedelta(days=7))
    assert review.accept_remaining(cast.municipality, WEEK, cast.cecilia) == 3
    statuses = dict(Report.objects.values_list("pk", "review_status"))
    assert {statuses[r.pk] for r in pending} == {"accepted"}
    assert statuses[rejected.pk] == "rejected" and statuses[next_week.pk] == "pending"
    assert (
        AuditEntry.objects.filter(action="lagesbild.report.accepted", detail__bulk=True).count()
        == 3
    )


def test_only_coordinators_of_the_reports_municipality_may_review(cast: Cast) -> None:
    report = file_report(cast.bevakning, "klotter", WHEN)
    for user in (cast.sara, cast.anders, cast.rut, coordinator_elsewhere(cast)):
        with pytest.raises(PermissionDenied):
            review.accept_report(report, user)
    with pytest.raises(PermissionDenied):
        review.accept_remaining(cast.municipality, WEEK, cast.sara)
    report.refresh_from_db()
    assert report.review_status == Report.Review.PENDING


# --- the queue ------------------------------------------------------------------------------


def queue(client: Client, week: str = "2024-W37"):
    return client.get(reverse("review-queue"), {"vecka": week})


def test_the_queue_lists_the_weeks_pending_reports_with_likely_duplicates_together(
    cast: Cast,
) -> None:
    first, second = one_fire_two_partners(cast)
    same_org_nearby = file_report(cast.bevakning, "klotter", WHEN, point=Cast.NORR_POINT)
    far = file_report(cast.polisen, "containerbrand", WHEN, point=Cast.SODER_POINT)  # 1.1 km away
    accepted = file_report(cast.kommunen, "hot", WHEN)
    review.accept_report(accepted, cast.cecilia)
    later = file_report(cast.bevakning, "klotter", WHEN + timedelta(days=7))
    elsewhere = file_report(cast.annan, "klotter", WHEN)

    response = queue(client_for(cast.cecilia))
    assert response.status_code == 200
    context = response.context
    assert [[i.report.pk for i in g] for g in context["duplicate_groups"]] == [
        [first.pk, second.pk]
    ]
    assert {i.report.pk for i in context["single"]} == {same_org_nearby.pk, far.pk}
    assert [i.report.pk for i in context["reviewed"]] == [accepted.pk]
    page = response.content.decode()
    assert (
        "Container brinner" in page
        and f"rapport-{later.pk}" not in page
        and f"rapport-{elsewhere.pk}" not in page
    )


def test_the_queue_defaults_to_this_week_and_a_bad_week_is_400(cast: Cast) -> None:
    client = client_for(cast.cecilia)
    assert client.get(reverse("review-queue")).status_code == 200
    response = queue(client, "vecka 37")
    assert response.status_code == 400 and "2024-W37" in response.content.decode()


ACTIONS = [
    ("review-accept", True, {}),
    ("review-correct", True, {"c{pk}-category": "klotter"}),
    ("review-reject", True, {"a{pk}-reason": "Nej"}),
    ("review-merge", False, {"primary": "{pk}", "reports": "{pk}"}),
    ("review-accept-all", False, {"vecka": "2024-W37"}),
]


def post_action(client: Client, name: str, takes_pk: bool, data: dict, pk: int):
    url = reverse(name, args=[pk] if takes_pk else [])
    return client.post(url, {k.format(pk=pk): v.format(pk=pk) for k, v in data.items()})


@pytest.mark.parametrize("who", ["sara", "hugo", "rut", "anders", "olle", "nemo"])
def test_everyone_but_coordinators_is_refused_the_queue_and_every_action(
    cast: Cast, who: str
) -> None:
    report = file_report(cast.bevakning, "klotter", WHEN)
    client = client_for(getattr(cast, who))
    assert queue(client).status_code == 403
    for name, takes_pk, data in ACTIONS:
        assert post_action(client, name, takes_pk, data, report.pk).status_code == 403, name
    report.refresh_from_db()
    assert report.review_status == Report.Review.PENDING


def test_anonymous_visitors_are_sent_to_log_in(cast: Cast, client: Client) -> None:
    report = file_report(cast.bevakning, "klotter", WHEN)
    responses = [queue(client)] + [post_action(client, *action, report.pk) for action in ACTIONS]
    for response in responses:
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_coordinator_cannot_act_on_another_municipalitys_report(cast: Cast) -> None:
    elsewhere = file_report(cast.annan, "klotter", WHEN)
    client = client_for(cast.cecilia)
    for name, takes_pk, data in ACTIONS[:3]:
        assert post_action(client, name, takes_pk, data, elsewhere.pk).status_code == 404, name
    olga = client_for(coordinator_elsewhere(cast))
    ours = file_report(cast.bevakning, "klotter", WHEN)
    assert post_action(olga, *ACTIONS[0], ours.pk).status_code == 404
    assert (
        olga.get(reverse("review-queue"), {"vecka": "2024-W37", "kommun": "0999"}).status_code
        == 403
    )
    for report in (elsewhere, ours):
        report.refresh_from_db()
        assert report.review_status == Report.Review.PENDING


def test_actions_redirect_back_to_the_weeks_queue_with_a_message(cast: Cast) -> None:
    report = file_report(cast.bevakning, "klotter", WHEN)
    client = client_for(cast.cecilia)
    response = client.post(reverse("review-accept", args=[report.pk]), {"vecka": "2024-W37"})
    assert response.status_code == 302 and "vecka=2024-W37" in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert f"Rapport {report.pk} är godkänd." in page


def test_the_messages_count_in_the_singular_and_the_plural(cast: Cast) -> None:
    first, second = one_fire_two_partners(cast)
    third = file_report(cast.kommunen, "brand", WHEN)
    client = client_for(cast.cecilia)
    merged = client.post(
        reverse("review-merge"),
        {"vecka": "2024-W37", "primary": third.pk, "reports": [first.pk, second.pk]},
        follow=True,
    ).content.decode()
    assert f"Rapporterna {first.pk}, {second.pk} är sammanslagna med rapport {third.pk}." in merged
    fourth = file_report(cast.kommunen, "klotter", WHEN)
    accepted = client.post(reverse("review-accept-all"), {"vecka": "2024-W37"}, follow=True)
    assert "1 rapport godkänd för vecka 2024-W37." in accepted.content.decode()
    assert Report.objects.get(pk=fourth.pk).review_status == Report.Review.ACCEPTED
    client.cookies["django_language"] = "en"
    file_report(cast.kommunen, "klotter", WHEN)
    english = client.post(reverse("review-accept-all"), {"vecka": "2024-W37"}, follow=True)
    assert "1 report accepted for week 2024-W37." in english.content.decode()


def test_the_coordinator_merges_a_group_and_rejects_a_report_through_the_page(cast: Cast) -> None:
    first, second = one_fire_two_partners(cast)
    third = file_report(cast.kommunen, "klotter", WHEN)
    client = client_for(cast.cecilia)
    merged = client.post(
        reverse("review-merge"),
        {"vecka": "2024-W37", "primary": second.pk, "reports": [first.pk, second.pk]},
    )
    rejected = client.post(
        reverse("review-reject", args=[third.pk]), {f"a{third.pk}-reason": "Privat mark"}
    )
    assert merged.status_code == rejected.status_code == 302
    first.refresh_from_db()
    third.refresh_from_db()
    assert first.duplicate_of == second and third.rejection_reason == "Privat mark"
    assert week_total(cast) == 1


def test_the_coordinator_corrects_category_and_district_through_the_page(cast: Cast) -> None:
    report = file_report(cast.bevakning, "klotter", WHEN)
    data = {"c{pk}-category": Category.objects.get(code="hot").pk, "c{pk}-area": cast.soder.pk}
    response = client_for(cast.cecilia).post(
        reverse("review-correct", args=[report.pk]),
        {k.format(pk=report.pk): v for k, v in data.items()},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.category.code, report.area, report.review_status) == (
        "hot",
        cast.soder,
        "accepted",
    )


@pytest.mark.parametrize(
    ("action", "data", "message"),
    [
        ("reject", {"a{pk}-reason": ""}, "Skriv ett skäl"),
        ("correct", {"c{pk}-category": "999999"}, "Välj ett giltigt alternativ"),
        ("correct", {"c{pk}-category": "klotter-ish"}, "Välj ett giltigt alternativ"),
        ("correct", {}, "Ange vad som ska rättas"),
        ("correct", {"c{pk}-latitude": "56.0"}, "Ange både latitud och longitud."),
        (
            "correct",
            {"c{pk}-latitude": "56.0", "c{pk}-longitude": "13.0", "c{pk}-area": "{soder}"},
            "antingen",
        ),
        ("correct", {"c{pk}-latitude": "91", "c{pk}-longitude": "13.0"}, "90"),
        ("correct", {"c{pk}-area": "{mitt}"}, "Välj ett giltigt alternativ"),
        ("merge", {"primary": "{other_week}", "reports": "{pk}"}, "vecka 2024-W38"),
        (
            "merge",
            {"primary": "{elsewhere}", "reports": "{pk}"},
            "finns inte bland de rapporter du granskar",
        ),
        ("merge", {"primary": "{pk}", "reports": "{pk}"}, "Välj minst en dubblett"),
        ("merge", {"primary": "", "reports": "{pk}"}, "Välj vilken rapport som ska stå kvar"),
        ("merge", {"primary": "{pk}", "reports": "tre"}, "Ange rapporter med deras nummer"),
        # Past the largest id a database stores: a 500 (OverflowError) on SQLite before.
        ("merge", {"primary": "9" * 20, "reports": "{pk}"}, "mindre än eller lika med"),
        ("merge", {"primary": "{pk}", "reports": "9" * 20}, "Ange rapporter med deras nummer"),
        ("accept-all", {"vecka": "förra veckan"}, "2024-W37"),
        ("accept-all", {}, "Ange veckan"),
    ],
)
def test_invalid_input_is_answered_400_with_a_message_and_changes_nothing(
    cast: Cast, action: str, data: dict, message: str
) -> None:
    report = file_report(cast.bevakning, "klotter", WHEN, point=Cast.NORR_POINT)
    ids = {
        "pk": report.pk,
        "other_week": file_report(cast.bostad, "klotter", WHEN + timedelta(days=7)).pk,
        "elsewhere": file_report(cast.annan, "klotter", WHEN).pk,
        "soder": cast.soder.pk,
        "mitt": cast.other_municipality.areas.get().pk,
    }
    name = f"review-{action}"
    url = reverse(name, args=[report.pk]) if action in ("reject", "correct") else reverse(name)
    posted = {k.format(**ids): v.format(**ids) for k, v in data.items()}
    before = list(
        Report.objects.order_by("pk").values_list("review_status", "category_id", "area_id")
    )
    response = client_for(cast.cecilia).post(url, posted)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert (
        list(Report.objects.order_by("pk").values_list("review_status", "category_id", "area_id"))
        == before
    )
    assert not AuditEntry.objects.exclude(action="lagesbild.report.created").exists()


def test_a_failed_rejection_shows_the_error_at_the_reason_field(cast: Cast) -> None:
    report = file_report(cast.bevakning, "klotter", WHEN)
    response = client_for(cast.cecilia).post(
        reverse("review-reject", args=[report.pk]), {f"a{report.pk}-reason": ""}
    )
    page = response.content.decode()
    assert (
        f'aria-describedby="id_a{report.pk}-reason_helptext id_a{report.pk}-reason_error"' in page
    )
    assert "<details open>" in page


def test_the_accept_all_button_accepts_the_weeks_remaining_reports(cast: Cast) -> None:
    reports = [file_report(cast.bevakning, "klotter", WHEN), file_report(cast.bostad, "hot", WHEN)]
    response = client_for(cast.cecilia).post(reverse("review-accept-all"), {"vecka": "2024-W37"})
    assert response.status_code == 302
    assert {r.review_status for r in Report.objects.filter(pk__in=[r.pk for r in reports])} == {
        "accepted"
    }


def test_the_nav_shows_granska_to_coordinators_only(cast: Cast) -> None:
    link = f'href="{reverse("review-queue")}"'
    assert link in client_for(cast.cecilia).get(reverse("home")).content.decode()
    for user in (cast.sara, cast.anders, cast.rut):
        assert link not in client_for(user).get(reverse("home")).content.decode()


def test_the_queue_needs_no_more_queries_for_more_reports(cast: Cast) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(cast.cecilia)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert queue(client).status_code == 200
        return len(captured.captured_queries)

    file_report(cast.bevakning, "klotter", WHEN)
    few = queries()
    for minutes in range(1, 21):
        file_report(cast.bostad, "hot", WHEN + timedelta(minutes=minutes), point=Cast.NORR_POINT)
    assert queries() == few


def test_reviewed_reports_get_their_forms_only_when_opened_to_be_reviewed_again(
    cast: Cast,
) -> None:
    """A week's reviewed reports are many: each is listed with a link that opens it with its
    correction and rejection forms, rather than every form written out on the page."""
    accepted = file_report(cast.kommunen, "hot", WHEN)
    rejected = file_report(cast.bostad, "klotter", WHEN)
    review.accept_report(accepted, cast.cecilia)
    review.reject_report(rejected, "Fel vecka", cast.cecilia)
    pending = file_report(cast.bevakning, "klotter", WHEN)
    client = client_for(cast.cecilia)

    page = queue(client).content.decode()
    assert f'action="/granska/{pending.pk}/ratta/"' in page
    for report in (accepted, rejected):
        assert f'action="/granska/{report.pk}/ratta/"' not in page
        assert f"granska_om={report.pk}#rapport-{report.pk}" in page
    assert f'action="/granska/{rejected.pk}/godkann/"' in page  # one click takes it back
    assert "<details open>" not in page

    opened = client.get(reverse("review-queue"), {"vecka": "2024-W37", "granska_om": accepted.pk})
    page = opened.content.decode()
    assert f'action="/granska/{accepted.pk}/ratta/"' in page
    assert f'action="/granska/{accepted.pk}/avvisa/"' in page
    assert f'action="/granska/{rejected.pk}/ratta/"' not in page
    assert page.count("<details open>") == 2  # the reviewed list and the correction form


@pytest.mark.parametrize("number", ["x", "0", "-3", "1" * 30, "١٢"])
def test_a_bad_report_number_to_open_is_400_with_a_message(cast: Cast, number: str) -> None:
    response = client_for(cast.cecilia).get(
        reverse("review-queue"), {"vecka": "2024-W37", "granska_om": number}
    )
    assert response.status_code == 400
    assert "Ange rapportens nummer" in response.content.decode()


def test_opening_a_report_of_another_municipality_opens_nothing(cast: Cast) -> None:
    elsewhere = file_report(cast.annan, "klotter", WHEN)
    response = client_for(cast.cecilia).get(
        reverse("review-queue"), {"vecka": "2024-W37", "granska_om": elsewhere.pk}
    )
    assert response.status_code == 200
    assert f"rapport-{elsewhere.pk}" not in response.content.decode()
