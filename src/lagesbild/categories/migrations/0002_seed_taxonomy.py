"""Seed the category taxonomy and its mappings from police event types and Brå crime types.

The data is written out here, not imported from app code, so this migration means the same
thing forever. Later changes to the taxonomy get migrations of their own.
"""

from django.db import migrations

# code, Swedish name, English name, sensitive, subcategories [(code, sv, en, sensitive)]
TAXONOMY = [
    (
        "skadegorelse",
        "Skadegörelse",
        "Vandalism",
        False,
        [
            ("klotter", "Klotter", "Graffiti", False),
            ("ovrig_skadegorelse", "Övrig skadegörelse", "Other vandalism", False),
        ],
    ),
    (
        "stold",
        "Stöld och inbrott",
        "Theft and burglary",
        False,
        [
            ("stold_mot_person", "Stöld mot person", "Theft from a person", False),
            ("bostadsinbrott", "Bostadsinbrott", "Residential burglary", False),
            ("kallare_forrad", "Inbrott i källare/förråd", "Cellar or storage break-in", False),
            ("fordon_cykel", "Stöld av/ur fordon eller cykel", "Vehicle or bicycle theft", False),
            ("butiksstold", "Butiksstöld", "Shoplifting", False),
        ],
    ),
    (
        "vald",
        "Våld och hot",
        "Violence and threats",
        False,
        [
            ("misshandel", "Misshandel", "Assault", False),
            ("hot", "Hot", "Threats", False),
            ("ran", "Rån", "Robbery", False),
        ],
    ),
    (
        "narkotika",
        "Narkotika",
        "Drugs",
        False,
        [
            (
                "narkotika_forsaljning",
                "Misstänkt narkotikaförsäljning",
                "Suspected drug dealing",
                True,
            ),
            (
                "narkotika_paverkade",
                "Narkotikapåverkade personer",
                "People under the influence of drugs",
                False,
            ),
            ("narkotika_fynd", "Fynd av narkotika eller sprutor", "Drugs or needles found", False),
        ],
    ),
    (
        "ordning",
        "Ordningsstörning",
        "Public disorder",
        False,
        [
            ("otrygg_samling", "Otrygg samling", "Intimidating gathering", False),
            ("buskorning", "Buskörning", "Reckless driving", False),
            ("berusning", "Berusning", "Drunkenness", False),
            ("nedskrapning", "Nedskräpning", "Littering", False),
            ("storande_ljud", "Störande ljud", "Noise", False),
        ],
    ),
    (
        "brand",
        "Brand",
        "Fire",
        False,
        [
            ("anlagd_brand", "Anlagd brand", "Arson", False),
            ("bilbrand", "Bilbrand", "Car fire", False),
            ("containerbrand", "Container- eller soptunnebrand", "Container or bin fire", False),
        ],
    ),
    (
        "otrygg_miljo",
        "Otrygg miljö",
        "Unsafe environment",
        False,
        [
            ("trasig_belysning", "Trasig belysning", "Broken lighting", False),
            ("skymd_sikt", "Skymd sikt, igenvuxet", "Blocked view, overgrown", False),
            ("overgivet_fordon", "Övergivet fordon", "Abandoned vehicle", False),
        ],
    ),
    ("valfard", "Välfärds- och bidragsbrott", "Welfare and benefit fraud", False, []),
    ("organiserad", "Organiserad brottslighet", "Organised crime", True, []),
    ("ovrigt", "Övrigt", "Other", False, []),
]

