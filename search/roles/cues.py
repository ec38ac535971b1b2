"""The cue lexicon of the role classifier: which words, in a sentence about MEE, point to which role.

Patterns run on *normalised* text (see classify.normalise): lowercase, no diacritics, hyphens inside
words removed ("wijk-team" → "wijkteam"), spaces in known compounds closed ("wijk team" → "wijkteam").
Every cue is one entry of CUES, so a verdict can always name the cue that produced it.
"""

import re
from dataclasses import dataclass

INDEPENDENT, GENERALIST, SPECIALIST = "independent", "generalist", "specialist"
BASE_ROLES = (INDEPENDENT, GENERALIST, SPECIALIST)

# ---------------------------------------------------------------- building blocks

# A neighbourhood-type team. "sociaal team", "sociale teams", "buurtteams", "Samen DOEN-teams", …
TEAM = (
    r"\b(?:(?:socia(?:al|le)|wijk|buurt|gebieds|dorps|kern|stadsdeel|samendoen|toegangs|frontoffice|"
    r"jeugdengezins|gezins|ouderkind|basis|loka(?:al|le)|integra(?:al|le)|multidisciplinaire?|sociaalwijk|"
    r"socialewijk|socialebuurt|sociaalbuurt|jeugd|jeugdengezin|frontlijn|eerstelijns|ondersteunings|"
    r"zorg en welzijns|welzijns)\s?teams?|teams? (?:in|voor) de (?:wijk|buurt)\w*|"
    r"wijknetwerk\w*|(?:wijk|buurt|gebieds|dorps|kern) ?ploeg(?:en)?)\b"
)

# An organisation *inside* a team: the membership word must stand close to the team word, so that
# "bij de start van het wijkteam in Haulerwijk" is not read as membership.
MEMBER_BEFORE = (
    r"\b(?:deel|lid|leden|partner\w*|onderdeel|deelnemer\w*|deelname|teamlid|teamleden|kernpartner\w*|"
    r"vertegenwoordigd|vertegenwoordiger\w*|zitting|aangesloten|gedetacheerd|plek|plaats|opgenomen|"
    r"opgegaan|ondergebracht|ingebed|geintegreerd|vormen|vormt|bemensen|bemenst|detacheert|detacheren|"
    r"meedraaien|meedraait|aanschuiven|schuift|schuiven)\b"
)


def membership(team: str) -> str:
    """Pattern for 'in/aan/voor [≤2 words] TEAM', 'lid/deel … TEAM' and 'TEAM bestaat uit …'."""
    return (
        r"\b(?:in|binnen|aan|bij|vanuit|naar)\s(?:\w+\s){0,2}" + team + "|" +
        # "voor" only after staff words: "consulenten voor de buurtteams", not "een folder voor wijkteams"
        r"\b(?:consulent\w*|medewerker\w*|generalist\w*|mensen|professionals|teamleden|teamleider\w*|"
        r"capaciteit|formatie|uren|fte)\s(?:\w+\s){0,2}voor\s(?:\w+\s){0,2}"
        + team
        + "|"
        + MEMBER_BEFORE
        + r"\s(?:\w+\s){0,6}"
        + team
        + "|"
        + r"\b(?:kern|basis|ruggengraat|spil|hart|vaste bezetting) van (?:de|het|alle|elk|ieder) (?:\w+\s)?"
        + team
        + "|"
        + team
        + r"\s(?:\w+\s){0,6}(?:bestaa?t|bestaan|opgebouwd|samengesteld|gevormd|bemand|bemenst|bemensd|"
        r"ingevuld|gedragen)\b|" + team + r"\s(?:\w+\s){0,2}(?:werken|werkt|zitten|zit|draaien|draait)\b"
    )


GENERIC_TEAM = r"(?:(?:het|de|dat|die|ieder|elk|elke|deze|dit) teams?\b)"

# Help given *to* a team (advice, training, back-up): that is the specialist's place, not membership.
SUPPORT_TO_TEAM = (
    r"\b(?:advies|adviseert|adviseren|advisering|consultatie\w*|consult|scholing|schoolt|"
    r"training\w*|traint|trainen|coacht|coachen|coaching|deskundigheidsbevordering|"
    r"achtervang|aanvulling|aanvullend|achterhand|achterkant|achterwacht|op afroep|beroep doen op|in opdracht van|"
    r"beschikbaar voor|ondersteunt de (?:\w+ )?(?:professionals|medewerkers|generalisten)|"
    r"ondersteunen de (?:\w+ )?(?:professionals|medewerkers|generalisten)|"
    r"(?:verwijst|verwijzen|verwezen|schakelt|schakelen|inschakel\w*|ingeschakeld|roept|roepen|inroepen)\b)"
)

# Words that make a team mention about working *beside* the team rather than in it.
BESIDE_TEAM = (
    r"\b(?:samen met|naast|buiten|los van|zonder|onafhankelijk van|in plaats van|achter|"
    r"aanvulling op)(?: \w+){0,2} \w*teams?\b"
)

ONAFH = r"onafhankelijke?"
# Money for client support on its way from the state to the municipalities, or shared out among them: the
# AWBZ era and the transfer, not a role a municipality gave MEE.
NATIONAL_FUNDING = (
    r"\bawbz|\blandelijke? subsidie|\brijkssubsidie|\bnaar (?:de )?gemeenten\b|\boverhevel\w*|\boverge(?:heveld|gaan)\b|"
    r"\bweegt\b|\bverdeel\w*|\bverdeeld\b|\btoegerekend|\btoerekening"
)
# "onafhankelijk" in another sense: an independent bureau, evaluation, chair, …
OTHER_INDEPENDENT = (
    r"\bonafhankelijke? (?:\w+ )?(?:onderzoe\w*|bureau\w*|onderzoeksbureau\w*|adviesbureau\w*|"
    r"evaluat\w*|commissie|deskundige\w*|instantie\w*|toezicht\w*|voorzitter|accountant\w*|"
    r"partij|derde|blik|beoordel\w*|review|audit\w*|meting|peiling|enquete\w*|panel)|"
    r"\bonafhankelijk van (?:\w+ )?(?:subsidie\w*|financiering|geld|budget\w*|de politiek|"
    r"fondsen|het rijk|de conjunctuur|elkaar|leeftijd|inkomen)"
)

