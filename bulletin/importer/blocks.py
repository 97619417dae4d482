"""What every reader (.txt, .md, .docx) turns a document into, and the guesses all of
them share: which short line is the title, which lines are the byline and the source,
and Chinese punctuation typed half-width."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bulletin.content.inline import UnclosedMarkup, parse_inline, strip_markup
from bulletin.i18n import Msg, Text, t
from bulletin.style.words import listing

# A sentence is over at these; a line ending otherwise was broken mid-sentence.
END_MARKS = "。！？…”」』.!?"
# Ends a paragraph before a blank line or an indent (各位居民： before the text).
COLONS = "：:"
HEADING_MAX = 30  # characters: a longer line without an end mark is a broken sentence
# Chinese headlines put a space where a sentence has a comma, so a comma means text.
NOT_IN_HEADING = "，。,；;！？!?"
NOT_HEADING_END = "，、；：,;:—"
CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f“”‘’…—"
_CJK = f"[{CJK}]"
_HALF = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}
_HALF_PUNCT = re.compile(rf"(?<={_CJK})([,:;?!])(?:[ \t]*(?={_CJK})|[ \t]*$)")
BYLINE = re.compile(r"^(?:(?:文|图|文图|图文|撰文|作者|通讯员)\s*[/／|｜:：]|记者\s*\S)")
# A byline left at the end of the last paragraph: "……更加有活力。 文/记者 杨俊凯"
TRAILING_BYLINE = re.compile(rf"^(.*[{re.escape(END_MARKS)}])\s+"
                             r"((?:文|图文|文图|撰文)\s*[/／]\s*[^，。！？,]{1,30}"
                             r"|记者\s*[^，。！？,]{1,20})$")
SOURCE = re.compile(r"^(?:来源\s*[:：]|来源于|原文选自|原文来自|本文来源|文章来源|转自|转载自)")


@dataclass
class Block:
    """One body block before it is written: kind is para, heading, title, quote, list or
    image; ``sure`` when the document said so (a style, a ``#``), not guessed."""

    kind: str
    text: str = ""
    items: list[str] = field(default_factory=list)
    numbered: bool = False
    caption: str | None = None
    sure: bool = False


@dataclass
class Draft:
    """One article, as a draft content file will hold it, and what was guessed."""

    title: str | None = None
    byline: str | None = None
    source: str | None = None
    body: list[Block] = field(default_factory=list)
    guesses: list[Text] = field(default_factory=list)


def merge_lists(blocks: list[Block]) -> None:
    """Consecutive list items become one list."""
    out: list[Block] = []
    for b in blocks:
        if b.kind == "item":
            if out and out[-1].kind == "list" and out[-1].numbered == b.numbered:
                out[-1].items.append(b.text)
            else:
                out.append(Block("list", items=[b.text], numbered=b.numbered))
        else:
            out.append(b)
    blocks[:] = out


def looks_like_heading(line: str) -> bool:
    """A short line without an end mark (or a comma inside) reads as a heading."""
    s = line.strip()
    return (0 < len(s) <= HEADING_MAX and s[-1] not in END_MARKS + NOT_HEADING_END
            and not any(ch in NOT_IN_HEADING for ch in s))


def ends_sentence(text: str) -> bool:
    return bool(text) and text.rstrip()[-1:] in tuple(END_MARKS)


def join(left: str, right: str) -> str:
    """Join two pieces of one sentence: nothing between Chinese, a space between words."""
    if left and right and left[-1].isascii() and left[-1].isalnum() \
            and right[0].isascii() and right[0].isalnum():
        return f"{left} {right}"
    return left + right


def full_width(text: str) -> tuple[str, int]:
    """Half-width ``, : ; ? !`` after a Chinese character (and before one, or at the end)
    and straight quotes around Chinese made full-width; returns the text and how many."""
    count = 0
    for straight, (opening, closing) in (('"', "“”"), ("'", "‘’")):
        text, n = _pair_quotes(text, straight, opening, closing)
        count += n
    text, n = _HALF_PUNCT.subn(lambda m: _HALF[m.group(1)], text)  # after: “好!” ends 好！”
    return text, count + n


def _pair_quotes(text: str, straight: str, opening: str, closing: str) -> tuple[str, int]:
    """Straight quotes taken in pairs, in order; a pair with Chinese inside or next to it
    becomes “…”. An odd one out is left as typed."""
    at = [i for i, ch in enumerate(text) if ch == straight]
    chars = list(text)
    count = 0
    for a, b in zip(at[0::2], at[1::2], strict=False):
        inside = text[a + 1:b]
        near = text[a - 1:a] + text[b + 1:b + 2]
        if straight == "'" and (_latin_around(text, a) or _latin_around(text, b)):
            continue  # an apostrophe: don't, it's
        if re.search(_CJK, inside) or (straight == '"' and re.search(_CJK, near)):
            chars[a], chars[b] = opening, closing
            count += 2
    return "".join(chars), count


def _latin_around(text: str, i: int) -> bool:
    before, after = text[i - 1:i], text[i + 1:i + 2]
    return before.isascii() and before.isalpha() and after.isascii() and after.isalpha()


def plain_text(text: str) -> str:
    """Text that has no markup (a .txt file): a star that would be read as markup is
    escaped, so every star prints as typed."""
    if "*" in text and strip_markup(text) != text:
        return text.replace("*", "\\*")
    return text


def marked_text(text: str) -> str:
    """Text with ``**bold**`` meant as markup (.md, .docx): a star without a partner,
    which would stop the build, is escaped; the pairs stay markup."""
    for _ in range(text.count("*")):
        try:
            parse_inline(text, strict=True)
            break
        except UnclosedMarkup as e:
            stars = len(e.marker)
            text = text[:e.offset] + "\\*" * stars + text[e.offset + stars:]
    return text


def quoted(texts: list[str]) -> list[Msg]:
    """Each text quoted for a note: 'x' in English, “x” in Chinese."""
    return [t("'{text}'", text=text) for text in texts]


def full_width_note(count: int) -> Msg:
    """The note every reader gives when it made Chinese punctuation full-width."""
    return t("half-width punctuation or straight quotes in Chinese text made full-width: "
             "{count}", count=count)


def shape(blocks: list[Block], name: str) -> Draft:
    """Find the title, byline and source among the blocks; the rest is the body.

    The title is the first heading (a ``Title`` style or ``#`` before any other); a
    short paragraph starting ``文/`` or ``记者`` is the byline, one starting ``来源：`` or
    ``原文选自`` the source."""
    draft = Draft()
    titled = next((b for b in blocks if b.kind == "title"), None)
    if titled is None:
        titled = next((b for b in blocks if b.kind == "heading"
                       and not BYLINE.match(b.text) and not SOURCE.match(b.text)), None)
    if titled is not None:
        draft.title = titled.text
        how = (t("marked as the title in the file") if titled.sure
               else t("the first short line without a full stop"))
        draft.guesses.append(t("title: {title} ({how})", title=titled.text, how=how))
    for b in blocks:
        if b is titled:
            continue
        if b.kind in ("para", "heading") and len(b.text) <= 60:
            if draft.byline is None and BYLINE.match(b.text):
                draft.byline = b.text
                draft.guesses.append(t("byline: {byline}", byline=b.text))
                continue
            if draft.source is None and SOURCE.match(b.text):
                draft.source = b.text
                draft.guesses.append(t("source: {source}", source=b.text))
                continue
        if b.kind == "title":
            b.kind = "heading"
        draft.body.append(b)
    if draft.byline is None:
        _trailing_byline(draft)
    if draft.title is None:
        draft.title = name
        draft.guesses.insert(0, t("no title found: the file's name '{name}' stands in for now; "
                                  "change it to the article's title", name=name))
    headings = [b.text for b in draft.body if b.kind == "heading" and not b.sure]
    if headings:
        draft.guesses.append(t("{count} headings (short lines without a full stop): {headings}",
                               count=len(headings), headings=listing(quoted(headings))))
    if not any(b.kind in ("para", "heading", "quote", "list", "image") for b in draft.body):
        draft.body.append(Block("para", draft.title))
        draft.guesses.append(t("no body text besides the title: the title stands in as the "
                               "body for now; write the body"))
    return draft


def _trailing_byline(draft: Draft) -> None:
    """A byline pasted onto the end of a paragraph (after its last sentence and a space)
    is taken out of it."""
    for b in draft.body:
        m = TRAILING_BYLINE.match(b.text) if b.kind == "para" else None
        if m:
            b.text, draft.byline = m.group(1), m.group(2).strip()
            draft.guesses.append(t("byline: {byline} (taken from the end of a paragraph)",
                                   byline=draft.byline))
            return
