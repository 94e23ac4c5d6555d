"""Word documents for the compiled reports: styles, directions, tables, fields, stable files.

python-docx writes paragraphs, runs and tables; what it has no API for (right-to-left
paragraphs and sections, complex-script sizes, language tags, repeating header rows, cell
shading, fields, the font table) is set here through its oxml element API, each element put
where the schema wants it (`insert_element_before`, naming the elements that must follow).
reporting/pdf/docx.py says what the document holds; this module says how Word is told.
"""

import datetime
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from docx import Document
from docx.enum.section import WD_SECTION_START
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_DIRECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

# Word's language of each edition's text, and the document default: Latin text is English,
# complex-script text Arabic (as Iraq writes it), whatever the edition.
LANGUAGE_TAGS = {"en": "en-GB", "ar": "ar-IQ"}
LATIN_FONT, ARABIC_FONT, FALLBACK_FONT = "Noto Sans", "Noto Naskh Arabic", "Arial"
# The PDF's fonts (static/fonts/) as Word's font table describes them, from their OS/2
# tables, so that Word and LibreOffice substitute alike (Arial) where they are not installed.
FONT_TABLE = {
    LATIN_FONT: {
        "panose": "020B0502040504020204",
        "family": "swiss",
        "sig": ("E00002FF", "4000201F", "08000029", "00100000", "0000019F", "00000000"),
    },
    ARABIC_FONT: {
        "panose": "020B0502040504020204",
        "family": "roman",
        "sig": ("80002003", "80002000", "00000008", "00000000", "00000040", "00000000"),
    },
}

# The elements that follow each one we add, in the schema's order (ECMA-376 part 1, 17.3.1.26,
# 17.3.2.28, 17.4.82, 17.4.60, 17.4.70, 17.6.17).
P_AFTER_BIDI = (
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
P_AFTER_BORDERS = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    *P_AFTER_BIDI,
)
R_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")
R_AFTER_SIZE_CS = (
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    *R_AFTER_LANG,
)
ROW_AFTER_HEADER = ("w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del", "w:trPrChange")
ROW_AFTER_CANT_SPLIT = ("w:trHeight", "w:tblHeader", *ROW_AFTER_HEADER)
TABLE_AFTER_BORDERS = (
    "w:shd",
    "w:tblLayout",
    "w:tblCellMar",
    "w:tblLook",
    "w:tblCaption",
    "w:tblDescription",
    "w:tblPrChange",
)
TABLE_AFTER_MARGINS = ("w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")
CELL_AFTER_SHADING = (
    "w:noWrap",
    "w:tcMar",
    "w:textDirection",
    "w:tcFitText",
    "w:vAlign",
    "w:hideMark",
    "w:headers",
    "w:cellIns",
    "w:cellDel",
    "w:cellMerge",
    "w:tcPrChange",
)
SECTION_AFTER_BIDI = ("w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange")
THEME_FONTS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"

