"""The CSRF token of HTML kept for many responses (common/csrf_slot.py): taken out of every form
of a page rendered with a real one, put back per response, and nothing else touched."""

from regiodeal.common import csrf_slot

PAGE = (
    '<form><input type="hidden" name="csrfmiddlewaretoken" value="AbC123"></form>'
    "<p>name=&quot;csrfmiddlewaretoken&quot; value=&quot;x&quot;</p>"
    '<form><input type="hidden" name="csrfmiddlewaretoken" value="AbC123"></form>'
)


def test_a_pages_tokens_are_slotted_and_each_response_gets_its_own():
    kept = csrf_slot.slotted(PAGE)
    assert "AbC123" not in kept and kept.count(csrf_slot.SLOT) == 2
    assert "<p>name=&quot;csrfmiddlewaretoken&quot; value=&quot;x&quot;</p>" in kept  # text, not a field
    served = csrf_slot.with_token(kept, "ZyX987")
    assert served == PAGE.replace("AbC123", "ZyX987")
