from django.contrib import admin

from citybridge.pairings.models import Agreement, Milestone, Pairing, PairingCity, Signatory


class PairingCityInline(admin.TabularInline):
    model = PairingCity
    filter_horizontal = ["organisations"]
    extra = 0


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(Pairing)
class PairingAdmin(admin.ModelAdmin):
    list_display = ["slug", "programme", "status", "selected_in"]
    list_filter = ["status", "programme"]
    inlines = [PairingCityInline, MilestoneInline]
    filter_horizontal = ["themes"]


class SignatoryInline(admin.TabularInline):
    model = Signatory
    extra = 0


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["__str__", "pairing", "signed_on"]
    inlines = [SignatoryInline]
