"""Office separation in the officer admin: one mixin for every ModelAdmin and inline of a
model that belongs to an office, so an officer sees, chooses and saves only the records
of the offices they work for (``pcc_portal.offices`` decides which those are).

What the mixin scopes, on the server:

- the admin's queryset, which Django uses for the list, its counts, search, date
  drill-down, actions (and so the downloads actions make) and the autocomplete of
  fields that point at this model; a record of another office answers 404 on its
  change, delete and history pages, exactly as a record that does not exist;
- every choice of a related record that belongs to an office (the office itself, a
  decision, a board, a round ...) in the forms and inlines, so a choice of another
  office is refused as a form error naming the field;
- the list filters on such a relation, which offer only the officer's own.

Superusers see every office. Models every office shares (organisations, the
publication scheme) are left whole: ``offices.office_lookup`` says which they are.
"""

from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path, unquote
from django.http import Http404

from pcc_portal.models import Office
from pcc_portal.offices import office_lookup, offices_of, scoped_to_offices


class OfficeRelatedFieldListFilter(admin.RelatedFieldListFilter):
    """A list filter on a relation offering only the records of the officer's offices."""

    def field_choices(self, field, request, model_admin):
        choices = scoped_to_offices(field.related_model._default_manager.all(), user=request.user)
        ordering = self.field_admin_ordering(field, request, model_admin)
        if ordering:
            choices = choices.order_by(*ordering)
        return [(choice.pk, str(choice)) for choice in choices]


def limit_form_choices(form, *, user):
    """Narrow every choice of a record that belongs to an office in a plain form (one
    not built by a ModelAdmin) to the offices ``user`` works for."""
    for field in form.fields.values():
        queryset = getattr(field, "queryset", None)
        if queryset is not None and office_lookup(queryset.model) is not None:
            field.queryset = scoped_to_offices(queryset, user=user)
            field.error_messages["invalid_choice"] = _not_yours(queryset.model)


def _not_yours(model) -> str:
    return (
        f"Choose a {model._meta.verbose_name} of an office you work for: that one belongs "
        f"to another office, or no longer exists."
    )


class OfficeScopedAdmin:
    """Mix into every ModelAdmin and inline of a model that belongs to an office, first in
    the bases. The model's way to its office is ``offices.office_lookup(model)``."""

    def get_queryset(self, request):
        return scoped_to_offices(super().get_queryset(request), user=request.user)

    def get_object(self, request, object_id, from_field=None):
        # Another office's record answers as one that does not exist (Django would
        # redirect to the admin home with a message), so its existence is not revealed.
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404(f"No {self.opts.verbose_name} with this ID in your offices.")
        return obj

    def history_view(self, request, object_id, extra_context=None):
        # django-simple-history falls back to the history table when the record is not
        # in the queryset, which would show another office's changes.
        self.get_object(request, unquote(object_id))
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self.get_object(request, unquote(object_id))
        return super().history_form_view(request, object_id, version_id, extra_context)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        self._scope_choices(db_field, request, kwargs)
        related = db_field.related_model
        if related is Office and "initial" not in kwargs:
            offices = list(offices_of(request.user)[:2])
            if len(offices) == 1:
                kwargs["initial"] = offices[0].pk
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        self._scope_choices(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def _scope_choices(self, db_field, request, kwargs):
        related = db_field.related_model
        if office_lookup(related) is None:
            return
        queryset = kwargs.get("queryset")
        if queryset is None:
            queryset = self.get_field_queryset(kwargs.get("using"), db_field, request)
        if queryset is None:
            queryset = related._default_manager.using(kwargs.get("using")).all()
        kwargs["queryset"] = scoped_to_offices(queryset, user=request.user)
        kwargs["error_messages"] = {
            **kwargs.get("error_messages", {}),
            "invalid_choice": _not_yours(related),
        }

    def get_list_filter(self, request):
        return [self._scoped_filter(spec) for spec in super().get_list_filter(request)]

    def _scoped_filter(self, spec):
        if not isinstance(spec, str):
            return spec
        field = get_fields_from_path(self.model, spec)[-1]
        if field.is_relation and office_lookup(field.related_model) is not None:
            return (spec, OfficeRelatedFieldListFilter)
        return spec
