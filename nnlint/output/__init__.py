"""Output formats: each turns a list of FileReports into text (text, json, sarif, github)."""
