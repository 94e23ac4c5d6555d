"""Join the parts of a report compiled in parts into one PDF (see reporting/pdf/parts.py), with
pikepdf: the pages, each part's footers laid over its pages, the tagged structure of every
part under one document element, the links and their destinations, the bookmarks nested as a
single render nests them, and the document's title, language and author."""

import io
import warnings
from dataclasses import dataclass, field
from types import SimpleNamespace

import pikepdf
from weasyprint.document import Document

# WeasyPrint's PDF units per CSS pixel at zoom 1, as its PDF writer uses them for bookmarks.
SCALE = 0.75
ARTIFACT_START = b"/Artifact <</Type /Pagination /Subtype /Footer>> BDC\n"
ARTIFACT_END = b"\nEMC\n"
CATALOG_KEYS = ("/Lang", "/MarkInfo", "/ViewerPreferences", "/Metadata")


@dataclass
class AssembledPart:
    pdf: bytes
    # Per page, WeasyPrint's bookmarks: [level, label, x, y, state], in CSS pixels.
    bookmarks: list[list[list]]
    page_height: float
    overlay: bytes | None = None  # one page of footer per page of the part
    placeholders: list[str] = field(default_factory=list)  # anchors another part defines


def assemble(parts: list[AssembledPart], into) -> int:
    """Write one PDF of the parts in order to the binary file `into`; return its page count.
    The first part gives the document its metadata.

    Parts are read one at a time and closed once copied (qpdf keeps what a copy needs), so
    memory holds the joined document and one part, not every part twice."""
    out = pikepdf.new()
    document_kids, numbers, namespaces = [], [], None
    destinations: dict[str, pikepdf.Array] = {}
    placeholder_destinations: dict[str, pikepdf.Array] = {}
    next_key = 0
    for position, part in enumerate(parts):
        with pikepdf.open(io.BytesIO(part.pdf)) as source:
            if position == 0:
                _take_metadata(out, source)
            start = len(out.pages)
            with warnings.catch_warnings():
                # pikepdf warns that extend() leaves named destinations behind: they are
                # written anew below, the parts' own merged (add_pages_from would rename
                # clashing ones).
                warnings.simplefilter("ignore", pikepdf.exceptions.PageCopyWarning)
                out.pages.extend(source.pages)
            pages = [out.pages[start + index] for index in range(len(source.pages))]
            if part.overlay:
                _lay_over(pages, part.overlay)
            next_key, kids, namespaces = _take_structure(
                out, source, pages, next_key, numbers, namespaces
            )
            document_kids.extend(kids)
            index_of = {page.objgen: index for index, page in enumerate(source.pages)}
            placeholders = set(part.placeholders)
            for name, target in _destinations(source):
                page_index = index_of.get(target[0].objgen)
                if page_index is None:
                    continue
                copied = pikepdf.Array([pages[page_index].obj, *list(target)[1:]])
                chosen = placeholder_destinations if name in placeholders else destinations
                chosen.setdefault(name, copied)
    _write_structure(out, document_kids, numbers, next_key, namespaces)
    _write_destinations(out, {**placeholder_destinations, **destinations})
    _write_outline(out, parts)
    out.save(
        into,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
        min_version="1.7",
        deterministic_id=True,
    )
    return len(out.pages)


def _take_metadata(out, front) -> None:
    for key, value in front.docinfo.items():
        out.docinfo[key] = pikepdf.String(str(value))
    for key in CATALOG_KEYS:
        if key in front.Root:
            value = front.Root[key]
            if isinstance(value, pikepdf.Dictionary | pikepdf.Stream):
                value = out.copy_foreign(front.make_indirect(value))
            out.Root[key] = value


def _lay_over(pages, overlay: bytes) -> None:
    """Each page of `overlay` (the footers) laid over the page of the same number."""
    with pikepdf.open(io.BytesIO(overlay)) as footers:
        if len(footers.pages) != len(pages):
            raise ValueError(f"A part has {len(pages)} pages and {len(footers.pages)} footers.")
        for page, footer in zip(pages, footers.pages, strict=True):
            # As Page.add_overlay does it, but the footer's drawing marked as an artifact
            # (page numbers), not content: PDF/UA wants every drawing to be one or the other.
            form = footer.as_form_xobject()
            name = page.add_resource(form, pikepdf.Name.XObject)
            placed = page.calc_form_xobject_placement(
                form, name, pikepdf.Rectangle(page.trimbox), allow_shrink=True, allow_expand=True
            )
            page.contents_add(b"q\n", prepend=True)
            page.contents_add(b"Q\n", prepend=False)
            page.contents_add(ARTIFACT_START + placed + ARTIFACT_END, prepend=False)
            page.contents_coalesce()


