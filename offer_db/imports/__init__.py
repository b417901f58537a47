"""The import pipeline: files staff hand in (YAML seed, CSV, XLSX) in, the flat sheet out.

Reading (`seed`, `tabular`), checking (`fields`, `cells`, `validate`), writing all or nothing
(`loading`, `upsert`) and reporting (`report`, `progress`); `importer.import_file` picks the
reader by file suffix. Only the `offers` command and the seed generator use this package: the
read API at the top of `offer_db` (models, vocabulary, search) never imports it, so the action
server does not load openpyxl or YAML.
"""
