"""Command line: ``bulletin build`` and friends. Bad input → its messages, exit 2.

Every line is printed in the user's language (``clilang``: ``--lang``, else the locale).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from .clilang import (
    LANG_OPTION_HELP,
    VERSION_MESSAGE,
    BulletinGroup,
    fail,
    help_text,
    lang,
    say,
    say_error,
    say_warning,
)
from .errors import BulletinError, each_error
from .i18n import LANGUAGES, t, tell

# Each command imports the stages it needs when it runs, so `bulletin --help` and a
# mistyped option answer at once, without loading ReportLab, fontTools or Pillow.

@click.group(cls=BulletinGroup)
@click.version_option(package_name="bulletin",
                      message=VERSION_MESSAGE)
@click.option("--lang", type=click.Choice(LANGUAGES), expose_value=False, metavar="zh|en",
              help=LANG_OPTION_HELP)
def main() -> None:
    """Chinese community newsletters and posters from YAML, as print-ready PDF."""


@main.command("build")
@click.argument("contents", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="PDF to write, for one content file (default: the content file's name, "
                   ".pdf, here).")
@click.option("--out-dir", type=click.Path(path_type=Path, file_okay=False), metavar="DIR",
              help="Folder for the PDFs when building several files (default: here).")
@click.option("-j", "--jobs", type=click.IntRange(0, 256), default=1, show_default=True,
              metavar="N", help="Build N files at a time, each in its own process "
                                "(0: one per processor core).")
@click.option("--layout", help="A bundled layout's name or a layout file.")
@click.option("--png", is_flag=True, help="Also write a PNG of each page, for sharing.")
@click.option("--dpi", type=click.IntRange(10, 1200), default=150, show_default=True,
              help="Resolution of the PNG pages.")
@click.option("--width", "png_width", type=click.IntRange(16, 20000), metavar="PX",
              help="Width of the PNG pages in pixels (instead of --dpi).")
@click.option("--article", type=int, metavar="N",
              help="Set only article N (1-based), e.g. for a poster.")
@click.option("--print", "for_print", is_flag=True,
              help="For a print shop: 3 mm bleed, crop marks, TrimBox/BleedBox, type and "
                   "layout colours in CMYK (photos stay RGB).")
@click.option("--email", is_flag=True,
              help="Write the e-mail edition instead: photos at 150 ppi for screens, "
                   "a small PDF (warned above 10 MB).")
@click.option("--tile", "tile_paper", metavar="PAPER",
              help="Also tile the PDF onto sheets of PAPER (e.g. A4) as OUT-tiles.pdf.")
@click.option("--allow-fallback", is_flag=True,
              help="Draw a character no layout font has from any installed "
                   "font that has it, with a warning.")
@click.option("--long", "long_image", is_flag=True,
              help="Also write NAME-long.png: the issue as one long picture 1080 px wide "
                   "for WeChat, set on the phone layout.")
@click.option("--slice", "slice_height", type=click.IntRange(200, 20000), metavar="H",
              is_flag=False, flag_value=1440,  # bulletin.export.long.SLICE_HEIGHT
              help="Also cut the long picture into NAME-long-01.png … at most H pixels "
                   "tall (--slice alone: 1440), between lines; implies --long.")
def build_command(
    contents: tuple[Path, ...], output: Path | None, layout: str | None, png: bool,
    dpi: int = 150, png_width: int | None = None, article: int | None = None,
    tile_paper: str | None = None, allow_fallback: bool = False,
    for_print: bool = False, long_image: bool = False, slice_height: int | None = None,
    email: bool = False, out_dir: Path | None = None, jobs: int = 1,
) -> None:
    """Build CONTENTS (YAML issues, or folders of them; default: the bundled example)
    into PDFs.

    One file is built into -o, or its name with .pdf, here. Several files or a folder
    are built each into its own PDF in --out-dir (default: here), N at a time with -j;
    a file with a mistake is reported and the others are built all the same."""
    from .batch import BuildOptions

    options = BuildOptions(layout, article, allow_fallback, for_print, email, png, dpi,
                           png_width, tile_paper, long_image, slice_height)
    if len(contents) == 1 and not contents[0].is_dir() or not contents:
        from .build import example_content

        source = contents[0] if contents else example_content()
        _build_one(source, output or (out_dir or Path.cwd()) / (source.stem + ".pdf"), options)
        return
    if output is not None:
        raise click.UsageError(tell(t("-o names one PDF; for several content files use "
                                      "--out-dir DIR"), lang()))
    _build_many(contents, out_dir or Path.cwd(), options, jobs)


def _build_one(source: Path, out: Path, options: Any) -> None:
    """One file, here and now: its mistakes, or its warnings and what was written."""
    from .batch import build_one

    outcome = build_one(source, out, options, lang(), contain=False)
    for line in outcome.errors:
        say(t("error: {message}", message=line), err=True)
    if outcome.errors:
        sys.exit(2)
    for warning in outcome.warnings:
        say_warning(warning)
    for line in outcome.written:
        click.echo(line)


class _Progress:
    """``[3/20]`` on the terminal's status line, only when stderr is a terminal."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.shown = sys.stderr.isatty() and total > 1

    def show(self, done: int) -> None:
        if self.shown:
            text = tell(t("building…"), lang())
            click.echo(f"\r\x1b[K[{done}/{self.total}] {text}", err=True, nl=False)

    def clear(self) -> None:
        if self.shown:
            click.echo("\r\x1b[K", err=True, nl=False)


