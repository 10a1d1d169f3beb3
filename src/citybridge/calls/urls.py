from django.urls import path

from citybridge.calls.views import public, workspace

app_name = "calls"
urlpatterns = [
    path("", public.call_list, name="list"),
    path("new/<slug:programme_slug>/", workspace.call_edit, name="new"),
    path("applications/<int:pk>/", workspace.application, name="application"),
    path("applications/<int:pk>/submit/", workspace.submit, name="submit"),
    path("applications/<int:pk>/attachments/new/", workspace.attachment_new, name="attachment_new"),
    path("attachments/<int:pk>/", workspace.attachment_file, name="attachment"),
    path("attachments/<int:pk>/delete/", workspace.attachment_delete, name="attachment_delete"),
    path("<slug:slug>/", public.detail, name="detail"),
    path("<slug:slug>/edit/", workspace.call_edit, name="edit"),
    path("<slug:slug>/apply/", workspace.apply, name="apply"),
]
