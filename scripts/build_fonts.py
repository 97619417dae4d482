#!/usr/bin/env python3
"""Rebuild the bundled Chinese fonts in ``fonts/`` from Debian font packages.

Why this exists: ReportLab can only embed TrueType (``glyf``) outlines, while Noto CJK ships
as CFF inside OpenType collections, and the full fonts are far too large to commit. This
script subsets each source font to the characters a Simplified-Chinese newsletter needs
(通用规范汉字表 ∪ GB 2312 ∪ CJK punctuation and a few symbols), converts CFF to quadratic
TrueType outlines, renames where the SIL OFL Reserved Font Name rule demands it, and writes
deterministic (byte-identical on rerun) files plus licence texts and a README. It also
writes each font's metrics table (``metrics.json.gz``), so a build with an empty cache
need not read the fonts' big ``cmap`` tables to typeset.

Usage::

    apt-get install fonts-noto-cjk fonts-lxgw-wenkai unicode-data
    python scripts/build_fonts.py [--out fonts]
    python scripts/build_fonts.py --metrics-only   # only metrics.json.gz, from fonts/
"""

from __future__ import annotations

import argparse
import bz2
import gzip
import io
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bulletin.fontstage.cache import file_digest  # noqa: E402  (how faces name a file)
from bulletin.fontstage.embedding import cff_to_glyf  # noqa: E402  (the package's own converter)
from bulletin.fontstage.metrics.faces import (  # noqa: E402  (the package's own measuring)
    SHIPPED_FORMAT,
    SHIPPED_METRICS,
    measure,
    pack_metrics,
)

# Debian locations; every one is overridable on the command line.
NOTO_DIR = "/usr/share/fonts/opentype/noto"
LXGW_DIR = "/usr/share/fonts/truetype/lxgw-wenkai"
UNIHAN_OTHER = "/usr/share/unicode/Unihan_OtherMappings.txt.bz2"
NOTO_COPYRIGHT = "/usr/share/doc/fonts-noto-cjk/copyright"
LXGW_COPYRIGHT = "/usr/share/doc/fonts-lxgw-wenkai/copyright"

BUDGET_BYTES = 30_000_000  # "30 MB", counted strictly in decimal megabytes
MAX_ERR = 1.0  # cu2qu tolerance in font units (all sources are 1000 UPM)
KEPT_FEATURES = ["vert", "vrt2"]  # cheap (~40 glyphs); vertical setting can use them
# Fixed timestamp (2024-01-01T00:00:00Z, seconds since 1904-01-01) so reruns are identical.
FIXED_TIMESTAMP = 3786825600

# Symbols named in the typesetting spec that fall outside the ranges below.
EXTRA_SYMBOLS = "⸺•●○★☆■□№℃‰"
# Hanyu Pinyin letters GB 2312/Latin-1 lack (capitals with macron/caron, ḿ ń ň ǹ ɑ ɡ) and the
# combining tones needed for ê̄ ê̌: a deliberate, tiny addition so pinyin never falls back.
PINYIN_EXTRA = "ĀǍĒĚĪǏŌǑŪǓǕǗǙǛḾḿŃńŇňǸǹɑɡ\u0300\u0301\u0304\u030c"
# Strings that must render in every font; used by the self-check.
MUST_HAVE = "王喆李玥张堃陈昇“”‘’，。：；！？《》（）——……·～、⸺长阳社区报"
# Outside the character set on purpose (CJK Ext-B, not in 通用规范汉字表 or GB 2312).
MUST_NOT_HAVE = "\U0002a6a5"  # 𪚥


@dataclass(frozen=True)
class FontJob:
    """One output font: where it comes from and what it must be called."""

    out_name: str
    source: str  # file name inside its source directory
    source_dir_key: str  # "noto" or "lxgw"
    face_index: int  # TTC member; -1 for a plain TTF
    expect_family: str  # sanity check against the wrong TTC member
    style: str  # 宋 / 黑 / 楷, for the README
    licence_file: str
    package: str
    # Non-empty when the OFL Reserved Font Name rule forces a new primary name.
    new_family: str = ""
    new_ps_prefix: str = ""


