import shutil

from django.core.management.base import BaseCommand, CommandError

from reporting.models import ReportEdition, ReviewCycle
from reporting.services.editions import (
    edition_fail,
    edition_request_from_command_line,
)
from reporting.services.parts import edition_compile


class Command(BaseCommand):
    help = "Compile a report edition now (the same service the workers run) and save the PDF."

    def add_arguments(self, parser):
        parser.add_argument("--cycle", required=True, help="e.g. arab-regional-2024")
        parser.add_argument("--kind", required=True, choices=ReportEdition.Kind.values)
        parser.add_argument("--lang", required=True, choices=["en", "ar"])
        parser.add_argument("--out", required=True, help="where to write the PDF")
        parser.add_argument("--final", action="store_true", help="a final edition, no DRAFT mark")

    def handle(self, *args, **options):
        cycle = ReviewCycle.objects.filter(code=options["cycle"]).first()
        if cycle is None:
            codes = ", ".join(ReviewCycle.objects.values_list("code", flat=True))
            raise CommandError(f"No cycle {options['cycle']!r}. Known cycles: {codes}")
        edition = edition_request_from_command_line(
            cycle=cycle,
            kind=options["kind"],
            language=options["lang"],
            mode=ReportEdition.Mode.FINAL if options["final"] else ReportEdition.Mode.PREVIEW,
        )
        try:
            edition_compile(edition_id=edition.pk)
        except Exception as error:
            edition_fail(edition_id=edition.pk, reason=f"{type(error).__name__}: {error}")
            raise CommandError(f"The report could not be compiled: {error}") from error
        edition.refresh_from_db()
        with edition.pdf.open("rb") as source, open(options["out"], "wb") as target:
            shutil.copyfileobj(source, target)
        self.stdout.write(
            f"Wrote {options['out']}: {edition.page_count} pages, sha256 {edition.sha256}, "
            f"edition #{edition.pk}, {edition.revisions.count()} approved revisions."
        )
