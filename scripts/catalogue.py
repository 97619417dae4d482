"""Compile the Chinese message catalogue, or check that it is complete.

Translators edit ``bulletin/locale/zh/*.po`` (one file per area: content, layout,
fonts, cli, …). This script merges them into ``bulletin/locale/zh/LC_MESSAGES/
bulletin.mo``, which ships in the wheel and is read by the standard ``gettext``.

    python scripts/catalogue.py            # compile
    python scripts/catalogue.py --check    # exit 1 when a message has no translation,
                                           # a translation drops or adds a {field},
                                           # or the .mo is not the compiled .po files
    python scripts/catalogue.py --missing  # print a .po stub of the untranslated messages

Messages are found in the code by Babel's extractor: every ``t("...")`` call.
"""

from __future__ import annotations

import io
import string
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "bulletin"
LANG_DIR = PACKAGE / "locale" / "zh"
MO = LANG_DIR / "LC_MESSAGES" / "bulletin.mo"


def merged() -> Catalog:
    """Every ``.po`` file of the language in one catalogue (a message in two is an error)."""
    catalog = Catalog(locale="zh_Hans_CN", domain="bulletin")
    for po in sorted(LANG_DIR.glob("*.po")):
        with po.open("rb") as f:
            for message in read_po(f, locale="zh_Hans_CN"):
                if not message.id:
                    continue
                if message.id in catalog and catalog[message.id].string != message.string:
                    raise SystemExit(f"{po.name}: {message.id!r} is translated differently "
                                     "in another file")
                catalog.add(message.id, message.string, context=message.context)
    return catalog


def compiled(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def used() -> dict[str, str]:
    """Every message the code marks with ``t(...)``, with where it is first used."""
    found: dict[str, str] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(PACKAGE), method_map=[("**.py", "python")], keywords={"t": None},
    ):
        if isinstance(message, str):
            found.setdefault(message, f"bulletin/{filename}:{lineno}")
    return found


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def problems(catalog: Catalog) -> list[str]:
    wrong = []
    for message, where in sorted(used().items(), key=lambda kv: kv[1]):
        translated = catalog.get(message)
        if translated is None or not translated.string:
            wrong.append(f"{where}: no translation for {message!r}")
        elif fields(translated.string) != fields(message):
            wrong.append(f"{where}: the translation of {message!r} has the fields "
                         f"{sorted(fields(translated.string))}, not {sorted(fields(message))}")
    if not MO.exists() or MO.read_bytes() != compiled(catalog):
        wrong.append(f"{MO.relative_to(ROOT)} is not the compiled .po files: run "
                     "python scripts/catalogue.py")
    return wrong


def missing_stub(catalog: Catalog) -> str:
    lines = []
    for message, where in sorted(used().items(), key=lambda kv: kv[1]):
        translated = catalog.get(message)
        if translated is None or not translated.string:
            escaped = message.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            lines += [f"#: {where}", f'msgid "{escaped}"', 'msgstr ""', ""]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    catalog = merged()
    if "--check" in argv:
        wrong = problems(catalog)
        for line in wrong:
            print(line)
        return 1 if wrong else 0
    if "--missing" in argv:
        print(missing_stub(catalog))
        return 0
    MO.parent.mkdir(parents=True, exist_ok=True)
    MO.write_bytes(compiled(catalog))
    print(f"wrote {MO.relative_to(ROOT)}: {len(catalog)} messages")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
