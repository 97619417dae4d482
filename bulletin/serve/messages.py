"""The build's messages, told in Chinese for the studio.

The pipeline's messages are :class:`~bulletin.i18n.Msg` templates with a Chinese
translation in the catalogue: those are simply told in Chinese. A message still written
as a plain English string is matched here and retold if it is one of the common ones;
any other keeps its English text beside a Chinese sentence that says where the mistake
is, so nothing the build says is ever lost.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ..errors import BulletinError
from ..i18n import Msg, Text

_Match = re.Match[str]

FIELDS = {
    "bulletin": "报头", "name": "报名", "tagline": "口号", "issue": "期号", "date": "日期",
    "publisher": "主办", "contact": "联系方式", "layout": "版式", "articles": "文章",
    "column": "栏目", "kicker": "引题", "title": "标题", "subtitle": "副题", "byline": "署名",
    "lead": "导语", "body": "正文", "source": "来源", "signed": "落款",
    "signed_date": "落款日期", "heading": "小标题", "quote": "引文", "by": "出处",
    "image": "图片", "caption": "图注", "list": "列表", "numbered": "编号",
}  # fmt: skip


def field(key: str) -> str:
    """``title`` → ``“title”（标题）``: the key as it must be typed, and what it means."""
    zh = FIELDS.get(key)
    return f"“{key}”（{zh}）" if zh else f"“{key}”"


def place(what: str) -> str:
    """The loader's 'body item 3 of article 2' as 第2篇文章正文第3项."""
    what = what.strip()
    rules: list[tuple[str, Callable[[_Match], str]]] = [
        (r"'list' in body item (\d+) of article (\d+)",
         lambda m: f"第{m[2]}篇文章正文第{m[1]}项的列表"),
        (r"body item (\d+) of article (\d+)", lambda m: f"第{m[2]}篇文章正文第{m[1]}项"),
        (r"'body' of article (\d+)", lambda m: f"第{m[1]}篇文章的正文"),
        (r"article (\d+)", lambda m: f"第{m[1]}篇文章"),
        (r"'articles'", lambda m: "文章列表（articles）"),
        (r"'bulletin'", lambda m: "报头（bulletin）"),
        (r"the file", lambda m: "文件"),
    ]
    for pattern, say in rules:
        m = re.fullmatch(pattern, what)
        if m:
            return say(m)
    return what


