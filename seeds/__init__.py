"""Sample data of the offer database (generated; see generate_sample.py)."""