# Clause-level negation. "niet alleen" (= also) is not a negation.
NEGATION = (
    r"\b(?:niet(?! alleen| enkel| uitsluitend| slechts)|geen|nooit|nergens|evenmin|noch|stopgezet|ingetrokken|"
    r"afgeschaft|opgezegd|stopt\w*|gestopt|beeindig\w*|opgeheven|afgebouwd|geschrapt|uitgesloten|"
    r"weigert|weigerde|afgewezen)\b"
)

# The old arrangement ended. A clause with one of these describes the past, not the current role.
ENDED = (
    r"\b(?:tot (?:en met )?(?:(?:eind|begin|medio|halverwege|1|31)\s)?(?:\w+\s)?20[123]\d|"
    r"voorheen|vroeger|destijds|aanvankelijk|oorspronkelijk|in eerste instantie|eerst|"
    r"niet langer|niet meer|geen \w+ meer|stopt\w*|gestopt|stopgezet|ingetrokken|afgeschaft|opgezegd|beeindig\w*|opgeheven|afgebouwd|"
    r"liep af|afgelopen|ten tijde van|tot dan toe|tot dat moment|tot die tijd|tijdens de pilot|in de pilot|in de proeftijd|"
    r"was tot|waren tot|verviel|vervallen|vervalt|verdween|verdwenen|blikt\w* terug|terugblik\w*|"
    r"in de eerste jaren|na (?:het|de) (?:einde|opheffing|opheffen|faillissement|sluiting) van|"
    r"(?:houdt|houden|hield|hielden) (?:\w+ ){0,3}op te bestaan|(?:neemt|nemen|nam|namen) (?:\w+ ){0,3}medewerkers over)\b"
)
# A clause that states the arrangement from a point in time on.
CURRENT = (
    r"\b(?:vanaf|sinds|sindsdien|per (?:1 )?(?:januari|jan|1-1)|met ingang van|inmiddels|nu|"
    r"tegenwoordig|voortaan|daarna|vervolgens|uiteindelijk|momenteel|op dit moment|"
    r"thans|vandaag|actueel|de nieuwe|het nieuwe|nieuwe afspraak|is overgestapt|overgestapt)\b"
)
# Simple past of the verbs policy prose uses for an arrangement: on its own, a weak sign of "before".
PAST_TENSE = (
    r"\b(?:werkte|werkten|zat|zaten|was|waren|leverde|leverden|had|hadden|deed|deden|bood|"
    r"boden|vormde|vormden|nam|namen|kreeg|kregen|stond|stonden|hield|hielden|maakte|maakten|"
    r"voerde|voerden|ving|vingen|gaf|gaven|kocht|kochten|ontving|ontvingen|verzorgde|verzorgden|"
    r"bestond|bestonden)\b"
)
# Hypothetical or undecided: a role that is only being considered is not a role.
HYPOTHETICAL = (
    r"\b(?:misschien|wellicht|mogelijkerwijs|eventueel|eventuele|zou|zouden|overweegt|"
    r"overwegen|overwogen|overweging|onderzoekt of|onderzoeken of|wordt onderzocht|"
    r"worden onderzocht|is onderzocht|verkent|verkennen|verkenning|denkt na|denken na|"
    r"nadenken|op termijn|in de toekomst|nog niet besloten|nog niet beslist|geen besluit|"
    r"nog onduidelijk|nog niet duidelijk|onduidelijk|onbekend|niet bekend|onzeker|"
    r"nog open|open vraag|ter discussie|wil graag|zou graag|hoopt|hopen|ambitie|"
    r"idee|wens|wenst|wensen|graag|wil(?:len|de)? (?:\w+ ){0,3}(?:rol|plek|gaan|worden|spelen)|geeft aan|"
    r"voorstel om|plan om|mogelijkheid|mogelijkheden|kan worden|kunnen worden|"
    r"is nog niet|zijn nog niet|wordt nog(?! steeds)|worden nog(?! steeds)|nog geen|in gesprek (?:met|over)\b|(?:de |die )?gesprekken (?:met|over) (?:mee|de organisatie|de rol)|gesprekken (?:lopen|starten|beginnen|volgen)|"
    r"of mee|of de organisatie|of zij|denkt erover na|denken erover na|hangt af|hangen af|"
    r"welke (?:rol|plek|plaats|positie|opdracht|taak|taken)|(?<!pas )(?<!komt )(?<!komen )in beeld|de toekomst van|"
    r"(?:overleggen|overlegt|praten|praat|spreken|spreekt) (?:\w+ ){0,4}over|"
    r"gemeenten (?:kunnen|mogen|moeten|zouden)|raadt \w+ aan|aanbeveling\w*|adviseert het|"
    # questions, requests and wishes about what MEE should do or did: "wil weten of", "vraagt om", "pleit voor"
    r"wil(?:len)? weten|vraagt zich af|vragen zich af|vraagt om|vragen om|pleit\w*|roept op|wil(?:len)? dat|"
    r"gemiste kans|"
    # still searching for the form or the assignment: "gemeenten zochten nog naar hun opdracht aan MEE"
    r"nog (?:\w+ ){0,2}(?:zoekende|zoeken|zoekt|zochten|zocht) naar|(?:zoekt|zoeken|zocht|zochten) nog naar)\b|\?(?!['\"])"  # not the question mark inside a quoted name ("'Lunch je MEE?'")
)
# Texts about MEE in general rather than about what a municipality arranged: national letters and motions,
# lobby, consultations, MEE's umbrella organisation. A cue in such a sentence is weighed like a hypothetical.
NATIONAL = (
    r"\b(?:kamermotie\w*|motie\w*|kabinet\w*|wetsvoorstel\w*|tweede kamer|staatssecretaris|minister\w*|"
    r"lobby\w*|internetconsultatie|consultatie over|mee ?nl|mee nederland|koepel\w*|"
    r"kabinetsperiode|regeerakkoord|rapport (?:van|over) mee|onderzoek onder (?:\w+ ){0,3}consulenten|"
    # the organisation itself: mergers, boards, research with colleges, a notice to professionals
    r"bestuurlijke? fusie|fuseren|fuseert|holding|raad van toezicht|raden van toezicht|ondernemingsra\w*|"
    r"interim\w*|hogeschool|lectoraat|afstudeer\w*|scriptie)\b"
)
# Only a little of a role: enough to mention, not enough to call it a second role.
MINOR = (
    r"\b(?:incidenteel|af en toe|soms|een enkele keer|enkele keren|sporadisch|"
    r"in uitzonderingsgevallen|bij uitzondering|zelden|op kleine schaal|"
    r"hooguit|hoogstens|nauwelijks|marginaal|heel soms|terloops)\b"
)
# A clearly stated additional role.
ALSO = r"\b(?:daarnaast|ook|tevens|bovendien|eveneens|zowel|naast|verder|tegelijk|tegelijkertijd|dubbele)\b"


