from django.contrib import admin

from citybridge.access.models import Role


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "programme", "pairing", "city"]
    list_filter = ["kind"]
    autocomplete_fields = ["user"]
