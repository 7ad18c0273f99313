"""Prompt templates are data: versioned YAML files in `prompts/`, loaded by name, `$placeholders` filled in.

A template names its variables with `string.Template` syntax (`$question`, `${answer}`; a literal
dollar sign is `$$`). Rendering without a variable the template uses is an error, never a silent gap.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from string import Template
from typing import Literal, NamedTuple

import yaml
from pydantic import BaseModel, ConfigDict, PrivateAttr, ValidationError

from interviewer.errors import PromptError


class RenderedPrompt(NamedTuple):
    system: str
    user: str


class PromptTemplate(BaseModel):
    """One prompt: a system and a user message, each a `string.Template`.

    `evidence` (grading prompts): how the model points at its evidence. `quote`: a span copied from the
    answer. `sentence`: the number of one of the answer's sentences, shown to it numbered; the grader
    puts the sentence itself in the grade (small models copy text badly but pick a number well).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    version: str
    system: str
    user: str
    evidence: Literal["quote", "sentence"] = "quote"
    _source: str = PrivateAttr(default="")

    @property
    def sha256(self) -> str:
        """Hash of the file the template was read from (of its fields when built in code)."""
        text = self._source or self.model_dump_json()
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def render(self, **values: object) -> RenderedPrompt:
        return RenderedPrompt(self._fill("system", self.system, values), self._fill("user", self.user, values))

    def _fill(self, part: str, text: str, values: dict[str, object]) -> str:
        try:
            return Template(text).substitute({key: str(value) for key, value in values.items()})
        except KeyError as exc:
            raise PromptError(
                f"prompt {self.name!r} v{self.version}: {part} needs the variable ${exc.args[0]}"
            ) from exc
        except ValueError as exc:
            raise PromptError(f"prompt {self.name!r} v{self.version}: {part} has a bad placeholder: {exc}") from exc


def load_prompt(name: str, prompts_dir: Path) -> PromptTemplate:
    """Read `<prompts_dir>/<name>.yaml` into a PromptTemplate; any problem is a PromptError naming the file."""
    path = prompts_dir / f"{name}.yaml"
    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise PromptError(f"{path}: cannot read the prompt: {str(exc).splitlines()[0]}") from exc
    try:
        template = PromptTemplate.model_validate(data)
    except ValidationError as exc:
        fields = "; ".join(f"{'.'.join(map(str, e['loc'])) or '(file)'}: {e['msg']}" for e in exc.errors())
        raise PromptError(f"{path}: {fields}") from exc
    template._source = text
    return template
