"""What the actions and the channels agree on (see contract/README.md)."""
