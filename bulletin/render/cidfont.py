"""A face embedded once, as professional tools do it: a Type0 font with Identity-H
encoding over a CIDFontType2 (TrueType) descendant.

ReportLab's ``TTFont`` re-subsets a font into 8-bit subsets of 256 codes, so a Chinese
page becomes many small fonts and a line switches font every few dozen characters. Here
the font stage's subset file goes into the PDF byte for byte (``FontFile2``); a glyph's
code is its 2-byte glyph ID in that file (``CIDToGIDMap /Identity``), its width comes
from the file's ``hmtx`` (``/W``), and a ``ToUnicode`` CMap maps every glyph the document
shows back to its character, so copy-paste and search still work.

The file is read with ReportLab's own TrueType parser (a warm build imports no fontTools).
An ``IdentityFont`` is registered with ReportLab for one document's lifetime only; it
keeps which glyphs that document showed.
"""

from __future__ import annotations

import hashlib
import io
import struct
from pathlib import Path

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.ttfonts import FF_NONSYMBOLIC, FF_SYMBOLIC, TTFontFile

BFCHAR_BLOCK = 100  # a CMap's bfchar block holds at most 100 entries (PDF 32000 9.10.3)


class _Face:
    """What ReportLab's font registry reads of a face: its name, unique to one subset
    file (ReportLab treats two fonts of one face name as the same font)."""

    def __init__(self, name: str) -> None:
        self.name = name


def subset_tag(data: bytes) -> str:
    """Six capital letters from the file's bytes (the ``ABCDEF+`` of PDF 9.6.4): the same
    subset gets the same tag in every build, different subsets differ."""
    number = int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "big")
    letters = []
    for _ in range(6):
        number, digit = divmod(number, 26)
        letters.append(chr(ord("A") + digit))
    return "".join(letters)


def _utf16_hex(text: str) -> str:
    """UTF-16BE hex, characters beyond U+FFFF as surrogate pairs, as ToUnicode wants."""
    return text.encode("utf-16-be").hex().upper()


def _advances(parsed: TTFontFile) -> list[int]:
    """Each glyph's advance in font units, read from 'hmtx': ReportLab's parser keeps
    the advance of the glyphs past numberOfHMetrics (which share the last one) already
    scaled to 1000 units, unlike the others."""
    full = struct.unpack_from(">H", parsed.get_table("hhea"), 34)[0]
    advances = list(struct.unpack_from(f">{2 * full}H", parsed.get_table("hmtx")))[0::2]
    return advances + advances[-1:] * (len(parsed.hmetrics) - full)


