"""Building several issues at once: each file on its own, in worker processes if asked.

One file's mistake never stops the others: every file's outcome (what was written, its
warnings, its mistakes) comes back on its own, already told in the user's language, so
only plain strings cross between processes (a ``BulletinError`` holding ``Msg`` values
does not survive pickling whole). Each worker builds with no state shared with another;
``build()`` writes each PDF atomically, so a failed file leaves no half-written PDF.
"""

from __future__ import annotations

import os
import re
import signal
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from .errors import BulletinError, each_error
from .i18n import Msg, t, tell

# A content file has a top-level 'bulletin:' (报头) or 'articles:' (文章) key; a layout
# has 'page:', 'styles:' … Read as text, so a file with a YAML mistake still counts.
_ISSUE_KEY = re.compile(r"^(bulletin|articles|报头|文章)\s*[:：]", re.MULTILINE)
CONTENT_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class BuildOptions:
    """The ``bulletin build`` options that apply to every file of a batch (picklable)."""

    layout: str | None = None
    article: int | None = None
    allow_fallback: bool = False
    for_print: bool = False
    email: bool = False
    png: bool = False
    dpi: int = 150
    png_width: int | None = None
    tile_paper: str | None = None
    long_image: bool = False
    slice_height: int | None = None


@dataclass
class Outcome:
    """One file's build: told lines only, so it crosses a process boundary intact."""

    source: Path
    output: Path
    written: list[str] = field(default_factory=list)  # one summary line per file written
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # one line per mistake

    @property
    def ok(self) -> bool:
        return not self.errors


def looks_like_issue(path: Path) -> bool:
    """Whether ``path`` reads as a content file (not a layout or other YAML)."""
    try:
        text = path.read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        return True  # let the build say why it cannot be read
    return bool(_ISSUE_KEY.search(text))


def gather(inputs: Iterable[Path]) -> tuple[list[Path], list[Msg]]:
    """The content files named by ``inputs`` (a folder stands for its issue files) and a
    note for each file of a folder left out because it is not an issue.

    A file named on the command line is always built: the user asked for it."""
    files: list[Path] = []
    notes: list[Msg] = []
    for given in inputs:
        if not given.is_dir():
            files.append(given)
            continue
        found = sorted(p for p in given.iterdir()
                       if p.suffix.lower() in CONTENT_SUFFIXES and p.is_file())
        for path in found:
            if looks_like_issue(path):
                files.append(path)
            else:
                notes.append(t("{file} is not an issue (no 'bulletin:'), skipped", file=path))
        if not found:
            notes.append(t("no .yaml files in {folder}", folder=given))
    return files, notes


def build_one(source: Path, output: Path, options: BuildOptions, lang: str = "en",
              contain: bool = True) -> Outcome:
    """Build ``source`` into ``output`` with everything ``options`` asks for (PNG pages,
    the long picture, tiles), as ``bulletin build`` does for one file.

    With ``contain``, a failure of any kind is this file's outcome, never an exception:
    a bug met by one issue of a batch must not stop the others."""
    outcome = Outcome(source, output)
    try:
        _build(source, output, options, lang, outcome)
    except BulletinError as e:
        outcome.errors = [each.tell(lang) for each in each_error(e)]
    except Exception as e:  # reported as this file's failure, the others go on
        if not contain:
            raise
        outcome.errors = [tell(t("unexpected failure ({kind}: {detail}); please report it",
                                 kind=type(e).__name__, detail=str(e)), lang)]
    return outcome


def _build(source: Path, out: Path, options: BuildOptions, lang: str, outcome: Outcome) -> None:
    from .build import build
    from .export import export_png, summary

    o = options
    if o.tile_paper:
        from .export.tile import paper_size

        paper_size(o.tile_paper)  # a misspelt paper fails before the build, not after
    warnings: list[object] = list(build(source, out, o.layout, o.article,
                                        allow_fallback=o.allow_fallback,
                                        for_print=o.for_print, email=o.email))
    outcome.warnings = [tell(w, lang) for w in warnings]
    written: list[Path] = [out]
    if o.png or o.png_width:
        written += export_png(out, o.dpi, o.png_width)
    if o.long_image or o.slice_height:
        from .export.long import build_long  # the phone layout, drawn by PDFium

        written += build_long(source, out.with_name(out.stem + "-long.png"), o.slice_height,
                              article=o.article, allow_fallback=o.allow_fallback,
                              warn=warnings.append)
    if o.tile_paper:
        from .export.tile import tile_pdf

        tiled = out.with_name(out.stem + "-tiles.pdf")
        tile_pdf(out, tiled, o.tile_paper)
        written.append(tiled)
    outcome.warnings = [tell(w, lang) for w in warnings]
    outcome.written = [tell(summary(path), lang) for path in written]


def worker_count(jobs: int) -> int:
    """``-j``: 0 means one process per core."""
    return jobs if jobs > 0 else (os.cpu_count() or 1)


def build_many(
    plan: list[tuple[Path, Path]], options: BuildOptions, lang: str = "en", jobs: int = 1,
    done: Callable[[int, Outcome], None] | None = None,
) -> list[Outcome]:
    """Build each ``(source, output)`` of ``plan``; ``done(i, outcome)`` is called as each
    finishes, in any order. Returns the outcomes in the plan's order.

    ``jobs`` 1 builds here, one after another; more uses that many processes."""
    outcomes: list[Outcome | None] = [None] * len(plan)

    def finish(i: int, outcome: Outcome) -> None:
        outcomes[i] = outcome
        if done:
            done(i, outcome)

    workers = min(worker_count(jobs), len(plan))
    if workers <= 1:
        for i, (source, output) in enumerate(plan):
            finish(i, build_one(source, output, options, lang))
        return [o for o in outcomes if o is not None]
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_ignore_ctrl_c)
    queue = iter(enumerate(plan))
    pending: dict[Future[Outcome], int] = {}

    def start_next() -> None:
        for i, (source, output) in queue:
            pending[pool.submit(build_one, source, output, options, lang)] = i
            return

    try:
        # One file per worker at a time, the next started as one ends: on Ctrl-C only
        # those already begun are still built (the pool's own queue would build them all).
        for _ in range(workers):
            start_next()
        while pending:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                i = pending.pop(future)
                try:
                    outcome = future.result()
                except BrokenProcessPool:  # a worker was killed (out of memory …)
                    source, output = plan[i]
                    outcome = Outcome(source, output, errors=[tell(t(
                        "the process building it stopped unexpectedly (out of memory?)"),
                        lang)])
                start_next()
                finish(i, outcome)
    except BaseException:  # Ctrl-C: no new file is started; those begun end on their own
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    return [o for o in outcomes if o is not None]


def _ignore_ctrl_c() -> None:
    """In a worker: Ctrl-C is the parent's to handle. A terminal sends it to every
    process of the command, and a worker stopped while idle would print a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
