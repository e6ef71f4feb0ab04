"""Countries, regions and demonyms, from maintained sources, as patterns on folded text.

- Country names: ``pycountry`` (ISO 3166-1 names, common and official names, and their
  gettext translations into German, French, Spanish, Italian, Dutch and Portuguese) and
  ``countryinfo`` (its translations and alternative spellings).
- Demonyms: ``countryinfo`` (the English demonym of every country) plus
  ``data/demonyms.yaml`` (regional and ethnic groups, and the six other languages).

A demonym is a remark about origin wherever it stands, except before an organisation or
a thing ("a Polish bank", "the German market") and where it names a language ("fluent
German"). A demonym that is also a language's name counts only when said of a person
("he is German", "German engineers"). A country counts only as someone's origin ("she is
from Nigeria", "born in Brazil", "Indian-born"), never as a place of work ("five years
in Poland at Allegro").
"""

from __future__ import annotations

import gettext
import json
from functools import cache
from importlib import resources
from pathlib import Path

import pycountry
import yaml

from mailagent.dialogue.protected.normalise import fold

_LANGS = ("de", "fr", "es", "it", "nl", "pt")
_REGIONS = (
    "africa", "asia", "europe", "eastern europe", "the middle east", "middle east",
    "latin america", "south america", "central america", "the balkans", "balkans",
    "south asia", "southeast asia", "east asia", "the caribbean", "caribbean",
    "the subcontinent", "north africa", "west africa", "east africa", "the gulf",
    "scandinavia", "the east", "the global south", "osteuropa", "afrika", "asien",
    "afrique", "asie", "europe de l'est", "maghreb", "africa", "asia", "europa del este",
    "sudamerica", "latinoamerica", "europa dell'est", "oost-europa", "azie", "afrika",
    "africa", "america latina", "leste europeu", "magreb",
)
# What a demonym may stand before without being about a person.
ORG_NOUNS = (
    "company|companies|bank|banks|startup|startups|firm|firms|market|markets|office|"
    "offices|subsidiary|subsidiaries|client|clients|customer|customers|user|users|law|"
    "laws|legal|gaap|tax|taxes|payroll|regulation|regulations|regulator|regulators|"
    "regulatory|authority|authorities|government|operations|entity|entities|branch|site|"
    "sites|retailer|retailers|telco|telcos|insurer|insurers|division|accounts|press|media|"
    "fintech|fintechs|scale-up|scaleup|agency|agencies|employer|employers|partner|"
    "partners|contract|contracts|project|projects|rollout|launch|expansion|region|"
    "regions|store|stores|shop|shops|hospital|hospitals|ministry|university|"
    "universities|school|schools|degree|qualification|qualifications|certificate|"
    "standard|standards|requirements|accounting|vat|compliance|data|dataset|version|"
    "versions|translation|translations|docs|documentation|locale|localisation|"
    "localization|keyboard|layout|website|site|content|copy|ui|supplier|suppliers|"
    "vendor|vendors|manufacturer|manufacturers|automotive|railway|rail|energy|utility|"
    "utilities|public sector|healthcare|insurance|retail|e-commerce|ecommerce|"
    "logistics|airline|airlines|carrier|carriers|unit|team's stack|stack|codebase|"
    "platform|product|products|app|apps|economy|currency|holiday|holidays|summer|"
    "winter|time|timezone|time zone|hours|payments|payment|card|cards|invoice|"
    "invoices|invoicing|iban|postcode|postcodes|address|addresses|phone|numbers|"
    "conglomerate|group|corporation|corp|giant|incumbent|competitor|competitors|"
    "counterpart|counterparts|acquisition|acquisitions|pipeline|pipelines|"
    "leads|deal|deals|enterprise|enterprises|smes|sme|public|sector|industry|"
    "industries|food|cuisine|restaurant|wine|beer|car|cars|engineering firm|"
    "consultancy|consultancies|publisher|broadcaster|newspaper|airport|railways|"
    "post|postal|mail|police|army|navy|grid|exchange|stock exchange|index|gdpr|"
    "data protection|labour law|labor law|employment law|works council|union|unions|"
    "unternehmen|firma|kunde|kunden|markt|bank|entreprise|societe|client|clients|"
    "distributor|distributors|invoicing|garment|suppliers|scene|landscape|minimalism|style|"
    "design|architecture|clientele|furniture|territory|hub|finance|desk|"
    "marche|banque|empresa|empresas|cliente|clientes|mercado|banco|azienda|aziende|"
    "mercato|banca|bedrijf|bedrijven|klant|klanten|markt|empresa|mercado"
)
_COPULA = (
    r"(?:is|'s|s|are|'re|was|were|being|as a|as an|a|an|the|typical|typically|so|very|"
    r"too|quite|proper|real|all|those|these|other|fellow|true|half|half-|100%|totally|"
    r"very much|ist|sind|war|waren|ein|eine|einen|typisch|est|sont|etait|un|une|"
    r"typiquement|es|son|era|eran|uno|una|tipico|tipica|e|sono|era|erano|sao|um|uma|"
    r"zijn|een|echt|echte|typische|bien|muy|molto|muito|zo|heel|another|one more|"
    r"yet another|encore un|encore une|noch ein|noch eine|otro|otra|un altro|un'altra|"
    r"nog een|mais um|mais uma|als|being)"
)


