"""Recruitment specs (R2): files, versions and amendments, and resumes."""
