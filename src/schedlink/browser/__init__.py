"""Booking through a provider's page in a real browser (Playwright driving Debian's Chromium).

The only package that may import Playwright (an import-linter contract): the drivers and the worker's
browser pool live here, behind the same booking core as the API path — the core decides whether and
when to submit, a driver only walks a page. Empty until the browser drivers arrive; the seam is
``ProviderSpec`` (a provider gains a browser booker beside ``book_by_api``) and ``BookingView.method``
(``"browser"``).
"""