def _data() -> dict[str, list[str]]:
    text = resources.files("mailagent.dialogue.protected").joinpath("data/demonyms.yaml")
    loaded = yaml.safe_load(text.read_text(encoding="utf-8"))
    return {k: [str(w) for w in v] for k, v in loaded.items()}


def _countryinfo_rows() -> list[dict[str, object]]:
    import countryinfo

    folder = Path(countryinfo.__file__).parent / "data"
    rows = []
    for path in sorted(folder.glob("*.json")):
        rows.append(json.loads(path.read_text(encoding="utf-8")))
    return rows


def _f(word: str) -> str:
    return fold(word).text.strip()


@cache
def country_names() -> frozenset[str]:
    """Every country's name in English and the six other languages, folded."""
    names: set[str] = set()
    english: list[str] = []
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(c, attr, None)
            if value:
                english.append(value)
    names.update(_f(n) for n in english)
    for lang in _LANGS:
        try:
            t = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
        except OSError:
            continue
        names.update(_f(t.gettext(n)) for n in english)
    for row in _countryinfo_rows():
        # Capitals too: "she's from Lagos" is about origin as much as "from Nigeria".
        capital = row.get("capital")
        if isinstance(capital, str) and len(capital) > 3:
            names.add(_f(capital))
        spellings = row.get("altSpellings")
        translations = row.get("translations")
        values: list[object] = [row.get("name")]
        values += spellings if isinstance(spellings, list) else []
        values += list(translations.values()) if isinstance(translations, dict) else []
        names.update(_f(v) for v in values if isinstance(v, str) and len(v) > 3)
    names.update(_f(r) for r in _REGIONS)
    return frozenset(n for n in names if n.isascii() and len(n) > 2 and "," not in n)


@cache
def demonyms() -> tuple[frozenset[str], frozenset[str]]:
    """(demonyms said of people only, demonyms that also name a language), folded."""
    data = _data()
    words: set[str] = set()
    for row in _countryinfo_rows():
        value = row.get("demonym")
        if isinstance(value, str):
            words.update(_f(w) for w in value.replace("/", ",").split(",") if w.strip())
    for lang in ("en", *_LANGS):
        words.update(_f(w) for w in data.get(lang, []))
    language = frozenset(_f(w) for w in data["language_names"])
    plain = frozenset(w for w in words if w not in language and len(w) > 2)
    return plain, language


def _alt(words: set[str] | frozenset[str]) -> str:
    ordered = sorted(words, key=lambda w: (-len(w), w))
    return "|".join(_escape(w) for w in ordered)


def _escape(word: str) -> str:
    out = []
    for ch in word:
        if ch == " ":
            out.append(r"[\s-]+")
        elif ch.isalnum():
            out.append(ch)
        else:
            out.append("\\" + ch)
    return "".join(out)


