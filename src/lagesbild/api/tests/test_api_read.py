"""The read API: the same rights as the web app, errors as JSON, answers as the schema says."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from django.test import Client

from lagesbild.api.models import Scope
from lagesbild.api.services import create_token
from lagesbild.api.tests.schemas import assert_matches
from lagesbild.audit.models import AuditEntry
from lagesbild.measures.tests.helpers import make_measure
from lagesbild.testing import STOCKHOLM, Cast, client_for, file_report

WHEN = datetime(2024, 9, 11, 22, 15, tzinfo=STOCKHOLM)
WEEK = "2024-W37"


def token(organisation, *scopes: str) -> str:
    return create_token(organisation, "Partnersystem", list(scopes or [Scope.READ])).secret


def get(secret: str | None, url: str, client: Client | None = None):
    headers = {"Authorization": f"Bearer {secret}"} if secret else {}
    return (client or Client()).get(url, headers=headers)


def body_of(response) -> dict:
    assert response["Content-Type"] == "application/json", response["Content-Type"]
    return response.json()


@pytest.fixture
def reports(cast: Cast) -> dict:
    """A graffiti report of the security company, a sensitive one of the housing company."""
    return {
        "klotter": file_report(
            cast.bevakning, "klotter", WHEN, Cast.NORR_POINT, "Tag på gaveln", place_text="Skolan"
        ),
        "knark": file_report(
            cast.bostad, "narkotika_forsaljning", WHEN, Cast.SODER_POINT, "Langning vid porten"
        ),
    }


def test_a_pushed_report_is_read_back_with_its_text_by_its_organisations_read_token(
    cast: Cast,
) -> None:
    pushed = (
        Client()
        .post(
            "/api/v1/reports/",
            json.dumps(
                {
                    "category": "klotter",
                    "occurred_from": "2024-09-11T22:15:00+02:00",
                    "latitude": 56.015,
                    "longitude": 13.005,
                    "place_text": "Skolgården",
                    "description": "Tag på gaveln",
                }
            ),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token(cast.bevakning, Scope.REPORT_WRITE)}",
        )
        .json()
    )
    reader = token(cast.bevakning, Scope.READ)
    detail = body_of(get(reader, f"/api/v1/reports/{pushed['id']}/"))
    assert detail["description"] == "Tag på gaveln" and detail["place_text"] == "Skolgården"
    assert detail["text_visible"] is True and detail["organisation"] == "bevakning"
    listed = body_of(get(reader, "/api/v1/reports/"))
    assert [r["id"] for r in listed["results"]] == [pushed["id"]] and listed["count"] == 1


def test_another_organisations_token_sees_the_report_without_its_text(cast: Cast, reports) -> None:
    response = get(token(cast.bostad), f"/api/v1/reports/{reports['klotter'].pk}/")
    body = body_of(response)
    assert response.status_code == 200 and body["text_visible"] is False
    assert body["description"] is None and body["place_text"] is None
    assert "Tag på gaveln" not in response.content.decode()


def test_another_organisations_sensitive_report_answers_404_as_if_it_did_not_exist(
    cast: Cast, reports
) -> None:
    missing = get(token(cast.bevakning), "/api/v1/reports/999999/")
    hidden = get(token(cast.bevakning), f"/api/v1/reports/{reports['knark'].pk}/")
    assert missing.status_code == hidden.status_code == 404
    assert body_of(hidden) == body_of(missing)
    assert body_of(hidden)["error"] == "not_found"


def test_a_police_token_sees_the_sensitive_report_and_the_read_is_audited(
    cast: Cast, reports
) -> None:
    response = get(token(cast.polisen), f"/api/v1/reports/{reports['knark'].pk}/")
    assert response.status_code == 200 and body_of(response)["description"] is None
    entry = AuditEntry.objects.get(action="lagesbild.report.sensitive_read")
    assert entry.detail["reports"] == [reports["knark"].pk]
    assert "lb_" in entry.detail["where"] and "polisen" in entry.detail["where"]


def test_the_report_list_is_the_web_lists_selection(cast: Cast, reports) -> None:
    """A reporter lists their organisation's reports; a coordinator all, sensitive included."""
    own = body_of(get(token(cast.bostad), "/api/v1/reports/"))
    assert [r["id"] for r in own["results"]] == [reports["knark"].pk]
    everything = body_of(client_for(cast.cecilia).get("/api/v1/reports/"))
    assert {r["id"] for r in everything["results"]} == {r.pk for r in reports.values()}
    assert all(r["text_visible"] for r in everything["results"])


