from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from . import api, views

# The admin signs in through allauth: the same rate limits and two-factor authentication.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("api/hsds/", include("organizations.hsds_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls()),
    path("", include("networks.feed_urls")),
]

# The root URLconf names the apps' URL modules as strings: coact imports no domain app.
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("accounts/", include("allauth.urls")),
    path("files/<uuid:pk>/", views.generated_file, name="generated_file"),
    path("files/<uuid:pk>/status/", views.generated_file_status, name="generated_file_status"),
    path(
        "files/<uuid:pk>/download/", views.generated_file_download, name="generated_file_download"
    ),
    path("", include("organizations.urls")),
    path("", include("networks.urls")),
    path("", include("referrals.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)

if settings.SERVE_MEDIA:
    # Development only (django.conf.urls.static.static would serve nothing with DEBUG off).
    from django.urls import re_path
    from django.views.static import serve

    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

handler400 = "coact.views.bad_request"
handler403 = "coact.views.permission_denied"
handler404 = "coact.views.page_not_found"
handler429 = "coact.views.too_many_requests"