JOBS: tuple[FontJob, ...] = (
    FontJob("NotoSerifSC-Regular.ttf", "NotoSerifCJK-Regular.ttc", "noto", 2,
            "Noto Serif CJK SC", "宋 serif", "OFL-NotoCJK.txt", "fonts-noto-cjk"),
    FontJob("NotoSerifSC-Bold.ttf", "NotoSerifCJK-Bold.ttc", "noto", 2,
            "Noto Serif CJK SC", "宋 serif", "OFL-NotoCJK.txt", "fonts-noto-cjk"),
    FontJob("NotoSansSC-Regular.ttf", "NotoSansCJK-Regular.ttc", "noto", 2,
            "Noto Sans CJK SC", "黑 sans", "OFL-NotoCJK.txt", "fonts-noto-cjk"),
    FontJob("NotoSansSC-Bold.ttf", "NotoSansCJK-Bold.ttc", "noto", 2,
            "Noto Sans CJK SC", "黑 sans", "OFL-NotoCJK.txt", "fonts-noto-cjk"),
    FontJob("LXGWWenKai-Regular.ttf", "LXGWWenKai-Regular.ttf", "lxgw", -1,
            "LXGW WenKai", "楷 kai", "OFL-LXGWWenKai.txt", "fonts-lxgw-wenkai",
            new_family="Bulletin WenKai", new_ps_prefix="BulletinWenKai"),
)


@dataclass
class FontReport:
    """What was built, for the README and the console."""

    job: FontJob
    family: str
    ps_name: str
    version: str
    copyright: str
    trademark: str
    chars: int
    glyphs: int
    size: int
    tables: list[str] = field(default_factory=list)
    seconds: float = 0.0


# --------------------------------------------------------------------------- character set


def read_unihan(path: Path) -> tuple[set[int], set[int]]:
    """Return (kTGH, kGB0) code points; read from Unihan so the list is not hand-maintained."""
    tgh: set[int] = set()
    gb0: set[int] = set()
    with bz2.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 3 or not parts[0].startswith("U+"):
                continue
            if parts[1] == "kTGH":
                tgh.add(int(parts[0][2:], 16))
            elif parts[1] == "kGB0":
                gb0.add(int(parts[0][2:], 16))
    return tgh, gb0


