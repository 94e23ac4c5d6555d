"""Spreadsheets: exports of approved content (.xlsx and CSV), and the import of strategy actions
and indicators from the portal's own .xlsx template (checked first, then committed whole).

- `export.py`: cycle_export_xlsx, cycle_export_csv
- `template.py`: the import template's sheets and columns, and import_template_xlsx
- `reading.py`: what an upload must be before it is read, and its sheets as rows of cells
- `checking.py`: every problem by sheet, row and column, or the plan of the changes
- `importing.py`: import_check (the dry run) and import_commit (all or nothing)
- `cells.py`: values that stay what they are in Excel (text never becomes a formula)
- `transfers.py`: transfer_save, a DataTransfer row and its audit entry in one transaction

Every export and every import step writes one `DataTransfer` row and one audit entry,
together (transfers.py).
"""
