-- rbmon schema, version 15: open-web discovery (GDELT, Google News) and discovered outlets.
-- A discovered outlet is a row of `sources` like a registered one (so views, coverage and the digest
-- count it), marked by `origin`; the open-web services themselves are rows too (origin 'open_web'),
-- so their health shows in source_overview. Every item an open-web channel listed is kept in
-- open_web_finds, decoded or not.

alter table sources add column origin varchar default 'registry';
alter table sources add column host varchar;
alter table sources add column found_by varchar;
alter table sources add column first_seen_at timestamptz;
alter table sources add column province_evidence varchar;
update sources set origin = 'registry' where origin is null;
comment on table sources is 'News sources: the outlets and portals of the registry (data/sources.yaml, refreshed at every crawl), the open-web services (GDELT, Google News) and the outlets discovery found (origin tells which).';
comment on column sources.origin is 'registry (data/sources.yaml or the crawl''s own list), discovered (an outlet of no registry that open-web discovery or an any-outlet backfill found) or open_web (the GDELT and Google News services).';
comment on column sources.host is 'For a discovered outlet: its host[:port] (the crawl never leaves it, with or without www.); null for registry sources.';
comment on column sources.found_by is 'For a discovered outlet: what found it first: gdelt, google_news or any_outlet (a WARC backfill).';
comment on column sources.first_seen_at is 'For a discovered outlet: when it was first found.';
comment on column sources.province_evidence is 'For a discovered outlet: why province_code is its home province, e.g. "pemda domain tabalongkab.go.id: Kabupaten Tabalong" or "stories: 3 of 3 stored articles with a place happen in Kalimantan Barat"; null while unknown.';

create table open_web_finds (
    channel varchar not null,
    found_url varchar not null,
    query varchar,
    url varchar,
    source_id varchar,
    outlet_name varchar,
    outlet_url varchar,
    title varchar,
    published_at timestamptz,
    first_found_at timestamptz not null,
    last_found_at timestamptz not null,
    times_found integer not null default 1,
    last_run_id varchar,
    error varchar,
    detail varchar,
    primary key (channel, found_url)
);
comment on table open_web_finds is 'Every item an open-web channel (gdelt, google_news) listed, one row per channel and listed URL, whether or not it became an article fetch: an item whose link could not be decoded is kept here with the reason.';
comment on column open_web_finds.channel is 'gdelt or google_news.';
comment on column open_web_finds.found_url is 'The URL as the service listed it (for Google News, its own link before decoding).';
comment on column open_web_finds.query is 'The query group as sent to the service, the last time it listed the item.';
comment on column open_web_finds.url is 'Canonical article URL (decoded for Google News); null when it could not be had.';
comment on column open_web_finds.source_id is 'The source the article was credited to: a registry source of its host, or a discovered outlet (sources.origin = discovered); null when none (decoding failed, disabled source, refused host).';
comment on column open_web_finds.outlet_name is 'The outlet as the service names it (GDELT''s domain, Google News''s <source>).';
comment on column open_web_finds.outlet_url is 'The outlet''s home page as the service gives it (Google News''s <source url>).';
comment on column open_web_finds.title is 'The title the service listed.';
comment on column open_web_finds.published_at is 'When the service says it was published (GDELT: first seen).';
comment on column open_web_finds.first_found_at is 'When a crawl first met the item.';
comment on column open_web_finds.last_found_at is 'When a crawl last met the item.';
comment on column open_web_finds.times_found is 'Crawl runs that met it.';
comment on column open_web_finds.last_run_id is 'The last crawl run that met it (crawl_runs.run_id).';
comment on column open_web_finds.error is 'Why no article fetch came of it, the last time: decode_failed, disabled_source, refused_host; null when it was handed to the crawl.';
comment on column open_web_finds.detail is 'The reason in words (the decoder''s message).';
create index open_web_finds_url_idx on open_web_finds (url);
