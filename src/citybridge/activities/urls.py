from django.urls import path

from citybridge.activities import views

app_name = "activities"
urlpatterns = [
    path("<int:pk>/", views.detail, name="detail"),
    path("calendar/<slug:slug>/", views.calendar, name="calendar"),
    path("materials/<int:pk>/", views.material_file, name="material"),
    path("materials/<int:pk>/thumbnail/", views.material_thumbnail, name="material_thumbnail"),
]
