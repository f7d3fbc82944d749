"""Pure domain rules: no Flask, no database. Dates, enums and dataclasses in, results out."""
