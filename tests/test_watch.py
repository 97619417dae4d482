"""``bulletin watch``: a save rebuilds; a mistake is printed and the last good PDF kept;
Ctrl-C ends it quietly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from PIL import Image

from bulletin.batch import BuildOptions
from bulletin.watch import watch, watched_files

ISSUE = ("bulletin: {{name: 测试报}}\narticles:\n  - title: {title}\n    body:\n"
         "      - 正文。\n      - image: photo.png\n")


class Watcher:
    """``watch()`` in a thread, its lines collected, for a test to wait on."""

    def __init__(self, content: Path, output: Path) -> None:
        self.lines: list[str] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=watch, args=(content, output, BuildOptions()),
                                       kwargs={"say": lambda line, _err: self.lines.append(line),
                                               "stop": self.stop, "debounce": 400},
                                       daemon=True)
        self.thread.start()

    def wait_for(self, words: str, count: int, timeout: float = 60) -> None:
        """Until ``count`` lines hold ``words`` (the rebuild after a save is done)."""
        end = time.monotonic() + timeout
        while sum(words in line for line in self.lines) < count:
            assert time.monotonic() < end, self.lines
            time.sleep(0.05)

    def close(self) -> None:
        self.stop.set()
        self.thread.join(10)
        assert not self.thread.is_alive()


def save(path: Path, text: str) -> None:
    """As an editor saves: a new file renamed over the old one."""
    temp = path.with_name(path.name + ".tmp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)


@pytest.fixture
def issue(tmp_path: Path) -> Path:
    Image.new("RGB", (400, 300), "steelblue").save(tmp_path / "photo.png")
    content = tmp_path / "issue.yaml"
    content.write_text(ISSUE.format(title="第一稿"), encoding="utf-8")
    return content


def test_a_save_rebuilds_a_mistake_keeps_the_pdf_and_a_fix_rebuilds(issue: Path) -> None:
    pdf = issue.with_suffix(".pdf")
    watcher = Watcher(issue, pdf)
    try:
        watcher.wait_for("watching 3 files", 1)  # content, layout, photo
        watcher.wait_for("✓", 1)
        first = pdf.read_bytes()

        save(issue, ISSUE.format(title="第二稿"))
        watcher.wait_for("✓", 2)
        second = pdf.read_bytes()
        assert second != first

        save(issue, ISSUE.format(title="第三稿").replace("title:", "titel:"))
        watcher.wait_for("unknown key 'titel'", 1)
        watcher.wait_for("the PDF was not changed", 1)
        assert pdf.read_bytes() == second

        save(issue, ISSUE.format(title="第四稿"))
        watcher.wait_for("✓", 3)
        assert pdf.read_bytes() not in (first, second)

        Image.new("RGB", (400, 300), "firebrick").save(issue.parent / "photo.png")
        watcher.wait_for("✓", 4)  # a picture the content uses is watched too
    finally:
        watcher.close()


def test_the_files_a_build_reads_are_watched(issue: Path, tmp_path: Path) -> None:
    layout = tmp_path / "mine.yaml"
    layout.write_text("name: mine\n", encoding="utf-8")
    files = watched_files(issue, str(layout))
    assert files == {issue.resolve(), layout.resolve(), (tmp_path / "photo.png").resolve()}
    issue.write_text("bulletin: [", encoding="utf-8")
    assert issue.resolve() in watched_files(issue, None)  # unreadable: still watched


def test_ctrl_c_ends_the_watch_without_a_traceback(issue: Path) -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen([sys.executable, "-m", "bulletin.cli", "watch", str(issue)],
                               cwd=issue.parent, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert process.stderr is not None
        end = time.monotonic() + 60
        seen = ""
        while "watching" not in seen:
            assert time.monotonic() < end and process.poll() is None, seen
            seen += process.stderr.readline()
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    assert "Traceback" not in err and "stopped watching" in err
    assert "✓" in out and (issue.parent / "issue.pdf").exists()