@dataclass(frozen=True)
class Cue:
    role: str
    weight: float
    all_of: tuple  # every pattern must occur in the clause
    unless: str = ""  # the cue does not count when this occurs in the clause
    needs_negation: bool = False  # cue is a negative statement itself ("beslist niet over …")
    name: str = ""
    needs_team_context: bool = False  # only when the text named a neighbourhood team somewhere
    unless_sentence: str = ""  # the cue does not count when this occurs anywhere in the sentence

    def __post_init__(self):
        object.__setattr__(self, "compiled", tuple(re.compile(p) for p in self.all_of))
        object.__setattr__(self, "compiled_unless", re.compile(self.unless) if self.unless else None)
        object.__setattr__(
            self, "compiled_unless_sentence", re.compile(self.unless_sentence) if self.unless_sentence else None
        )


def cue(
    role, weight, *patterns, unless="", needs_negation=False, name="", needs_team_context=False, unless_sentence=""
):
    return Cue(role, weight, tuple(patterns), unless, needs_negation, name, needs_team_context, unless_sentence)


CUES = (
    # ------------------------------------------------ independent: next to the client, general offer
    cue(
        INDEPENDENT,
        1.0,
        ONAFH + r" (?:\w+ ){0,2}(?:clientondersteun\w*|ondersteun\w*|cliente?n?\w*|"
        r"positie|rol|advies\w*|adviseur\w*|informatie|belangenbehart\w*|vertrouwens\w*|hulp\w*|"
        r"begeleid\w*|steun\w*|consulent\w*|aanbieder\w*|partij bij de client|functie|plek|specialist)\b|"
        # the noun: "het belang van de onafhankelijkheid van de cliëntondersteuning"
        r"\bonafhankelijkheid van (?:de |het )?(?:\w+ )?(?:clientondersteun\w*|ondersteuner\w*|ondersteuning)\b",
        unless=OTHER_INDEPENDENT,
        name="onafhankelijke cliëntondersteuning",
    ),
    cue(
        INDEPENDENT,
        0.9,
        r"\b(?:werkt|werken|staat|staan|opereert|opereren|is|zijn|blijft|blijven|"
        r"positioneert|positioneren|functioneert|adviseert|handelt|ondersteunt|ondersteunen|helpt|helpen|"
        r"begeleidt|adviseren|informeert)\b(?: \w+){0,3} onafhankelijk\b(?! van)|"
        r"\bonafhankelijk (?:te )?(?:kunnen )?(?:werk|opereer|advis|ondersteun|handel|informe)\w*",
        unless=OTHER_INDEPENDENT,
        name="werkt onafhankelijk",
    ),
    cue(
        INDEPENDENT,
        1.0,
        r"\b(?:onafhankelijk(?:e)?|los|apart|gescheiden|losgekoppeld|ontkoppeld) (?:\w+ )?van (?:de |het |een )?(?:\w+ )?(?:gemeente\w*|toegang\w*|"
        r"indicatie\w*|wijkteam\w*|buurtteam\w*|team\w*|loket\w*|aanbieder\w*|zorgaanbieder\w*|beslis\w*|"
        r"besluit\w*|toekenn\w*|toewijz\w*|financier\w*|opdrachtgever\w*|zorgverzekeraar\w*|instellingen)",
        name="onafhankelijk van de gemeente of de toegang",
    ),
    cue(
        INDEPENDENT,
        1.0,
        r"\b(?:naast|achter) de (?:client|clienten|inwoner|inwoners|burger|burgers|"
        r"bewoner|bewoners|hulpvrager|hulpvragers)\b",
        name="naast de cliënt",
    ),
    cue(
        INDEPENDENT,
        1.0,
        r"\b(?:aan de kant|aan de zijde|op de hand) van de (?:client|inwoner|burger|"
        r"hulpvrager)\w*|\baan (?:diens|zijn|haar|hun) (?:kant|zijde)\b",
        name="aan de kant van de cliënt",
    ),
    cue(INDEPENDENT, 0.9, r"\b(?:geen|zonder) (?:\w+ ){0,2}belang(?:en)? bij\b", name="geen belang bij de uitkomst"),
    cue(
        INDEPENDENT,
        0.8,
        r"\b(?:staat|staan|werkt|werken|opereert|opereren|blijft|blijven) (?:\w+ ){0,2}los\b",
        unless=r"\bmaatwerk|\bspecialis",
        name="staat los van de toegang",
    ),
    cue(
        INDEPENDENT,
        0.9,
        r"\b(?:uitsluitend|alleen|enkel|puur|volledig|louter|steeds)(?: \w+){0,2} "
        r"(?:in )?(?:het|de) belang(?:en)? van de (?:client|inwoner|burger|hulpvrager)\w*",
        name="alleen in het belang van de cliënt",
    ),
    cue(INDEPENDENT, 0.6, r"\bbelang(?:en)? van de (?:client|inwoner|hulpvrager)\w*", name="belang van de cliënt"),
    cue(INDEPENDENT, 0.8, r"\balgemene? voorziening\w*", unless=r"\bmaatwerk", name="algemene voorziening"),
    cue(
        INDEPENDENT,
        0.8,
        r"\b(?:collectie(?:f|ve)|algemeen|algemene) (?:\w+ )?(?:aanbod|voorziening\w*|"
        r"ondersteuning|deel|kader)\b",
        name="collectief aanbod",
    ),
    cue(
        INDEPENDENT,
        0.7,
        r"\b(?:vrij toegankelijk\w*|gratis|kosteloos|kosteloze|zonder kosten|vrijblijvend\w*|"
        r"(?:staat|staan) open voor (?:iedereen|alle inwoners)|toegankelijk voor (?:iedereen|alle inwoners))\b",
        unless=r"\bmaatwerk|\bingekocht|\bcontract",
        name="vrij toegankelijk en gratis",
    ),
    cue(
        INDEPENDENT,
        0.7,
        r"\b(?:zonder|geen) (?:\w+ )?(?:indicatie|beschikking|verwijzing|toekenning)\b",
        name="zonder indicatie",
    ),
    # A negative statement that *is* the cue: MEE does not decide on provisions.
    cue(
        INDEPENDENT,
        0.8,
        r"\b(?:beslis\w*|besluit\w*|indiceert|indiceren|indicatie\w*|toekenn\w*|kent|kennen|"
        r"toewijz\w*|wijst|beschikking\w*|beoordeelt|beoordelen|poortwachter\w*|indicerend\w*)\b",
        needs_negation=True,
        unless=TEAM + r"|\bmaatwerk\w* (?:levert|leveren|biedt|bieden)",
        name="beslist niet over voorzieningen",
    ),
    cue(
        INDEPENDENT,
        0.8,
        r"\bsubsidi\w*",
        r"\b(?:clientondersteun\w*|ondersteun\w*|informatie|advies|"
        r"cliente?n?\b|mee)\b",
        unless=TEAM + r"|\bmaatwerk|\bingekocht|\bcontract|\bonafhankelijk van subsidie|" + NATIONAL_FUNDING,
        name="subsidie voor cliëntondersteuning",
    ),
    # A budget for client support given to MEE ("MEE krijgt 80 procent van het budget om de cliëntondersteuning
    # voort te zetten").
    cue(
        INDEPENDENT,
        0.8,
        r"\b(?:budget\w*|middelen)\b",
        r"\bclientondersteun\w*",
        unless=TEAM + r"|\bmaatwerk|\bingekocht|\bcontract|" + NATIONAL_FUNDING,
        name="budget voor cliëntondersteuning",
    ),
    # Paraphrases of the independent position, without the word "onafhankelijk".
    cue(
        INDEPENDENT,
        0.9,
        r"\b(?:(?:alleen|uitsluitend|enkel|louter|volledig) )?in dienst van de "
        r"(?:client|inwoner|burger|hulpvrager|bewoner)\w*|\bvan niemand anders\b|\bniemand anders dan de "
        r"(?:client|inwoner)\w*|\b(?:alleen|uitsluitend|puur|enkel) (?:voor|van) de (?:client|inwoner|burger|hulpvrager)\w*",
        unless=r"\bin dienst van de (?:gemeente|toegang|teams?)\b",
        name="alleen in dienst van de cliënt",
    ),
    cue(
        INDEPENDENT,
        0.8,
        r"\b(?:alleen|enkel|uitsluitend|louter) (?:telt |gaat het om |draait het om )?wat de "
        r"(?:client|inwoner|burger|hulpvrager)\w* (?:zelf )?(?:wil|wenst|nodig heeft|belangrijk vindt)\b|"
        r"\b(?:telt|gaat het om|draait het om) (?:alleen|enkel|uitsluitend) wat de (?:client|inwoner)\w*",
        name="alleen wat de cliënt wil",
    ),
    cue(
        INDEPENDENT,
        0.7,
        r"\b(?:bepaalt|bepalen|bepaald) (?:\w+ ){0,2}(?:welke|of|hoeveel) (?:\w+ ){0,2}"
        r"(?:zorg|hulp|ondersteuning|voorziening\w*|begeleiding)\b",
        needs_negation=True,
        unless=TEAM,
        name="bepaalt niet welke zorg",
    ),
    cue(
        INDEPENDENT,
        0.8,
        r"\b(?:zit|zitten|zat|zaten|schuift|schuiven) (?:\w+ ){0,3}aan tafel\b",
        r"\b(?:besluit\w*|beslis\w*|toekenn\w*|indicatie\w*|beschikking\w*|toewijz\w*)\b",
        needs_negation=True,
        name="zit niet aan tafel bij het besluit",
    ),
    cue(
        INDEPENDENT,
        0.8,
        r"\b(?:beslis\w*|besluit\w*|gaat|gaan) (?:\w+ ){0,3}over geen\b",
        name="beslist over geen voorziening",
    ),
    cue(
        INDEPENDENT,
        0.7,
        r"\b(?:niets|niks) te maken met (?:de |het )?(?:toewijz\w*|toekenn\w*|besluit\w*|beslis\w*|"
        r"indicatie\w*|toegang\w*|beschikking\w*)",
        name="niets te maken met de toewijzing",
    ),
    cue(
        INDEPENDENT,
        0.8,
        r"\b(?:gaat|gaan|ging|gingen|komt|komen|schuift|schuiven) (?:\w+ ){0,2}mee (?:\w+ ){0,2}"
        r"(?:naar|bij|aan) (?:het|de|een|zijn|haar|hun) (?:\w+ )?(?:keukentafel\w*|gesprek\w*|intake\w*)|"
        r"\bmee (?:te )?(?:sturen|stuurt|gaan|komen) (?:naar|bij) (?:het|de|een|zijn|haar|hun) (?:\w+ )?"
        r"(?:keukentafel\w*|gesprek\w*|intake\w*)|"
        r"\b(?:als|ter) (?:steun|ondersteuning) (?:voor|van) de (?:client|inwoner|burger|hulpvrager)\w*|"
        # "de hulp van MEE is vooral belangrijk bij keukentafelgesprekken"
        r"\b(?:hulp|steun|ondersteuning|bijstand)\b (?:\w+ ){0,6}bij (?:het |de |een |hun |zijn |haar )?keukentafel\w*",
        unless=r"\b(?:voert|voeren|namens de gemeente|indiceert)\b",
        name="gaat mee als steun voor de inwoner",
    ),
    cue(
        INDEPENDENT,
        0.8,
        r"\b(?:gaat|gaan|ging|gingen) (?:er|daar) (?:\w+ )?niet over\b|\bbeslissen over niets\b|"
        r"\bbeslist over niets\b|\bonpartijdig\w*|\bbuiten de (?:toegang|indicatie\w*|beslissing\w*|besluitvorming)\b",
        name="gaat niet over het besluit",
    ),
    cue(
        INDEPENDENT,
        0.6,
        r"\b(?:ombuds\w*|vertrouwenspersoon\w*|belangenbehartig\w*|clientondersteuner "
        r"(?:van|voor) de client)",
        name="belangenbehartiger",
    ),
    cue(
        INDEPENDENT,
        0.5,
        r"\bclientondersteun\w*",
        unless=TEAM
        + "|"
        + GENERIC_TEAM
        + r"|\b(?:daar|daarin|daarbinnen|arrangement\w*|transitie\w*)\b|\bmaatwerk|\bspecialis|\bingekocht|"
        r"\bcontract|\btweede ?lijn|\bonafhankelijk|\bsubsidi|\bgeneralist|\binkoop|\binkopen|\bingekocht|"
        + NATIONAL_FUNDING,
        name="cliëntondersteuning (algemeen)",
    ),
    # ------------------------------------------------ generalist: a broad worker, in a team
    cue(
        GENERALIST,
        1.0,
        membership(TEAM),
        unless=SUPPORT_TO_TEAM
        + "|"
        + BESIDE_TEAM
        + r"|\b(?:verwijst|verwijzen|verwezen|doorverwijz\w*) (?:\w+ ){0,3}naar",
        name="lid van een wijkteam",
    ),
    # "in dat team", "daarin": a generic team word, when the text has named a neighbourhood team before.
    cue(
        GENERALIST,
        0.9,
        membership(GENERIC_TEAM) + r"|\b(?:zit|zitten|werkt|werken|zat|zaten|participeert|participeren) "
        r"(?:\w+ ){0,2}(?:daarin|daarbinnen|erin|hierin|hierbinnen)\b|\b(?:daarin|daarbinnen|erin|hierin|hierbinnen) "
        r"(?:\w+ ){0,3}(?:zit|zitten|werkt|werken|participeert|participeren)\b|"
        r"\b(?:neemt|nemen) (?:\w+ )?deel\b(?! aan)|\b(?:participeert|participeren)\b(?! in (?:het|de) (?!\w*team))",
        unless=SUPPORT_TO_TEAM + "|" + BESIDE_TEAM,
        needs_team_context=True,
        name="lid van dat team",
    ),
    cue(
        GENERALIST,
        0.7,
        r"\b(?:werkt|werken|zit|zitten|draait|draaien) (?:er|daar)\b(?! (?:niet|geen|buiten|naast))",
        unless=SUPPORT_TO_TEAM + r"|\bmaatwerk|\bspecialis|\bonafhankelijk|\bgemeente",
        needs_team_context=True,
        name="werkt in dat team",
    ),
    cue(GENERALIST, 0.8, r"\bteamle(?:d|den)\b|\bteamlid\b", unless=SUPPORT_TO_TEAM, name="teamlid"),
    cue(
        GENERALIST,
        1.0,
        r"\bgeneralist(?:en|isch|ische|e)?\b|\ballround\w*",
        unless=SUPPORT_TO_TEAM + r"|\b(?:de|het|die) "
        r"generalisten\b|\bgeneralisten (?:in|uit|van) ",
        name="generalist",
    ),
    cue(
        GENERALIST,
        0.6,
        r"\b(?:breed|brede|integraal|integrale) (?:inzetbaar\w*|werk\w*|georienteerd\w*|"
        r"blik|intake\w*|toegang|vraagverheldering|team\w*)\b|\balle levensdomeinen\b|\balle leefgebieden\b",
        unless=SUPPORT_TO_TEAM,
        name="breed werken",
    ),
    cue(
        GENERALIST,
        0.8,
        r"\b(?:aan|in) de voorkant\b|\beerste aanspreekpunt (?:\w+ ){0,3}(?:in|voor) de "
        r"(?:wijk|buurt|kern|dorp|straat)\w*|\b(?:werkt|werken|werkte) (?:\w+ ){0,2}(?:breed|generalistisch)\b|"
        r"\bniet (?:alleen|enkel|uitsluitend) (?:voor|met) (?:mensen|inwoners|clienten) met een beperking\b",
        unless=SUPPORT_TO_TEAM + "|" + TEAM + r"|\bmaatwerk|\bspecialis",
        name="werkt aan de voorkant, breed",
    ),
    # Paraphrases of the broad worker: every kind of question, the same work as the rest of the team.
    cue(
        GENERALIST,
        0.7,
        r"\b(?:alle|elke|iedere|ieder) (?:soorten? |soort |nieuwe )?(?:vragen|vraag|hulpvragen|hulpvraag|"
        r"meldingen|melding|aanmeldingen)\b|\bwat de vraag ook is\b|\bwelke vraag (?:het )?ook\b|\bvan alles\b|"
        r"\b(?:net als|zoals) (?:de rest|de anderen|ieder(?:e)? ander(?:e)?|iedereen|(?:haar|zijn|hun) (?:\w+ )?"
        r"(?:collega|teamgeno)\w*)\b|\bhetzelfde (?:werk|rooster)\b|\b(?:wijkwerker|buurtwerker|wijkcoach|"
        r"sociaal makelaar|wijkprofessional)\w*",
        unless=SUPPORT_TO_TEAM + r"|\bmaatwerk|\bspecialis|\bbeperking",
        needs_team_context=True,
        name="pakt elke vraag op, net als de rest van het team",
    ),
    cue(
        GENERALIST,
        0.6,
        r"\beerste ?lijns?\b|\beerstelijns\w*\b|\bfrontoffice\b|\bvoordeur\b",
        unless=r"\btweede ?lijn",
        name="eerste lijn",
    ),
    cue(
        GENERALIST,
        0.6,
        r"\b(?:bemens\w*|staf\w*|draait|draaien|voert|voeren|doet|doen|neemt|nemen)\b",
        r"\b(?:wmo ?loket|loket\w*|toegang\w*|keukentafelgesprek\w*|intake\w*)\b",
        unless=SUPPORT_TO_TEAM + r"|\bmaatwerk|\bspecialis|\bonafhankelijk",
        name="werkt in de toegang",
    ),
    # ------------------------------------------------ specialist: bought-in customised provision
    cue(
        SPECIALIST,
        1.0,
        r"\bmaatwerk\w*",
        unless=r"\b(?:toegang|toekenn\w*|besl\w*|indic\w*|beoordel\w*|advis\w*|"
        r"beschikking\w*) (?:\w+ )?(?:tot|van|over|voor|op) (?:de |het |een )?(?:\w+ )?maatwerk|"
        r"\bmaatwerk\w* (?:\w+ )?(?:beslist|beslissen|besluit|toekent|toekennen|indiceert)\b",
        name="maatwerk",
    ),
    # Not when MEE itself calls in specialists ("schakelen zo nodig specialisten in").
    cue(
        SPECIALIST,
        1.0,
        r"\bspecialis(?:tisch|tische|t|ten|me|atie)\b|\bgespecialiseerde?\b",
        unless=r"\bgeen specialist|\bonafhankelijke? specialist\b|\b(?:schakel\w*|inschakel\w*|verwijz\w*|verwijst|verwijzen|haalt|halen|roept|roepen)"
        r" (?:\w+ ){0,3}specialist(?:en)?\b|"
        # Specialised *independent* client support is the independent role done by experts, not maatwerk.
        r"\b(?:gespecialiseerde?|specialistische?) (?:\w+ )?clientondersteun\w*",
        name="specialistisch",
    ),
    # Typical Wmo maatwerk products.
    cue(
        SPECIALIST,
        0.8,
        r"\b(?:dagbesteding|ambulante begeleiding|individuele begeleiding|begeleiding individueel|"
        r"begeleiding groep|kortdurend verblijf|logeeropvang|beschermd wonen|persoonsgebonden budget|pgb)\b",
        name="maatwerkproduct (begeleiding, dagbesteding)",
    ),
    cue(
        SPECIALIST,
        0.8,
        r"\b(?:achterhand|achterkant|achterwacht|op afroep)\b|\bin opdracht van (?:het|de) \w*teams?\b",
        name="op afroep voor de teams",
    ),
    cue(
        SPECIALIST,
        0.9,
        r"\b(?:ingekocht|inkoopt|inkopen|inkoop\w*|koopt|kopen|kocht|contract\w*|"
        r"gecontracteerd|aanbested\w*|raamovereenkomst\w*|opdracht (?:per|op) \w+|zorg in natura|"
        r"dienstverleningsovereenkomst|raamcontract\w*|perce(?:el|len)|productcode\w*|gegund|gunning|"
        r"inkooptraject\w*|inkoopafspra\w*)\b",
        # Subsidised, or bought as independent client support (a contract for the independent role).
        # A contract for client support buys the independent role; a contract for the access (the teams) buys
        # staff for the teams; "contracts with fourteen municipalities" says nothing about what was bought.
        unless=r"\bsubsidie|\bclientondersteun\w*|\b(?:die|deze) ondersteuning\b|\btoegang\b|\bintegrale vroeghulp|\bcoordinatie\b|"
        r"\bcontract\w* (?:\w+ )?(?:gesloten |afgesloten |getekend )?met (?:\w+ ){0,3}gemeenten\b|"
        # the municipality deciding what care it buys for a resident: MEE is not what is bought
        r"\b(?:bepaalt|bepalen|beslist|beslissen) (?:\w+ ){0,2}(?:hoeveel|welke) (?:\w+ ){0,5}(?:ingekocht|inkoopt|gecontracteerd)\b",
        # "… koos voor onafhankelijke cliëntondersteuning en koopt die ondersteuning in bij MEE"; "een raamcontract
        # met MEE, de aanbieder van cliëntondersteuning": a contract in a sentence about client support buys it,
        # unless the sentence says it buys something else ("een contract voor begeleiding").
        unless_sentence=r"^(?!.*\b(?:contract\w*|ingekocht|inkoop\w*|gecontracteerd) (?:\w+ ){0,2}voor (?:de |het )?"
        r"(?:\w+ )?(?:begeleiding|dagbesteding|maatwerk\w*|trajecten|behandeling)\b).*\bclientondersteun\w*",
        name="ingekocht of gecontracteerd",
    ),
    cue(SPECIALIST, 1.0, r"\btweede ?lijns?\b|\btweedelijns\w*|\bderde ?lijns?\b", name="tweede lijn"),
    cue(
        SPECIALIST,
        0.8,
        r"\b(?:achtervang|backoffice|expertiseteam\w*|expertisecentrum|expertisefunctie|"
        r"consultatie\w*|vraagbaak|kenniscentrum|specifieke (?:expertise|kennis|deskundigheid))\b",
        name="achtervang en expertise",
    ),
    cue(
        SPECIALIST,
        0.4,
        r"\b(?:expertise|kennis|deskundigheid)\b",
        r"\b(?:beperking\w*|lvb|autisme|nah|"
        r"hersenletsel|handicap\w*|doelgroep)\b",
        unless=r"\bin (?:de |het )?\w*teams?\b(?! \w+ (?:advies|"
        r"consultatie))",
        name="expertise op beperkingen",
    ),
    cue(
        SPECIALIST,
        0.8,
        r"\b(?:op|na|via|met) (?:basis van )?(?:een )?(?:indicatie|verwijzing|beschikking|"
        r"doorverwijzing)\b",
        unless=r"\b(?:zonder|geen) (?:\w+ )?(?:indicatie|verwijzing|beschikking)",
        name="op indicatie",
    ),
    cue(SPECIALIST, 0.8, r"\bper (?:traject|uur|client|casus)\b", name="betaald per traject"),
    cue(
        SPECIALIST,
        0.8,
        r"\b(?:(?:in)?schakel\w*|ingeschakeld|verwijz\w*|verwijst|verwezen|doorverwijz\w*|roept|"
        r"roepen|ingeroepen|inroepen|doorgestuurd|doorsturen)\b",
        r"\b(?:team\w*|generalist\w*|gemeente|"
        r"loket|huisarts\w*|toegang|consulent\w*|mee\w*)\b",
        unless=r"\bmee (?:verwijst|schakelt|verwijzen)|"
        r"\bverwijst (?:de )?(?:client|inwoner)\w* (?:door )?naar|\b(?:zonder|geen) (?:\w+ )?(?:door)?verwijz\w*",
        name="ingeschakeld door het team",
    ),
    # The team gets stuck (not the resident: "inwoners die vastlopen" are anyone's clients).
    cue(
        SPECIALIST,
        0.8,
        r"\b(?:\w*teams?|generalist\w*|wijkwerker\w*|collega\w*|professional\w*)\b(?: \w+){0,4} "
        r"(?:vastloopt|vastlopen|vastliep|er niet uit ?komt|er niet uitkomen|niet verder kan|niet verder kunnen)\b|\bpas (?:\w+ ){0,3}(?:in beeld|ingeschakeld|gebeld|gevraagd|aan de beurt)\b|"
        r"\bachter de (?:\w+ )?teams?\b",
        name="pas als het team vastloopt",
    ),
    cue(
        SPECIALIST,
        0.6,
        r"\b(?:complexe|zware|ingewikkelde|meervoudige|specifieke) (?:\w+ )?(?:vragen|"
        r"situaties|casus\w*|problematiek|gevallen|hulpvragen|ondersteuningsvragen)\b",
        name="complexe vragen",
    ),
    cue(
        SPECIALIST,
        0.6,
        SUPPORT_TO_TEAM,
        TEAM,
        unless=r"\b(?:samen met|werkt samen|werken samen)\b",
        name="ondersteunt het team van buitenaf",
    ),
)

