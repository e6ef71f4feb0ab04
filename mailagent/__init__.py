"""mailagent: an email-native agent that gets useful interview feedback out of hiring managers."""

__version__ = "0.1.0"
