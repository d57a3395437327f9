"""One entity resolver for both chat paths: drivers, teams, Grands Prix, circuits, years, sessions, laps.

A question names things the way people do: a code ("VER"), a surname, a full name, an
accent-free spelling ("Raikkonen"), a typo ("Verstapen"), a former team name, a circuit
or city ("Suzuka", "Interlagos", "Yas Marina"), a relative word ("the opener", "last
season") or a session nickname ("quali"). Everything here is a pure function of the text
and small frames read from the store, so the offline answerer and the Groq tools resolve
the same words to the same rows.
"""

from __future__ import annotations

import contextlib
import difflib
import json
import re
import unicodedata
import weakref
from dataclasses import dataclass

import pandas as pd

from f1core.errors import NoData

#: A fuzzy match must be at least this similar (difflib ratio) to count as a misspelling.
FUZZY_CUTOFF = 0.8
MIN_FUZZY_CHARS = 5
#: Below this many race entries a one-word name must be capitalised to count ("Speed",
#: "Driver", "First" are drivers and teams too), and is never guessed from a misspelling.
WELL_KNOWN_ENTRIES = 30
SESSION_PATTERNS: tuple[tuple[str, str], ...] = (
    ("SQ", r"sprint (qualifying|quali|shootout)"),
    ("S", r"\bsprint\b"),
    ("FP1", r"\bfp1\b|first practice|practice 1\b|free practice 1"),
    ("FP2", r"\bfp2\b|second practice|practice 2\b|free practice 2"),
    ("FP3", r"\bfp3\b|third practice|practice 3\b|free practice 3"),
    ("Q", r"(?<!dis)qualif|\bquali\b|\bq[123]\b"),
    ("R", r"\brace\b|grand prix|\bgp\b"),
)
#: Words that are never a misspelt driver name (F1 and question vocabulary).
_PLAIN_WORDS = frozenset(" ".join((
    "which where when whose there their about after before during fastest quickest slowest highest "
    "lowest hottest coldest points place places position positions second third fourth fifth "
    "podium podiums poles championship champion season seasons races record records winner "
    "winning leader leading sprint qualifying practice stints stint tyres tires compound pitted "
    "stops speed speeds sector sectors weather temperature track laps total career history "
    "grand prix start started finish finished retired penalty penalties safety virtual driver "
    "drivers teams team constructor constructors world title titles ideal between separated",
)).split())  # fmt: skip


def plain(text: str) -> str:
    """Lower case, accents removed, punctuation as spaces: ``"Räikkönen's"`` -> ``"raikkonen s"``."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    ascii_text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", " ", ascii_text.lower()).strip()


def _has(phrase: str, text: str) -> bool:
    """Whether the plain ``phrase`` occurs as whole words in the plain ``text``."""
    return bool(phrase) and f" {phrase} " in f" {text} "


#: store -> (history table sizes, HistoryNames); weak, so a closed store drops its entry.
_BY_STORE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _named(name: str, text: str, *, well_known: bool) -> bool:
    """Whether ``name`` is named in ``text``: a rare one-word name must be capitalised there."""
    phrase = plain(name)
    if len(phrase) < 3 or not _has(phrase, plain(text)):
        return False
    if well_known or " " in phrase:
        return True
    return any(plain(w) == phrase and w[:1].isupper() for w in re.findall(r"[\w'-]+", text))


def detect_year(text: str) -> int | None:
    """A season year (1950-2039) named in the text."""
    m = re.search(r"\b(19[5-9]\d|20[0-3]\d)\b", text)
    return int(m.group(1)) if m else None


def detect_session_code(text: str) -> str | None:
    """A session code named in the text (``"quali"`` -> ``"Q"``)."""
    lowered = text.lower()
    return next((code for code, pattern in SESSION_PATTERNS if re.search(pattern, lowered)), None)


def detect_lap(text: str) -> int | None:
    """A lap number named in the text (``"on lap 20"``)."""
    m = re.search(r"\blap (\d{1,3})\b", text.lower())
    return int(m.group(1)) if m else None


def relative_round(text: str) -> str | None:
    """``"first"`` for the season opener, ``"last"`` for the finale, else ``None``."""
    lowered = text.lower()
    if re.search(
        r"\b(season )?opener\b|\bopening (race|round|grand prix)\b|\bfirst (race|round) of\b",
        lowered,
    ):
        return "first"
    if re.search(r"\b(season )?finale\b|\b(last|final) (race|round) of\b", lowered):
        return "last"
    return None


def relative_year(text: str, *, latest_complete: int, latest: int) -> int | None:
    """``"last season"`` -> the latest completed season; ``"this season"`` -> the latest in the data."""
    lowered = text.lower()
    if re.search(r"\b(last|previous) (season|year|championship)\b", lowered):
        return latest_complete
    if re.search(r"\b(this|current) (season|year|championship)\b", lowered):
        return latest
    return None


_STOP_ALIASES = {"grand", "prix", "the", "of", "united", "states", "circuit", "international"}


def event_aliases(row: pd.Series | dict) -> set[str]:
    """Lower-case names a question may use for a session's event."""
    aliases: set[str] = set()
    event = str(row.get("event_name") or "").lower()
    core = " ".join(w for w in event.split() if w not in _STOP_ALIASES)
    if core:
        aliases.add(core)
        first = core.split()[0]
        if len(first) >= 5:
            aliases.add(first)
    for col in ("country", "location", "circuit"):
        value = str(row.get(col) or "").lower().strip()
        if len(value) >= 4 and value not in _STOP_ALIASES and value != "united states":
            aliases.add(value)
    return aliases


