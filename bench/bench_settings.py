"""Production settings with the benchmarks' bare baseline mounted (bench_urls). Used as
`DJANGO_SETTINGS_MODULE=bench_settings` with bench/ on PYTHONPATH, by the benchmarks only."""

from coact.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench_urls"