# (pattern of the English message, Chinese retelling): the first that matches wins.
_MESSAGES: list[tuple[str, Callable[[_Match], str]]] = [
    (r"YAML syntax error: .*", lambda m: "写法（格式）有错误"),
    (r"YAML error: .*", lambda m: "写法（格式）有错误"),
    (r"unknown key '(.+)' in (.+)", lambda m: f"{place(m[2])}里有不认识的字段“{m[1]}”"),
    (r"'(.+)' appears twice in (.+)", lambda m: f"{field(m[1])}在{place(m[2])}里写了两次"),
    (r"(.+) has no '(.+)'", lambda m: f"{place(m[1])}缺少{field(m[2])}"),
    (r"'(.+)' in (.+) is empty", lambda m: f"{place(m[2])}的{field(m[1])}是空的"),
    (r"'(.+)' in (.+) must be text; found .*",
     lambda m: f"{place(m[2])}的{field(m[1])}应该是一行文字"),
    (r"'(.+)' in (.+) is not a (?:real )?date: '(.*)'",
     lambda m: f"{field(m[1])}“{m[3]}”不是正确的日期"),
    (r"(.+) must be a list; found .*", lambda m: f"{place(m[1])}应该是一个列表"),
    (r"(.+) must be a paragraph \(text\) or one of .*",
     lambda m: f"{place(m[1])}应该是一段文字，或者 heading、quote、image、list 中的一种"),
    (r"(.+) must have exactly one of .*",
     lambda m: f"{place(m[1])}只能有 heading、quote、image、list 中的一个"),
    (r"'(.+)' goes with '(.+)', not with '(.+)'",
     lambda m: f"{field(m[1])}只能和{field(m[2])}写在一起，不能和{field(m[3])}"),
    (r"(.+) is (?:the number|the date|'.*' \(read as yes/no\)).*, not text",
     lambda m: f"{place(m[1])}被读成了数字、日期或是/否，不是文字"),
    (r"(.+) is empty", lambda m: f"{place(m[1])}是空的"),
    (r"'(\*+)' \(.+\) is not closed in (.+)",
     lambda m: f"{place(m[2])}里的“{m[1]}”没有配对"),
    (r"image not found: .*", lambda m: "找不到这张图片"),
    (r"image '(.+)' is not a JPEG or PNG file.*",
     lambda m: f"图片“{m[1]}”不是 JPEG 或 PNG 文件"),
    (r"image '(.+)' is not really a JPEG or PNG file.*",
     lambda m: f"图片“{m[1]}”的内容和文件名不符，不是真正的 JPEG 或 PNG"),
    (r"image '(.+)' is damaged: .*", lambda m: f"图片“{m[1]}”已损坏"),
    (r"image '(.+)' is cut short.*", lambda m: f"图片“{m[1]}”不完整（文件只复制了一部分）"),
    (r"image '(.+)' is (\d+)×(\d+) pixels.*",
     lambda m: f"图片“{m[1]}”有 {m[2]}×{m[3]} 像素，太大了"),
    (r"image '(.+)' cannot be read.*", lambda m: f"图片“{m[1]}”无法读取"),
    (r"image '(.+)' is too large for this computer's memory",
     lambda m: f"图片“{m[1]}”太大，电脑内存不够"),
    (r"no font has these (\d+) characters: (.*)",
     lambda m: f"有 {m[1]} 个字没有字体能显示：{_chars(m[2])}"),
    (r"no layout named '(.+)'", lambda m: f"没有名为“{m[1]}”的版式"),
    (r"invisible control character (U\+[0-9A-F]+) in the text",
     lambda m: f"文字里有一个看不见的控制字符（{m[1]}）"),
    (r"the file is empty", lambda m: "文件是空的"),
    (r"the file has no content.*", lambda m: "文件里没有内容（只有注释或空行）"),
    (r"the file is larger than .*", lambda m: "文件太大，不像是一期的内容"),
    (r"the file expands to more than .*", lambda m: "文件里的 &名称 / *名称 重复得太多"),
    (r"(.+): (\d+) lines too long for one page at the smallest size .*",
     lambda m: f"文字太多：用最小的字号也多出 {m[2]} 行，一页放不下"),
    (r"the articles do not fit in their panels .*",
     lambda m: "文章太长，展板的各栏放不下"),
    (r"the headline of article (\d+) .* is taller than a page of this layout",
     lambda m: f"第{m[1]}篇文章的标题部分比一页还高"),
    (r"there is no article (\d+)", lambda m: f"没有第{m[1]}篇文章"),
    (r"(\d+) articles for a board of (\d+) columns.*",
     lambda m: f"{m[1]}篇文章太多，这块展板只有{m[2]}栏"),
    (r"'(.+)' is not a layout file.*", lambda m: f"“{m[1]}”不是版式文件（应以 .yaml 结尾）"),
    (r"the alias \*(.+) is inside .*", lambda m: f"“*{m[1]}”出现在它自己重复的内容里面"),
    (r"at the alias \*(.+) the file grows .*", lambda m: f"“*{m[1]}”让文件变得太大"),
]

