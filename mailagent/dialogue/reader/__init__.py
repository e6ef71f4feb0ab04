"""The learned part of the offline brain: reads wording no rule was written for.

The rule-based reader (``mailagent.dialogue.offline``) finds structure: sentences, which
R2 criterion a clause names, claims and the resume lines that disprove them. This
package learns, from labelled replies written by many separate writers
(``tests/data/replies``), what the rules cannot enumerate: whether a reply is useless,
vague, subjective, a guess, off the R2 or contradicted; which criteria it speaks to; and
which resume lines a contradicted claim is about. Policy stays plain code.

Models are linear (scikit-learn's logistic regression) over hashed word and character
n-grams of the reply plus the rule reader's own findings as features, chosen on the dev
corpus (see ``train.py``'s docstring for the figures). Hashing keeps the shipped model
free of pickles and vocabularies: ``model.npz`` holds only arrays, so it loads with numpy
on any scikit-learn version, needs no network, and stays small.
"""
