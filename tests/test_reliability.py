"""Faults a hostile or unlucky user found (issue 17): make-up that always ends, outputs
that are never a device, a full disk, and what a killed write leaves behind."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

from bulletin.build import build
from bulletin.errors import BulletinError
from bulletin.export import STALE_PART, check_target, write_atomic

CAPTION = "社区志愿者在垃圾分类驿站为居民讲解分类知识，" * 3  # about 60 characters


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch):
    monkeypatch.setenv("BULLETIN_CACHE_DIR", str(tmp_path / "cache"))


def tall_photo_issue(folder: Path, width: int, height: int, caption: str,
                     layout_lines: str = "") -> Path:
    Image.new("RGB", (width, height), (180, 90, 90)).save(folder / "tall.png")
    caption_line = f"        caption: {caption}\n" if caption else ""
    content = folder / "issue.yaml"
    content.write_text(
        "bulletin:\n  name: 测试社区报\n  publisher: 测试居委会\n  date: 2026-11-29\n"
        f"{layout_lines}"
        "articles:\n  - title: 一张很高的照片\n    body:\n"
        "      - 照片前面的一段正文。\n"
        "      - image: tall.png\n" + caption_line, encoding="utf-8")
    return content


def run_cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """The real command in its own process: a hang fails the test instead of the run."""
    return subprocess.run([sys.executable, "-m", "bulletin.cli", *args], capture_output=True,
                          text=True, timeout=timeout, env=os.environ.copy())


@pytest.mark.parametrize("layout", ["newsletter-a4", "newsletter-a3"])
@pytest.mark.parametrize("size", [(50, 500), (50, 1000)])
def test_a_tall_photo_with_a_caption_ends(tmp_path, layout, size):
    """A 1:10 photo with a 60-character caption made the make-up add pages forever."""
    content = tall_photo_issue(tmp_path, *size, CAPTION)
    out = tmp_path / "out.pdf"
    done = run_cli("build", str(content), "-o", str(out), "--layout", layout)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF-")
    assert "Traceback" not in done.stderr


def test_a_block_taller_than_any_page_is_named(tmp_path):
    """A caption longer than a page is an error naming the photo, not a loop."""
    content = tall_photo_issue(tmp_path, 50, 500, "很长的图片说明" * 400)
    out = tmp_path / "out.pdf"
    done = run_cli("build", str(content), "-o", str(out))
    assert done.returncode == 2
    assert "taller than a page" in done.stderr and "tall.png" in done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists()


def test_no_page_count_grows_beyond_the_text(tmp_path):
    """Every page holds some of the text: an issue of a few lines takes a few pages."""
    from bulletin.content import load_issue
    from bulletin.flow.newsletter import flow_newsletter
    from bulletin.fontstage import FontSession
    from bulletin.style.layout import find_layout, load_layout

    content = tall_photo_issue(tmp_path, 40, 800, CAPTION)
    issue = load_issue(content)
    for name in ("newsletter-a4", "newsletter-a3", "briefing-a4"):
        layout = load_layout(find_layout(name))
        document = flow_newsletter(issue, layout, FontSession(layout))
        assert len(document.pages) <= 3, name


# ------------------------------------------------------------------ outputs


def test_a_device_is_never_replaced():
    with pytest.raises(BulletinError, match="not a regular file"):
        check_target(Path(os.devnull))


def test_a_pipe_as_output_is_refused_and_kept(tmp_path):
    content = tall_photo_issue(tmp_path, 400, 300, "")
    pipe = tmp_path / "out.pdf"
    os.mkfifo(pipe)
    link = tmp_path / "link.pdf"
    link.symlink_to(pipe)
    for target in (pipe, link):
        with pytest.raises(BulletinError, match="not a regular file"):
            build(content, target)
    assert pipe.is_fifo() and link.is_symlink()


def test_only_a_pdf_is_replaced_by_write_atomic(tmp_path):
    """The export stage guards itself, whichever command calls it (tile, build …)."""
    text = tmp_path / "issue.yaml"
    text.write_text("bulletin: {}", encoding="utf-8")
    with pytest.raises(BulletinError, match="not a PDF"):
        write_atomic(text, b"%PDF-1.4 new")
    assert text.read_text(encoding="utf-8") == "bulletin: {}"


def test_a_full_disk_is_one_message_and_nothing_written(tmp_path, monkeypatch):
    content = tall_photo_issue(tmp_path, 400, 300, "")
    out = tmp_path / "out.pdf"
    out.write_bytes(b"%PDF-1.4 the earlier good build")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(BulletinError, match="the disk is full; nothing was written"):
        build(content, out)
    assert out.read_bytes() == b"%PDF-1.4 the earlier good build"
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".part"] == []


def test_a_killed_writes_leftover_is_cleaned_but_not_a_running_one(tmp_path):
    content = tall_photo_issue(tmp_path, 400, 300, "")
    out = tmp_path / "out.pdf"
    stale = tmp_path / ".out.pdf.abc123.part"
    running = tmp_path / ".out.pdf.def456.part"
    other = tmp_path / ".other.pdf.abc123.part"
    for part in (stale, running, other):
        part.write_bytes(b"%PDF-half")
    old = time.time() - STALE_PART - 60
    for part in (stale, other):
        os.utime(part, (old, old))
    build(content, out)
    assert not stale.exists()
    assert running.exists() and other.exists()