def match_event(text: str, sessions: pd.DataFrame) -> pd.DataFrame:
    """Rows of the stored ``sessions`` whose event is named in ``text`` (prefix match on word starts)."""
    lowered = text.lower()
    mask = []
    for _, row in sessions.iterrows():
        mask.append(any(re.search(rf"\b{re.escape(a)}", lowered) for a in event_aliases(row)))
    return (
        sessions[pd.Series(mask, index=sessions.index, dtype=bool)] if len(sessions) else sessions
    )


@dataclass(frozen=True)
class DriverRef:
    """An F1DB driver named in a question."""

    driver_id: str
    name: str
    abbreviation: str


@dataclass(frozen=True)
class TeamRef:
    """An F1DB constructor named in a question."""

    constructor_id: str
    name: str


def _fuzzy_tokens(text: str, taken: set[str]) -> list[str]:
    return [
        t for t in plain(text).split()
        if len(t) >= MIN_FUZZY_CHARS and t not in _PLAIN_WORDS and t not in taken and not t.isdigit()
    ]  # fmt: skip


#: Surnames of well-known drivers that are also ordinary words in a question ("race pace",
#: "the title hunt"): they name the driver only when capitalised.
ORDINARY_WORDS = _PLAIN_WORDS | frozenset(
    ("pace", "hunt", "stuck", "courage", "mass", "ireland", "modena", "brooks", "oliver", "palmer",
     "taylor", "bernard", "collins", "gregory", "martini", "lamy", "hill")
)  # fmt: skip


def _first_name_fits(text: str, token: str, full: str) -> bool:
    """Whether the capitalised word before a misspelt surname (if any) is near the driver's first name."""
    raw = re.findall(r"[\w'-]+", text)
    spots = [i for i, w in enumerate(raw) if plain(w) == token]
    if not spots or spots[0] == 0 or not raw[spots[0] - 1][:1].isupper():
        return True
    before = plain(raw[spots[0] - 1])
    first = full.split()[0] if full else ""
    return (
        spots[0] - 1 == 0
        and before in _QUESTION_WORDS
        or difflib.SequenceMatcher(None, before, first).ratio() >= FUZZY_CUTOFF
    )


_QUESTION_WORDS = frozenset(
    ["who", "what", "when", "where", "which", "how", "did", "does", "was", "is", "has", "had"]
)


def with_plain_names(names: pd.DataFrame) -> pd.DataFrame:
    """``names`` sorted by rank with plain ``full_p`` and ``last_p`` columns ("Jr." dropped)."""
    out = names.sort_values("rank", ascending=False).copy()
    for column in ("full", "last"):
        out[f"{column}_p"] = [plain(v or "").removesuffix(" jr") for v in out[column]]
    return out


