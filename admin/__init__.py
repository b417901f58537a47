"""The staff admin: offers, sites, providers and the staff desk behind a login (sqladmin)."""
