"""The studio's state, apart from the web: which files it may touch, the issues in its
folder, and each issue's builds and previews.

Everything a request names is a path relative to the folder; ``Studio.inside`` is the
one gate: no absolute path, no ``..``, no hidden file, and the resolved path (symlinks
followed) must still lie in the folder. Content built here is held to the same rule
before the build reads anything (``confine``): its pictures, its layout file and that
layout's font files must be in the folder, since serve builds files other people send.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import glob
import hashlib
import io
import os
import re
import secrets
import tempfile
import threading
import time
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..build import DEFAULT_LAYOUT, build
from ..content.loader import IMAGE_SUFFIXES
from ..content.pictures import PictureError, check_picture
from ..errors import BulletinError, each_error
from ..export import write_atomic
from ..style.layout import LAYOUT_SUFFIXES, bundled_layouts
from ..yamlsource import MAX_BYTES, read_yaml
from .messages import StudioError, tell, tell_warning, told_text

MAX_UPLOAD = 20 * 1024 * 1024  # a phone photo is 2–12 MB; a picture larger is a wrong file
MAX_TEXT = MAX_BYTES  # what the build reads of a content file
PREVIEW_WIDTH = 1000  # pixels across a preview page: sharp on a laptop, quick to draw
PREVIEW_PIXELS = 12_000_000  # a long phone page or an A0 board is drawn smaller than that
MAX_NODES = 200_000  # as the loader: a file of aliases must not make the check endless
SCAN_BYTES = 64 * 1024  # enough of a file's start to tell an issue from a layout
_FONT_PATH = re.compile(r"[/\\~]|\.(ttf|otf|ttc|otc)(#\d+)?$", re.IGNORECASE)
_PDFIUM = threading.Lock()  # PDFium is not thread-safe: one document at a time

LAYOUT_LABELS = {
    "newsletter-a4": "社区报 · A4 三栏",
    "newsletter-a3": "社区报 · A3 五栏（四开小报）",
    "briefing-a4": "简报 · A4 公文格式",
    "poster-a3": "宣传栏海报 · A3",
    "poster-a2": "宣传栏海报 · A2",
    "poster-a1": "宣传栏海报 · A1",
    "board-600x800": "宣传栏 · 600×800 毫米",
    "board": "宣传栏展板 · A0 横版（各篇并排）",
    "phone": "手机长图",
}

TEMPLATE = """\
# {name}
# 写法：每段正文占一行，以“- ”开头；正文里的冒号请用中文冒号“：”。
# 把照片拖到右边的页面上，就会插入到光标所在的位置。

bulletin:
  name: 社区报
  issue: 1
  date: {date}
  publisher: 社区居委会

articles:
  - title: 在这里写标题
    body:
      - 在这里写第一段正文。
      - heading: 小标题
      - 第二段正文。**加粗**的字前后各加两个星号。
