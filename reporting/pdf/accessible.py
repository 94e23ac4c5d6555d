"""What WeasyPrint's PDF/UA-1 output lacks, added to its PDF with pikepdf (see
docs/architecture.md, "Accessible PDFs"):

- a table header cell's scope. WeasyPrint links data cells to their headers (/Headers) but
  writes no /Scope, so a header no data cell names (the corner cell above a column of row
  headers) has neither, which PDF/UA checkers refuse. Every header cell gets one, read from
  its row as HTML means it: in a row with data cells, a header heads its row; in a row of
  headers only, each heads its column.
- the print flag on link annotations, so that print and screen show the same.
- the running title and the page numbers (page-margin boxes) as artifacts. WeasyPrint writes
  them as marked content that no element of the structure tree holds (it could mark them as
  artifacts only in PDF 2.0); their marked content becomes /Artifact /Pagination.
"""

import io

import pikepdf

PRINT = 4  # the annotation flag "Print"


def accessible(pdf: bytes) -> bytes:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        tree = document.Root.get("/StructTreeRoot")
        if tree is not None:
            _give_headers_a_scope(tree)
            _margins_as_artifacts(document, tree)
        for page in document.pages:
            for annotation in page.obj.get("/Annots", []):
                if annotation.get("/Subtype") == pikepdf.Name.Link:
                    annotation.F = int(annotation.get("/F", 0)) | PRINT
        out = io.BytesIO()
        # deterministic_id: the same report gives the same bytes (its SHA-256 is recorded).
        document.save(
            out, object_stream_mode=pikepdf.ObjectStreamMode.generate, deterministic_id=True
        )
        return out.getvalue()


def _kids(element) -> list:
    kids = element.get("/K")
    if kids is None:
        return []
    kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
    return [kid for kid in kids if isinstance(kid, pikepdf.Dictionary) and "/S" in kid]


def _give_headers_a_scope(tree) -> None:
    stack, seen = _kids(tree), set()
    while stack:
        element = stack.pop()
        if element.objgen != (0, 0):
            if element.objgen in seen:
                continue
            seen.add(element.objgen)
        kids = _kids(element)
        if element.S == pikepdf.Name.TR:
            scope = (
                pikepdf.Name.Row
                if any(kid.S == pikepdf.Name.TD for kid in kids)
                else pikepdf.Name.Column
            )
            for kid in kids:
                if kid.S == pikepdf.Name.TH:
                    _set_scope(kid, scope)
        stack.extend(kids)


def _set_scope(header, scope) -> None:
    """Scope in the header's table attributes (WeasyPrint writes an empty set of them)."""
    attributes = header.get("/A")
    listed = list(attributes) if isinstance(attributes, pikepdf.Array) else [attributes]
    for entry in listed:
        if isinstance(entry, pikepdf.Dictionary) and entry.get("/O") == pikepdf.Name.Table:
            if "/Scope" not in entry:
                entry.Scope = scope
            return
    table = pikepdf.Dictionary(O=pikepdf.Name.Table, Scope=scope)
    header.A = table if attributes is None else pikepdf.Array([*listed, table])


def _margins_as_artifacts(document, tree) -> None:
    if "/ParentTree" not in tree:
        return
    inside, stack = set(), _kids(tree)
    while stack:
        element = stack.pop()
        if element.objgen not in inside:
            inside.add(element.objgen)
            stack.extend(_kids(element))
    parents = pikepdf.NumberTree(tree.ParentTree)
    begin = pikepdf.Operator("BDC")
    for page in document.pages:
        if "/StructParents" not in page.obj:
            continue
        owners = parents.get(int(page.obj.StructParents))
        if not isinstance(owners, pikepdf.Array):
            continue
        outside = {
            mcid
            for mcid, owner in enumerate(owners)
            if isinstance(owner, pikepdf.Dictionary) and owner.objgen not in inside
        }
        if not outside:
            continue
        instructions = pikepdf.parse_content_stream(page)
        for position, (operands, operator) in enumerate(instructions):
            if operator != begin or len(operands) != 2:
                continue
            properties = operands[1]
            if isinstance(properties, pikepdf.Dictionary) and properties.get("/MCID") in outside:
                instructions[position] = pikepdf.ContentStreamInstruction(
                    [pikepdf.Name.Artifact, pikepdf.Dictionary(Type=pikepdf.Name.Pagination)],
                    begin,
                )
        page.obj.Contents = document.make_stream(pikepdf.unparse_content_stream(instructions))
