"""Formatting of references from an office's pattern, e.g. ``DN{seq:02}{yy}``."""

import string

ALLOWED_FIELDS = {"seq", "year", "yy"}


def format_reference(pattern: str, *, seq: int, year: int) -> str:
    """Return the reference for number ``seq`` of ``year`` in ``pattern``.

    Raises ``ValueError`` naming the problem when the pattern is not usable: it must
    contain ``{seq}`` and may use only ``{seq}``, ``{year}`` and ``{yy}``.
    """
    try:
        fields = {name for _, name, _, _ in string.Formatter().parse(pattern) if name is not None}
    except ValueError as exc:
        raise ValueError(f"The reference format is not valid: {exc}.") from exc
    if "seq" not in fields:
        raise ValueError("The reference format must contain {seq}, the number within the year.")
    unknown = fields - ALLOWED_FIELDS
    if unknown:
        raise ValueError(
            "The reference format may only use {seq}, {year} and {yy}; it also uses "
            + ", ".join("{" + name + "}" for name in sorted(unknown))
            + "."
        )
    return pattern.format(seq=seq, year=year, yy=f"{year % 100:02d}")


def reference_slug(reference: str) -> str:
    """The reference as it appears in a URL: ``16/2020`` becomes ``16-2020``."""
    return reference.replace("/", "-")
