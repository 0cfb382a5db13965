"""A round's budget as a bar: what is awarded, what is approved but not yet awarded
(committed), and what remains. The bar's widths are whole percentages drawn with CSS
classes from ``grants/static/grants/budget.css`` (no inline styles); the figures are
always given in text beside it."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from grants.models import ZERO


@dataclass(frozen=True)
class BudgetBar:
    budget: Decimal
    awarded: Decimal
    committed: Decimal = ZERO
    show_committed: bool = True

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.awarded - self.committed

    @property
    def over_budget(self) -> bool:
        return self.remaining < 0

    @property
    def overspent(self) -> Decimal:
        return max(ZERO, -self.remaining)

    def _percent(self, amount: Decimal) -> int:
        if self.budget <= 0:
            return 100 if amount > 0 else 0
        share = (amount * 100 / self.budget).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        return max(0, min(100, int(share)))

    @property
    def awarded_percent(self) -> int:
        return self._percent(self.awarded)

    @property
    def committed_percent(self) -> int:
        """The committed segment's width: what awarded and committed together reach,
        less the awarded segment, so the two never draw past 100%."""
        return self._percent(self.awarded + self.committed) - self.awarded_percent

    @property
    def remaining_percent(self) -> int:
        return 100 - self.awarded_percent - self.committed_percent
