"""Reference data shipped with rbmon (installed as the package ``rbmon_data``).

Only data lives here: YAML/TOML files and the fixture news site. Runtime outputs
(WARCs, the database, digests) are git-ignored and never packaged.
"""
