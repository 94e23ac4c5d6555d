import factory

from gcm_portal.accounts.models import Membership, Organisation, User

TEST_PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def saved(user, create, extracted, **kwargs):
        if create:
            user.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"organisation-{n}")
    name_en = factory.Sequence(lambda n: f"Ministry number {n}")
    name_ar = factory.Sequence(lambda n: f"الوزارة رقم {n}")
    kind = Organisation.Kind.MINISTRY


class CsoFactory(OrganisationFactory):
    name_en = factory.Sequence(lambda n: f"Civil-society group {n}")
    name_ar = factory.Sequence(lambda n: f"منظمة مجتمع مدني {n}")
    kind = Organisation.Kind.CSO
    stakeholder_type = Organisation.StakeholderType.CIVIL_SOCIETY


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.FOCAL_POINT
