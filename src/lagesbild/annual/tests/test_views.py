from __future__ import annotations

import re
from datetime import date

from django.test import Client
from django.urls import reverse

from lagesbild.audit.models import AuditEntry
from lagesbild.testing import assert_tagged_pdf, client_for, job_file, store_bra
from lagesbild.web.tests.test_scroll_frames import assert_tab_stops_are_named, frames

PAGE = "/arsrapport/1283/2021/"


def test_the_coordinator_sees_the_report_with_figures_charts_and_sources(helsingborg) -> None:
    response = client_for(helsingborg.helena).get(PAGE)
    assert response.status_code == 200
    page = response.content.decode()
    assert response.context["report"].year == 2021
    assert "Samverkansrapport 2021 – Helsingborg" in page
    assert "minskat med 15 procent jämfört med 2020" in page
    assert page.count('src="data:image/svg+xml;base64,') >= 5
    assert "Källa: Brå, anmälda brott" in page
    assert 'action="/arsrapport/1283/2021.pdf"' in page  # a button: the PDF is a background job


def test_the_page_has_no_inline_styles_or_scripts_that_the_csp_would_block(helsingborg) -> None:
    page = client_for(helsingborg.helena).get(PAGE).content.decode()
    assert " style=" not in page and "<style" not in page and "<script>" not in page


def test_its_tables_scroll_in_frames_a_keyboard_reaches_each_named(helsingborg) -> None:
    """Every table but the police's two or three columns is wider than a phone (measured at 320
    and 390 px): its frame is a tab stop, named by the table's caption or heading."""
    page = client_for(helsingborg.helena).get(PAGE).content.decode()
    labels = assert_tab_stops_are_named(page)
    assert len(labels) == len(frames(page)) - ("Händelsenotiser per kategori" in page)
    assert {"summary-caption", "measures-decided", "partners-heading"} <= set(labels)


def test_the_pages_text_escapes_its_less_than_signs(helsingborg) -> None:
    page = client_for(helsingborg.helena).get(PAGE).content.decode()
    assert "statistiskt säkerställd (p &lt; 0,05)" in page
    assert re.search(r"<[^a-zA-Z/!]", page) is None  # a bare "<" is no tag: invalid HTML


def test_every_member_of_the_municipality_may_read_it(helsingborg) -> None:
    for user in (helsingborg.petra, helsingborg.lars, helsingborg.bo):
        assert client_for(user).get(PAGE).status_code == 200


def test_a_user_of_another_municipality_gets_404(helsingborg, cast) -> None:
    assert client_for(cast.cecilia).get(PAGE).status_code == 404
    assert client_for(cast.cecilia).get("/arsrapport/1283/2021.pdf").status_code == 404
    assert client_for(cast.nemo).get(PAGE).status_code == 404


def test_an_anonymous_visitor_is_sent_to_the_login(helsingborg) -> None:
    response = Client().get(PAGE)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_year_without_statistics_is_a_404_with_the_reason(helsingborg) -> None:
    response = client_for(helsingborg.helena).get("/arsrapport/1283/2005/")
    assert response.status_code == 404 and "saknas för 2005" in response.content.decode()


def test_the_menu_links_to_the_latest_report(helsingborg) -> None:
    client = client_for(helsingborg.helena)
    assert "Årsrapport" in client.get(reverse("home")).content.decode()
    response = client.get(reverse("annual-current"))
    assert response.status_code == 302 and response["Location"] == PAGE


def test_the_menu_link_is_not_shown_to_reporters(helsingborg) -> None:
    assert "Årsrapport" not in client_for(helsingborg.bo).get(reverse("home")).content.decode()


def test_the_menu_forgets_a_role_that_has_ended(helsingborg) -> None:
    client = client_for(helsingborg.lars)
    assert "Årsrapport" in client.get(reverse("home")).content.decode()
    helsingborg.lars.memberships.update(ends_on=date(2020, 1, 1))
    menu = client.get(reverse("home")).content.decode()
    assert "Årsrapport" not in menu and "Tertialanalys" not in menu


def test_the_pdf_download_is_audited(helsingborg) -> None:
    response = job_file(client_for(helsingborg.lars), "/arsrapport/1283/2021.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = response.getvalue()  # a file response streams: read it once
    assert pdf.startswith(b"%PDF")
    assert_tagged_pdf(pdf)
    assert 'filename="samverkansrapport-1283-2021.pdf"' in response["Content-Disposition"]
    entry = AuditEntry.objects.get(action="lagesbild.annual.exported")
    assert entry.actor == helsingborg.lars and entry.detail["format"] == "pdf"


def test_the_base_year_is_a_query_parameter(helsingborg) -> None:
    response = client_for(helsingborg.helena).get(PAGE + "?basar=2018")
    assert response.context["report"].base_year == 2018
    assert "2021.pdf?basar=2018" in response.content.decode()


def test_a_base_year_without_statistics_shows_dashes(helsingborg) -> None:
    # The comparison with it has no figures (was a 500: the fuzzer).
    response = client_for(helsingborg.helena).get(PAGE + "?basar=1999")
    assert response.status_code == 200 and response.context["report"].base_year == 1999


def test_a_base_year_that_is_no_year_before_the_report_is_a_400_saying_so(helsingborg) -> None:
    client = client_for(helsingborg.helena)
    for asked, message in (
        ("2021", "Basåret 2021 måste ligga mellan 1900 och rapportåret 2021."),
        ("1066", "Basåret 1066 måste ligga mellan 1900 och rapportåret 2021."),
        ("-1", "Ange basåret som ett årtal, t.ex. 2018."),
        ("abc", "Ange basåret som ett årtal, t.ex. 2018."),
    ):
        for url in (PAGE, "/arsrapport/1283/2021.pdf"):
            response = client.get(url, {"basar": asked})
            assert response.status_code == 400 and message in response.content.decode(), url


def test_one_comparable_municipality_is_named_as_the_only_one_not_as_a_median(helsingborg) -> None:
    store_bra("1281", "stold", {2021: 3_000})  # Lund (125 000 inhabitants) alone has theft figures
    client = client_for(helsingborg.helena)
    page = client.get(PAGE).content.decode()
    assert (
        "2021: 2 491,6 anmälda brott per 100 000 invånare; den enda jämförbara kommunen med "
        "siffror hade 2 400,0."
    ) in page
    assert "median för jämförbara kommuner 2 400,0" not in page
    client.cookies["django_language"] = "en"
    english = client.get(PAGE).content.decode()
    assert (
        "2021: 2,491.6 reported crimes per 100,000 inhabitants; the only comparable municipality "
        "with figures had 2,400.0."
    ) in english


def test_the_year_links_lead_only_to_years_with_a_report(helsingborg) -> None:
    """Brå's figures run 2012–2021 here: the latest year had linked "2022 →", a 404 ("Brå-
    statistik … saknas för 2022"), and the first "← 2011"."""
    client = client_for(helsingborg.helena)
    latest = client.get(PAGE).content.decode()
    assert '<a href="/arsrapport/1283/2020/" rel="prev">← 2020</a>' in latest
    assert 'rel="next"' not in latest and "/arsrapport/1283/2022/" not in latest
    first = client.get("/arsrapport/1283/2012/").content.decode()
    assert '<a href="/arsrapport/1283/2013/" rel="next">2013 →</a>' in first
    assert 'rel="prev"' not in first
    for page in (latest, first):
        for link in re.findall(r'href="(/arsrapport/1283/\d{4}/)"', page):
            assert client.get(link).status_code == 200, link
