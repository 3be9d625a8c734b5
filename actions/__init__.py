"""Rasa SDK actions: thin glue between the tracker and the pure domain code in ``bot/``."""
