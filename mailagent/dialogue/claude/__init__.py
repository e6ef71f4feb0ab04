"""The Claude brain, in four parts that each do one job:

- ``capabilities`` — what each model family accepts (forced or strict tools, cache minimum);
- ``prompt`` — the tool schema, the cached prefix and the fenced, capped data;
- ``validation`` — reading the answer and keeping only what code can vouch for;
- ``client`` — the request, its retries, its error classes and the fallback.

``from mailagent.dialogue.claude import ClaudeBrain, make_client`` is all a caller needs.
"""

from mailagent.dialogue.claude.client import ClaudeBrain, Phrased, make_client

__all__ = ["ClaudeBrain", "Phrased", "make_client"]
