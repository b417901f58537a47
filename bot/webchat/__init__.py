"""The web chat: a small host server for the embeddable widget, its demo page and an API proxy.

The browser only ever talks to this host (`python -m bot.webchat`); Rasa stays on loopback. The
host checks origins, validates and rate-limits input, turns the browser's random session id into
a pseudonymous sender, and serves the widget's own texts from the translation catalogs.
"""