# Characters XML 1.0 cannot hold: pasted text can bring them (a vertical tab is a line break
# copied out of Word); the PDF ignores them, lxml refuses them.
LINE_BREAKS = re.compile("[\x0b\x0c\u2028]")
NOT_XML = re.compile("[\x00-\x08\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
LEFT_TO_RIGHT_MARK, RIGHT_TO_LEFT_MARK = "\u200e", "\u200f"

BLUE, DARK, GREY, SLATE, RED = "1A3A6B", "1D232B", "5B6573", "3D4A5C", "B3261E"
ACCENT, RULE, HEADER_FILL, GREEN, DEEP_RED = "1F6FB2", "D5DAE1", "E3E8EF", "3F6A17", "8A1C14"


@dataclass(frozen=True)
class StyleSpec:
    """A paragraph style: sizes in points for Latin and for Arabic (complex-script) text."""

    size: float
    size_arabic: float
    base: str = "Normal"
    bold: bool = False
    italic: bool = False
    caps: bool = False
    colour: str = DARK
    before: float = 0
    after: float = 4
    keep_with_next: bool = False
    hanging: float = 0  # mm
    indent: float = 0  # mm


# Sizes follow static/reports/report.css; Arabic a point larger, as the PDF sets it.
STYLES = {
    "Normal": StyleSpec(10, 11, base="", after=6),
    "Heading 1": StyleSpec(17, 18, bold=True, colour=BLUE, after=12, keep_with_next=True),
    "Heading 2": StyleSpec(12.5, 13.5, bold=True, colour=BLUE, before=16, after=6),
    "Heading 3": StyleSpec(10.5, 11.5, bold=True, colour=BLUE, before=12, after=4),
    "Heading 4": StyleSpec(10, 11, bold=True, colour=BLUE, before=10, after=3),
    "Heading 5": StyleSpec(9.5, 10.5, bold=True, colour=SLATE, before=8, after=2),
    "Title": StyleSpec(22, 24, bold=True, colour=BLUE, before=12, after=18),
    "TOC Heading": StyleSpec(17, 18, base="Heading 1", bold=True, colour=BLUE, after=12),
    # The entries of the table of contents Word writes, one style per level.
    "toc 1": StyleSpec(10, 11, after=3),
    "toc 2": StyleSpec(9.5, 10.5, after=2, indent=5),
    "toc 3": StyleSpec(9, 10, after=2, indent=10),
    "Header": StyleSpec(7.5, 8.5, colour=GREY, after=0),
    "Footer": StyleSpec(8, 9, colour=GREY, after=0),
    "List Bullet": StyleSpec(10, 11, after=3),
    "Cover Country": StyleSpec(30, 32, bold=True, colour=BLUE, after=4),
    "Cover Line": StyleSpec(11, 12, colour=GREY, after=24),
    "Fact Label": StyleSpec(8, 9, colour=GREY, before=6, after=0, keep_with_next=True),
    "Fact": StyleSpec(10.5, 11.5, after=0),
    "Preview Notice": StyleSpec(12, 13, bold=True, colour=RED, before=24),
    "Imprint Heading": StyleSpec(10, 11, bold=True, colour=BLUE, after=6),
    "Key Message": StyleSpec(10, 11, base="List Number", bold=True, colour=BLUE, after=6),
    "Field Label": StyleSpec(
        7.5, 8.5, bold=True, caps=True, colour=GREY, before=6, after=1, keep_with_next=True
    ),
    "Status Line": StyleSpec(8.5, 9.5, colour=SLATE, after=3, keep_with_next=True),
    "Report Note": StyleSpec(7.5, 8.5, colour=GREY, after=4),
    "Source Line": StyleSpec(7.5, 8.5, base="Report Note", colour=GREY, before=4, after=10),
    "Source Note": StyleSpec(7.5, 8.5, base="Report Note", colour=SLATE, after=1, hanging=6),
    "No Content": StyleSpec(10, 11, italic=True, colour=GREY),
    "Table Text": StyleSpec(8, 9, after=0),
    "Table Heading": StyleSpec(8, 9, base="Table Text", bold=True, colour=BLUE, after=0),
    "Matrix Text": StyleSpec(7, 8, base="Table Text", after=0),
}


def clean(text) -> str:
    """The text as XML can hold it: line separators as line breaks, control characters out."""
    return NOT_XML.sub("", LINE_BREAKS.sub("\n", str(text).replace("\r\n", "\n")))


def _strong(character: str) -> str | None:
    kind = unicodedata.bidirectional(character)
    if kind in ("R", "AL"):
        return "rtl"
    if kind == "L":
        return "ltr"
    return None


def first_strong(text: str) -> str | None:
    """The direction of the first letter that has one, as a first-strong isolate reads it."""
    return next((d for d in map(_strong, text) if d), None)


def direction_runs(text: str, base: str) -> list[tuple[str, bool]]:
    """Split the text into runs of one direction: (text, right to left).

    Letters decide. Spaces, digits and punctuation take the direction of the letters on both
    sides, or the base direction between letters of different directions and at either end
    (the neutral rules of the Unicode bidi algorithm). Word orders a run marked w:rtl right to
    left and shapes it with the complex-script font and size.
    """
    strong = [_strong(c) for c in text]
    before, last = [], base  # the direction of the nearest letter on each side
    for direction in strong:
        before.append(last)
        last = direction or last
    after, last = [], base
    for direction in reversed(strong):
        after.append(last)
        last = direction or last
    after.reverse()
    runs: list[tuple[str, bool]] = []
    for index, character in enumerate(text):
        direction = strong[index] or (before[index] if before[index] == after[index] else base)
        rtl = direction == "rtl"
        if runs and runs[-1][1] == rtl:
            runs[-1] = (runs[-1][0] + character, rtl)
        else:
            runs.append((character, rtl))
    return runs


def _child(parent, tag: str, successors: tuple[str, ...] = (), **attributes):
    """The parent's `tag` element, added before its successors if missing, with attributes."""
    element = parent.find(qn(tag))
    if element is None:
        element = OxmlElement(tag)
        if successors:
            parent.insert_element_before(element, *successors)
        else:
            parent.append(element)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), value)
    return element


