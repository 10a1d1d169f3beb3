from django.urls import path

from citybridge.activities.views import public

app_name = "activities"
urlpatterns = [
    path("<int:pk>/", public.detail, name="detail"),
    path("calendar/<slug:slug>/", public.calendar, name="calendar"),
    path("materials/<int:pk>/", public.material_file, name="material"),
    path("materials/<int:pk>/thumbnail/", public.material_thumbnail, name="material_thumbnail"),
]