def gb2312_chars() -> set[int]:
    """Every character the GB 2312 codec decodes, including its 682 non-Han symbols."""
    out: set[int] = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                out.add(ord(bytes((hi, lo)).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    return out


def wanted_chars(tgh: set[int], gb0: set[int]) -> set[int]:
    """The full requested repertoire, before intersecting with each font's cmap."""
    ranges = [
        (0x0020, 0x007E),  # ASCII
        (0x00A0, 0x00FF),  # Latin-1
        (0x2000, 0x206F),  # General Punctuation
        (0x3000, 0x303F),  # CJK Symbols and Punctuation
        (0xFE10, 0xFE19),  # Vertical Forms
        (0xFE30, 0xFE4F),  # CJK Compatibility Forms
        (0xFF00, 0xFFEF),  # Halfwidth and Fullwidth Forms
    ]
    chars = set(tgh) | set(gb0) | gb2312_chars() | {ord(c) for c in EXTRA_SYMBOLS + PINYIN_EXTRA}
    for lo, hi in ranges:
        chars.update(range(lo, hi + 1))
    return chars


# --------------------------------------------------------------------------- font building


def subset_font(font: TTFont, unicodes: Iterable[int]) -> None:
    """Subset in place first, so the slow CFF→glyf conversion only sees kept glyphs."""
    opts = subset.Options()
    opts.layout_features = list(KEPT_FEATURES)
    opts.layout_scripts = ["*"]
    opts.hinting = False
    opts.glyph_names = False
    opts.desubroutinize = True
    opts.notdef_outline = True
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.name_legacy = False
    opts.recalc_timestamp = False
    # GPOS (palt/kern/vpal) and the hinting tables are useless to ReportLab, which applies
    # no OpenType layout; dropping them saves space. GSUB stays for vert/vrt2.
    opts.drop_tables = sorted(set(opts.drop_tables) | {"GPOS", "gasp", "DSIG"})
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=unicodes)
    sub.subset(font)


def set_post_format3(font: TTFont) -> None:
    """Post format 3 carries no glyph names: smaller, and nothing here needs them."""
    post = font["post"]
    post.formatType = 3.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = None


def widen_quotes(font: TTFont) -> None:
    """Give narrow curly quotes (WenKai's “”‘’ are 0.35 em) a full-width cell, as in the
    GB style of mainland fonts: an opening quote's ink moves into the right half, a closing
    one keeps it left. A PDF reader then sees square punctuation boxes, so copying text
    keeps its order and no stray spaces appear between a quote and a Han character."""
    upm = font["head"].unitsPerEm
    cmap, hmtx, glyf = font.getBestCmap(), font["hmtx"], font["glyf"]
    for char, opening in (("“", True), ("‘", True), ("”", False), ("’", False)):
        name = cmap.get(ord(char))
        if name is None or hmtx[name][0] >= 0.75 * upm:
            continue
        advance, lsb = hmtx[name]
        shift = upm - advance if opening else 0
        glyph = glyf[name]
        if glyph.isComposite():
            for component in glyph.components:
                component.x += shift
        elif glyph.numberOfContours > 0:
            glyph.coordinates.translate((shift, 0))
        glyph.recalcBounds(glyf)
        hmtx[name] = (upm, lsb + shift)


def rename(font: TTFont, job: FontJob) -> None:
    """Mark the subset in version strings; give it a new primary name if an RFN forbids the old.

    OFL 1.1 §3 only restricts the *primary font name as presented to users* (name IDs 1, 3,
    4, 6, 16, 17, 21, 22, 25), so the original name may still be credited in the description.
    """
    name = font["name"]
    orig_family = name.getDebugName(1) or ""
    subfamily = name.getDebugName(2) or "Regular"
    version = name.getDebugName(5) or ""
    note = "bulletin subset, TrueType outlines"
    if job.new_family:
        ps = f"{job.new_ps_prefix}-{subfamily.replace(' ', '')}"
        full = job.new_family if subfamily == "Regular" else f"{job.new_family} {subfamily}"
        # Drop every record carrying the old primary name (incl. 霞鹜文楷 in zh locales).
        name.names = [r for r in name.names if r.nameID not in (1, 2, 3, 4, 6, 16, 17, 21, 22)]
        name.setName(job.new_family, 1, 3, 1, 0x409)
        name.setName(subfamily, 2, 3, 1, 0x409)
        name.setName(f"{job.new_family}:{version}; {note}", 3, 3, 1, 0x409)
        name.setName(full, 4, 3, 1, 0x409)
        name.setName(ps, 6, 3, 1, 0x409)
        name.setName(
            f"Subset of {orig_family} ({version}) made for the bulletin project: character "
            f"set reduced, hinting removed. Renamed because the original names are OFL "
            f"Reserved Font Names; not endorsed by the original authors.",
            10, 3, 1, 0x409,
        )
    else:
        uid = name.getDebugName(3) or orig_family
        name.setName(f"{uid};{note}", 3, 3, 1, 0x409)
    name.setName(f"{version}; {note}", 5, 3, 1, 0x409)


def build_one(job: FontJob, source: Path, out_path: Path, unicodes: set[int],
              max_err: float) -> FontReport:
    """Subset → (convert) → rename → save deterministically; return what was built."""
    started = time.perf_counter()
    font = TTFont(source, fontNumber=job.face_index, lazy=False, recalcTimestamp=False)
    family = font["name"].getDebugName(1)
    if family != job.expect_family:
        raise SystemExit(f"{source}#{job.face_index}: family {family!r}, "
                         f"expected {job.expect_family!r}")
    cmap = font.getBestCmap()
    keep = sorted(u for u in unicodes if u in cmap)
    subset_font(font, keep)
    if "CFF " in font:
        cff_to_glyf(font, max_err)
    set_post_format3(font)
    widen_quotes(font)
    rename(font, job)
    font["head"].created = FIXED_TIMESTAMP
    font["head"].modified = FIXED_TIMESTAMP
    buf = io.BytesIO()
    font.save(buf, reorderTables=True)
    out_path.write_bytes(buf.getvalue())

    check = TTFont(out_path)
    name = check["name"]
    return FontReport(
        job=job,
        family=name.getDebugName(1) or "",
        ps_name=name.getDebugName(6) or "",
        version=(name.getDebugName(5) or "").split(";")[0],
        copyright=name.getDebugName(0) or "",
        trademark=name.getDebugName(7) or "",
        chars=len(check.getBestCmap()),
        glyphs=check["maxp"].numGlyphs,
        size=out_path.stat().st_size,
        tables=sorted(t for t in check.keys() if t != "GlyphOrder"),
        seconds=time.perf_counter() - started,
    )


def verify(path: Path, tgh: set[int]) -> list[str]:
    """Return problems with a built font; empty means it is usable by ReportLab."""
    problems = []
    font = TTFont(path)
    cmap = font.getBestCmap()
    if "glyf" not in font or "CFF " in font:
        problems.append("not TrueType-flavoured")
    missing = [chr(u) for u in sorted(tgh) if u not in cmap]
    missing += [c for c in MUST_HAVE if ord(c) not in cmap]
    if missing:
        problems.append(f"missing {len(missing)} chars: {''.join(missing[:40])}")
    extra = [c for c in MUST_NOT_HAVE if ord(c) in cmap]
    if extra:
        problems.append(f"unexpected chars {''.join(extra)}")
    return problems


# --------------------------------------------------------------------------- metrics


def write_metrics(out: Path) -> Path:
    """Ship each font's metrics table, measured by the package's own ``measure`` and keyed
    by the content hash the package names the file by: a font rebuilt without rerunning
    this is simply measured at run time (and ``tests/test_cold_build.py`` fails)."""
    faces = {}
    for job in JOBS:
        path = out / job.out_name
        font = TTFont(path, lazy=True)
        faces[f"{file_digest(path)}-0"] = {"file": job.out_name,
                                           "metrics": pack_metrics(measure(font, path))}
        font.close()
    text = json.dumps({"format": SHIPPED_FORMAT, "faces": faces}, sort_keys=True,
                      ensure_ascii=False, separators=(",", ":"))
    target = out / SHIPPED_METRICS
    target.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))
    return target


