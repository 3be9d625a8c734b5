"""Plug-ins that run inside the Rasa server (NLU components, tracker store, logging).

Thin glue: the logic they apply lives in ``bot/``.
"""
