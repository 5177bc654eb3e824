"""The public site's URLs."""

from django.urls import path

from certificates.views import feeds, pages, statistics_page

app_name = "certificates"

urlpatterns = [
    path("", pages.home, name="home"),
    path("certificates/", pages.certificate_list, name="list"),
    path("certificates/<str:number>/", pages.certificate_detail, name="detail"),
    path("holders/<int:pk>/", pages.holder_detail, name="holder"),
    path("labs/<int:pk>/", pages.lab_detail, name="lab"),
    path("compare/", pages.compare, name="compare"),
    path("statistics/", statistics_page.statistics, name="statistics"),
    path("feeds/certificates.atom", feeds.LatestCertificatesFeed(), name="feed"),
    path("feeds/search.atom", feeds.SearchFeed(), name="search-feed"),
]
