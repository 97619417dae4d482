"""Command line: ``bulletin build`` and friends. Bad input → one message, exit 2."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .build import build, example_content
from .errors import BulletinError
from .export import export_png
from .style.layout import bundled_layouts, find_layout, layout_description


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
def build_command(
    content: Path | None, output: Path | None, layout: str | None, png: bool
) -> None:
    """Build CONTENT (a YAML issue; default: the bundled example) into a PDF."""
    source = content or example_content()
    out = output or Path.cwd() / (source.stem + ".pdf")
    try:
        build(source, out, layout)
        pictures = export_png(out) if png else []
    except BulletinError as e:
        click.echo(f"error: {e}", err=True)
        sys.exit(2)
    click.echo(str(out))
    for picture in pictures:
        click.echo(str(picture))



@main.group("layouts", invoke_without_command=True)
@click.pass_context
def layouts_command(ctx: click.Context) -> None:
    """List the bundled layouts (`bulletin layouts show NAME` prints one to copy)."""
    if ctx.invoked_subcommand is None:
        for name, path in bundled_layouts().items():
            click.echo(f"{name:<20}{layout_description(path)}")


@layouts_command.command("show")
@click.argument("name")
def layouts_show(name: str) -> None:
    """Print layout NAME, to save as a file of your own and edit."""
    try:
        path = find_layout(name)
    except BulletinError as e:
        click.echo(f"error: {e}", err=True)
        sys.exit(2)
    click.echo(path.read_text(encoding="utf-8"), nl=False)


if __name__ == "__main__":
    main()
