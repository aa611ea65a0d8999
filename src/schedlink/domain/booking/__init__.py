"""Booking on a lead's link: the states an attempt goes through, the automation switches, and the named
guardrails that must all pass before anything is sent. Pure rules; the service stores and runs them."""
