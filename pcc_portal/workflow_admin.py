"""The one way the officer admin offers and takes workflow steps, for every app.

A ``ModelAdmin`` that mixes in ``WorkflowAdminMixin`` and names its ``workflow``
(a ``pcc_portal.workflow.Workflow``) gets:

- on the record's change page, a button for exactly the steps the signed-in officer may
  take now; while the record waits after being returned, a notification banner at the
  top with who returned it, when and their comment; and at the foot, the workflow history
  (``admin/workflow_change_form.html``, which the app's change form template extends);
- ``<record>/workflow/<step>/``, the step's confirmation page
  (``admin/workflow_step.html``): the step's form, what else the step does, and an error
  summary; on POST it takes the step through the app's registered step function, which
  makes every check again on the server.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse


def add_errors(form, exc: ValidationError) -> None:
    """Show a workflow refusal on the form field it names, or above the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            field = getattr(form, "error_fields", {}).get(field, field)
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error.messages)
    else:
        form.add_error(None, exc.messages)


def _step_url_name(opts) -> str:
    return f"{opts.app_label}_{opts.model_name}_workflow_step"


def step_url(record, step) -> str:
    """The admin confirmation page of ``step`` on ``record``, for every app's workflow
    (the step buttons, the admin home's "My work")."""
    return reverse(f"admin:{_step_url_name(record._meta)}", args=[record.pk, step.name])


class WorkflowAdminMixin:
    workflow = None
    # An include shown above a step's form, describing the record (the app's own).
    step_summary_template = ""

    def get_urls(self):
        return [
            path(
                "<int:object_id>/workflow/<str:step_name>/",
                self.admin_site.admin_view(self.workflow_step_view),
                name=_step_url_name(self.opts),
            ),
            *super().get_urls(),
        ]

    def workflow_context(self, request, record) -> dict:
        """The step buttons, the returned-record banner and the workflow history of
        ``record``'s change page."""
        workflow = self.workflow
        offered, withheld = [], []
        state = workflow.state_of(record)
        for step in workflow.steps:
            if state not in step.from_states or not request.user.has_perm(step.permission):
                continue
            refused = workflow.refusal(step, record, request.user)
            if refused is None:
                offered.append({"label": step.label, "url": step_url(record, step)})
            else:
                # The officer's role would allow the step but the office or a separation
                # of duties does not: say why, rather than leave a button missing.
                withheld.append(" ".join(getattr(refused, "messages", [str(refused)])))
        return {
            "workflow_steps": offered,
            "workflow_withheld": withheld,
            "workflow_return": workflow.last_return(record),
            "workflow_history": [
                {
                    "at": event.at,
                    "step": getattr(workflow.step_named(event.step), "label", event.step),
                    "from": workflow.label_of(event.from_state),
                    "to": workflow.label_of(event.to_state),
                    "by": event.by,
                    "comment": event.comment,
                }
                for event in workflow.events(record).select_related("by").order_by("at", "pk")
            ],
        }

    def change_view(self, request, object_id, form_url="", extra_context=None):
        record = self.get_object(request, object_id) if object_id else None
        extra_context = extra_context or {}
        if record is not None:
            extra_context.update(self.workflow_context(request, record))
        return super().change_view(request, object_id, form_url, extra_context)

    def step_context(self, request, record, step) -> dict:
        """More context for a step's confirmation page (an app may add to it)."""
        return {}

    def workflow_step_view(self, request, object_id, step_name):
        """The confirmation page of one workflow step; on POST it takes the step."""
        record = self.get_object(request, object_id)
        step = self.workflow.step_named(step_name)
        if record is None or step is None:
            raise Http404("No such record or step.")
        if not self.has_view_permission(request, record):
            raise PermissionDenied
        change_url = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[record.pk]
        )
        refused = self.workflow.refusal(step, record, request.user)
        if isinstance(refused, PermissionDenied):
            raise refused
        if refused is not None:
            self.message_user(request, " ".join(refused.messages), messages.ERROR)
            return redirect(change_url)
        form = step.form(request.POST if request.method == "POST" else None, record=record)
        if request.method == "POST" and form.is_valid():
            try:
                self.workflow.take(step, record, by=request.user, **form.step_arguments())
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                record.refresh_from_db()
                self.message_user(
                    request,
                    f"{step.label}: done for {record}. It is now "
                    f"{self.workflow.label_of(self.workflow.state_of(record)).lower()}.",
                    messages.SUCCESS,
                )
                return redirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"{'Error: ' if form.errors else ''}{step.label}: {record}",
            "record": record,
            "state_label": self.workflow.label_of(self.workflow.state_of(record)),
            "office": self.workflow.office_of(record),
            "step": step,
            "form": form,
            "change_url": change_url,
            "summary_template": self.step_summary_template,
            "media": self.media + form.media,
            "has_view_permission": True,
            **self.step_context(request, record, step),
        }
        return TemplateResponse(request, "admin/workflow_step.html", context)
