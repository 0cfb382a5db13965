"""Refuse web addresses that carry control characters, before any view sees them.

No page, feed, download or API of the portal has a use for a control character (NUL,
U+0001 to U+001F, DEL) in its path or query string, and PostgreSQL refuses NUL in a
query parameter outright, so a view that looks such a value up would fail with a server
error. Refusing them here, once, answers every route with 400 instead of trusting each
view and filter to clean its own input.
"""

import logging
import re
from urllib.parse import unquote

from django.core.exceptions import SuspiciousOperation
from django.urls import get_resolver

CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")

logger = logging.getLogger("django.security.ControlCharacterInAddress")


class ControlCharacterInAddress(SuspiciousOperation):
    """A path or query string with a control character."""


class RefuseControlCharactersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if CONTROL_CHARACTERS.search(request.path_info) or CONTROL_CHARACTERS.search(
            unquote(request.META.get("QUERY_STRING", ""))
        ):
            exception = ControlCharacterInAddress("The address contains a control character.")
            logger.warning("%s: %r", exception, request.get_full_path())
            # The site's own 400 page in DEBUG too: the debug page would only repeat this.
            return get_resolver().resolve_error_handler(400)(request, exception)
        return self.get_response(request)