def match_names(text: str, names: pd.DataFrame, *, fuzzy_ok: set[str] | None = None) -> list[str]:
    """Ids of the rows of ``names`` named in ``text``, in order of mention.

    Args:
        text: the question.
        names: ``id``, ``code`` (upper-case, may be empty), ``full``, ``last`` and ``rank``
            (higher wins among namesakes: race entries); :func:`with_plain_names` output
            is used as is (faster when matched often).
        fuzzy_ok: words already known to name something else (a circuit, a team), never
            read as a misspelt surname.

    Returns:
        Ids; full names beat surnames, exact spellings beat misspellings.
    """
    ranked = names if "full_p" in names else with_plain_names(names)
    words = plain(text)
    present = set(words.split())
    capitalised = {plain(w) for w in re.findall(r"[\w'-]+", text) if w[:1].isupper()}
    found: dict[str, int] = {}
    taken: set[str] = set()
    for column in ("full_p", "last_p"):
        for r in ranked.itertuples():
            phrase = getattr(r, column)
            if len(phrase) < 3 or phrase.split()[0] not in present or not _has(phrase, words):
                continue
            rare = r.rank < WELL_KNOWN_ENTRIES or phrase in ORDINARY_WORDS
            if rare and " " not in phrase and phrase not in capitalised:
                continue  # a rare or ordinary one-word name must be capitalised ("Speed", "Pace")
            if column == "last_p" and any(w in taken for w in phrase.split()):
                continue  # the surname was already used by a full name ("Max Verstappen")
            found.setdefault(r.id, f" {words} ".index(f" {phrase} "))
            taken.update(phrase.split())
    upper = set(re.findall(r"\b[A-Z]{3}\b", text))
    for r in ranked.itertuples():
        code = str(r.code or "")
        if code in upper and r.id not in found and code.lower() not in taken:
            spot = f" {words} ".find(f" {code.lower()} ")
            found[r.id] = spot if spot >= 0 else len(words)
            taken.add(code.lower())
    tokens = _fuzzy_tokens(text, taken | set(fuzzy_ok or ()))
    if tokens:
        known = ranked[ranked["rank"] >= WELL_KNOWN_ENTRIES]
        surnames = sorted(set(known["last_p"]) - {""})
        for token in tokens:
            close = difflib.get_close_matches(token, surnames, n=1, cutoff=FUZZY_CUTOFF)
            if close and close[0][0] == token[0]:
                best = known[known["last_p"] == close[0]].iloc[0]
                if not _first_name_fits(text, token, best.full_p):
                    continue  # "Bob Jonesy" is not a misspelt Alan Jones
                found.setdefault(best.id, f" {words} ".index(f" {token} "))
    return [i for i, _ in sorted(found.items(), key=lambda kv: kv[1])]


