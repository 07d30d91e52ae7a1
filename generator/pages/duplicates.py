"""One Model ID on two pages: the page updated later wins; the same date is an error."""

from __future__ import annotations

from dataclasses import replace

from generator.pages.model import Model, Page
from generator.problems import Problem


def resolve_duplicates(pages: list[Page]) -> tuple[list[Page], list[Problem]]:
    """The pages without the models another page supersedes, and what was decided."""
    problems: list[Problem] = []
    owner: dict[str, tuple[Page, Model]] = {}
    dropped: set[tuple[str, str]] = set()
    for page in sorted(pages, key=lambda p: (p.last_updated or "", p.name)):
        for model in page.models:
            earlier = owner.get(model.id)
            if earlier is None:
                owner[model.id] = (page, model)
                continue
            problem = _conflict(earlier, page, model)
            problems.append(problem)
            if problem.severity == "warning":
                dropped.add((earlier[0].source, model.id))
                owner[model.id] = (page, model)
    resolved = [
        replace(p, models=tuple(m for m in p.models if (p.source, m.id) not in dropped))
        for p in pages
    ]
    return resolved, problems


def _conflict(earlier: tuple[Page, Model], page: Page, model: Model) -> Problem:
    """`page` sorts after the earlier owner: a warning when it is newer, else an error."""
    earlier_page, earlier_model = earlier
    where = f"Model ID {model.id!r} is also on {earlier_page.source}:{earlier_model.line}"
    if page.last_updated is None or earlier_page.last_updated == page.last_updated:
        message = f"{where} with the same date ({page.last_updated}): cannot tell which is current"
        return Problem(page.source, model.line, message)
    message = (
        f"{where} (updated {earlier_page.last_updated}); "
        f"using this page (updated {page.last_updated})"
    )
    return Problem(page.source, model.line, message, "warning")
