"""The ``axp`` command line."""
