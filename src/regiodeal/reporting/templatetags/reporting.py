from django import template

from ..formatting import cell_text

register = template.Library()


@register.filter
def cell(value, column):
    """`{{ value|cell:column }}`: a table cell as text in the reader's language."""
    kind = column if isinstance(column, str) else getattr(column, "kind", "text")
    return cell_text(value, kind)
