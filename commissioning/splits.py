"""The one home of co-funding arithmetic: splitting an amount into shares.

Money is Decimal pounds to the penny (``pcc_portal.money``); the only rounding anywhere in
the portal happens in ``split_by_percentages``. Every refusal is a ``ValidationError``
whose message says by how much the figures are out.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext

from django.core.exceptions import ValidationError

from pcc_portal.money import PENNY, format_pounds, to_pounds

HUNDRED = Decimal("100")
PERCENT_STEP = Decimal("0.01")


class Basis:
    """How the shares of one split are given."""

    PERCENTAGE = "percentage"
    AMOUNT = "amount"


def format_percentage(value: Decimal) -> str:
    """51 gives "51.00%"."""
    return f"{Decimal(value).quantize(PERCENT_STEP)}%"


def _refusal(label: str, message: str) -> ValidationError:
    """``message`` as a ValidationError, led by the split's label (e.g. "2021/22: ")."""
    return ValidationError(f"{label}: {message}" if label else message)


def check_percentages(percentages: Sequence[Decimal], *, label: str = "") -> None:
    """Refuse percentages that are negative, finer than 0.01%, or do not add up to 100.

    ``label`` (e.g. "2021/22") starts each message, so a person knows which split is out.
    """
    for percentage in percentages:
        if percentage is None:
            raise _refusal(label, "Every share needs a percentage.")
        if percentage < 0:
            raise _refusal(
                label, f"A share cannot be negative ({format_percentage(percentage)} given)."
            )
        if percentage != percentage.quantize(PERCENT_STEP):
            raise _refusal(
                label, f"Percentages are given to two decimal places at most ({percentage}% given)."
            )
    total = sum(percentages, Decimal("0"))
    if total != HUNDRED:
        difference = abs(HUNDRED - total)
        how = "short of" if total < HUNDRED else "over"
        raise _refusal(
            label,
            f"The shares add up to {format_percentage(total)}, "
            f"{format_percentage(difference)} {how} 100%.",
        )


def check_amounts(
    total: Decimal | None,
    amounts: Sequence[Decimal | None],
    *,
    label: str = "",
) -> None:
    """Refuse negative shares, and shares that do not add up to the total.

    ``None`` in ``amounts`` is a share the source does not give: the shares given must
    then not exceed the total; when every share is given they must add up to it exactly.
    With no ``total`` (the source does not give one) only negative shares are refused.
    """
    for amount in amounts:
        if amount is not None and amount < 0:
            raise _refusal(label, f"A share cannot be negative ({format_pounds(amount)} given).")
    if total is None:
        return
    if total < 0:
        raise _refusal(label, f"The total cannot be negative ({format_pounds(total)} given).")
    given = [amount for amount in amounts if amount is not None]
    added = sum(given, Decimal("0"))
    complete = len(given) == len(amounts)
    if complete and given and added != total:
        difference = abs(total - added)
        how = "short of" if added < total else "over"
        raise _refusal(
            label,
            f"The shares add up to {format_pounds(added)}, "
            f"{format_pounds(difference)} {how} the total of {format_pounds(total)}.",
        )
    if not complete and added > total:
        raise _refusal(
            label,
            f"The shares given add up to {format_pounds(added)}, "
            f"{format_pounds(added - total)} over the total of {format_pounds(total)}.",
        )


def split_by_percentages(
    total: Decimal, percentages: Sequence[Decimal], *, label: str = ""
) -> list[Decimal]:
    """Split ``total`` into shares of the given percentages, to the penny.

    Guarantees: each share is a whole number of pence, no share is negative, the shares
    add up to exactly ``total``, and each share differs from its exact value by less than
    a penny. Pennies left over after rounding every share down go one each to the shares
    that lost most to the rounding (the largest remainder method), earlier shares first
    when two lost the same. Refuses percentages that ``check_percentages`` refuses.

    £50,668.99 at 51/49 gives £25,841.18 and £24,827.81; £55,000 at 60/40 gives
    £33,000.00 and £22,000.00.
    """
    total = to_pounds(total)
    if total < 0:
        raise _refusal(label, f"The total cannot be negative ({format_pounds(total)} given).")
    check_percentages(percentages, label=label)
    with localcontext() as context:
        context.prec = 50
        pennies = int(total / PENNY)
        exact = [pennies * percentage / HUNDRED for percentage in percentages]
        shares = [int(value) for value in exact]  # exact values are >= 0, so int() floors
        left_over = pennies - sum(shares)
        by_remainder = sorted(
            range(len(shares)), key=lambda index: (-(exact[index] - shares[index]), index)
        )
        for index in by_remainder[:left_over]:
            shares[index] += 1
    return [(Decimal(share) * PENNY).quantize(PENNY) for share in shares]


