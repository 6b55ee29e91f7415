"""Download my data, and who has seen my information (issue 14)."""
