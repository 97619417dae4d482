"""Building several issues at once: every good file is built, each bad one reported,
and worker processes make the same bytes as one process."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from bulletin.batch import BuildOptions, build_many, gather, looks_like_issue
from bulletin.cli import main

ISSUE = "bulletin: {{name: 测试报}}\narticles:\n  - title: {title}\n    body: [正文{title}。]\n"


def issues(folder: Path, bad: str | None = "b") -> list[Path]:
    """a.yaml, b.yaml, c.yaml in ``folder``; ``bad`` has an unknown key on line 3."""
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for name in "abc":
        text = ISSUE.format(title=f"标题{name}")
        if name == bad:
            text = text.replace("title:", "titel:")
        path = folder / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        made.append(path)
    return made


def run(*args: str) -> object:
    return CliRunner().invoke(main, list(args))


def test_one_bad_file_is_reported_and_the_others_are_built(tmp_path: Path) -> None:
    a, b, c = issues(tmp_path / "in")
    out = tmp_path / "out"
    result = run("build", str(a), str(b), str(c), "--out-dir", str(out))
    assert result.exit_code == 2, result.output
    assert sorted(p.name for p in out.iterdir()) == ["a.pdf", "c.pdf"]
    lines = result.output.splitlines()
    assert lines[0].startswith(f"✓ {out / 'a.pdf'}  (1 page, ")
    assert lines[1] == f"✗ {b}:3:5: unknown key 'titel' in article 1; did you mean 'title'?"
    assert lines[2].startswith(f"✓ {out / 'c.pdf'}")
    assert lines[3] == "2 built, 1 failed"


def test_two_processes_make_the_same_bytes_as_one(tmp_path: Path) -> None:
    files = issues(tmp_path / "in", bad=None)
    one, two = tmp_path / "one", tmp_path / "two"
    first = run("build", *map(str, files), "--out-dir", str(one), "-j", "1")
    second = run("build", *map(str, files), "--out-dir", str(two), "-j", "2")
    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
    assert first.output.splitlines()[-1] == "3 built"
    for name in ("a.pdf", "b.pdf", "c.pdf"):
        assert (one / name).read_bytes() == (two / name).read_bytes()


def test_a_folder_builds_its_issues_and_skips_other_yaml_with_a_note(tmp_path: Path,
                                                                    monkeypatch) -> None:
    folder = tmp_path / "in"
    issues(folder, bad=None)
    (folder / "my-layout.yaml").write_text("name: mine\npage: {size: A4}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # the PDFs are written here by default
    result = run("build", str(folder), "-j", "2")
    assert result.exit_code == 0, result.output
    assert f"note: {folder / 'my-layout.yaml'} is not an issue" in result.output
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == ["a.pdf", "b.pdf", "c.pdf"]


def test_a_failure_in_a_worker_process_is_that_files_outcome(tmp_path: Path) -> None:
    a, b, c = issues(tmp_path, bad="c")
    b.write_text("bulletin: [", encoding="utf-8")  # a YAML syntax error
    plan = [(p, tmp_path / f"{p.stem}.pdf") for p in (a, b, c)]
    outcomes = build_many(plan, BuildOptions(), "zh", jobs=2)
    assert [o.ok for o in outcomes] == [True, False, False]
    assert outcomes[2].errors[0].startswith(f"{c}:3:5: ")
    assert "；" in outcomes[2].errors[0]  # told in Chinese in the worker
    assert outcomes[0].written[0].startswith(str(tmp_path / "a.pdf"))


def test_minus_o_is_for_one_file_and_two_files_may_not_share_a_pdf(tmp_path: Path) -> None:
    a, b, _ = issues(tmp_path / "x", bad=None)
    refused = run("build", str(a), str(b), "-o", str(tmp_path / "one.pdf"))
    assert refused.exit_code == 2 and "--out-dir" in refused.output
    twin = tmp_path / "y" / "a.yaml"
    twin.parent.mkdir()
    twin.write_text(a.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    result = run("build", str(a), str(twin), str(b), "--out-dir", str(out))
    assert result.exit_code == 2
    assert f"✗ {twin}: {a} is built into the same {out / 'a.pdf'}" in result.output
    assert sorted(p.name for p in out.iterdir()) == ["a.pdf", "b.pdf"]


def test_what_counts_as_an_issue(tmp_path: Path) -> None:
    layout = tmp_path / "layout.yaml"
    layout.write_text("name: x\npage: {size: A4}\n", encoding="utf-8")
    chinese = tmp_path / "报.yaml"
    chinese.write_text("报头：\n  名称: 测试\n", encoding="utf-8")
    assert not looks_like_issue(layout) and looks_like_issue(chinese)
    files, notes = gather([tmp_path, layout])
    assert files == [chinese, layout]  # named on the command line: built all the same
    assert len(notes) == 1 and "layout.yaml" in str(notes[0])
