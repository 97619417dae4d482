"""Every field of the content format reaches the page in every bundled layout, or the
layout says it leaves it out ('omit:') and the build warns (issue 10)."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from PIL import Image

from bulletin.build import build
from bulletin.style.layout import bundled_layouts, find_layout, load_layout

CONTENT = """\
bulletin:
  name: 和平里社区报
  tagline: 党建引领 服务居民
  issue: 7
  date: 2026-11-20
  publisher: 和平里北社区居委会
  contact: 电话 010-64210000
articles:
  - column: 社区动态
    kicker: 引题文字在这里
    title: 主题文字在这里
    subtitle: 副题文字在这里
    byline: 文/记者 李明
    lead: 导语文字在这里，简要介绍本文内容。
    body:
      - 第一段正文文字。
      - heading: 小标题文字
      - 第二段正文文字。
      - quote: 引文文字在这里。
        by: 《红岩》
      - image: p.jpg
        caption: 图片说明文字
      - list: [列表第一项, 列表第二项]
    source: 来源文字
    signed: 落款单位
    signed_date: 2026-11-21
"""

# field → text of it that must be on the page
FIELDS = {
    "name": "和平里社区报", "tagline": "党建引领服务居民", "issue": "第7期",
    "date": "2026年11月20日", "publisher": "和平里北社区居委会", "contact": "010-64210000",
    "column": "社区动态", "kicker": "引题文字在这里", "title": "主题文字在这里",
    "subtitle": "副题文字在这里", "byline": "文/记者李明", "lead": "导语文字在这里",
    "body": "第二段正文文字", "heading": "小标题文字", "quote": "引文文字在这里",
    "by": "《红岩》", "caption": "图片说明文字", "list": "列表第二项", "source": "来源文字",
    "signed": "落款单位", "signed_date": "2026年11月21日",
}


@pytest.mark.parametrize("name", sorted(bundled_layouts()))
def test_every_field_is_printed_or_its_omission_said(name: str, tmp_path: Path,
                                                     monkeypatch) -> None:
    monkeypatch.setenv("BULLETIN_CACHE_DIR", str(tmp_path / "cache"))
    Image.new("RGB", (1200, 900), (90, 140, 200)).save(tmp_path / "p.jpg")
    content = tmp_path / "every.yaml"
    content.write_text(CONTENT, encoding="utf-8")
    out = tmp_path / "every.pdf"
    warnings = build(content, out, name)
    with pdfplumber.open(out) as pdf:
        text = "".join(c["text"] for page in pdf.pages for c in page.chars
                       if not c["text"].isspace())
    omitted = load_layout(find_layout(name)).omit
    for field, printed in FIELDS.items():
        if field in omitted:
            assert any(f"leaves out the {field}" in w for w in warnings), (name, field)
        else:
            assert printed in text, f"{name} drops the {field}"
