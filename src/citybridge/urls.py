from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.static import serve

from citybridge.access.views.accounts import PasswordResetView
from citybridge.accounts.views.public import LoginView
from citybridge.api.v1 import api as api_v1
from citybridge.core.admin_site import restrict_admin_to_superusers
from citybridge.core.health import healthz
from citybridge.privacy.views import public as privacy_views

restrict_admin_to_superusers(admin.site)

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api_v1.urls),
    path("calendar/", include("citybridge.activities.urls_feeds")),
    path("admin/", admin.site.urls),
]

urlpatterns += i18n_patterns(
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password-reset/", PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("workspace/history/", include("citybridge.core.urls_history")),
    path("workspace/", include("citybridge.workspace.urls")),
    path("activities/", include("citybridge.activities.urls")),
    path("agreements/", include("citybridge.pairings.urls")),
    path("plans/", include("citybridge.plans.urls")),
    path("dashboards/", include("citybridge.plans.urls_dashboards")),
    path("plan-files/", include("citybridge.plans.urls_exports")),
    path("calls/", include("citybridge.calls.urls")),
    path("invitations/", include("citybridge.access.urls")),
    path("evaluation/", include("citybridge.calls.urls_evaluation")),
    path("matchmaking/", include("citybridge.calls.urls_matching")),
    path("exports/", include("citybridge.activities.urls_exports")),
    path("privacy/", privacy_views.privacy, name="privacy"),
    path("", include("citybridge.portal.urls")),
)

if not settings.PRODUCTION:
    # Uploaded files; in production the web server or an object store serves them.
    urlpatterns += [
        path(
            f"{settings.MEDIA_URL.strip('/')}/<path:path>",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]