@cache
def patterns() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(patterns, guards) for origin remarks, RE2 syntax on folded text."""
    plain, language = demonyms()
    countries = _alt(country_names())
    people = _alt(plain)
    langs = _alt(language)
    plural = r"(?:s|es|n|en|e|a|as|os|i|in|innen|er)?"
    origin_before = (
        r"(?:(?:is|'s|are|'re|was|were|comes?|came|coming|originally|hails?|hailing|"
        r"person|people|guy|guys|man|woman|women|men|folks|someone|somebody|anyone|"
        r"candidates?|engineers?|developers?|devs|workers|staff|contractors|hires|"
        r"applicants|immigrants?|refugees?|migrants?|those|lads|girls|family|families|"
        r"parents|he|she|they|ones|types|nurses|recruits|graduates|students|teams?) "
        r"(?:originally |straight |directly |all the way |recently |really |actually )?"
        r"(?:from|out of)|born in|born and raised in|raised in|grew up in|growing up in|"
        r"native of|citizen of|citizens of|national of|nationals of|emigrated from|"
        r"immigrated from|fled|fled from|moved here from|came over from|back to|"
        r"go back to|sent back to|deported to|refugee from|roots in|family in|"
        r"kommt aus|kommen aus|stammt aus|stammen aus|geboren in|aufgewachsen in|"
        r"vient de|viennent de|vient du|vient des|originaire de|originaire du|"
        r"originaires de|ne en|ne au|nee en|nee au|est de|es de|son de|viene de|vienen de|"
        r"nacido en|nacida en|nacio en|procede de|oriundo de|oriunda de|e de|vem de|"
        r"veio de|nascido em|nascida em|nascido no|nascida na|viene da|viene dal|"
        r"viene dalla|vengono da|originario di|originaria di|nato in|nata in|nato a|"
        r"nata a|e di|komt uit|komen uit|afkomstig uit|opgegroeid in)"
    )
    article = r"(?:the |la |le |el |los |les |der |die |dem |den |o |a |os |as |het |l'|d')?"
    origin_after = (
        r"(?:-born|-raised|-descended| born| roots| background| heritage| origin| origins|"
        r" descent| ancestry| passport| citizen| citizens| citizenship| nationality|"
        r" national| nationals| accent| family| upbringing| immigrant| immigrants| refugee|"
        r" refugees| expat| expats)"
    )
    terms = (
        rf"\b{origin_before} {article}(?:{countries})\b",
        rf"\b(?:{countries}){origin_after}\b",
        rf"\b(?:people|guys|devs|developers|engineers|workers|folks|women|men|candidates)"
        rf" (?:in|from) (?:{countries}) (?:are|tend|always|never|just|don't|can't|won't|"
        rf"work|think|usually|generally|typically)\b",
        rf"\b(?:{people}){plural}\b",
        rf"\b{_COPULA} (?:{langs})(?:[,.;:!?]|$| and\b| but\b| so\b| through\b| to the\b)",
        rf"\b{_COPULA} (?:{langs}) (?:guy|guys|man|men|woman|women|lady|girl|boy|bloke|"
        rf"person|people|folks|candidate|hire|one|ones|type|national|nationals|citizen|"
        rf"citizens|background|origin|roots|heritage|descent|accent|name|surname|passport|"
        rf"mentality|attitude|humour|humor|directness|temperament|culture|work ethic|"
        rf"way|ways|family|mother|father|parents|guy's|woman's|engineer|engineers|"
        rf"developer|developers|devs|dev|nurse|nurses|staff|worker|workers|colleague|"
        rf"colleagues|accent|immigrant|immigrants|lad|lads)\b",
        rf"\b(?:{langs}) (?:guy|guys|man|men|woman|women|lady|ladies|girl|girls|boy|bloke|"
        rf"blokes|people|folks|candidates|hires|engineers|developers|devs|nurses|workers|"
        rf"nationals|citizens|immigrants|mentality|attitude|temperament|work ethic|"
        rf"directness|stereotype|lads)\b",
        rf"(?:^|[.!?;:]\s+)(?:{langs}),",
        rf"\b(?:another|one more|yet another|encore un|encore une|noch ein|noch eine|otro|otra|"
        rf"un altro|un'altra|nog een|mais um|mais uma|als|as an?) (?:{langs})\b",
        rf"\bsounds? (?:more |less |very |too |a bit |quite )?(?:{langs}|{people}|local|foreign|"
        rf"native)\b",
        r"\b(?:germans|italians|russians|hungarians|romanians|ukrainians|indonesians|"
        r"norwegians|koreans|persians|brits|swedes|danes|finns|turks|greeks|spaniards|"
        r"poles|frenchmen|frenchwoman|frenchwomen|frenchman|englishman|englishmen|"
        r"englishwoman|englishwomen|dutchman|dutchmen|dutchwoman|irishman|irishmen|"
        r"irishwoman|scotsman|scotsmen|welshman|welshmen|chinamen|chinaman)\b",
    )
    everyone = _alt(plain | language)
    guards = (
        rf"\b(?:{everyone}){plural}(?:,? (?:and |or )?(?:{everyone}))*[\s-]+(?:[a-z-]+ )?"
        rf"(?:{ORG_NOUNS})\b",
        rf"\b(?:{everyone}) (?:{langs})\b",
        # Romance word order: the thing first, then the demonym ("el mercado marroqui").
        rf"\b(?:mercado|mercados|mercato|mercati|marche|markt|markten|clientes|clienti|empresa|"
        rf"empresas|azienda|aziende|banco|banca|entreprise|entreprises|societe|filial|filiale|"
        rf"subsidiaria|oficina|ufficio|bureau|sede|cliente|governo|gobierno|gouvernement|"
        rf"regierung|overheid|ley|legge|loi|wet|recht|derecho|direito|diritto|droit|sistema|"
        rf"systeme|fornecedores|proveedores|fornitori|fournisseurs|leveranciers|lieferanten|"
        rf"equipa|equipo|squadra|equipe|team|kunden|klanten|mercearia|moeda|moneda|valuta|"
        rf"devise|wahrung|regulador|regulator|regulateur|normativa|legislacion|legislacao|"
        rf"legislazione|legislation|gesetz|wetgeving|payroll|nomina|folha|busta paga|paie|"
        rf"lohn|salaris) (?:de |di |du |do |da |del |des |der |van |het )?(?:[a-z]+ )?"
        rf"(?:{everyone})\b",
        rf"\b(?:worked|working|works|lived|living|based|located|relocated|moved|spent|"
        rf"stationed|posted|offices?|teams?|customers|clients|users|sites?|stores?|"
        rf"operations|expanded|expanding|launched|launching|sold|selling|shipped|"
        rf"deployed|rolled out|studied|studying|graduated|hired|hiring) (?:in|at|to|"
        rf"from|across|for|into|throughout) {article}(?:{countries})\b",
        r"\b(?:in|en|em|auf|op|im|parle|parler|habla|hablar|fala|falar|parla|parlare|"
        r"spreekt|spreken|spricht|sprechen|al|ins|naar|para o|para|au|vers l'|del|dell'|"
        r"dal|nivel de|niveau|livello di|kenntnisse in|conocimiento de|conhecimento de|"
        r"traduccion al|traducao para|traduction en|vertaling naar|ubersetzung ins) "
        rf"(?:{langs})\b",
        rf"\b(?:tickets|docs|documents|documentation|customers|clients|users|emails|calls|"
        rf"content|data|texts|messages|requests|cases|contracts|invoices|markets|stores|"
        rf"half|most|all|queries|chats) (?:are|is|were|was|come in) (?:mostly |all |largely |"
        rf"partly |in )?(?:{langs})\b",
        rf"\b(?:{langs}) (?:fluido|fluida|fluent|courant|nativo|avanzado|avancado|basico|"
        r"tecnico|escrito|hablado|oral|corrente|fluente|vloeiend|fliessend|c1|c2|b2|b1|"
        r"parlato|scritto|ecrit|parle|gesprochen|geschrieben|sprechend|sprechende)\b",
    )
    return terms, guards


# Words that are a demonym or a country only with a capital letter ("polish the UI").
CASED = frozenset({"polish", "turkey", "china", "chad", "jordan", "guinea", "niger",
                   "georgia", "mali", "swede", "swedes", "dane", "danes", "jersey",
                   "gambia", "french", "english"})
