"""Staff accounts: login, two-factor, roles (login views arrive with the staff-auth issue)."""
