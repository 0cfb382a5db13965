"""Which offices an officer works for: the one rule every admin list, form, download and
workflow step uses to keep offices apart.

An officer belongs to the offices that list them (``Office.officers``); a superuser
belongs to every office. Everything else asks this module, never ``Office.officers``
directly.
"""

from django.core.exceptions import FieldDoesNotExist, PermissionDenied

from pcc_portal.models import Office


def offices_of(user):
    """The offices ``user`` may see and act for (every office for a superuser, none for
    an anonymous or inactive user)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Office.objects.none()
    if user.is_superuser:
        return Office.objects.all()
    return Office.objects.filter(officers=user)


def office_lookup(model) -> str | None:
    """The ORM lookup from a row of ``model`` to the office it belongs to, or None for a
    model whose rows every office shares (organisations, the publication scheme).

    ``"pk"`` for ``Office`` itself; the model's own ``office_lookup`` where it declares
    one (a row reached through its parent, e.g. ``"meeting__board__office"`` for an
    agenda item, or None for a model shared although it names an office); otherwise
    ``"office"`` when the model has an ``office`` field pointing at ``Office``.
    """
    if model is Office:
        return "pk"
    if hasattr(model, "office_lookup"):
        return model.office_lookup
    try:
        field = model._meta.get_field("office")
    except FieldDoesNotExist:
        return None
    return "office" if field.is_relation and field.related_model is Office else None


def scoped_to_offices(queryset, *, user):
    """``queryset`` narrowed to the rows of the offices ``user`` works for: unchanged for
    a superuser and for a model every office shares, empty for a user of no office."""
    lookup = office_lookup(queryset.model)
    if lookup is None or (user.is_active and user.is_superuser):
        return queryset
    return queryset.filter(**{f"{lookup}__in": offices_of(user)})


def may_act_for(user, office) -> bool:
    """Whether ``user`` works for ``office`` (or is a superuser)."""
    if office is None:
        return False
    return offices_of(user).filter(pk=office.pk).exists()


def check_may_act_for(user, office, *, doing: str) -> None:
    """Raise ``PermissionDenied`` naming the office unless ``user`` works for it.

    ``doing`` completes "You may not …", e.g. "sign this decision".
    """
    if may_act_for(user, office):
        return
    names = ", ".join(offices_of(user).values_list("area", flat=True)) or "no office"
    raise PermissionDenied(
        f"You may not {doing}: it belongs to {office.area}, and you are an officer of "
        f"{names}. An administrator adds officers to an office under Offices and roles."
    )