def test_a_write_only_token_cannot_read_with_403(cast: Cast, reports) -> None:
    secret = token(cast.bevakning, Scope.REPORT_WRITE)
    for url in ("/api/v1/reports/", f"/api/v1/reports/{reports['klotter'].pk}/", "/api/v1/goals/"):
        response = get(secret, url)
        assert response.status_code == 403 and "read" in body_of(response)["detail"]
        assert "Tag på gaveln" not in response.content.decode()


def test_a_read_token_cannot_export_and_an_export_token_can(cast: Cast, reports) -> None:
    denied = get(token(cast.bevakning, Scope.READ), "/api/v1/reports/export.csv")
    assert denied.status_code == 403 and "export" in body_of(denied)["detail"]
    allowed = get(token(cast.bevakning, Scope.EXPORT), "/api/v1/reports/export.csv")
    assert allowed.status_code == 200 and allowed["Content-Type"].startswith("text/csv")
    assert "Tag på gaveln" in allowed.content.decode("utf-8-sig")


def test_an_export_beyond_the_limit_is_answered_400_naming_it(
    cast: Cast, reports, settings
) -> None:
    # Made within the request, a large file outlasted the server's timeout (a 500: the fuzzer).
    settings.LAGESBILD_API_EXPORT_MAX_ROWS = 1
    coordinator = client_for(cast.cecilia)
    response = coordinator.get("/api/v1/reports/export.xlsx")
    assert response.status_code == 400 and "fler än 1 rapporter" in str(body_of(response))
    narrowed = coordinator.get("/api/v1/reports/export.xlsx?category=narkotika_forsaljning")
    assert narrowed.status_code == 200


def test_without_credentials_every_endpoint_answers_401_json(cast: Cast) -> None:
    for url in ("/api/v1/reports/", "/api/v1/weeks/2024-W37/", "/api/v1/reports/export.csv"):
        response = get(None, url)
        assert response.status_code == 401 and body_of(response)["error"] == "not_authenticated"
        assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("week=garbage", "week"),
        ("week=2024-W60", "week"),
        ("week=0001-W01", "week"),
        ("from=2024-13-01", "from"),
        ("from=2024-09-15&to=2024-09-01", "to"),
        ("district=unknown", "district"),
        ("district=mitt", "district"),  # another municipality's
        ("category=finns-inte", "category"),
        ("organisation=annan", "organisation"),  # another municipality's
        ("review_status=maybe", "review_status"),
    ],
)
def test_invalid_filters_answer_400_json_naming_the_parameter(
    cast: Cast, query: str, field: str
) -> None:
    for url in (f"/api/v1/reports/?{query}", f"/api/v1/reports/export.csv?{query}"):
        response = get(token(cast.bevakning, Scope.READ, Scope.EXPORT), url)
        body = body_of(response)
        assert response.status_code == 400 and body["error"] == "invalid", body
        assert field in body["detail"]


