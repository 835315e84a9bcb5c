-- rbmon schema, version 8: the analyst views rewritten for speed, and one table comment corrected.
-- The views now live in pipeline/store/views/, re-applied by every migrate.

-- Version 1 described story_id as the earliest copy's id; it is the first-processed copy's id, which
-- stays stable as copies arrive (is_story_original marks the earliest published copy).
comment on column articles.story_id is 'Near-duplicate cluster id: the article_id of the first copy rbmon processed, stable as later copies join (syndicated press releases share it); is_story_original marks the earliest published copy.';
