"""Quiz questions generated from the content itself, and Leitner-box spaced repetition."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

from explorer.model.atlas import Atlas
from explorer.model.content import ContentLibrary
from explorer.model.paths import data_dir
from explorer.model.storage import JsonFile

BOXES = 5
MASK = "▢▢▢"


@dataclass(frozen=True)
class Question:
    id: str  # stable across sessions, so progress can follow it
    kind: str  # "click" | "name" | "quote"
    prompt: str
    answers: tuple[str, ...]  # region ids (or 'label:<id>') that count as right
    choices: tuple[str, ...] = ()  # for multiple choice; empty for click questions
    highlight: str | None = None  # what to highlight for "name the highlighted region"
    source: str = ""  # where the question came from, shown with the feedback


def mask_names(text: str, names: list[str]) -> str:
    """Hide region names (longest first) so the question does not give the answer away."""
    for name in sorted({n for n in names if len(n) > 2}, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", MASK, text, flags=re.IGNORECASE)
    return re.sub(rf"{MASK}(\s*\({MASK}\))+", MASK, text)


def _names(atlas: Atlas, region_id: str) -> list[str]:
    """The region's names, and aliases that are names too (not topic words such as 'threat')."""
    region = atlas.region_defs[region_id]
    base = region.title.split(" (")[0]
    stems = {word[:5].lower() for word in re.findall(r"\w{5,}", base)}
    names = [region.title, base, region.id, *re.findall(r"\(([^)]+)\)", region.title)]
    for alias in region.aliases:
        words = {word[:5].lower() for word in re.findall(r"\w{5,}", alias)}
        if (alias.isupper() and len(alias) <= 5) or words & stems:
            names.append(alias)
    return names


def generate(content: ContentLibrary, atlas: Atlas, scope: str = "teaching", seed: int = 0) -> list[Question]:
    """Questions from every annotated region this atlas has; 'all' adds questions on every label."""
    rng = random.Random(seed)
    regions = [r.id for r in atlas.available_regions() if not r.is_group and (r.core or scope == "all")]
    owners = _quote_owners(content, regions)
    questions: list[Question] = []
    for rid in regions:
        questions += _region_questions(content, atlas, rid, regions, owners, rng)
    questions += peak_questions(content, atlas, {r.id for r in atlas.available_regions() if not r.is_group})
    if scope == "all":
        questions += _label_questions(atlas, rng)
    return questions


def _quote_owners(content: ContentLibrary, regions: list[str]) -> dict[str, list[str]]:
    """Each quote's text -> the regions whose pages carry it (a shared quote is asked once)."""
    owners: dict[str, list[str]] = {}
    for rid in regions:
        page = content.for_region(rid)
        for quote in page.quotes if page else ():
            owners.setdefault(quote.text, []).append(rid)
    return owners


def _region_questions(content: ContentLibrary, atlas: Atlas, rid: str, regions: list[str],
                      quote_owners: dict[str, list[str]], rng: random.Random) -> list[Question]:
    """"Name the highlighted region", "click the region that fits" its summary, and its quotes."""
    page = content.for_region(rid)
    others = [r for r in regions if r != rid]
    choices = tuple(rng.sample(others, min(3, len(others))) + [rid])
    questions = [Question(f"name:{rid}", "name", "Name the highlighted region.", (rid,), tuple(sorted(choices)),
                          rid, atlas.region_defs[rid].title)]
    if page and page.summary:
        prompt = mask_names(page.summary, _names(atlas, rid))
        questions.append(Question(f"click:{rid}", "click", f"Click the region that fits: {prompt}", (rid,),
                                  source=f"{page.title}, summary"))
    for n, quote in enumerate(page.quotes if page else ()):
        owners = tuple(quote_owners.get(quote.text, [rid]))
        if owners[0] != rid or quote.context:
            continue  # one question per quote; none for quotes shown only as context
        names = [name for owner in owners for name in _names(atlas, owner)]
        if mask_names(quote.text, names) == quote.text:
            continue  # the quote does not name its region, so it cannot be answered from it
        pool = [r for r in regions if r not in owners]
        options = tuple(sorted(rng.sample(pool, min(3, len(pool))) + list(owners)))
        questions.append(Question(f"quote:{rid}:{n}", "quote",
                                  f"Which region does this quote describe? “{mask_names(quote.text, names)}”",
                                  owners, options, source=quote.source))
    return questions


