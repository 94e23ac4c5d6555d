"""The people and the draft a drill works with, in whatever database Django points at.

Called in the test process, or as `python -m tests.drills.world` in a database that only a
subprocess reaches (it prints the ids as JSON).
"""

import json
import os


def seed() -> dict:
    """alice (focal point, MoMD) has a draft on objective 10 of the open cycle; rita reviews;
    cora coordinates. Every password is tests.factories.TEST_PASSWORD."""
    import datetime

    from gcm_portal.accounts.models import Membership, Organisation
    from reporting.models import ReviewCycle
    from tests.builders import start_draft
    from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

    momd = OrganisationFactory(slug="momd", name_en="Ministry of Migration and Displaced")
    iom = OrganisationFactory(slug="iom", name_en="IOM Iraq", kind=Organisation.Kind.IOM)
    people = {}
    for username, organisation, role in [
        ("alice", momd, Membership.Role.FOCAL_POINT),
        ("rita", iom, Membership.Role.REVIEWER),
        ("cora", momd, Membership.Role.COORDINATOR),
    ]:
        people[username] = UserFactory(username=username)
        MembershipFactory(user=people[username], organisation=organisation, role=role)
    cycle = ReviewCycle.objects.get(code="arab-regional-2028")
    cycle.state = ReviewCycle.State.OPEN
    cycle.submission_deadline = datetime.date(2028, 3, 31)
    cycle.save()
    submission = start_draft(people["alice"], cycle, momd, 10)
    return {
        "cycle": cycle.code,
        "submission": submission.pk,
        **{username: user.pk for username, user in people.items()},
    }


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gcm_portal.settings")
    django.setup()
    print(json.dumps(seed()))
