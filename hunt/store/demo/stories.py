"""Attack stories (placeholder while the generator is assembled)."""
from __future__ import annotations


class Stories:
    def __init__(self, gen):
        self.gen = gen

    def rows_for_day(self, day, dday) -> dict:
        return {}

    def scenario(self) -> dict:
        return {"stories": []}

    def file_profile_rows(self, seen) -> list:
        return []
