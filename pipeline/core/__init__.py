"""What every stage shares, ``crawlers/`` included: errors, settings, time zones, the stop flag.

Owns: the ``RbmonError`` tree (``errors``), the validated settings (``config``), the clock of each
source (``timezones``) and the process-wide stop request (``runstate``). May import: nothing of
``pipeline``, ``crawlers`` or ``nlp``; only the standard library, pydantic, PyYAML and its data files, rich's ``Text``
(``untrusted``: text from outside made safe for the terminal) and, inside the schedule validator,
APScheduler's cron parser (so a bad cron expression is refused when the config is loaded).
"""

from pipeline.core.config import (
    CrawlConfig,
    DigestConfig,
    EmailConfig,
    ProcessConfig,
    ScheduleConfig,
    Settings,
    find_config,
    load_settings,
)
from pipeline.core.errors import (
    ConfigError,
    CrawlError,
    DatabaseError,
    DatabaseLockedError,
    DeliveryError,
    InputError,
    RbmonError,
    SourceConfigError,
    WarcReadError,
)
from pipeline.core.runstate import clear_stop, request_stop, stop_requested
from pipeline.core.timezones import home_zone, national_zone, province_zone, zone_name

__all__ = [
    "ConfigError",
    "CrawlConfig",
    "CrawlError",
    "DatabaseError",
    "DatabaseLockedError",
    "DeliveryError",
    "DigestConfig",
    "EmailConfig",
    "InputError",
    "ProcessConfig",
    "RbmonError",
    "ScheduleConfig",
    "Settings",
    "SourceConfigError",
    "WarcReadError",
    "clear_stop",
    "find_config",
    "home_zone",
    "load_settings",
    "national_zone",
    "province_zone",
    "request_stop",
    "stop_requested",
    "zone_name",
]
