"""Writes of the reporting app, by sub-domain: submissions, uploads, coordination, editions."""
