-- rbmon schema, version 9: the crawl frontier, so a rerun resumes what a run did not finish.
-- Discovery is incremental (sitemaps filtered by the last good crawl, feeds asked with conditional
-- GET), so an article found but not fetched — the run was stopped, the page budget ran out, or the
-- server answered 5xx, 429 or not at all — would never be found again. Such URLs wait here and
-- are tried first by the next run, until fetched or given up after several attempts.

create table crawl_frontier (
    canonical_url varchar primary key,
    source_id varchar not null,
    channel varchar,
    first_found_at timestamptz not null,
    attempts integer not null default 0,
    last_error varchar,
    last_run_id varchar
);
comment on table crawl_frontier is 'Article URLs found but not yet fetched (run stopped, page budget reached, transient failure); the next crawl tries them first.';
comment on column crawl_frontier.canonical_url is 'Canonical article URL.';
comment on column crawl_frontier.source_id is 'Source it belongs to (sources.source_id).';
comment on column crawl_frontier.channel is 'Discovery channel that found it (feed, sitemap, wp_json, search_feed, links).';
comment on column crawl_frontier.first_found_at is 'Start of the crawl run that first found it.';
comment on column crawl_frontier.attempts is 'Fetches tried that failed transiently (timeout, connection error, HTTP 5xx or 429); 0 when never tried.';
comment on column crawl_frontier.last_error is 'Error kind of the last failed attempt; null when never tried.';
comment on column crawl_frontier.last_run_id is 'Crawl run that last put it here.';
