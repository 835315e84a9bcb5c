"""The User-Agent names whoever runs rbmon; the default contact is flagged before real sites see it."""

from __future__ import annotations

import logging

import pytest

from pipeline.core.config import CrawlConfig, Settings
from pipeline.core.contract import PlannedSource
from pipeline.crawl.plan import user_agent

REMOTE = [PlannedSource(id="antara-sultra", url="https://sultra.antaranews.com/")]
LOCAL = [PlannedSource(id="fixture", url="http://127.0.0.1:8123/")]


def test_default_contact_is_flagged_for_real_sources(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="pipeline.crawl"):
        ua = user_agent(Settings(), REMOTE)
    assert ua.startswith("rbmon/") and "+https://github.com/rbmon/rbmon" in ua
    assert "contact_url is still rbmon's default" in caplog.text


def test_no_warning_for_a_local_site_or_an_own_contact(caplog: pytest.LogCaptureFixture) -> None:
    own = Settings(crawl=CrawlConfig(contact_url="mailto:rb-monitor@pemprov.example.go.id"))
    with caplog.at_level(logging.WARNING, logger="pipeline.crawl"):
        assert "mailto:rb-monitor@pemprov.example.go.id" in user_agent(own, REMOTE)
        user_agent(Settings(), LOCAL)
    assert "contact_url" not in caplog.text