"""


class Refused(Exception):
    """A request the studio will not carry out; ``message`` is for the page, in Chinese."""

    def __init__(self, message: str, status: int = 403) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


class PageImage:
    """One page of a preview: drawn at build time, encoded as PNG when first asked for
    (the build is announced sooner, and pages are encoded in parallel as they are
    fetched); ``key`` names what is drawn, so an unchanged page is neither encoded nor
    fetched again."""

    def __init__(self, key: str, picture: Any) -> None:
        self.key = key
        self.size: tuple[int, int] = picture.size
        self._picture: Any = picture
        self._png: bytes | None = None
        self._lock = threading.Lock()

    def png(self) -> bytes:
        with self._lock:
            if self._png is None:
                buffer = io.BytesIO()
                self._picture.save(buffer, "PNG", compress_level=1)  # quick; it is local
                self._png, self._picture = buffer.getvalue(), None
            return self._png


@dataclass
class Preview:
    """One good build: its pages, drawn from the PDF it wrote."""

    number: int
    pages: list[PageImage]
    warnings: list[dict]
    seconds: float
    when: float
    earlier: bool = False  # the PDF a previous session left, shown until a build succeeds


@dataclass
class IssueState:
    """One issue's builds; every change bumps ``version`` and wakes the pages watching."""

    path: Path
    rel: str
    lock: threading.Lock = field(default_factory=threading.Lock)
    version: int = 0
    builds: int = 0
    building: bool = False
    dirty: bool = False
    good: Preview | None = None
    errors: list[dict] = field(default_factory=list)  # the last build's mistakes, in file order
    sha: str = ""
    stamp: tuple[int, int] | None = None  # the file's (mtime, size) when last built
    waiters: list[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = field(default_factory=list)

    @property
    def pdf(self) -> Path:
        return self.path.with_suffix(".pdf")

    def changed(self) -> None:
        """Count a change and wake every page watching (from any thread)."""
        with self.lock:
            self.version += 1
            waiters = list(self.waiters)
        for loop, event in waiters:
            with contextlib.suppress(RuntimeError):  # a loop that has closed
                loop.call_soon_threadsafe(event.set)

    def snapshot(self) -> dict:
        """What the page shows, as JSON."""
        with self.lock:
            good = self.good
            return {
                "version": self.version, "building": self.building or self.dirty,
                # ``error`` is the first mistake (what older pages read), ``errors`` all.
                "error": self.errors[0] if self.errors else None,
                "errors": list(self.errors), "sha": self.sha,
                "good": None if good is None else {
                    "number": good.number,
                    "pages": [{"key": p.key, "width": p.size[0], "height": p.size[1]}
                              for p in good.pages],
                    "warnings": good.warnings, "seconds": round(good.seconds, 3),
                    "when": good.when, "earlier": good.earlier,
                },
            }


class Studio:
    """The folder, its issues and their builds, for one server."""

    def __init__(self, folder: Path) -> None:
        self.root = Path(folder).resolve(strict=True)
        if not self.root.is_dir():
            raise BulletinError(f"{folder} is not a folder", "give the folder of your issues")
        self.token = secrets.token_urlsafe(32)
        self.closing = False
        self._issues: dict[Path, IssueState] = {}
        self._issues_lock = threading.Lock()
        # One build at a time: builds share the font session's caches and PDFium.
        self._build_lock = threading.Lock()
        self._upload_lock = threading.Lock()

    # ------------------------------------------------------------------ the one gate
    def inside(self, rel: str) -> Path:
        """The file ``rel`` names in the folder, resolved; refused unless it is inside."""
        if not rel or len(rel) > 1000 or "\x00" in rel or "\\" in rel:
            raise Refused("文件名不对")
        posix, windows = PurePosixPath(rel), PureWindowsPath(rel)
        if posix.is_absolute() or windows.is_absolute() or windows.drive:
            raise Refused("只能打开这个文件夹里的文件")
        if any(part in ("", ".", "..") or part.startswith(".") for part in rel.split("/")):
            raise Refused("只能打开这个文件夹里的文件")
        path = (self.root / posix).resolve()
        if not self.contains(path):
            raise Refused("只能打开这个文件夹里的文件")
        return path

    def contains(self, path: Path) -> bool:
        """``path`` (already resolved) lies in the folder."""
        return path == self.root or path.is_relative_to(self.root)

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def issue_file(self, rel: str) -> Path:
        """An issue's content file, which must exist."""
        path = self.inside(rel)
        if path.suffix.lower() not in LAYOUT_SUFFIXES or not path.is_file():
            raise Refused("找不到这一期的文件", 404)
        return path

    # ------------------------------------------------------------------ the folder
    def files(self) -> tuple[list[dict], list[Path]]:
        """The issues (newest first) and the layout files in the folder and one level
        of folders below it (an issue may have its own folder with its ``images/``)."""
        issues, layouts = [], []
        for path in self._yaml_files():
            kind, facts = _sniff(path)
            if kind == "layout":
                layouts.append(path)
            elif kind == "issue":
                stat = path.stat()
                issues.append({"f": self.rel(path), "modified": stat.st_mtime, **facts,
                               "pdf": path.with_suffix(".pdf").is_file()})
        issues.sort(key=lambda i: -i["modified"])
        return issues, layouts

    def _yaml_files(self) -> Iterator[Path]:
        folders = [self.root]
        with contextlib.suppress(OSError):
            folders += sorted(p for p in self.root.iterdir() if p.is_dir()
                              and not p.name.startswith(".") and p.name != "images")
        for folder in folders:
            try:
                names = sorted(folder.iterdir())[:2000]
            except OSError:
                continue
            for path in names:
                if (path.suffix.lower() in LAYOUT_SUFFIXES and not path.name.startswith(".")
                        and self.contains(path.resolve()) and path.is_file()):
                    yield path.resolve()

    def layout_choices(self, issue: Path) -> list[dict]:
        """Bundled layouts, then the folder's own, each as the ``layout:`` line would
        name it for this issue."""
        choices = [{"value": name, "label": LAYOUT_LABELS.get(name, name)}
                   for name in bundled_layouts()]
        for path in self.files()[1]:
            value = os.path.relpath(path, issue.parent).replace(os.sep, "/")
            choices.append({"value": value, "label": f"本文件夹的版式：{self.rel(path)}"})
        return choices

    def new_issue(self, name: str) -> str:
        """A new issue from the template; ``name`` is the file name without .yaml."""
        clean = safe_name(name.strip().removesuffix(".yaml").removesuffix(".yml"))
        if not clean:
            raise Refused("请写一个名字，例如“第13期”", 400)
        path = self.inside(clean + ".yaml")
        text = TEMPLATE.format(name=clean, date=dt.date.today().isoformat())
        try:
            with open(path, "x", encoding="utf-8") as f:
                f.write(text)
        except FileExistsError:
            raise Refused(f"已经有一期叫“{clean}”了，换个名字吧", 409) from None
        return self.rel(path)

    # ------------------------------------------------------------------ one issue
    def issue(self, rel: str) -> IssueState:
        path = self.issue_file(rel)
        with self._issues_lock:
            state = self._issues.get(path)
            if state is None:
                state = self._issues[path] = IssueState(path, self.rel(path))
                state.sha = _sha(path.read_bytes())
                state.good = _earlier_pdf(state.pdf)
            return state

    def read_text(self, state: IssueState) -> tuple[str, str]:
        data = state.path.read_bytes()[:MAX_TEXT + 1]
        if len(data) > MAX_TEXT:
            raise Refused("文件太大，不像是一期的内容", 413)
        return data.decode("utf-8", errors="replace"), _sha(data)

    def save(self, state: IssueState, text: str, base: str | None) -> str:
        """Write the content (whole or not at all) and start a build. ``base`` is the
        version the page started from: a file changed since elsewhere is not overwritten."""
        data = text.encode("utf-8")
        if len(data) > MAX_TEXT:
            raise Refused("内容太长了（最多 2 MB）", 413)
        with state.lock:
            current = _sha(state.path.read_bytes())
            if base is not None and base != current:
                raise Refused("这个文件在别处被修改过了：请先重新载入", 409)
            try:
                write_atomic(state.path, data, magic=None)
            except BulletinError as e:
                raise Refused(f"没能保存：{told_text(e.message)}", 507) from None
            state.sha = _sha(data)
        self.rebuild(state)
        return state.sha

    def rebuild(self, state: IssueState) -> None:
        """Build soon, in the background; saves that come while a build runs make one
        more build, of the newest text, not one each."""
        with state.lock:
            state.dirty = True
            start = not state.building
            state.building = True
        state.changed()
        if start:
            threading.Thread(target=self._builder, args=(state,), daemon=True,
                             name=f"build {state.rel}").start()

    def watch(self, state: IssueState) -> None:
        """Rebuild when the file was changed by another program (or never built)."""
        try:
            info = state.path.stat()
        except OSError:
            return
        stamp = (info.st_mtime_ns, info.st_size)
        with state.lock:
            if stamp == state.stamp or state.building:
                return
            state.stamp = stamp
            state.sha = _sha(state.path.read_bytes())
        self.rebuild(state)

    def _builder(self, state: IssueState) -> None:
        while not self.closing:
            with state.lock:
                if not state.dirty:
                    state.building = False
                    break
                state.dirty = False
                with contextlib.suppress(OSError):
                    info = state.path.stat()
                    state.stamp = (info.st_mtime_ns, info.st_size)
            self._build_once(state)
        state.changed()

    def _build_once(self, state: IssueState) -> None:
        started = time.perf_counter()
        errors: list[dict] = []
        preview: Preview | None = None
        try:
            with self._build_lock:
                self.confine(state.path)
                self.writable(state.pdf)
                warnings = build(state.path, state.pdf)
                pages = previews(state.pdf.read_bytes(), state.good)
            notes = [tell_warning(w, str(state.path)) for w in warnings]
            preview = Preview(state.builds + 1, pages,
                              [{"line": line, "text": text} for line, text in notes],
                              time.perf_counter() - started, time.time())
        except BulletinError as e:
            errors = self.describe_all(e, state.path)
        except Exception:  # a bug, not the user's mistake: said so, and the page goes on
            traceback.print_exc()
            errors = [{"line": None, "col": None, "file": None,
                       "message": "排版程序出了内部错误（这不是您的错）",
                       "hint": "请把终端窗口里显示的内容发给维护人员", "english": "",
                       "translated": True}]
        with state.lock:
            state.builds += 1
            if preview is not None:
                preview.number = state.builds
                state.good, state.errors = preview, []
            else:
                state.errors = errors
        state.changed()

    def describe_all(self, e: BulletinError, content: Path) -> list[dict]:
        """Every mistake ``e`` holds (the loader reports a file's mistakes at once, so
        they can all be fixed before the next build), each as ``describe`` tells it."""
        return [self.describe(one, content) for one in each_error(e)]

    def describe(self, e: BulletinError, content: Path) -> dict:
        """The error for the page: Chinese text and the line in the editor it names
        (a message about another file, a layout, names that file instead)."""
        told = tell(e)
        line, col, file = e.line, e.col, e.file
        if file is None or line is None:  # "no font has …": the place is in the message
            m = re.search(re.escape(str(content)) + r":(\d+):(\d+)", str(e.message))
            if m:
                line, col, file = int(m[1]), int(m[2]), str(content)
        other = None
        if file is not None and Path(file).resolve() != content:
            other = _shown(Path(file), self.root)
        return {"line": line, "col": col, "file": other, "message": told.message,
                "hint": told.hint, "english": _without(told.english, self.root),
                "translated": told.translated}

    # ------------------------------------------------------------------ confinement
    def confine(self, content: Path) -> None:
        """Refuse, before anything else is read, a picture, layout or font file the
        content names outside the folder: serve builds files that other people send."""
        root = read_yaml(content, "the issue: 'bulletin:' and 'articles:'")
        name = str(content)
        for key, value in _pairs(root):
            if key.value == "image" and isinstance(value, ScalarNode) and value.value.strip():
                if not self._usable(content.parent, value.value.strip()):
                    raise _outside(name, value, "图片", value.value.strip())
            if key.value == "layout" and isinstance(value, ScalarNode):
                spec = value.value.strip()
                if spec and spec not in bundled_layouts():
                    layout = self._usable(content.parent, spec)
                    if layout is None or not layout.is_file():
                        raise _outside(name, value, "版式文件", spec)
                    self._confine_fonts(layout, content.parent)
        self._confine_font_folder(content.parent)

    def writable(self, output: Path) -> None:
        """An output the studio writes must be a plain file (or not there yet): through a
        link put in its place the build would look at a file elsewhere."""
        if output.is_symlink() or (output.exists() and not self.contains(output.resolve())):
            raise StudioError(f"“{output.name}”是一个链接，工作室不会写它",
                              "请删掉它或改个名字，再保存一次")

    def _confine_font_folder(self, folder: Path) -> None:
        """The ``fonts/`` folder the build looks in must not lead out of the folder."""
        fonts = folder / "fonts"
        if fonts.exists() and not self.contains(fonts.resolve()):
            raise StudioError("“fonts”文件夹是一个指向别处的链接",
                              "在工作室里只能用这个文件夹里的字体：请把字体文件复制进来")

    def _confine_fonts(self, layout: Path, content_dir: Path) -> None:
        """A folder's layout may name font files: they too must be in the folder."""
        self._confine_font_folder(layout.parent)
        root = read_yaml(layout, "a layout: 'page:', 'grid:' and 'styles:'")
        fonts = next((v for k, v in _pairs(root, top=True) if k.value == "fonts"), None)
        if fonts is None:
            return
        for node in _scalars(fonts):
            spec = re.sub(r"#\d+$", "", node.value.strip())
            if not _FONT_PATH.search(node.value.strip()):
                continue  # a family name: found among the installed fonts
            found = next((p for p in (self._usable(d, spec) for d in (layout.parent, content_dir))
                          if p is not None and p.exists()), None)
            if found is None:
                raise _outside(str(layout), node, "字体文件", spec)

    def _usable(self, folder: Path, spec: str) -> Path | None:
        """``spec`` relative to ``folder``, resolved, if it is a relative path that stays
        in the studio's folder; None otherwise."""
        if spec.startswith("~") or PurePosixPath(spec).is_absolute() \
                or PureWindowsPath(spec).is_absolute() or PureWindowsPath(spec).drive:
            return None
        path = (folder / spec).resolve()
        return path if self.contains(path) and path != self.root else None

    # ------------------------------------------------------------------ photos
    def add_photo(self, state: IssueState, name: str, chunks: Iterator[bytes]) -> str:
        """Copy an uploaded photo into the issue's ``images/``, checked as the build
        checks pictures; returns the path to write after ``image:``."""
        stem, suffix = os.path.splitext(safe_name(name))
        suffix = suffix.lower()
        if suffix not in IMAGE_SUFFIXES:
            raise Refused("只能插入照片（JPEG、PNG，或手机的 HEIC、WebP）", 415)
        images = state.path.parent / "images"
        if images.is_symlink() or (images.exists() and not images.is_dir()):
            raise Refused("images 不是这个文件夹里的普通文件夹", 403)
        images.mkdir(exist_ok=True)
        if not self.contains(images.resolve()):
            raise Refused("只能写入这个文件夹", 403)
        fd, tmp = tempfile.mkstemp(prefix=".upload-", suffix=suffix, dir=images)
        try:
            size = 0
            with os.fdopen(fd, "wb") as f:
                for chunk in chunks:
                    size += len(chunk)
                    if size > MAX_UPLOAD:
                        raise Refused(f"照片太大了（最多 {MAX_UPLOAD // 1024 // 1024} MB）", 413)
                    f.write(chunk)
            if size == 0:
                raise Refused("这个文件是空的", 400)
            try:
                check_picture(Path(tmp), stem + suffix)
            except PictureError as e:
                told = tell(BulletinError(e.message, e.hint))
                raise Refused(told.message + ("：" + told.hint if told.hint else ""),
                              415) from None
            with self._upload_lock:
                target = _free_name(images, stem or "照片", suffix)
                os.chmod(tmp, 0o644)
                os.replace(tmp, target)
        finally:
            Path(tmp).unlink(missing_ok=True)
        return os.path.relpath(target, state.path.parent).replace(os.sep, "/")

    # ------------------------------------------------------------------ downloads
    def export(self, state: IssueState, kind: str) -> list[dict]:
        """Make a download: the print shop's PDF, the e-mail edition or PNG pages (the
        plain PDF is the one every build writes). Returns the files to offer."""
        from ..export import export_png

        outputs = {"print": ("-print", {"for_print": True}),
                   "email": ("-email", {"email": True})}
        try:
            with self._build_lock:
                if kind in outputs:
                    tail, options = outputs[kind]
                    target = state.path.with_name(state.path.stem + tail + ".pdf")
                    self.confine(state.path)
                    self.writable(target)
                    build(state.path, target, **options)
                    made = [target]
                elif kind == "png":
                    if not state.pdf.is_file():
                        raise Refused("还没有排好的 PDF", 409)
                    for old in state.path.parent.glob(glob.escape(state.path.stem) + "-*.png"):
                        self.writable(old)
                    with _PDFIUM:
                        made = export_png(state.pdf)
                elif kind == "pdf":
                    if not state.pdf.is_file():
                        raise Refused("还没有排好的 PDF", 409)
                    made = [state.pdf]
                else:
                    raise Refused("不认识的下载类型", 400)
        except BulletinError as e:
            error = self.describe(e, state.path)
            more = len(each_error(e)) - 1  # all are listed on the page; here the first is told
            raise Refused(f"{error['message']}" + (f"：{error['hint']}" if error["hint"] else "")
                          + (f"（另外还有 {more} 处错误）" if more else ""), 422) from None
        return [{"name": p.name, "size": p.stat().st_size} for p in made]

    def download(self, state: IssueState, name: str) -> Path:
        """A file the studio wrote for this issue (its PDFs and PNG pages), nothing else."""
        stem = re.escape(state.path.stem)
        if not re.fullmatch(stem + r"(-print|-email)?\.pdf|" + stem + r"-\d+\.png", name):
            raise Refused("没有这个下载文件", 404)
        path = self.inside(self.rel(state.path.parent / name))
        if not path.is_file():
            raise Refused("这个文件还没有生成", 404)
        return path


# ---------------------------------------------------------------------- helpers


def previews(pdf: bytes, before: Preview | None = None) -> list[PageImage]:
    """Each page of ``pdf`` drawn for the screen; a page drawn exactly as in ``before``
    is that one again (its PNG made once, and the page does not fetch it again)."""
    import pypdfium2 as pdfium

    known = {page.key: page for page in (before.pages if before else [])}
    pages = []
    with _PDFIUM:
        document = pdfium.PdfDocument(pdf)
        try:
            for page in document:
                width, height = page.get_size()
                scale = min(PREVIEW_WIDTH / width, (PREVIEW_PIXELS / (width * height)) ** 0.5)
                picture = page.render(scale=scale).to_pil()
                key = hashlib.blake2b(picture.tobytes(), digest_size=12).hexdigest()
                pages.append(known.get(key) or PageImage(key, picture))
        finally:
            document.close()
    return pages


def _earlier_pdf(pdf: Path) -> Preview | None:
    """The PDF an earlier session built, shown (marked as earlier) until a build succeeds."""
    if pdf.is_symlink():
        return None
    try:
        pages = previews(pdf.read_bytes())
    except Exception:  # no PDF, or one PDFium cannot draw: nothing to show yet
        return None
    return Preview(0, pages, [], 0.0, pdf.stat().st_mtime, earlier=True)


def safe_name(name: str) -> str:
    """A file name that is safe on every system and plain in YAML: letters (Chinese
    too), digits, ``-``, ``_`` and one ``.`` before the extension; at most 80 long."""
    name = re.split(r"[/\\]", name)[-1]  # the last part of a path, Windows' too
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    stem = re.sub(r"[^\w\-]+", "-", stem).strip("-_")[:80]
    suffix = re.sub(r"[^A-Za-z0-9]", "", suffix)[:8]
    return stem + ("." + suffix if suffix and stem else "")


def _free_name(folder: Path, stem: str, suffix: str) -> Path:
    """``folder/stem.suffix``, or ``stem-2`` … if that is taken: nothing is overwritten."""
    target = folder / f"{stem}{suffix}"
    n = 2
    while target.exists() or target.is_symlink():
        target = folder / f"{stem}-{n}{suffix}"
        n += 1
    return target


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:32]


