def only_public_api(endpoints, **kwargs):
    """Keep only our own /api/v1/ endpoints in the OpenAPI schema (not Wagtail's admin API)."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]
