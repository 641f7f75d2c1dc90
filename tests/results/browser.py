"""Browser-test helpers for the results screens."""


def load_every_chart(page, *, most: int = 50) -> None:
    """Scroll to each of the dashboard's chart parts in turn until htmx has fetched them all (it
    fetches a part when it comes into view)."""
    lazy = page.locator("[data-lazy-charts]")
    for _ in range(most):
        left = lazy.count()  # counted once: a part may arrive between two counts
        if left == 0:
            return
        # Plain DOM scrolling: a part may be swapped out while Playwright waits for it to settle.
        page.evaluate("document.querySelector('[data-lazy-charts]')?.scrollIntoView()")
        page.wait_for_function("n => document.querySelectorAll('[data-lazy-charts]').length < n", arg=left)
    raise AssertionError(f"{lazy.count()} chart parts still not loaded")
