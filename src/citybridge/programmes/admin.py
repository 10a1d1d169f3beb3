from django.contrib import admin

from citybridge.programmes.models import Programme, SustainableDevelopmentGoal, Theme


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["__str__", "start_date", "end_date"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["__str__", "programme", "parent"]
    filter_horizontal = ["sdgs"]


@admin.register(SustainableDevelopmentGoal)
class SDGAdmin(admin.ModelAdmin):
    list_display = ["number", "__str__"]

    def has_change_permission(self, request, obj=None):
        return False  # shipped data

    def has_delete_permission(self, request, obj=None):
        return False
