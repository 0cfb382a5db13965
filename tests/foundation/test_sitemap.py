"""The sitemap index, its sections and pages, and that a cached sitemap is never stale."""

import re

import pytest

from decisions.models import DecisionRecord
from decisions.sitemaps import DecisionSitemap
from tests.decisions.factories import DecisionDraftFactory, DecisionPublishedFactory
from tests.sitemap import whole_sitemap

pytestmark = pytest.mark.django_db
Status = DecisionRecord.Status


def test_the_index_lists_one_sitemap_per_section(client):
    DecisionPublishedFactory(reference="16/2020")

    index = client.get("/sitemap.xml").content.decode()

    assert "<sitemapindex" in index
    for section in ("decisions", "meetings", "contracts", "grant-awards", "transparency"):
        assert f"http://testserver/sitemap-{section}.xml</loc>" in index
    decisions = client.get("/sitemap-decisions.xml")
    assert decisions.status_code == 200
    assert "http://testserver/decisions/16-2020/</loc>" in decisions.content.decode()


def test_a_long_section_runs_over_pages_each_listed_in_the_index(client, monkeypatch):
    monkeypatch.setattr(DecisionSitemap, "limit", 2)
    for number in (1, 2, 3):
        DecisionPublishedFactory(reference=f"{number}/2021")

    index = client.get("/sitemap.xml").content.decode()

    assert "/sitemap-decisions.xml?p=2</loc>" in index
    assert "/sitemap-decisions.xml?p=3</loc>" not in index
    text = whole_sitemap(client)
    for number in (1, 2, 3):
        assert f"/decisions/{number}-2021/</loc>" in text
    assert client.get("/sitemap-decisions.xml?p=3").status_code == 404


def test_an_unknown_section_is_not_found(client):
    assert client.get("/sitemap-nothing-here.xml").status_code == 404


def test_a_cached_sitemap_changes_as_soon_as_a_record_is_published_or_withdrawn(client):
    first = DecisionPublishedFactory(reference="1/2022")
    assert "/decisions/1-2022/</loc>" in whole_sitemap(client)

    second = DecisionPublishedFactory(reference="2/2022")
    assert "/decisions/2-2022/</loc>" in whole_sitemap(client)

    first.status = Status.DRAFT
    first.published_at = None
    first.save()
    text = whole_sitemap(client)
    assert "/decisions/1-2022/</loc>" not in text
    assert second.get_absolute_url() in text


def test_drafts_never_reach_the_sitemap(client):
    draft = DecisionDraftFactory(title="Marker-sitemap-draft")

    text = whole_sitemap(client)

    assert "Marker-sitemap-draft" not in text
    assert f"/decisions/{draft.pk}/" not in text


def test_the_sitemap_answers_304_to_a_crawler_that_holds_it(client):
    DecisionPublishedFactory()
    first = client.get("/sitemap-decisions.xml")

    again = client.get("/sitemap-decisions.xml", HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    assert re.search(r"<loc>", first.content.decode())
