"""Organisations: the providers, funding partners, grant applicants and recipients, and
the offices themselves, that the other apps name.

Their own app because both commissioning (providers, lead commissioners, co-funding
partners) and grants (funders, applicants) own as much of them as the other; neither
reaches into the other for them. Which organisations the public sees is decided by
the app that names them (``commissioning.models.organisations_on_public_register``).
"""

from django.db import models
from simple_history.models import HistoricalRecords


class Organisation(models.Model):
    """A provider, funding partner, grant recipient or the office itself."""

    class Kind(models.TextChoices):
        POLICE_AND_CRIME_COMMISSIONER = "pcc", "Police and crime commissioner"
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        PROBATION_SERVICE = "probation", "Probation service"
        HEALTH = "health", "Health"
        VOLUNTARY_OR_COMMUNITY = "voluntary", "Voluntary or community organisation"
        COMPANY = "company", "Company"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    charity_number = models.CharField(max_length=20, blank=True)
    company_number = models.CharField(max_length=20, blank=True)
    org_id = models.CharField(
        "organisation identifier",
        max_length=80,
        blank=True,
        help_text="An org-id.guide identifier where one exists, e.g. GB-CHC-1234567 or GB-COH-01234567.",
    )
    website = models.URLField(blank=True)
    # The tables keep the names they had when commissioning held the model: moving the
    # model moved no data (see migrations/0001_initial.py).
    history = HistoricalRecords(table_name="commissioning_historicalorganisation")

    class Meta:
        db_table = "commissioning_organisation"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["org_id"],
                condition=~models.Q(org_id=""),
                name="organisation_org_id_unique_when_given",
            )
        ]

    def __str__(self):
        return self.name
