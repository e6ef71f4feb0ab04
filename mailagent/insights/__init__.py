"""Funnel insights: which R2 criteria the pipeline lets through, what to change, and how
well the feedback holds up. Four steps, one module each: ``facts`` reads the database
into frozen facts (its only access), ``measures`` turns facts into numbers, ``rules``
turns numbers into guarded recommendations that name their rule, and ``report`` /
``html`` (with ``svg`` charts) draw the same report as a table, JSON or one
self-contained HTML file; ``build`` runs the four in order. Its users are the
``mailagent insights`` command, the weekly digest and the recruiter's page, which all call
:func:`mailagent.insights.build.build_insights`. Apart from ``command`` (the CLI
registration) it imports only models, errors and its rendering libraries.
"""