# Phrases that announce that MEE holds more than one role at once.
COMBINATION_MARKERS = (
    r"\b(?:twee|drie|meerdere|verschillende|meer dan een|dubbele) (?:rollen|petten|taken|gezichten|"
    r"functies|hoedanigheden|opdrachten)\b|"
    r"\bcombinatie van (?:rollen|taken)\b|\bdubbele rol\b|\bzowel\b.*\bals\b"
)

# A sentence that says MEE is *not* in it ("wijkteams zonder MEE", "MEE zit er niet in"): team cues in it
# do not count for MEE.
MEE_EXCLUDED = (
    r"\b(?:zonder|behalve|buiten|uitgezonderd)(?: \w+){0,2} mee\b|"
    r"\bmee (?:\w+ ){0,2}(?:er|daar|daarin|erin) (?:\w+ )?(?:niet|geen)\b(?! alleen)|\bmee niet\b|\bgeen mee\w*|"
    r"\bmee\b(?: \w+){0,3} (?:niet|geen)\b(?! alleen)(?: \w+){0,3} (?:\w*teams?|lid|deel|partner\w*|"
    r"deelnemer\w*|er ?in|daarin)\b"
)

# ---------------------------------------------------------------- cues read on the whole sentence

# Real documents list the organisations that staff a team in one long sentence ("het team, met medewerkers
# van onder meer maatschappelijk werk en MEE"), which the clause split cuts apart. These cues are read on the
# whole normalised sentence; a negation anywhere in it, or MEE being excluded, stops them.
MEE_NAME = r"\bmee(?:consulent|medewerker|organisatie|clientondersteuner)?\w{0,3}\b"
# up to twelve words, commas, brackets and a colon before a list allowed, within the sentence
TOKENS = r"[,:]?(?: [^\s.;!?]+){0,12}? "
ORG_LIST = (
    r"(?:bestaa?t uit|bestaan uit|bemand door|bemensd door|bemenst door|gevormd door|samengesteld uit|"
    r"(?:medewerkers|professionals|mensen|consulenten|partners|organisaties|moederorganisaties) (?:van|uit)|"
    r"onder meer|waaronder|onder wie|zoals|partners)"
)
SENTENCE_CUES = (
    # "het wijkteam bestaat uit medewerkers van welzijn, maatschappelijk werk en MEE"
    cue(
        GENERALIST,
        1.0,
        TEAM + TOKENS + ORG_LIST + r"\b" + TOKENS + MEE_NAME,
        unless=SUPPORT_TO_TEAM + "|" + BESIDE_TEAM,
        name="team van meerdere organisaties, MEE erbij",
    ),
    # the same with "het team", once the text has named a neighbourhood team
    cue(
        GENERALIST,
        0.9,
        GENERIC_TEAM + TOKENS + ORG_LIST + r"\b" + TOKENS + MEE_NAME,
        unless=SUPPORT_TO_TEAM + "|" + BESIDE_TEAM,
        needs_team_context=True,
        name="team van meerdere organisaties, MEE erbij",
    ),
    # "toegang via sociale wijkteams waarin MEE-consulenten meedraaien", "het gebiedsteam, waar MEE-consulenten …"
    cue(
        GENERALIST,
        1.0,
        TEAM + r" ?[,-]? (?:\w+ ){0,3}(?:waarin|waarbinnen|waar|met daarin) (?:\w+ ){0,4}" + MEE_NAME,
        unless=SUPPORT_TO_TEAM + "|" + BESIDE_TEAM,
        name="team waarin MEE werkt",
    ),
    # "samenwerkingsverband van Cardea, Gemiva, Kwadraad en MEE … de gemeentelijke toegang / de teams"
    cue(
        GENERALIST,
        0.9,
        r"\b(?:samenwerkingsverband\w*|consortium|cooperatie|coalitie|convenantpartners?|combinatie van)\b"
        + TOKENS
        + MEE_NAME,
        r"\btoegang\b|" + TEAM + "|" + GENERIC_TEAM,
        unless=SUPPORT_TO_TEAM + "|" + BESIDE_TEAM,
        name="partner in het verband dat de teams vormt",
    ),
    # a list of what the new teams take in: "in deze wijkteams onder te brengen: … cliëntondersteuning (MEE)"
    cue(
        GENERALIST,
        0.9,
        TEAM + r".{0,300}?\bclientondersteun\w* \(?(?:door |van |via )?mee\b|"
        r"\bclientondersteun\w* \(?(?:door|van|via) mee\b.{0,200}?\b(?:in|binnen) (?:de|het|deze) " + TEAM,
        unless=SUPPORT_TO_TEAM + "|" + BESIDE_TEAM,
        name="cliëntondersteuning door MEE als taak van het team",
    ),
    # Staff seconded from parent organisations: "werken met verschillende moederorganisaties in één team"
    cue(
        GENERALIST,
        0.9,
        r"\b(?:gedetacheerd|detacheert|detacheren|detachering|moederorganisatie\w*)\b",
        unless=SUPPORT_TO_TEAM + "|" + BESIDE_TEAM,
        needs_team_context=True,
        name="gedetacheerd vanuit de moederorganisatie",
    ),
    # "Professionals van elf organisaties bemensen de servicepunten, waaronder MEE": staff of several
    # organisations, MEE among them, run a team or a point of access.
    cue(
        GENERALIST,
        0.9,
        r"\b(?:bemensen|bemannen|bemensten|bemanden|bezetten|vormen|vormden)\b"
        + TOKENS
        + r"(?:waaronder|onder meer|onder wie|onder andere|zoals)\b"
        + TOKENS
        + MEE_NAME,
        r"\b(?:organisaties|partners|instellingen|aanbieders|partijen)\b",
        r"\b(?:\w*punt\w*|loket\w*|toegang\w*|\w*teams?)\b",
        unless=SUPPORT_TO_TEAM + "|" + BESIDE_TEAM,
        name="bemand door organisaties, MEE erbij",
    ),
    # "Ze worden bemand door medewerkers van de deelnemende organisaties, onder wie MEE" (the team named before)
    cue(
        GENERALIST,
        0.9,
        r"\b(?:bemand|bemensd|bemenst|gevormd|samengesteld|bezet)\b (?:\w+ ){0,2}(?:door|uit)\b" + TOKENS + MEE_NAME,
        unless=SUPPORT_TO_TEAM + "|" + BESIDE_TEAM,
        needs_team_context=True,
        name="bemand door organisaties, MEE erbij",
    ),
)
