"""The site's default cache backend: Django's file cache, culled now and then.

Django's ``FileBasedCache`` lists its whole folder on every write to see whether it holds
more than ``MAX_ENTRIES`` (about 6 ms at 5,000 entries, on every page or count it keeps),
and culls a third of them when it does. ``FileCache`` makes that check at most once every
``CULL_EVERY`` seconds in each process, so a busy site pays for it a few times a minute,
not on every write; between checks the folder may hold a little more than ``MAX_ENTRIES``.

It also compresses what it keeps at zlib's fastest level, not the default: a page of the
grants register (180 KB of HTML) is written in about 1 ms instead of 3, and takes a
little more room on disk.
"""

import pickle
import threading
import time
import zlib

from django.core.cache.backends.filebased import FileBasedCache

CULL_EVERY = 10.0

_last_cull: dict[str, float] = {}
_lock = threading.Lock()


class FileCache(FileBasedCache):
    def _write_content(self, file, timeout, value):
        # As Django's, but at compression level 1. Reading is the same (zlib.decompress).
        file.write(pickle.dumps(self.get_backend_timeout(timeout), self.pickle_protocol))
        file.write(zlib.compress(pickle.dumps(value, self.pickle_protocol), 1))

    def _cull(self):
        now = time.monotonic()
        with _lock:
            last = _last_cull.get(self._dir)
            if last is not None and now - last < CULL_EVERY:
                return
            _last_cull[self._dir] = now
        super()._cull()
