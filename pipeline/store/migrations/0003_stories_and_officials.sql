-- rbmon schema, version 3: near-duplicate signatures, processing indexes.

create table article_signatures (
    article_id varchar primary key,
    minhash bigint[] not null
);
comment on table article_signatures is 'MinHash signature of each article text (128 permutations over word 3-shingles), kept so near-duplicate stories are found across runs.';
comment on column article_signatures.article_id is 'Article (articles.article_id).';
comment on column article_signatures.minhash is 'MinHash hash values; two articles with Jaccard similarity above the configured threshold share a story_id.';

create index fetches_canonical_idx on fetches (canonical_url);
create index articles_story_idx on articles (story_id);
create index article_regions_article_idx on article_regions (article_id);
create index article_themes_article_idx on article_themes (article_id);
create index article_officials_article_idx on article_officials (article_id);
