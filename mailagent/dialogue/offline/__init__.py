"""The offline brain: reads a hiring manager's reply with no network and no API key.

Plain code reads the structure and keeps the policy; a learned reader reads the wording.
``rules`` splits a reply into sentences and clauses (``text``), matches them to the R2's
criteria (``matcher``) and reads their direction and concreteness (``stance``), what each
sentence is — a label, an impression, a guess, a claim (``claims``) — the decision and any
answer to an amendment (``decisions``), and checks claims against the resume (``contra``,
with ``dated`` for "only N years" against dated roles). ``reader`` loads the model that
``train`` fits on the train corpora (``features`` turns a reply into its inputs;
``resources`` holds the lexicons, synonym tables and the ``model.npz`` path), and
``refine`` merges the two readings into the final assessment, naming off-R2 requirements
by meaning (``requirements``). ``brain.OfflineBrain`` is the entry point. Imports point
down that list: brain → refine → reader → features → rules' parts → text → resources.
"""
