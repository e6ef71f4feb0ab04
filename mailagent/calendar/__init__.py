"""Calendar invitations (iMIP, RFC 6047 / RFC 5546) → interviews.

Invite the agent's address to an interview and the feedback loop starts by itself:

* ``ical`` reads the text/calendar part with ``icalendar`` (VTIMEZONE and Windows zone
  names included) into plain :class:`~mailagent.calendar.ical.Invitation` values;
* ``people`` decides who is who: internal attendees (``internal_domains``) other than
  the agent and the recruiter are the interviewers, the outside attendee the candidate,
  and the pipeline comes from an ``[R2:<id>]`` tag, else the settings' default;
* ``book`` applies a REQUEST (create or update), a CANCEL, or records a REPLY/COUNTER
  as attendance, keyed by ``UID`` + ``RECURRENCE-ID`` with SEQUENCE/DTSTAMP ordering;
* ``command`` is ``mailagent import calendar FILE.ics|FILE.eml…``.

The inbox calls :func:`mailagent.inbox.calendar_route.route_invitation` once per stored
message, before threading; everything here runs in that message's transaction.
"""