def _build_many(contents: Sequence[Path], folder: Path, options: Any, jobs: int) -> None:
    """Several files: one line each (✓ what was written, ✗ its first mistake), in the
    order given, as soon as each and those before it are done; exit 2 if any failed."""
    from .batch import Outcome, build_many, gather

    files, notes = gather(contents)
    for note in notes:
        say(t("note: {message}", message=note), err=True)
    if not files:
        fail(BulletinError(t("nothing to build"), t("name .yaml content files or folders "
                                                     "holding them")))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        fail(BulletinError(t("cannot make the folder {folder} ({reason})", folder=folder,
                             reason=e.strerror or str(e))))
    plan: list[tuple[Path, Path]] = []
    clashes: dict[int, Outcome] = {}
    taken: dict[Path, Path] = {}
    for i, source in enumerate(files):
        out = folder / (source.stem + ".pdf")
        if out in taken:
            clashes[i] = Outcome(source, out, errors=[tell(t(
                "{other} is built into the same {pdf}; rename one, or build it alone with -o",
                other=taken[out], pdf=out), lang())])
        taken.setdefault(out, source)
        plan.append((source, out))
    todo = [i for i in range(len(plan)) if i not in clashes]
    results: dict[int, Outcome] = dict(clashes)
    progress = _Progress(len(plan))
    printed = 0

    def done(k: int, outcome: Outcome) -> None:
        nonlocal printed
        results[todo[k]] = outcome
        progress.clear()
        while printed in results:
            _tell_outcome(results[printed])
            printed += 1
        progress.show(len(results))

    progress.show(len(results))
    build_many([plan[i] for i in todo], options, lang(), jobs, done)
    while printed in results:  # clashes after the last built file
        _tell_outcome(results[printed])
        printed += 1
    progress.clear()
    failed = sum(1 for o in results.values() if not o.ok)
    say(t("{built} built, {failed} failed", built=len(results) - failed, failed=failed)
        if failed else t("{built} built", built=len(results)), err=bool(failed))
    if failed:
        sys.exit(2)