# polisen.se event type -> category code. The API's vocabulary is open: unknown types stay unmapped.
POLICE_EVENT_TYPES = {
    "Skadegörelse": "skadegorelse",
    "Stöld": "stold",
    "Stöld, försök": "stold",
    "Stöld, ringa": "stold",
    "Stöld/inbrott": "stold",
    "Inbrott": "bostadsinbrott",
    "Inbrott, försök": "bostadsinbrott",
    "Motorfordon, stöld": "fordon_cykel",
    "Häleri": "stold",
    "Rån": "ran",
    "Rån väpnat": "ran",
    "Rån övrigt": "ran",
    "Rån, försök": "ran",
    "Misshandel": "misshandel",
    "Misshandel, grov": "misshandel",
    "Olaga hot": "hot",
    "Våld/hot mot tjänsteman": "hot",
    "Mord/dråp": "vald",
    "Mord/dråp, försök": "vald",
    "Skottlossning": "vald",
    "Skottlossning, misstänkt": "vald",
    "Detonation": "vald",
    "Knivlagen": "vald",
    "Vapenlagen": "vald",
    "Narkotikabrott": "narkotika",
    "Ordningslagen": "ordning",
    "Bråk": "ordning",
    "Fylleri/LOB": "berusning",
    "Ofog barn/ungdom": "ordning",
    "Ofredande/förargelse": "ordning",
    "Alkohollagen": "ordning",
    "Brand": "brand",
}

# Brå crime type (the leaf of the crime-type tree as Brå names it) -> category code.
BRA_CRIME_TYPES = {
    "12 kap. Skadegörelsebrott": "skadegorelse",
    "8 kap. Stöld, rån m.m.": "stold",
    "därav fickstöld": "stold_mot_person",
    "därav inbrottsstöld i bostad": "bostadsinbrott",
    "därav biltillgrepp": "fordon_cykel",
    "därav cykeltillgrepp": "fordon_cykel",
    "därav stöld ur och från motordrivet fordon": "fordon_cykel",
    "därav stöld och snatteri i butik, varuhus o.d.": "butiksstold",
    "därav rån, inkl. grovt": "ran",
    "3 kap. Brott mot liv och hälsa": "vald",
    "därav misshandel inkl. grov": "misshandel",
    "4 kap. Brott mot frihet och frid": "hot",
    "Brott mot narkotikastrafflagen": "narkotika",
    "Brott mot bidragsbrottslagen": "valfard",
    "16 kap. Brott mot allmän ordning": "ordning",
    "13 kap. Allmänfarliga brott": "brand",
}


def seed(apps, schema_editor):
    Category = apps.get_model("categories", "Category")
    PoliceEventTypeMapping = apps.get_model("categories", "PoliceEventTypeMapping")
    BraCrimeTypeMapping = apps.get_model("categories", "BraCrimeTypeMapping")
    order = 0
    for code, sv, en, sensitive, children in TAXONOMY:
        order += 10
        top, _ = Category.objects.update_or_create(
            code=code,
            defaults={"name_sv": sv, "name_en": en, "sensitive": sensitive, "sort_order": order},
        )
        for child_code, child_sv, child_en, child_sensitive in children:
            order += 1
            Category.objects.update_or_create(
                code=child_code,
                defaults={
                    "parent": top,
                    "name_sv": child_sv,
                    "name_en": child_en,
                    "sensitive": child_sensitive,
                    "sort_order": order,
                },
            )
    categories = {c.code: c for c in Category.objects.all()}
    for event_type, code in POLICE_EVENT_TYPES.items():
        PoliceEventTypeMapping.objects.update_or_create(
            event_type=event_type, defaults={"category": categories[code]}
        )
    for crime_type, code in BRA_CRIME_TYPES.items():
        BraCrimeTypeMapping.objects.update_or_create(
            crime_type=crime_type, defaults={"category": categories[code]}
        )


def unseed(apps, schema_editor):
    apps.get_model("categories", "PoliceEventTypeMapping").objects.filter(
        event_type__in=POLICE_EVENT_TYPES
    ).delete()
    apps.get_model("categories", "BraCrimeTypeMapping").objects.filter(
        crime_type__in=BRA_CRIME_TYPES
    ).delete()
    Category = apps.get_model("categories", "Category")
    Category.objects.filter(parent__isnull=False).delete()
    Category.objects.filter(code__in=[row[0] for row in TAXONOMY]).delete()


class Migration(migrations.Migration):
    dependencies = [("categories", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
