"""A citizen's tip counts only once a coordinator accepted it; a partner's pending report counts."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from lagesbild.briefings.analysis import weekly_analysis
from lagesbild.briefings.services import weekly_picture
from lagesbild.core.weeks import IsoWeek
from lagesbild.organisations.access import viewer_for
from lagesbild.public.services import UnsafePlace, submit_unsafe_place
from lagesbild.reports import review
from lagesbild.reports.models import COUNTED, Report
from lagesbild.testing import Cast, client_for, file_report

pytestmark = pytest.mark.django_db


def this_week() -> IsoWeek:
    return IsoWeek.containing(timezone.localdate())


def week_total(cast: Cast) -> int:
    return weekly_picture(viewer_for(cast.cecilia), cast.municipality, this_week()).total.count


def tip(cast: Cast, reason: str = "belysning") -> Report:
    return submit_unsafe_place(
        cast.municipality, UnsafePlace(reason, area=cast.norr, place_text="Parken")
    )


def test_the_counting_rule_counts_accepted_reports_and_pending_ones_except_the_publics(
    cast: Cast,
) -> None:
    now = timezone.now()
    partner = file_report(cast.bevakning, "klotter", now, point=Cast.NORR_POINT)
    public = tip(cast)
    rejected = file_report(cast.bostad, "klotter", now, point=Cast.NORR_POINT)
    Report.objects.filter(pk=rejected.pk).update(review_status=Report.Review.REJECTED)
    counted = set(Report.objects.counted().values_list("pk", flat=True))
    assert counted == {partner.pk}
    assert set(Report.objects.filter(COUNTED).values_list("pk", flat=True)) == counted
    Report.objects.filter(pk=public.pk).update(review_status=Report.Review.ACCEPTED)
    assert set(Report.objects.counted().values_list("pk", flat=True)) == {partner.pk, public.pk}


def test_a_citizens_tip_does_not_count_in_the_weekly_picture_until_accepted_then_it_does(
    cast: Cast,
) -> None:
    file_report(cast.bevakning, "klotter", timezone.now(), point=Cast.NORR_POINT)
    assert week_total(cast) == 1  # a partner's pending report counts
    report = tip(cast)
    assert week_total(cast) == 1
    picture = weekly_picture(viewer_for(cast.cecilia), cast.municipality, this_week())
    assert report.pk not in [row.id for row in picture.reports]
    review.accept_report(report, cast.cecilia)
    assert week_total(cast) == 2
    picture = weekly_picture(viewer_for(cast.cecilia), cast.municipality, this_week())
    row = next(row for row in picture.reports if row.id == report.pk)
    assert row.organisation == "Allmänheten (digital trygghetsvandring)"


def test_a_pending_tip_is_left_out_of_the_weekly_analysis_until_accepted(cast: Cast) -> None:
    def observed() -> int:
        analysis = weekly_analysis(viewer_for(cast.cecilia), cast.municipality, this_week())
        return max((alert.observed for alert in analysis.checked), default=0)

    report = tip(cast)
    assert observed() == 0
    review.accept_report(report, cast.cecilia)
    assert observed() == 1


def test_a_rejected_tip_never_counts(cast: Cast) -> None:
    report = tip(cast)
    review.reject_report(report, "Privat mark.", cast.cecilia)
    assert week_total(cast) == 0


def test_a_coordinator_sees_the_tip_in_the_review_queue_with_the_source_allmanheten(
    cast: Cast,
) -> None:
    report = tip(cast, "samlingar")
    response = client_for(cast.cecilia).get(reverse("review-queue"), {"vecka": str(this_week())})
    assert response.status_code == 200
    html = response.content.decode()
    article = html.split(f'id="rapport-{report.pk}"', 1)[1].split("</article>", 1)[0]
    assert "Otrygg samling" in article
    assert "Allmänheten (digital trygghetsvandring)" in article
    assert "<dt>Källa</dt><dd>Allmänheten</dd>" in article
    assert "1 rapport väntar på granskning." in html
