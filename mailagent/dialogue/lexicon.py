"""Concept lexicons for the offline brain, and the protected-characteristic finder.

Two kinds of knowledge live here, both as plain data:

- ``CONCEPTS``: a concept name and the words that mean it or are part of it. "cloud"
  contains AWS, Azure and GCP; "aws" contains EKS and IAM. A reply that names a concept
  speaks to every criterion that names one of its parts, but a *sibling* (Azure next to an
  AWS criterion) is a different requirement.
- ``find_protected``: the protected-remark detector (:mod:`mailagent.dialogue.protected`),
  under the name the offline brain uses.

>>> [(r.category.value, r.quote) for r in find_protected("Has a strong accent.")]
[('national_origin', 'Has a strong accent.')]
>>> find_protected("The CSV had accented characters and the old codebase broke.")
[]
"""

from __future__ import annotations

from mailagent.dialogue.brain import ProtectedRemark
from mailagent.dialogue.protected import find_protected as _detector_find

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


def find_protected(text: str) -> list[ProtectedRemark]:
    """Remarks about protected characteristics, one per sentence and category.

    The one detector (:mod:`mailagent.dialogue.protected`) answers; this name stays for
    the offline brain.

    >>> [r.category.value for r in find_protected("We're a young team; she has kids.")]
    ['age', 'family_status']
    """
    return _detector_find(text)
