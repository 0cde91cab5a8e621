"""English as it is written in Finland: day before month, 24-hour times, weeks that start
on Monday. "15 December 2026", "1.12.2026" in tables, "9:42" (never "12/15/2026 9:42 a.m.").
"""

DATE_FORMAT = "j F Y"  # 15 December 2026
TIME_FORMAT = "H:i"  # 09:42
DATETIME_FORMAT = "j F Y H:i"  # 15 December 2026 09:42
YEAR_MONTH_FORMAT = "F Y"  # December 2026
MONTH_DAY_FORMAT = "j F"  # 15 December
SHORT_DATE_FORMAT = "j.n.Y"  # 15.12.2026
SHORT_DATETIME_FORMAT = "j.n.Y H:i"  # 15.12.2026 09:42
FIRST_DAY_OF_WEEK = 1  # Monday

# Day first, as Finnish readers write it; never month first. (Forms that use
# <input type="date"> send ISO dates, which Django always accepts as well.)
DATE_INPUT_FORMATS = [
    "%d.%m.%Y",  # '15.12.2026'
    "%Y-%m-%d",  # '2026-12-15'
    "%d/%m/%Y",  # '15/12/2026'
    "%d %B %Y",  # '15 December 2026'
    "%d %b %Y",  # '15 Dec 2026'
]
DATETIME_INPUT_FORMATS = [
    "%d.%m.%Y %H:%M:%S",  # '15.12.2026 09:42:00'
    "%d.%m.%Y %H:%M",  # '15.12.2026 09:42'
    "%d.%m.%Y %H.%M",  # '15.12.2026 09.42'
    "%Y-%m-%d %H:%M:%S",  # '2026-12-15 09:42:00'
    "%Y-%m-%d %H:%M",  # '2026-12-15 09:42'
    "%d/%m/%Y %H:%M",  # '15/12/2026 09:42'
]
TIME_INPUT_FORMATS = [
    "%H:%M:%S",  # '09:42:00'
    "%H:%M",  # '09:42'
    "%H.%M",  # '09.42'
]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
