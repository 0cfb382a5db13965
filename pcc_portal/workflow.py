"""The one way every workflow in the portal is written: decisions, grant applications,
meetings and contract publication.

An app describes its workflow once, as a ``Workflow`` of ``Step``s, and writes one
function per step (keyword-only arguments, the acting user as ``by=``). Each step
function:

1. calls ``WORKFLOW.lock(step, record, by=by)``, which checks on the server, against the
   locked database row, that ``by`` holds the step's permission, works for the record's
   office (``pcc_portal.offices``), finds the record in a state the step starts from,
   and is not barred by a separation-of-duties rule; it raises ``PermissionDenied`` or
   ``ValidationError`` with a message a person can act on;
2. checks its own rules and writes the record (``WORKFLOW.save``);
3. records one event of the shared shape (``WORKFLOW.record``: who, when, step, from,
   to, comment);
4. schedules its emails with ``after_commit``, so nothing is sent if the step rolls back
   and a failure to send never undoes it;

all inside one ``transaction.atomic``. The step functions are registered with
``@WORKFLOW.takes(STEP)`` so the one admin mixin (``pcc_portal/workflow_admin.py``) can
offer and take every app's steps the same way.
"""

import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import F, OuterRef, Q, Subquery

from pcc_portal import offices

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@dataclass(frozen=True)
class Separation:
    """A separation-of-duties rule: the officer who took ``earlier_step`` (the latest
    time it was taken on the record) may not take the step that names this rule, unless
    the record's office has ticked ``office_setting``."""

    earlier_step: str
    office_setting: str
    rule: str


@dataclass(frozen=True)
class Step:
    """A move a user can make on a record.

    ``from_states`` are the states it starts from and ``to_state`` the state it leaves
    the record in (``None`` when the record stays where it is, e.g. an amendment);
    ``permission`` is the ``app.codename`` it needs; ``form`` collects its input on the
    admin's confirmation page; ``effects`` says, in plain words on that page, what else
    taking it does (who is emailed, what becomes public); ``separation`` is the
    separation-of-duties rule it obeys, if any.
    """

    name: str
    label: str
    permission: str
    from_states: tuple
    to_state: str | None
    form: type | None = None
    effects: str = ""
    separation: Separation | None = None
    # Why a second permission is needed in some states (e.g. only the owner of the
    # approval a record waits at may return it): state -> (permission, refusal).
    also_needs: dict = field(default_factory=dict)


