from django.core.management.base import BaseCommand, CommandError

from portal.demo import DemoRefused, demo_authenticator_code


class Command(BaseCommand):
    help = "Print the current two-step sign-in code of a demo account (DEBUG only)."

    def add_arguments(self, parser):
        parser.add_argument("account", help="e.g. iom-reviewer, momd-coordinator, admin")

    def handle(self, *args, **options):
        try:
            self.stdout.write(demo_authenticator_code(options["account"]))
        except DemoRefused as error:
            raise CommandError(str(error)) from error