def _tell_outcome(outcome: Any) -> None:
    """One file of a batch: ``✓ summary`` (and its warnings), or ``✗ first mistake``."""
    if outcome.ok:
        first, *others = outcome.written
        click.echo(f"✓ {first}")
        for line in others:
            click.echo(f"  {line}")
        for warning in outcome.warnings:
            say(t("  warning: {message}", message=warning), err=True)
        return
    first = outcome.errors[0]
    if not first.startswith(str(outcome.source)):
        first = f"{outcome.source}: {first}"
    click.echo(f"✗ {first}", err=True)
    if len(outcome.errors) > 1:
        say(t("  … and {count} more mistakes: bulletin check {file} lists them all",
              count=len(outcome.errors) - 1, file=outcome.source), err=True)


@main.command("watch")
@click.argument("content", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--layout", help="A bundled layout's name or a layout file.")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="PDF to write (default: the content file's name, .pdf, here).")
@click.option("--allow-fallback", is_flag=True,
              help="Draw a character no layout font has from any installed "
                   "font that has it, with a warning.")
def watch_command(content: Path, layout: str | None, output: Path | None,
                  allow_fallback: bool) -> None:
    """Build CONTENT, then again each time it, its layout file or a picture is saved.

    A build with a mistake prints it and leaves the last good PDF as it was.
    Press Ctrl-C to stop."""
    from .batch import BuildOptions
    from .watch import watch

    out = output or Path.cwd() / (content.stem + ".pdf")
    try:
        watch(content, out, BuildOptions(layout=layout, allow_fallback=allow_fallback),
              lang=lang(), say=lambda line, err: click.echo(line, err=err))
    except KeyboardInterrupt:
        say(t("stopped watching"), err=True)


@main.group("layouts", invoke_without_command=True)
@click.pass_context
def layouts_command(ctx: click.Context) -> None:
    """List the bundled layouts (`bulletin layouts show NAME` prints one to copy)."""
    from .style.layout import bundled_layouts, layout_description

    if ctx.invoked_subcommand is None:
        layouts = bundled_layouts()
        wide = max(map(len, layouts)) + 2
        for name, path in layouts.items():
            # A bundled layout's description is told from the catalogue (layout.po).
            click.echo(f"{name:<{wide}}{help_text(layout_description(path))}")


@layouts_command.command("show")
@click.argument("name")
def layouts_show(name: str) -> None:
    """Print layout NAME, to save as a file of your own and edit."""
    from .style.layout import find_layout

    try:
        path = find_layout(name)
    except BulletinError as e:
        fail(e)
    click.echo(path.read_text(encoding="utf-8"), nl=False)


@main.command("tile")
@click.argument("poster", type=click.Path(path_type=Path))
@click.option("--paper", default="A4", show_default=True, metavar="PAPER",
              help="The printer's paper: A4, A3, B5 …")
@click.option("--overlap", default="10mm", show_default=True, metavar="LENGTH",
              help="How far neighbouring sheets overlap: the glue area.")
@click.option("--margin", default="5mm", show_default=True, metavar="LENGTH",
              help="The edge of each sheet the printer cannot print.")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="PDF to write (default: POSTER-tiles.pdf next to the poster).")
def tile_command(
    poster: Path, paper: str, overlap: str, margin: str, output: Path | None
) -> None:
    """Tile POSTER (a PDF) onto sheets of PAPER, with an assembly map, to tape together."""
    from .export import summary
    from .export.tile import parse_tile_length, tile_pdf  # pypdf only when tiling

    out = output or poster.with_name(poster.stem + "-tiles.pdf")
    try:
        tile_pdf(poster, out, paper, parse_tile_length(overlap, "--overlap"),
                 parse_tile_length(margin, "--margin"))
    except BulletinError as e:
        fail(e)
    say(summary(out))


def _pages(count: int) -> object:
    return t("1 page") if count == 1 else t("{count} pages", count=count)


def _warnings(count: int) -> object:
    return t("1 warning") if count == 1 else t("{count} warnings", count=count)


