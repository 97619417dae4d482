"""Compile the Chinese message catalogue, or check that it is complete.

Translators edit ``bulletin/locale/zh/*.po`` (one file per area: content, layout,
fonts, cli, …). This script merges them into ``bulletin/locale/zh/LC_MESSAGES/
bulletin.mo``, which ships in the wheel and is read by the standard ``gettext``.

    python scripts/catalogue.py            # compile
    python scripts/catalogue.py --check    # exit 1 when a message has no translation,
                                           # a translation drops or adds a {field}, a
                                           # translation is of a message no longer used,
                                           # or the .mo is not the compiled .po files
    python scripts/catalogue.py --missing  # print a .po stub of the untranslated messages

Messages are found in the code by Babel's extractor: every ``t("...")`` call.
"""

from __future__ import annotations

import datetime
import gettext
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
FOREIGN = {"click.po"}  # click's own words: used by click's code, not ours
FIXED_DATE = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)


def merged() -> Catalog:
    """Every ``.po`` file of the language in one catalogue (a message in two is an error)."""
    # Fixed dates: compiling the same .po files gives the same .mo, not a new one a minute.
    catalog = Catalog(locale="zh_Hans_CN", domain="bulletin", creation_date=FIXED_DATE,
                      revision_date=FIXED_DATE)
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


def entries_by_file() -> list[tuple[Path, str]]:
    """(file, message id) for every translated message of every ``.po`` file."""
    found = []
    for po in sorted(LANG_DIR.glob("*.po")):
        with po.open("rb") as f:
            found += [(po, m.id) for m in read_po(f, locale="zh_Hans_CN")
                      if m.id and isinstance(m.id, str)]
    return found


def compiled(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def same_messages(mo: bytes, catalog: Catalog) -> bool:
    """Whether the compiled ``mo`` holds exactly the catalogue's translations (its header,
    which carries dates and Babel's version, aside)."""
    compiled_ = gettext.GNUTranslations(io.BytesIO(mo))._catalog  # type: ignore[attr-defined]
    wanted: dict[object, str] = {}
    for m in catalog:
        if not m.id or not m.string:
            continue
        if isinstance(m.id, tuple):  # a plural: gettext keys each form by its index
            wanted.update({(m.id[0], i): form for i, form in enumerate(m.string)})
        else:
            wanted[m.id] = m.string
    return {k: v for k, v in compiled_.items() if k} == wanted


def used() -> dict[str, str]:
    """Every message the code marks with ``t(...)``, and the CLI's help texts, with where
    each is first used."""
    found: dict[str, str] = help_texts()
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(PACKAGE), method_map=[("**.py", "python")], keywords={"t": None},
    ):
        if isinstance(message, str):
            found.setdefault(message, f"bulletin/{filename}:{lineno}")
    return found


def help_texts() -> dict[str, str]:
    """The CLI's help texts (command docstrings, option help, the usage words), which it
    looks up in the catalogue when it prints help: messages as much as ``t(...)`` ones."""
    import inspect

    sys.path.insert(0, str(ROOT))
    from bulletin import clilang
    from bulletin.cli import main as group

    found = {word: "bulletin/clilang.py" for word in clilang.USAGE_WORDS}
    found[str(clilang.VERSION_MESSAGE)] = "bulletin/cli.py"

    def visit(command, path: str) -> None:
        if command.help:
            found.setdefault(inspect.cleandoc(command.help.partition("\f")[0]), path)
        for param in command.params:
            if getattr(param, "help", None):
                found.setdefault(inspect.cleandoc(param.help), f"{path} {param.opts[0]}")
        for name, sub in getattr(command, "commands", {}).items():
            visit(sub, f"{path} {name}")

    visit(group, "bulletin")
    from bulletin.style.layout import bundled_layouts, layout_description

    for name, path in bundled_layouts().items():  # `bulletin layouts` tells them
        found.setdefault(layout_description(path), f"layouts/{name}.yaml")
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
    code = used()
    for po, message in entries_by_file():
        if po.name not in FOREIGN and message not in code:
            wrong.append(f"{po.relative_to(ROOT)}: {message!r} is not used by the code any "
                         "more: remove it")
    if not MO.exists() or not same_messages(MO.read_bytes(), catalog):
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
