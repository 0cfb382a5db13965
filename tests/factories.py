"""Factories shared by every app's tests. Each app adds its own below its heading."""

from collections.abc import Iterable

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from pcc_portal import roles
from pcc_portal.models import Office


def first_free(model, field: str, candidates: Iterable, **scope):
    """The first of ``candidates`` that no row of ``model`` within ``scope`` has in ``field``.

    For a value under a unique constraint that tests also write by hand (a meeting's date
    on its board, an agenda item's number, a decision's reference): a counter shared by
    the whole run reaches a hand-written value after so many tests, so whether a test
    passes would depend on what ran before it; the first free value does not, and it
    skips what a module's shared arrangement already holds.
    """
    taken = set(model.objects.filter(**scope).values_list(field, flat=True))
    return next(value for value in candidates if value not in taken)


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Office of the Police and Crime Commissioner for Area {n}")
    slug = factory.Sequence(lambda n: f"area-{n}")
    area = factory.Sequence(lambda n: f"Area {n}")
    commissioner_name = "Pat Example"
    contact_email = "office@example.org"
    decision_reference_format = "{seq}/{year}"


class DerbyshireOfficeFactory(OfficeFactory):
    name = "Office of the Police and Crime Commissioner for Derbyshire"
    slug = "derbyshire"
    area = "Derbyshire"
    commissioner_name = "Hardyal Dhindsa"
    decision_reference_format = "{seq}/{year}"


class HumbersideOfficeFactory(OfficeFactory):
    name = "Office of the Police and Crime Commissioner for Humberside"
    slug = "humberside"
    area = "Humberside"
    commissioner_name = "Jonathan Evison"
    decision_reference_format = "{seq}{year}"
    report_section_headings = list(Office.HUMBERSIDE_SECTION_HEADINGS)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"officer{n}")
    first_name = "Sam"
    last_name = factory.Sequence(lambda n: f"Officer{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    is_staff = True
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        """``UserFactory(roles=["Commissioner"])`` puts the user in those role groups."""
        if create and extracted:
            if Group.objects.filter(name__in=extracted).count() < len(set(extracted)):
                # A transactional test before this one flushed the groups the roles
                # migration made: make them again, with their permissions.
                roles.sync_role_permissions()
            self.groups.set(Group.objects.filter(name__in=extracted))
        if create:
            self.save()

    @factory.post_generation
    def offices(self, create, extracted, **kwargs):
        """The offices the officer works for: Derbyshire (where the record factories put
        their records) unless ``UserFactory(offices=[...])`` names others."""
        if create:
            self.offices.set(extracted if extracted is not None else [DerbyshireOfficeFactory()])
