"""The grant applications and monitoring reports on the admin home's "My work"
(``pcc_portal.registry.my_work``), of the offices the officer works for: applications
waiting for a step the officer may take now (assessment, decision, award) and
monitoring reports overdue."""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from grants import workflow
from grants.models import MonitoringReport
from pcc_portal.offices import scoped_to_offices
from pcc_portal.registry import waited
from pcc_portal.workflow_admin import step_url

# The steps an application waits for: what the line says is awaited, and whether it
# links to the step itself or to the application (a decision is approve or decline).
AWAITED_STEPS = (
    (workflow.ASSESS, "assessment", True),
    (workflow.APPROVE, "decision (approve or decline)", False),
    (workflow.AWARD, "award", True),
)


def my_work(user) -> dict:
    return {"awaiting": _awaiting(user), "due": _overdue_reports(user)}


def _awaiting(user) -> list[dict]:
    lines = []
    for step, awaited, to_step in AWAITED_STEPS:
        applications = workflow.WORKFLOW.awaiting(step, user=user).select_related(
            "applicant", "round__fund"
        )
        for application in applications:
            lines.append(
                {
                    "title": f"{application.applicant.name}: {application.project_title}",
                    "url": step_url(application, step)
                    if to_step
                    else reverse("admin:grants_application_change", args=[application.pk]),
                    "meta": " · ".join(
                        part
                        for part in (str(application.round), waited(application.waiting_since))
                        if part
                    ),
                    "detail": f"Awaits your {awaited}",
                }
            )
    return lines


def _overdue_reports(user) -> list[dict]:
    if not user.has_perm("grants.change_monitoringreport"):
        return []
    today = timezone.localdate()
    reports = scoped_to_offices(MonitoringReport.objects.overdue(today), user=user).select_related(
        "award__application__applicant", "award__application__round__fund"
    )
    return [
        {
            "title": f"Monitoring report: {report.award.application.applicant.name}, "
            f"{report.award.application.project_title}",
            "url": reverse("admin:grants_monitoringreport_change", args=[report.pk]),
            "meta": str(report.award.application.round),
            "detail": f"Overdue: was due {date_format(report.due_on, 'j M Y')}, "
            f"{(today - report.due_on).days} days ago",
        }
        for report in reports
    ]
