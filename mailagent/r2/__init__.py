"""Recruitment specs (R2), resumes and funnel insights."""
