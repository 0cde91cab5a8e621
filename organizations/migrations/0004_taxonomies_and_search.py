"""Seed the themes and target groups (fi/sv/en) and the text-search indexes: GIN over
the per-language vectors and trigram indexes for typos and compounds."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

THEMES = [
    ("mental-health", "Mielenterveys", "Psykisk hälsa", "Mental health"),
    ("substance-use", "Päihteet", "Missbruk", "Substance use"),
    ("families-and-children", "Perheet ja lapset", "Familjer och barn", "Families and children"),
    ("youth", "Nuoret", "Unga", "Youth"),
    ("women", "Naiset", "Kvinnor", "Women"),
    ("elderly", "Ikääntyneet", "Äldre", "Elderly people"),
    ("disability", "Vammaisuus", "Funktionsnedsättning", "Disability"),
    ("employment", "Työllistyminen", "Sysselsättning", "Employment"),
    ("housing", "Asuminen", "Boende", "Housing"),
    ("residence-permits-and-legal-advice", "Oleskeluluvat ja oikeudellinen neuvonta",
     "Uppehållstillstånd och juridisk rådgivning", "Residence permits and legal advice"),
    ("finnish-language", "Suomen kieli", "Finska språket", "Finnish language"),
    ("leisure", "Vapaa-aika", "Fritid", "Leisure"),
]  # fmt: skip
TARGET_GROUPS = [
    ("families", "Perheet", "Familjer", "Families"),
    ("children", "Lapset", "Barn", "Children"),
    ("young-people", "Nuoret", "Unga", "Young people"),
    ("women", "Naiset", "Kvinnor", "Women"),
    ("men", "Miehet", "Män", "Men"),
    ("older-people", "Ikääntyneet", "Äldre", "Older people"),
    ("asylum-seekers", "Turvapaikanhakijat", "Asylsökande", "Asylum seekers"),
    ("refugees", "Pakolaiset", "Flyktingar", "Refugees"),
    ("newcomers", "Äskettäin muuttaneet", "Nyanlända", "Newcomers"),
    ("people-with-disabilities", "Vammaiset henkilöt", "Personer med funktionsnedsättning",
     "People with disabilities"),
]  # fmt: skip

POSTGRES_INDEXES = """
CREATE INDEX organization_search_fi_gin ON organizations_organization USING gin (search_fi);
CREATE INDEX organization_search_sv_gin ON organizations_organization USING gin (search_sv);
CREATE INDEX organization_search_en_gin ON organizations_organization USING gin (search_en);
CREATE INDEX organization_name_trgm ON organizations_organization USING gin (name gin_trgm_ops);
CREATE INDEX activity_name_fi_trgm ON organizations_activity USING gin (name_fi gin_trgm_ops);
"""
DROP_POSTGRES_INDEXES = """
DROP INDEX IF EXISTS organization_search_fi_gin;
DROP INDEX IF EXISTS organization_search_sv_gin;
DROP INDEX IF EXISTS organization_search_en_gin;
DROP INDEX IF EXISTS organization_name_trgm;
DROP INDEX IF EXISTS activity_name_fi_trgm;
"""


def load_taxonomies(apps, schema_editor):
    for model_name, rows in (("Theme", THEMES), ("TargetGroup", TARGET_GROUPS)):
        model = apps.get_model("organizations", model_name)
        for position, (slug, fi, sv, en) in enumerate(rows):
            model.objects.update_or_create(
                slug=slug,
                defaults={"position": position, "name": fi, "name_fi": fi, "name_sv": sv, "name_en": en},
            )


class Migration(migrations.Migration):
    dependencies = [("organizations", "0003_directory_profiles")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(load_taxonomies, migrations.RunPython.noop),
        migrations.RunSQL(POSTGRES_INDEXES, DROP_POSTGRES_INDEXES),
    ]