def test_a_bad_grouping_is_named_without_the_command_lines_flag(cast: Cast) -> None:
    # Before: "--by måste vara en av type, category, month" (the command's flag, in the API).
    url = "/api/v1/statistics/police-events/?from=2024-01-01&to=2024-02-01&by=weekday"
    response = get(token(cast.bevakning, Scope.READ), url)
    assert response.status_code == 400
    text = json.dumps(body_of(response), ensure_ascii=False)
    assert "'weekday' är ingen gruppering; välj en av type, category, month" in text
    assert "--by" not in text


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/weeks/garbage/",
        "/api/v1/weeks/2024-W37/export.csv?table=nope",
        "/api/v1/weeks/2024-W37/export.geojson?layer=nope",
        "/api/v1/goals/?year=tjugo",
        "/api/v1/goals/?year=99999999999999999999",
        "/api/v1/measures/?district=unknown",
        "/api/v1/measures/?owner=unknown",
        "/api/v1/measures/?status=maybe",
        "/api/v1/statistics/series/?series=",
        "/api/v1/statistics/police-events/?from=igår&to=idag",
        "/api/v1/statistics/police-events/?from=2024-01-01&to=2024-02-01&by=weekday",
        "/api/v1/tertials/2024-T9/export.xlsx",
    ],
)
def test_bad_input_anywhere_is_a_4xx_json_answer_never_a_500(cast: Cast, url: str) -> None:
    response = get(token(cast.bevakning, Scope.READ, Scope.EXPORT), url)
    assert response.status_code == 400, response.content
    assert set(body_of(response)) == {"error", "detail"}


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/reports/?page=999",
        "/api/v1/reports/export.pdf",
        "/api/v1/measures/export.geojson",
        "/api/v1/measures/999999/",
        "/api/v1/meetings/999999/",
        "/api/v1/districts/?municipality=0998",  # another municipality
    ],
)
def test_what_is_not_there_answers_404_json(cast: Cast, reports, url: str) -> None:
    response = get(token(cast.bevakning, Scope.READ, Scope.EXPORT), url)
    assert response.status_code == 404 and set(body_of(response)) == {"error", "detail"}


def test_page_size_is_capped(cast: Cast, reports) -> None:
    body = body_of(client_for(cast.cecilia).get("/api/v1/reports/?page_size=100000"))
    assert body["count"] == 2 and len(body["results"]) == 2


