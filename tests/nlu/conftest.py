"""NLU tests run inside the Rasa environment (.venv-rasa), where spaCy and Rasa live."""
