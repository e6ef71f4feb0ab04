"""Concept lexicons for the offline brain, and the protected-characteristic finder.

Two kinds of knowledge live here, both as plain data:

- ``CONCEPTS``: a concept name and the words that mean it or are part of it. "cloud"
  contains AWS, Azure and GCP; "aws" contains EKS and IAM. A reply that names a concept
  speaks to every criterion that names one of its parts, but a *sibling* (Azure next to an
  AWS criterion) is a different requirement.
- ``PROTECTED``: patterns for remarks about protected characteristics, including proxies
  ("digital native", "young team", "where he's from"), with guards for the technical uses
  of the same words ("accented characters", "native app", "young startup").

>>> [(r.category.value, r.quote) for r in find_protected("Has a strong accent.")]
[('national_origin', 'Has a strong accent.')]
>>> find_protected("The CSV had accented characters and the old codebase broke.")
[]
"""

from __future__ import annotations

import re

from mailagent.dialogue.brain import ProtectedCategory, ProtectedRemark

# Concept name -> parts and synonyms. Words are matched as whole words, ignoring case; a
# trailing "*" matches any ending ("partition*" matches "partitioned").
CONCEPTS: dict[str, tuple[str, ...]] = {
    # Cloud and infrastructure.
    "cloud": ("aws", "azure", "gcp", "google cloud", "cloud platform"),
    "aws": ("amazon web services", "eks", "ec2", "s3", "iam", "rds", "lambda", "cloudfront",
            "cloudformation", "dynamodb", "emr", "redshift", "kinesis"),
    "azure": ("aks", "azure devops"),
    "gcp": ("gke", "bigquery", "google cloud"),
    "kubernetes": ("k8s", "helm", "pod", "pods", "kubectl", "crashloopbackoff", "eks", "gke",
                   "aks", "cluster upgrade*"),
    "terraform": ("terraform plan*", "terraform module*", "iac", "infrastructure as code"),
    "incident": ("on-call", "on call", "oncall", "pager*", "outage*", "postmortem*",
                 "post-mortem*", "incident*", "incident commander", "sev1"),
    "scripting": ("bash", "shell script*", "powershell", "python script*", "automation"),
    # Software engineering.
    "python": ("django", "flask", "fastapi", "pandas", "celery", "pytest", "pyspark"),
    "sql": ("postgresql", "postgres", "mysql", "index*", "query", "queries", "schema*",
            "table*", "join*", "sql server"),
    "distributed": ("queue*", "kafka", "caching", "cache", "redis", "partition*",
                    "back-pressure", "backpressure", "event bus", "event-driven",
                    "microservice*", "shard*", "consumer*", "throughput"),
    "architecture": ("system design", "architect*", "design doc*", "modular", "component*",
                     "trade-off*", "tradeoff*", "scaling", "scalab*", "monolith"),
    "testing": ("test*", "pytest", "jest", "unit test*", "integration test*", "tdd",
                "continuous integration", "ci", "coverage", "end-to-end", "e2e",
                "playwright", "cypress", "testing library"),
    "frontend": ("react", "typescript", "javascript", "vue", "angular", "svelte", "css",
                 "html"),
    "accessibility": ("a11y", "wcag", "aria", "screen reader*", "screen-reader*",
                      "keyboard navigation", "keyboard", "focus trap*", "keyboard trap*"),
    "performance": ("core web vitals", "lcp", "cls", "bundle*", "lighthouse", "render*",
                    "latency", "virtuali*", "code splitting", "profil*"),
    "api": ("rest", "graphql", "apollo", "endpoint*", "loading state*", "error state*"),
    # AI and data.
    "ai": ("llm*", "genai", "generative ai", "language model*", "gpt", "claude", "rag",
           "retrieval-augmented", "prompt*", "tool calling", "tool use", "agents"),
    "llm": ("gpt", "claude", "rag", "retrieval-augmented", "prompt*", "tool calling",
            "tool use", "language model*"),
    "evaluation": ("eval", "evals", "evaluat*", "test set*", "regression*", "harness",
                   "faithful*", "metric*", "benchmark*"),
    "ml": ("machine learning", "overfitting", "leakage", "cross-validation",
           "train*", "bias", "variance"),
    "warehouse": ("snowflake", "bigquery", "redshift", "star schema*", "fact table*",
                  "dimension*", "dimensional", "slowly changing", "data model*", "mart*"),
    "spark": ("pyspark", "databricks", "spark job*", "shuffle", "emr"),
    "orchestration": ("airflow", "dagster", "prefect", "dag", "dags", "orchestrat*",
                      "scheduler", "retries", "sensor*"),
    "data quality": ("data-quality", "great expectations", "freshness", "dbt test*",
                     "schema drift", "asset check*", "row count*", "volume check*"),
    "streaming": ("kafka", "kinesis", "flink", "structured streaming", "real-time",
                  "near-real-time", "pub/sub"),
    # Sales.
    "quota": ("quota*", "attainment", "target*", "% of plan", "president's club"),
    "enterprise": ("enterprise", "stakeholder*", "buying committee*", "procurement",
                   "long cycle*", "multi-stakeholder"),
    "discovery": ("discovery", "pain", "budget", "decision maker*", "decision process",
                  "qualif*", "meddic", "bant"),
    "crm": ("salesforce", "hubspot", "forecast*", "pipeline hygiene"),
    "b2b": ("b2b", "saas", "software deal*", "software sales"),
    # Design.
    "research": ("user research", "usability", "usability test*", "interview*",
                 "user test*", "research*", "findings"),
    "prototype": ("prototyp*", "figma", "clickable", "interactive component*"),
    "design system": ("design system*", "component librar*", "design token*"),
    "portfolio": ("portfolio", "case stud*", "shipped"),
    "critique": ("critique", "push back", "pushed back", "feedback", "design review*",
                 "present*", "stakeholder*"),
    # Healthcare.
    "licence": ("license", "licensed", "registration", "registered nurse", "rn", "nmc",
                "pin"),
    "nurse leadership": ("charge nurse", "ward manager", "shift lead*", "matron"),
    "rota": ("rota*", "roster*", "staffing", "e-rota", "agency spend", "agency staff",
             "budget*", "shift pattern*"),
    "patient safety": ("incident report*", "root-cause*", "root cause*", "datix",
                       "infection-control", "infection control", "hand-hygiene", "falls",
                       "safety huddle*", "audit*", "surgical-site"),
    "ehr": ("epic", "cerner", "electronic health record*", "ehr"),
    # Customer support.
    "support metrics": ("csat", "nps", "first-response*", "first response*",
                        "resolution time*", "response time*", "sla*"),
    "helpdesk": ("zendesk", "freshdesk", "intercom", "helpdesk", "help desk", "macros",
                 "triggers", "routing", "canned response*"),
    "escalation": ("escalation*", "escalate*", "angry", "furious", "complaint*", "vip"),
    "knowledge base": ("help centre", "help center", "help-centre", "article*",
                       "knowledge base", "faq*"),
    "people management": ("manag*", "team lead*", "line manag*", "direct reports",
                          "leads a team", "supervis*", "leadership"),
    # Finance.
    "payroll": ("payroll", "datev", "adp", "gross-to-net", "pay run*"),
    "reconciliation": ("reconcil*", "general ledger", "gl", "variance*", "journal*"),
    "tax": ("tax", "wage-tax", "statutory", "filing*", "returns", "hmrc", "zus", "pit"),
    "excel": ("excel", "pivot table*", "xlookup", "vlookup", "macros", "spreadsheet*"),
}

