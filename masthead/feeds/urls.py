from django.urls import path

from . import feeds, views

app_name = "feeds"

urlpatterns = [
    path("feeds/rss/", feeds.SiteRssFeed.as_view(), name="site_rss"),
    path("feeds/atom/", feeds.SiteAtomFeed.as_view(), name="site_atom"),
    path("feeds/json/", views.site_json_feed, name="site_json"),
    path(
        "feeds/sections/<slug:slug>/rss/",
        feeds.SectionRssFeed.as_view(),
        name="section_rss",
    ),
    path(
        "feeds/sections/<slug:slug>/atom/",
        feeds.SectionAtomFeed.as_view(),
        name="section_atom",
    ),
    path(
        "feeds/sections/<slug:slug>/json/", views.section_json_feed, name="section_json"
    ),
    path("feeds/tags/<slug:slug>/rss/", feeds.TagRssFeed.as_view(), name="tag_rss"),
    path("feeds/tags/<slug:slug>/atom/", feeds.TagAtomFeed.as_view(), name="tag_atom"),
    path("feeds/tags/<slug:slug>/json/", views.tag_json_feed, name="tag_json"),
    path(
        "feeds/authors/<slug:slug>/rss/",
        feeds.AuthorRssFeed.as_view(),
        name="author_rss",
    ),
    path(
        "feeds/authors/<slug:slug>/atom/",
        feeds.AuthorAtomFeed.as_view(),
        name="author_atom",
    ),
    path("feeds/authors/<slug:slug>/json/", views.author_json_feed, name="author_json"),
    path("sitemap.xml", views.sitemap_index, name="sitemap_index"),
    path("sitemaps/pages.xml", views.pages_sitemap, name="pages_sitemap"),
    path("sitemaps/news.xml", views.news_sitemap, name="news_sitemap"),
    path(
        "sitemaps/section-<slug:slug>.xml",
        views.section_sitemap,
        name="section_sitemap",
    ),
    path("robots.txt", views.robots_txt, name="robots"),
]