def _direction_of(paragraph: Paragraph) -> str:
    pPr = paragraph._p.pPr
    return "rtl" if pPr is not None and pPr.find(qn("w:bidi")) is not None else "ltr"


def _fonts(rPr) -> None:
    fonts = rPr.get_or_add_rFonts()
    for attribute in THEME_FONTS:
        fonts.attrib.pop(qn(attribute), None)
    for attribute, name in (("ascii", LATIN_FONT), ("hAnsi", LATIN_FONT), ("cs", ARABIC_FONT)):
        fonts.set(qn(f"w:{attribute}"), name)


def _size(rPr, size: float, size_arabic: float) -> None:
    rPr.get_or_add_sz().val = Pt(size)
    _child(rPr, "w:szCs", R_AFTER_SIZE_CS, val=str(round(size_arabic * 2)))


def _border(pPr, side: str, *, size_eighths: int, colour: str, space: int = 4) -> None:
    """The paragraph's only border: a rule on one side."""
    old = pPr.find(qn("w:pBdr"))
    if old is not None:
        pPr.remove(old)
    borders = _child(pPr, "w:pBdr", P_AFTER_BORDERS)
    _child(
        borders, f"w:{side}", val="single", sz=str(size_eighths), space=str(space), color=colour
    )


class WordDocument:
    """A Word document in one language and direction, with the report's styles."""

    def __init__(self, *, language: str, direction: str):
        self.language, self.direction = language, direction
        self.document = Document()
        self.body = self.document
        self._style_ids: dict[str, str] = {}
        self._drop_template_parts()
        self._defaults()
        self._styles()
        self._font_table()
        self._page()

    # --- set-up -----------------------------------------------------------------------------

    def _drop_template_parts(self) -> None:
        """Leave out two parts of python-docx's template that would say something else: the
        picture of an empty page as the thumbnail, and the copy of its styles that Word 2010
        reads instead of ours."""
        for owner, reltype in (
            (self.document.part.package, RT.THUMBNAIL),
            (self.document.part, STYLES_WITH_EFFECTS),
        ):
            for rId, relationship in list(owner.rels.items()):
                if relationship.reltype == reltype:
                    del owner.rels[rId]

    def _defaults(self) -> None:
        defaults = self.document.styles.element.find(qn("w:docDefaults"))
        rPr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        _fonts(rPr)
        _child(
            rPr,
            "w:lang",
            R_AFTER_LANG,
            val=LANGUAGE_TAGS["en"],
            eastAsia=LANGUAGE_TAGS["en"],
            bidi=LANGUAGE_TAGS["ar"],
        )
        settings = self.document.settings.element
        _child(settings, "w:themeFontLang", val=LANGUAGE_TAGS["en"], bidi=LANGUAGE_TAGS["ar"])

    def _styles(self) -> None:
        styles = self.document.styles
        for name, spec in STYLES.items():
            if name in styles:
                style = styles[name]
            else:
                # Word knows the entries of a table of contents ("toc 1"...) by name.
                builtin = name.startswith("toc ")
                style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH, builtin=builtin)
                style.quick_style = not builtin
            if spec.base:
                style.base_style = styles[spec.base]
            font = style.font
            font.bold = font.cs_bold = spec.bold
            font.italic = font.cs_italic = spec.italic
            font.all_caps = spec.caps or None
            font.color.rgb = RGBColor.from_string(spec.colour)
            rPr = style.element.get_or_add_rPr()
            _fonts(rPr)
            _size(rPr, spec.size, spec.size_arabic)
            paragraph = style.paragraph_format
            paragraph.space_before, paragraph.space_after = Pt(spec.before), Pt(spec.after)
            paragraph.keep_with_next = spec.keep_with_next or None
            if spec.hanging:
                paragraph.left_indent = Mm(spec.hanging)
                paragraph.first_line_indent = -Mm(spec.hanging)
            if spec.indent:
                paragraph.left_indent = Mm(spec.indent)
        styles["Normal"].paragraph_format.line_spacing = 1.2
        styles["Table Text"].paragraph_format.line_spacing = 1.0
        for level in range(1, 6):
            styles[f"Heading {level}"].paragraph_format.keep_with_next = True
        for level in range(1, 4):
            style = styles[f"toc {level}"]
            style.style_id = f"TOC{level}"
            # Word lays out the entries it writes in these styles: right to left in Arabic.
            if self.direction == "rtl":
                _child(style.element.get_or_add_pPr(), "w:bidi", P_AFTER_BIDI)
        # Chapters start a page, as in the PDF; so does the contents page.
        styles["Heading 1"].paragraph_format.page_break_before = True
        for name, side, size, colour in (
            ("Heading 1", "bottom", 12, ACCENT),
            ("Title", "top", 24, ACCENT),
            ("Source Line", "top", 4, RULE),
        ):
            _border(styles[name].element.get_or_add_pPr(), side, size_eighths=size, colour=colour)

    def _font_table(self) -> None:
        """Describe the fonts, with Arial as the alternative where they are not installed."""
        part = self.document.part
        old = part.part_related_by(RT.FONT_TABLE)
        fonts = XmlPart.load(old.partname, CT.WML_FONT_TABLE, old.blob, old.package)
        for name, facts in FONT_TABLE.items():
            font = OxmlElement("w:font")
            font.set(qn("w:name"), name)
            fonts.element.append(font)
            _child(font, "w:altName", val=FALLBACK_FONT)
            _child(font, "w:panose1", val=facts["panose"])
            _child(font, "w:charset", val="00")
            _child(font, "w:family", val=facts["family"])
            _child(font, "w:pitch", val="variable")
            usb0, usb1, usb2, usb3, csb0, csb1 = facts["sig"]
            _child(font, "w:sig", usb0=usb0, usb1=usb1, usb2=usb2, usb3=usb3, csb0=csb0, csb1=csb1)
        for rId, relationship in list(part.rels.items()):
            if relationship.reltype == RT.FONT_TABLE:
                part.drop_rel(rId)
        part.relate_to(fonts, RT.FONT_TABLE)

    def _page(self) -> None:
        """A4 with the PDF's margins; a right-to-left section for the Arabic edition."""
        section = self.document.sections[0]
        section.start_type = WD_SECTION_START.NEW_PAGE
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(24), Mm(22)
        section.left_margin = section.right_margin = Mm(18)
        section.header_distance = section.footer_distance = Mm(10)
        if self.direction == "rtl":
            _child(section._sectPr, "w:bidi", SECTION_AFTER_BIDI)

    @property
    def text_width(self):
        section = self.document.sections[0]
        return section.page_width - section.left_margin - section.right_margin

    # --- paragraphs and runs ----------------------------------------------------------------

    def paragraph(
        self, style: str = "Normal", *, direction: str | None = None, container=None
    ) -> Paragraph:
        """A new paragraph at the end of the body (or of `container`, a cell or a header)."""
        container = container if container is not None else self.body
        paragraph = container.add_paragraph()
        self.set_style(paragraph, style)
        self.set_direction(paragraph, direction or self.direction)
        return paragraph

    def set_style(self, paragraph: Paragraph, style: str) -> None:
        """Give the paragraph a style by name. python-docx looks a name up among all the
        styles on every call; the ids are looked up once per document instead."""
        if style not in self._style_ids:
            self._style_ids[style] = self.document.styles[style].style_id
        paragraph._p.style = self._style_ids[style]

    def cell_paragraph(self, cell: _Cell, style: str = "Table Text", *, direction=None):
        """The cell's first paragraph while it is still empty, then a new one."""
        (first, *rest) = cell.paragraphs
        if rest or first.runs:
            return self.paragraph(style, direction=direction, container=cell)
        self.set_style(first, style)
        self.set_direction(first, direction or self.direction)
        return first

    @staticmethod
    def set_direction(paragraph: Paragraph, direction: str) -> None:
        bidi = paragraph._p.get_or_add_pPr().find(qn("w:bidi"))
        if direction == "rtl" and bidi is None:
            _child(paragraph._p.get_or_add_pPr(), "w:bidi", P_AFTER_BIDI)
        elif direction == "ltr" and bidi is not None:
            bidi.getparent().remove(bidi)

    def write(
        self,
        paragraph: Paragraph,
        text,
        *,
        language: str | None = None,
        isolate: bool = False,
        bold: bool | None = None,
        italic: bool = False,
        superscript: bool = False,
        colour: str | None = None,
    ) -> None:
        """Add the text to the paragraph as runs of one direction each.

        `language` is the text's when it is not the edition's: its runs carry its language tag.
        An isolated text (a name, a code, a source: what the PDF puts between U+2068 and
        U+2069) takes its own first-strong direction, and a mark of that direction closes any
        end that is not a letter, so that "Ministry of Interior (MoI)" keeps its parenthesis in
        an Arabic table.
        """
        text = clean(text)
        if not text:
            return
        base = _direction_of(paragraph)
        if isolate:
            # As U+2068 reads it: the first letter decides, left to right when none does.
            own = first_strong(text) or "ltr"
            if own != base:
                mark = LEFT_TO_RIGHT_MARK if own == "ltr" else RIGHT_TO_LEFT_MARK
                if _strong(text[0]) != own:
                    text = mark + text
                if _strong(text[-1]) != own:
                    text = text + mark
            base = own
        for chunk, rtl in direction_runs(text, base):
            run = paragraph.add_run(chunk)
            font = run.font
            if rtl:
                font.rtl = True
            if bold is not None:
                font.bold = font.cs_bold = bold
            if italic:
                font.italic = font.cs_italic = True
            if superscript:
                font.superscript = True
            if colour:
                font.color.rgb = RGBColor.from_string(colour)
            if language and language != self.language:
                # Word reads w:val for Latin text and w:bidi for complex-script text.
                tag = {"bidi" if language == "ar" else "val": LANGUAGE_TAGS[language]}
                _child(run._r.get_or_add_rPr(), "w:lang", R_AFTER_LANG, **tag)

    def text_paragraph(self, style: str, text, **options) -> Paragraph:
        direction = options.pop("direction", None)
        paragraph = self.paragraph(style, direction=direction)
        self.write(paragraph, text, **options)
        return paragraph

    def numbering(self) -> int:
        """A new numbered list (List Number's numbering), starting again at 1."""
        numbering = self.document.part.numbering_part.element
        style_numbering = self.document.styles["List Number"].element.pPr.numPr
        abstract = numbering.num_having_numId(style_numbering.numId.val).abstractNumId.val
        num = numbering.add_num(abstract)
        num.add_lvlOverride(ilvl=0).add_startOverride(1)
        return num.numId

    @staticmethod
    def number(paragraph: Paragraph, num_id: int) -> None:
        numbering = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        numbering.get_or_add_ilvl().val = 0
        numbering.get_or_add_numId().val = num_id

    def field(self, paragraph: Paragraph, instruction: str, placeholder: str = "") -> None:
        """A field Word computes (PAGE, TOC...), showing the placeholder until it does."""

        def run_with(element):
            run = paragraph.add_run()
            run._r.append(element)
            return run

        begin = OxmlElement("w:fldChar")
        begin.set(qn("w:fldCharType"), "begin")
        run_with(begin)
        code = OxmlElement("w:instrText")
        code.set(qn("xml:space"), "preserve")
        code.text = f" {instruction} "
        run_with(code)
        separate = OxmlElement("w:fldChar")
        separate.set(qn("w:fldCharType"), "separate")
        run_with(separate)
        self.write(paragraph, placeholder)
        end = OxmlElement("w:fldChar")
        end.set(qn("w:fldCharType"), "end")
        run_with(end)

    # --- tables -----------------------------------------------------------------------------

    def table(
        self,
        widths: list[float],
        *,
        headers: list[str] | None = None,
        header_style: str = "Table Heading",
    ) -> Table:
        """A table across the text width, columns in the given proportions, its header row
        repeated on every page; right to left in the Arabic edition."""
        table = self.body.add_table(rows=0, cols=len(widths))
        table.autofit = False
        if self.direction == "rtl":
            table.table_direction = WD_TABLE_DIRECTION.RTL
        tblPr = table._tbl.tblPr
        tblPr.find(qn("w:tblW")).set(qn("w:type"), "pct")
        tblPr.find(qn("w:tblW")).set(qn("w:w"), "5000")
        # Rules between rows, as in the PDF; no vertical lines.
        borders = _child(tblPr, "w:tblBorders", TABLE_AFTER_BORDERS)
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            if side in ("top", "bottom", "insideH"):
                _child(borders, f"w:{side}", val="single", sz="4", space="0", color=RULE)
            else:
                _child(borders, f"w:{side}", val="nil")
        margins = _child(tblPr, "w:tblCellMar", TABLE_AFTER_MARGINS)
        for side, twips in (("top", 40), ("left", 70), ("bottom", 40), ("right", 70)):
            _child(margins, f"w:{side}", w=str(twips), type="dxa")
        total = sum(widths)
        for column, width in zip(table.columns, widths, strict=True):
            column.width = int(self.text_width * width / total)
        if headers is not None:
            cells = self.row(table)
            row = table.rows[-1]._tr.get_or_add_trPr()
            _child(row, "w:tblHeader", ROW_AFTER_HEADER)
            for cell, header in zip(cells, headers, strict=True):
                self.shade(cell, HEADER_FILL)
                self.write(self.cell_paragraph(cell, header_style), header, bold=True)
        return table

    def row(self, table: Table) -> list[_Cell]:
        """A new row that is not split across pages, its cells as wide as their column."""
        row = table.add_row()
        _child(row._tr.get_or_add_trPr(), "w:cantSplit", ROW_AFTER_CANT_SPLIT)
        for cell, column in zip(row.cells, table.columns, strict=True):
            cell.width = column.width
        return list(row.cells)

    def cell(self, cell: _Cell, text, *, style="Table Text", align=None, **options) -> None:
        paragraph = self.cell_paragraph(cell, style)
        if align == "centre":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self.write(paragraph, text, **options)

    @staticmethod
    def shade(cell: _Cell, fill: str) -> None:
        _child(cell._tc.get_or_add_tcPr(), "w:shd", CELL_AFTER_SHADING, val="clear",
               color="auto", fill=fill)  # fmt: skip

    @staticmethod
    def narrow(table: Table, twips: int) -> None:
        """Narrow cell margins (the strategy matrix has 25 columns)."""
        margins = table._tbl.tblPr.find(qn("w:tblCellMar"))
        for side in ("left", "right"):
            margins.find(qn(f"w:{side}")).set(qn("w:w"), str(twips))

    # --- the file ---------------------------------------------------------------------------

    def save(self, moment: datetime.datetime) -> bytes:
        """The .docx, each zip entry dated `moment`: the same document gives the same bytes."""
        written = io.BytesIO()
        self.document.save(written)
        stable = io.BytesIO()
        with (
            zipfile.ZipFile(io.BytesIO(written.getvalue())) as source,
            zipfile.ZipFile(stable, "w", zipfile.ZIP_DEFLATED) as target,
        ):
            for entry in source.infolist():
                dated = zipfile.ZipInfo(entry.filename, date_time=moment.timetuple()[:6])
                dated.external_attr = entry.external_attr
                target.writestr(dated, source.read(entry), compress_type=zipfile.ZIP_DEFLATED)
        return stable.getvalue()