def _label_questions(atlas: Atlas, rng: random.Random) -> list[Question]:
    """"Name the highlighted atlas label" for every label the atlas has (scope 'all')."""
    labels = atlas.present_labels()
    questions = []
    for label in labels:
        pool = [lab for lab in labels if lab.id != label.id]
        options = [f"label:{lab.id}" for lab in rng.sample(pool, min(3, len(pool)))] + [f"label:{label.id}"]
        questions.append(Question(f"label:{atlas.id}:{label.id}", "name", "Name the highlighted atlas label.",
                                  (f"label:{label.id}",), tuple(sorted(options)), f"label:{label.id}",
                                  label.full_name))
    return questions


def peak_questions(content: ContentLibrary, atlas: Atlas, regions: set[str]) -> list[Question]:
    """"In which teaching region does (−8, 20, 40) fall?" for each page peak, answered by a click in 3D.

    The answer is looked up in the current atlas, as `brain-explorer where` does; a peak that falls in
    no teaching region of this atlas (or in one the quiz does not cover) is not asked.
    """
    from explorer.model.coordinates import SPACE_NAMES, point_in_atlas
    from explorer.model.peak_text import signed

    questions = []
    for page in content.annotations.values():
        for n, peak in enumerate(page.peaks):
            region = point_in_atlas(atlas, peak.mni).region
            if region not in regions:
                continue
            ref = content.references.get(peak.ref)
            where = f"{signed(peak.xyz)} ({SPACE_NAMES[peak.space]})"
            questions.append(Question(f"peak:{page.id}:{n}", "click",
                                      f"In which teaching region does {where} fall? Click it in 3D.", (region,),
                                      source=f"{ref.short if ref else peak.ref}, {peak.table}"))
    return questions


def order(questions: list[Question], progress: dict[str, dict]) -> list[Question]:
    """Leitner order: lower boxes first (wrong answers drop to box 1), then least recently seen."""
    def key(q: Question) -> tuple[int, int, str]:
        item = progress.get(q.id, {})
        return int(item.get("box", 1)), int(item.get("seen", -1)), q.id

    return sorted(questions, key=key)


def record(progress: dict[str, dict], question_id: str, correct: bool, turn: int) -> dict[str, dict]:
    """New progress after an answer: right moves up a box, wrong goes back to box 1."""
    item = dict(progress.get(question_id, {"box": 1}))
    item["box"] = min(int(item.get("box", 1)) + 1, BOXES) if correct else 1
    item["seen"] = turn
    return {**progress, question_id: item}


def _valid(data: object) -> bool:
    return isinstance(data, dict) and all(isinstance(v, dict) for v in data.values())


class ProgressStore:
    """Quiz progress per user, written atomically; a damaged file is moved aside.

    Each answer is merged into what is on disk under a lock, so two windows keep each other's progress.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or data_dir() / "quiz-progress.json"
        self._file = JsonFile(self.path, _valid)

    @property
    def progress(self) -> dict[str, dict]:
        return self._file.read()

    @property
    def turn(self) -> int:
        """The number of the latest answer on disk (answers from every window count)."""
        return _last_turn(self.progress)

    def answer(self, question_id: str, correct: bool) -> None:
        self._file.update(lambda progress: record(progress, question_id, correct, _last_turn(progress) + 1))


def _last_turn(progress: dict[str, dict]) -> int:
    return max((int(v.get("seen", 0)) for v in progress.values()), default=0)
