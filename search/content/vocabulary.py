"""Read the closed lists (roles, arrangements, themes, provinces, section headings) from cases/vocabulary.yml."""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from .. import config


@dataclass(frozen=True)
class Vocabulary:
    roles: dict  # id -> {label, short, description}
    themes: dict  # id -> Dutch label
    provinces: dict  # id -> Dutch label
    arrangements: dict  # id -> Dutch label
    sections: tuple  # ({heading, required}, ...) in reading order

    @property
    def section_headings(self) -> list[str]:
        return [s["heading"] for s in self.sections]

    @property
    def required_headings(self) -> list[str]:
        return [s["heading"] for s in self.sections if s.get("required")]

    def role_label(self, role_id: str) -> str:
        return self.roles[role_id]["label"]


@lru_cache(maxsize=4)
def load_vocabulary(path: Path = config.VOCABULARY_PATH) -> Vocabulary:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return Vocabulary(
        roles=data["roles"],
        themes=data["themes"],
        provinces=data["provinces"],
        arrangements=data["arrangements"],
        sections=tuple(data["sections"]),
    )
