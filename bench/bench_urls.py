"""The project's URLs plus /bench/bare/: a Django view that renders a fixed 20-row table
with no database query. Measured in the same run as a page, it says what the machine
can do at the moment, since these machines are shared."""

from functools import cache

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from coact.urls import urlpatterns as project_urlpatterns

ROWS = [(n, "sent", f"2026-11-{n:02d}") for n in range(1, 21)]


@cache
def _table():
    return engines["django"].from_string(
        "<!DOCTYPE html><html lang='en'><head><title>Bare</title></head><body><main>"
        "<table><caption>Rows</caption><tr><th scope='col'>Number</th>"
        "<th scope='col'>State</th><th scope='col'>Sent</th></tr>{% for row in rows %}"
        "<tr><td>{{ row.0 }}</td><td>{{ row.1 }}</td><td>{{ row.2 }}</td></tr>"
        "{% endfor %}</table></main></body></html>"
    )


def bare(request):
    return HttpResponse(_table().render({"rows": ROWS}, request))


urlpatterns = [path("bench/bare/", bare), *project_urlpatterns]
