"""The Telegram channel: a python-telegram-bot bridge to the assistant's Rasa REST channel.

Started by `deploy/launch.py` (`python -m bot.telegram`) when TELEGRAM_TOKEN is set; see
docs/telegram.md for setting up the bot and the webhook.
"""
