"""The kernel: time, errors, text rules and the change sequence. Everyone imports it; it
imports no domain (the import contract in `.importlinter` keeps it so)."""
