from django.contrib import admin

from gcm_portal.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The log, for reading only: nobody adds, changes or deletes an entry, superusers
    included. Superusers see it, and staff given the "Can view audit entry" permission."""

    list_display = ["at", "action", "actor_username", "object_type", "object_id", "ip_address"]
    list_filter = ["action", "at"]
    search_fields = ["actor_username", "=object_id", "ip_address"]
    date_hierarchy = "at"
    fields = [
        "at",
        "action",
        "actor",
        "actor_username",
        "object_type",
        "object_id",
        "ip_address",
        "user_agent",
        "detail",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
