from django.core.management.base import BaseCommand, CommandError

from portal.demo import DEMO_PASSWORD, DemoRefused, demo_seed


class Command(BaseCommand):
    help = "Create clearly labelled demo organisations, accounts and a sample strategy."

    def handle(self, *args, **options):
        try:
            demo_seed()
        except DemoRefused as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready. Every demo account's password is {DEMO_PASSWORD}."
            )
        )
        self.stdout.write(
            "The reviewer, coordinator and admin accounts sign in in two steps: "
            "`python manage.py demo_code <account>` prints the current code."
        )
