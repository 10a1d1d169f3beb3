"""Plan PDFs, XLSX exports and imports (inside the language prefix, under /<lang>/plan-files/)."""

app_name = "plan_files"
urlpatterns: list = []