def _sniff(path: Path) -> tuple[str, dict]:
    """'issue', 'layout' or 'other', from the top-level keys at the file's start; for an
    issue, its masthead name and number, for the list."""
    try:
        with open(path, "rb") as f:
            text = f.read(SCAN_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return "other", {}
    tops = set(re.findall(r"^([a-z_]+)\s*:", text, re.MULTILINE))
    if tops & {"articles", "bulletin"}:
        facts = {}
        head = re.search(r"^bulletin\s*:\s*(?:#.*)?\n((?:[ \t]+.*\n?|\s*\n)*)", text, re.MULTILINE)
        for key in ("name", "issue", "date"):
            m = re.search(rf"^[ \t]+{key}\s*:\s*(.+?)\s*(?:#.*)?$", head[1] if head else "",
                          re.MULTILINE)
            if m:
                facts[key] = m[1].strip("'\"")[:60]
        layout = re.search(r"^layout\s*:\s*(.+?)\s*(?:#.*)?$", text, re.MULTILINE)
        facts["layout"] = layout[1].strip("'\"") if layout else DEFAULT_LAYOUT
        return "issue", facts
    if tops & {"page", "styles"}:
        return "layout", {}
    return "other", {}


def _pairs(root: Node, top: bool = False) -> Iterator[tuple[ScalarNode, Node]]:
    """Every ``key: value`` of the tree (only the top mapping's with ``top``), each node
    once however often aliases repeat it."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if len(seen) > MAX_NODES:
            raise StudioError("文件里的 &名称 / *名称 重复得太多", "请把内容直接写出来")
        if isinstance(node, MappingNode):
            for key, value in node.value:
                if isinstance(key, ScalarNode):
                    yield key, value
                if not top:
                    stack += [key, value]
        elif isinstance(node, SequenceNode) and not top:
            stack += node.value


def _scalars(node: Node) -> Iterator[ScalarNode]:
    """Every text under ``node`` (values, not keys)."""
    if isinstance(node, ScalarNode):
        yield node
    elif isinstance(node, SequenceNode):
        for item in node.value:
            yield from _scalars(item)
    elif isinstance(node, MappingNode):
        for _key, value in node.value:
            yield from _scalars(value)


def _outside(file: str, node: Node, what: str, spec: str) -> StudioError:
    mark = node.start_mark
    return StudioError(
        f"{what}“{spec}”不在这个文件夹里（或者找不到）",
        f"在工作室里只能用这个文件夹里的{what}：请把它复制到文件夹里（照片放进 images/，"
        f"也可以直接拖到页面上），再写相对路径，例如 images/照片.jpg",
        file, mark.line + 1, mark.column + 1)


def _shown(path: Path, root: Path) -> str:
    """How the page names another file (a layout): relative to the folder, or by its
    name alone for a bundled one."""
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.name


def _without(text: str, root: Path) -> str:
    """The English text with the folder's own path taken out (shorter, and no path of
    the user's computer in a screenshot they share)."""
    return text.replace(str(root) + os.sep, "").replace(str(root), ".")
