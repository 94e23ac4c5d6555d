#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gcm_portal.settings")
    # A checkout with no configuration is a developer's: commands run in development mode.
    # Production always sets SECRET_KEY, and then DEBUG stays off unless asked for; the web
    # server (wsgi.py) never takes this default and refuses to start unconfigured.
    if not os.environ.get("SECRET_KEY"):
        os.environ.setdefault("DEBUG", "true")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
