def restrict_admin_to_superusers(site) -> None:
    """The Django admin is a superuser's tool; everyone else works in the workspace."""
    site.has_permission = lambda request: request.user.is_active and request.user.is_superuser
    site.site_header = "CityBridge administration"
