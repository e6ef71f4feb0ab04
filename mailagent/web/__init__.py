"""The recruiter's page: one browser tab for everything that needs a person — unreviewed
escalations, candidate mail left uncertain, quarantined mail, drafts waiting for an HM,
overdue interviews, publishing exclusions, Claude fallbacks — each linking to where it is
settled, plus the interviews list, every thread in and out, candidate feedback, insights
and publishing. It is a second front end beside the CLI: ``server`` (Starlette, Jinja2
templates of its own in ``templates/``) calls down into the same functions the commands
call (``outbox.queue.resolve_uncertain``, ``inbox.replay``, ``insights.build``), through
``queries`` (what a page shows, by index, scoped to the viewer's pipelines) and ``actions``
(what a recruiter may do, each with an audit event). ``signin`` mails one-time links and
decides who may sign in; ``security`` signs links, session cookies and CSRF tokens.
``command`` registers ``mailagent web``, served by uvicorn; it keeps no state of its own.
"""
