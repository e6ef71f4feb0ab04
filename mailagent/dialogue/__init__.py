"""The conversation with the hiring manager: brains, policy and the turn engine."""
