"""Fixtures for evaluation and steering: the deal signed (in force from 2 October 2024) and a file
as the programme office would upload it."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.governance.conftest import (  # noqa: F401
    PARTIES,
    SIGNED_ON,
    signed,
)


@pytest.fixture
def pdf():
    def make(name="evaluatie.pdf"):
        return SimpleUploadedFile(name, b"%PDF-1.4 test\n%%EOF\n", content_type="application/pdf")

    return make