def test_too_many_calls_answer_429_json_with_retry_after(cast: Cast, settings) -> None:
    settings.REST_FRAMEWORK = settings.REST_FRAMEWORK | {
        "DEFAULT_THROTTLE_RATES": {"api": "3/minute", "api_anon": "3/minute"}
    }
    secret, other = token(cast.bevakning), token(cast.bostad)
    statuses = [get(secret, "/api/v1/categories/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = get(secret, "/api/v1/categories/")
    assert body_of(limited)["error"] == "throttled" and int(limited["Retry-After"]) > 0
    assert get(other, "/api/v1/categories/").status_code == 200  # counted per token


def test_the_429_says_in_one_language_when_to_try_again(cast: Cast, settings) -> None:
    # It read "Förfrågan stoppades eftersom du har skickat för många. Expected available in 37
    # seconds.": REST framework's Swedish catalogue lacks the second sentence.
    settings.REST_FRAMEWORK = settings.REST_FRAMEWORK | {
        "DEFAULT_THROTTLE_RATES": {"api": "1/minute", "api_anon": "1/minute"}
    }
    secret = token(cast.bevakning)
    assert get(secret, "/api/v1/categories/").status_code == 200
    for url in ("/api/v1/categories/", "/api/schema/", "/api/schema/"):
        limited = get(secret, url)
        assert limited.status_code == 429, url
        seconds = limited["Retry-After"]
        assert body_of(limited)["detail"] == f"För många anrop: försök igen om {seconds} sekunder."
    english = Client().get(
        "/api/v1/categories/",
        headers={"Authorization": f"Bearer {secret}"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    seconds = english["Retry-After"]
    assert body_of(english)["detail"] == f"Too many requests: try again in {seconds} seconds."


@pytest.mark.parametrize("credentials", [None, "lb_abcdefgh_guessed", "lbp_abcdefgh_guessed"])
def test_calls_refused_for_their_credentials_count_against_the_address(
    cast: Cast, settings, credentials: str | None
) -> None:
    # DRF checks the limits after the credentials: a program guessing tokens, or left running
    # with a revoked one, was answered 401 as often as it asked.
    settings.REST_FRAMEWORK = settings.REST_FRAMEWORK | {
        "DEFAULT_THROTTLE_RATES": {"api": "600/minute", "api_anon": "3/minute"}
    }
    statuses = [get(credentials, "/api/v1/reports/").status_code for _ in range(4)]
    assert statuses == [401, 401, 401, 429]
    assert get(token(cast.bevakning), "/api/v1/reports/").status_code == 200  # a token's own


def test_a_signed_in_user_reads_the_api_through_the_session(cast: Cast, reports) -> None:
    response = client_for(cast.sara).get(f"/api/v1/reports/{reports['klotter'].pk}/")
    assert response.status_code == 200 and body_of(response)["description"] == "Tag på gaveln"
    hidden = client_for(cast.sara).get(f"/api/v1/reports/{reports['knark'].pk}/")
    assert hidden.status_code == 404
    assert client_for(cast.nemo).get("/api/v1/weeks/2024-W37/").status_code == 404


def test_a_session_cannot_push_reports_without_a_token(cast: Cast) -> None:
    response = client_for(cast.sara).post("/api/v1/reports/", "{}", content_type="application/json")
    assert response.status_code == 403


# ---------------------------------------------------------------------------
# The answers match the schema
# ---------------------------------------------------------------------------


def test_the_main_answers_match_their_schema(cast: Cast, reports) -> None:
    make_measure(cast, areas=[cast.norr])
    client = client_for(cast.cecilia)
    checks = {
        "/api/v1/reports/": "/api/v1/reports/",
        f"/api/v1/reports/{reports['klotter'].pk}/": "/api/v1/reports/{id}/",
        f"/api/v1/weeks/{WEEK}/": "/api/v1/weeks/{week}/",
        "/api/v1/districts/": "/api/v1/districts/",
        "/api/v1/categories/": "/api/v1/categories/",
        "/api/v1/measures/": "/api/v1/measures/",
        "/api/v1/meetings/": "/api/v1/meetings/",
        "/api/v1/goals/?year=2024": "/api/v1/goals/",
    }
    for url, path in checks.items():
        response = client.get(url)
        assert response.status_code == 200, (url, response.content)
        assert_matches(response.json(), path)
    assert_matches(body_of(get(token(cast.bevakning), "/api/v1/reports/999/")), path, status="404")


def test_the_week_holds_the_picture_and_the_analysis_as_the_viewer_sees_them(
    cast: Cast, reports
) -> None:
    body = body_of(get(token(cast.bevakning), f"/api/v1/weeks/{WEEK}/"))
    assert body["picture"]["week"] == WEEK and body["picture"]["total"]["count"] == 1
    texts = {r["id"]: r["description"] for r in body["picture"]["reports"]}
    assert texts == {reports["klotter"].pk: "Tag på gaveln"}  # the sensitive one is not there
    assert "alerts" in body["analysis"] and body["analysis"]["week"] == WEEK
    coordinator = client_for(cast.cecilia).get(f"/api/v1/weeks/{WEEK}/").json()
    assert coordinator["picture"]["total"]["count"] == 2
    assert AuditEntry.objects.filter(action="lagesbild.report.sensitive_read").count() == 1


def test_measures_are_filtered_like_the_board(cast: Cast) -> None:
    make_measure(cast, "Belysning", areas=[cast.norr])
    make_measure(cast, "Städning", areas=[cast.soder], owner=cast.kommunen)
    secret = token(cast.bevakning)
    by_district = body_of(get(secret, "/api/v1/measures/?district=soder"))["results"]
    by_owner = body_of(get(secret, "/api/v1/measures/?owner=bostad"))["results"]
    assert [m["title"] for m in by_district] == ["Städning"]
    assert [m["title"] for m in by_owner] == ["Belysning"]
    assert get(token(cast.annan), "/api/v1/measures/").json()["count"] == 0


def test_the_schema_validates_and_documents_every_endpoint_with_both_schemes() -> None:
    from drf_spectacular.validation import validate_schema

    from lagesbild.api.docs import api_schema

    schema = api_schema()
    validate_schema(schema)
    for path in (
        "/api/v1/reports/",
        "/api/v1/reports/{id}/",
        "/api/v1/reports/export.{fmt}",
        "/api/v1/weeks/{week}/",
        "/api/v1/weeks/{week}/export.{fmt}",
        "/api/v1/districts/",
        "/api/v1/categories/",
        "/api/v1/measures/",
        "/api/v1/measures/export.{fmt}",
        "/api/v1/meetings/",
        "/api/v1/goals/",
        "/api/v1/statistics/trends/",
        "/api/v1/statistics/trends/export.{fmt}",
        "/api/v1/statistics/series/",
    ):
        assert path in schema["paths"], path
    schemes = schema["components"]["securitySchemes"]
    assert {"organisationToken", "cookieAuth"} <= set(schemes)
    listing = schema["paths"]["/api/v1/reports/"]["get"]
    assert {"week", "from", "to", "district", "category", "organisation"} <= {
        p["name"] for p in listing["parameters"]
    }


def test_the_docs_page_lists_the_endpoints_without_any_script(cast: Cast) -> None:
    response = client_for(cast.sara).get("/api/docs/")
    page = response.content.decode()
    assert response.status_code == 200 and "GET /api/v1/reports/" in page
    assert "/api/v1/weeks/{week}/export.{fmt}" in page and "<script" not in page
    assert "'self'" in response["Content-Security-Policy"]
    assert Client().get("/api/docs/").status_code == 200


@pytest.mark.parametrize(
    ("url", "what", "content_type"),
    [
        ("/api/v1/reports/export.csv?week=2024-W37", "reports", "text/csv; charset=utf-8"),
        ("/api/v1/reports/export.xlsx", "reports", "application/vnd.openxmlformats"),
        ("/api/v1/reports/export.geojson", "reports", "application/geo+json"),
        ("/api/v1/weeks/2024-W37/export.csv?table=districts", "week", "text/csv"),
        ("/api/v1/weeks/2024-W37/export.xlsx", "week", "application/vnd.openxmlformats"),
        ("/api/v1/weeks/2024-W37/export.geojson?layer=districts", "week", "application/geo+json"),
        ("/api/v1/measures/export.csv?district=norr", "measures", "text/csv"),
        ("/api/v1/measures/export.xlsx", "measures", "application/vnd.openxmlformats"),
        ("/api/v1/tertials/2024-T2/export.xlsx", "tertial", "application/vnd.openxmlformats"),
    ],
)
def test_every_api_export_is_a_file_and_writes_an_audit_entry_naming_the_token(
    cast: Cast, reports, url: str, what: str, content_type: str
) -> None:
    response = get(token(cast.polisen, Scope.EXPORT), url)
    assert response.status_code == 200 and response["Content-Type"].startswith(content_type)
    assert response["Content-Disposition"].startswith('attachment; filename="')
    entry = AuditEntry.objects.get(action=f"lagesbild.export.{what}")
    assert entry.detail["format"] == url.split("export.")[1].split("?")[0]
    assert entry.detail["organisation"] == "polisen" and entry.detail["token"].startswith("lb_")


def test_a_police_tokens_week_export_logs_the_sensitive_reports_it_holds(
    cast: Cast, reports
) -> None:
    response = get(token(cast.polisen, Scope.EXPORT), "/api/v1/weeks/2024-W37/export.geojson")
    ids = {f["properties"]["id"] for f in json.loads(response.content)["features"]}
    assert ids == {reports["klotter"].pk, reports["knark"].pk}
    (entry,) = AuditEntry.objects.filter(action="lagesbild.report.sensitive_read")
    assert entry.detail["reports"] == [reports["knark"].pk] and "week" in entry.detail["where"]


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FILE_EXPORTS = {
    "/api/v1/reports/export.{fmt}": ("reports_export", {"text/csv", XLSX, "application/geo+json"}),
    "/api/v1/weeks/{week}/export.{fmt}": (
        "weeks_export",
        {"text/csv", XLSX, "application/geo+json"},
    ),
    "/api/v1/measures/export.{fmt}": ("measures_export", {"text/csv", XLSX}),
    "/api/v1/statistics/trends/export.{fmt}": ("statistics_trends_export", {"text/csv", XLSX}),
    "/api/v1/tertials/{tertial}/export.{fmt}": ("tertials_export", {XLSX}),
}
# Generated clients name their functions after these: renaming one breaks every caller's code.
OPERATION_IDS = {
    ("get", "/api/v1/analysis/density/"): "analysis_density_retrieve",
    ("get", "/api/v1/analysis/district-rates/"): "analysis_district_rates_retrieve",
    ("get", "/api/v1/analysis/near-repeats/"): "analysis_near_repeats_retrieve",
    ("get", "/api/v1/analysis/police-events/"): "analysis_police_events_retrieve",
    ("get", "/api/v1/analysis/reporting-effort/"): "analysis_reporting_effort_retrieve",
    ("get", "/api/v1/analysis/statistics/"): "analysis_statistics_retrieve",
    ("get", "/api/v1/analysis/time-profile/"): "analysis_time_profile_retrieve",
    ("get", "/api/v1/categories/"): "categories_list",
    ("get", "/api/v1/districts/"): "districts_retrieve",
    ("get", "/api/v1/goals/"): "goals_list",
    ("get", "/api/v1/measures/"): "measures_list",
    ("get", "/api/v1/measures/{id}/"): "measures_retrieve",
    ("get", "/api/v1/region/"): "region_retrieve",
    ("get", "/api/v1/meetings/"): "meetings_list",
    ("get", "/api/v1/meetings/{id}/"): "meetings_retrieve",
    ("get", "/api/v1/reports/"): "reports_list",
    ("post", "/api/v1/reports/"): "reports_push",
    ("get", "/api/v1/reports/{id}/"): "reports_retrieve",
    ("get", "/api/v1/statistics/police-events/"): "statistics_police_events_retrieve",
    ("get", "/api/v1/statistics/series/"): "statistics_series_retrieve",
    ("get", "/api/v1/statistics/trends/"): "statistics_trends_list",
    ("get", "/api/v1/weeks/{week}/"): "weeks_retrieve",
} | {("get", path): op for path, (op, _) in FILE_EXPORTS.items()}


def test_the_schema_declares_exports_as_files_in_their_media_types() -> None:
    from drf_spectacular.validation import validate_schema

    from lagesbild.api.docs import api_schema

    schema = api_schema()
    validate_schema(schema)
    assert schema["info"]["title"].isascii()
    for path, (_, media_types) in FILE_EXPORTS.items():
        answers = schema["paths"][path]["get"]["responses"]
        assert set(answers["200"]["content"]) == media_types  # not application/json
        for media_type, content in answers["200"]["content"].items():
            if media_type == "application/geo+json":  # JSON: described as what it holds
                assert content["schema"]["properties"]["type"]["enum"] == ["FeatureCollection"]
            else:
                assert content["schema"] == {"type": "string", "format": "binary"}
        assert set(answers["403"]["content"]) == {"application/json"}  # errors stay JSON


@pytest.mark.django_db
def test_the_served_schema_is_the_checked_one_with_an_ascii_title_and_file_name() -> None:
    # /api/schema/ overrode the title with "Lägesbild API": not the schema checked above, and
    # its Content-Disposition named the file "L\xe4gesbild API.yaml" in a raw Latin-1 byte.
    from lagesbild.api.docs import api_schema

    response = Client().get("/api/schema/?format=json")
    assert response.status_code == 200
    assert response.json() == api_schema()
    assert response.json()["info"]["title"] == "Lagesbild API"
    assert response["Content-Disposition"] == 'inline; filename="Lagesbild API.json"'


def test_every_operation_has_a_stable_id_and_a_tag_for_its_resource() -> None:
    from lagesbild.api.docs import api_schema

    operations = {
        (method, path): op
        for path, item in api_schema()["paths"].items()
        if path.startswith("/api/v1/")
        for method, op in item.items()
    }
    assert {key: op["operationId"] for key, op in operations.items()} == OPERATION_IDS
    for (_, path), op in operations.items():
        assert op["tags"] == [path.split("/")[3]]  # reports, weeks, measures, …