# (words in the English hint, Chinese hint): the first that matches wins.
_HINTS: list[tuple[str, Callable[[_Match], str]]] = [
    (r"did you mean '(.+)'\?.*", lambda m: f"是不是想写“{m[1]}”？"),
    (r"a paragraph needs no key.*", lambda m: "一段正文不需要字段名，直接写成“- 一段正文”"),
    (r"the keys allowed here are (.*)", lambda m: f"这里可以写的字段有：{m[1]}"),
    (r"keep one of them \(the first is at line (\d+)\)",
     lambda m: f"只保留一个（第一个在第{m[1]}行）"),
    (r"indent with spaces, not tabs", lambda m: "缩进请用空格，不要用 Tab 键"),
    (r"a text containing ': ' .*",
     lambda m: "文字里的英文冒号加空格（“: ”）要改成中文冒号“：”，或者给整段文字加引号；"
               "也请检查上一行冒号后面有没有空格"),
    (r"write 'key: value' with a space after the colon.*",
     lambda m: "写成“字段: 内容”，冒号后面要有一个空格；一段文字不要拆成几行"),
    (r"a text that starts with '\*'.*",
     lambda m: "以 * 开头的文字（如 **加粗**开头）要加单引号：'**加粗**开头'"),
    (r"a text that starts with '@' or '`'.*", lambda m: "以 @ 或 ` 开头的文字要加引号"),
    (r"inside \"double quotes\" a backslash.*",
     lambda m: "双引号里的反斜杠有特殊含义：请改用单引号，或者不加引号"),
    (r"a quotation mark .* is not closed.*", lambda m: "有一个引号没有配对：补上或删掉它"),
    (r"a file holds one issue.*", lambda m: "一个文件只写一期：删掉“---”或“...”那一行"),
    (r"a \[list\] or \{mapping\} is not closed.*",
     lambda m: "方括号 [ ] 或花括号 { } 没有配对；含有这些符号或逗号的文字请加引号"),
    (r"check the indentation.*",
     lambda m: "检查缩进：同一层的字段、同一个列表的“- ”要从同一列开始"),
    (r"check the quoting and the indentation here", lambda m: "检查这里的引号和缩进"),
    (r"mark both ends, as in (.+), or write .*",
     lambda m: f"两边都要写，比如 {m[1]}；如果就是要印一个星号，写成 \\*"),
    (r"write the date as YYYY-MM-DD.*", lambda m: "日期写成“年-月-日”，例如 2021-06-18"),
    (r"image paths are relative to the folder of the YAML file.*",
     lambda m: "图片路径从这个内容文件所在的文件夹算起，例如 images/照片.jpg；"
               "可以把照片直接拖到页面上"),
    (r"convert it to \.jpg or \.png.*", lambda m: "请另存为 .jpg 或 .png 再用"),
    (r"make it smaller in an image program.*", lambda m: "请在看图或修图软件里缩小后另存"),
    (r"open it in an image program and save it again.*",
     lambda m: "请在看图软件里打开并另存一次，或者重新复制这张照片"),
    (r"copy the picture again.*", lambda m: "请重新复制这张照片（上次复制可能中断了）"),
    (r"cut about (\d+) characters(?: or use (.+))?",
     lambda m: f"删掉大约 {m[1]} 个字" + (f"，或者换用更大的版式 {m[2]}" if m[2] else "")),
    (r"write the paragraph after '- ', or delete the line",
     lambda m: "在“- ”后面写这一段，或者删掉这一行"),
    (r"write the item, or delete the line", lambda m: "写上这一项，或者删掉这一行"),
    (r"if it is meant as a paragraph, put it in quotes.*",
     lambda m: "如果这是一段正文，请给它加上引号"),
    (r"write each paragraph on its own line starting with '- '",
     lambda m: "每段正文单独一行，以“- ”开头"),
    (r"write each block as its own list item.*", lambda m: "每一块单独一项，以“- ”开头"),
    (r"delete it \(it often comes from copying.*",
     lambda m: "删掉它（它常常是从 PDF 或 Word 复制文字时带进来的）"),
    (r"add 'title: …'.*", lambda m: "加上“title: 标题”"),
    (r"add 'body:'.*", lambda m: "加上“body:”，下面每段正文一行，以“- ”开头"),
    (r"add 'name:'.*", lambda m: "加上“name: 报名”，例如“name: 长阳社区报”"),
    (r"add 'bulletin:'.*", lambda m: "加上“bulletin:”，下面至少写“name: 报名”"),
    (r"add 'articles:'.*", lambda m: "加上“articles:”，下面每篇文章以“- title: 标题”开头"),
    (r"write the (.+) after the colon", lambda m: "在冒号后面写上内容"),
    (r"shorten the title, kicker or subtitle.*",
     lambda m: "缩短标题、引题或副题，或者换用更大的版式"),
]


