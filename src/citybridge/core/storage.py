from django.core.files.storage import storages


def private_storage():
    """Storage for files that only some people may read: served through permission-checked
    views, never by the web server (settings: STORAGES["private"])."""
    return storages["private"]
