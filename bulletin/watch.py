"""``bulletin watch``: build once, then again each time the author saves.

What is watched is what the build reads: the content file, the layout file, and the
pictures the content uses (found again after every build, so a picture added to the
content is watched from then on). Folders are watched, not the files themselves: most
editors save by writing a new file and renaming it over the old one, which a watch on
the old file would miss. A failed build prints its mistakes and keeps watching; the PDF
is replaced only by a build that succeeds (``build()`` writes it atomically).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from threading import Event

from .batch import BuildOptions, Outcome, build_one
from .errors import BulletinError
from .i18n import t, tell

Say = Callable[[str, bool], None]  # a line, and whether it is for stderr


def watched_files(content: Path, layout: str | None) -> set[Path]:
    """The files a build of ``content`` reads that an author edits: the content, its
    layout file and its pictures (only the content when it cannot be read)."""
    from .build import choose_layout
    from .content import load_issue
    from .content.model import Image

    files = {content.resolve()}
    try:
        issue = load_issue(content)
    except BulletinError:
        issue = None
    try:
        files.add(choose_layout(issue, layout, content.parent).resolve())
    except BulletinError:
        pass
    for article in issue.articles if issue else ():
        files.update(block.path.resolve() for block in article.body
                     if isinstance(block, Image))
    return files


def report(outcome: Outcome, lang: str, say: Say) -> None:
    """Tell one build's outcome, each line stamped with the time (which save it was)."""
    stamp = time.strftime("%H:%M:%S")
    for line in outcome.errors:
        say(f"{stamp} " + tell(t("error: {message}", message=line), lang), True)
    if outcome.errors:
        say(f"{stamp} " + tell(t("the PDF was not changed; fix the mistake and save again"),
                               lang), True)
        return
    for line in outcome.warnings:
        say(f"{stamp} " + tell(t("warning: {message}", message=line), lang), True)
    for line in outcome.written:
        say(f"{stamp} ✓ {line}", False)


def watch(
    content: Path, output: Path, options: BuildOptions | None = None, *, lang: str = "en",
    say: Say | None = None, stop: Event | None = None, rounds: int | None = None,
    debounce: int = 1600, step: int = 50,
) -> int:
    """Build ``content`` into ``output``, then rebuild on every save until ``stop`` is set
    or ``rounds`` rebuilds have been made (for tests); returns how many builds were made.

    Ctrl-C raises KeyboardInterrupt out of here, for the caller to end quietly."""
    import watchfiles

    options = options or BuildOptions()
    say = say or (lambda line, _err: print(line))
    report(build_one(content, output, options, lang), lang, say)
    builds = 1
    files = watched_files(content, options.layout)
    say(tell(t("watching {count} files; save one to rebuild, press Ctrl-C to stop",
               count=len(files)), lang), True)
    while not (stop and stop.is_set()) and (rounds is None or builds <= rounds):
        folders = sorted({path.parent for path in files if path.parent.is_dir()})
        restart = False
        for changes in watchfiles.watch(
            *folders, watch_filter=lambda _change, path: Path(path).resolve() in files,
            stop_event=stop, debounce=debounce, step=step, recursive=False,
        ):
            if not changes:
                continue
            report(build_one(content, output, options, lang), lang, say)
            builds += 1
            if rounds is not None and builds > rounds:
                return builds
            now = watched_files(content, options.layout)
            restart = {p.parent for p in now} != {p.parent for p in files}
            files.clear()
            files.update(now)  # the filter reads this set: no restart for a new file
            if restart:  # … unless it is in a folder not yet watched
                break
        if not restart:
            break
    return builds
