"""Message catalogs (ko default, en fallback); see :mod:`axpartners.i18n.catalog`."""
