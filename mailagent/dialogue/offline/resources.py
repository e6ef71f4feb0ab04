"""What the offline brain knows as data: concept lexicons, skill synonyms, the model file.

Nothing here runs; every table is plain data the other modules read.

- ``CONCEPTS``: a concept name and the words that mean it or are part of it. "cloud"
  contains AWS, Azure and GCP; "aws" contains EKS and IAM. A reply that names a concept
  speaks to every criterion that names one of its parts, but a *sibling* (Azure next to an
  AWS criterion) is a different requirement.
- ``TECH``, ``UMBRELLAS``, ``REQUIREMENT_WORDS``: named things, area words, and the
  degrees, domains and languages an HM may hold against a candidate.
- ``SYNONYMS`` and ``RELATED``: spellings and abbreviations of one skill
  (PostgreSQL/Postgres, Kubernetes/k8s, on call/on-call), folded before a claim is
  compared with a resume line.
- ``MODEL_PATH``: the learned reader's arrays (``model.npz``, written by ``train``).

>>> concept_members("streaming")[:3]
('streaming', 'kafka', 'kinesis')
"""

from __future__ import annotations

from pathlib import Path

MODEL_PATH = Path(__file__).with_name("model.npz")

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
    """The words of one concept, its own name first."""
    return (name, *CONCEPTS.get(name, ()))


# Spellings of one skill that share no letters worth matching; both sides of a claim and a
# resume line are rewritten to the first form before comparing.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "postgresql": ("postgres", "psql", "pg"),
    "kubernetes": ("k8s", "kube"),
    "oncall": ("on-call", "on call", "pager", "pagerduty"),
    "javascript": ("js", "node.js", "nodejs"),
    "typescript": ("ts",),
    "law": ("legal", "llb", "jd", "laws"),
    "degree": ("bachelor", "bsc", "ba", "msc", "master", "masters", "diploma", "bachelors",
               "llm", "mba", "phd", "postgrad", "postgraduate", "graduate"),
    "manage": ("lead", "supervise", "supervisor", "manager", "management", "led", "ran"),
    "team": ("staff", "people", "reports", "crew"),
    "customer": ("client", "clients", "customers", "patient", "patients"),
    "research": ("researches", "researched", "investigate"),
    "budget": ("p&l", "cost", "costs", "spend"),
    "certification": ("certified", "certificate", "licence", "license", "accredited",
                      "qualified", "chartered", "licensed", "registered", "registration"),
    "qualification": ("qualifications", "training", "trained"),
    "excel": ("spreadsheet", "spreadsheets", "vba", "pivot"),
    "year": ("years", "yrs", "yr"),
}
# Groups whose members are different things of one kind: "no PhD" is not disproved by a
# BSc, though "no degree" is.
FAMILIES = frozenset({"degree", "certification"})
CANON = {alias: canon for canon, aliases in SYNONYMS.items() for alias in aliases}
# Words a claim uses for a whole family the resume names by its members: "no legal
# qualifications" is disproved by a law degree or a certificate.
RELATED: dict[str, tuple[str, ...]] = {
    "qualification": ("degree", "certification"),
    "training": ("degree", "certification", "course"),
}
