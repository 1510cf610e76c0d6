"""The report's last sections: questions for students to try, and how to reproduce it all.

The questions are built from the model itself (its largest terms, its perspectives, its
thresholds, the claims no number encodes), so they fit any scenario; each comes with a
command to run.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..analysis import breakevens, tornado
from ..explain import Explanation
from ..model import Model
from ..textfmt import fmt, pct
from .blocks import Bullets, Code, Paragraph, Section
from .labels import option_label, perspective_label, term_label

__all__ = ["analysis_questions", "reproduce_section", "things_to_try_section"]


def _largest(model: Model, ex: Explanation, option: str, kinds: set[str]) -> tuple[str, str] | None:
    """``(term id, parameter)`` of the option's largest mean term of ``kinds``, if that term is
    a single parameter (so the question can say what to change)."""
    terms = [t for t in model.terms if t.option == option and t.kind in kinds]
    if not terms:
        return None
    top = max(terms, key=lambda t: ex.results.term_means[(option, t.id)])
    name = top.formula.text.strip()
    return (top.id, name) if name in model.scenario.parameters else (top.id, "")


def _term_questions(model: Model, ex: Explanation) -> list[tuple[str, str]]:
    s, best = model.scenario, ex.results.decision()
    out = []
    cmd = f"deterrence run {s.id}"
    for kinds, verb, factor in (({"benefit"}, "Halve", 0.5), ({"cost", "risk"}, "Double", 2.0)):
        found = _largest(model, ex, best, kinds)
        if found is None:
            continue
        term, param = found
        label = term_label(s, best, term)
        mean = ex.results.term_means[(best, term)]
        text = (f"The largest {'benefit' if factor < 1 else 'cost or risk'} of "
                f"{option_label(s, best)} is '{label}' (mean {fmt(mean)}). ")
        if param:
            value = fmt(ex.point.parameters[param] * factor)
            text += (f"{verb} it: run '{cmd} --set {param}={value}'. Does the best option "
                     "change? How far would you have to go before it does?")
        else:
            text += f"Which parameters drive it, and what would it take to {verb.lower()} it?"
        out.append((f"Stress the biggest {'benefit' if factor < 1 else 'cost'}.", text))
    return out


def _other_questions(model: Model, ex: Explanation,
                     perspectives: Sequence[str]) -> list[tuple[str, str]]:
    s, r, pt = model.scenario, ex.results, ex.point
    best = r.decision()
    out = [("Average or typical?", (
        f"At point values the net value of {option_label(s, best)} is {fmt(pt.net[best])}; "
        f"its Monte Carlo mean is {fmt(r.summary(best).mean)}. Why do they differ? Which "
        "parameters are skewed (compare the two panels of the waterfall)?"))]
    for p in perspectives:
        out.append((f"Read it as '{perspective_label(s, p)}'.", (
            f"Run 'deterrence run {s.id} --perspective {p}'. Which parameters does this reading "
            "change, which claims does it doubt, and how much does the chance that "
            f"{option_label(s, best)} is best move?")))
    q = pt.quantities
    if "h_star" in q and "h_without" in q:
        out.append(("How much credibility is enough?", (
            f"At point values the credibility needed to deter at median resolve is h* = "
            f"{pct(q['h_star'])}, and the credibility without the move is "
            f"{pct(q['h_without'])}. If credibility is already above h*, what does the move "
            "add? What if the adversary is twice as resolute as the median?")))
    unencoded = [st.claim.id for st in ex.steps if st.claim is not None and not st.items]
    if unencoded:
        out.append(("Encode a claim.", (
            f"No number encodes claim [{unencoded[0]}]. Propose a parameter for it: its unit, "
            "a range, and the source you would cite. Would it change the decision?")))
    caveats = [c.id for c in s.claims if c.role == "caveat"]
    if caveats:
        out.append(("Take a caveat seriously.", (
            f"Claim [{caveats[0]}] is a caveat. Find the parameters that encode it in the "
            "parameter table and set them as someone who believes the caveat fully would. "
            "Does the conclusion survive?")))
    out.append(("Find the weakest link.", (
        "Which single claim, if false, would most weaken the conclusion? Use the argument "
        "map to find the terms it feeds and the sensitivity results to see how much they "
        "matter.")))
    return out


def analysis_questions(model: Model) -> list[tuple[str, str]]:
    """Questions from the break-even values, the tornado, the games and the wargame."""
    s = model.scenario
    out = []
    near = [b for b in breakevens(model) if b.nearest is not None]
    if near:
        b = near[0]
        sentence = b.sentence()
        for o in sorted(model.options, key=len, reverse=True):
            sentence = sentence.replace(o, option_label(s, o))
        out.append(("How close is the tipping point?", (
            f"{sentence} Is a value beyond the switch plausible, and who would argue for it? "
            f"Draw it: 'deterrence plot {s.id} breakeven --parameter {b.parameter}'.")))
    if len(model.uncertain_parameters()) >= 2:
        top = tornado(model).iloc[0]
        out.append(("What would you research first?", (
            f"The widest bar of the tornado is '{top['label']}' ({top['parameter']}). What "
            "evidence would narrow its range, where would you find it, and would the answer "
            "change if you had it?")))
    if s.wargame is not None:
        out.append(("Play it.", (
            f"Play the wargame with people ('deterrence wargame new {s.id}') and compare the "
            "players' choices with the bots': do people escalate more or less, and why?")))
    return out


def things_to_try_section(
    model: Model, ex: Explanation, *, perspectives: Sequence[str] | None = None,
    extra: Sequence[tuple[str, str]] = (),
) -> Section:
    """Questions for students, each with a command to run; ``extra`` adds more.

    ``perspectives`` are those the report compares (all of the scenario's by default).
    """
    chosen = list(model.scenario.perspectives) if perspectives is None else perspectives
    others = _other_questions(model, ex, chosen)
    items = [*others[:1], *_term_questions(model, ex), *others[1:], *extra]
    return Section("try", "Things to try", (
        Paragraph("Questions to work on alone or in groups. Each names a command to run; "
                  "change the numbers and watch which conclusions move."),
        Bullets(tuple(items), ordered=True),
    ))


def reproduce_section(model: Model, ex: Explanation, perspectives: Sequence[str]) -> Section:
    """The commands that reproduce every number of the report."""
    s, r = model.scenario, ex.results
    flags = f"--seed {r.seed} --samples {r.samples}"
    extra = "".join(f" --perspective {p}" for p in perspectives)
    lines = (
        f"deterrence run {s.id} {flags} --json",
        f"deterrence explain {s.id} {flags}",
        f"deterrence report {s.id} {flags}{extra} -o {s.id}.html",
        f"deterrence plot {s.id} distributions {flags} -o {s.id}-distributions.svg",
    )
    return Section("reproduce", "Reproduce these results", (
        Paragraph(f"Every number here comes from scenario {s.id} (content hash "
                  f"{s.content_hash()[:12]}), {r.samples:,} Monte Carlo draws with seed "
                  f"{r.seed}, deterrence {r.version}. The same commands give the same numbers."),
        Code(lines),
    ))