@main.command("check")
@click.argument("contents", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--layout", help="A bundled layout's name or a layout file.")
@click.option("--strict", is_flag=True, help="Exit 1 when there are warnings.")
def check_command(contents: tuple[Path, ...], layout: str | None, strict: bool) -> None:
    """Check CONTENTS as a build would (fonts, photos, pages), without writing a PDF.

    Every mistake of each file is listed, one a line. Exit 0 when all is well, 2 when
    a file has a mistake (1 for warnings with --strict)."""
    from .build import make

    worst, failed = 0, 0
    for content in contents:
        try:
            _, warnings, document = make(content, layout)
        except BulletinError as e:
            say_error(e)
            count = len(each_error(e))
            say(t("{file}  ({mistakes}: not ready to build)", file=content,
                  mistakes=t("1 mistake") if count == 1
                  else t("{count} mistakes", count=count)))
            worst, failed = 2, failed + 1
            continue
        for warning in warnings:
            say_warning(warning)
        pages = len(document.pages)
        if warnings:
            say(t("{file}  (ok: {pages}, {warnings})", file=content, pages=_pages(pages),
                  warnings=_warnings(len(warnings))))
        else:
            say(t("{file}  (ok: {pages})", file=content, pages=_pages(pages)))
        if warnings and strict:
            worst = max(worst, 1)
    if len(contents) > 1:
        say(t("{files} files: {ready} ready to build, {failed} with mistakes",
              files=len(contents), ready=len(contents) - failed, failed=failed))
    sys.exit(worst)


@main.command("new")
@click.argument("folder", type=click.Path(path_type=Path))
def new_command(folder: Path) -> None:
    """Start a new issue in FOLDER: a commented issue.yaml, images/ and 使用说明.txt."""
    from .importer import new_issue

    try:
        made = new_issue(folder)
    except BulletinError as e:
        fail(e)
    for path in made:
        say(t("created {path}", path=path))
    content = folder / "issue.yaml"
    say(t("next: edit {content}, then bulletin check {content}, then bulletin build "
          "{content}", content=content))


@main.command("import")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Draft content file to write (default: SOURCE's name, .yaml, here).")
def import_command(source: Path, output: Path | None) -> None:
    """Make a draft content file from SOURCE (.txt, .md or .docx) and say what was guessed."""
    from .importer import import_text

    out = output or Path.cwd() / (source.stem + ".yaml")
    try:
        guesses = import_text(source, out)
    except BulletinError as e:
        fail(e)
    say(t("wrote the draft {file}; these are guesses, please check them:", file=out))
    for line in guesses:
        say(t("  · {guess}", guess=line))


@main.command("serve")
@click.argument("folder", required=False, default=".",
                type=click.Path(path_type=Path, file_okay=False))
@click.option("--port", type=click.IntRange(0, 65535), metavar="N",
              help="Port on 127.0.0.1 (default: 8765, or the next free one).")
@click.option("--no-browser", is_flag=True, help="Do not open the web browser.")
def serve_command(folder: Path, port: int | None, no_browser: bool) -> None:
    """A web studio for the issues in FOLDER (default: here), on this computer only."""
    from .serve import serve  # the web framework only for this command

    try:
        serve(folder, port, not no_browser)
    except BulletinError as e:
        fail(e)


@main.command("fonts")
@click.argument("content", required=False, type=click.Path(path_type=Path))
@click.option("--layout", help="A bundled layout's name or a layout file.")
def fonts_command(content: Path | None, layout: str | None) -> None:
    """Each role's fonts (files, 通用规范汉字表 coverage); with CONTENT, what no font has."""
    from .build import choose_layout
    from .content import load_issue
    from .fontstage import open_fonts
    from .fontstage.report import report
    from .style.layout import load_layout

    try:
        issue = load_issue(content) if content is not None else None
        style = load_layout(choose_layout(issue, layout,
                                          content.parent if content is not None else None))
        for note in (*(issue.warnings if issue else ()), *style.warnings):
            say_warning(note)
        fonts = open_fonts(style, content=content, issue=issue, warn=say_warning)
        lines = report(fonts, issue, content)
    except BulletinError as e:
        fail(e)
    for line in lines:
        say(line)


if __name__ == "__main__":
    main()
