"""What a public register's FilterSet filters when it is given no queryset.

django-filter falls back to every row of the model (``_default_manager.all()``), drafts
and withheld records included. Every FilterSet of a public page or API mixes this in
first, so a caller that forgets the queryset gets the public records, never all.
"""


class PublishedByDefault:
    """Mix in before ``FilterSet``. Given no queryset, filter ``public_records()``: the
    model's ``published()`` unless the FilterSet names another public queryset."""

    @classmethod
    def public_records(cls):
        return cls._meta.model._default_manager.published()

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        if queryset is None:
            queryset = self.public_records()
        super().__init__(data, queryset, request=request, prefix=prefix)
