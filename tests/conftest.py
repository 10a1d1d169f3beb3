import pytest

from citybridge.access.enums import RoleKind
from tests.factories import CityFactory, JapaneseCityFactory, PairingFactory, UserFactory, grant


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache(settings):
    """An in-memory cache, emptied before each test: login-throttling and reset-limit counts
    (and anything else cached) never carry over from another test or from the demo's data dir.
    One location for all, so that objects holding on to the cache (django-axes) see it too."""
    from django.core.cache import cache

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "citybridge-tests",
        }
    }
    cache.clear()


@pytest.fixture(autouse=True)
def _english_between_tests():
    """A request to a /ja/ page leaves Japanese active in this thread: start every test in
    English so that no test depends on the one before it."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture
def pairing(db):
    """An active pairing of an Italian and a Japanese city."""
    return PairingFactory(
        cities=[
            CityFactory(name='{"en": "Ancona"}'),
            JapaneseCityFactory(name='{"en": "Ikoma", "ja": "生駒市"}'),
        ]
    )


@pytest.fixture
def people(pairing):
    """One user per role around ``pairing``, plus an outsider and a superuser."""
    europe, japan = [m.city for m in pairing.ordered_memberships]
    other_city = CityFactory()
    users = {
        "coordinator": UserFactory(username="coordinator"),
        "other_coordinator": UserFactory(username="other-coordinator"),
        "pairing_coordinator": UserFactory(username="pairing-coordinator"),
        "editor": UserFactory(username="editor"),
        "partner_editor": UserFactory(username="partner-editor"),
        "viewer": UserFactory(username="viewer"),
        "evaluator": UserFactory(username="evaluator"),
        "other_editor": UserFactory(username="other-editor"),
        "nobody": UserFactory(username="nobody"),
        "admin": UserFactory(username="admin", is_superuser=True, is_staff=True),
    }
    grant(users["coordinator"], RoleKind.PROGRAMME_COORDINATOR, pairing.programme)
    grant(users["other_coordinator"], RoleKind.PROGRAMME_COORDINATOR, PairingFactory().programme)
    grant(users["pairing_coordinator"], RoleKind.PAIRING_COORDINATOR, pairing)
    grant(users["editor"], RoleKind.CITY_EDITOR, europe)
    grant(users["partner_editor"], RoleKind.CITY_EDITOR, japan)
    grant(users["viewer"], RoleKind.CITY_VIEWER, europe)
    grant(users["evaluator"], RoleKind.EVALUATOR, pairing.programme)
    grant(users["other_editor"], RoleKind.CITY_EDITOR, other_city)
    return users
