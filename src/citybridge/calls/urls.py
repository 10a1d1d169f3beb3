from django.urls import path

from citybridge.calls import views

app_name = "calls"
urlpatterns = [
    path("", views.call_list, name="list"),
    path("new/<slug:programme_slug>/", views.call_edit, name="new"),
    path("applications/<int:pk>/", views.application, name="application"),
    path("applications/<int:pk>/submit/", views.submit, name="submit"),
    path("applications/<int:pk>/attachments/new/", views.attachment_new, name="attachment_new"),
    path("attachments/<int:pk>/", views.attachment_file, name="attachment"),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/edit/", views.call_edit, name="edit"),
    path("<slug:slug>/apply/", views.apply, name="apply"),
]
