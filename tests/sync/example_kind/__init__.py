"""An example of adding a sync item kind (docs/architecture.md, "Adding a sync item kind"):
a young person changes their reminder settings on the phone, offline if need be, and the
phone pulls them back. The
domain's own service (harbour.reminders) does the work; this package only declares the kind
and the pull section, as a domain's `sync.py` does."""
