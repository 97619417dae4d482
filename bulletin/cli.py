"""Command line: ``bulletin build`` and friends. Bad input → one message, exit 2."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .errors import BulletinError

# Each command imports the stages it needs when it runs, so `bulletin --help` and a
# mistyped option answer at once, without loading ReportLab, fontTools or Pillow.


@click.group()
@click.version_option(package_name="bulletin")
def main() -> None:
    """Chinese community newsletters and posters from YAML, as print-ready PDF."""


@main.command("build")
@click.argument("content", required=False, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="PDF to write (default: the content file's name, .pdf, here).")
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
    content: Path | None, output: Path | None, layout: str | None, png: bool,
    dpi: int = 150, png_width: int | None = None, article: int | None = None,
    tile_paper: str | None = None, allow_fallback: bool = False,
    for_print: bool = False, long_image: bool = False, slice_height: int | None = None,
    email: bool = False,
) -> None:
    """Build CONTENT (a YAML issue; default: the bundled example) into a PDF."""
    from .build import build, example_content
    from .export import export_png, summary

    source = content or example_content()
    out = output or Path.cwd() / (source.stem + ".pdf")
    tiled: Path | None = None
    try:
        if tile_paper:
            from .export.tile import paper_size, tile_pdf  # pypdf only when tiling

            paper_size(tile_paper)  # a misspelt paper fails before the build, not after
        warnings = build(source, out, layout, article, allow_fallback=allow_fallback,
                         for_print=for_print, email=email)
        pictures = export_png(out, dpi, png_width) if png or png_width else []
        if long_image or slice_height:
            from .export.long import build_long  # the phone layout, drawn by PDFium

            pictures += build_long(source, out.with_name(out.stem + "-long.png"),
                                   slice_height, article=article,
                                   allow_fallback=allow_fallback, warn=warnings.append)
        if tile_paper:
            tiled = out.with_name(out.stem + "-tiles.pdf")
            tile_pdf(out, tiled, tile_paper)
    except BulletinError as e:
        click.echo(f"error: {e}", err=True)
        sys.exit(2)
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    for written in [out, *pictures, *([tiled] if tiled else [])]:
        click.echo(summary(written))



@main.group("layouts", invoke_without_command=True)
@click.pass_context
def layouts_command(ctx: click.Context) -> None:
    """List the bundled layouts (`bulletin layouts show NAME` prints one to copy)."""
    from .style.layout import bundled_layouts, layout_description

    if ctx.invoked_subcommand is None:
        layouts = bundled_layouts()
        wide = max(map(len, layouts)) + 2
        for name, path in layouts.items():
            click.echo(f"{name:<{wide}}{layout_description(path)}")


@layouts_command.command("show")
@click.argument("name")
def layouts_show(name: str) -> None:
    """Print layout NAME, to save as a file of your own and edit."""
    from .style.layout import find_layout

    try:
        path = find_layout(name)
    except BulletinError as e:
        click.echo(f"error: {e}", err=True)
        sys.exit(2)
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
        click.echo(f"error: {e}", err=True)
        sys.exit(2)
    click.echo(summary(out))


@main.command("check")
@click.argument("contents", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--layout", help="A bundled layout's name or a layout file.")
@click.option("--strict", is_flag=True, help="Exit 1 when there are warnings.")
def check_command(contents: tuple[Path, ...], layout: str | None, strict: bool) -> None:
    """Check CONTENTS as a build would (fonts, photos, pages), without writing a PDF.

    Exit 0 when all is well, 2 when a file has a mistake (1 for warnings with --strict)."""
    from .build import make

    worst = 0
    for content in contents:
        try:
            _, warnings, document = make(content, layout)
        except BulletinError as e:
            click.echo(f"error: {e}", err=True)
            worst = 2
            continue
        for warning in warnings:
            click.echo(f"warning: {warning}", err=True)
        pages = len(document.pages)
        click.echo(f"{content}  (ok: {pages} page{'s' if pages != 1 else ''}"
                   f"{f', {len(warnings)} warnings' if warnings else ''})")
        if warnings and strict:
            worst = max(worst, 1)
    sys.exit(worst)


@main.command("new")
@click.argument("folder", type=click.Path(path_type=Path))
def new_command(folder: Path) -> None:
    """Start a new issue in FOLDER: a commented issue.yaml, images/ and 使用说明.txt."""
    from .importer import new_issue

    try:
        made = new_issue(folder)
    except BulletinError as e:
        click.echo(f"错误：{e}", err=True)
        sys.exit(2)
    for path in made:
        click.echo(f"已建立 {path}")
    content = folder / "issue.yaml"
    click.echo(f"下一步：修改 {content}，然后 bulletin check {content}，"
               f"再 bulletin build {content}")


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
        click.echo(f"错误：{e}", err=True)
        sys.exit(2)
    click.echo(f"已写出草稿 {out}，以下是猜的，请核对：")
    for line in guesses:
        click.echo(f"  · {line}")


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
        click.echo(f"error: {e}", err=True)
        sys.exit(2)


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
            click.echo(f"warning: {note}", err=True)
        fonts = open_fonts(style, content=content, issue=issue,
                           warn=lambda m: click.echo(f"warning: {m}", err=True))
        lines = report(fonts, issue, content)
    except BulletinError as e:
        click.echo(f"error: {e}", err=True)
        sys.exit(2)
    for line in lines:
        click.echo(line)


if __name__ == "__main__":
    main()
