"""The search parameters of the page, the API and the exports: declared once, checked, and turned into links.

Parameter names are Dutch (they show in the page's URL); bounds come from config. FastAPI checks the
declared bounds; `validation_messages` turns its errors into plain Dutch, one line per parameter.
"""

from dataclasses import dataclass, replace
from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import Query

from .. import config

SORTS = {"relevantie": "relevance", "jaar": "year", "gemeente": "municipality"}
SORT_LABELS = {"relevantie": "relevantie", "jaar": "jaar", "gemeente": "gemeente"}

# facet key of the engine -> (URL parameter, Dutch heading)
FACETS = {
    "role": ("rol", "Rol van MEE"),
    "province": ("provincie", "Provincie"),
    "municipality": ("gemeente", "Gemeente"),
    "theme": ("thema", "Thema"),
    "year": ("jaar", "Jaar"),
}

PARAMETER_HELP = {
    "q": "de zoekvraag",
    "rol": "de rol van MEE",
    "provincie": "de provincie",
    "gemeente": "de gemeente",
    "thema": "het thema",
    "jaar": "het jaar",
    "sorteer": "de sortering",
    "pagina": "het paginanummer",
    "per_pagina": "het aantal resultaten per pagina",
}


@dataclass(frozen=True)
class SearchRequest:
    """What a visitor asked for, already checked."""

    q: str = ""
    rol: str = ""
    provincie: str = ""
    gemeente: str = ""
    thema: str = ""
    jaar: str = ""
    sorteer: str = "relevantie"
    pagina: int = 1
    per_pagina: int = config.WEB_DEFAULT_PAGE_SIZE

    @property
    def text(self) -> str:
        return self.q.strip()

    @property
    def has_filters(self) -> bool:
        return any((self.rol, self.provincie, self.gemeente, self.thema, self.jaar))

    @property
    def sort(self) -> str:
        return SORTS[self.sorteer]

    def filters(self):
        from ..engine.query import Filters  # imported late: the query module pulls in the index engine

        return Filters(
            role=self.rol or None,
            province=self.provincie or None,
            municipality=self.gemeente or None,
            theme=self.thema or None,
            year=int(self.jaar) if self.jaar else None,
        )

    def with_changes(self, **changes) -> "SearchRequest":
        return replace(self, **changes)

    def query_string(self, *, keep_page: bool = True, **changes) -> str:
        """URL query for this request with some values changed; defaults are left out to keep links short."""
        request = replace(self, **changes)
        pairs = [
            ("q", request.q),
            ("rol", request.rol),
            ("provincie", request.provincie),
            ("gemeente", request.gemeente),
            ("thema", request.thema),
            ("jaar", request.jaar),
        ]
        if request.sorteer != "relevantie":
            pairs.append(("sorteer", request.sorteer))
        if keep_page and request.pagina != 1:
            pairs.append(("pagina", str(request.pagina)))
        if request.per_pagina != config.WEB_DEFAULT_PAGE_SIZE:
            pairs.append(("per_pagina", str(request.per_pagina)))
        return urlencode([(key, value) for key, value in pairs if value])


def search_parameters(vocabulary):
    """A FastAPI dependency reading the search parameters; closed lists come from the vocabulary."""
    role_values = Literal[("", *vocabulary.roles)]
    province_values = Literal[("", *vocabulary.provinces)]
    theme_values = Literal[("", *vocabulary.themes)]
    sort_values = Literal[tuple(SORTS)]

    # async: it does no I/O, and FastAPI would run a plain function in a worker thread (one hop per request).
    async def read(
        q: Annotated[
            str,
            Query(
                max_length=config.WEB_MAX_QUERY_LENGTH,
                description="Zoekvraag. Gewone woorden zoeken alle woorden; ook AND/OR/NOT, "
                "\"zinnen\", veld:waarde en voorvoegsel* werken.",
            ),
        ] = "",
        rol: Annotated[role_values, Query(description="Rol van MEE (id uit cases/vocabulary.yml); leeg = alle.")] = "",
        provincie: Annotated[province_values, Query(description="Provincie (id); leeg = alle.")] = "",
        gemeente: Annotated[
            str, Query(max_length=config.WEB_MAX_FILTER_LENGTH, description="Naam van een gemeente; leeg = alle.")
        ] = "",
        thema: Annotated[theme_values, Query(description="Thema (id); leeg = alle.")] = "",
        jaar: Annotated[str, Query(pattern=r"^([0-9]{4})?$", description="Jaartal (vier cijfers); leeg = alle.")] = "",
        sorteer: Annotated[sort_values, Query(description="Volgorde: relevantie, jaar of gemeente.")] = "relevantie",
        pagina: Annotated[int, Query(ge=1, le=config.WEB_MAX_PAGE, description="Paginanummer.")] = 1,
        per_pagina: Annotated[
            int,
            Query(
                ge=1,
                le=config.WEB_MAX_PAGE_SIZE,
                description="Resultaten (praktijkvoorbeelden of pagina's) per pagina.",
            ),
        ] = config.WEB_DEFAULT_PAGE_SIZE,
    ) -> SearchRequest:
        return SearchRequest(
            q=q,
            rol=rol,
            provincie=provincie,
            gemeente=gemeente.strip(),
            thema=thema,
            jaar=jaar,
            sorteer=sorteer,
            pagina=pagina,
            per_pagina=per_pagina,
        )

    return read


def validation_messages(errors) -> list[dict]:
    """Dutch messages for FastAPI/pydantic validation errors: [{"parameter": …, "melding": …}]."""
    messages = []
    for error in errors:
        location = [str(part) for part in error.get("loc", ()) if part not in ("query", "path", "body")]
        name = location[-1] if location else "verzoek"
        what = PARAMETER_HELP.get(name, f"'{name}'")
        context = error.get("ctx") or {}
        kind = error.get("type", "")
        if kind == "string_too_long":
            text = f"{what.capitalize()} is te lang: hoogstens {context.get('max_length')} tekens."
        elif kind == "literal_error":
            text = f"Onbekende waarde voor {what}. Kies uit: {context.get('expected', '')}."
        elif kind in ("int_parsing", "int_from_float", "int_type"):
            text = f"{what.capitalize()} moet een heel getal zijn."
        elif kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
            text = f"{what.capitalize()} valt buiten de grenzen (zie de uitleg over {name})."
            if name == "pagina":
                text = f"Het paginanummer moet tussen 1 en {config.WEB_MAX_PAGE} liggen."
            elif name == "per_pagina":
                text = f"Het aantal per pagina moet tussen 1 en {config.WEB_MAX_PAGE_SIZE} liggen."
        elif kind == "string_pattern_mismatch" and name == "jaar":
            text = "Het jaar moet een jaartal van vier cijfers zijn, bijvoorbeeld 2014."
        elif kind == "missing":
            text = f"{what.capitalize()} ontbreekt."
        else:
            text = f"{what.capitalize()} heeft een waarde die we niet kunnen lezen."
        messages.append({"parameter": name, "melding": text})
    return messages