# --------------------------------------------------------------------------- licences & docs


def debian_ofl_text(copyright_file: Path) -> tuple[str, str, str]:
    """Return (Files:* copyright, Files:* comment, OFL body) from a DEP-5 copyright file."""
    paragraphs = re.split(r"\n\s*\n(?=\S)", copyright_file.read_text(encoding="utf-8"))
    fields_of = [_dep5_fields(p) for p in paragraphs]
    main = next(f for f in fields_of if f.get("Files", "").strip() == "*")
    licence_name = main["License"].split("\n")[0].strip()
    body = next(f["License"] for f in fields_of
                if "Files" not in f and f.get("License", "").split("\n")[0].strip()
                == licence_name)
    body_lines = body.split("\n")[1:]
    text = "\n".join("" if ln.strip() == "." else ln[1:] if ln.startswith(" ") else ln
                     for ln in body_lines)
    return main.get("Copyright", "").strip(), main.get("Comment", "").strip(), text.strip()


def _dep5_fields(paragraph: str) -> dict[str, str]:
    """Parse one DEP-5 paragraph; continuation lines keep their leading space."""
    fields: dict[str, str] = {}
    key = None
    for line in paragraph.splitlines():
        if line[:1] in (" ", "\t") and key:
            fields[key] += "\n" + line
        elif ":" in line:
            key, _, value = line.partition(":")
            fields[key] = value.strip()
    return fields


def write_licence(path: Path, title: str, copyright_file: Path, package: str,
                  reports: list[FontReport], extra: str = "") -> None:
    """OFL §2: each copy must carry the copyright notice and the licence."""
    deb_copyright, comment, ofl = debian_ofl_text(copyright_file)
    lines = [title, "", "Copyright notices:"]
    seen: set[str] = set()
    for rep in reports:
        for notice in rep.copyright.splitlines():
            if notice and notice not in seen:
                seen.add(notice)
                lines.append(notice)
    lines.append(f"Copyright {' '.join(deb_copyright.split())} (Debian {package} copyright file)")
    if comment:
        lines += ["", " ".join(comment.split())]
    trademarks = sorted({r.trademark for r in reports if r.trademark})
    if trademarks:
        lines += [""] + trademarks
    if extra:
        lines += ["", extra]
    lines += ["", "This Font Software is licensed under the SIL Open Font License, Version 1.1.",
              "This license is copied below, and is also available with a FAQ at:",
              "https://openfontlicense.org", "", "", ofl, ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def package_version(package: str) -> str:
    """Debian package version, so the README says exactly what was subset."""
    try:
        out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", package],
                             capture_output=True, text=True, check=True)
        return out.stdout.strip() or "unknown"
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


TABLE_HEADER = (
    "| File | Style | Family (PostScript name) | Source face, version | Debian package "
    "| Chars | Glyphs | Size |\n|---|---|---|---|---|---:|---:|---:|"
)


