"""Text → syntax tree: `parse(text) -> hunt.syntax.ast.Query`."""
from hunt.syntax.parser import parse

__all__ = ["parse"]
