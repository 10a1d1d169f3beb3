from django.contrib import admin

from citybridge.directory.models import City, Organisation, Person


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    list_display = ["slug", "country", "population", "time_zone"]
    search_fields = ["slug"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "city"]
    list_filter = ["kind"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "email"]
    search_fields = ["name", "email"]