# Concrete named things: a reply that names one of these with a claim is specific, and a
# requirement naming one that no criterion names is off the R2.
TECH = frozenset(
    """
    python java scala go golang rust ruby php kotlin swift c++ c# javascript typescript
    react vue angular svelte next.js node.js django flask fastapi rails spring
    aws azure gcp kubernetes k8s docker helm terraform ansible pulumi eks gke aks
    postgresql postgres mysql mongodb redis kafka spark pyspark airflow dagster dbt flink
    kinesis snowflake bigquery redshift databricks tableau looker excel sap oracle netsuite
    salesforce hubspot zendesk freshdesk intercom jira figma sketch lottie epic cerner
    graphql rest jest playwright cypress selenium pytest linux windows vmware
    llm gpt claude rag pgvector lambda s3 iam datev xero quickbooks
    """.split()
)

# Words that name an area, not a thing: "cloud knowledge", "AI skills".
UMBRELLAS = frozenset(
    "ai cloud tech technical technology sales design coding engineering data frontend "
    "backend communication leadership safety tooling tools".split()
)

# Domains, degrees, certifications and languages an HM may hold against a candidate.
REQUIREMENT_WORDS = frozenset(
    """
    phd doctorate master's masters mba degree bachelor's bsc msc certification certified
    certificate licence license accreditation chartered acca cpa cfa cima pmp als bls
    healthcare fintech banking insurance e-commerce ecommerce retail gaming automotive
    pharma logistics telecom government public-sector vertical industry sector domain
    german french spanish english italian dutch polish mandarin japanese arabic portuguese
    icu intensive
    """.split()
)


