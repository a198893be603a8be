"""Age groups are tagged by name alone, without their years (search/index.py, `_tag`).

Documents indexed before: the folded label in their tags, and so in their whole text, is
replaced by the name. SQLite's FTS5 tables follow the texts by their triggers; PostgreSQL's
posting lists are written anew once at the end, as a rebuild does, rather than rewritten
by the triggers of every batch (which left them six times their size on national data).
"""

from django.db import migrations

# Folded labels as indexed before → as indexed now.
TAGS = {
    "eldre": ("eldre 63 år og eldre", "eldre"),
    "voksne": ("voksne 18 år eller eldre", "voksne"),
    "unge_voksne": ("unge voksne 18 25 år", "unge voksne"),
    "ungdom": ("ungdom 13 17 år", "ungdom"),
    "barn": ("barn 1 12 år", "barn"),
}


def shorten(apps, schema_editor):
    from mestring.catalogue.search import postings

    if postings.in_use():
        postings.pause()
    SearchDocument = apps.get_model("catalogue", "SearchDocument")
    SearchText = apps.get_model("catalogue", "SearchText")
    for age_group, (before, after) in TAGS.items():
        documents = SearchDocument.objects.filter(age_group=age_group).values("offer_id")
        changed = []
        texts = SearchText.objects.filter(document_id__in=documents, tags__contains=before)
        for row in texts.only("pk", "title", "tags", "text").iterator(chunk_size=2000):
            # The whole text is the title, the tags and the description (index.py).
            body = row.text[len(row.title) + len(row.tags) + 2 :]
            row.tags = row.tags.replace(before, after, 1)
            row.text = f"{row.title} {row.tags} {body}"
            changed.append(row)
        SearchText.objects.bulk_update(changed, ["tags", "text"], batch_size=2000)
    if postings.in_use():
        postings.rebuild()


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0012_search_audience_bits"),
    ]

    operations = [
        migrations.RunPython(shorten, migrations.RunPython.noop),
    ]