class StudioError(BulletinError):
    """A mistake the studio itself finds (a picture outside the folder): said in Chinese
    from the start, so it is shown as it is."""


@dataclass(frozen=True)
class Told:
    """A message for the page: in Chinese, and the English original for reference."""

    message: str
    hint: str | None
    english: str
    translated: bool


def tell(error: BulletinError) -> Told:
    """``error`` in Chinese where it is one of the common mistakes; otherwise a Chinese
    sentence with the English text kept beside it (``translated`` is then false)."""
    english = str(error.message) + (f"; {error.hint}" if error.hint else "")
    if isinstance(error, StudioError):
        return Told(str(error.message), str(error.hint) if error.hint else None, english,
                    True)
    message = (error.message.tell("zh") if isinstance(error.message, Msg)
               else _first(_MESSAGES, error.message))
    hint = _hint(error.hint)
    if message is None:
        return Told("排版时发现一个问题（详见下面的英文说明）", hint, english, False)
    return Told(message, hint, english, True)


def _hint(hint: Text | None) -> str | None:
    """The hint in Chinese: told from the catalogue, or matched if a plain string."""
    if not hint:
        return None
    return hint.tell("zh") if isinstance(hint, Msg) else _first(_HINTS, hint)


def told_text(text: Text) -> str:
    """A message or hint in Chinese when it can be (a Msg), else as it is written."""
    return text.tell("zh") if isinstance(text, Msg) else text


def _first(table: list[tuple[str, Callable[[_Match], str]]], text: str) -> str | None:
    for pattern, say in table:
        m = re.fullmatch(pattern, text, re.DOTALL)
        if m:
            return say(m)
    return None


def _chars(places: str) -> str:
    """'字' (U+5B57) at file:3:5; … → 字（U+5B57）、…: the characters, not the places."""
    found = re.findall(r"'(.)' \((U\+[0-9A-F]+)\)", places)
    return "、".join(f"{ch}（{code}）" for ch, code in found) or places


def tell_warning(warning: Text, content: str) -> tuple[int | None, str]:
    """A build warning as (its line in ``content``, if it names one; the Chinese text)."""
    line = None
    text = told_text(warning)
    m = re.match(r"(.+?):(\d+):(\d+): (.*)", text, re.DOTALL)
    if m and m[1] == content:
        line, text = int(m[2]), m[4]
    if isinstance(warning, Msg):
        return line, text  # told from the catalogue: nothing to match
    soft = re.fullmatch(r"(.+) is (\d+)×(\d+) pixels, (\d+) dpi at its printed width; it will "
                        r"print soft \(use one of at least (\d+) pixels across\)", text)
    if soft:
        return line, (f"照片 {soft[1]} 只有 {soft[2]}×{soft[3]} 像素，按现在的大小印出来只有 "
                      f"{soft[4]} dpi，会有点模糊（宽度最好至少 {soft[5]} 像素）")
    dropped = re.fullmatch(r"dropped (an|\d+) invisible characters?.*", text, re.DOTALL)
    if dropped:
        count = 1 if dropped[1] == "an" else dropped[1]
        return line, f"删掉了 {count} 个看不见的字符（常从网页或 Word 复制时带进来）"
    return line, text
