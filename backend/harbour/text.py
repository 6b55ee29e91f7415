"""What characters a typed text field accepts, in one place.

PostgreSQL cannot store NUL, and other control characters only hide things from whoever reads
the text, so every text field refuses them: a 422 naming the field, never a 500.
"""

# One line: names, labels, titles, usernames.
PLAIN_TEXT = r"^[^\x00-\x1f\x7f]*$"
# Paragraphs: line breaks and tabs are fine; other control characters are not.
FREE_TEXT = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
