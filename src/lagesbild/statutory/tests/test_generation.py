from __future__ import annotations

import re
from datetime import datetime

from lagesbild.audit.models import AuditEntry
from lagesbild.statutory.generation import PLACEHOLDER, compose
from lagesbild.statutory.models import SECTION_KEYS, PlanItem, StatutoryDocument
from lagesbild.statutory.services import document_content, generate_draft
from lagesbild.statutory.tests.conftest import REPORTS, SURVEY_VALUES, THEFT, VANDALISM, YEAR
from lagesbild.testing import STOCKHOLM, file_report, store_bra


def _row(rows: list[dict], code: str) -> dict:
    return next(r for r in rows if r["code"] == code)


def test_a_generated_draft_is_version_one_with_every_section(draft) -> None:
    assert (draft.year, draft.version, draft.status) == (YEAR, 1, StatutoryDocument.Status.DRAFT)
    assert set(draft.sections) == set(SECTION_KEYS)
    assert AuditEntry.objects.filter(
        action="lagesbild.statutory.generated", object_id=str(draft.pk)
    ).exists()


def test_the_mapping_has_brås_figures_equal_to_the_inputs_with_change_and_trend(draft) -> None:
    official = draft.figures["official"]
    vandalism, theft = _row(official["rows"], "skadegorelse"), _row(official["rows"], "stold")
    assert (
        vandalism["count"],
        vandalism["previous"],
        vandalism["base_year"],
        vandalism["base"],
    ) == (VANDALISM[2024], VANDALISM[2023], 2019, VANDALISM[2019])
    assert vandalism["change_base_percent"] == -20 and vandalism["trend"]["significant"]
    assert theft["count"] == THEFT[2024] and not theft["trend"]["significant"]
    assert official["source"] == "Brå, anmälda brott"
    text = draft.sections["kartlaggning"]
    assert "från 830 till 665 år 2024" in text and "(Källa: Brå.)" in text


def test_the_mapping_counts_police_notices_without_summaries_and_names_the_police(draft) -> None:
    police = draft.figures["police_events"]
    assert (police["total"], police["previous_total"], police["excluded_summaries"]) == (3, 1, 1)
    assert {(r["code"], r["count"]) for r in police["rows"]} == {("vald", 2), ("skadegorelse", 1)}
    # The stored notices run from 1 June 2023 to 2 June 2024: 2024 is named as partly covered.
    assert (police["stored_from"], police["stored_to"]) == ("2023-06-01", "2024-06-02")
    assert (
        "Systemet har Polismyndighetens händelsenotiser om händelser i Exempeltorp från 1 juni "
        "2023 till 2 juni 2024, så år 2024 täcks bara delvis: 3 notiser 1 januari–2 juni 2024; "
        "flest gällde våld och hot (2) och skadegörelse (1). De jämförs inte med hela år."
    ) in draft.sections["kartlaggning"]


def test_the_mapping_counts_the_years_partner_reports_per_category_and_district(draft) -> None:
    partners = draft.figures["partner_reports"]
    assert (
        partners["total"] == len(REPORTS) and partners["previous_total"] == 1
    )  # the rejected one is out
    assert {(r["code"], r["count"]) for r in partners["by_category"]} == {
        ("skadegorelse", 4),
        ("stold", 2),
        ("ordning", 1),
    }
    by_district = {d["code"]: (d["count"], d["load"]) for d in partners["by_district"]}
    assert by_district == {"norr": (4, 10), "soder": (3, 6)}
    assert partners["high_insecurity"] == sum(1 for *_, insecurity in REPORTS if insecurity == 3)
    assert "Norr (4 rapporter, belastning 10)" in draft.sections["kartlaggning"]


def test_reports_in_sensitive_categories_are_left_out_of_the_document(town) -> None:
    cast = town.cast
    file_report(
        cast.polisen,
        "narkotika_forsaljning",
        datetime(YEAR, 3, 3, 12, tzinfo=STOCKHOLM),
        cast.NORR_POINT,
    )
    file_report(
        cast.polisen, "organiserad", datetime(YEAR, 3, 4, 12, tzinfo=STOCKHOLM), cast.NORR_POINT
    )
    document = generate_draft(cast.municipality, YEAR, cast.cecilia)
    partners = document.figures["partner_reports"]
    assert partners["total"] == len(REPORTS)
    assert {r["code"] for r in partners["by_category"]}.isdisjoint({"narkotika", "organiserad"})