def concept_members(name: str) -> tuple[str, ...]:
    """The words of one concept, its own name first.

    >>> concept_members("streaming")[:3]
    ('streaming', 'kafka', 'kinesis')
    """
    return (name, *CONCEPTS.get(name, ()))


_P = ProtectedCategory

# Each pattern is (category, regex). Guards below remove technical uses of the same words.
PROTECTED: tuple[tuple[ProtectedCategory, str], ...] = (
    # Age and its proxies.
    (_P.AGE, r"\btoo old\b|\btoo young\b|\b(over|under) (40|50|60|fifty|sixty|forty)\b"),
    (_P.AGE, r"\bat \d{2}(?=,? (she|he|they)\b)|\b\d{2}[- ]years?[- ]old\b|\bhis age\b|\bher age\b|"
             r"\b(that|an?|certain|his|her) age where\b|\bat that age\b|\baverage age\b|"
             r"\bin (his|her|their) (early |mid |mid-|late )?(twenties|thirties|forties|fifties|"
             r"sixties|seventies|[2-7]0s)\b|\b(his|her|their) generation\b|\bage gap\b"),
    (_P.AGE, r"\b(she|he|they)\b[^.]{0,20}\bretir\w*|\bretirement age\b|"
             r"\b(close to|near|nearing) retirement\b|\bdigital natives?\b|"
             r"\byoung (team|crowd|people|guys|blood)\b|\bfresh blood\b|\byoungsters?\b|"
             r"\bsomeone younger\b|\byounger (team|profile|person|candidate|people|crowd|"
             r"energy|guy|hire|colleague)s?\b|\bolder (person|guy|lady|woman|man|candidate)\b|"
             r"\byoung (lad|man|woman|girl|guy)\b|\bboomer\b|\bgen ?z\b|\bmillennial\b|"
             r"\bstage of (life|her life|his life)\b|\bgr[ae]y hair\b|\bkeep up with\b.*\bpace\b|"
             r"\blong in the tooth\b|\bover the hill\b|\bset in (his|her|their) ways\b|"
             r"\bsenior in years\b|\bgetting on (a bit|in years)\b|\bold dog\b|"
             r"\b(graduated|born|qualified|started (work|working)) (in|back in) 19[4-8]\d\b|"
             r"\bbarely out of (school|college|uni|university)\b|"
             r"\bonly (1[6-9]|2[0-4])(?=[.,;!?]|$| years? old)|"
             r"\b(pension|pensionable) age\b|\b(close to|near|nearing|approaching) (his |her )?"
             r"pension\b|\bolder than (the rest|everyone|the team|us|most)\b"),
    # Pregnancy and family status.
    (_P.PREGNANCY, r"\bpregnan\w*|\bgave birth\b|\bmaternity\b|\bpaternity\b|\bmat leave\b|"
                   r"\bexpecting (a baby|twins|in the|next|(her|his|their) (first|second|"
                   r"third|next))\b|\b(she|he)('s| is)( \w+)? expecting(?=[.,;!?]|$| again| soon)|"
                   r"\bbaby\b|\bnewborn\b|\b(got|has|had|with|showing) a bump\b|\bbaby ?bump\b|"
                   r"\b(one|baby|child|kid) on the way\b|"
                   r"\bshe('s| is) due (in|next|this|any|soon|around)\b|\bdue date\b"),
    (_P.FAMILY_STATUS, r"\b(start|starting|have|having) (a )?family\b|\bkids\b|\bchildren\b|"
                       r"\btoddlers?\b|\bsingle (mum|mom|mother|dad|father|parent)\b|"
                       r"\b(mother|father|mum|mom|dad|parent)s? (of|to) (one|two|three|four|"
                       r"five|\d|twins|young|small|little)\b|\bwedding\b|"
                       r"\b(just|newly|recently) (got )?(married|wed)\b|\bgetting married\b|"
                       r"\bmarried\b|\bdivorc\w*|\bchildcare\b|\bschool run\b|"
                       r"\bnursery\b|\b(young|new|growing) family\b|\bfamily (commitments|"
                       r"obligations|responsibilities|life|situation)\b|\blittle ones?\b|"
                       r"\b(his|her|their) (son|daughter|sons|daughters|baby|toddler|little "
                       r"one)\b|\bstay-at-home\b|\bhousewife\b|\bhomemaker\b|\btwins\b|"
                       r"\belderly (parent|mother|father|mum|mom|dad)s?\b|\bcarer for\b"),
    (_P.FAMILY_STATUS, r"\b(his|her) (husband|wife|boyfriend|girlfriend|partner|kids)\b"),
    # Sex and sexual orientation.
    (_P.SEXUAL_ORIENTATION, r"\bhis (husband|boyfriend)\b|\bher (wife|girlfriend)\b|"
                            r"\bgay\b|\blesbian\b|\bqueer\b|\bhomosexual\b|\btrans(gender)?\b"),
    (_P.SEX, r"\b(as|being) a (woman|man|girl)\b|\bfemale\b|\bmale\b|\bwomen (are|tend|can't)\b|"
             r"\bmen (are|tend)\b|\bman's job\b|\bguy's job\b|"
             r"\b(a|any) (woman|lady|girl) (could|can|would|might|will|won't|wouldn't)\b|"
             r"\bprefer (a |an )?(man|woman|guy|lady|bloke|girl)\b|"
             r"\bfor a (girl|woman|lady)\b|\ball (lads|guys|men|blokes|women|girls|ladies)\b|"
             r"\b(only|sole) (woman|lady|girl|man|guy|bloke)\b"),
    # Religion.
    (_P.RELIGION, r"\bpray(s|ing|er|ers)?\b|\bheadscarf\b|\bhijab\b|\bturban\b|\bkippah\b|"
                  r"\bramadan\b|\bmosque\b|\bchurch\b|\bsynagogue\b|\btemple\b|\breligio\w*|"
                  r"\bmuslim\b|\bjewish\b|\bhindu\b|\bsikh\b|\bsabbath\b|\bdevout\b|"
                  r"\b(his|her|their) faith\b|\bcrucifix\b|\b(wears|wearing) a cross\b|"
                  r"\bfasting\b|\bfasts\b|\bkosher\b|\bhalal\b|\bchristian\b|\bcatholic\b|"
                  r"\batheist\b|\bbuddhist\b"),
    # Disability and health.
    (_P.DISABILITY, r"\bwheelchair\b|\bdisab\w*|\bdeaf\b|\bblind\b|\bautis\w*|\badhd\b|"
                    r"\bdyslexi\w*|\bbad back\b|\billness\b|\bchronic\b|\bdepression\b|"
                    r"\bmental health\b|\bhearing aid\b|\bcrutches\b|\bimpair\w*|"
                    r"\b(uses|with|walks with) a (cane|walking stick|walker|stick)\b|"
                    r"\bpartially sighted\b|\bsight loss\b|\bhard of hearing\b|"
                    r"\bhearing loss\b|\bstammer\w*|\bstutter\w*|\bspeech impediment\b|"
                    r"\b(on|takes|taking) (\w+ )?medication\b|\bmedical (condition|history|"
                    r"leave)\b|\banxiety disorder\b|\bpanic attacks?\b|\bbipolar\b|\bptsd\b|"
                    r"\bepilep\w*|\bdiabet\w*|\bcancer\b|\bhad a stroke\b|\bheart attack\b|"
                    r"\bseizures?\b|\bsick leave\b|\blong covid\b|\bhealth (issues?|problems?|"
                    r"conditions?)\b|\bprosthe\w*|\bamputee\b"),
    # National origin, accent and race.
    (_P.NATIONAL_ORIGIN, r"\baccent\w*|\bnative speaker\b|\bnot a native\b|\bnon-native\b|"
                         r"\bfirst language\b|\bsecond language\b|"
                         r"\bmother tongue\b|\bwhere (he|she|they)('s| is| are) from\b|"
                         r"\b(people|someone|somebody|guys|folks|candidates) from (that|those|"
                         r"there|his|her|their|{places})\b|\bthat part of the world\b|"
                         r"\b(that|this|his|her) region\b|\bforeign\w*|\bimmigra\w*|"
                         r"\bcultural fit of\b|\b(his|her) (country|nationality|origin)\b|"
                         r"\bnationality\b|\b(isn't|is not|not) (a )?local\b|"
                         r"\bsomeone (british|english|american|german|french|dutch|polish|local|"
                         r"from here)\b|\bvisa\b"),
    (_P.RACE, r"\brace\b|\bracial\b|\bskin colou?r\b|\bethnic\w*|\b(black|white|asian|african|"
              r"latino|hispanic|arab|indian|chinese|brown) (guy|man|woman|people|person|"
              r"candidate|folks|lady|girl|boy|men|women)\b|"
              r"\b(he|she|they)('s| is| are) (black|white|asian|african|latino|hispanic|arab|"
              r"indian|chinese|brown)(?![-\w])"),
)

