-- rbmon schema, version 16: watchlists and the alerts sent for them.
-- An analyst asks to be told of new core RB articles about a province, an official, a theme or words
-- (`rbmon watch add`); after each nightly run the matches are mailed, one message per watchlist, and
-- every article sent is recorded here, so nothing is ever sent twice for the same watchlist.

create table watchlists (
    name varchar primary key,
    query varchar,
    province_code varchar,
    official varchar,
    theme varchar,
    recipients varchar[],
    since timestamptz not null,
    created_at timestamptz not null default current_timestamp
);
comment on table watchlists is 'Watchlists: what an analyst wants to hear about; rbmon watch add/list/remove. A watchlist''s criteria are all required together.';
comment on column watchlists.name is 'Name of the watchlist, chosen by its owner (unique).';
comment on column watchlists.query is 'Words that must all appear in the title or text (case and accents ignored); null: no word criterion.';
comment on column watchlists.province_code is 'Kemendagri code of a province the story must happen in (article_provinces); null: any.';
comment on column watchlists.official is 'Name (or part of it) of an official the article must name (article_officials.name); null: any.';
comment on column watchlists.theme is 'Theme key (data/themes.yaml) the article must discuss; null: any.';
comment on column watchlists.recipients is 'E-mail addresses of this watchlist; null: the [email] recipients of the config.';
comment on column watchlists.since is 'Only articles fetched from this time on are alerted (default: when the watchlist was added).';
comment on column watchlists.created_at is 'When the watchlist was added.';

create table watch_notifications (
    watchlist varchar not null,
    article_id varchar not null,
    sent_at timestamptz not null,
    message_id varchar,
    primary key (watchlist, article_id)
);
comment on table watch_notifications is 'Every article alerted for a watchlist, so that no article is sent twice for it.';
comment on column watch_notifications.watchlist is 'Watchlist (watchlists.name).';
comment on column watch_notifications.article_id is 'Article sent (articles.article_id).';
comment on column watch_notifications.sent_at is 'When the SMTP server accepted the message that carried it.';
comment on column watch_notifications.message_id is 'Message-ID of that e-mail.';