class HistoryNames:
    """Names of every F1DB driver, constructor, Grand Prix and circuit, read once from the store.

    Use :meth:`of`: one instance per store and history state (read-only once built), so a
    question that resolves several names reads the tables once.

    Raises:
        NoData: the history tables are not loaded.
    """

    @classmethod
    def of(cls, store) -> HistoryNames:
        """The names of ``store``'s history, rebuilt when its F1DB tables change size."""
        if not store.table_exists("f1db_race_results"):
            return cls(store)  # raises NoData with the reason
        state = store.query_rows(
            "SELECT (SELECT count(*) FROM f1db_race_results), (SELECT count(*) FROM f1db_drivers), "
            "(SELECT count(*) FROM f1db_constructors), (SELECT count(*) FROM f1db_circuits)"
        )[0]
        cached = _BY_STORE.get(store)
        if cached is None or cached[0] != state:
            cached = (state, cls(store))
            _BY_STORE[store] = cached  # a new immutable value: readers never see it change
        return cached[1]

    def __init__(self, store):
        for table in ("f1db_drivers", "f1db_constructors", "f1db_grands_prix", "f1db_circuits"):
            if not store.table_exists(table):
                raise NoData(
                    "The history tables are not in the store; load the data kit on the home page."
                )
        self.drivers = store.query_df(
            "SELECT d.id, d.name AS full, d.lastName AS last, d.abbreviation AS code, d.name, "
            "count(r.driverId) AS rank FROM f1db_drivers d LEFT JOIN f1db_race_results r ON r.driverId = d.id "
            "GROUP BY ALL"
        )
        self.drivers = with_plain_names(self.drivers)
        self.teams = store.query_df(
            "SELECT c.id, c.name, c.fullName, count(r.constructorId) AS rank FROM f1db_constructors c "
            "LEFT JOIN f1db_race_results r ON r.constructorId = c.id GROUP BY ALL"
        )
        self.grands_prix = store.query_df(
            "SELECT id, name, fullName, shortName FROM f1db_grands_prix"
        )
        self.circuits = store.query_df(
            "SELECT id, name, fullName, placeName, previousNames FROM f1db_circuits"
        )
        self._teams_plain = self.teams.sort_values("rank", ascending=False).assign(
            name_p=[plain(v) for v in self.teams.sort_values("rank", ascending=False)["name"]],
            full_p=[plain(v) for v in self.teams.sort_values("rank", ascending=False)["fullName"]],
        )
        self._gp_aliases = self._build_grand_prix_aliases()
        self._circuit_aliases = self._build_circuit_aliases()
        self.places = {w for c in self._circuit_aliases.values() for a in c for w in a.split()}
        self.places |= {w for g in self._gp_aliases.values() for a in g for w in a.split()}

    def find_drivers(self, text: str) -> list[DriverRef]:
        """Drivers named in ``text`` (full name, surname, code or a near spelling), in order."""
        taken = {w for w in self.places if _has(w, plain(text))}
        taken |= {w for t in self.find_teams(text) for w in plain(t.name).split()}
        ids = match_names(text, self.drivers, fuzzy_ok=taken)
        rows = self.drivers.set_index("id")
        return [DriverRef(i, rows.at[i, "name"], rows.at[i, "code"] or "") for i in ids]

    def find_teams(self, text: str) -> list[TeamRef]:
        """Constructors named in ``text`` by name or full name (longest first: "Red Bull Racing")."""
        words = plain(text)
        present = set(words.split())
        found = []
        for r in self._teams_plain.itertuples():
            hits = [
                a for a in (r.name_p, r.full_p) if a and a.split()[0] in present and _has(a, words)
            ]
            hits = [a for a in hits if _named(a, text, well_known=r.rank >= WELL_KNOWN_ENTRIES)]
            if hits:
                found.append((max(len(a) for a in hits), TeamRef(r.id, r.name)))
        found.sort(key=lambda x: -x[0])
        return [t for _, t in found]

    def grand_prix_aliases(self) -> dict[str, set[str]]:
        """Grand Prix id -> plain names ("china", "chinese", "great britain", "british")."""
        return self._gp_aliases

    def circuit_aliases(self) -> dict[str, set[str]]:
        """Circuit id -> plain names, places and former names ("interlagos", "albert park", "imola")."""
        return self._circuit_aliases

    def _build_grand_prix_aliases(self) -> dict[str, set[str]]:
        out = {}
        for r in self.grands_prix.itertuples():
            names = {plain(r.name), plain(str(r.fullName).replace(" Grand Prix", "")),
                     plain(str(r.shortName).replace(" GP", ""))}  # fmt: skip
            out[r.id] = {n for n in names if len(n) >= 4}
        return out

    def _build_circuit_aliases(self) -> dict[str, set[str]]:
        out = {}
        for r in self.circuits.itertuples():
            names = {plain(r.name), plain(r.fullName), plain(r.placeName)}
            with contextlib.suppress(TypeError, ValueError):
                names |= {plain(n) for n in json.loads(r.previousNames or "[]")}
            out[r.id] = {n for n in names if len(n) >= 4}
        return out

    def find_grand_prix(self, text: str) -> tuple[str, str] | None:
        """``(grandPrixId, full name)`` named in ``text`` ("British GP", "China", "Monaco")."""
        words = plain(text)
        best = None
        for gp_id, aliases in self.grand_prix_aliases().items():
            hit = max((len(a) for a in aliases if _has(a, words)), default=0)
            if hit and (best is None or hit > best[0]):
                best = (hit, gp_id)
        if best is None:
            return None
        row = self.grands_prix.set_index("id").loc[best[1]]
        return best[1], str(row.fullName)

    def find_circuit(self, text: str) -> tuple[str, str] | None:
        """``(circuitId, name)`` named in ``text`` by name, place or former name ("Suzuka", "Interlagos")."""
        words = plain(text)
        best = None
        for circuit_id, aliases in self.circuit_aliases().items():
            hit = max((len(a) for a in aliases if _has(a, words)), default=0)
            if hit and (best is None or hit > best[0]):
                best = (hit, circuit_id)
        if best is None:
            return None
        return best[1], str(self.circuits.set_index("id").at[best[1], "name"])
