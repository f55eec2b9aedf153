"""A small authoring project: a text, a registry and a source file using every field of the format."""

from __future__ import annotations

from pathlib import Path

import pytest

TEXT = """Key points. The two presidents met at Versailles on 29 May 2017 and talked for hours.[i]
Macron probably hoped that Putin was a pragmatic and reasonable man. Putin was not, says the author.[ii]
As a result, the dialogue failed. The dialogue failed again in 2019, and the author blames Moscow.
"""

REGISTRY = """# yaml-language-server: $schema=registry.schema.json
actors:
  macron:
    kind: Person
    label: Emmanuel Macron
    also: [President Macron, Macron]
    titles: President of the French Republic
    wikidata: Q3052772
    member_of: elysee
    comment: The French President.
  putin:
    kind: Person
    label: Vladimir Putin
  elysee:
    kind: Organization
    label: the Élysée
    unnamed: true
  author:
    kind: Person
    label: The Author
places:
  place-versailles:
    label: Versailles
    also: Versailles Palace
    comment: Near Paris.
"""

SOURCE = """# yaml-language-server: $schema=source.schema.json
source:
  id: src-sample
  title: A sample
  text: sample.txt
  author: author
  issued: '2024'
  label: the sample
  description: A short text for the tests.
  comment: Written for the suite.

events:
  ev-versailles:
    label: Macron receives Putin at Versailles
    also: the Versailles meeting
    date: '2017-05-29'
    until: '2017-05-30'
    date_text: 29 May 2017
    agent: Vladimir Putin
    target: macron
    host: macron
    participant: [elysee]
    place: Versailles
    quote: met at Versailles on 29 May 2017
    comment: The first meeting.
    links:
    - precedes: cl-hope
      by: author
      quote: The two presidents met

  ev-talks:
    label: The two presidents talk
    date: '2017'
    certainty: inferred
    not_before: '2017-05-29'
    not_after: '2017-06'
    quote: talked for hours

claims:
  cl-hope:
    label: Putin is pragmatic and reasonable
    holder: macron
    about: [putin, ev-versailles]
    stated_at: ev-versailles
    hedge: probably
    hedged_by: author
    confidence: likely
    weight: contributing
    quote: a pragmatic and reasonable man
    comment: Macron's belief.
    links:
    - id: rel-hope-attacked
      attacks: cl-not-pragmatic
      by: author
      quote: Putin was not
      label: the hope denied
      scheme: Default Conflict
      comment: Reversed on purpose.
  cl-not-pragmatic:
    label: Putin is not pragmatic
    holder: author
    quote: Putin was not
    links:
    - causes: cl-failed
      sign: '-'
      by: author
      quote: As a result
    - supports: cl-failed
      by: author
      quote:
        text: says the author
        suffix: .
        footnotes: [ii]
    - rephrases: cl-failed
      by: author
      quote: the author
  cl-failed:
    label: The dialogue failed
    holder: author
    quote: the dialogue failed
    links:
    - supports: cl-hope
      linked_with: cl-not-pragmatic
      by: author
      quote: again in 2019
    - qualifies: cl-hope
      by: author
      quote: The dialogue failed again
    - updates: cl-hope
      by: author
      quote: again in 2019
    - prefers: cl-hope
      by: author
      quote: "again in 2019"

explanations:
  ex-failure:
    label: Why the dialogue failed
    type: CausalAccount
    explains: cl-failed
    holder: author
    parts: [cl-hope, cl-not-pragmatic]
    rivals: ex-other
    quote: As a result, the dialogue failed
    comment: One account.
  ex-other:
    label: Moscow is to blame
    type: Interpretation
    explains: cl-failed
    holder: author
    quote: the author blames Moscow
    links:
    - supports: cl-failed
      by: author
      quote: blames Moscow

relations:
- from: rel-hope-attacked
  supports: cl-failed
  by: author
  quote: talked for hours

mentions:
  putin:
    text: Putin
    prefix: 'hoped that '
  Versailles: at Versailles
"""

IMPORTED = """# yaml-language-server: $schema=source.schema.json
source:
  id: src-imported
  title: An argument map whose text is not in the corpus
claims:
  cl-imported:
    label: Sanctions work
    holder: author
    quote: sanctions work
    links:
    - attacks: cl-imported-doubt
      by: author
      quote: they do
  cl-imported-doubt:
    label: Sanctions do not work
    holder: putin
    quote: they do not
"""


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A folder with ``sources/`` (registry and one source), ``corpus/`` and an empty ``data/``."""
    (tmp_path / "sources").mkdir()
    (tmp_path / "corpus").mkdir()
    (tmp_path / "data").mkdir()
    (tmp_path / "corpus" / "sample.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "sources" / "registry.yaml").write_text(REGISTRY, encoding="utf-8")
    (tmp_path / "sources" / "sample.yaml").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "sources" / "imported.yaml").write_text(IMPORTED, encoding="utf-8")
    return tmp_path
