"""Who may see and change what.

This package holds the mechanism and the one rule: who is calling and whether their change
came from our own pages (`session`), which young people they see (`caseload`), and the one
answer for a record they may not reach (`refused`). Each domain loads its own records by id
in its `access.py` (e.g. `harbour.statements.access`), built on these.

Every route that needs a signed-in person depends on `CallerDep` (or a role gate built on
it), and every route that takes a record's id gets the record through a dependency in its
domain's `access.py`. A record in another council, another young person's record, or a young
person outside a PA's caseload answers 404, exactly as if it did not exist, so existence
never leaks; the refused attempt is audited.

Who sees which young people:
* a young person: only their own record;
* a personal adviser: the young people allocated to them (their caseload);
* a team manager: their own caseload and the caseloads of the PAs in their team;
* a council admin: everyone in their council;
* a content editor: nobody.

Who edits the council's offer and pledge: content editors and council admins. To anyone
else, and to another council's editors, an item's id does not exist (404).

Who sees a young person's health passport: the young person, on their phone; their PA, the
manager and the admin (whoever sees the young person) only while the young person shares it.
Without consent staff learn only whether one exists and whether it is shared; every other
passport route answers 404, word for word as for a young person who does not exist.

Who sees a young person's statement ("My views", decision 005):
* statements to `pa`: whoever sees the young person (above);
* statements to a team (IRO, participation ...): that team's members and manager;
* urgent statements, whatever the recipient: also the allocated PA and their manager;
* whoever a statement is assigned to; and the council admin;
* young people and content editors: none through the staff routes (their own come back to
  the phone through `GET /api/v1/sync/pull`).
"""
