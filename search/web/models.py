"""Response shapes of the JSON API, so the OpenAPI description says exactly what comes back."""

from pydantic import BaseModel, Field


class Hit(BaseModel):
    section: str = Field(description="Kop van de sectie waarin de treffer staat.")
    anchor: str
    url: str = Field(description="Adres van die sectie op de site (begint met /).")
    score: float
    snippet: str = Field(description="Stukje tekst als veilige HTML: ontsnapte tekst met <mark>…</mark>.")


class ResultGroup(BaseModel):
    slug: str
    title: str
    kind: str = Field(description="'case' (praktijkvoorbeeld) of 'page' (gewone pagina).")
    url: str
    role: str
    role_label: str
    province: str
    municipalities: list[str]
    themes: list[str]
    years: list[int]
    score: float
    hits: list[Hit]


class FacetValue(BaseModel):
    value: str
    label: str
    count: int


class SearchResponse(BaseModel):
    query: str
    page: int
    page_size: int
    total_groups: int = Field(description="Aantal praktijkvoorbeelden en pagina's met een treffer.")
    total_hits: int = Field(description="Aantal secties met een treffer.")
    suggestion: str | None = Field(description="'Bedoelde u …?': een betere zoekvraag, of null.")
    timed_out: bool = Field(description="Waar als de zoekvraag te lang duurde en de lijst onvolledig is.")
    all_words: bool = Field(
        True,
        description="Onwaar als geen enkel deel alle woorden bevat en de lijst delen "
        "met een deel van de woorden toont.",
    )
    notices: list[str] = Field(
        default_factory=list,
        description="Wat een grens aan de zoekvraag veranderde, in gewone taal (bijvoorbeeld een te korte prefix).",
    )
    groups: list[ResultGroup]
    facets: dict[str, list[FacetValue]] = Field(
        description="Aantallen per filter: role, province, municipality, theme, year."
    )


class Problem(BaseModel):
    parameter: str
    melding: str


class ApiError(BaseModel):
    fout: str = Field(description="Wat er misging, in gewone taal.")
    meldingen: list[Problem] = Field(default_factory=list, description="Per parameter wat er niet klopt.")


def search_response(results) -> SearchResponse:
    """The engine's SearchResults dataclass as the API model, read from its attributes (no deep copy)."""
    return SearchResponse.model_validate(results, from_attributes=True)
