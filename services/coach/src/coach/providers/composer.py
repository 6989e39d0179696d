"""How the built-in provider writes a task or drill without a model: a topic of the track (or a
drill type's template) set in one of several products, with that product's numbers.

Deterministic: the same request on the same catalogue gives the same item. It takes the first
topic-and-product pair whose title the catalogue does not have yet, so repeated generation
walks through the bank instead of repeating itself.
"""

from __future__ import annotations

from itertools import count
from typing import Any

from coach.domain.generation import GenerationSpec
from coach.providers.drill_bank import DRILLS
from coach.providers.task_bank import DEPTH, PRODUCTS, TASK_TOPICS, Product
from contracts.catalogue.vocabulary import TASK_PROMPT_PARTS


def compose(spec: GenerationSpec) -> dict[str, Any]:
    """The first item of the bank for `spec` whose title is not taken, as a JSON object."""
    for n in count():
        item = _task(spec, n) if spec.kind == "task" else _drill(spec, n)
        if item["title"].lower() not in spec.taken_titles:
            return item
    raise AssertionError("unreachable: titles carry a variant number past the bank")


def _variant(title: str, product: Product, round_: int) -> str:
    article = "an" if product.business[0] in "aeiou" else "a"
    place = f"{title} at {article} {product.business.title()}"
    return place if round_ == 0 else f"{place} ({round_ + 1})"


def _task(spec: GenerationSpec, n: int) -> dict[str, Any]:
    topics = TASK_TOPICS[spec.role]
    topic, rest = topics[n % len(topics)], n // len(topics)
    product, round_ = PRODUCTS[rest % len(PRODUCTS)], rest // len(PRODUCTS)
    values = product.numbers()
    minutes, depth = DEPTH[spec.difficulty]
    return {
        "title": _variant(topic.title, product, round_),
        "description": topic.description.format(**values),
        "scenario": f"{topic.scenario.format(**values)}\n\n{depth}",
        "estimated_time_minutes": minutes,
        "prompts": dict(zip(TASK_PROMPT_PARTS, topic.prompts, strict=True)),
        "expected_concepts": list(topic.concepts),
        "tags": [*topic.tags, "generated"],
    }


def _drill(spec: GenerationSpec, n: int) -> dict[str, Any]:
    templates = DRILLS[spec.drill_type]
    template, rest = templates[n % len(templates)], n // len(templates)
    product, round_ = PRODUCTS[rest % len(PRODUCTS)], rest // len(PRODUCTS)
    values = product.numbers()
    options = [o.format(**values) for o in template.options]
    return {
        "title": _variant(template.title, product, round_),
        "scenario": template.scenario.format(**values),
        "question": template.question,
        "options": options,
        "correct_answer": options[template.answer],
        "explanation": template.explanation.format(**values),
    }
