"""Reading and writing user files (CSV in UTF-8/CP949, XLSX)."""
