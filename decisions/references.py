"""Decision references: allocated on first submission, or kept from an imported record."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q

from decisions.models import DecisionRecord, ReferenceCounter
from pcc_portal.references import format_reference, reference_slug


@transaction.atomic
def allocate_reference(office, *, year: int) -> str:
    """The office's next reference for ``year``, from its ``decision_reference_format``.

    Guarantees: the numbers of a year run 1, 2, 3, ... with no gap and no repeat, even
    when several officers submit at the same moment (the office's counter row for the
    year is locked with ``select_for_update`` until the caller's transaction ends, so
    call this inside the transaction that saves the reference). A number whose
    reference an imported historic record already holds (or whose web address another
    office's decision has) is passed over, never reused.
    """
    ReferenceCounter.objects.get_or_create(office=office, year=year)
    counter = ReferenceCounter.objects.select_for_update().get(office=office, year=year)
    pattern = office.decision_reference_format
    while True:
        counter.last_sequence += 1
        reference = format_reference(pattern, seq=counter.last_sequence, year=year)
        if not _taken(office, reference).exists():
            break
    counter.save(update_fields=["last_sequence"])
    return reference


def _taken(office, reference: str):
    """Records holding ``reference`` in the office, or its web address anywhere."""
    return DecisionRecord.objects.filter(
        Q(office=office, reference=reference) | Q(slug=reference_slug(reference))
    )


def check_reference_free(office, reference: str, *, exclude_pk=None) -> None:
    """Raise ``ValidationError`` on ``reference`` when the office already uses it, or
    another office's decision already has the same web address."""
    taken = _taken(office, reference)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    holder = taken.select_related("office").first()
    if holder is None:
        return
    if holder.office_id == office.id:
        message = (
            f"{office.area} already has a decision with reference {reference}; "
            "each reference is used once per office."
        )
    else:
        message = (
            f"Reference {reference} would share its web address /decisions/{holder.slug}/ "
            f"with {holder.office.area}'s decision {holder.reference}."
        )
    raise ValidationError({"reference": message})


def save_imported(record: DecisionRecord) -> DecisionRecord:
    """Save an imported historic record under the reference it was given.

    Raises ``ValidationError`` naming the reference when the office already has it;
    nothing is saved in that case.
    """
    if not record.reference:
        raise ValidationError({"reference": "An imported record must keep its reference."})
    check_reference_free(record.office, record.reference, exclude_pk=record.pk)
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        # Another import took the same reference between the check and the save.
        check_reference_free(record.office, record.reference, exclude_pk=record.pk)
        raise
    return record
