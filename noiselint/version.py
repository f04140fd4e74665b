"""The version of noiselint: one place, read by the package, the caches and the reports."""

__version__ = "0.1.0"
