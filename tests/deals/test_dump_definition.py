"""`dump_definition` writes every definition text the platform makes (an amended covenant, a
version's content on screen, a diff, the demo's generated deals). It uses libyaml's emitter for
speed; the text must be the one PyYAML's own emitter writes, and carry no anchor or alias (which
`read_definition` refuses)."""

import random

import yaml

from regiodeal.deals.definition import dump_definition, normalized
from regiodeal.deals.services import bundled_definition_path, definition_read_file
from regiodeal.demo.deals import generated_shapes


class PurePythonNoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data) -> bool:
        return True


def pure_python(content: dict) -> str:
    return yaml.dump(content, Dumper=PurePythonNoAliases, sort_keys=False, allow_unicode=True, width=100)


def test_the_text_is_the_one_pyyamls_own_emitter_writes():
    covenant = normalized(definition_read_file(bundled_definition_path())[0])
    generated = [yaml.safe_load(s.text) for s in generated_shapes(random.Random(7), covenant, 3)]
    for content in [covenant, *generated]:
        assert dump_definition(content) == pure_python(content)
    assert yaml.__with_libyaml__, "PyYAML without libyaml: the definition texts are written slowly"


def test_a_value_in_two_places_is_written_out_twice():
    covenant = normalized(definition_read_file(bundled_definition_path())[0])
    pillar = covenant["pillars"][0]
    shared = {**covenant, "pillars": [pillar, {**pillar, "code": "P9", "objectives": pillar["objectives"]}]}
    text = dump_definition(shared)
    assert "&id" not in text and "*id" not in text
    assert text == pure_python(shared)
    assert yaml.safe_load(text) == shared
