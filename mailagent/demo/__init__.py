"""`mailagent demo`: plays HM conversations through the real mail path on shipped data."""