def write_readme(path: Path, reports: list[FontReport], tgh_count: int, total: int) -> None:
    """Document provenance, sizes and the rebuild command next to the binaries."""
    rows = []
    for r in reports:
        rows.append(
            f"| `{r.job.out_name}` | {r.job.style} | {r.family} (`{r.ps_name}`) | "
            f"{r.job.source}{'' if r.job.face_index < 0 else f' #{r.job.face_index}'}, "
            f"{r.version} | `{r.job.package}` {package_version(r.job.package)} | "
            f"{r.chars:,} | {r.glyphs:,} | {r.size / 1e6:.2f} MB |"
        )
    text = f"""# Bundled fonts

Generated by `scripts/build_fonts.py` — do not edit the `.ttf` files by hand.

{TABLE_HEADER}
{chr(10).join(rows)}

Total of `fonts/`: {total:,} bytes = {total / 1e6:.2f} MB (budget {BUDGET_BYTES / 1e6:.0f} MB).

## What was done to the fonts

* **Character set**: 通用规范汉字表 (Unihan `kTGH`, {tgh_count:,} chars, also written to
  `charset-tgh.txt`) ∪ GB 2312 (all of its code points, Han and non-Han) ∪ ASCII ∪ Latin-1 ∪
  General Punctuation U+2000–206F ∪ CJK Symbols and Punctuation U+3000–303F ∪ fullwidth forms
  U+FF00–FFEF ∪ vertical forms U+FE10–FE19, U+FE30–FE4F ∪ `{EXTRA_SYMBOLS}` ∪ the pinyin
  letters GB 2312 lacks (`ĀǍĒĚĪǏŌǑŪǓǕǗǙǛḾḿŃńŇňǸǹɑɡ` and combining U+0300/0301/0304/030C),
  intersected with what each source font maps. Characters outside it (e.g. 𪚥 U+2A6A5)
  are absent and need a fallback font.
* **Outlines**: Noto CJK is CFF; it is converted to quadratic TrueType (`glyf`) with
  fontTools cu2qu (max error {MAX_ERR:g} unit at 1000 UPM) because ReportLab cannot embed
  CFF. LXGW WenKai is already TrueType.
* **Quotes**: WenKai's narrow curly quotes `“”‘’` (0.35 em) get full-width cells, as in
  mainland fonts: the opening ones' ink moves into the right half. PDF readers then see
  square punctuation, so copied text keeps its order.
* **Fonts of your own** (a layout's `fonts:` section): see `docs/fonts.md`.
* **Tables**: hinting, GPOS and glyph names (`post` format 3) removed; GSUB keeps only
  `{"`, `".join(KEPT_FEATURES)}`. `vhea`/`vmtx` kept (top side bearings recomputed from the
  Noto `VORG` table). ReportLab applies no OpenType layout: the `vert` alternates are only
  reachable by other tools; for vertical text with ReportLab use the presentation forms
  U+FE10–FE19 / U+FE30–FE4F, which are mapped.
* **Determinism**: `head.created`/`head.modified` are fixed, so a rebuild from the same
  package versions is byte-identical.
* **Metrics**: `{SHIPPED_METRICS}` holds each font's metrics table (advances, names,
  punctuation ink, keyed by the file's content hash), so a build with an empty cache need
  not read the fonts' `cmap` tables; after changing a font alone, rerun
  `python scripts/build_fonts.py --metrics-only` (`tests/test_cold_build.py` checks it).

## Names and licences

All five fonts are under the SIL Open Font License 1.1; see `OFL-NotoCJK.txt` and
`OFL-LXGWWenKai.txt` (copyright lines from the fonts' name tables and the Debian
`copyright` files).

* **Noto CJK** declares no Reserved Font Name, so the subsets keep their family names
  (`Noto Serif CJK SC`, `Noto Sans CJK SC`); only the version string and unique ID are
  marked “bulletin subset”. (“Noto” is a Google trademark; the Adobe Source Han
  distribution reserves the name “Source”, which is not used here.)
* **LXGW WenKai** reserves the names “LXGW” and “霞鹜” (Debian `copyright`: only fonts
  rebuilt from unmodified sources may use them). A subset is a Modified Version under the
  OFL, so this font is renamed **“Bulletin WenKai”** (`BulletinWenKai-Regular`); the
  original name is credited only in the description (name ID 10). The file keeps the name
  `LXGWWenKai-Regular.ttf` so code can find it; the name users see in PDFs and font menus is
  “Bulletin WenKai”.

## Rebuilding

```sh
apt-get install fonts-noto-cjk fonts-lxgw-wenkai unicode-data
pip install fonttools
python scripts/build_fonts.py            # --help lists the source-path flags
```
"""
    path.write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------- main