def _take_structure(out, source, pages, next_key, numbers, namespaces):
    """Copy a part's structure tree, its keys moved past those already taken."""
    tree = source.Root.get("/StructTreeRoot")
    if tree is None:
        return next_key, [], namespaces
    copied = out.copy_foreign(tree)
    if namespaces is None and "/Namespaces" in copied:
        namespaces = copied.Namespaces
    largest = -1
    entries = list(copied.ParentTree.get("/Nums", []))
    for position in range(0, len(entries), 2):
        key = int(entries[position])
        largest = max(largest, key)
        numbers.extend([next_key + key, entries[position + 1]])
    for page in pages:
        if "/StructParents" in page.obj:
            page.obj.StructParents = next_key + int(page.obj.StructParents)
        for annotation in page.obj.get("/Annots", []):
            if "/StructParent" in annotation:
                annotation.StructParent = next_key + int(annotation.StructParent)
    kids = copied.K if isinstance(copied.K, pikepdf.Array) else [copied.K]
    # A part's tree is one document element: the report's tree is one too, holding them all.
    taken = []
    for kid in kids:
        if kid.get("/S") == pikepdf.Name.Document:
            grandchildren = kid.K if isinstance(kid.K, pikepdf.Array) else [kid.K]
            taken.extend(grandchildren)
        else:
            taken.append(kid)
    return next_key + largest + 1, taken, namespaces


def _write_structure(out, kids, numbers, next_key, namespaces) -> None:
    if not kids:
        return
    root = out.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
    document = out.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Document, P=root)
    )
    for kid in kids:
        if isinstance(kid, pikepdf.Dictionary):
            kid.P = document
    document.K = pikepdf.Array(kids)
    root.K = pikepdf.Array([document])
    root.ParentTree = out.make_indirect(pikepdf.Dictionary(Nums=pikepdf.Array(numbers)))
    root.ParentTreeNextKey = next_key
    if namespaces is not None:
        root.Namespaces = namespaces
    out.Root.StructTreeRoot = root


def _destinations(source):
    names = source.Root.get("/Names")
    if names is None or "/Dests" not in names:
        return []
    return list(pikepdf.NameTree(names.Dests).items())


def _write_destinations(out, destinations: dict) -> None:
    if not destinations:
        return
    flat = pikepdf.Array()
    for name in sorted(destinations):
        flat.append(pikepdf.String(name))
        flat.append(destinations[name])
    out.Root.Names = pikepdf.Dictionary(Dests=out.make_indirect(pikepdf.Dictionary(Names=flat)))


def _write_outline(out, parts: list[AssembledPart]) -> None:
    """Bookmarks nested by WeasyPrint's own rule over all the parts' pages at once, so that an
    objective in one part nests under the chapter opened in another."""
    pages = [
        SimpleNamespace(
            bookmarks=[(level, label, (x, y), state) for level, label, x, y, state in marks],
            height=part.page_height,
        )
        for part in parts
        for marks in part.bookmarks
    ]
    tree = Document.make_bookmark_tree(SimpleNamespace(pages=pages), SCALE, True)

    def items(subtrees):
        for label, (page, x, y), children, state in subtrees:
            item = pikepdf.OutlineItem(label, page, "XYZ", left=x, top=y, zoom=0)
            item.children.extend(items(children))
            item.is_closed = state == "closed"
            yield item

    with out.open_outline() as outline:
        outline.root.extend(items(tree))


def anchor_pages(pdf: bytes) -> dict[str, int]:
    """Where each named destination of a PDF points: its page index."""
    with pikepdf.open(io.BytesIO(pdf)) as source:
        index_of = {page.objgen: index for index, page in enumerate(source.pages)}
        return {
            name: index_of[target[0].objgen]
            for name, target in _destinations(source)
            if target[0].objgen in index_of
        }
