"""Plan PDFs, XLSX exports and imports (inside the language prefix, under /<lang>/plan-files/)."""

from django.urls import path

from citybridge.plans import file_views

app_name = "plan_files"
urlpatterns = [
    path("<int:pk>/glance.pdf", file_views.glance_pdf, name="glance_pdf"),
    path("<int:pk>/plan.pdf", file_views.full_pdf, name="full_pdf"),
    path("<int:pk>/plan.xlsx", file_views.xlsx, name="xlsx"),
    path("<int:pk>/import/", file_views.import_file, name="import"),
]
