from django.contrib import admin

from reporting.models import ReviewCycle


@admin.register(ReviewCycle)
class ReviewCycleAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "kind",
        "year",
        "starts_on",
        "venue_en",
        "submission_deadline",
        "state",
    ]
    list_filter = ["kind", "state"]
