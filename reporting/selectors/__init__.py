"""Reads of the reporting app, by sub-domain, and who may read what."""
