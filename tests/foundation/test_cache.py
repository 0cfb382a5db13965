"""The file cache every worker shares: it stays within its size, without listing its
folder on every write."""

from unittest import mock

import pytest

from pcc_portal import cache as file_cache
from pcc_portal.cache import FileCache


@pytest.fixture
def make_cache(tmp_path, monkeypatch):
    monkeypatch.setattr(file_cache, "_last_cull", {})

    def make(max_entries):
        return FileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": max_entries}})

    return make


def test_writes_do_not_list_the_folder_each_time(make_cache):
    cache = make_cache(100)
    with mock.patch.object(
        FileCache, "_list_cache_files", autospec=True, side_effect=lambda self: []
    ) as listing:
        for number in range(50):
            cache.set(f"key-{number}", number)

    assert listing.call_count == 1  # the first write checks; the next 49 within 10 s do not
    assert cache.get("key-49") == 49


def test_the_cache_is_culled_once_the_interval_has_passed(make_cache, monkeypatch):
    cache = make_cache(10)
    for number in range(30):
        cache.set(f"key-{number}", number)
    assert len(cache._list_cache_files()) == 30  # over the limit between checks

    monkeypatch.setattr(file_cache, "CULL_EVERY", 0.0)
    cache.set("one-more", 1)

    assert len(cache._list_cache_files()) <= 21  # a third culled, then the new entry
    assert cache.get("one-more") == 1
