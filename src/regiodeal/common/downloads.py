"""The HTTP response of a download that the programme office opens in Excel."""

from __future__ import annotations

import io

from django.http import HttpResponse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(workbook_or_bytes, filename: str) -> HttpResponse:
    """An .xlsx attachment from an openpyxl workbook (saved here) or the bytes of one."""
    if isinstance(workbook_or_bytes, bytes | bytearray):
        content = bytes(workbook_or_bytes)
    else:
        out = io.BytesIO()
        workbook_or_bytes.save(out)
        content = out.getvalue()
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
