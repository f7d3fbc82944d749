"""Information pages for the public: plain-language help, in every language."""

from complaints.info.views import bp

__all__ = ["bp"]
