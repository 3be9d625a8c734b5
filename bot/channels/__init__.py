"""Channel helpers without framework imports: web chat sessions and Microsoft Teams.

The Rasa input channels that use them live in ``addons/`` (``addons.web_channel``,
``addons.teams_channel``), because ``bot/`` stays free of Rasa imports.
"""