def _build(args: tuple[FontJob, str, str, list[int], float]) -> FontReport:
    """Process-pool entry point (pickles only plain data)."""
    job, source, out_path, unicodes, max_err = args
    return build_one(job, Path(source), Path(out_path), set(unicodes), max_err)


def main(argv: list[str] | None = None) -> int:
    """Build every font, licence and README; fail if a check or the size budget fails."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "fonts",
                    help="output directory (default: the repository's fonts/)")
    ap.add_argument("--noto-dir", type=Path, default=Path(NOTO_DIR))
    ap.add_argument("--lxgw-dir", type=Path, default=Path(LXGW_DIR))
    ap.add_argument("--unihan", type=Path, default=Path(UNIHAN_OTHER),
                    help="Unihan_OtherMappings.txt(.bz2) with kTGH and kGB0")
    ap.add_argument("--noto-copyright", type=Path, default=Path(NOTO_COPYRIGHT))
    ap.add_argument("--lxgw-copyright", type=Path, default=Path(LXGW_COPYRIGHT))
    ap.add_argument("--max-err", type=float, default=MAX_ERR, help="cu2qu error, font units")
    ap.add_argument("--jobs", type=int, default=min(len(JOBS), os.cpu_count() or 1),
                    help="fonts built in parallel (each worker needs ~0.3 GB)")
    ap.add_argument("--metrics-only", action="store_true",
                    help=f"only rewrite {SHIPPED_METRICS} from the fonts already in --out")
    args = ap.parse_args(argv)

    out: Path = args.out
    if args.metrics_only:
        print(f"{write_metrics(out)}: {(out / SHIPPED_METRICS).stat().st_size:,} bytes")
        return 0
    out.mkdir(parents=True, exist_ok=True)
    tgh, gb0 = read_unihan(args.unihan)
    if len(tgh) != 8105:
        print(f"warning: kTGH has {len(tgh)} chars, expected 8105", file=sys.stderr)
    unicodes = sorted(wanted_chars(tgh, gb0))
    (out / "charset-tgh.txt").write_text("".join(map(chr, sorted(tgh))) + "\n",
                                         encoding="utf-8")

    dirs = {"noto": args.noto_dir, "lxgw": args.lxgw_dir}
    work = [(job, str(dirs[job.source_dir_key] / job.source), str(out / job.out_name),
             unicodes, args.max_err) for job in JOBS]
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        reports = list(pool.map(_build, work))

    noto = [r for r in reports if r.job.source_dir_key == "noto"]
    lxgw = [r for r in reports if r.job.source_dir_key == "lxgw"]
    write_licence(out / "OFL-NotoCJK.txt",
                  "Noto Serif CJK SC / Noto Sans CJK SC — subset, TrueType outlines",
                  args.noto_copyright, "fonts-noto-cjk", noto)
    write_licence(out / "OFL-LXGWWenKai.txt",
                  "Bulletin WenKai — subset of LXGW WenKai (霞鹜文楷), TrueType outlines",
                  args.lxgw_copyright, "fonts-lxgw-wenkai", lxgw,
                  extra="Reserved Font Names: “霞鹜” and “LXGW”. This Modified Version is "
                        "therefore named “Bulletin WenKai”.")

    write_metrics(out)
    failed = False
    for rep in reports:
        problems = verify(out / rep.job.out_name, tgh)
        failed |= bool(problems)
        print(f"{rep.job.out_name:26} {rep.size / 1e6:6.2f} MB {rep.glyphs:6} glyphs "
              f"{rep.chars:6} chars {rep.seconds:5.1f}s {rep.family!r} "
              f"{'OK' if not problems else '; '.join(problems)}")
    # The README's own size is part of the total it reports: rewrite until it is stable.
    total = -1
    for _ in range(5):
        write_readme(out / "README.md", reports, len(tgh), total)
        new_total = sum(p.stat().st_size for p in out.iterdir() if p.is_file())
        if new_total == total:
            break
        total = new_total
    print(f"total {total / 1e6:.2f} MB of {BUDGET_BYTES / 1e6:.0f} MB budget")
    if total > BUDGET_BYTES:
        print("error: over budget", file=sys.stderr)
        failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
