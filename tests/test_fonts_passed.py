"""Fonts are an argument (issue 13): the build opens one font session and passes it down
(make-up → flows → text setting → embedding → renderer); glyphs name faces in the
document's own table. So two builds in one process, with different fonts, give the
same bytes as each built in a process of its own, and nothing keeps a session in a
global or a context variable."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import bulletin
from bulletin.build import build, example_content, make_up
from bulletin.content import load_issue
from bulletin.fontstage import FontSession, open_fonts
from bulletin.style.layout import find_layout, load_layout

# One family name, ``text``, that each layout gives a different bundled face.
LAYOUT = """\
name: fonts-{face}
page: {{size: A5}}
grid: {{columns: 1}}
fonts:
  text: [{face}]
styles:
  body:  {{font: text, size: 五号}}
  title: {{font: text, size: 二号}}
"""

ISSUE = """\
bulletin: {name: 长阳社区报, issue: 3, date: 2024-05-01}
articles:
  - title: 社区开展“邻里节”活动
    body:
      - 本周六上午九点，社区在中心广场举办第三届“邻里节”，欢迎居民**踊跃参加**。
      - 活动包括义诊、理发、家电维修等12项便民服务（详见公告栏）。
"""


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BULLETIN_CACHE_DIR", str(tmp_path / "cache"))


def layouts(folder: Path) -> dict[str, Path]:
    out = {}
    for face in ("serif", "kai", "sans"):
        path = folder / f"fonts-{face}.yaml"
        path.write_text(LAYOUT.format(face=face), encoding="utf-8")
        out[face] = path
    return out


def fresh_process(content: Path, output: Path, layout: str | Path) -> bytes:
    """``bulletin build`` in a process of its own."""
    subprocess.run([sys.executable, "-m", "bulletin.cli", "build", str(content), "-o",
                    str(output), "--layout", str(layout)], check=True, capture_output=True,
                   timeout=180)
    return output.read_bytes()


def test_builds_in_one_process_equal_builds_in_fresh_processes(tmp_path: Path) -> None:
    content = tmp_path / "issue.yaml"
    content.write_text(ISSUE, encoding="utf-8")
    paths = layouts(tmp_path)
    # In this process, one after another, and the first again at the end: the later
    # builds must not see the earlier ones' fonts, nor the earlier be changed by them.
    order = ["serif", "kai", "sans", "serif"]
    here = {}
    for n, face in enumerate(order):
        out = tmp_path / f"here-{n}-{face}.pdf"
        build(content, out, str(paths[face]))
        here.setdefault(face, []).append(out.read_bytes())
    fresh = {face: fresh_process(content, tmp_path / f"fresh-{face}.pdf", paths[face])
             for face in paths}
    for face, made in here.items():
        for pdf in made:
            assert pdf == fresh[face], face
    assert len({fresh[face] for face in fresh}) == 3  # the fonts did make a difference


def test_the_example_in_one_process_after_other_fonts(tmp_path: Path) -> None:
    content = tmp_path / "issue.yaml"
    content.write_text(ISSUE, encoding="utf-8")
    build(content, tmp_path / "kai.pdf", str(layouts(tmp_path)["kai"]))
    out = tmp_path / "example.pdf"
    build(example_content(), out, "newsletter-a4")
    assert out.read_bytes() == fresh_process(example_content(), tmp_path / "fresh.pdf",
                                             "newsletter-a4")


def test_a_document_carries_its_own_table_of_faces(tmp_path: Path) -> None:
    """Each glyph's face name is found in its document's table, which is the build's
    session's: two sessions, two tables; the same name never means two faces in one."""
    content = tmp_path / "issue.yaml"
    content.write_text(ISSUE, encoding="utf-8")
    issue = load_issue(content)
    docs = {}
    for face, path in layouts(tmp_path).items():
        layout = load_layout(find_layout(str(path)))
        fonts = open_fonts(layout, content=content, issue=issue, warn=lambda _m: None)
        docs[face] = (make_up(issue, layout, fonts), fonts)
    for face, (document, fonts) in docs.items():
        assert document.faces is fonts.faces
        names = {g.face for page in document.pages for item in page.items
                 if hasattr(item, "line") for g in item.line.glyphs}
        assert names <= set(document.faces)
        assert face in names  # the body's face, by its bundled name
    assert "kai" not in docs["serif"][0].faces and "serif" not in docs["kai"][0].faces


def test_text_setting_takes_the_session_it_is_given() -> None:
    """No ambient session: ``set_text`` uses the fonts passed to it."""
    from bulletin.content.model import Text
    from bulletin.flow.setting import set_text

    layout = load_layout(find_layout("newsletter-a4"))
    style = layout.styles["body"]
    block = set_text(Text.of("社区通知"), style, 200.0, layout.rules, FontSession(layout))
    assert {g.face for line in block.lines for g in line.glyphs} == {
        f.name for f in FontSession(layout).faces_for(style.faces)[:1]}


def _sources() -> list[Path]:
    root = Path(bulletin.__file__).parent
    return sorted(p for p in root.rglob("*.py") if "importer" not in p.parts)


def test_no_module_keeps_a_font_session_in_a_global_or_context_variable() -> None:
    for path in _sources():
        text = path.read_text(encoding="utf-8")
        assert "ContextVar" not in text, path
        assert "current_fonts" not in text, path
        tree = ast.parse(text)
        for node in tree.body:  # module level: no variable made or typed to hold a session
            if isinstance(node, (ast.Assign, ast.AnnAssign)):
                kept = [ast.unparse(n) for n in ast.walk(node)
                        if isinstance(n, ast.Call) and ast.unparse(n.func).endswith(
                            ("FontSession", "open_fonts"))]
                if isinstance(node, ast.AnnAssign):
                    kept += [ast.unparse(node.annotation)] * (
                        "FontSession" in ast.unparse(node.annotation))
                assert not kept, f"{path}: {ast.unparse(node)}"
        for node in ast.walk(tree):
            if isinstance(node, ast.Global):
                assert not any("font" in name or "session" in name for name in node.names), \
                    f"{path}: global {node.names}"


def test_faces_are_not_looked_up_by_name_in_a_process_wide_registry() -> None:
    import bulletin.fontstage as fontstage
    from bulletin.fontstage.metrics import faces

    assert not hasattr(faces, "face_named") and not hasattr(fontstage, "face_named")
    assert not hasattr(faces, "_BY_NAME")
