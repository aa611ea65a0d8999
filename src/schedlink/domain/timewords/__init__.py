"""Helpers that read time zones, days and clock times written in words (en/es/de/fr/pt/nl)."""