class Workflow:
    """The steps of one kind of record, and the checks every step makes.

    ``office`` is the path from the record to its office (``"office"``,
    ``"round__fund__office"``); ``state`` reads the record's state (by default its
    ``status``); ``state_labels`` names the states for people; ``returned_state``, if the
    workflow has one, is the state in which a record waits for its drafting officer after
    being returned (the admin shows the latest return's comment while it is there).
    """

    def __init__(
        self,
        *,
        model,
        event_model,
        record_field: str,
        office: str,
        steps: tuple,
        state_labels: dict,
        state: Callable | None = None,
        returned_state: str | None = None,
        related: tuple = (),
    ):
        self.model = model
        self.event_model = event_model
        self.record_field = record_field
        self.office_path = office
        self.steps = steps
        self.state_labels = state_labels
        self.state_of = state or operator.attrgetter("status")
        self.returned_state = returned_state
        self.related = related
        self._functions = {}

    # Describing the workflow

    def step_named(self, name: str) -> Step | None:
        return next((step for step in self.steps if step.name == name), None)

    def takes(self, step: Step):
        """Register the function that takes ``step`` (a decorator; the function is
        returned unchanged)."""

        def register(function):
            self._functions[step.name] = function
            return function

        return register

    def take(self, step: Step, record, *, by, **arguments):
        """Take ``step`` on ``record`` through its registered function."""
        return self._functions[step.name](record, by=by, **arguments)

    def label_of(self, state: str) -> str:
        return str(self.state_labels.get(state, state or "new"))

    def office_of(self, record):
        return operator.attrgetter(self.office_path.replace("__", "."))(record)

    # Checking

    def refusal(self, step: Step, record, user) -> Exception | None:
        """Why ``user`` may not take ``step`` on ``record`` as it stands, or ``None``.

        The checks, in order: the step's permission, the office, the record's state, any
        second permission the state calls for, and the step's separation of duties.
        """
        doing = f"{step.label.lower()} on {record}"
        if not _holds(user, step):
            return _permission_refusal(step)
        try:
            offices.check_may_act_for(user, self.office_of(record), doing=doing)
        except PermissionDenied as refused:
            return refused
        state = self.state_of(record)
        if state not in step.from_states:
            allowed = " or ".join(self.label_of(value).lower() for value in step.from_states)
            return ValidationError(
                f"Cannot {step.label.lower()}: {record} is {self.label_of(state).lower()}, "
                f"and this step is only for records that are {allowed}."
            )
        if state in step.also_needs:
            permission, refusal = step.also_needs[state]
            if not user.has_perm(permission):
                return PermissionDenied(refusal)
        if step.separation is not None:
            return self._separation_refusal(step, record, user)
        return None

    def _separation_refusal(self, step: Step, record, user) -> Exception | None:
        rule = step.separation
        earlier = self.last_event(record, rule.earlier_step)
        if earlier is None or earlier.by_id != user.pk:
            return None
        office = self.office_of(record)
        if getattr(office, rule.office_setting):
            return None
        setting = office._meta.get_field(rule.office_setting).verbose_name
        return PermissionDenied(
            f"You may not {step.label.lower()} on {record}: {rule.rule} "
            f"{office.area} has not chosen to “{setting}” (an administrator sets this on "
            "the office, and the change is kept in its history)."
        )

    def may_take(self, step: Step, record, user) -> bool:
        """Whether ``user`` may take ``step`` on ``record`` as it stands."""
        return self.refusal(step, record, user) is None

    def available_steps(self, record, user) -> list[Step]:
        """Exactly the steps ``user`` may take on ``record`` now, in workflow order."""
        state = self.state_of(record)
        # The state and the permission are read from memory first, so the office and
        # separation checks (which ask the database) run only for steps still in play.
        return [
            step
            for step in self.steps
            if state in step.from_states
            and _holds(user, step)
            and self.may_take(step, record, user)
        ]

    def check_may_create(self, step: Step, office, *, by) -> None:
        """The checks of a step that makes a new record (e.g. recording a grant
        application received): ``by`` holds its permission and works for ``office``."""
        if not _holds(by, step):
            raise _permission_refusal(step)
        offices.check_may_act_for(by, office, doing=step.label.lower())

    def lock(self, step: Step, record, *, by):
        """Lock ``record``'s row and make every check of ``refusal`` against it; return
        the locked row. Call inside the step's transaction."""
        if not _holds(by, step):
            raise _permission_refusal(step)
        locked = (
            self.model.objects.select_for_update(of=("self",))
            .select_related(self.office_path, *self.related)
            .get(pk=record.pk)
        )
        refused = self.refusal(step, locked, by)
        if refused is not None:
            raise refused
        return locked

    def awaiting(self, step: Step, *, user):
        """The records of ``user``'s offices waiting for ``step`` that ``user`` may take
        now, read in one query: the permission, the office, the state, any second
        permission the state calls for and the step's separation of duties, as
        ``refusal`` checks them one record at a time. Each carries
        ``waiting_since``, when it reached the state it waits in (``None`` if no event
        took it there); the longest wait first. The workflows keep their state in
        ``status``."""
        if not _holds(user, step):
            return self.model.objects.none()
        states = [
            state
            for state in step.from_states
            if state not in step.also_needs or user.has_perm(step.also_needs[state][0])
        ]
        records = self.model.objects.filter(
            **{f"{self.office_path}__in": offices.offices_of(user), "status__in": states}
        )
        reached = self.event_model.objects.filter(
            **{self.record_field: OuterRef("pk"), "to_state": OuterRef("status")}
        ).order_by("-at", "-pk")
        records = records.annotate(waiting_since=Subquery(reached.values("at")[:1]))
        if step.separation is not None:
            rule = step.separation
            earlier = self.event_model.objects.filter(
                **{self.record_field: OuterRef("pk"), "step": rule.earlier_step}
            ).order_by("-at", "-pk")
            records = records.annotate(earlier_step_by=Subquery(earlier.values("by")[:1])).filter(
                Q(earlier_step_by__isnull=True)
                | ~Q(earlier_step_by=user.pk)
                | Q(**{f"{self.office_path}__{rule.office_setting}": True})
            )
        return records.order_by(F("waiting_since").asc(nulls_last=True), "pk")

    # Writing

    def save(self, locked, *, by, fields: list[str]) -> None:
        """Save ``fields`` of the locked record, with ``by`` in its history."""
        locked._history_user = by
        if any(f.name == "updated_at" for f in locked._meta.concrete_fields):
            fields = [*fields, "updated_at"]
        locked.save(update_fields=fields)

    def record(self, step: Step, locked, *, by, from_state: str, comment: str = ""):
        """Record that ``by`` took ``step`` on ``locked``, now in its new state."""
        return self.event_model.objects.create(
            **{self.record_field: locked},
            step=step.name,
            from_state=from_state,
            to_state=self.state_of(locked),
            by=by,
            comment=comment,
        )

    # Reading

    def events(self, record):
        return self.event_model.objects.filter(**{self.record_field: record})

    def last_event(self, record, step_name: str):
        return self.events(record).filter(step=step_name).order_by("-at", "-pk").first()

    def last_return(self, record):
        """The event that returned ``record``, while it waits in the returned state."""
        if self.returned_state is None or self.state_of(record) != self.returned_state:
            return None
        return (
            self.events(record)
            .filter(to_state=self.returned_state)
            .select_related("by")
            .order_by("-at", "-pk")
            .first()
        )


def _holds(user, step: Step) -> bool:
    return user is not None and user.is_active and user.has_perm(step.permission)


def _permission_refusal(step: Step) -> PermissionDenied:
    return PermissionDenied(
        f"You may not {step.label.lower()}: it needs the {step.permission} permission, "
        "which your roles do not give you."
    )


def officers_who_may(permission: str, office) -> models.QuerySet:
    """Active officers of ``office`` with an email address who hold ``permission``
    (through a role or directly): the people a step emails when a record reaches them.
    Superusers are left out unless they hold it themselves."""
    return (
        get_user_model()
        .objects.with_perm(permission, include_superusers=False, backend=MODEL_BACKEND)
        .filter(offices=office)
        .exclude(email="")
        .order_by("pk")
    )


def sync(record, locked):
    """Copy the locked row's fields onto the caller's object, so the caller sees the
    step's result; returns ``record``."""
    for concrete in locked._meta.concrete_fields:
        setattr(record, concrete.attname, getattr(locked, concrete.attname))
    return record


def after_commit(function, *args, **kwargs) -> None:
    """Run ``function(*args, **kwargs)`` once the step's transaction commits (never if
    it rolls back); a failure is logged and does not undo the step."""
    transaction.on_commit(partial(function, *args, **kwargs), robust=True)
