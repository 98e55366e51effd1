"""The message catalogues' tool (Babel): extract, update, compile, add a language.

    python scripts/messages.py update      # find every message in gui/, add new ones to each .po
    python scripts/messages.py compile     # .po → .mo (scripts/dev.sh and the build do this)
    python scripts/messages.py init xx     # start gui/locale/xx/LC_MESSAGES/b24cc.po
    python scripts/messages.py check       # every message translated, placeholders kept

A new language is one file: ``init xx``, translate the .po, add ``"xx": "Name"`` to
``gui.core.i18n.LANGUAGES``, ``compile``.
"""

from __future__ import annotations

import string
import sys
from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "gui"
LOCALE = SOURCES / "locale"
DOMAIN = "b24cc"
KEYWORDS = {
    "_": None,
    "N_": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
}
METHOD_MAP = [("gui/locale/**", "ignore"), ("gui/**.py", "python")]


def po_files() -> list[Path]:
    """Every language's catalogue source."""
    return sorted(LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def extract() -> Catalog:
    """Every message the program's code marks, with its translator comments."""
    template = Catalog(project="b24-connector-configurator", domain=DOMAIN)
    found = extract_from_dir(
        str(ROOT), method_map=METHOD_MAP, keywords=KEYWORDS, comment_tags=("Translators:",),
        strip_comment_tags=True,
    )
    for filename, lineno, message, comments, context in found:
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return template


def read(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, domain=DOMAIN)


def write(catalog: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        # No file:line locations: they change with every edit and make merges conflict.
        write_po(handle, catalog, width=100, no_location=True, omit_header=False,
                 ignore_obsolete=True, sort_output=True)


def update() -> None:
    template = extract()
    for path in po_files():
        catalog = read(path)
        template.creation_date = catalog.creation_date  # no header churn on every update
        catalog.update(template, no_fuzzy_matching=True)
        write(catalog, path)
        print(f"{path.relative_to(ROOT)}: {len(catalog)} messages")


def init(language: str) -> None:
    path = LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if path.exists():
        sys.exit(f"{path} exists; use update")
    catalog = Catalog(
        locale=language, domain=DOMAIN, project="b24-connector-configurator", fuzzy=False,
        copyright_holder="the B24 Connector Configurator authors",
        msgid_bugs_address="the project's issue tracker",
        last_translator="the B24 Connector Configurator authors",
        language_team=f"{language} (the B24 Connector Configurator authors)",
    )
    catalog.update(extract())
    write(catalog, path)
    print(f"{path.relative_to(ROOT)}: translate it, then add {language!r} to LANGUAGES in "
          "gui/core/i18n.py and run: python scripts/messages.py compile")


def compile_all() -> None:
    for path in po_files():
        catalog = read(path)
        target = path.with_suffix(".mo")
        with target.open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)


def placeholders(text: str) -> set[str]:
    """The ``{name}`` fields of a message (``{{`` escapes are not fields)."""
    try:
        return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}
    except ValueError:
        return {"<unbalanced braces>"}


def _strings(value: str | Iterable[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def problems(template: Catalog, catalog: Catalog) -> list[str]:
    """What keeps ``catalog`` from being complete for ``template``: missing, empty or fuzzy
    translations, lost or invented placeholders, a wrong number of plural forms, stale entries."""
    found: list[str] = []
    language = str(catalog.locale)
    for wanted in template:
        if not wanted.id:
            continue
        have: Message | None = catalog.get(wanted.id, context=wanted.context)
        label = f"{language}: {wanted.id!r}"
        if have is None:
            found.append(f"{label}: no translation")
            continue
        translations = _strings(have.string)
        if have.fuzzy or not translations or not all(translations):
            found.append(f"{label}: empty or fuzzy translation")
            continue
        sources = _strings(wanted.id)
        if wanted.pluralizable and len(translations) != catalog.num_plurals:
            found.append(f"{label}: {len(translations)} plural forms, {catalog.num_plurals} needed")
        expected = set().union(*(placeholders(s) for s in sources))
        for text in translations:
            if placeholders(text) != expected:
                found.append(f"{label}: placeholders {sorted(placeholders(text))} in {text!r}, "
                             f"expected {sorted(expected)}")
    wanted_ids = {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in template}
    for have in catalog:
        key = (have.id if isinstance(have.id, str) else have.id[0], have.context)
        if have.id and key not in wanted_ids:
            found.append(f"{language}: {have.id!r} is no longer in the code (run update)")
    return found


def check() -> int:
    template = extract()
    found = [line for path in po_files() for line in problems(template, read(path))]
    for line in found:
        print(line)
    print(f"{len(template)} messages; {len(found)} problems")
    return 1 if found else 0


def main(argv: list[str]) -> int:
    command = argv[0] if argv else ""
    if command == "update":
        update()
    elif command == "compile":
        compile_all()
    elif command == "init" and len(argv) == 2:
        init(argv[1])
    elif command == "check":
        return check()
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
