"""Money: Decimal pounds with two places, never float.

Rounding happens only in ``commissioning.splits``; here amounts are checked and shown.
"""

from decimal import Decimal, InvalidOperation

PENNY = Decimal("0.01")


def to_pounds(value) -> Decimal:
    """``value`` as a Decimal of pounds; refuses floats and amounts finer than a penny."""
    if isinstance(value, float):
        raise TypeError("Money must not be a float; pass a Decimal, an int or a string.")
    try:
        amount = Decimal(str(value).replace(",", "").replace("£", "").strip())
    except InvalidOperation as exc:
        raise ValueError(f"{value!r} is not an amount of money.") from exc
    if amount != amount.quantize(PENNY):
        raise ValueError(f"{value} has more than two decimal places: money is kept to the penny.")
    return amount.quantize(PENNY)


def format_pounds(amount, *, pence: bool = True) -> str:
    """£25,841.18; with ``pence=False`` whole pounds are shown without ``.00`` (£390,000)."""
    if amount is None:
        return ""
    amount = Decimal(amount)
    sign = "-" if amount < 0 else ""
    amount = abs(amount)
    if not pence and amount == amount.to_integral_value():
        return f"{sign}£{amount:,.0f}"
    return f"{sign}£{amount:,.2f}"