@dataclass(frozen=True)
class ShareFigures:
    """One partner's share as an officer gives it: by percentage, by amount, or not given."""

    partner: str
    percentage: Decimal | None = None
    amount: Decimal | None = None


def settle(
    *,
    total: Decimal | None,
    basis: str,
    shares: Sequence[ShareFigures],
    label: str = "",
) -> list[Decimal | None]:
    """The amount of each share of one split, checked; raises ``ValidationError`` if out.

    By percentage: a total is required, every share has a percentage, the percentages add
    up to 100, and the amounts are worked out by ``split_by_percentages`` (any amount
    typed in is replaced). By amount: no percentages; a share may be ``None`` (not given
    by the source) and is never made up; the amounts must add up to the total as
    ``check_amounts`` says.
    """
    for share in shares:
        if share.percentage is not None and share.percentage < 0:
            raise _refusal(
                label,
                f"{share.partner}'s share cannot be negative "
                f"({format_percentage(share.percentage)} given).",
            )
        if share.amount is not None and share.amount < 0:
            raise _refusal(
                label,
                f"{share.partner}'s share cannot be negative ({format_pounds(share.amount)} given).",
            )
    if basis == Basis.PERCENTAGE:
        if total is None:
            raise _refusal(
                label, "Give the total to be shared: shares by percentage are worked out from it."
            )
        for share in shares:
            if share.percentage is None:
                raise _refusal(
                    label, f"Give {share.partner}'s percentage: the shares are given by percentage."
                )
        if not shares:
            return []
        return split_by_percentages(total, [share.percentage for share in shares], label=label)
    for share in shares:
        if share.percentage is not None:
            raise _refusal(
                label,
                f"The shares are given by amount, so leave "
                f"{share.partner}'s percentage blank (or give the shares by percentage).",
            )
    amounts = [share.amount for share in shares]
    check_amounts(total, amounts, label=label)
    return amounts


@dataclass(frozen=True)
class Tally:
    """What the shares of one split add up to, and how far that is from the total."""

    percentage_total: Decimal | None
    amount_total: Decimal
    shares_not_given: int
    difference: Decimal | None

    @property
    def adds_up(self) -> bool:
        return self.difference == 0


def tally(
    total: Decimal | None, percentages: Sequence[Decimal | None], amounts: Sequence[Decimal | None]
) -> Tally:
    """Add up a split's shares as they stand (for the officer's running totals)."""
    given = [amount for amount in amounts if amount is not None]
    amount_total = sum(given, Decimal("0"))
    given_percentages = [percentage for percentage in percentages if percentage is not None]
    return Tally(
        percentage_total=sum(given_percentages, Decimal("0")) if given_percentages else None,
        amount_total=amount_total,
        shares_not_given=len(amounts) - len(given),
        difference=None if total is None else total - amount_total,
    )


def by_financial_year(years, shares, *, new_year) -> list:
    """A contract's co-funding year by year, as the contract's page and the downloads
    show it: ``years`` (objects with ``financial_year``) in financial-year order, each with
    ``shares_list``, the shares of that year with the largest amount first, shares with
    no amount given last, then by partner name. ``shares`` are pairs of
    ``(financial_year, share)`` (a share has ``amount`` and ``partner.name``). A year with
    shares but no year given is made by ``new_year(financial_year)``: it has no total,
    never an invented one."""
    found = {year.financial_year: year for year in years}
    for year in found.values():
        year.shares_list = []
    for financial_year, share in shares:
        if financial_year not in found:
            found[financial_year] = new_year(financial_year)
            found[financial_year].shares_list = []
        found[financial_year].shares_list.append(share)
    for year in found.values():
        year.shares_list.sort(
            key=lambda share: (share.amount is None, -(share.amount or 0), share.partner.name)
        )
    return [found[key] for key in sorted(found)]
