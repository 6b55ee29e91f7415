"""Harbour: what young people in care and care leavers are owed, on their phone, signal or not."""
