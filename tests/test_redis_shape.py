"""How Redis is run in production (docker-compose.yml): the broker and the default cache
are never evicted; the page cache is bounded and evicts the least recently used."""

from tests.test_docker_compose import resolved_config


def _arguments(service: dict) -> list[str]:
    command = service["command"]
    return command.split() if isinstance(command, str) else list(command)


def test_the_broker_is_never_evicted_and_the_page_cache_is_bounded(tmp_path):
    services = resolved_config(tmp_path)["services"]

    broker = _arguments(services["redis"])
    assert broker[broker.index("--maxmemory-policy") + 1] == "noeviction"
    assert broker[broker.index("--appendonly") + 1] == "yes"
    pages = _arguments(services["redis-cache"])
    assert pages[pages.index("--maxmemory-policy") + 1] == "allkeys-lru"
    assert pages[pages.index("--maxmemory") + 1].endswith("mb")


def test_the_portal_keeps_pages_apart_from_the_broker(tmp_path):
    services = resolved_config(tmp_path)["services"]

    for name in ("web", "worker", "beat"):
        environment = services[name]["environment"]
        assert environment["REDIS_PAGES_URL"].startswith("redis://redis-cache:"), name
        assert environment["REDIS_URL"].startswith("redis://redis:"), name
