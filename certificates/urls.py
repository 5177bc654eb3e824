"""The public site's URLs."""

from django.urls import path

from certificates.throttling import throttled
from certificates.views import check, compare, directories, feeds, pages, statistics_page

app_name = "certificates"

urlpatterns = [
    path("", pages.home, name="home"),
    path("certificates/", pages.certificate_list, name="list"),
    path("certificates/<str:number>/", pages.certificate_detail, name="detail"),
    path("certificates/<str:number>/badge.svg", check.badge, name="badge"),
    path("holders/", directories.holder_directory, name="holders"),
    path("holders/<int:pk>/", pages.holder_detail, name="holder"),
    path("labs/", directories.lab_directory, name="labs"),
    path("labs/<int:pk>/", pages.lab_detail, name="lab"),
    path("compare/", compare.compare, name="compare"),
    path("compare.csv", compare.compare_csv, name="compare-csv"),
    path("statistics/", statistics_page.statistics, name="statistics"),
    # Feeds are not kept in the read cache, and a search feed costs what its search does.
    path("feeds/certificates.atom", throttled()(feeds.LatestCertificatesFeed()), name="feed"),
    path("feeds/search.atom", throttled()(feeds.SearchFeed()), name="search-feed"),
]
