"""Swedish as written in Finland: Finnish authorities write 2.3.2027, not 2027-03-02."""

from django.conf.locale.sv.formats import *  # noqa: F403

SHORT_DATE_FORMAT = "j.n.Y"
SHORT_DATETIME_FORMAT = "j.n.Y H:i"
DATE_INPUT_FORMATS = [
    "%d.%m.%Y",  # '25.10.2006'
    "%Y-%m-%d",  # '2006-10-25'
]