def test_other_information_has_the_survey_and_who_reported(draft) -> None:
    survey = draft.figures["surveys"][0]
    assert (survey["year"], survey["value"], survey["previous_year"], survey["previous_value"]) == (
        2024,
        SURVEY_VALUES[2024],
        2022,
        SURVEY_VALUES[2022],
    )
    assert "67,5 % år 2024 (år 2022: 61 %)" in draft.sections["annan_information"]
    assert draft.figures["partner_reports"]["by_kind"] == [
        {"kind": "security", "label": "Bevakningsföretag", "count": len(REPORTS)}
    ]


def test_tertial_rankings_come_from_the_tertial_analysis_and_the_conclusions_are_left_open(
    draft,
) -> None:
    tertials = draft.figures["tertial"]["tertials"]
    assert [t["tertial"] for t in tertials] == ["2024-T1", "2024-T2", "2024-T3"]
    assert tertials[0]["districts"] == [{"name": "Norr", "rank": 1, "load": 8, "count": 3}]
    assert PLACEHOLDER in draft.sections["tertial"]


def test_the_analysis_calls_a_trend_only_where_the_test_supports_it_and_leaves_causes_open(
    draft,
) -> None:
    analysis = draft.sections["analys"]
    assert "Skadegörelse: en minskande trend 2015–2024" in analysis
    assert "För stöld och inbrott stöder testerna varken en trend" in analysis
    # Seven reports: the load, not a percentage of it (rule 5).
    assert (
        "Mest belastad år 2024 var Norr med belastning 10 av 16 i partnernas rapporter" in analysis
    )
    assert draft.sections["orsaker"].startswith(f"[{PLACEHOLDER}:")
    assert PLACEHOLDER in draft.sections["konsekvenser"]


def test_every_generated_paragraph_carries_a_number_and_the_year_or_is_marked_for_the_coordinator(
    draft,
) -> None:
    for key, text in draft.sections.items():
        for paragraph in text.split("\n\n"):
            if PLACEHOLDER in paragraph:
                continue
            assert re.search(r"\d", paragraph), (key, paragraph)
            assert re.search(r"\b(19|20)\d\d\b", paragraph), (key, paragraph)


def test_problems_are_seeded_from_the_heaviest_category_and_district_pairs(draft) -> None:
    problems = list(draft.problems.order_by("rank"))
    assert [p.title for p in problems] == [
        "Skadegörelse i Norr",
        "Stöld och inbrott i Söder",
        "Ordningsstörning i Söder",
    ]
    assert [c.code for c in problems[0].categories.all()] == ["skadegorelse"]
    assert [a.code for a in problems[0].areas.all()] == ["norr"]
    assert (
        problems[0].description == "4 rapporter från samverkanspartnerna år 2024 (belastning 10)."
    )


def test_the_plan_holds_the_years_decided_and_ongoing_measures_linked_to_a_matching_problem(
    town, draft
) -> None:
    items = {i.measure_id: i for i in draft.plan_items.select_related("problem")}
    assert set(items) == {town.vandalism_measure.pk, town.lighting_measure.pk}
    cleaning = items[town.vandalism_measure.pk]
    assert cleaning.problem.title == "Skadegörelse i Norr"
    assert cleaning.who_id == town.cast.bostad.pk  # defaults to the measure's owner
    assert (str(cleaning.start_date), str(cleaning.end_date)) == ("2024-03-01", "2024-12-31")
    assert cleaning.operational_goal == "Klotter borta inom ett dygn"
    assert items[town.lighting_measure.pk].problem is None


def test_without_partner_reports_problems_come_from_the_largest_brå_categories(cast) -> None:
    store_bra("0999", "stold", THEFT)
    store_bra("0999", "skadegorelse", VANDALISM)
    composition = compose(cast.municipality, YEAR)
    assert [p["title"] for p in composition.problems] == ["Skadegörelse", "Stöld och inbrott"]
    assert composition.problems[0]["description"] == "665 anmälda brott år 2024 (Brå)."


def test_without_any_data_the_draft_says_so_instead_of_inventing(cast) -> None:
    document = generate_draft(cast.municipality, YEAR, cast.cecilia)
    text = document.sections["kartlaggning"]
    assert (
        "Brås statistik över anmälda brott för 2024 ingår inte i underlaget. Underlaget har ännu "
        "inga av Brås siffror för kommunen."
    ) in text
    assert "Inga rapporter från samverkanspartnerna finns för 2024." in text
    assert document.problems.count() == 0 and document.plan_items.count() == 0
    assert {i["kind"] for i in document_content(document)["issues"]} >= {"no_problems"}


def test_generating_again_makes_the_next_version(draft) -> None:
    again = generate_draft(draft.municipality, YEAR, None)
    assert again.version == 2 and PlanItem.objects.filter(document=draft).count() == 2
