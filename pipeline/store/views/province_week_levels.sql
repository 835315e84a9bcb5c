-- How much of what was published about a province each week is RB activity, governance news near RB,
-- or neither (articles.rb_level). Read next to province_week_activity: a province whose outlets carry
-- many related stories but no core one is covered, just not reporting RB activity.

create or replace view province_week_levels as
select p.province_code, pr.name as province,
       strftime(timezone('Asia/Jakarta', a.published_at), '%G-W%V') as week,
       count(*) filter (where a.rb_level = 'core') as core_articles,
       count(*) filter (where a.rb_level = 'related') as related_articles,
       count(*) filter (where a.rb_level = 'none' or a.rb_level is null) as other_articles,
       count(*) as articles
from articles a
join article_provinces p using (article_id)
join provinces pr on pr.code = p.province_code
group by all;
comment on view province_week_levels is 'Articles about each province per ISO week by RB level: core (RB activity), related (governance news near RB), other.';
comment on column province_week_levels.province_code is 'Kemendagri province code.';
comment on column province_week_levels.province is 'Province name.';
comment on column province_week_levels.week is 'ISO week in Jakarta time.';
comment on column province_week_levels.core_articles is 'Articles that are RB activity (rb_level core; what the digest counts).';
comment on column province_week_levels.related_articles is 'Governance news near RB (rb_level related): discipline, pelantikan, audits, complaints, service delivery.';
comment on column province_week_levels.other_articles is 'Everything else about the province (rb_level none).';
comment on column province_week_levels.articles is 'All stored articles about the province that week.';
