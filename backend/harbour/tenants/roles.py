"""The roles a council's staff hold, in a module of their own so `harbour --help` can list
them without loading the API's shapes.

They belong to tenants, with the sign-in settings that map an identity provider's claims to
them, because accounts (which gives people their roles) builds on tenants; everyone else
takes them from harbour.accounts.schemas."""

from enum import StrEnum

StaffRole = StrEnum("StaffRole", "personal_adviser team_manager content_editor council_admin")
