"""Random issues through every bundled layout: each build ends, quickly, with a PDF or
with one clear error (exit 0 or 2), never a hang or a traceback (issue 17).

Seeded: case N is the same issue on every machine, so a failure names its seed and
can be rebuilt by hand with ``make_issue(random.Random(N), folder)``.
"""

from __future__ import annotations

import random
import signal
from pathlib import Path

import pytest
from PIL import Image

from bulletin.build import build
from bulletin.errors import BulletinError
from bulletin.style.layout import bundled_layouts

CASES = 200
SECONDS = 10  # a case that takes longer has hung, as far as a user can tell

SEED_TEXT = (Path(__file__).parent / "data" / "seed-article.txt").read_text(encoding="utf-8")
HAN = [ch for ch in SEED_TEXT if "\u4e00" <= ch <= "\u9fff"]
PUNCT = list("，。、；：？！“”‘’（）《》——……·")
EXTRAS = ["https://www.example.gov.cn/notice/2026", "hpl_bei@example.com.cn", "010-64210000",
          "9:00—17:00", "2.5小时", "120个", "75%", "Community", "WeChat", "1921", "**加粗**",
          "*着重*", "\\*", "「引号」", "No.3"]


class TookTooLong(Exception):
    pass


def text(rnd: random.Random, low: int, high: int) -> str:
    """Chinese with punctuation, digits, Latin words and addresses mixed in."""
    out: list[str] = []
    for _ in range(rnd.randint(low, high)):
        roll = rnd.random()
        if roll < 0.12:
            out.append(rnd.choice(PUNCT))
        elif roll < 0.16:
            out.append(rnd.choice(EXTRAS))
        elif roll < 0.18:
            out.append(" ")
        else:
            out.append(rnd.choice(HAN))
    return "".join(out).strip() or "空"


def quoted(value: str) -> str:
    """A YAML single-quoted scalar: any text stays text."""
    return "'" + value.replace("'", "''") + "'"


def picture(rnd: random.Random, folder: Path, number: int) -> str:
    """A photo of a random aspect ratio from 1:20 to 20:1."""
    ratio = 20 ** rnd.uniform(-1, 1)
    long_side = rnd.randint(40, 600)
    size = (long_side, max(1, round(long_side / ratio))) if ratio >= 1 else (
        max(1, round(long_side * ratio)), long_side)
    name = f"photo{number}.{rnd.choice(['png', 'jpg'])}"
    colour = tuple(rnd.randrange(256) for _ in range(3))
    Image.new("RGB", size, colour).save(folder / name)
    return name


def block(rnd: random.Random, folder: Path, number: int) -> str:
    kind = rnd.choices(["para", "heading", "quote", "list", "image"], [8, 2, 1, 1, 3])[0]
    if kind == "para":
        return f"      - {quoted(text(rnd, 1, 300))}\n"
    if kind == "heading":
        return f"      - heading: {quoted(text(rnd, 1, 40))}\n"
    if kind == "quote":
        return (f"      - quote: {quoted(text(rnd, 1, 120))}\n"
                f"        by: {quoted(text(rnd, 1, 10))}\n")
    if kind == "list":
        items = "".join(f"          - {quoted(text(rnd, 1, 60))}\n"
                        for _ in range(rnd.randint(1, 5)))
        return "      - list:\n" + items
    line = f"      - image: {picture(rnd, folder, number)}\n"
    caption = rnd.randint(0, 200)
    if caption:
        line += f"        caption: {quoted(text(rnd, caption, caption))}\n"
    return line


def make_issue(rnd: random.Random, folder: Path) -> Path:
    lines = ["bulletin:\n", f"  name: {quoted(text(rnd, 2, 14))}\n"]
    for key, low, high in (("tagline", 2, 30), ("publisher", 2, 30), ("contact", 5, 60)):
        if rnd.random() < 0.6:
            lines.append(f"  {key}: {quoted(text(rnd, low, high))}\n")
    if rnd.random() < 0.6:
        lines.append(f"  issue: {rnd.randint(1, 300)}\n  date: 2026-11-{rnd.randint(1, 30):02d}\n")
    lines.append("articles:\n")
    blocks = 0
    for _ in range(rnd.randint(1, 3)):
        lines.append(f"  - title: {quoted(text(rnd, 1, 40))}\n")
        for key, high in (("column", 6), ("kicker", 30), ("subtitle", 30), ("byline", 12),
                          ("lead", 120), ("source", 30), ("signed", 15)):
            if rnd.random() < 0.3:
                lines.append(f"    {key}: {quoted(text(rnd, 1, high))}\n")
        lines.append("    body:\n")
        for _ in range(rnd.randint(1, 8)):
            blocks += 1
            lines.append(block(rnd, folder, blocks))
    content = folder / "issue.yaml"
    content.write_text("".join(lines), encoding="utf-8")
    return content


def _alarm(signum, frame):
    raise TookTooLong


@pytest.mark.parametrize("seed", range(CASES))
def test_a_random_issue_builds_or_fails_cleanly(seed, tmp_path, monkeypatch):
    monkeypatch.setenv("BULLETIN_CACHE_DIR", str(tmp_path.parent / "fuzz-cache"))
    rnd = random.Random(seed)
    content = make_issue(rnd, tmp_path)
    layouts = sorted(bundled_layouts())
    layout = layouts[seed % len(layouts)]
    out = tmp_path / "out.pdf"
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(SECONDS)
    try:
        build(content, out, layout, for_print=rnd.random() < 0.2)
    except BulletinError as e:  # exit 2: one clear message, nothing written
        assert str(e) and "\n" not in str(e)
        assert not out.exists()
    except TookTooLong:
        pytest.fail(f"seed {seed} in {layout}: no end after {SECONDS} s")
    else:
        assert out.read_bytes().startswith(b"%PDF-")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
