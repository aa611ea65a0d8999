"""Team calendars (iCalendar feeds and CalDAV) read into busy time for availability."""

from schedlink.calendars.model import BusyRead, CalendarError, CalendarLimits

__all__ = ["BusyRead", "CalendarError", "CalendarLimits"]
