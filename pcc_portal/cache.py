"""The site's default cache backend: Django's file cache, culled now and then.

Django's ``FileBasedCache`` lists its whole folder on every write to see whether it holds
more than ``MAX_ENTRIES`` (about 6 ms at 5,000 entries, on every page or count it keeps),
and culls a third of them when it does. ``FileCache`` makes that check at most once every
``CULL_EVERY`` seconds in each process, so a busy site pays for it a few times a minute,
not on every write; between checks the folder may hold a little more than ``MAX_ENTRIES``.
"""

import threading
import time

from django.core.cache.backends.filebased import FileBasedCache

CULL_EVERY = 10.0

_last_cull: dict[str, float] = {}
_lock = threading.Lock()


class FileCache(FileBasedCache):
    def _cull(self):
        now = time.monotonic()
        with _lock:
            last = _last_cull.get(self._dir)
            if last is not None and now - last < CULL_EVERY:
                return
            _last_cull[self._dir] = now
        super()._cull()
