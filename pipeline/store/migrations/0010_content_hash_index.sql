-- rbmon schema, version 10: an index on articles.content_hash.
-- Processing no longer loads every (content hash, story) pair of the archive into memory at the start
-- of a run (about 9 GB a year at 100k articles a day); it looks up each batch's hashes in the stored
-- articles instead. This index turns that lookup into point reads rather than a scan of the whole
-- column per batch. DuckDB builds an ART index in memory, so applying this migration to a large archive
-- needs memory for the column's keys once; afterwards the index is paged like the tables.

create index articles_content_hash_idx on articles (content_hash);
comment on index articles_content_hash_idx is 'Exact-duplicate lookup: processing finds the story of an article whose text (content_hash) is already stored.';
