"""The shipped translation catalogues (masthead/locale/): pure, no database.

To regenerate after changing reader-facing words, from ``masthead/``::

    DJANGO_SETTINGS_MODULE=masthead.settings.test ../.venv/bin/python -m django \\
        makemessages -l ar -l en_GB --no-location --no-obsolete \\
        --ignore 'tests/*' --ignore 'ingest/*' --ignore 'demo/*' --ignore '*/admin/*' \\
        --ignore 'operations/templates/wagtailadmin/*'
    # translate the new msgstr "" entries in locale/ar/LC_MESSAGES/django.po, then
    msgfmt -c -o locale/ar/LC_MESSAGES/django.mo locale/ar/LC_MESSAGES/django.po
    msgfmt -c -o locale/en_GB/LC_MESSAGES/django.mo locale/en_GB/LC_MESSAGES/django.po

Both the .po and the compiled .mo are committed: nothing compiles at deploy time.
These tests fail when a .mo is older than its .po, when an Arabic entry is empty
or fuzzy, when placeholders differ, and when a reader template's words are
missing from the Arabic catalogue.
"""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2]
LOCALE = PACKAGE / "locale"
CATALOGUES = sorted(LOCALE.glob("*/LC_MESSAGES/django.po"))
# Templates readers see (the admin's, the ingest screens and the API's one
# template, its key screen in the admin, are editors' English).
READER_TEMPLATES = [
    path
    for path in sorted(PACKAGE.rglob("templates/**/*.html"))
    if "tests" not in path.parts
    and not {"admin", "wagtailadmin", "ingest", "api"} & set(path.parts)
]
PLACEHOLDER = re.compile(r"%\([a-z_]+\)s")


def read_po(path: Path) -> list[dict]:
    """The entries of a .po file: context, id, plural id, strings, flags."""
    entries, entry, field = [], None, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if entry is not None:
                entries.append(entry)
            entry, field = None, None
            continue
        if entry is None:
            entry = {"ctxt": None, "id": "", "plural": None, "str": {}, "flags": ""}
        if line.startswith("#,"):
            entry["flags"] += line
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if isinstance(field, tuple):
                entry["str"][field[1]] += value
            else:
                entry[field] = (entry[field] or "") + value
        else:
            keyword, _, rest = line.partition(" ")
            value = ast.literal_eval(rest)
            match = re.fullmatch(r"msgstr\[(\d)\]", keyword)
            if match:
                field = ("str", int(match.group(1)))
                entry["str"][field[1]] = value
            elif keyword == "msgstr":
                field = ("str", 0)
                entry["str"][0] = value
            else:
                field = {"msgctxt": "ctxt", "msgid": "id", "msgid_plural": "plural"}[
                    keyword
                ]
                entry[field] = value
    return [e for e in entries if e["id"] or e["ctxt"]]


def template_messages(path: Path) -> set[tuple[str | None, str]]:
    """(context, id) of every translatable string in a template, as
    makemessages finds them (Django's own ``templatize``)."""
    import django
    from django.conf import settings

    if not settings.configured:  # pragma: no cover - pytest-django configures it
        django.setup()
    from django.utils.translation.template import templatize

    code = templatize(path.read_text(encoding="utf-8"))
    found = set()
    for name, args in re.findall(
        r"\b(n?p?gettext)\(((?:\s*u?'(?:[^'\\]|\\.)*'\s*,?)+)", code
    ):
        strings = [ast.literal_eval(s) for s in re.findall(r"'(?:[^'\\]|\\.)*'", args)]
        if name.startswith(("pgettext", "npgettext")):
            found.add((strings[0], strings[1]))
        else:
            found.add((None, strings[0]))
    return found


def test_there_are_english_and_arabic_catalogues():
    languages = {path.parts[-3] for path in CATALOGUES}
    assert {"ar", "en_GB"} <= languages


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.parts[-3])
def test_compiled_catalogue_matches_its_po(po):
    """The committed .mo holds exactly the .po's translations (it was compiled
    after the last edit)."""
    with open(po.with_suffix(".mo"), "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    entries = read_po(po)
    assert entries
    for entry in entries:
        if "fuzzy" in entry["flags"]:
            continue
        if entry["plural"] is not None:
            for n in (0, 1, 2, 5, 11, 100):
                expected = entry["str"][compiled.plural(n)]
                got = (
                    compiled.npgettext(entry["ctxt"], entry["id"], entry["plural"], n)
                    if entry["ctxt"]
                    else compiled.ngettext(entry["id"], entry["plural"], n)
                )
                assert got == (expected or entry["id"]), entry["id"]
        else:
            got = (
                compiled.pgettext(entry["ctxt"], entry["id"])
                if entry["ctxt"]
                else compiled.gettext(entry["id"])
            )
            assert got == (entry["str"][0] or entry["id"]), entry["id"]


def test_arabic_catalogue_has_no_empty_or_fuzzy_entry():
    entries = read_po(LOCALE / "ar/LC_MESSAGES/django.po")
    untranslated = [
        e["id"] for e in entries if not all(e["str"].values()) or "fuzzy" in e["flags"]
    ]
    assert untranslated == []
    plural_forms = {len(e["str"]) for e in entries if e["plural"] is not None}
    assert plural_forms <= {6}  # Arabic has six plural forms


@pytest.mark.parametrize("language", ["ar", "en_GB"])
def test_translations_keep_their_placeholders(language):
    for entry in read_po(LOCALE / f"{language}/LC_MESSAGES/django.po"):
        wanted = set(PLACEHOLDER.findall(entry["id"])) - {"%(counter)s"}
        for text in entry["str"].values():
            # A plural form may spell out its number ("one result"): all but counter.
            assert set(PLACEHOLDER.findall(text)) - {"%(counter)s"} == wanted, entry[
                "id"
            ]


def test_arabic_catalogue_covers_every_reader_template():
    entries = read_po(LOCALE / "ar/LC_MESSAGES/django.po")
    translated = {(e["ctxt"], e["id"]) for e in entries if all(e["str"].values())}
    assert READER_TEMPLATES
    missing = {
        (path.relative_to(PACKAGE).as_posix(), message)
        for path in READER_TEMPLATES
        for message in template_messages(path)
        if message not in translated
    }
    assert missing == set()
