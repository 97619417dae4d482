"""The words messages about a layout share: its keys as typed, with what they mean.

A message quotes a layout key as the user must type it (``columns``); told in Chinese
it also says what the key is for (“columns”（栏数）), so staff who read English poorly
can find the line. Each key is its own template (``{layout_columns}``, whose English is
just the key), so its meaning lives in ``locale/zh/layout.po`` with the other words.
Lists are joined by templates too: ``a, b, c`` in English, ``a、b、c`` in Chinese.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..i18n import Msg, Text, chain, listing, t

KEYS: dict[str, Msg] = {
    # the layout's top level
    "name": t("{layout_name}", layout_name="name"),
    "description": t("{layout_description}", layout_description="description"),
    "page": t("{layout_page}", layout_page="page"),
    "grid": t("{layout_grid}", layout_grid="grid"),
    "colors": t("{layout_colors}", layout_colors="colors"),
    "rules": t("{layout_rules}", layout_rules="rules"),
    "styles": t("{layout_styles}", layout_styles="styles"),
    "furniture": t("{layout_furniture}", layout_furniture="furniture"),
    "fonts": t("{layout_fonts}", layout_fonts="fonts"),
    "fit": t("{layout_fit}", layout_fit="fit"),
    "writing": t("{layout_writing}", layout_writing="writing"),
    "omit": t("{layout_omit}", layout_omit="omit"),
    "photos": t("{layout_photos}", layout_photos="photos"),
    # page:
    "page.size": t("{layout_page_size}", layout_page_size="size"),
    "orientation": t("{layout_orientation}", layout_orientation="orientation"),
    "margin": t("{layout_margin}", layout_margin="margin"),
    "margin.top": t("{layout_margin_top}", layout_margin_top="top"),
    "margin.right": t("{layout_margin_right}", layout_margin_right="right"),
    "margin.bottom": t("{layout_margin_bottom}", layout_margin_bottom="bottom"),
    "margin.left": t("{layout_margin_left}", layout_margin_left="left"),
    # grid:
    "columns": t("{layout_columns}", layout_columns="columns"),
    "gutter": t("{layout_gutter}", layout_gutter="gutter"),
    "column_rules": t("{layout_column_rules}", layout_column_rules="column_rules"),
    # rules:
    "kinsoku": t("{layout_kinsoku}", layout_kinsoku="kinsoku"),
    "punctuation": t("{layout_punctuation}", layout_punctuation="punctuation"),
    "fallback": t("{layout_fallback}", layout_fallback="fallback"),
    "figures_across": t("{layout_figures_across}", layout_figures_across="figures_across"),
    "long_figures": t("{layout_long_figures}", layout_long_figures="long_figures"),
    # a style's keys
    "font": t("{layout_font}", layout_font="font"),
    "size": t("{layout_size}", layout_size="size"),
    "leading": t("{layout_leading}", layout_leading="leading"),
    "indent": t("{layout_indent}", layout_indent="indent"),
    "align": t("{layout_align}", layout_align="align"),
    "color": t("{layout_color}", layout_color="color"),
    "background": t("{layout_background}", layout_background="background"),
    "space_before": t("{layout_space_before}", layout_space_before="space_before"),
    "inset": t("{layout_inset}", layout_inset="inset"),
    "inherit": t("{layout_inherit}", layout_inherit="inherit"),
    # the styles (roles)
    "masthead": t("{layout_masthead}", layout_masthead="masthead"),
    "tagline": t("{layout_tagline}", layout_tagline="tagline"),
    "folio": t("{layout_folio}", layout_folio="folio"),
    "banner": t("{layout_banner}", layout_banner="banner"),
    "kicker": t("{layout_kicker}", layout_kicker="kicker"),
    "title": t("{layout_title}", layout_title="title"),
    "subtitle": t("{layout_subtitle}", layout_subtitle="subtitle"),
    "byline": t("{layout_byline}", layout_byline="byline"),
    "lead": t("{layout_lead}", layout_lead="lead"),
    "heading": t("{layout_heading}", layout_heading="heading"),
    "body": t("{layout_body}", layout_body="body"),
    "quote": t("{layout_quote}", layout_quote="quote"),
    "quote_by": t("{layout_quote_by}", layout_quote_by="quote_by"),
    "list": t("{layout_list}", layout_list="list"),
    "caption": t("{layout_caption}", layout_caption="caption"),
    "source": t("{layout_source}", layout_source="source"),
    "signed": t("{layout_signed}", layout_signed="signed"),
    "page_number": t("{layout_page_number}", layout_page_number="page_number"),
    "running_head": t("{layout_running_head}", layout_running_head="running_head"),
    "jump": t("{layout_jump}", layout_jump="jump"),
    "colophon": t("{layout_colophon}", layout_colophon="colophon"),
    # furniture: (where a key means the thing, not its style)
    "furniture.masthead": t("{layout_furniture_masthead}", layout_furniture_masthead="masthead"),
    "furniture.folio": t("{layout_furniture_folio}", layout_furniture_folio="folio"),
    "folio_place": t("{layout_folio_place}", layout_folio_place="folio_place"),
    "furniture.colophon": t("{layout_furniture_colophon}",
                            layout_furniture_colophon="colophon"),
    "jump_lines": t("{layout_jump_lines}", layout_jump_lines="jump_lines"),
    "panels": t("{layout_panels}", layout_panels="panels"),
    # fit:
    "min": t("{layout_fit_min}", layout_fit_min="min"),
    "max": t("{layout_fit_max}", layout_fit_max="max"),
    "read_from": t("{layout_read_from}", layout_read_from="read_from"),
    "overflow": t("{layout_overflow}", layout_overflow="overflow"),
    # photos:, writing:, fonts:
    "ppi": t("{layout_ppi}", layout_ppi="ppi"),
    "writing.body": t("{layout_writing_body}", layout_writing_body="body"),
    "writing.title": t("{layout_writing_title}", layout_writing_title="title"),
    "regular": t("{layout_regular}", layout_regular="regular"),
    "bold": t("{layout_bold}", layout_bold="bold"),
    # omit: (fields of the content, not styles)
    "omit.tagline": t("{layout_omit_tagline}", layout_omit_tagline="tagline"),
    "omit.issue": t("{layout_omit_issue}", layout_omit_issue="issue"),
    "omit.date": t("{layout_omit_date}", layout_omit_date="date"),
    "omit.publisher": t("{layout_omit_publisher}", layout_omit_publisher="publisher"),
    "omit.contact": t("{layout_omit_contact}", layout_omit_contact="contact"),
    "omit.column": t("{layout_omit_column}", layout_omit_column="column"),
    "omit.kicker": t("{layout_omit_kicker}", layout_omit_kicker="kicker"),
    "omit.subtitle": t("{layout_omit_subtitle}", layout_omit_subtitle="subtitle"),
    "omit.byline": t("{layout_omit_byline}", layout_omit_byline="byline"),
    "omit.lead": t("{layout_omit_lead}", layout_omit_lead="lead"),
    "omit.source": t("{layout_omit_source}", layout_omit_source="source"),
    "omit.signed": t("{layout_omit_signed}", layout_omit_signed="signed"),
    "omit.signed_date": t("{layout_omit_signed_date}", layout_omit_signed_date="signed_date"),
}  # fmt: skip


# The two directions text is set in, as a layout or an article names them.
DIRECTIONS: dict[str, Msg] = {
    "horizontal": t("{direction_horizontal}", direction_horizontal="horizontal"),
    "vertical": t("{direction_vertical}", direction_vertical="vertical"),
}


def direction_word(name: str) -> Text:
    """``vertical`` as typed; in Chinese with its meaning, “vertical”（竖排）."""
    return DIRECTIONS.get(name, name)


def key(name: str, area: str = "") -> Text:
    """``name`` as typed, told in Chinese with its meaning where ``area`` (the mapping
    it stands in: page, margin, furniture …) gives it one of its own."""
    found = KEYS.get(f"{area}.{name}") or KEYS.get(name)
    return found if found is not None else t("{layout_key}", layout_key=name)


def quoted(name: str, area: str = "") -> Text:
    """``name`` in quotes as messages shared with content files name a key: ``'columns'``,
    in Chinese “columns”（栏数）."""
    return t("'{layout_key}'", layout_key=key(name, area))


def keys(names: Sequence[str], area: str = "") -> Text:
    """Several keys, ``a, b, c`` (``a、b、c`` in Chinese)."""
    return listing([key(name, area) for name in names])


def in_turn(items: Sequence[Text]) -> Text:
    """``a; b; c`` in English, ``a；b；c`` in Chinese: items that hold commas themselves."""
    return chain(items, lambda item, more: t("{item}; {more}", item=item, more=more))


def either(items: Sequence[Text]) -> Text:
    """``a or b or c`` in English, ``a或b或c`` in Chinese."""
    return chain(items, lambda item, more: t("{item} or {more}", item=item, more=more))