class IdentityFont:
    """One subset file as one Type0 font of one document (register, draw, unregister).

    ``code`` gives a character's 4-hex-digit glyph ID and its width in ``/W`` units, and
    notes the glyph as shown; ``addObjects`` (ReportLab calls it when the document is
    saved, after every glyph is known) writes the font's objects."""

    _dynamicFont = 1  # names itself, adds its objects at save (``doc.delayedFonts``)
    _multiByte = 0  # nothing of ReportLab's paragraph font families needed

    def __init__(self, name: str, path: Path) -> None:
        self.fontName = name
        self.face = _Face(name)
        self._data = path.read_bytes()
        parsed = TTFontFile(io.BytesIO(self._data), charInfo=1, validate=0)  # read once
        self._cmap: dict[int, int] = parsed.charToGlyph
        scale = parsed._pdfScale
        # Widths exactly as written into /W (fp_str): what a reader advances by.
        self.widths: list[float] = [float(fp_str(scale(aw))) for aw in _advances(parsed)]
        self.psname: str = parsed.name.decode("latin-1")
        self._descriptor = {
            "Ascent": parsed.ascent, "CapHeight": parsed.capHeight,
            "Descent": parsed.descent, "FontBBox": parsed.bbox,
            "ItalicAngle": parsed.italicAngle, "StemV": parsed.stemV,
            "Flags": (parsed.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC,
        }
        self.base_font = f"{subset_tag(self._data)}+{self.psname}"
        self.shown: dict[int, str] = {}  # glyph ID → the character it stands for
        self._internal: str | None = None

    def code(self, char: str) -> tuple[str, float]:
        """``char``'s code (glyph ID, 4 hex digits) and width; one code point.

        As ReportLab did, a no-break space is shown as the space and a character the
        file lacks as glyph 0 (.notdef, not mapped back to text). A glyph shared by two
        characters maps back to the first one shown."""
        cp = ord(char)
        if cp == 0xA0:
            cp, char = 0x20, " "
        gid = self._cmap.get(cp, 0)
        if gid:
            self.shown.setdefault(gid, char)
        return f"{gid:04X}", self.widths[gid]

    def internal_name(self, doc: pdfdoc.PDFDocument) -> str:
        """The font's resource name in ``doc`` (``/F3``), given on first use."""
        if self._internal is None:
            self._internal = "/F" + repr(len(doc.fontMapping) + 1)
            doc.fontMapping[self.fontName] = self._internal
            doc.delayedFonts.append(self)
        return self._internal

    def unregister(self) -> None:
        """Take the font out of ReportLab's registry: nothing outlives the build."""
        from reportlab.pdfbase import pdfmetrics

        if pdfmetrics._fonts.get(self.fontName) is self:
            del pdfmetrics._fonts[self.fontName]
        if pdfmetrics._dynFaceNames.get(self.face.name) is self:
            del pdfmetrics._dynFaceNames[self.face.name]

    def addObjects(self, doc: pdfdoc.PDFDocument) -> None:  # noqa: N802 (ReportLab's name)
        """The Type0 font, its CIDFontType2 descendant, descriptor, font file and
        ToUnicode CMap, linked into the document's font resources."""
        if self._internal is None:
            return
        tag = self.fontName
        font_file = pdfdoc.PDFStream(content=self._data)
        font_file.dictionary["Length1"] = len(self._data)
        to_unicode = pdfdoc.PDFStream(content=self.to_unicode_cmap())
        if doc.compression:
            font_file.filters = [pdfdoc.PDFZCompress]
            to_unicode.filters = [pdfdoc.PDFZCompress]
        d = self._descriptor
        descriptor = pdfdoc.PDFDictionary({
            "Type": pdfdoc.PDFName("FontDescriptor"),
            "FontName": pdfdoc.PDFName(self.base_font),
            "Flags": d["Flags"], "FontBBox": pdfdoc.PDFArray(d["FontBBox"]),
            "ItalicAngle": d["ItalicAngle"], "Ascent": d["Ascent"],
            "Descent": d["Descent"], "CapHeight": d["CapHeight"], "StemV": d["StemV"],
            "FontFile2": doc.Reference(font_file, f"cidFontFile:{tag}"),
        })
        cid_font = pdfdoc.PDFDictionary({
            "Type": pdfdoc.PDFName("Font"),
            "Subtype": pdfdoc.PDFName("CIDFontType2"),
            "BaseFont": pdfdoc.PDFName(self.base_font),
            "CIDSystemInfo": pdfdoc.PDFDictionary({
                "Registry": pdfdoc.PDFString("Adobe"),
                "Ordering": pdfdoc.PDFString("Identity"), "Supplement": 0}),
            "FontDescriptor": doc.Reference(descriptor, f"cidFontDescriptor:{tag}"),
            "DW": self.widths[0],
            "W": pdfdoc.PDFArray(self.w_array()),
            "CIDToGIDMap": pdfdoc.PDFName("Identity"),
        })
        font = pdfdoc.PDFDictionary({
            "Type": pdfdoc.PDFName("Font"),
            "Subtype": pdfdoc.PDFName("Type0"),
            "BaseFont": pdfdoc.PDFName(self.base_font),
            "Encoding": pdfdoc.PDFName("Identity-H"),
            "DescendantFonts": pdfdoc.PDFArray(
                [doc.Reference(cid_font, f"cidFont:{tag}")]),
            "ToUnicode": doc.Reference(to_unicode, f"cidToUnicode:{tag}"),
        })
        name = self._internal[1:]
        doc.idToObject["BasicFonts"].dict[name] = doc.Reference(font, name)

    def w_array(self) -> list:
        """``/W`` for every glyph of the file: ``first last w`` for a run of three or more
        glyphs of one width (most of a CJK font), ``first [w w …]`` for the rest."""
        out: list = []
        widths = self.widths
        n, start = len(widths), 0
        singles: list[float] = []
        single_start = 0
        while start < n:
            end = start
            while end + 1 < n and widths[end + 1] == widths[start]:
                end += 1
            if end - start >= 2:
                if singles:
                    out += [single_start, pdfdoc.PDFArray(singles)]
                    singles = []
                out += [start, end, widths[start]]
            else:
                if not singles:
                    single_start = start
                singles += widths[start:end + 1]
            start = end + 1
        if singles:
            out += [single_start, pdfdoc.PDFArray(singles)]
        return out

    def to_unicode_cmap(self) -> str:
        """Each glyph the document showed → its character (UTF-16, so beyond the BMP a
        surrogate pair), in blocks of at most 100 as PDF allows."""
        pairs = [f"<{gid:04X}> <{_utf16_hex(ch)}>" for gid, ch in sorted(self.shown.items())]
        blocks = []
        for k in range(0, len(pairs), BFCHAR_BLOCK):
            chunk = pairs[k:k + BFCHAR_BLOCK]
            blocks += [f"{len(chunk)} beginbfchar", *chunk, "endbfchar"]
        return "\n".join([
            "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
            "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
            "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange",
            *blocks,
            "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end",
        ])