# Countries and regions named as where someone is "from".
_PLACES = (
    "africa|asia|india|china|nigeria|pakistan|bangladesh|mexico|brazil|russia|ukraine|"
    "poland|romania|turkey|iran|iraq|syria|egypt|morocco|vietnam|philippines|indonesia|"
    "eastern europe|the middle east|latin america|the balkans|the south|abroad|overseas"
)
PROTECTED = tuple((c, p.replace("{places}", _PLACES)) for c, p in PROTECTED)

# Technical or company uses of protected words, removed before matching.
GUARDS: tuple[str, ...] = (
    r"\baccent(ed)?[- ](characters?|letters?|marks?|colou?rs?|chars?|text|strings?|"
    r"vowels?|names?|input|glyphs?)\b",
    r"\bnative (app|apps|mobile|code|module|library|libraries|build|binary|integration|"
    r"support|sql|query|queries|feature)\b",
    r"\bcloud[- ]native\b",
    r"\b(young|old|older|new) (startup|company|codebase|code|system|product|team of "
    r"services|services?|stack|platform|version|repo|framework|site)\b",
    r"\bchild (process|node|element|component|table|theme)s?\b",
    r"\b(its|their) children\b|\bchildren (components?|nodes?|elements?|props?|arrays?)\b",
    r"\b(visa|mastercard|amex) (card|payments?|network|integration)s?\b",
    r"\b(male|female) (connector|plug|header|end|thread)s?\b",
    r"\b(parent|child)[- ](child|parent)\b",
    r"\brace condition\w*\b",
    r"\bblack[- ]box\b|\bwhite[- ]box\b|\bblacklist\b|\bwhitelist\b",
    r"\b(data|pipeline|tool|api) (visa|region)\b",
    r"\bprayer time api\b",
    r"\bbaby steps\b",
    r"\bvisa (sponsorship|status)\b",
    r"\bkeyboard\b",
)

_SENTENCE_RE = re.compile(r"(?<=[.!?;])\s+|\n+")


def _clean(text: str) -> str:
    for guard in GUARDS:
        text = re.sub(guard, lambda m: "_" * len(m.group(0)), text, flags=re.IGNORECASE)
    return text


def find_protected(text: str) -> list[ProtectedRemark]:
    """Remarks about protected characteristics, one per sentence and category.

    >>> [r.category.value for r in find_protected("We're a young team; she has kids.")]
    ['age', 'family_status']
    """
    found: list[ProtectedRemark] = []
    for sentence in _SENTENCE_RE.split(text):
        quote = sentence.strip()
        if not quote:
            continue
        cleaned = _clean(quote)
        seen: set[ProtectedCategory] = set()
        for category, pattern in PROTECTED:
            if category not in seen and re.search(pattern, cleaned, re.IGNORECASE):
                seen.add(category)
                found.append(ProtectedRemark(category=category, quote=quote))
    return found
