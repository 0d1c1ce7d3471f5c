from __future__ import annotations

from lagesbild.core import privacy
from lagesbild.core.places import (
    Gazetteer,
    GazetteerPlace,
    cluster_name,
    distance_m,
    group_places,
    normalise_place_text,
)
from lagesbild.core.privacy import PLACE_LOOKALIKES, scrub, scrub_text
from lagesbild.core.tests.test_privacy_corpus import CORPORA, load

TUNNEL = GazetteerPlace(1, "Gångtunneln vid Kvartsvägen", 55.6050, 13.0000)
SHELTER = GazetteerPlace(2, "Storgatan 14", 55.6100, 13.0100, kind="address")
ENV_HOUSE = GazetteerPlace(3, "Miljöhuset vid Kvällsvägen", 55.6000, 13.0200)
ENV_ADDRESS = GazetteerPlace(4, "Kvällsvägen 12", 55.6001, 13.0201, kind="address")
SQUARE = GazetteerPlace(5, "Gustav Adolfs torg", 55.6070, 13.0050)
GAZETTEER = Gazetteer([TUNNEL, SHELTER, ENV_HOUSE, ENV_ADDRESS, SQUARE])


def test_spellings_of_one_place_share_a_key() -> None:
    keys = {
        normalise_place_text(t)
        for t in [
            "Gångtunneln vid Kvartsvägen",
            "gångtunneln, Kvartsvägen",
            "GÅNGTUNNELN  KVARTSVÄGEN.",
            "Gångtunneln på Kvartsvägen",
        ]
    }
    assert keys == {"gångtunneln kvartsvägen"}


def test_a_text_naming_a_place_matches_it() -> None:
    assert GAZETTEER.match("Storgatan 14, busskuren") == SHELTER
    assert GAZETTEER.match("gångtunneln kvartsvägen") == TUNNEL
    assert GAZETTEER.match("Miljöhuset Kvällsvägen 12") in {ENV_HOUSE, ENV_ADDRESS}


def test_a_close_spelling_matches_and_a_stranger_does_not() -> None:
    assert GAZETTEER.match("Gångtunneln vid Kvartsvägn") == TUNNEL
    assert GAZETTEER.match("Storgatan 12") is None
    assert GAZETTEER.match("Skolgården") is None
    assert GAZETTEER.match("") is None


def test_suggestions_start_with_what_was_typed_first() -> None:
    assert GAZETTEER.suggest("gångt") == [TUNNEL]
    assert GAZETTEER.suggest("kvä") == [ENV_ADDRESS, ENV_HOUSE]
    assert GAZETTEER.suggest("kvartsv") == [TUNNEL]  # a later word of the name
    assert GAZETTEER.suggest("   ") == []


def test_nearest_place_within_reach_prefers_a_named_place() -> None:
    assert GAZETTEER.nearest(55.6001, 13.0201) == ENV_HOUSE
    assert Gazetteer([SHELTER]).nearest(55.6101, 13.0101) == SHELTER
    assert GAZETTEER.nearest(55.70, 13.50) is None


def test_distance_is_in_metres() -> None:
    assert 1100 < distance_m(55.60, 13.0, 55.61, 13.0) < 1125


def test_the_scrubber_keeps_gazetteer_places_and_removes_other_addresses() -> None:
    assert scrub_text("Storgatan 14, busskuren", GAZETTEER) == "Storgatan 14, busskuren"
    assert scrub_text("Miljöhuset Kvällsvägen 12", GAZETTEER) == "Miljöhuset Kvällsvägen 12"
    assert scrub_text("Bråk hemma på Storgatan 12", GAZETTEER) == "Bråk hemma på [adress]"
    assert scrub_text("Storgatan 14, busskuren") == "[adress], busskuren"
    # A street in the gazetteer does not make a house number on it public.
    streets = Gazetteer([GazetteerPlace(9, "Storgatan", 55.61, 13.01)])
    assert scrub_text("Storgatan 12 lgh 1102", streets) == "[adress]"


def test_the_scrubber_keeps_names_of_people_outside_places() -> None:
    text = "Kalle Anka sågs vid Gustav Adolfs torg"
    assert scrub_text(text, GAZETTEER) == "[namn] sågs vid Gustav Adolfs torg"


def test_the_gazetteer_is_asked_for_only_when_a_finding_could_be_a_place() -> None:
    asked: list[str] = []

    def places() -> Gazetteer:
        asked.append("asked")
        return GAZETTEER

    assert scrub_text("Klotter, ring 070-123 45 67", places) == "Klotter, ring [telefonnummer]"
    assert scrub_text("Klotter på fasaden vid Kvartsvägen", places) == (
        "Klotter på fasaden vid Kvartsvägen"
    )
    assert asked == []
    assert scrub_text("Storgatan 14, busskuren", places) == "Storgatan 14, busskuren"
    assert scrub_text("Bråk hemma på Storgatan 12", places) == "Bråk hemma på [adress]"
    assert asked == ["asked", "asked"]


def test_skipping_the_gazetteer_without_an_address_or_name_changes_no_corpus_text() -> None:
    # Every address and name the scrubber finds in the corpora made a public place: the hardest
    # case for the shortcut, since the full search (privacy._scrub) then drops those findings.
    rows = [row for corpus in CORPORA.values() for row in load(corpus)]
    names = {
        row.text[finding.start : finding.end]
        for row in rows
        for finding in scrub(row.text).findings
        if finding.kind in PLACE_LOOKALIKES
    }
    gazetteer = Gazetteer(GazetteerPlace(i, name, 55.6, 13.0) for i, name in enumerate(names))
    assert len(names) > 100
    for row in rows:
        assert scrub(row.text, gazetteer) == privacy._scrub(row.text, gazetteer), row.text


def test_a_cluster_is_named_by_its_most_frequent_text_else_the_nearest_place() -> None:
    texts = [
        "Gångtunneln vid Kvartsvägen",
        "gångtunneln kvartsvägen",
        "Gångtunneln vid Kvartsvägen",
    ]
    assert cluster_name([*texts, "Torget"], None, GAZETTEER) == "Gångtunneln vid Kvartsvägen"
    assert cluster_name(["", "[adress]"], (55.6050, 13.0001), GAZETTEER) == TUNNEL.name
    assert cluster_name([], (56.0, 14.0), GAZETTEER) is None
    assert cluster_name([], None, None) is None


def test_markers_are_no_place() -> None:
    assert normalise_place_text("[adress], busskuren") == "busskuren"
    assert normalise_place_text("[adress]") == ""


def test_reports_group_by_near_pins_and_by_text_together() -> None:
    tunnel = normalise_place_text("Gångtunneln vid Kvartsvägen")
    items = [
        (55.6050, 13.0000, tunnel),
        (55.6060, 13.0010, "gångtunneln kvartsvägen"),  # 130 m off, same text
        (None, None, tunnel),  # no pin, same text
        (55.60502, 13.00002, ""),  # 3 m from the first, no text
        (55.6500, 13.0000, tunnel),  # 5 km away: the same words, another place
        (55.7000, 13.2000, ""),
    ]
    groups = group_places(items)
    assert groups[0] == groups[1] == groups[2] == groups[3]
    assert len({groups[0], groups[4], groups[5]}) == 3
