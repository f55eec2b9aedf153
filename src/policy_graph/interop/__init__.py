"""Interchange formats: AIF JSON and Argdown import/export; JSON-LD, GraphML, GEXF and CSV exports."""
