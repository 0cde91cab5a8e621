"""Swedish as written in Finland: Finnish authorities write 2.3.2027 (not 2027-03-02) and
kl. 16.30 (not 16:30), with weeks that start on Monday."""

from django.conf.locale.sv.formats import *  # noqa: F403

TIME_FORMAT = "G.i"  # 16.30
DATETIME_FORMAT = r"j F Y \k\l. G.i"  # 2 mars 2027 kl. 16.30
SHORT_DATE_FORMAT = "j.n.Y"  # 2.3.2027
SHORT_DATETIME_FORMAT = "j.n.Y G.i"  # 2.3.2027 16.30
FIRST_DAY_OF_WEEK = 1  # Monday
DATE_INPUT_FORMATS = [
    "%d.%m.%Y",  # '25.10.2006'
    "%Y-%m-%d",  # '2006-10-25'
]
