"""Plan PDFs, XLSX exports and imports (inside the language prefix, under /<lang>/plan-files/)."""

from django.urls import path

from citybridge.plans.views import files

app_name = "plan_files"
urlpatterns = [
    path("<int:pk>/glance.pdf", files.glance_pdf, name="glance_pdf"),
    path("<int:pk>/plan.pdf", files.full_pdf, name="full_pdf"),
    path("<int:pk>/plan.xlsx", files.xlsx, name="xlsx"),
    path("<int:pk>/import/", files.import_file, name="import"),
]
