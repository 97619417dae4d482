"""What the content loader and the layout reader share in walking a YAML node tree:
saying what a node is, and checking a mapping's keys.

Both files are written by the same people, who make the same mistakes in them (a
mistyped key, a key written twice, a list where 'key: value' lines belong): each of
those mistakes is worded here once, so it reads the same in a content file and in a
layout. What differs is passed in: how a key is named in messages (a content field or
a layout key, each with its meaning in Chinese), which key a mistyped one was meant as,
and whether a mistake is kept while the walk goes on (content) or stops it (layouts).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import BulletinError
from .i18n import Msg, Text, listing, t

# Where a node is: (file, line, column), 1-based, as the file has them.
Place = Callable[[Node], tuple[str, int, int]]
Name = Callable[[str], Text]  # a key as messages name it: 'title' / “title”（标题）


def describe(node: Node) -> Msg:
    """What the author wrote, in words: for 'found …' in messages (never dumps a tree)."""
    if isinstance(node, MappingNode):
        return t("a mapping ('key: value' lines)")
    if isinstance(node, SequenceNode):
        return t("a list")
    kind = node.tag.rsplit(":", 1)[-1]
    short = node.value if len(node.value) <= 20 else node.value[:20] + "…"
    if kind == "null":
        return t("nothing (an empty value)")
    if kind in ("int", "float"):
        return t("the number {value}", value=short)
    if kind == "bool":
        return t("'{value}' (read as yes/no)", value=short)
    if kind == "timestamp":
        return t("the date {value}", value=short)
    return t("the text '{value}'", value=short)


def error_at(place: Place, node: Node, message: Text, hint: Text | None = None
             ) -> BulletinError:
    file, line, col = place(node)
    return BulletinError(message, hint, file, line, col)


def not_a_mapping(place: Place, node: Node, what: Text, expected: Text | None = None
                  ) -> BulletinError:
    """``what`` should have been 'key: value' lines (or ``expected``) but is ``node``."""
    return error_at(place, node, t("{what} must be {expected}; found {found}", what=what,
                                   expected=expected or t("'key: value' lines"),
                                   found=describe(node)))


def did_you_mean(key: str, known: Sequence[str], name: Name) -> tuple[Msg, str | None]:
    """'did you mean …?' for a mistyped key, else the keys allowed; and the key it was
    probably meant as."""
    close = difflib.get_close_matches(key.lower(), known, n=1, cutoff=0.6)
    if close:
        return t("did you mean {key}?", key=name(close[0])), close[0]
    return t("the keys allowed here are {keys}", keys=listing([name(k) for k in known])), None


def entries(
    node: MappingNode, known: Sequence[str], what: Text, *, place: Place, name: Name,
    keep: Callable[[BulletinError], None],
    suggest: Callable[[str], tuple[Msg, str | None]] | None = None,
) -> tuple[dict[str, tuple[ScalarNode, Node]], set[str]]:
    """The known 'key: value' entries of ``node`` (key node, value node) by key, and the
    keys that mistyped ones were meant as (so a missing key is not reported again).

    A key that is not a plain name, unknown (``known`` empty: any key goes) or written
    twice is a mistake handed to ``keep``, which keeps it or raises it."""
    found: dict[str, tuple[ScalarNode, Node]] = {}
    meant: set[str] = set()
    for key_node, value in node.value:
        if not isinstance(key_node, ScalarNode):
            keep(error_at(place, key_node, t(
                "a key in {what} must be a plain name; found {found}", what=what,
                found=describe(key_node)), t("write 'key: value', as in 'title: 通知'")))
            continue
        key = str(key_node.value)
        if known and key not in known:
            hint, guess = (suggest or (lambda k: did_you_mean(k, known, name)))(key)
            if guess:
                meant.add(guess)
            keep(error_at(place, key_node, t("unknown key '{key}' in {what}", key=key,
                                             what=what), hint))
            continue
        if key in found:
            keep(error_at(place, key_node, t("{key} appears twice in {what}", key=name(key),
                                             what=what),
                          t("keep one of them (the first is at line {line})",
                            line=place(found[key][0])[1])))
            continue
        found[key] = (key_node, value)
    return found, meant


def raise_it(error: BulletinError) -> None:
    """``keep`` for a walk that stops at its first mistake."""
    raise error
