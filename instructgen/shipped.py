"""Deterministic writer for the small shipped data set under ``data/``.

The offline default pipeline trains tiny models on a 2-core CPU, so it needs a
small corpus and small instruction sets that look like the real public ones
(Wikipedia, C4, Self-Instruct seeds, Super-NaturalInstructions, Dolly,
LongForm) without containing any of their text.  Everything here is written
by this project: passages are composed from hand-written building blocks about
invented towns, rivers, species, people, crafts and products, and every task
answer is either hand-written or computed from the same table that produced
the question, so answers are correct by construction.

Regenerate with ``python -m instructgen.shipped data/``.  The output is
byte-for-byte reproducible: each section draws from its own seeded
``random.Random`` so editing one section does not reshuffle the others, and no
set or dict iteration order (hash seeds) ever reaches the output.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import random
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

WIKI_HOST = "https://encyclopedia.invalid/wiki/"

# ---------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------


def word_count(text: str) -> int:
    return len(text.split())


def stable_hash(*parts: str) -> str:
    """Short content hash used for Super-NI instance ids (stable across runs)."""
    h = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()
    return h[:32]


def a_or_an(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def join_list(items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]


def ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


class LineRegistry:
    """Remembers every emitted passage line so no two shipped lines are equal.

    Duplicate lines would let the tiny models memorise boilerplate and would
    skew the dedup statistics the pipeline reports, so generators retry with
    fresh draws until all of a passage's lines are new.
    """

    def __init__(self) -> None:
        self.seen: dict[str, None] = {}

    def fresh(self, text: str) -> bool:
        lines = [ln for ln in text.split("\n")]
        if len(set(lines)) != len(lines):
            return False
        return all(ln not in self.seen for ln in lines)

    def add(self, text: str) -> None:
        for ln in text.split("\n"):
            self.seen[ln] = None


# ---------------------------------------------------------------------------
# Invented world: names and places shared by all sections
# ---------------------------------------------------------------------------

TOWN_HEADS = [
    "Ash",
    "Brem",
    "Cal",
    "Dun",
    "Elm",
    "Fen",
    "Gar",
    "Hol",
    "Ivel",
    "Kest",
    "Lorn",
    "Mar",
    "Nor",
    "Orm",
    "Pell",
    "Quen",
    "Rav",
    "Sel",
    "Tam",
    "Ull",
    "Vard",
    "Wen",
    "Yarr",
    "Zel",
    "Brack",
    "Corr",
    "Hask",
    "Mell",
]
TOWN_TAILS = [
    "by",
    "wick",
    "mere",
    "ford",
    "stead",
    "holm",
    "ton",
    "gate",
    "more",
    "dale",
    "haven",
    "thorpe",
    "bridge",
    "field",
]
REGIONS = [
    "the Varn Valley",
    "the Eskar Coast",
    "Lowmarch",
    "the Halden Uplands",
    "the Corrin Peninsula",
    "the Tessel Plain",
    "North Ambry",
    "the Skellan Isles",
    "the Orrin Fells",
    "the Marrow Downs",
]
REGION_ADJ = [
    "Varn",
    "Eskar",
    "Lowmarch",
    "Halden",
    "Corrin",
    "Tessel",
    "Ambry",
    "Skellan",
    "Orrin",
    "Marrow",
]
RIVER_NAMES = [
    "Aske",
    "Brin",
    "Calla",
    "Dorrow",
    "Elva",
    "Fennet",
    "Glyde",
    "Harle",
    "Isca",
    "Jorra",
    "Kell",
    "Lune",
    "Merrin",
    "Nessa",
    "Ouse",
    "Pyle",
    "Quarrel",
    "Rissa",
    "Sorrel",
    "Tillow",
    "Umber",
    "Vessa",
    "Wend",
    "Yeo",
    "Ambel",
    "Braddle",
    "Corve",
    "Dallow",
    "Eskwater",
    "Frome",
]
FIRST_NAMES = [
    "Ada",
    "Tomas",
    "Ilse",
    "Benedek",
    "Maren",
    "Orla",
    "Jonas",
    "Petra",
    "Emil",
    "Sabine",
    "Caspar",
    "Hedda",
    "Rowan",
    "Tilde",
    "Anselm",
    "Greta",
    "Lucan",
    "Mira",
    "Oskar",
    "Wenna",
    "Ferris",
    "Agnes",
    "Dorian",
    "Elsbeth",
    "Halvard",
    "Ines",
    "Jory",
    "Katrin",
    "Leopold",
    "Nell",
    "Piet",
    "Rosalind",
    "Sten",
    "Thea",
    "Ulric",
    "Vera",
    "Wilmot",
    "Yolanda",
    "Bram",
    "Clementine",
]
SURNAMES = [
    "Korr",
    "Quillon",
    "Haverill",
    "Drummel",
    "Ostrander",
    "Marchbank",
    "Tellow",
    "Vance-Ambry",
    "Pellinger",
    "Raskell",
    "Brightwater",
    "Cordell",
    "Fennick",
    "Gallow",
    "Harrowgate",
    "Ibsley",
    "Jessop",
    "Kettering",
    "Lowther",
    "Mossop",
    "Nettlefold",
    "Orrick",
    "Penhale",
    "Quarry",
    "Roddam",
    "Saltash",
    "Tregear",
    "Ulverston",
    "Varley",
    "Wedderburn",
    "Yelland",
    "Ashdown",
    "Blackwood",
    "Coltrane",
    "Dunmore",
    "Everard",
    "Falkner",
    "Greaves",
    "Hollis",
    "Inchbald",
]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def make_town_names(rng: random.Random, n: int) -> list[str]:
    combos = [h + t for h, t in itertools.product(TOWN_HEADS, TOWN_TAILS)]
    rng.shuffle(combos)
    return combos[:n]


def make_people(rng: random.Random, n: int) -> list[str]:
    firsts = FIRST_NAMES[:]
    rng.shuffle(firsts)
    surs = SURNAMES[:]
    rng.shuffle(surs)
    out: list[str] = []
    # Pair the two shuffled lists with a stride so names are not reused too often.
    for i in range(n):
        out.append(f"{firsts[i % len(firsts)]} {surs[(i * 7 + i // len(firsts)) % len(surs)]}")
    return out


# One shared invented world so passages mention each other's places.
_WORLD_RNG = random.Random(20240501)
TOWNS = make_town_names(_WORLD_RNG, 120)
PEOPLE = make_people(_WORLD_RNG, 120)


# ---------------------------------------------------------------------------
# Encyclopedia passages
# ---------------------------------------------------------------------------

# A passage is built as paragraphs of sentences; some sentences carry a
# (question, answer) pair so Dolly closed-QA items can ask about a sentence that
# is guaranteed to be in the context.
Sentence = tuple[str, tuple[str, str] | None]


class Article:
    def __init__(self, title: str) -> None:
        self.title = title
        self.paras: list[list[Sentence]] = [[]]

    def say(self, text: str, qa: tuple[str, str] | None = None) -> None:
        self.paras[-1].append((text, qa))

    def new_para(self) -> None:
        if self.paras[-1]:
            self.paras.append([])

    def sentences(self) -> list[Sentence]:
        return [s for p in self.paras for s in p]

    def text(self) -> str:
        return "\n".join(" ".join(s for s, _ in p) for p in self.paras if p)

    def qas(self) -> list[tuple[str, str]]:
        return [qa for _, qa in self.sentences() if qa is not None]

    def fit(self, min_words: int, max_words: int, min_sents: int, max_sents: int) -> bool:
        """Drop trailing sentences until the passage fits; False if it cannot."""
        while len(self.sentences()) > max_sents or word_count(self.text()) > max_words:
            last = self.paras[-1]
            last.pop()
            if not last:
                self.paras.pop()
            if len(self.sentences()) < min_sents:
                return False
        n = len(self.sentences())
        return min_sents <= n <= max_sents and min_words <= word_count(self.text()) <= max_words


TOWN_SIZES = [
    "small market town",
    "former mill town",
    "fishing town",
    "hill town",
    "cathedral town",
    "river port",
    "spa town",
    "crossroads town",
]
TOWN_ORIGINS = [
    "a ford used by drovers",
    "a salt spring",
    "a wooden priory",
    "a ferry landing",
    "a watermill",
    "a toll bridge",
    "a horse fair",
    "a lime kiln",
    "a coaching inn",
]
INDUSTRIES = [
    "wool carding",
    "boat repair",
    "cheese making",
    "slate quarrying",
    "rope making",
    "apple growing",
    "glass blowing",
    "tanning",
    "clock repair",
    "printing",
    "basket weaving",
    "oyster farming",
    "timber milling",
    "brewing",
    "tile making",
]
LANDMARKS = [
    "Corn Exchange",
    "Old Toll House",
    "clock tower",
    "covered market",
    "Bell Bridge",
    "Weavers' Hall",
    "harbour lighthouse",
    "stone granary",
    "chapel of Saint Orrin",
    "Assembly Rooms",
    "Lantern Gate",
]
FEST_THINGS = [
    "Lantern",
    "Apple",
    "Boat",
    "Wool",
    "Bread",
    "Kite",
    "Cheese",
    "Ribbon",
    "Lamp",
    "Hay",
    "Chestnut",
    "Oyster",
]
FEST_KINDS = ["Fair", "Festival", "Day", "Procession", "Market", "Feast", "Race"]


def wiki_town(rng: random.Random, name: str) -> Article:
    a = Article(name)
    region = rng.choice(REGIONS)
    river = rng.choice(RIVER_NAMES)
    pop = rng.randrange(1800, 42000, 10)
    size = rng.choice(TOWN_SIZES)
    founded = rng.randrange(1090, 1620)
    origin = rng.choice(TOWN_ORIGINS)
    ind = rng.sample(INDUSTRIES, 2)
    landmark = rng.choice(LANDMARKS)
    built = rng.randrange(1540, 1910)
    fest = f"{rng.choice(FEST_THINGS)} {rng.choice(FEST_KINDS)}"
    month = rng.choice(MONTHS)
    other = rng.choice([t for t in TOWNS if t != name])
    intro = rng.choice(
        [
            f"{name} is {a_or_an(size)} {size} in {region}, on the banks of the River {river}.",
            f"{name} is {a_or_an(size)} {size} in {region}, standing where the River {river} leaves the hills.",
            f"{name} is {a_or_an(size)} {size} on the River {river} in {region}.",
        ]
    )
    a.say(intro, (f"Which river does {name} stand on?", f"The River {river}."))
    a.say(
        rng.choice(
            [
                f"At the last count it had a population of about {pop:,}.",
                f"The town and its surrounding parish are home to roughly {pop:,} people.",
                f"Around {pop:,} people live in the town today.",
            ]
        ),
        (f"About how many people live in {name}?", f"About {pop:,} people."),
    )
    a.say(
        rng.choice(
            [
                f"The settlement is first recorded in {founded}, when it grew up around {origin}.",
                f"Records of the place begin in {founded}, when it was little more than {origin}.",
                f"It began in {founded} as {origin} and slowly gathered a market around it.",
            ]
        ),
        (f"When is {name} first recorded?", f"In {founded}."),
    )
    a.new_para()
    a.say(
        rng.choice(
            [
                f"For much of its history the local economy depended on {ind[0]} and {ind[1]}.",
                f"Its prosperity came from {ind[0]}, and later from {ind[1]}.",
                f"Most families once made a living from {ind[0]} or {ind[1]}, and both trades survive on a small scale.",
            ]
        ),
        (f"What trades did {name}'s economy depend on?", f"{ind[0].capitalize()} and {ind[1]}."),
    )
    a.say(
        rng.choice(
            [
                f"The best-known building is the {landmark}, completed in {built}.",
                f"Visitors usually head for the {landmark}, which dates from {built}.",
                f"The {landmark}, finished in {built}, is the oldest public building still in use.",
            ]
        ),
        (f"When was the {landmark} in {name} completed?", f"In {built}."),
    )
    a.say(
        rng.choice(
            [
                f"Every {month} the town holds the {name} {fest}, which draws visitors from across {region}.",
                f"The {name} {fest} takes place each {month} and fills the main street for a weekend.",
                f"Each {month} the streets close for the {fest}, a custom said to be older than the town charter.",
            ]
        ),
        (f"In which month is {name}'s {fest.split()[0].lower()} celebration held?", f"In {month}."),
    )
    if rng.random() < 0.7:
        closed = rng.randrange(1931, 1969)
        a.say(
            rng.choice(
                [
                    f"A branch railway linked {name} with {other} until {closed}; buses now cover the route.",
                    f"The railway station closed in {closed}, and the nearest line now runs through {other}.",
                ]
            ),
            (f"When did {name} lose its railway connection?", f"In {closed}."),
        )
    return a


RIVER_SOURCES = [
    "a peat bog",
    "a spring below a limestone scar",
    "two mountain tarns",
    "a marshy saddle",
    "a chain of small lakes",
]
RIVER_MOUTHS = [
    "a wide tidal estuary",
    "a shallow lagoon",
    "the larger River Harle",
    "a delta of reed beds",
    "the sea at a shingle spit",
]
RIVER_FISH = ["grayling", "brown trout", "eels", "barbel", "chub", "perch", "lamprey"]


def wiki_river(rng: random.Random, name: str) -> Article:
    title = f"River {name}"
    a = Article(title)
    region = rng.choice(REGIONS)
    length = rng.randrange(18, 190)
    towns = rng.sample(TOWNS, 3)
    source = rng.choice(RIVER_SOURCES)
    mouth = rng.choice([m for m in RIVER_MOUTHS if name not in m])
    tribs = rng.sample([r for r in RIVER_NAMES if r != name], 2)
    fish = rng.sample(RIVER_FISH, 2)
    a.say(
        rng.choice(
            [
                f"The River {name} is a river in {region}, about {length} kilometres long.",
                f"The {name} is a {length}-kilometre river that drains much of {region}.",
            ]
        ),
        (f"How long is the River {name}?", f"About {length} kilometres."),
    )
    a.say(
        f"It rises in {source} and flows past {towns[0]} and {towns[1]} before reaching {mouth}.",
        (f"Where does the River {name} rise?", f"In {source}."),
    )
    a.say(
        rng.choice(
            [
                f"Its main tributaries are the {tribs[0]} and the {tribs[1]}.",
                f"The {tribs[0]} joins it from the north and the {tribs[1]} from the south.",
            ]
        ),
        (f"Name two tributaries of the River {name}.", f"The {tribs[0]} and the {tribs[1]}."),
    )
    a.new_para()
    use = rng.choice(
        [
            f"Until the nineteenth century barges carried grain and timber as far upstream as {towns[2]}.",
            f"Mills once lined its middle course, and a few of their weirs still stand near {towns[2]}.",
            f"Flooding was a regular problem at {towns[2]} until embankments were raised in {rng.randrange(1850, 1960)}.",
        ]
    )
    a.say(use)
    a.say(
        f"Anglers know it for {fish[0]} and {fish[1]}, and a stretch of its upper valley is a nature reserve.",
        (f"Which fish is the River {name} known for?", f"{fish[0].capitalize()} and {fish[1]}."),
    )
    if rng.random() < 0.5:
        a.say(
            rng.choice(
                [
                    "A footpath follows the river for most of its length.",
                    "In dry summers the upper river can shrink to a chain of pools.",
                    "The name is thought to come from an old word for bright or quick water.",
                ]
            ).replace("the river", f"the {name}")
        )
    return a


BIRD_NOUNS = ["warbler", "thrush", "finch", "plover", "wren", "heron", "pipit", "shrike"]
PLANT_NOUNS = [
    "bellflower",
    "sedge",
    "saxifrage",
    "orchid",
    "thistle",
    "campion",
    "fern",
    "rockrose",
]
BUG_NOUNS = ["beetle", "hoverfly", "moth", "damselfly", "grasshopper", "bumblebee"]
FISH_NOUNS = ["loach", "minnow", "char", "goby", "sculpin"]
GENERA = {
    "bird": ["Sylvana", "Corvella", "Turdina", "Pipilo", "Ardella"],
    "plant": ["Campanilla", "Saxifraga", "Carexa", "Orchella", "Filicina"],
    "insect": ["Coleopsis", "Syrphella", "Nocturna", "Calopterella", "Bombilla"],
    "fish": ["Cobitella", "Phoxina", "Salvella", "Gobiella", "Cottina"],
}
HABITATS = [
    "wet meadows",
    "coastal heath",
    "beech woodland",
    "upland bogs",
    "shingle beaches",
    "old orchards",
    "limestone pavement",
    "reed beds",
    "fast upland streams",
    "hedgerows",
]
COLOURS = [
    "pale grey",
    "rust-brown",
    "olive",
    "deep blue",
    "creamy white",
    "speckled bronze",
    "violet",
    "yellow",
]
THREATS = [
    "drainage of wetlands",
    "the loss of old hedges",
    "trampling by walkers",
    "warmer summers",
    "river pollution",
    "the spread of conifer plantations",
]


def wiki_species(rng: random.Random, kind: str, noun: str, adj: str) -> Article:
    common = f"{adj} {noun}"
    genus = rng.choice(GENERA[kind])
    species = adj.lower().replace(" ", "") + "ensis"
    a = Article(common.capitalize())
    # Fish only make sense in water, so they draw from the watery habitats.
    habitats = (
        [h for h in HABITATS if h in ("reed beds", "fast upland streams")]
        + ["slow lowland rivers", "clear lakes"]
        if kind == "fish"
        else HABITATS
    )
    habitat, habitat2 = rng.sample(habitats, 2)
    colour = rng.choice(COLOURS)
    size = rng.randrange(3, 60)
    unit = "millimetres" if kind == "insect" else "centimetres"
    desc = {
        "bird": "bird",
        "plant": "flowering plant" if noun != "fern" and noun != "sedge" else "plant",
        "insect": "insect",
        "fish": "freshwater fish",
    }[kind]
    a.say(
        f"The {common} ({genus} {species}) is a {desc} found mainly in {habitat} across {rng.choice(REGIONS)}.",
        (f"What is the scientific name of the {common}?", f"{genus} {species}."),
    )
    if noun == "fern":
        a.say(
            f"Its {colour} fronds grow to about {size} {unit} long and unroll in {rng.choice(MONTHS[3:6])}.",
            (f"How long are the fronds of the {common}?", f"About {size} {unit}."),
        )
    elif kind == "plant":
        a.say(
            f"It grows to about {size} {unit} tall and carries {colour} flowers from {rng.choice(MONTHS[3:6])} to {rng.choice(MONTHS[6:9])}.",
            (f"What colour are the flowers of the {common}?", f"{colour.capitalize()}."),
        )
    else:
        a.say(
            f"Adults reach about {size} {unit} in length and are mostly {colour}, with {rng.choice(['darker', 'paler', 'barred', 'spotted'])} markings on the {rng.choice(['back', 'flanks', 'head', 'tail'])}.",
            (f"How big does the {common} grow?", f"About {size} {unit} long."),
        )
    food = {
        "bird": rng.choice(
            [
                "seeds and small beetles",
                "snails, which it breaks on stones",
                "spiders and caterpillars",
                "small fish and frogs",
            ]
        ),
        "plant": rng.choice(
            ["bumblebees", "hoverflies", "night-flying moths", "small solitary bees"]
        ),
        "insect": rng.choice(
            ["nectar from thistles", "rotting wood", "aphids", "pollen of spring flowers"]
        ),
        "fish": rng.choice(
            ["insect larvae", "freshwater shrimps", "algae scraped from stones", "worms"]
        ),
    }[kind]
    if noun == "fern":
        a.say("It spreads by spores and by creeping underground stems.")
    elif kind == "plant":
        a.say(f"Its flowers are pollinated chiefly by {food}, and the seeds are spread by wind.")
    else:
        a.say(
            f"It feeds on {food}.",
            (f"What does the {common} eat?", f"{food[0].upper() + food[1:]}."),
        )
    a.new_para()
    a.say(
        rng.choice(
            [
                f"It was first described in {rng.randrange(1780, 1935)} by the naturalist {rng.choice(PEOPLE)}.",
                f"The naturalist {rng.choice(PEOPLE)} gave it its scientific name in {rng.randrange(1780, 1935)}.",
            ]
        )
    )
    threat = rng.choice(THREATS)
    a.say(
        rng.choice(
            [
                f"Numbers have fallen because of {threat}, and it is now protected in several reserves.",
                f"It remains common in {habitat2}, although {threat} has reduced it elsewhere.",
                f"The main threat to it is {threat}.",
            ]
        ),
        (f"What threatens the {common}?", f"{threat[0].upper() + threat[1:]}."),
    )
    if rng.random() < 0.4:
        a.say(
            f"Local people once called it the {rng.choice(['little', 'grey', 'marsh', 'stone', 'summer'])} {rng.choice(['lady', 'piper', 'bell', 'friar', 'tinker'])}."
        )
    return a


INVENTIONS = [
    ("a spring-loaded seed drill", "farming"),
    ("a lamp that burned fish oil without smoke", "lighting"),
    ("a folding loom for travelling weavers", "textiles"),
    ("a tide clock for harbour masters", "navigation"),
    ("a hand-cranked apple press", "farming"),
    ("a waterproof glue made from birch tar", "boat building"),
    ("a signal telegraph using coloured shutters", "communication"),
    ("a stove that heated two rooms from one fire", "domestic heating"),
    ("a cheap printing press for village schools", "printing"),
    ("a pocket barometer", "weather forecasting"),
    ("a bicycle brake worked by the pedals", "transport"),
    ("a method of keeping milk cool with wet clay jars", "dairying"),
    ("a collapsible lifeboat", "sea rescue"),
    ("a pump driven by a small windmill", "drainage"),
]
PROFESSIONS = [
    "inventor",
    "engineer",
    "clockmaker",
    "instrument maker",
    "surveyor",
    "painter",
    "composer",
    "cartographer",
    "botanist",
    "schoolteacher and inventor",
]


def wiki_person(rng: random.Random, name: str) -> Article:
    a = Article(name)
    born = rng.randrange(1740, 1905)
    died = born + rng.randrange(38, 92)
    town = rng.choice(TOWNS)
    prof = rng.choice(PROFESSIONS)
    surname = name.split()[-1]
    parent = rng.choice(
        [
            "a miller",
            "a ferryman",
            "a schoolteacher",
            "a blacksmith",
            "a weaver",
            "a shopkeeper",
            "a shepherd",
        ]
    )
    a.say(
        f"{name} ({born}–{died}) was {a_or_an(prof)} {prof} from {town}.",
        (f"Where was {name} from?", f"{town}."),
    )
    a.say(
        rng.choice(
            [
                f"The child of {parent}, {surname} left school at {rng.randrange(11, 16)} to work in a {rng.choice(['workshop', 'boatyard', 'print shop', 'mill'])}.",
                f"{surname} grew up in the house of {parent} and was largely self-taught.",
            ]
        ),
        (f"What did {name}'s parent do for a living?", f"{surname}'s parent was {parent}."),
    )
    if prof in ("painter", "composer"):
        work = rng.choice(
            [
                "a cycle of river landscapes",
                "a set of harbour songs",
                "a series of winter studies",
                "a portrait of the harbour master",
            ]
        )
        a.say(f"{surname} is remembered for {work}, first shown in {born + rng.randrange(24, 37)}.")
        a.new_para()
        a.say(
            "Critics at the time found the work plain, but later writers praised its calm and its care with light."
        )
    else:
        inv, field = rng.choice(INVENTIONS)
        year = born + rng.randrange(22, 36)
        a.say(
            f"In {year} {surname} built {inv}, which changed {field} in {rng.choice(REGIONS)}.",
            (f"What is {name} known for inventing?", f"{inv[0].upper() + inv[1:]}."),
        )
        a.new_para()
        a.say(
            rng.choice(
                [
                    f"{surname} never patented the design, and copies were soon made by workshops in {rng.choice(TOWNS)}.",
                    f"The design earned {surname} a silver medal from the {rng.choice(REGION_ADJ)} Society of Arts.",
                    f"Early versions often broke, and it took {surname} {rng.randrange(3, 9)} years to make the design reliable.",
                ]
            )
        )
    a.say(
        rng.choice(
            [
                f"{surname} died in {died} and is buried in {town}.",
                f"In later life {surname} taught apprentices and died in {died}.",
                f"{surname} spent the final years in {rng.choice(TOWNS)} and died there in {died}.",
            ]
        ),
        (f"When did {name} die?", f"In {died}."),
    )
    if rng.random() < 0.5:
        a.say(
            f"A street in {town} and a {rng.choice(['primary school', 'small museum', 'footbridge', 'reading room'])} are named after {surname}."
        )
    return a


CRAFT_NOUNS = [
    ("reed weaving", "reeds cut from the marshes", "mats, baskets and chair seats"),
    ("knot lace", "linen thread", "collars, cuffs and church cloths"),
    ("slate carving", "offcuts of roofing slate", "sundials and gravestones"),
    ("horn working", "cattle horn softened in hot water", "spoons, combs and buttons"),
    ("straw plaiting", "wheat straw", "hats and harvest ornaments"),
    ("copper beating", "sheet copper", "kettles, pans and weather vanes"),
    ("willow hurdling", "split willow rods", "fences and sheep pens"),
    ("rag rug making", "strips of worn clothing", "hearth rugs and bed covers"),
    ("clog making", "alder and birch wood", "work shoes for mill hands"),
    ("net braiding", "tarred hemp twine", "fishing nets and garden nets"),
    ("pewter casting", "tin and a little copper", "plates, tankards and buttons"),
    ("candle dipping", "beeswax and tallow", "church candles and rushlights"),
    ("stone walling", "field stones", "walls without mortar"),
    ("bell founding", "bronze", "small chapel bells and hand bells"),
]


def wiki_craft(rng: random.Random, region_adj: str, craft: tuple[str, str, str]) -> Article:
    noun, material, products = craft
    title = f"{region_adj} {noun}"
    a = Article(title)
    century = rng.choice([14, 15, 16, 17, 18])
    a.say(
        f"{title} is a traditional craft of the {region_adj} district, in which makers use {material} to produce {products}.",
        (f"What material is used in {title}?", f"{material[0].upper() + material[1:]}."),
    )
    a.say(
        rng.choice(
            [
                f"The craft is recorded from the {ordinal(century)} century, when it was mostly done at home in the winter months.",
                f"Written accounts go back to the {ordinal(century)} century, though the craft is probably older.",
            ]
        ),
        (
            f"Since which century has {title} been recorded?",
            f"Since the {ordinal(century)} century.",
        ),
    )
    a.say(
        rng.choice(
            [
                f"Work was usually divided: {rng.choice(['children', 'older workers', 'apprentices'])} prepared the raw material while experienced makers did the finishing.",
                f"A skilled maker could finish {rng.randrange(2, 12)} pieces in a day.",
                "Each village had its own patterns, and experts can still tell where a piece was made.",
            ]
        )
    )
    a.new_para()
    decline = rng.randrange(1880, 1960)
    a.say(
        rng.choice(
            [
                f"Factory goods brought a steep decline after {decline}.",
                f"By {decline} only a handful of makers were still working.",
            ]
        ),
        (f"When did {title} decline?", f"After about {decline}."),
    )
    a.say(
        rng.choice(
            [
                f"A revival began when a museum in {rng.choice(TOWNS)} started running weekend classes.",
                f"Today the craft is kept alive by a guild of about {rng.randrange(20, 300)} members.",
                f"Several young makers now sell their work at fairs in {rng.choice(TOWNS)} and {rng.choice(TOWNS)}.",
            ]
        )
    )
    return a


def wiki_festival(rng: random.Random, town: str, thing: str, kind: str) -> Article:
    title = f"{town} {thing} {kind}"
    a = Article(title)
    month = rng.choice(MONTHS)
    first = rng.randrange(1350, 1950)
    crowd = rng.randrange(2, 60) * 500
    a.say(
        f"The {title} is an annual event held in {town} each {month}.",
        (f"When is the {title} held?", f"Each {month}."),
    )
    origin = {
        "Lantern": "lanterns were carried to guide fishing boats home",
        "Apple": "orchard owners paid their workers at the end of the picking season",
        "Boat": "boatmen raced to be first to the grain barges",
        "Wool": "shearers brought the spring fleeces to market",
        "Bread": "the town ovens were blessed after a poor harvest",
        "Kite": "a schoolmaster taught his pupils to fly paper kites on the common",
        "Cheese": "farmers rolled their cheeses downhill to the market square",
        "Ribbon": "ribbons were tied to the market cross for each new marriage",
        "Lamp": "oil lamps were set in every window on the longest night",
        "Hay": "the last cart of hay was decorated and drawn through the streets",
        "Chestnut": "chestnuts from the common were roasted for the poor",
        "Oyster": "the oyster beds were opened for the new season",
    }[thing]
    a.say(
        f"It is said to date from {first}, when {origin}.",
        (f"How did the {title} begin?", f"It began in {first}, when {origin}."),
    )
    a.say(
        rng.choice(
            [
                f"Today it lasts {rng.choice(['one day', 'two days', 'a long weekend', 'a full week'])} and attracts around {crowd:,} visitors.",
                f"Modern crowds are estimated at about {crowd:,} people.",
            ]
        ),
        (f"How many visitors does the {title} attract?", f"About {crowd:,}."),
    )
    a.new_para()
    a.say(
        rng.choice(
            [
                f"The high point is a {rng.choice(['procession', 'race', 'contest', 'night parade'])} led by the {rng.choice(['youngest', 'oldest'])} resident of the {rng.choice(['harbour', 'market', 'east', 'mill'])} ward.",
                f"Stalls sell {thing.lower()}-themed food and crafts, and a brass band plays in the square.",
                f"Local schools make {rng.choice(['banners', 'costumes', 'lanterns', 'floats'])} for the event weeks in advance.",
            ]
        )
    )
    if rng.random() < 0.6:
        a.say(
            f"The {kind.lower()} was cancelled only {rng.choice(['once', 'twice', 'three times'])}, during years of flood and war."
        )
    return a


DISH_BASES = [
    ("pie", "mutton, onions and a thick suet crust", "baked"),
    ("broth", "barley, leeks and smoked fish", "simmered"),
    ("cake", "oats, honey and dried pears", "baked on a griddle"),
    ("dumplings", "potato, cabbage and caraway", "boiled"),
    ("loaf", "rye flour, treacle and fennel seed", "baked slowly"),
    ("pudding", "bread, milk, eggs and sour cherries", "steamed"),
    ("fritters", "grated apple, flour and cinnamon", "fried in butter"),
    ("stew", "beans, pork belly and root vegetables", "cooked overnight"),
    ("tart", "curd cheese, lemon peel and raisins", "baked"),
    ("buns", "wheat flour, saffron and currants", "baked"),
]


def wiki_dish(rng: random.Random, town: str, dish: tuple[str, str, str]) -> Article:
    noun, ingredients, method = dish
    title = f"{town} {noun}"
    a = Article(title)
    a.say(
        f"{title} {'are' if noun.endswith('s') else 'is'} a traditional dish from {town}, made with {ingredients}.",
        (f"What is {title} made with?", f"{ingredients[0].upper() + ingredients[1:]}."),
    )
    a.say(
        rng.choice(
            [
                f"It is {method} and usually served {rng.choice(['hot', 'warm', 'cold', 'in thick slices'])} with {rng.choice(['pickled red cabbage', 'a mug of cider', 'butter and salt', 'a sharp fruit sauce', 'strong tea'])}.",
                f"The mixture is {method}, a method that suited the small kitchens of {rng.choice(['mill workers', 'fishing families', 'farm labourers', 'quarrymen'])}.",
            ]
        )
    )
    a.say(
        rng.choice(
            [
                f"The earliest written recipe appears in a {rng.choice(['parish', 'household', 'inn'])} account book of {rng.randrange(1620, 1880)}.",
                f"Families traditionally made it for {rng.choice(['harvest suppers', 'weddings', 'the first day of winter', 'market days', 'christenings'])}.",
            ]
        )
    )
    a.new_para()
    a.say(
        rng.choice(
            [
                f"Bakers in {town} still argue about whether {rng.choice(['nutmeg', 'a splash of ale', 'extra salt', 'lard', 'black pepper'])} belongs in the recipe.",
                f"A competition for the best {noun} is held in the town hall each {rng.choice(MONTHS)}.",
                f"Versions sold outside the town are usually {rng.choice(['sweeter', 'smaller', 'made without the spices', 'baked in tins'])}.",
            ]
        )
    )
    if rng.random() < 0.5:
        a.say(
            f"In {rng.randrange(1990, 2019)} the dish was added to a regional list of protected local foods."
        )
    return a


PEAK_WORDS = ["Crag", "Fell", "Pike", "Ben", "Knott", "Tor"]
LAKE_WORDS = ["Water", "Tarn", "Mere", "Loch"]


def wiki_landform(rng: random.Random, idx: int) -> Article:
    region = rng.choice(REGIONS)
    if idx % 2 == 0:
        name = f"{rng.choice(TOWN_HEADS)}{rng.choice(['ley', 'stone', 'ridge', 'wold'])} {rng.choice(PEAK_WORDS)}"
        height = rng.randrange(420, 1350)
        a = Article(name)
        a.say(
            f"{name} is a mountain in {region}, rising to {height} metres.",
            (f"How high is {name}?", f"{height} metres."),
        )
        a.say(
            f"Its summit is a broad {rng.choice(['grassy dome', 'rocky ridge', 'plateau of heather', 'cone of scree'])} with views over {rng.choice(TOWNS)}."
        )
        a.say(
            f"The usual route starts at {rng.choice(TOWNS)} and takes about {rng.randrange(2, 6)} hours to the top."
        )
        a.new_para()
        a.say(
            f"Old mine workings for {rng.choice(['lead', 'copper', 'slate', 'iron ore'])} can be seen on its {rng.choice(['north', 'south', 'east', 'west'])} side."
        )
        a.say(
            f"Snow often lies on the summit from {rng.choice(['November', 'December'])} until {rng.choice(['March', 'April'])}."
        )
    else:
        name = f"{rng.choice(TOWN_HEADS)}{rng.choice(['ing', 'ham', 'sey', 'ton'])} {rng.choice(LAKE_WORDS)}"
        area = rng.randrange(12, 900) / 10
        depth = rng.randrange(8, 70)
        a = Article(name)
        a.say(
            f"{name} is a lake in {region} with an area of {area} square kilometres.",
            (f"What is the area of {name}?", f"{area} square kilometres."),
        )
        a.say(
            f"It reaches a depth of {depth} metres and is fed by several small streams.",
            (f"How deep is {name}?", f"{depth} metres."),
        )
        a.say(
            f"The lake was {rng.choice(['dammed in the 1890s to supply water to', 'used for ice cutting by', 'a source of fish for'])} {rng.choice(TOWNS)}."
        )
        a.new_para()
        a.say(
            f"Sailing and swimming are allowed on the {rng.choice(['northern', 'southern', 'eastern'])} shore, and a path runs around the whole lake."
        )
        a.say(
            f"Winter brings flocks of {rng.choice(['whooper swans', 'goldeneye', 'wigeon', 'coots'])} to its shallow bays."
        )
    return a


INSTRUMENTS = [
    ("drone pipe", "wind", "a bag made of goatskin and two reed pipes"),
    ("hammer harp", "string", "a wooden box strung with brass wires struck by small hammers"),
    ("bell fiddle", "string", "a short fiddle with a row of tiny bells on the neck"),
    ("clay whistle", "wind", "a hollow fired-clay body with four finger holes"),
    ("frame drum", "percussion", "a wide wooden hoop covered with calfskin"),
    ("reed horn", "wind", "a cow horn fitted with a cane reed"),
    ("box zither", "string", "a flat box with twelve gut strings"),
    ("spoon rattle", "percussion", "two carved wooden spoons joined with leather"),
]


def wiki_instrument(rng: random.Random, region_adj: str, inst: tuple[str, str, str]) -> Article:
    noun, family, build = inst
    title = f"{region_adj} {noun}"
    a = Article(title)
    a.say(
        f"The {title} is a folk {family} instrument played in the {region_adj} district.",
        (f"What kind of instrument is the {title}?", f"A {family} instrument."),
    )
    a.say(
        f"It consists of {build}.",
        (f"What is the {title} made of?", f"{build[0].upper() + build[1:]}."),
    )
    a.say(
        rng.choice(
            [
                f"Players traditionally accompanied {rng.choice(['dances', 'harvest songs', 'wedding processions', 'long ballads'])}.",
                f"It was common in taverns and at fairs until the {rng.choice(['1880s', '1900s', '1920s', '1950s'])}.",
            ]
        )
    )
    a.new_para()
    a.say(
        f"A collection of {rng.randrange(6, 40)} old examples is kept in the museum at {rng.choice(TOWNS)}."
    )
    a.say(
        rng.choice(
            [
                "Makers today use the old patterns but often add a modern tuning system.",
                "Interest returned when folk groups began recording the old tunes.",
                "Few people still know how to build one, and lessons are hard to find.",
            ]
        )
    )
    return a


def build_wiki_articles(seed: int, registry: LineRegistry, n_target: int) -> list[Article]:
    """Compose encyclopedia articles of 60-180 words and 3-8 sentences."""
    rng = random.Random(seed)
    makers: list[Callable[[], Article]] = []
    towns = TOWNS[:]
    rng.shuffle(towns)
    for t in towns[:60]:
        makers.append(lambda t=t: wiki_town(rng, t))
    for r in RIVER_NAMES:
        makers.append(lambda r=r: wiki_river(rng, r))
    species: list[tuple[str, str, str]] = []
    for kind, nouns in (
        ("bird", BIRD_NOUNS),
        ("plant", PLANT_NOUNS),
        ("insect", BUG_NOUNS),
        ("fish", FISH_NOUNS),
    ):
        for noun in nouns:
            for adj in rng.sample(REGION_ADJ, 2):
                species.append((kind, noun, adj))
    for kind, noun, adj in species:
        makers.append(lambda k=kind, n=noun, a=adj: wiki_species(rng, k, n, a))
    for p in PEOPLE[:40]:
        makers.append(lambda p=p: wiki_person(rng, p))
    for craft in CRAFT_NOUNS:
        makers.append(lambda c=craft: wiki_craft(rng, rng.choice(REGION_ADJ), c))
    for i in range(24):
        makers.append(
            lambda i=i: wiki_festival(
                rng,
                towns[60 + i],
                FEST_THINGS[i % len(FEST_THINGS)],
                FEST_KINDS[(i * 3) % len(FEST_KINDS)],
            )
        )
    for i, dish in enumerate(DISH_BASES * 2):
        makers.append(lambda i=i, d=dish: wiki_dish(rng, towns[90 + i], d))
    for i in range(12):
        makers.append(lambda i=i: wiki_landform(rng, i))
    for inst in INSTRUMENTS:
        makers.append(lambda inst=inst: wiki_instrument(rng, rng.choice(REGION_ADJ), inst))
    rng.shuffle(makers)
    out: list[Article] = []
    titles: dict[str, None] = {}
    for make in makers:
        if len(out) >= n_target:
            break
        for _attempt in range(20):
            art = make()
            if art.title in titles:
                break
            if art.fit(60, 180, 3, 8) and registry.fresh(art.text()):
                registry.add(art.text())
                titles[art.title] = None
                out.append(art)
                break
    return out


def wiki_records(articles: list[Article]) -> list[dict[str, str]]:
    return [
        {
            "id": str(i + 1),
            "url": WIKI_HOST + a.title.replace(" ", "_"),
            "title": a.title,
            "text": a.text(),
        }
        for i, a in enumerate(articles)
    ]


# ---------------------------------------------------------------------------
# Web-like passages (C4 style)
# ---------------------------------------------------------------------------

BRANDS = [
    "Harlow",
    "Pinewick",
    "Northbeam",
    "Kettleby",
    "Marram",
    "Otterline",
    "Quaystone",
    "Birchwell",
    "Tidewater",
    "Fernhollow",
]
PRODUCTS = [
    (
        "two-slice toaster",
        [
            "six browning levels",
            "a removable crumb tray",
            "a defrost button",
            "extra-wide slots for bagels",
        ],
        "kitchen",
    ),
    (
        "electric kettle",
        ["a 1.7 litre capacity", "a keep-warm setting", "a limescale filter", "an auto shut-off"],
        "kitchen",
    ),
    (
        "hiking backpack",
        [
            "a 35 litre main compartment",
            "a padded hip belt",
            "a rain cover",
            "side pockets for water bottles",
        ],
        "outdoor",
    ),
    (
        "desk lamp",
        ["three colour temperatures", "a flexible arm", "a USB charging port", "a touch dimmer"],
        "home office",
    ),
    (
        "rain jacket",
        ["taped seams", "a stowable hood", "underarm vents", "a packable design"],
        "outdoor",
    ),
    (
        "garden hose reel",
        [
            "30 metres of kink-resistant hose",
            "a wall bracket",
            "a seven-pattern spray gun",
            "a crank handle",
        ],
        "garden",
    ),
    (
        "cast iron skillet",
        [
            "a 26 cm cooking surface",
            "a pre-seasoned finish",
            "a helper handle",
            "pouring lips on both sides",
        ],
        "kitchen",
    ),
    (
        "bike light set",
        [
            "a 400 lumen front light",
            "a rear light with five modes",
            "USB charging",
            "tool-free mounts",
        ],
        "cycling",
    ),
    (
        "wool blanket",
        [
            "a 150 by 200 cm size",
            "blanket-stitched edges",
            "a machine-washable finish",
            "a herringbone weave",
        ],
        "home",
    ),
    (
        "bird feeder",
        ["a squirrel guard", "four feeding ports", "a metal lid", "a hanging chain"],
        "garden",
    ),
    (
        "bread bin",
        ["a roll-top lid", "a bamboo cutting board lid", "air vents", "room for two loaves"],
        "kitchen",
    ),
    (
        "camping stove",
        ["a folding pot stand", "a piezo igniter", "a wind shield", "a carry case"],
        "outdoor",
    ),
]
HOWTOS = [
    (
        "repot a houseplant",
        [
            "Water the plant the day before so the root ball holds together.",
            "Choose a new pot only one size larger than the old one.",
            "Tip the plant out gently and loosen any roots that circle the bottom.",
            "Add fresh compost to the new pot so the plant sits at the same depth as before.",
            "Fill around the sides, firm lightly and water until it drains from the base.",
            "Keep it out of strong sun for a week while the roots settle.",
        ],
    ),
    (
        "sharpen a kitchen knife on a whetstone",
        [
            "Soak the stone in water for ten minutes if it is a water stone.",
            "Hold the blade at roughly fifteen to twenty degrees to the stone.",
            "Push the edge across the coarse side in smooth strokes, heel to tip.",
            "Repeat on the other side until you can feel a slight burr along the edge.",
            "Switch to the fine side and use lighter strokes to polish the edge.",
            "Rinse and dry the knife, then test it on a sheet of paper.",
        ],
    ),
    (
        "bleed a radiator",
        [
            "Turn the heating off and let the radiators cool down.",
            "Hold a cloth under the bleed valve at the top corner of the radiator.",
            "Turn the valve key a quarter turn anticlockwise until you hear air hiss out.",
            "Close the valve as soon as water starts to appear.",
            "Check the boiler pressure gauge and top it up if it has dropped.",
        ],
    ),
    (
        "patch a bicycle inner tube",
        [
            "Remove the wheel and lever one side of the tyre off the rim.",
            "Pull out the tube and pump a little air in to find the hole.",
            "Roughen the area around the hole with the sandpaper from the kit.",
            "Spread a thin layer of glue and wait until it turns tacky.",
            "Press the patch on firmly and hold it for a minute.",
            "Check the inside of the tyre for thorns before refitting the tube.",
        ],
    ),
    (
        "make a simple compost heap",
        [
            "Pick a level, part-shaded spot on bare soil.",
            "Mix green material such as grass clippings with brown material such as dry leaves.",
            "Aim for roughly equal volumes of green and brown.",
            "Keep the heap as damp as a wrung-out sponge.",
            "Turn it with a fork every few weeks to let air in.",
            "Use the compost when it is dark and crumbly and smells of earth.",
        ],
    ),
    (
        "clean a cast iron pan",
        [
            "Wipe out the pan while it is still warm.",
            "Scrub stuck food with coarse salt and a little hot water.",
            "Avoid soaking the pan, because standing water causes rust.",
            "Dry it completely over a low flame.",
            "Rub a few drops of cooking oil over the surface before putting it away.",
        ],
    ),
    (
        "hang a picture shelf straight",
        [
            "Decide on the height and mark it lightly in pencil.",
            "Use a spirit level to draw a straight guide line.",
            "Check for pipes and cables with a detector before drilling.",
            "Drill the holes and push in wall plugs suited to the wall type.",
            "Screw the brackets on, then rest the shelf on them and check the level again.",
        ],
    ),
    (
        "start seeds indoors",
        [
            "Fill small trays with fine seed compost and firm it gently.",
            "Sow the seeds thinly and cover them with a light layer of compost.",
            "Water from below by standing the tray in a shallow dish.",
            "Keep the tray somewhere warm and cover it with a clear lid.",
            "Move the seedlings to a bright windowsill as soon as they appear.",
            "Harden them off outdoors for a week before planting out.",
        ],
    ),
    (
        "descale a kettle",
        [
            "Fill the kettle halfway with equal parts water and white vinegar.",
            "Bring it to the boil and then switch it off.",
            "Leave the solution to stand for an hour.",
            "Pour it away and rinse the kettle several times.",
            "Boil a full kettle of fresh water and discard it to remove any taste.",
        ],
    ),
    (
        "fold a fitted sheet",
        [
            "Hold the sheet by two adjacent corners with the seams facing you.",
            "Tuck one corner into the other so they nest together.",
            "Repeat with the remaining two corners.",
            "Lay the sheet flat and fold the curved edges in to make a rectangle.",
            "Fold the rectangle in thirds and then in half.",
        ],
    ),
    (
        "wax a pair of leather boots",
        [
            "Brush off dried mud with a stiff brush.",
            "Wipe the leather with a damp cloth and let it dry naturally.",
            "Warm the wax slightly so that it spreads easily.",
            "Work it into the leather with your fingers, paying attention to the seams.",
            "Leave the boots overnight and buff them with a soft cloth.",
        ],
    ),
    (
        "plan a first overnight hike",
        [
            "Choose a route of no more than fifteen kilometres a day.",
            "Check the weather forecast and the sunset time.",
            "Pack a map, a head torch, spare socks and more food than you think you need.",
            "Tell someone where you are going and when you expect to be back.",
            "Practise putting up the tent at home before the trip.",
        ],
    ),
]
NEWS_EVENTS = [
    (
        "council approved plans for a new footbridge over the River {river}",
        "The bridge is expected to cost {money} and should open by {year}.",
    ),
    (
        "library reopened after a {months}-month refurbishment",
        "The building now has a children's room, longer opening hours and {n} new computers.",
    ),
    (
        "volunteers planted {n} trees along the old railway line",
        "Organisers said the work was finished in a single weekend despite heavy rain.",
    ),
    (
        "bakery on the high street celebrated {n} years of trading",
        "The owners said the recipe for their rye loaf has not changed since they opened.",
    ),
    (
        "primary school raised {money} for a new playground",
        "Pupils organised a sponsored walk and a cake sale to help reach the total.",
    ),
    (
        "swimming pool will close for repairs from {month}",
        "Council staff said the roof needs work and that the pool should reopen by the autumn.",
    ),
    (
        "football club won the county cup for the first time in {n} years",
        "More than {n2} supporters travelled to watch the final.",
    ),
    (
        "market hall will host a weekly farmers' market from {month}",
        "Stallholders will pay a reduced fee for the first three months.",
    ),
    (
        "bus route to {town2} will run on Sundays again",
        "Residents had collected {n2} signatures asking for the service to return.",
    ),
    (
        "community orchard harvested a record {n} kilograms of apples",
        "The fruit will be pressed into juice and sold to raise money for the orchard.",
    ),
]
FORUM_QUESTIONS = [
    (
        "Why does my sourdough come out flat?",
        "Most of the time a flat loaf means the dough was over-proofed or the starter was weak. Feed your starter and use it when it has doubled and looks bubbly. Shorten the final rise if your kitchen is warm, and try the poke test: if the dent springs back slowly, it is ready. Shaping with more surface tension also helps the loaf hold its height.",
    ),
    (
        "Is it worth buying a dehumidifier for a damp flat?",
        "It can help, but treat the cause first. Open windows for a few minutes every morning, put lids on pans and dry washing outside when you can. If the walls still run with water, a small dehumidifier in the worst room will pull out a surprising amount. Empty the tank daily and keep doors closed while it runs.",
    ),
    (
        "How often should I change my bike chain?",
        "There is no fixed distance because it depends on weather and cleaning. Buy a cheap chain checker and measure every few hundred kilometres. When it shows wear of about half a percent, replace the chain. Leaving it longer wears out the cassette and the chainrings, which cost far more.",
    ),
    (
        "What is the easiest herb to grow on a windowsill?",
        "Chives and mint are the hardest to kill. Mint grows fast, so keep it in its own pot. Basil needs more warmth and light but is fine on a sunny sill in summer. Water when the top of the compost feels dry rather than on a schedule, and pinch off the tips to keep the plants bushy.",
    ),
    (
        "Should I learn touch typing as an adult?",
        "Yes, if you type for more than an hour a day. Expect to be slower for the first couple of weeks. Practise for fifteen minutes daily rather than for long sessions, cover your hands if you keep looking down, and focus on accuracy before speed. Most people overtake their old speed within a month.",
    ),
    (
        "Why do my tomato leaves curl?",
        "Leaf curl is usually stress rather than disease. Hot days, strong wind and uneven watering all cause it. Water deeply and regularly, mulch the soil and avoid heavy feeding with nitrogen. If new growth is twisted and mottled, look for aphids on the undersides of the leaves.",
    ),
    (
        "How do I stop a door from squeaking?",
        "Lift the hinge pins out one at a time, wipe them clean and coat them with a little petroleum jelly or light oil. Tap each pin back in and swing the door a few times. If the squeak comes from the latch, a drop of oil on the latch tongue usually fixes it.",
    ),
    (
        "Can I freeze cooked rice?",
        "Yes. Cool it quickly, ideally within an hour, by spreading it on a tray. Pack it into bags in single portions and freeze straight away. Reheat it until it is steaming hot all the way through and only reheat it once.",
    ),
    (
        "What should I look for in a first tent?",
        "Think about weight, size and how often it rains where you camp. A two-person tent gives one person room for gear. Look for a waterproof flysheet, taped seams and poles that are easy to thread. Pitch it in the garden before the first trip so you are not learning in the dark.",
    ),
]
BLOG_TOPICS = [
    (
        "allotment",
        [
            "The broad beans are finally up",
            "slugs took half of the lettuce again",
            "the rhubarb needs splitting this autumn",
            "the new water butt filled in one storm",
        ],
    ),
    (
        "walk",
        [
            "the path along the ridge was muddy but dry underfoot higher up",
            "we saw a kestrel hovering over the stubble field",
            "the tea room by the bridge was open",
            "the last mile back was in fading light",
        ],
    ),
    (
        "kitchen",
        [
            "I tried a new loaf with more rye flour",
            "the plum jam set on the second try",
            "the pickled onions need another month",
            "soup from the leftover squash was the best thing I made all week",
        ],
    ),
    (
        "workshop",
        [
            "the new workbench is finally level",
            "I sharpened every chisel before starting",
            "the oak offcuts became a small bookshelf",
            "the glue-up went wrong and had to be redone",
        ],
    ),
    (
        "running",
        [
            "I ran my first ten kilometres without stopping",
            "the hill intervals are getting easier",
            "new shoes gave me a blister on the left heel",
            "an easy recovery run felt better than expected",
        ],
    ),
    (
        "sewing",
        [
            "the pattern pieces are cut out at last",
            "I fixed the zip on my old coat",
            "the quilt top now has twelve blocks",
            "the buttonholes were the hardest part",
        ],
    ),
]
RECIPE_ITEMS = [
    (
        "lentil soup",
        ["red lentils", "an onion", "two carrots", "a tin of tomatoes", "ground cumin"],
        "Simmer everything for about twenty-five minutes, then blend half of it for a thicker texture.",
    ),
    (
        "oat biscuits",
        ["rolled oats", "butter", "brown sugar", "plain flour", "a pinch of salt"],
        "Bake at 180 degrees for twelve minutes and let them firm up on the tray.",
    ),
    (
        "potato and leek bake",
        ["potatoes", "two leeks", "cream", "grated cheese", "thyme"],
        "Layer the sliced potatoes and leeks, pour over the cream and bake for fifty minutes.",
    ),
    (
        "apple crumble",
        ["cooking apples", "flour", "butter", "sugar", "cinnamon"],
        "Rub the butter into the flour, scatter over the apples and bake until golden.",
    ),
    (
        "chickpea curry",
        ["chickpeas", "an onion", "garlic", "curry paste", "coconut milk", "spinach"],
        "Fry the onion and garlic, stir in the paste, add the rest and simmer for twenty minutes.",
    ),
    (
        "flatbreads",
        ["plain flour", "yoghurt", "baking powder", "salt"],
        "Roll small balls of dough thinly and cook them in a dry pan for a minute on each side.",
    ),
    (
        "mushroom risotto",
        ["risotto rice", "mushrooms", "stock", "an onion", "parmesan"],
        "Add the hot stock a ladle at a time, stirring, until the rice is creamy.",
    ),
    (
        "banana bread",
        ["ripe bananas", "flour", "eggs", "butter", "sugar", "baking soda"],
        "Bake in a loaf tin for about an hour until a skewer comes out clean.",
    ),
]


def c4_timestamp(rng: random.Random) -> str:
    # C4 timestamps are crawl times; spread them over 2019 like the real snapshot.
    month = rng.randrange(1, 13)
    day = rng.randrange(1, 29)
    return f"2019-{month:02d}-{day:02d}T{rng.randrange(24):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d}Z"


def slug(text: str) -> str:
    keep = "".join(ch.lower() if ch.isalnum() else "-" for ch in text)
    while "--" in keep:
        keep = keep.replace("--", "-")
    return keep.strip("-")


def c4_product(rng: random.Random, i: int) -> tuple[str, str]:
    brand = BRANDS[i % len(BRANDS)]
    prod, feats, dept = PRODUCTS[(i * 5) % len(PRODUCTS)]
    feats = rng.sample(feats, rng.choice([2, 3, 4]))
    model = f"{brand} {rng.choice(['Classic', 'Pro', 'Lite', 'Select', 'Field', 'Studio'])} {rng.randrange(10, 99)}"
    price = f"{rng.randrange(12, 140)}.{rng.choice(['00', '49', '95', '99'])}"
    lines = [
        f"{model} {prod} - {rng.choice(['free delivery on orders over 40', 'in stock and ready to ship', 'now back in stock', 'a customer favourite'])}.",
        rng.choice(
            [
                f"Our {model} {prod} comes with {join_list(feats)}.",
                f"The {model} is a {prod} with {join_list(feats)}.",
                f"Built for everyday {dept} use, this {prod} offers {join_list(feats)}.",
            ]
        )
        + " "
        + rng.choice(
            [
                f"It weighs just {rng.randrange(2, 40) / 10} kg and comes with a {rng.choice(['one', 'two', 'three'])}-year guarantee.",
                f"Customers rate it {rng.choice(['4.2', '4.5', '4.7', '4.8'])} out of 5 for value.",
                f"Available in {join_list(rng.sample(['charcoal', 'sage green', 'cream', 'navy', 'rust red', 'slate grey'], 2))}.",
            ]
        ),
        rng.choice(
            [
                f"Price: {price}. Orders placed before 2pm are dispatched the same day.",
                f"Now {price}. Returns are free within 30 days.",
                f"Only {price} while stocks last. See our {dept} range for matching items.",
            ]
        ),
    ]
    url = f"https://{brand.lower()}-{slug(dept)}.invalid/products/{slug(model + ' ' + prod)}"
    return "\n".join(lines), url


N_CORPUS_HOWTOS = 7


def c4_howto(rng: random.Random, i: int) -> tuple[str, str]:
    # The last five topics are held out for the LongForm WikiHow items.
    task, steps = HOWTOS[i % N_CORPUS_HOWTOS]
    k = rng.randrange(3, len(steps) + 1)
    chosen_idx = sorted(rng.sample(range(len(steps)), k))
    chosen = [steps[j] for j in chosen_idx]
    intro = rng.choice(
        [
            f"Here is how to {task} in a few simple steps.",
            f"Want to {task}? It is easier than it looks.",
            f"A reader asked how to {task}, so here is what works for us.",
            f"You do not need special skills to {task}.",
            f"Learning to {task} will save you time and money.",
        ]
    )
    style = rng.randrange(3)
    if style == 0:
        body = " ".join(chosen)
    elif style == 1:
        body = " ".join(f"Step {n}: {s}" for n, s in enumerate(chosen, 1))
    else:
        body = " ".join([chosen[0], "Next, " + chosen[1][0].lower() + chosen[1][1:]] + chosen[2:])
    outro = rng.choice(
        [
            f"The whole job takes about {rng.randrange(10, 60)} minutes.",
            f"Allow around {rng.randrange(10, 60)} minutes the first time.",
            "Take your time on the first attempt and it will go faster next time.",
            f"Share your own tips in the comments below, we read all {rng.randrange(20, 90)} of them.",
        ]
    )
    site = rng.choice(["everydayfix", "homeandhearth", "greenplot", "benchtalk"])
    text = f"{intro} {body}\n{outro}" if rng.random() < 0.5 else f"{intro}\n{body} {outro}"
    return text, f"https://{site}.invalid/how-to/{slug(task)}-{i}"


def c4_news(rng: random.Random, i: int) -> tuple[str, str]:
    town = TOWNS[(i * 11 + 3) % len(TOWNS)]
    event, follow = NEWS_EVENTS[i % len(NEWS_EVENTS)]
    fill = dict(
        river=rng.choice(RIVER_NAMES),
        money=f"{rng.randrange(3, 900) * 1000:,} pounds",
        year=rng.randrange(2020, 2024),
        months=rng.randrange(3, 18),
        n=rng.randrange(12, 400),
        n2=rng.randrange(150, 3000),
        month=rng.choice(MONTHS),
        town2=TOWNS[(i * 13 + 5) % len(TOWNS)],
    )
    person = PEOPLE[(i * 3 + 17) % len(PEOPLE)]
    role = rng.choice(
        [
            "a local councillor",
            "the project organiser",
            "a spokesperson for the town council",
            "a long-time resident",
            "the head teacher",
        ]
    )
    quote = rng.choice(
        [
            "It has taken a lot of work, but it will make a real difference to people here.",
            "We are grateful to everyone who gave their time.",
            "People have been asking for this for years.",
            "We hope families from across the area will come and see it.",
        ]
    )
    text = (
        f"{town}'s {event.format(**fill)}, {rng.choice(['it was announced on', 'following a meeting on', 'as of'])} {rng.choice(['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'])}. "
        f"{follow.format(**fill)}\n"
        f'"{quote[:-1]}," said {person}, {role}.'
    )
    return (
        text,
        f"https://{slug(town)}-{rng.choice(['gazette', 'thelocalpost', 'echo'])}.invalid/news/{2019}/{slug(event.split(' ')[0] + ' ' + town)}-{i}",
    )


def c4_forum(rng: random.Random, i: int) -> tuple[str, str]:
    q, a = FORUM_QUESTIONS[i % len(FORUM_QUESTIONS)]
    user = rng.choice(
        [
            "oldbrambles",
            "kettle_on",
            "ridgewalker",
            "mossyroof",
            "pennyfarthing",
            "breadhead",
            "quietlane",
            "northwind42",
        ]
    )
    opener = rng.choice(
        [
            "Good question.",
            "I had the same problem last year.",
            f"Speaking from {rng.randrange(3, 25)} years of doing this,",
            "Short answer: it depends.",
            "Someone asked this last month too.",
        ]
    )
    sentences = a.split(". ")
    # Keep a different run of sentences each time so repeated questions differ.
    start = rng.randrange(0, max(1, len(sentences) - 3))
    part = ". ".join(sentences[start:]).rstrip(".") + "."
    if opener.endswith(","):
        part = part[0].lower() + part[1:]
    # One line per post: the "Re:" header repeats across threads, so keeping it on
    # its own line would create duplicate lines.
    text = f"Re: {q} - {user} wrote: {opener} {part}"
    if rng.random() < 0.4:
        text += f"\nReply edited {rng.randrange(2, 14)} times, last by {user} on {rng.choice(MONTHS)} {rng.randrange(1, 29)}."
    return (
        text,
        f"https://{rng.choice(['askaround', 'makersforum'])}.invalid/t/{slug(q)}/{1000 + i * 37}",
    )


def c4_blog(rng: random.Random, i: int) -> tuple[str, str]:
    topic, notes = BLOG_TOPICS[i % len(BLOG_TOPICS)]
    day = rng.choice(
        ["Saturday", "Sunday", "Wednesday evening", "a wet Tuesday", "the bank holiday"]
    )
    chosen = rng.sample(notes, rng.choice([2, 3]))
    place = rng.choice(TOWNS)
    opening = rng.choice(
        [
            f"A quick {topic} update from {place} after {day}.",
            f"{topic.capitalize()} diary, week {rng.randrange(2, 52)}.",
            f"Notes from {day} on the {topic} front.",
        ]
    )
    body = ". ".join(c[0].upper() + c[1:] for c in chosen) + "."
    close = rng.choice(
        [
            "More next week if the weather holds.",
            f"Next job on the list: {rng.choice(['tidying the shed', 'buying more string', 'writing up the costs', 'a proper rest'])}.",
            f"Total spent this month: {rng.randrange(5, 80)} pounds, which is under budget for once.",
            "Thanks to everyone who left kind comments on the last post.",
        ]
    )
    text = f"{opening}\n{body} {close}"
    return (
        text,
        f"https://{rng.choice(['quietmiles', 'trailnotes', 'kitchenledger', 'greenplot'])}.invalid/{2019}/{slug(topic)}-notes-{i}",
    )


def c4_recipe(rng: random.Random, i: int) -> tuple[str, str]:
    dish, ingredients, method = RECIPE_ITEMS[i % len(RECIPE_ITEMS)]
    serves = rng.randrange(2, 7)
    mins = rng.randrange(20, 75)
    intro = rng.choice(
        [
            f"This {dish} is our go-to midweek meal.",
            f"An easy recipe for {dish} that uses store-cupboard ingredients.",
            f"My {rng.choice(['grandmother', 'neighbour', 'brother'])} taught me this recipe for {dish} years ago.",
        ]
    )
    text = (
        f"{intro} Serves {serves}, ready in about {mins} minutes.\n"
        f"You will need {join_list(ingredients)}. {method}"
    )
    if rng.random() < 0.5:
        text += f" {rng.choice(['It keeps for three days in the fridge.', 'Leftovers freeze well.', 'Add a squeeze of lemon just before serving.', 'Serve with crusty bread.'])}"
    return (
        text,
        f"https://{rng.choice(['kitchenledger', 'homeandhearth'])}.invalid/recipes/{slug(dish)}-{i}",
    )


def build_c4(seed: int, registry: LineRegistry, n_target: int) -> list[dict[str, str]]:
    rng = random.Random(seed)
    makers = [c4_product, c4_howto, c4_news, c4_forum, c4_blog, c4_recipe]
    out: list[dict[str, str]] = []
    i = 0
    while len(out) < n_target:
        make = makers[i % len(makers)]
        for _attempt in range(30):
            text, url = make(rng, i)
            if 40 <= word_count(text) <= 160 and registry.fresh(text):
                registry.add(text)
                out.append({"text": text, "timestamp": c4_timestamp(rng), "url": url})
                break
        i += 1
        if i > n_target * 20:
            raise RuntimeError("could not compose enough distinct web passages")
    return out


# ---------------------------------------------------------------------------
# Super-NaturalInstructions style tasks
# ---------------------------------------------------------------------------

SUPERNI_URL = "https://instructgen.invalid/shipped-tasks"
SUPERNI_LICENSE = "CC0 1.0"
Example = tuple[str, str, str]  # input, output, explanation
Item = tuple[str, list[str]]  # input, acceptable outputs
NamedTask = tuple[str, dict[str, Any]]


def superni_task(
    name: str,
    category: str,
    reasoning: list[str],
    definition: str,
    domains: list[str],
    positives: list[Example],
    negatives: list[Example],
    items: list[Item],
) -> NamedTask:
    seen: dict[str, None] = {}
    instances = []
    for inp, outs in items:
        assert outs and all(o.strip() for o in outs), (name, inp)
        assert inp not in seen, (name, inp)
        seen[inp] = None
        short = name.split("_")[0]
        instances.append({"id": f"{short}-{stable_hash(name, inp)}", "input": inp, "output": outs})
    # Key order follows the released task files exactly.
    return name, {
        "Contributors": ["instructgen project"],
        "Source": ["instructgen_shipped"],
        "URL": [SUPERNI_URL],
        "Categories": [category],
        "Reasoning": reasoning,
        "Definition": [definition],
        "Input_language": ["English"],
        "Output_language": ["English"],
        "Instruction_language": ["English"],
        "Domains": domains,
        "Positive Examples": [{"input": i, "output": o, "explanation": e} for i, o, e in positives],
        "Negative Examples": [{"input": i, "output": o, "explanation": e} for i, o, e in negatives],
        "Instances": instances,
        "Instance License": [SUPERNI_LICENSE],
    }


def t_entailment() -> NamedTask:
    rows = [
        (
            "Greta Saltash locked the bakery at six, walked her dog along the harbour wall and was home before the church bell struck seven.",
            "Greta Saltash was home before seven.",
            "Greta Saltash kept the bakery open all night.",
            "Greta Saltash owns the bakery.",
        ),
        (
            "The ferry to the Skellan Isles was cancelled on Tuesday because of strong winds, so the twelve passengers stayed at the harbour inn.",
            "Strong winds stopped the ferry on Tuesday.",
            "The ferry sailed on time on Tuesday.",
            "The harbour inn was fully booked for the rest of the week.",
        ),
        (
            "After three failed attempts, Jonas finally repaired the old clock, and it has kept perfect time ever since.",
            "The clock works now.",
            "Jonas repaired the clock on his first try.",
            "Jonas is a professional clockmaker.",
        ),
        (
            "The library in Marwick opens at nine on weekdays but stays closed on Sundays.",
            "You cannot visit the Marwick library on a Sunday.",
            "The Marwick library is open every day of the week.",
            "The Marwick library has a large children's section.",
        ),
        (
            "Every apple in the crate had been picked from the orchard behind the school.",
            "The apples came from the orchard behind the school.",
            "Some of the apples in the crate were bought at the market.",
            "The apples in the crate were sweet.",
        ),
        (
            "Petra gave her spare umbrella to a stranger at the bus stop and got soaked walking home.",
            "Petra got wet on her way home.",
            "Petra stayed dry all the way home.",
            "The stranger was waiting for the number nine bus.",
        ),
        (
            "The village choir has twenty members, and only four of them can read music.",
            "Most members of the choir cannot read music.",
            "Every member of the choir reads music.",
            "The choir sings in the village church.",
        ),
    ]
    items: list[Item] = []
    for premise, ent, con, neu in rows:
        for hyp, label in ((ent, "Entailment"), (con, "Contradiction"), (neu, "Neutral")):
            items.append((f"Premise: {premise} <sep> Hypothesis: {hyp}", [label]))
    return superni_task(
        "task9001_shipped_textual_entailment",
        "Textual Entailment",
        ["Textual Entailment", "Commonsense Reasoning"],
        'In this task, you are given a premise and a hypothesis. Decide whether the hypothesis must be true given the premise (entailment), cannot be true given the premise (contradiction), or may or may not be true (neutral). Answer with "Entailment", "Contradiction", or "Neutral".',
        ["Fiction"],
        [
            (
                "Premise: The bakery sold out of rye bread before noon. <sep> Hypothesis: There was no rye bread left at the bakery in the afternoon.",
                "Entailment",
                "If the bread sold out before noon, none was left afterwards, so the hypothesis follows.",
            ),
            (
                "Premise: Anselm walked to work because his car was at the garage. <sep> Hypothesis: Anselm drove his car to work.",
                "Contradiction",
                "The premise says the car was at the garage and he walked, so he cannot have driven it.",
            ),
        ],
        [
            (
                "Premise: The museum closes at five. <sep> Hypothesis: The museum is popular with tourists.",
                "Entailment",
                "Nothing in the premise says anything about tourists, so the answer should be Neutral.",
            ),
        ],
        items[:20],
    )


def t_cause_effect(rng: random.Random) -> NamedTask:
    rows = [
        (
            "The milk smelled sour.",
            "cause",
            "It had been left out of the fridge for two days.",
            "It had just been bought from the shop.",
        ),
        (
            "The road was closed.",
            "cause",
            "A tree had fallen across it in the storm.",
            "The traffic lights had been repainted.",
        ),
        (
            "Nell forgot her keys.",
            "effect",
            "She had to wait outside for her flatmate.",
            "She ate a large breakfast.",
        ),
        (
            "The pond froze over.",
            "cause",
            "The temperature dropped below zero overnight.",
            "A family of ducks arrived.",
        ),
        (
            "The baker ran out of flour.",
            "effect",
            "She could not make any more bread that day.",
            "Her oven got hotter.",
        ),
        (
            "The crowd cheered.",
            "cause",
            "The home team scored in the last minute.",
            "The stadium lights were switched off.",
        ),
        (
            "Oskar's phone battery went flat.",
            "cause",
            "He had used the map app all afternoon.",
            "He had bought a new phone case.",
        ),
        (
            "The river burst its banks.",
            "effect",
            "Fields along the valley were flooded.",
            "The fishermen caught more fish.",
        ),
        (
            "The paint on the fence was still wet.",
            "effect",
            "A child left a handprint on it.",
            "The fence became taller.",
        ),
        (
            "Vera was shivering.",
            "cause",
            "She had fallen into the cold lake.",
            "She had just drunk a cup of hot tea.",
        ),
        (
            "The bread was burnt.",
            "cause",
            "It was left in the oven for too long.",
            "It was made with brown flour.",
        ),
        (
            "The shop put up a closing-down sign.",
            "cause",
            "It had been losing money for years.",
            "It had just hired new staff.",
        ),
        (
            "The student revised every evening for a month.",
            "effect",
            "She passed the exam easily.",
            "She forgot where the school was.",
        ),
        (
            "The glass fell onto the stone floor.",
            "effect",
            "It shattered into pieces.",
            "It turned into water.",
        ),
        (
            "The plants on the windowsill wilted.",
            "cause",
            "Nobody had watered them for two weeks.",
            "They had been given fresh compost.",
        ),
        (
            "The power went out across the town.",
            "effect",
            "People lit candles in their homes.",
            "The street lamps shone brighter.",
        ),
        (
            "Thea's shoes were covered in mud.",
            "cause",
            "She had walked across a wet field.",
            "She had polished them that morning.",
        ),
        (
            "The kettle switched itself off.",
            "cause",
            "The water inside had boiled.",
            "Someone had filled it with cold water.",
        ),
        (
            "The bus was full.",
            "effect",
            "Some passengers had to wait for the next one.",
            "The driver sold more newspapers.",
        ),
        (
            "The dog barked at the front door.",
            "cause",
            "Someone had rung the doorbell.",
            "The cat was asleep upstairs.",
        ),
    ]
    items: list[Item] = []
    for premise, q, right, wrong in rows:
        first = rng.random() < 0.5
        o1, o2 = (right, wrong) if first else (wrong, right)
        label = "1" if first else "2"
        items.append(
            (
                f"Premise: {premise}\nQuestion: What was the {q}?\nOption 1: {o1}\nOption 2: {o2}",
                [f"Option {label}", label],
            )
        )
    return superni_task(
        "task9002_shipped_cause_effect_classification",
        "Cause Effect Classification",
        ["Commonsense Reasoning", "Causal Reasoning"],
        'You are given a premise, a question asking for its cause or its effect, and two options. Choose the option that is more plausibly the cause (or effect) of the premise. Answer with "Option 1" or "Option 2".',
        ["Commonsense"],
        [
            (
                "Premise: The ice cream melted.\nQuestion: What was the cause?\nOption 1: It was left in the sun.\nOption 2: It was kept in the freezer.",
                "Option 1",
                "Sunlight warms ice cream and makes it melt; a freezer keeps it frozen.",
            )
        ],
        [
            (
                "Premise: The window was open all night.\nQuestion: What was the effect?\nOption 1: The room was cold in the morning.\nOption 2: The room was freshly painted.",
                "Option 2",
                "An open window lets cold air in, so Option 1 is the likely effect, not Option 2.",
            )
        ],
        items,
    )


def t_coreference() -> NamedTask:
    templates = [
        ("{A} thanked {B} because {p} had fixed the leaking tap.", "B"),
        ("{A} called {B} because {p} needed a lift to the station.", "A"),
        ("{A} could not carry the box for {B} because {p} had hurt {pp} back.", "A"),
        ("{A} lent {B} a coat because {p} was cold.", "B"),
        ("{A} apologised to {B} because {p} had broken the vase.", "A"),
        ("{A} beat {B} at chess because {p} had practised all winter.", "A"),
        ("{A} beat {B} at chess because {p} was tired and distracted.", "B"),
        ("{A} waited for {B} at the gate because {p} was running late.", "B"),
        ("{A} congratulated {B} because {p} had won the baking contest.", "B"),
        ("{A} asked {B} for directions because {p} was new in town.", "A"),
    ]
    pairs = [("Tomas", "Emil", "he", "his"), ("Maren", "Hedda", "she", "her")]
    items: list[Item] = []
    for tmpl, who in templates:
        for a, b, p, pp in pairs:
            sent = tmpl.format(A=a, B=b, p=p, pp=pp)
            items.append((f"Sentence: {sent}\nPronoun: {p}", [a if who == "A" else b]))
    return superni_task(
        "task9003_shipped_coreference_resolution",
        "Coreference Resolution",
        ["Commonsense Reasoning"],
        "You are given a sentence that mentions two people and a pronoun. Write the name of the person the pronoun refers to. Use commonsense knowledge about the situation to decide.",
        ["Fiction", "Commonsense"],
        [
            (
                "Sentence: Ines visited Katrin in hospital because she was ill.\nPronoun: she",
                "Katrin",
                "People visit someone in hospital when that person is ill, so she refers to Katrin.",
            )
        ],
        [
            (
                "Sentence: Piet paid Sten because he had painted the fence.\nPronoun: he",
                "Piet",
                "People are paid for work they did, so he refers to Sten, not Piet.",
            )
        ],
        items,
    )


def t_dialogue_act() -> NamedTask:
    rows = [
        ("Could you tell me what time the last train to Ashford leaves?", "REQUEST"),
        ("I'd like a table for four at half past seven.", "INFORM"),
        ("Yes, that works perfectly for me.", "AFFIRM"),
        ("No, I don't need a return ticket.", "NEGATE"),
        ("Thanks a lot, that's really helpful.", "THANK_YOU"),
        ("That's all for today, goodbye.", "GOODBYE"),
        ("Are there any other hotels near the harbour?", "REQUEST_ALTS"),
        ("What is the phone number of the dentist?", "REQUEST"),
        ("My flight lands at ten in the morning.", "INFORM"),
        ("Sure, go ahead and book it.", "AFFIRM"),
        ("No, that date is no good for me.", "NEGATE"),
        ("Can you show me some different restaurants instead?", "REQUEST_ALTS"),
        ("Thank you, I appreciate it.", "THANK_YOU"),
        ("Bye, have a nice evening.", "GOODBYE"),
        ("Does the museum have wheelchair access?", "REQUEST"),
        ("I'm looking for somewhere cheap to eat in the city centre.", "INFORM"),
        ("Yes please, a window seat would be great.", "AFFIRM"),
        ("Nope, just the one room.", "NEGATE"),
        ("What else is showing at that cinema tonight?", "REQUEST_ALTS"),
        ("I'll be travelling with my two children.", "INFORM"),
    ]
    return superni_task(
        "task9004_shipped_dialogue_act_recognition",
        "Dialogue Act Recognition",
        ["Reasoning on Social Interactions"],
        "You are given a sentence spoken by a user to a virtual assistant. Classify its dialogue act as one of: INFORM, REQUEST, AFFIRM, NEGATE, THANK_YOU, GOODBYE, REQUEST_ALTS. REQUEST asks for a piece of information, REQUEST_ALTS asks for other options, and INFORM gives information to the assistant.",
        ["Dialogue"],
        [
            (
                "Where is the nearest pharmacy?",
                "REQUEST",
                "The user asks the assistant for a piece of information.",
            )
        ],
        [
            (
                "Thanks, that's everything.",
                "GOODBYE",
                "The user is thanking the assistant, so the act is THANK_YOU.",
            )
        ],
        [(u, [lab]) for u, lab in rows],
    )


def t_answerability() -> NamedTask:
    rows = [
        (
            "Mira baked a lemon cake for her grandfather's birthday. She forgot the sugar, so it tasted sour. Her grandfather laughed and ate two slices anyway.",
            "Why did the cake taste sour?",
            "Where does Mira's grandfather live?",
        ),
        (
            "Leopold's bicycle had a flat tyre. He walked it to the repair shop on Mill Street. The mechanic fixed it in ten minutes.",
            "Why did Leopold go to the repair shop?",
            "How much did the repair cost?",
        ),
        (
            "The school trip to the coast was cancelled. A storm warning had been issued for the whole region. The pupils watched a film about seabirds instead.",
            "Why was the school trip cancelled?",
            "Who chose the film about seabirds?",
        ),
        (
            "Agnes planted tomatoes in April. A late frost killed most of the seedlings. She bought new plants from the market in May.",
            "Why did Agnes buy new plants?",
            "What colour was Agnes's watering can?",
        ),
        (
            "Dorian missed the bus because his alarm did not ring. He ran to the office and arrived twenty minutes late. His manager had not noticed.",
            "Why did Dorian miss the bus?",
            "What is the name of Dorian's manager?",
        ),
        (
            "The town's only cinema closed for a month. The roof had started to leak during the winter rains. Builders replaced the tiles and it reopened in March.",
            "Why did the cinema close?",
            "Which film was shown when the cinema reopened?",
        ),
        (
            "Clementine wanted to learn the fiddle. She practised every evening after dinner. By summer she could play three folk tunes.",
            "When did Clementine practise?",
            "Who taught Clementine the fiddle?",
        ),
        (
            "Bram's dog kept barking at night. A fox had been visiting the garden. Bram put up a fence and the barking stopped.",
            "Why did the dog bark at night?",
            "How old is Bram's dog?",
        ),
        (
            "The harbour café ran out of fish on Friday. The fishing boats had stayed in port because of high winds. The cook made vegetable soup instead.",
            "Why did the café run out of fish?",
            "How many people work at the harbour café?",
        ),
        (
            "Rosalind borrowed a ladder from her neighbour. She needed to clear leaves from the gutter. She returned it the same afternoon.",
            "Why did Rosalind borrow a ladder?",
            "What is her neighbour's job?",
        ),
    ]
    items: list[Item] = []
    for story, ans_q, unans_q in rows:
        items.append((f"Context: {story}\nQuestion: {ans_q}", ["Answerable"]))
        items.append((f"Context: {story}\nQuestion: {unans_q}", ["Not Answerable"]))
    return superni_task(
        "task9005_shipped_answerability_classification",
        "Answerability Classification",
        ["Commonsense Reasoning"],
        'You are given a short story and a question about it. Decide whether the question can be answered using only the information in the story. Answer "Answerable" or "Not Answerable".',
        ["Fiction", "Commonsense"],
        [
            (
                "Context: Sten lost his gloves on the walk home. His hands were freezing by the time he reached his door.\nQuestion: Why were Sten's hands freezing?",
                "Answerable",
                "The story says he lost his gloves, which explains why his hands were cold.",
            )
        ],
        [
            (
                "Context: Sten lost his gloves on the walk home. His hands were freezing by the time he reached his door.\nQuestion: What colour were Sten's gloves?",
                "Answerable",
                "The story never mentions the colour of the gloves, so the question is Not Answerable.",
            )
        ],
        items,
    )


def t_word_analogy() -> NamedTask:
    rows = [
        ("soup : bowl. tea : ?", ["cup", "mug", "teapot"]),
        ("coins : purse. letters : ?", ["envelope", "letterbox", "mailbox"]),
        ("bread : bakery. medicine : ?", ["pharmacy", "chemist"]),
        ("bees : hive. birds : ?", ["nest"]),
        ("pen : write. knife : ?", ["cut", "slice"]),
        ("hot : cold. tall : ?", ["short"]),
        ("puppy : dog. kitten : ?", ["cat"]),
        ("pilot : plane. captain : ?", ["ship", "boat"]),
        ("foot : sock. hand : ?", ["glove", "mitten"]),
        ("water : jug. flowers : ?", ["vase"]),
        ("clothes : wardrobe. books : ?", ["bookcase", "bookshelf", "shelf"]),
        ("cow : milk. hen : ?", ["egg", "eggs"]),
        ("teacher : school. doctor : ?", ["hospital", "surgery", "clinic"]),
        ("day : night. summer : ?", ["winter"]),
        ("petrol : tank. ink : ?", ["cartridge", "inkwell", "bottle"]),
        ("jam : jar. crisps : ?", ["bag", "packet"]),
        ("fish : swim. bird : ?", ["fly"]),
        ("ear : hear. eye : ?", ["see"]),
        ("tools : toolbox. paint : ?", ["tin", "can", "pot"]),
        ("seed : plant. egg : ?", ["bird", "chick", "chicken"]),
    ]
    return superni_task(
        "task9006_shipped_word_analogy",
        "Word Analogy",
        ["Analogical Reasoning", "Commonsense Reasoning"],
        'Two analogies are given in the form "A : B. C : ?". Find the word that relates to C in the same way that B relates to A, and answer with that single word.',
        ["Commonsense"],
        [
            (
                "rice : sack. wine : ?",
                "bottle",
                "Rice is kept in a sack and wine is kept in a bottle.",
            )
        ],
        [
            (
                "lamb : sheep. calf : ?",
                "milk",
                "A lamb grows into a sheep, so a calf grows into a cow; milk is not the answer.",
            )
        ],
        rows,
    )


STOPWORDS = {
    "a",
    "an",
    "the",
    "and",
    "or",
    "but",
    "of",
    "in",
    "on",
    "at",
    "to",
    "for",
    "from",
    "by",
    "with",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "it",
    "its",
    "this",
    "that",
    "these",
    "those",
    "as",
    "can",
    "has",
    "have",
    "had",
    "which",
    "their",
    "they",
    "when",
    "into",
    "most",
    "more",
    "some",
    "many",
    "very",
    "often",
    "than",
    "also",
    "each",
    "up",
    "so",
    "not",
}


def overlap_words(s1: str, s2: str) -> list[str]:
    def words(s: str) -> list[str]:
        return [w.strip(".,;:!?").lower() for w in s.split()]

    w2 = set(words(s2))
    out: list[str] = []
    for w in words(s1):
        if w and w not in STOPWORDS and w in w2 and w not in out:
            out.append(w)
    return out


def t_overlap() -> NamedTask:
    pairs = [
        ("Plants need sunlight to make their food.", "Sunlight is a form of energy from the sun."),
        (
            "Copper is a good conductor of electricity.",
            "Wires carry electricity from power stations to homes.",
        ),
        (
            "Evaporation turns liquid water into vapour.",
            "Water vapour rises and cools to form clouds.",
        ),
        (
            "Bees carry pollen from one flower to another.",
            "Pollen contains the male cells of a flower.",
        ),
        (
            "A thermometer measures temperature.",
            "Temperature tells us how hot or cold something is.",
        ),
        ("Ice melts when it is heated.", "Heated metal expands a little."),
        ("Fish breathe through gills.", "Gills take oxygen out of the water."),
        (
            "Owls hunt small animals at night.",
            "Many animals sleep during the day and move at night.",
        ),
        ("Magnets attract objects made of iron.", "Iron rusts when it meets air and water."),
        ("The moon orbits the earth once a month.", "The earth takes a year to orbit the sun."),
        ("Seeds need water to germinate.", "Most seeds germinate faster in warm soil."),
        ("Wool keeps sheep warm in winter.", "People knit warm jumpers from wool."),
        ("Rivers carry sand and mud to the sea.", "Mud settles at the bottom of calm water."),
        (
            "Sound travels faster in water than in air.",
            "Whales use sound to talk across the ocean.",
        ),
        ("Muscles pull on bones to move the body.", "The skeleton is made of bones."),
        ("Rain forms when droplets in clouds grow heavy.", "Heavy clouds often bring rain."),
        (
            "Friction slows down moving objects.",
            "Rough surfaces create more friction than smooth ones.",
        ),
        ("A compass needle points north.", "Sailors used a compass to find their way."),
        ("Leaves change colour in autumn.", "In autumn many trees drop their leaves."),
        ("Salt dissolves in warm water.", "Sea water contains dissolved salt."),
    ]
    items: list[Item] = []
    for s1, s2 in pairs:
        ov = overlap_words(s1, s2)
        assert ov, (s1, s2)
        items.append((f"Sentence1: {s1} Sentence2: {s2}", ov))
    return superni_task(
        "task9007_shipped_overlap_extraction",
        "Overlap Extraction",
        ["Reasoning on Objects"],
        'You are given two sentences. Write a word that appears in both sentences. Ignore very common words such as "the", "is", "of" and "a"; any significant shared word is a correct answer.',
        ["Natural Science"],
        [
            (
                "Sentence1: Frogs lay eggs in ponds. Sentence2: Ponds are home to many insects.",
                "ponds",
                "The word ponds occurs in both sentences.",
            )
        ],
        [
            (
                "Sentence1: Frogs lay eggs in ponds. Sentence2: Ponds are home to many insects.",
                "the",
                "The answer should be a significant word shared by both sentences; 'the' is a common word and does not even appear in the first sentence.",
            )
        ],
        items,
    )


def t_keyword() -> NamedTask:
    rows = [
        (
            "Copper wire is used in houses because copper conducts electricity well.",
            ["copper", "electricity", "conductor"],
        ),
        (
            "Bees visit flowers to collect nectar, which they turn into honey.",
            ["bees", "honey", "nectar"],
        ),
        ("A rainbow appears when sunlight is split by raindrops.", ["rainbow", "sunlight"]),
        (
            "Compost is made from rotting plant material and improves garden soil.",
            ["compost", "soil"],
        ),
        (
            "Volcanoes erupt when melted rock rises through the earth's crust.",
            ["volcano", "volcanoes", "eruption"],
        ),
        ("Cheese is made by curdling milk and pressing the curds.", ["cheese", "milk"]),
        (
            "Glaciers carve deep valleys as they move slowly downhill.",
            ["glacier", "glaciers", "valleys"],
        ),
        ("A lighthouse warns ships away from dangerous rocks.", ["lighthouse", "ships"]),
        (
            "Bread rises because yeast produces gas bubbles in the dough.",
            ["yeast", "bread", "dough"],
        ),
        ("Tides are caused mainly by the pull of the moon.", ["tides", "moon", "gravity"]),
        ("Woodpeckers drill into tree bark to find insects.", ["woodpecker", "woodpeckers"]),
        (
            "Solar panels turn sunlight into electrical power.",
            ["solar panels", "solar power", "solar energy"],
        ),
        ("Frost forms when water vapour freezes on cold surfaces.", ["frost", "freezing"]),
        (
            "Caterpillars turn into butterflies inside a chrysalis.",
            ["caterpillar", "butterfly", "metamorphosis"],
        ),
        ("A sundial shows the time using the shadow of a pointer.", ["sundial", "time"]),
        ("Rust forms on iron that is left in damp air.", ["rust", "iron"]),
        (
            "Hedgehogs hibernate through the winter in piles of leaves.",
            ["hedgehog", "hedgehogs", "hibernation"],
        ),
        (
            "Windmills once used wind power to grind grain into flour.",
            ["windmill", "windmills", "wind power"],
        ),
        ("Earthworms mix and loosen the soil as they burrow.", ["earthworm", "earthworms"]),
        (
            "Salt is harvested by letting sea water evaporate in shallow pans.",
            ["salt", "evaporation"],
        ),
    ]
    return superni_task(
        "task9008_shipped_keyword_tagging",
        "Keyword Tagging",
        ["Commonsense Reasoning"],
        "You are given a fact. Write a keyword (a word or short noun phrase) that names the main topic of the fact. The keyword should appear in, or follow directly from, the fact.",
        ["Natural Science"],
        [
            (
                "Fact: Moss grows well on the shady side of walls and trees.",
                "moss",
                "The fact is about where moss grows, so moss is a good topic word.",
            )
        ],
        [
            (
                "Fact: Moss grows well on the shady side of walls and trees.",
                "walls",
                "Walls are only a place mentioned in the fact; the topic is moss.",
            )
        ],
        [(f"Fact: {f}", ks) for f, ks in rows],
    )


def t_question_rewriting(rng: random.Random) -> NamedTask:
    fluent = [
        "Which river flows through the town?",
        "When does the library open on Saturdays?",
        "How long does it take to walk to the station?",
        "Who painted the picture in the town hall?",
        "What is the capital of the island?",
        "How many people live in the village?",
        "Where is the nearest post office?",
        "Why did the ferry stop running?",
        "What time does the market close?",
        "Which bus goes to the hospital?",
        "How deep is the lake?",
        "Who built the old windmill?",
        "What kind of fish live in the river?",
        "When was the bridge repaired?",
        "How much does a ticket to the museum cost?",
        "Which festival is held in the spring?",
        "Where can I buy fresh bread?",
        "What language do they speak on the island?",
        "How old is the cathedral?",
        "Who won the boat race last year?",
    ]
    fillers = [
        "no wait,",
        "um, I mean,",
        "sorry, I mean",
        "no, actually,",
        "uh, scratch that,",
        "or rather,",
    ]
    items: list[Item] = []
    for i, q in enumerate(fluent):
        other = fluent[(i + 7) % len(fluent)]
        wrong_start = " ".join(other.split()[: rng.choice([2, 3])])
        dis = f"{wrong_start} {rng.choice(fillers)} {q[0].lower() + q[1:]}"
        items.append((dis, [q]))
    return superni_task(
        "task9009_shipped_question_rewriting",
        "Question Rewriting",
        ["Commonsense Reasoning"],
        "You are given a disfluent question, in which the speaker starts one question, corrects themselves and asks another. Rewrite it as the fluent question the speaker finally meant to ask, without changing its meaning.",
        ["Miscellaneous"],
        [
            (
                "Who owns the, no wait, when does the bakery open?",
                "When does the bakery open?",
                "The speaker abandons the first question and finally asks when the bakery opens.",
            )
        ],
        [
            (
                "What is the, um, I mean, how tall is the lighthouse?",
                "What is the height of the bakery?",
                "The fluent question is about the lighthouse, not the bakery, so the meaning was changed.",
            )
        ],
        items,
    )


def t_title() -> NamedTask:
    rows = [
        (
            "Ada found a tiny kitten under her porch during a storm. She dried it with a towel and gave it warm milk. Nobody answered the posters she put up. By spring the kitten slept on her bed every night.",
            ["The Storm Kitten", "A Kitten in the Storm"],
        ),
        (
            "Jory wanted to win the village pumpkin contest. He watered his pumpkin every morning and covered it on cold nights. On the day of the show it was the heaviest by far. He carried home a blue ribbon.",
            ["The Prize Pumpkin", "The Pumpkin Contest"],
        ),
        (
            "Katrin lost her grandmother's ring in the garden. She searched the flower beds for two days. Her brother borrowed a metal detector from a friend. They found the ring beside the rose bush.",
            ["The Lost Ring", "Grandmother's Ring"],
        ),
        (
            "Halvard had never baked bread before. His first loaf came out flat and hard. He asked the baker next door for advice. A week later his loaf was light and golden.",
            ["Learning to Bake", "The First Loaf"],
        ),
        (
            "The power failed during Wenna's birthday party. Her father found a box of candles in the cupboard. Everyone told ghost stories in the candlelight. Wenna said it was her best party ever.",
            ["The Candlelit Party", "Birthday in the Dark"],
        ),
        (
            "Ulric's old car would not start on a frosty morning. He was due at a job interview in an hour. His neighbour offered him a lift. Ulric arrived on time and got the job.",
            ["The Frosty Morning", "A Lift to the Interview"],
        ),
        (
            "Nell planted sunflower seeds with her little brother. They measured the plants every Sunday. One sunflower grew taller than the garden fence. They saved its seeds for next year.",
            ["The Tall Sunflower", "Sunflowers"],
        ),
        (
            "Caspar was nervous about his first swimming lesson. He held the side of the pool at first. The teacher showed him how to float on his back. By the end of the lesson he was smiling.",
            ["The First Swimming Lesson", "Learning to Swim"],
        ),
        (
            "Thea entered a kite-flying contest on the beach. The wind dropped just before her turn. She ran along the sand to lift the kite. It soared higher than all the others.",
            ["The Kite Contest", "Kite on the Beach"],
        ),
        (
            "Benedek found an old map in a second-hand book. It showed a path through the woods near his town. He followed it with his sister one Saturday. The path led to a ruined mill by a stream.",
            ["The Old Map", "The Hidden Mill"],
        ),
        (
            "Greta's bicycle was stolen from outside the library. She reported it and posted a description online. Two days later a neighbour spotted it behind the station. The police returned it to her.",
            ["The Stolen Bicycle", "Bike Found"],
        ),
        (
            "Piet decided to learn the guitar at the age of sixty. His fingers hurt for the first few weeks. He practised one song over and over. At his birthday he played it for the whole family.",
            ["Never Too Late", "Learning the Guitar"],
        ),
        (
            "A fox kept stealing eggs from Sabine's henhouse. She fixed the broken door with a new latch. The next night the fox could not get in. Her hens laid happily all week.",
            ["The Fox and the Henhouse", "The Egg Thief"],
        ),
        (
            "Lucan missed the last bus home after a concert. His phone had no battery left. He walked the six kilometres under the stars. He got home at two and slept until noon.",
            ["The Long Walk Home", "Missing the Last Bus"],
        ),
        (
            "Orla wanted a dog, but her parents were unsure. She offered to walk the neighbour's dog every day for a month. She never missed a single walk. Her parents took her to the animal shelter that weekend.",
            ["Proving Responsibility", "Orla's Dog"],
        ),
        (
            "Emil burnt the pancakes on Mother's Day. He threw them away and started again. The second batch was perfect. His mother ate them with lemon and sugar.",
            ["Mother's Day Pancakes", "The Pancakes"],
        ),
        (
            "The village pond froze for the first time in ten years. Children brought sledges and skates. The oldest villager showed them how to skate backwards. The ice melted two days later.",
            ["The Frozen Pond", "Skating on the Pond"],
        ),
        (
            "Ines found a wallet full of money on the tram. She handed it to the driver. The owner called her that evening to say thank you. He sent her a box of chocolates.",
            ["The Lost Wallet", "An Honest Passenger"],
        ),
        (
            "Anselm tried to fix the leaking tap himself. He turned off the water and replaced the washer. The tap still dripped. In the end he called a plumber.",
            ["The Leaking Tap", "Calling the Plumber"],
        ),
        (
            "Yolanda's class planted a tree at the school gate. Each pupil wrote a wish and buried it under the roots. Twenty years later they met under the same tree. It had grown taller than the school.",
            ["The Wishing Tree", "The School Tree"],
        ),
    ]
    return superni_task(
        "task9010_shipped_title_generation",
        "Title Generation",
        ["Commonsense Reasoning"],
        "You are given a short story. Write a short title for it (usually two to five words) that mentions its main topic.",
        ["Fiction", "Story"],
        [
            (
                "Vera lost her hat on a windy hill. It blew into a field of cows. A farmer caught it and brought it back. Vera held on to it all the way home.",
                "The Windy Hill",
                "The story is about the wind carrying Vera's hat away on a hill, which the title captures.",
            )
        ],
        [
            (
                "Vera lost her hat on a windy hill. It blew into a field of cows. A farmer caught it and brought it back. Vera held on to it all the way home.",
                "Vera went for a walk and lost her hat but a farmer brought it back to her.",
                "This is a summary, not a short title.",
            )
        ],
        [(f"Story: {s}", t) for s, t in rows],
    )


def t_data_to_text(rng: random.Random) -> NamedTask:
    names = [
        "The Blue Heron",
        "Millrace",
        "The Salt Loft",
        "Quayside Kitchen",
        "The Copper Ladle",
        "Harbour Lights",
        "The Green Gate",
        "Fennel and Fig",
        "The Old Forge",
        "Lantern Rooms",
        "The Crooked Oar",
        "Tallow Street Café",
        "The Red Barn",
        "Orchard House",
        "The Pepper Pot",
        "Wicker and Wine",
        "The Hay Loft",
        "Brass Tap",
        "The Ferryman",
        "Bellwether",
        "The Slate Table",
        "Riverside Rest",
    ]
    types = ["restaurant", "pub", "coffee shop", "café"]
    foods = ["Italian", "Indian", "French", "Japanese", "Spanish", "English", "Chinese", "Greek"]
    prices = ["cheap", "moderate", "high"]
    areas = ["riverside", "city centre"]
    items: list[Item] = []
    for i, name in enumerate(names[:20]):
        eat = types[i % len(types)]
        food = rng.choice(foods)
        price = rng.choice(prices)
        area = rng.choice(areas)
        fam = rng.choice(["yes", "no"])
        near = names[(i + 5) % len(names)] if rng.random() < 0.5 else ""
        fields = [
            f"name[{name}]",
            f"eatType[{eat}]",
            f"food[{food}]",
            f"priceRange[{price}]",
            f"area[{area}]",
            f"familyFriendly[{fam}]",
        ]
        if near:
            fields.append(f"near[{near}]")
        where = "by the river" if area == "riverside" else "in the city centre"
        price_txt = {"cheap": "low prices", "moderate": "moderate prices", "high": "high prices"}[
            price
        ]
        fam_txt = "is family friendly" if fam == "yes" else "is not family friendly"
        near_txt = f" near {near}" if near else ""
        out1 = f"{name} is {a_or_an(food)} {food} {eat} {where}{near_txt} with {price_txt}. It {fam_txt}."
        kids = "welcomes children" if fam == "yes" else "does not welcome children"
        out2 = f"Located {where}{near_txt}, {name} serves {food} food at {price_txt}. This {eat} {kids}."
        items.append((", ".join(fields), [out1, out2]))
    return superni_task(
        "task9011_shipped_data_to_text",
        "Data to Text",
        ["Reasoning on Objects"],
        "In this task, you are given a set of key-value pairs that describe a place to eat. Write fluent, natural English sentences that contain all of the information in the input and nothing else.",
        ["Food", "Public Places"],
        [
            (
                "name[The Willow], eatType[pub], food[English], priceRange[cheap], area[riverside], familyFriendly[yes]",
                "The Willow is a cheap English pub by the river that welcomes families.",
                "Every field is expressed in natural English.",
            )
        ],
        [
            (
                "name[The Willow], eatType[pub], food[English], priceRange[cheap], area[riverside], familyFriendly[yes]",
                "The Willow is a pub.",
                "The food, price, area and family information are missing.",
            )
        ],
        items,
    )


def t_grammar() -> NamedTask:
    rows = [
        (
            "She don't like cold weather.",
            ["She doesn't like cold weather.", "She does not like cold weather."],
        ),
        ("There is three apples on the table.", ["There are three apples on the table."]),
        (
            "He have finished his homework already.",
            ["He has finished his homework already.", "He has already finished his homework."],
        ),
        ("I goed to the market yesterday.", ["I went to the market yesterday."]),
        ("The childs are playing in the garden.", ["The children are playing in the garden."]),
        ("We was late for the train.", ["We were late for the train."]),
        ("She is more taller than her brother.", ["She is taller than her brother."]),
        ("I have lived here since five years.", ["I have lived here for five years."]),
        ("He can sings very well.", ["He can sing very well."]),
        ("They is going to the cinema tonight.", ["They are going to the cinema tonight."]),
        ("My sister and me went to the beach.", ["My sister and I went to the beach."]),
        (
            "The book who I borrowed was boring.",
            [
                "The book that I borrowed was boring.",
                "The book which I borrowed was boring.",
                "The book I borrowed was boring.",
            ],
        ),
        (
            "Please give me an information about the trip.",
            [
                "Please give me some information about the trip.",
                "Please give me information about the trip.",
            ],
        ),
        ("I am agree with your idea.", ["I agree with your idea."]),
        ("She arrived to the station at noon.", ["She arrived at the station at noon."]),
        ("Did you saw the new film?", ["Did you see the new film?"]),
        (
            "There are less people here than last year.",
            ["There are fewer people here than last year."],
        ),
        (
            "He told that he was tired.",
            ["He said that he was tired.", "He told me that he was tired."],
        ),
        ("Each of the boys have a bicycle.", ["Each of the boys has a bicycle."]),
        ("I am looking forward to meet you.", ["I am looking forward to meeting you."]),
    ]
    return superni_task(
        "task9012_shipped_grammar_error_correction",
        "Grammar Error Correction",
        ["Commonsense Reasoning"],
        "You are given a sentence that contains a grammatical error. Rewrite the sentence so that it is grammatically correct, changing as little as possible.",
        ["English Exams", "Miscellaneous"],
        [
            (
                "The dogs barks at night.",
                "The dogs bark at night.",
                "The plural subject dogs needs the plural verb bark.",
            )
        ],
        [
            (
                "The dogs barks at night.",
                "The dog barks at the moon.",
                "The correction changed the meaning of the sentence instead of fixing only the error.",
            )
        ],
        rows,
    )


# --- training tasks (other categories) --------------------------------------


def t_sentiment(rng: random.Random) -> NamedTask:
    things = [
        "kettle",
        "rain jacket",
        "desk lamp",
        "backpack",
        "toaster",
        "blanket",
        "bike light",
        "skillet",
        "bird feeder",
        "bread bin",
    ]
    good = [
        "works exactly as described",
        "has lasted two winters without a problem",
        "was easy to set up",
        "feels solid and well made",
        "is worth every penny",
        "arrived quickly and looks lovely",
    ]
    bad = [
        "stopped working after a week",
        "feels cheap and flimsy",
        "was missing a part when it arrived",
        "is much smaller than the photos suggest",
        "broke the first time I used it",
        "is not worth the money",
    ]
    good_end = [
        "Would buy again.",
        "Highly recommended.",
        "Very happy with it.",
        "Five stars from me.",
    ]
    bad_end = [
        "I am sending it back.",
        "Very disappointed.",
        "Would not recommend.",
        "Save your money.",
    ]
    items: list[Item] = []
    seen: dict[str, None] = {}
    while len(items) < 32:
        pos = len(items) % 2 == 0
        thing = rng.choice(things)
        a, b = rng.sample(good if pos else bad, 2)
        end = rng.choice(good_end if pos else bad_end)
        review = f"This {thing} {a} and {b}. {end}"
        if review in seen:
            continue
        seen[review] = None
        items.append((review, ["positive" if pos else "negative"]))
    return superni_task(
        "task9101_shipped_sentiment_analysis",
        "Sentiment Analysis",
        ["Commonsense Reasoning"],
        'You are given a short product review. Classify its sentiment as "positive" or "negative".',
        ["Reviews"],
        [
            (
                items[0][0],
                items[0][1][0],
                "The reviewer praises the product and would recommend it.",
            ),
            (items[1][0], items[1][1][0], "The reviewer is unhappy with the product."),
        ],
        [
            (
                "This lamp is bright and easy to adjust. Very happy with it.",
                "negative",
                "The review praises the lamp, so the sentiment is positive.",
            )
        ],
        items[2:],
    )


def t_qa(rng: random.Random) -> NamedTask:
    things = [
        "stone bridge",
        "windmill",
        "village school",
        "lighthouse",
        "town clock",
        "market hall",
        "footbridge",
        "boathouse",
        "chapel",
        "bandstand",
    ]
    items: list[Item] = []
    for i in range(30):
        who = PEOPLE[(i * 5 + 2) % len(PEOPLE)]
        town = TOWNS[(i * 7 + 1) % len(TOWNS)]
        thing = things[i % len(things)]
        year = rng.randrange(1700, 1950)
        cost = rng.randrange(2, 90) * 10
        passage = (
            f"The {thing} in {town} was built in {year} by {who}. "
            f"It cost {cost} pounds, which was paid for by a collection among the townspeople."
        )
        kind = i % 3
        if kind == 0:
            items.append((f"Passage: {passage}\nQuestion: Who built the {thing} in {town}?", [who]))
        elif kind == 1:
            items.append(
                (
                    f"Passage: {passage}\nQuestion: In what year was the {thing} built?",
                    [str(year), f"In {year}"],
                )
            )
        else:
            items.append(
                (
                    f"Passage: {passage}\nQuestion: How much did the {thing} cost?",
                    [f"{cost} pounds", str(cost)],
                )
            )
    return superni_task(
        "task9102_shipped_question_answering",
        "Question Answering",
        ["Commonsense Reasoning"],
        "You are given a short passage and a question about it. Answer the question with a short span taken from the passage.",
        ["History"],
        [
            (
                "Passage: The ferry at Kestford began running in 1822 and was worked by Agnes Mossop for forty years.\nQuestion: Who worked the ferry?",
                "Agnes Mossop",
                "The passage says the ferry was worked by Agnes Mossop.",
            )
        ],
        [
            (
                "Passage: The ferry at Kestford began running in 1822 and was worked by Agnes Mossop for forty years.\nQuestion: When did the ferry begin running?",
                "forty years",
                "The question asks when; the answer is 1822.",
            )
        ],
        items,
    )


def t_summarization(rng: random.Random) -> NamedTask:
    events = [
        (
            "reopened its library",
            "after a year of repairs",
            "The new building has a café and longer opening hours.",
        ),
        (
            "held its first food festival",
            "on Saturday",
            "Over forty stalls sold local cheese, bread and cider.",
        ),
        (
            "opened a new footbridge",
            "across the river",
            "The bridge links the station with the old town.",
        ),
        (
            "closed its swimming pool",
            "for roof repairs",
            "Swimmers are being offered free buses to the next town.",
        ),
        (
            "planted a community orchard",
            "on the old playing field",
            "Volunteers put in sixty apple and pear trees.",
        ),
        (
            "won a prize for its public gardens",
            "in a regional contest",
            "Judges praised the wild flower borders by the station.",
        ),
    ]
    items: list[Item] = []
    for i in range(30):
        town = TOWNS[(i * 3 + 40) % len(TOWNS)]
        what, when, detail = events[i % len(events)]
        who = PEOPLE[(i * 11 + 5) % len(PEOPLE)]
        quote = rng.choice(
            [
                "It is a great day for the town.",
                "We could not have done it without the volunteers.",
                "People have waited a long time for this.",
            ]
        )
        text = f'{town} {what} {when}. {detail} "{quote}" said {who}, who helped organise the work.'
        summary1 = f"{town} {what} {when}."
        summary2 = f"The town of {town} {what}."
        items.append((text, [summary1, summary2]))
    return superni_task(
        "task9103_shipped_summarization",
        "Summarization",
        ["Commonsense Reasoning"],
        "You are given a short local news report. Write a one-sentence summary that states the main event.",
        ["News"],
        [
            (
                'Ravby opened a new bus shelter on Monday. The shelter has a bench and a timetable board. "It keeps us dry at last," said a passenger.',
                "Ravby opened a new bus shelter on Monday.",
                "The summary states the main event in one sentence.",
            )
        ],
        [
            (
                'Ravby opened a new bus shelter on Monday. The shelter has a bench and a timetable board. "It keeps us dry at last," said a passenger.',
                "The shelter has a bench.",
                "This is a detail, not the main event.",
            )
        ],
        items,
    )


def t_categorization() -> NamedTask:
    pools = {
        "sports": [
            "The home side scored twice in the final ten minutes to win the cup.",
            "She set a new club record in the 800 metres on Saturday.",
            "The cricket match was stopped for an hour because of rain.",
            "Both tennis players needed five sets to settle the final.",
            "The rowing crew trained on the river every morning before dawn.",
            "Our goalkeeper saved two penalties in the shoot-out.",
        ],
        "food": [
            "Add the onions to the pan and fry them until soft and golden.",
            "The new bakery sells a rye loaf with caraway seeds.",
            "This soup tastes even better on the second day.",
            "Whisk the eggs with a little milk before pouring them into the pan.",
            "The restaurant's apple pie comes with thick vanilla custard.",
            "Store the jam in a cool, dark cupboard once the jar is sealed.",
        ],
        "weather": [
            "Heavy rain is expected across the hills by Thursday evening.",
            "A hard frost left the fields white this morning.",
            "Strong winds brought down branches along the coast road.",
            "Temperatures will climb to twenty-eight degrees by the weekend.",
            "Fog is likely to linger in the valleys until midday.",
            "Snow showers will turn to sleet as the afternoon goes on.",
        ],
        "technology": [
            "The update adds a dark mode and fixes several battery bugs.",
            "You can back up your photos automatically over Wi-Fi.",
            "The new laptop has twice the memory of last year's model.",
            "Restart the router if the connection keeps dropping.",
            "The app now lets you scan documents with your phone camera.",
            "A faster processor makes the tablet feel much more responsive.",
        ],
        "travel": [
            "The night train arrives at the coast just after sunrise.",
            "Book your ferry tickets early during the summer holidays.",
            "The hostel is a short walk from the old harbour.",
            "Pack a light rain jacket for the mountain villages.",
            "Our flight was delayed, so we explored the airport gardens.",
            "The coastal path links five fishing villages in one long day.",
        ],
    }
    items: list[Item] = []
    for k in range(6):
        for topic, sents in pools.items():
            items.append((sents[k], [topic]))
    return superni_task(
        "task9104_shipped_text_categorization",
        "Text Categorization",
        ["Commonsense Reasoning"],
        'Classify the topic of the given sentence as one of: "sports", "food", "weather", "technology", "travel".',
        ["Miscellaneous"],
        [
            (
                "The bus to the mountain village leaves every two hours.",
                "travel",
                "The sentence is about getting around on a journey.",
            )
        ],
        [
            (
                "Thunderstorms will clear by the evening.",
                "sports",
                "The sentence describes the weather, so the topic is weather.",
            )
        ],
        items,
    )


def t_ner(rng: random.Random) -> NamedTask:
    templates = [
        "{P} moved from {L1} to {L2} in {Y}.",
        "The train from {L1} to {L2} was delayed, so {P} missed the meeting.",
        "{P} opened a bakery in {L1} after working for years in {L2}.",
        "Every summer {P} cycles from {L1} to {L2} along the river.",
        "{P} said the market in {L1} is busier than the one in {L2}.",
        "After the flood in {L1}, {P} organised volunteers from {L2}.",
    ]
    items: list[Item] = []
    for i in range(30):
        t = templates[i % len(templates)]
        p = PEOPLE[(i * 13 + 7) % len(PEOPLE)]
        l1 = TOWNS[(i * 17 + 9) % len(TOWNS)]
        l2 = TOWNS[(i * 19 + 30) % len(TOWNS)]
        sent = t.format(P=p, L1=l1, L2=l2, Y=rng.randrange(1950, 2020))
        items.append((sent, [f"{l1}, {l2}", f"{l2}, {l1}"]))
    return superni_task(
        "task9105_shipped_named_entity_recognition",
        "Named Entity Recognition",
        ["Commonsense Reasoning"],
        "Find all names of places (towns, villages or cities) in the sentence. List them separated by commas. Do not include names of people.",
        ["Miscellaneous"],
        [
            (
                "Agnes Hollis drove from Pellby to Kestford.",
                "Pellby, Kestford",
                "Pellby and Kestford are places; Agnes Hollis is a person.",
            )
        ],
        [
            (
                "Agnes Hollis drove from Pellby to Kestford.",
                "Agnes Hollis",
                "Agnes Hollis is a person, not a place.",
            )
        ],
        items,
    )


def t_paraphrase() -> NamedTask:
    pairs = [
        (
            "{P} arrived late because the train was delayed.",
            [
                "Because the train was delayed, {P} arrived late.",
                "The train was delayed, so {P} got there late.",
            ],
        ),
        ("{P} finished the book in a single evening.", ["{P} read the whole book in one evening."]),
        (
            "The shop was closed when {P} got there.",
            ["When {P} arrived, the shop had already closed."],
        ),
        ("{P} rarely drinks coffee after lunch.", ["{P} seldom has coffee in the afternoon."]),
        (
            "{P} forgot to water the plants while the family was away.",
            ["While the family was away, {P} did not remember to water the plants."],
        ),
        (
            "It started to rain as soon as {P} left the house.",
            ["As soon as {P} went out, it began to rain."],
        ),
        (
            "{P} is much better at chess than at draughts.",
            ["{P} plays chess far better than draughts."],
        ),
        (
            "{P} could not sleep because of the noise outside.",
            ["The noise outside kept {P} awake."],
        ),
        ("{P} gave away most of the old books.", ["Most of the old books were given away by {P}."]),
        (
            "{P} has lived in the same house for thirty years.",
            ["{P} has been living in the same house for three decades."],
        ),
    ]
    names = ["Ilse", "Oskar", "Rowan"]
    items: list[Item] = []
    for src, outs in pairs:
        for n in names:
            items.append((src.format(P=n), [o.format(P=n) for o in outs]))
    return superni_task(
        "task9106_shipped_paraphrasing",
        "Paraphrasing",
        ["Commonsense Reasoning"],
        "Rewrite the given sentence using different words or a different structure, keeping exactly the same meaning.",
        ["Miscellaneous"],
        [
            (
                "Tilde left early to catch the bus.",
                "To catch the bus, Tilde left early.",
                "The order changes but the meaning stays the same.",
            )
        ],
        [
            (
                "Tilde left early to catch the bus.",
                "Tilde missed the bus.",
                "The meaning has changed.",
            )
        ],
        items,
    )


def t_fill_blank() -> NamedTask:
    rows = [
        ("Bees make ___ from the nectar of flowers.", ["honey"]),
        ("You need an umbrella when it ___.", ["rains", "is raining"]),
        ("A baker makes bread in an ___.", ["oven"]),
        ("There are seven days in a ___.", ["week"]),
        ("We use a ___ to unlock the front door.", ["key"]),
        ("Fish breathe through their ___.", ["gills"]),
        ("The opposite of cold is ___.", ["hot", "warm"]),
        ("Cows eat ___ in the field.", ["grass"]),
        ("You write on the board with a piece of ___.", ["chalk"]),
        ("A year has twelve ___.", ["months"]),
        ("Water freezes into ___ when it gets very cold.", ["ice"]),
        ("Birds build ___ to lay their eggs in.", ["nests"]),
        ("We sleep in a ___ at night.", ["bed"]),
        ("The sun rises in the ___.", ["east"]),
        ("A spider has eight ___.", ["legs"]),
        ("You can see the stars at ___.", ["night"]),
        ("Plants need water and ___ to grow.", ["sunlight", "light"]),
        ("A ___ tells you what time it is.", ["clock", "watch"]),
        ("Sheep give us ___ for warm clothes.", ["wool"]),
        ("We brush our ___ twice a day.", ["teeth"]),
        ("A boat floats on the ___.", ["water"]),
        ("An apple a day keeps the ___ away.", ["doctor"]),
        ("Snow is ___ in colour.", ["white"]),
        ("A triangle has three ___.", ["sides", "corners"]),
        ("You wear ___ on your feet.", ["shoes", "socks"]),
        ("Hens lay ___.", ["eggs"]),
        ("A librarian works in a ___.", ["library"]),
        ("We breathe in ___ to stay alive.", ["air", "oxygen"]),
        ("Kittens grow up to be ___.", ["cats"]),
        ("Ten plus five equals ___.", ["fifteen", "15"]),
    ]
    return superni_task(
        "task9107_shipped_fill_in_the_blank",
        "Fill in The Blank",
        ["Commonsense Reasoning"],
        "Fill in the blank (___) in the sentence with the most suitable word. Answer with the missing word only.",
        ["Commonsense"],
        [("A cat says ___.", "meow", "Cats make the sound meow.")],
        [("A cat says ___.", "woof", "Woof is the sound a dog makes.")],
        rows,
    )


def t_program(rng: random.Random) -> NamedTask:
    ops: list[tuple[str, Callable[[list[int]], str]]] = [
        ("Return the sum of the numbers.", lambda xs: str(sum(xs))),
        ("Return the largest number.", lambda xs: str(max(xs))),
        ("Return the smallest number.", lambda xs: str(min(xs))),
        ("Sort the numbers in ascending order.", lambda xs: json.dumps(sorted(xs))),
        ("Reverse the list.", lambda xs: json.dumps(xs[::-1])),
        (
            "Remove all odd numbers from the list.",
            lambda xs: json.dumps([x for x in xs if x % 2 == 0]),
        ),
        ("Count how many numbers are even.", lambda xs: str(sum(1 for x in xs if x % 2 == 0))),
        ("Multiply every number by 2.", lambda xs: json.dumps([2 * x for x in xs])),
    ]
    items: list[Item] = []
    for i in range(30):
        op, fn = ops[i % len(ops)]
        xs = [rng.randrange(-20, 60) for _ in range(rng.randrange(4, 9))]
        items.append((f"{op} Input: {json.dumps(xs)}", [fn(xs)]))
    return superni_task(
        "task9108_shipped_program_execution",
        "Program Execution",
        ["Mathematics"],
        "You are given an instruction and a list of integers. Carry out the instruction on the list and write the result. Lists are written in square brackets with comma-separated values.",
        ["Mathematics"],
        [
            (
                "Return the largest number. Input: [3, 17, -2, 9]",
                "17",
                "17 is the largest value in the list.",
            )
        ],
        [
            (
                "Sort the numbers in ascending order. Input: [5, 1, 4]",
                "[5, 4, 1]",
                "This is descending order; the answer is [1, 4, 5].",
            )
        ],
        items,
    )


def build_superni() -> tuple[list[NamedTask], list[NamedTask]]:
    """Return (test tasks, train tasks); one shared rng in a fixed call order."""
    rng = random.Random(9001)
    test = [
        t_entailment(),
        t_cause_effect(rng),
        t_coreference(),
        t_dialogue_act(),
        t_answerability(),
        t_word_analogy(),
        t_overlap(),
        t_keyword(),
        t_question_rewriting(rng),
        t_title(),
        t_data_to_text(rng),
        t_grammar(),
    ]
    train = [
        t_sentiment(rng),
        t_qa(rng),
        t_summarization(rng),
        t_categorization(),
        t_ner(rng),
        t_paraphrase(),
        t_fill_blank(),
        t_program(rng),
    ]
    return test, train


# ---------------------------------------------------------------------------
# Self-Instruct seed tasks (hand-written)
# ---------------------------------------------------------------------------

# (name, instruction, input, output, is_classification)
SEED_TASKS: list[tuple[str, str, str, str, bool]] = [
    (
        "packing_list_weekend_hike",
        "Make a packing list for a two-day hike with one night in a tent.",
        "",
        "- Tent, sleeping bag and sleeping mat\n- Stove, fuel, lighter and a small pot\n- Food for two days plus one spare meal\n- Water bottles and a filter\n- Waterproof jacket and trousers\n- Warm layer and a hat\n- Spare socks\n- Map, compass and head torch\n- First-aid kit and sun cream",
        False,
    ),
    (
        "sentiment_of_review",
        "Decide whether the review is positive or negative.",
        "The kettle boils quickly, but the lid broke after two weeks and customer service never replied.",
        "Negative",
        True,
    ),
    (
        "fix_spelling",
        "Correct the spelling mistakes in the sentence.",
        "I recieved the pakage yesturday and it was definately worth the wait.",
        "I received the package yesterday and it was definitely worth the wait.",
        False,
    ),
    (
        "extract_dates",
        "List every date mentioned in the text.",
        "The hall is booked from 3 May to 5 May, and the follow-up meeting is on 12 June.",
        "3 May, 5 May, 12 June",
        False,
    ),
    (
        "explain_to_child",
        "Explain why the sky gets dark at night to a six-year-old.",
        "",
        "The Earth is like a giant ball that slowly spins around. During the day, our side of the ball faces the Sun, so it is bright. At night, our side has turned away from the Sun, so we are in the Earth's own shadow and it gets dark.",
        False,
    ),
    (
        "odd_one_out",
        "Which word does not belong with the others?",
        "carrot, potato, apple, onion",
        "Apple, because it is a fruit and the others are vegetables.",
        True,
    ),
    (
        "formal_email_rewrite",
        "Rewrite the message so that it is polite and suitable for sending to a manager.",
        "hey, cant come in tmrw, sick. will finish the report later",
        "Hello, I am unwell and will not be able to come to work tomorrow. I will finish the report as soon as I have recovered. I am sorry for any inconvenience.",
        False,
    ),
    (
        "recipe_substitute",
        "Suggest a substitute for buttermilk in a pancake recipe.",
        "",
        "Stir one tablespoon of lemon juice or white vinegar into a cup of ordinary milk and leave it for five minutes. It will thicken slightly and can be used in place of the same amount of buttermilk.",
        False,
    ),
    (
        "is_question",
        "Is the following sentence a question? Answer yes or no.",
        "I wonder whether the shop is open on Sundays.",
        "No",
        True,
    ),
    (
        "summarize_paragraph",
        "Summarize the paragraph in one sentence.",
        "The town council has agreed to turn the empty bus depot into a covered market. Work will begin in the spring and should take about eight months. Traders say the new space will let them keep selling through the winter.",
        "The council will convert the old bus depot into a covered market, with work starting in spring.",
        False,
    ),
    (
        "meeting_agenda",
        "Write a short agenda for the first meeting of a new community garden group.",
        "",
        "1. Welcome and introductions\n2. Choosing a site and agreeing on access\n3. What to plant in the first season\n4. Tools, water and a shared budget\n5. Setting up a rota for watering\n6. Date of the next meeting",
        False,
    ),
    (
        "unit_conversion",
        "Convert the temperature from Celsius to Fahrenheit.",
        "25 degrees Celsius",
        "77 degrees Fahrenheit",
        False,
    ),
    (
        "classify_animal",
        "Classify each animal as a mammal, bird, reptile or fish.",
        "salmon, bat, tortoise, robin",
        "salmon: fish\nbat: mammal\ntortoise: reptile\nrobin: bird",
        True,
    ),
    (
        "birthday_message",
        "Write a short birthday message for a colleague who is retiring this year.",
        "",
        "Happy birthday! This year is a special one, with retirement just around the corner. Thank you for all the help and good humour over the years. Enjoy the celebrations and the free time ahead.",
        False,
    ),
    (
        "math_word_problem",
        "Solve the problem and show your working.",
        "A bakery sells rolls in bags of 6. How many bags are needed for 45 rolls?",
        "45 / 6 = 7.5, so 7 bags hold only 42 rolls. You need 8 bags to have at least 45 rolls.",
        False,
    ),
    (
        "sort_alphabetically",
        "Sort the list of words in alphabetical order.",
        "pear, banana, cherry, apple, mango",
        "apple, banana, cherry, mango, pear",
        False,
    ),
    (
        "fact_or_opinion",
        "Is the statement a fact or an opinion?",
        "Autumn is the most beautiful season of the year.",
        "Opinion",
        True,
    ),
    (
        "tips_for_sleep",
        "Give three practical tips for falling asleep more easily.",
        "",
        "1. Go to bed and get up at the same time every day, even at weekends.\n2. Stop using screens for half an hour before bed.\n3. Keep the bedroom cool, dark and quiet.",
        False,
    ),
    (
        "extract_names",
        "Extract all the people's names from the text.",
        "At the meeting, Hedda Fennick presented the budget and Jonas Orrick answered questions about the new bus route.",
        "Hedda Fennick, Jonas Orrick",
        False,
    ),
    (
        "make_it_shorter",
        "Make the sentence shorter without changing its meaning.",
        "Due to the fact that it was raining very heavily, we made the decision to stay inside the house.",
        "Because it was raining heavily, we decided to stay inside.",
        False,
    ),
    (
        "spam_detection",
        "Is this message spam? Answer yes or no.",
        "Congratulations! You have been selected to receive a free cruise. Reply with your bank details to claim.",
        "Yes",
        True,
    ),
    (
        "interview_questions",
        "Write four questions to ask when interviewing someone for a job at a bicycle repair shop.",
        "",
        "1. What kinds of bicycles have you repaired before?\n2. How would you find the cause of a clicking noise while pedalling?\n3. How do you explain a repair and its cost to a customer?\n4. How do you handle several urgent repairs at once?",
        False,
    ),
    (
        "past_tense",
        "Change the sentence to the past tense.",
        "She walks to the station and buys a newspaper.",
        "She walked to the station and bought a newspaper.",
        False,
    ),
    (
        "topic_classification",
        "Classify the headline into one of these topics: sport, politics, science, business.",
        "Local bakery chain opens its tenth shop and hires fifty staff",
        "Business",
        True,
    ),
    (
        "pros_and_cons",
        "List two advantages and two disadvantages of working from home.",
        "",
        "Advantages:\n- No time or money spent on commuting.\n- More control over your working environment.\nDisadvantages:\n- It can feel isolating.\n- It is harder to separate work from home life.",
        False,
    ),
    (
        "story_opening",
        "Write the opening two sentences of a mystery story set in a lighthouse.",
        "",
        "The lamp at the top of Gull Point lighthouse went dark at exactly midnight, although the keeper swore he had filled it with oil an hour before. When he climbed the spiral stairs with a candle, he found the door to the lamp room locked from the inside.",
        False,
    ),
    (
        "question_answering_context",
        "Answer the question using the paragraph.",
        "Paragraph: The Orrin valley railway opened in 1871 and carried slate from the quarries to the harbour. It closed to passengers in 1952.\nQuestion: What did the railway carry?",
        "Slate from the quarries to the harbour.",
        False,
    ),
    ("synonyms", "Give three synonyms for the word.", "happy", "cheerful, glad, joyful", False),
    (
        "grammar_check",
        "Does the sentence contain a grammatical error? Answer yes or no.",
        "The children was playing in the park.",
        "Yes",
        True,
    ),
    (
        "compare_two_things",
        "Explain the difference between weather and climate in two sentences.",
        "",
        "Weather is the state of the atmosphere at a particular place and time, such as a rainy afternoon. Climate is the typical pattern of weather in a region averaged over many years.",
        False,
    ),
]


def build_seed_tasks() -> list[dict[str, Any]]:
    out = []
    for i, (name, instr, inp, outp, is_cls) in enumerate(SEED_TASKS):
        out.append(
            {
                "id": f"seed_task_{i}",
                "name": name,
                "instruction": instr,
                "instances": [{"input": inp, "output": outp}],
                "is_classification": is_cls,
            }
        )
    return out


# ---------------------------------------------------------------------------
# Dolly-style records
# ---------------------------------------------------------------------------

DOLLY_HANDWRITTEN: list[tuple[str, str, str]] = [
    # (category, instruction, response)
    (
        "open_qa",
        "Why do onions make people cry when they are cut?",
        "Cutting an onion breaks its cells and releases a sulphur compound that turns into a gas. When the gas reaches the eyes it irritates them, and the eyes produce tears to wash it away.",
    ),
    ("open_qa", "How many legs does an insect have?", "An adult insect has six legs."),
    (
        "open_qa",
        "What is the boiling point of water at sea level?",
        "Water boils at 100 degrees Celsius, or 212 degrees Fahrenheit, at sea level.",
    ),
    (
        "open_qa",
        "Why do leaves change colour in autumn?",
        "In autumn trees stop making chlorophyll, the green pigment used for photosynthesis. As the green fades, yellow and orange pigments that were already in the leaf become visible, and some trees also make red pigments.",
    ),
    (
        "open_qa",
        "What is the difference between a frog and a toad?",
        "Both are amphibians. Frogs usually have smooth, moist skin and long legs for jumping, while toads tend to have dry, bumpy skin and shorter legs, and they often walk rather than hop.",
    ),
    ("open_qa", "Which planet is closest to the Sun?", "Mercury is the planet closest to the Sun."),
    (
        "open_qa",
        "What does a barometer measure?",
        "A barometer measures air pressure. Falling pressure often means unsettled weather is on the way.",
    ),
    (
        "open_qa",
        "How does yeast make bread rise?",
        "Yeast feeds on sugars in the dough and gives off carbon dioxide gas. The gas is trapped by the stretchy gluten in the dough, forming bubbles that make the bread rise.",
    ),
    (
        "open_qa",
        "What is a haiku?",
        "A haiku is a short poem of three lines, traditionally with five, seven and five syllables, that often describes a moment in nature.",
    ),
    (
        "open_qa",
        "Why is the sea salty?",
        "Rain slowly dissolves minerals from rocks, and rivers carry them to the sea. When sea water evaporates the salt is left behind, so over a very long time it has built up.",
    ),
    (
        "general_qa",
        "What should I think about before adopting a dog?",
        "Consider how much time you have for walks and training, the size of your home, the cost of food and vet bills, and who will look after the dog when you travel. Different breeds need very different amounts of exercise, so choose one that suits your routine.",
    ),
    (
        "general_qa",
        "How can I make my houseplants live longer?",
        "Most houseplants die from too much water rather than too little. Water only when the top of the compost is dry, make sure pots have drainage holes, give each plant the amount of light it prefers and feed lightly during the growing season.",
    ),
    (
        "general_qa",
        "Is it better to rent or buy a home?",
        "It depends on your plans and finances. Buying builds equity and gives stability if you stay for many years, but needs a deposit and brings repair costs. Renting is more flexible and has lower upfront costs, which suits people who may move soon.",
    ),
    (
        "general_qa",
        "How do I start running if I have never done it before?",
        "Start with short sessions that mix running and walking, for example one minute of running followed by two of walking, repeated for twenty minutes. Run three times a week, increase the running time slowly and wear comfortable shoes.",
    ),
    (
        "general_qa",
        "What makes a good presentation?",
        "A clear message, a simple structure and practice. Know the one thing you want the audience to remember, keep slides uncluttered, speak to the audience rather than reading, and finish on time.",
    ),
    (
        "general_qa",
        "How can I save money on my food shopping?",
        "Plan meals for the week and shop with a list, buy seasonal vegetables, compare prices per kilogram, cook larger batches to freeze, and use up leftovers before buying more.",
    ),
    (
        "general_qa",
        "Why is sleep important?",
        "During sleep the body repairs tissue and the brain sorts and stores memories. Regular good sleep helps concentration, mood and the immune system, while long-term lack of sleep raises the risk of many health problems.",
    ),
    (
        "general_qa",
        "How should I prepare for a job interview?",
        "Read about the organisation, reread the job description and prepare examples from your experience that match it. Practise answering common questions aloud, prepare a few questions of your own and plan your journey so you arrive early.",
    ),
    (
        "general_qa",
        "What is a good way to learn a new language?",
        "Little and often works best. Study a few minutes every day, learn common words first, listen to the language through songs or podcasts, and speak with other learners or native speakers as early as possible, even if you make mistakes.",
    ),
    (
        "general_qa",
        "How do I keep a cast iron pan from rusting?",
        "Dry it completely straight after washing, ideally over a low flame, then rub a thin layer of oil over the surface. Avoid soaking it and store it somewhere dry.",
    ),
    (
        "brainstorming",
        "Give me ideas for a rainy day with young children.",
        "- Build a blanket fort\n- Bake biscuits together\n- Put on a puppet show\n- Make a treasure hunt around the house\n- Do a jigsaw puzzle\n- Paint with cotton buds\n- Dance to favourite songs",
    ),
    (
        "brainstorming",
        "What are some names for a small bakery?",
        "- The Rising Loaf\n- Crumb and Crust\n- Morning Oven\n- The Flour Mill\n- Butter and Rye\n- Corner Bakehouse",
    ),
    (
        "brainstorming",
        "List some ways to reduce plastic waste at home.",
        "- Carry a reusable shopping bag\n- Buy loose fruit and vegetables\n- Use a refillable water bottle\n- Choose bar soap instead of bottled soap\n- Store leftovers in glass jars\n- Buy in bulk where possible",
    ),
    (
        "brainstorming",
        "Suggest themes for a village summer fete.",
        "- Seaside holiday\n- Around the world\n- Storybook characters\n- A country garden\n- Sports day\n- Decades of music",
    ),
    (
        "brainstorming",
        "What could I do with leftover bread?",
        "- Make breadcrumbs for coating fish\n- Bake bread pudding\n- Cut it into croutons for soup\n- Make French toast\n- Blend it into a thick tomato soup\n- Use it for stuffing",
    ),
    (
        "brainstorming",
        "Give me ideas for exercise that needs no equipment.",
        "- Brisk walking\n- Running\n- Push-ups and squats\n- Skipping without a rope\n- Climbing stairs\n- Yoga\n- Dancing",
    ),
    (
        "brainstorming",
        "What are some good questions to ask a new neighbour?",
        "- How long have you lived in the area?\n- What brought you here?\n- Do you know any good local shops?\n- Do you have any pets?\n- Would you like to swap phone numbers in case of emergencies?",
    ),
    (
        "brainstorming",
        "Suggest some hobbies that cost very little.",
        "- Walking and bird watching\n- Reading library books\n- Drawing\n- Growing herbs from seed\n- Learning a language online\n- Volunteering\n- Writing a journal",
    ),
    (
        "brainstorming",
        "What can a school do to encourage pupils to read more?",
        "- Hold a reading challenge with small prizes\n- Let pupils choose their own books\n- Invite local authors to visit\n- Set up a book swap shelf\n- Read aloud to classes every day\n- Start a lunchtime book club",
    ),
    (
        "brainstorming",
        "Give me ideas for a present for someone who loves cooking.",
        "- A good chef's knife\n- A cookbook from a cuisine they have not tried\n- A set of spices\n- A cast iron pan\n- A cooking class\n- A herb garden kit",
    ),
    (
        "creative_writing",
        "Write a short poem about a lighthouse in winter.",
        "The sea comes grey against the stone,\nthe keeper's window burns alone.\nAll night the beam goes round and round,\na slow gold wheel without a sound.\nAnd ships that pass in snow and spray\nfollow its light and find their way.",
    ),
    (
        "creative_writing",
        "Write a two-sentence scary story.",
        "Every night I thank the kind old woman next door for the warm soup she leaves on my step. Today the estate agent told me that her house has been empty for eleven years.",
    ),
    (
        "creative_writing",
        "Write a letter from a cat to its owner complaining about the new puppy.",
        "Dear Human,\nI have tolerated many things in this house, but the small barking creature is too much. It eats from my bowl, sleeps in my sunny spot and chases my tail. I expect an apology in the form of extra fish. Until then I shall sleep on your clean laundry.\nYours, with disappointment,\nThe Cat",
    ),
    (
        "creative_writing",
        "Describe a busy market in the early morning.",
        "Before the sun is fully up, the market is already loud. Traders shout prices over the rattle of crates, steam rises from the coffee stall and the smell of warm bread drifts between rows of apples, cheeses and bright flowers. By seven the first customers are bargaining, baskets on their arms.",
    ),
    (
        "creative_writing",
        "Write a limerick about a forgetful baker.",
        "A baker who lived by the quay\nforgot what his dough ought to be.\nHe added some salt,\nthen paused at a halt,\nand baked a fine loaf made of tea.",
    ),
    (
        "creative_writing",
        "Write a short diary entry from someone on their first day at a new job.",
        "Monday. I got there twenty minutes early and sat in the car rehearsing my name. Everyone was kind, although I have already forgotten most of their names. I learned the coffee machine, the filing system and where not to park. Tired, but I think I will like it here.",
    ),
    (
        "creative_writing",
        "Write a product description for an imaginary umbrella that never blows inside out.",
        "Meet the Stormproof umbrella, built for the days other umbrellas give up. Its flexible ribs bend with the gusts and spring back into shape, so it never turns inside out. The canopy dries in minutes and the handle fits comfortably in a cold hand.",
    ),
    (
        "creative_writing",
        "Write the opening paragraph of a story about a girl who finds a door in a tree.",
        "The door was no bigger than a book, painted blue and set neatly into the trunk of the old oak at the end of the garden. Lina had climbed that tree a hundred times and had never seen it before. It had a tiny brass handle, and when she touched it, it was warm.",
    ),
    (
        "creative_writing",
        "Write a haiku about rain on a tin roof.",
        "Rain on the tin roof,\na thousand small drums playing,\nthe kettle joins in.",
    ),
    (
        "creative_writing",
        "Write a short speech thanking volunteers at a community clean-up.",
        "Thank you all for giving up your Saturday morning. Together we filled forty bags with litter, cleared the riverbank and repainted two benches. The park looks better than it has in years, and that is because of you. Please help yourselves to tea and cake before you go.",
    ),
    (
        "classification",
        "Classify each of the following as a fruit or a vegetable: apple, carrot, banana, spinach, plum, leek.",
        "Fruits: apple, banana, plum. Vegetables: carrot, spinach, leek.",
    ),
    (
        "classification",
        "Which of these are musical instruments and which are tools: hammer, violin, saw, flute, drum, spanner?",
        "Musical instruments: violin, flute, drum. Tools: hammer, saw, spanner.",
    ),
    (
        "classification",
        "Sort these animals into those that can fly and those that cannot: penguin, sparrow, bat, ostrich, eagle, dog.",
        "Can fly: sparrow, bat, eagle. Cannot fly: penguin, ostrich, dog.",
    ),
    (
        "classification",
        "Identify which of these are countries' capital cities and which are rivers: Paris, Nile, Tokyo, Amazon, Rome, Danube.",
        "Capital cities: Paris, Tokyo, Rome. Rivers: Nile, Amazon, Danube.",
    ),
    (
        "classification",
        "Classify these as solids, liquids or gases at room temperature: iron, water, oxygen, milk, wood, steam.",
        "Solids: iron, wood. Liquids: water, milk. Gases: oxygen, steam.",
    ),
    (
        "classification",
        "Which of these foods are dairy products: cheese, bread, yoghurt, rice, butter, apple?",
        "Dairy products: cheese, yoghurt and butter. Bread, rice and apple are not dairy products.",
    ),
    (
        "classification",
        "Tell me whether each is a mammal or a reptile: whale, lizard, horse, crocodile, snake, mouse.",
        "Mammals: whale, horse, mouse. Reptiles: lizard, crocodile, snake.",
    ),
    (
        "classification",
        "Classify each sport as a team sport or an individual sport: football, tennis singles, rugby, golf, hockey, swimming.",
        "Team sports: football, rugby, hockey. Individual sports: tennis singles, golf, swimming.",
    ),
    (
        "classification",
        "Which of these are primary colours in paint mixing: red, green, blue, yellow, purple, orange?",
        "In traditional paint mixing the primary colours are red, yellow and blue. Green, purple and orange are secondary colours.",
    ),
    (
        "classification",
        "Sort these into things you wear and things you eat: scarf, pear, boots, soup, glove, biscuit.",
        "Things you wear: scarf, boots, glove. Things you eat: pear, soup, biscuit.",
    ),
]


def build_dolly(articles: list[Article], rng: random.Random) -> list[dict[str, str]]:
    records: list[dict[str, str]] = []
    for cat, instr, resp in DOLLY_HANDWRITTEN:
        records.append({"instruction": instr, "context": "", "response": resp, "category": cat})
    # Context-based categories ask about shipped passages, with answers taken
    # from the same facts that produced the passage sentences.
    pool = [a for a in articles if len(a.qas()) >= 3]
    rng.shuffle(pool)
    closed = pool[:10]
    extract = pool[10:20]
    summ = pool[20:30]
    for a in closed:
        q, ans = rng.choice(a.qas())
        records.append(
            {"instruction": q, "context": a.text(), "response": ans, "category": "closed_qa"}
        )
    for a in extract:
        pairs = a.qas()[:3]
        instr = rng.choice(
            [
                f"From the passage about {a.title}, extract the key facts as a bulleted list.",
                f"List the main facts given about {a.title} in the text.",
                f"Using the reference text, answer these questions about {a.title} in a list: "
                + " ".join(q for q, _ in pairs),
            ]
        )
        if instr.startswith("Using the reference"):
            resp = "\n".join(f"- {ans}" for _, ans in pairs)
        else:
            resp = "\n".join(f"- {q.rstrip('?')}: {ans}" for q, ans in pairs)
        records.append(
            {
                "instruction": instr,
                "context": a.text(),
                "response": resp,
                "category": "information_extraction",
            }
        )
    for a in summ:
        first = a.sentences()[0][0]
        rest = [s for s, qa in a.sentences()[1:] if qa is not None][:1]
        resp = " ".join([first] + rest)
        instr = rng.choice(
            [
                f"Summarise the passage about {a.title} in one or two sentences.",
                f"Give me a short summary of this text about {a.title}.",
                "Summarize the text below.",
            ]
        )
        records.append(
            {
                "instruction": instr,
                "context": a.text(),
                "response": resp,
                "category": "summarization",
            }
        )
    return records


# ---------------------------------------------------------------------------
# LongForm-style test items
# ---------------------------------------------------------------------------

# Hand-written web passages for LongForm's C4 items: the generated corpus
# passages are too short and too close to the training corpus to serve here.
LONGFORM_WEB: list[tuple[str, str]] = [
    (
        "Write a product description for a wooden bird box.",
        "Give garden birds a safe place to raise their young with our handmade wooden bird box. Each box is cut from untreated larch, a wood that weathers well outdoors without chemical preservatives. The 32 mm entrance hole suits blue tits, great tits and sparrows, while a metal plate around the hole stops woodpeckers and squirrels from widening it. The roof lifts off on a brass hinge so you can clean the box out in autumn, once the nesting season is over. Fix it two to four metres up a tree or wall, facing between north and east to avoid strong afternoon sun. Delivered ready to hang, with screws included.",
    ),
    (
        "Write a local news story about a village shop reopening as a community business.",
        "The village shop in Hollinford reopened on Saturday, six months after its previous owners retired. More than two hundred residents bought shares in the new community business, raising enough money to buy the building and restock the shelves. Volunteers repainted the front, fitted new fridges and built a small café corner by the window. The shop will sell bread from a local bakery, vegetables from nearby farms and everyday groceries, and will open seven days a week. Chair of the shop committee, Maren Tellow, said the response had been overwhelming. She added that the shop still needs volunteers for the early morning shifts and asked anyone with a few spare hours to get in touch.",
    ),
    (
        "Write a blog post about the first week of keeping chickens.",
        "Our four hens arrived last Sunday in a cardboard box on the back seat of the car, and the week since has been a crash course. The first lesson was that chickens go to bed on their own at dusk, which felt like a small miracle. The second was that they will eat absolutely anything, including the lettuce seedlings I had forgotten to cover. We have named them after our aunts, which seemed funny at the time. No eggs yet, because the breeder warned us that moving house puts them off laying for a while. The children check the nest box every morning anyway. Next weekend we are building a proper run with a buried wire skirt to keep out foxes.",
    ),
    (
        "Write an article giving advice on choosing walking boots.",
        "A good pair of walking boots can make the difference between a happy day on the hills and a miserable one. Start by thinking about where you walk most. Lightweight fabric boots are comfortable on dry paths, while leather boots last longer and cope better with mud and wet grass. Always try boots on in the afternoon, when your feet are slightly larger, and wear the socks you will walk in. There should be room to wiggle your toes, but your heel should not lift as you walk up a slope. Walk around the shop for at least ten minutes. Finally, break new boots in gradually with short walks before taking them on a long trip.",
    ),
    (
        "Write a page for a community website describing a repair café.",
        "The repair café meets on the first Saturday of every month in the church hall, from ten until one. Bring along anything that is broken, from a wobbly chair to a toaster that no longer pops up, and our volunteers will try to fix it with you. We have people who can mend clothes, sharpen tools, repair bicycles and look at small electrical items. Repairs are free, although donations towards tea, cake and spare parts are very welcome. The idea is to learn as well as fix, so you will be asked to help rather than simply hand your item over. Last year we kept more than four hundred items out of the bin.",
    ),
    (
        "Write a short guide for visitors to a seaside town in winter.",
        "Winter is the quietest and, many would say, the best time to visit the coast. The crowds have gone, parking is easy and the beach belongs to dog walkers and the odd hardy swimmer. Wrap up warmly, because the wind off the sea can be fierce even on a sunny day. Many cafés and gift shops close between November and March, so check opening times before you travel, but the pubs and the fish and chip shop on the harbour stay open all year. Storm watching from the lighthouse headland is spectacular, as long as you keep well back from the edge. Finish the day with a walk along the promenade as the lights come on.",
    ),
]


STACKEXCHANGE_ITEMS: list[tuple[str, str]] = [
    (
        "Why does my bread crust go soft a few hours after baking?",
        "A soft crust usually means moisture from the inside of the loaf has moved outwards. Bread keeps losing steam for an hour or more after it leaves the oven, and if it cools on a solid surface or in a bag, that steam is trapped and softens the crust. Let the loaf cool completely on a wire rack so air can reach the base. A longer bake also helps: many home bakers take bread out when it is only just done, so the crust is thin and the crumb still wet. Try adding five to ten minutes and baking until the crust is a deep brown. Finally, store crusty bread in a paper bag or a bread bin rather than plastic, which holds the humidity. If the crust has already softened, a few minutes in a hot oven will crisp it again.",
    ),
    (
        "What is the difference between a list and a tuple in Python?",
        "Both hold an ordered sequence of items, but a list is mutable and a tuple is not. You can append to a list, remove items from it or change an element in place, while a tuple keeps the same contents for its whole life. That difference has practical effects. Because tuples cannot change, they can be used as dictionary keys and stored in sets, as long as their items are hashable too. Lists cannot. Tuples also signal intent: a function that returns a pair of coordinates as a tuple tells the reader that the pair is a fixed record rather than a growing collection. Lists are the usual choice for collections of similar items whose length changes, such as lines read from a file. Performance differences exist but are small, so choose based on meaning rather than speed.",
    ),
    (
        "How do I stop my bike chain from slipping when I pedal hard?",
        "Chain slip under load is most often caused by wear. As a chain ages its links stretch slightly, and the worn chain no longer sits properly on the teeth of the cassette, especially on the smaller sprockets you use most. Measure the chain with a chain checker. If it shows wear of 0.75 percent or more, replace the chain, and expect that the most used sprockets may need replacing too, because a new chain can also slip on worn teeth. If the chain is not worn, check the gear indexing. A cable that has stretched can leave the derailleur sitting between two sprockets, so the chain jumps when you push hard. Turn the barrel adjuster a quarter turn at a time until shifting is crisp. Also look for a stiff link, which feels like a skip once per turn of the cranks.",
    ),
    (
        "Is it safe to leave a laptop plugged in all the time?",
        "For most modern laptops it is safe, because the charging circuit stops charging when the battery is full. The main concern is battery ageing rather than danger. Lithium-ion batteries wear faster when they are kept at a full charge and when they are warm, so a laptop that sits at 100 percent on a desk all day will lose capacity sooner than one kept at a middle level. Many manufacturers now offer a setting that stops charging at around 80 percent, and it is worth turning on if you mostly use the laptop at a desk. Keep the vents clear so the machine stays cool, and avoid using it on a soft surface like a bed for long periods. If you will store the laptop unused for weeks, leave the battery about half charged and switch it off completely.",
    ),
    (
        "Why do experts recommend resting meat after cooking?",
        "While meat cooks, the muscle fibres tighten and push juices towards the centre, and the outside is much hotter than the inside. If you cut it straight away, the juice that has not yet settled runs out onto the board. Resting for a few minutes lets the temperature even out through the piece and lets the fibres relax slightly, so more of the juice stays in the meat when you slice it. The temperature in the middle also keeps rising a few degrees during resting, which is known as carry-over cooking, so take the meat off the heat a little before it reaches your target. A steak needs about five minutes, while a large roast can rest for twenty or thirty. Cover it loosely with foil so it stays warm without steaming the crust.",
    ),
]


def build_longform(spare_articles: list[Article]) -> list[dict[str, str]]:
    rng = random.Random(4242)
    items: list[dict[str, str]] = []
    wiki = [a for a in spare_articles if 80 <= word_count(a.text()) <= 200][:8]
    if len(wiki) < 8:
        raise RuntimeError("not enough spare encyclopedia articles for LongForm")
    for a in wiki:
        instr = rng.choice(
            [
                f"Write an encyclopedia entry about {a.title}.",
                f"Tell me about {a.title}.",
                f"Write a short article describing {a.title} and its history.",
                f"What is {a.title}? Write a few informative paragraphs.",
            ]
        )
        items.append({"input": instr, "output": a.text(), "source": "Wikipedia"})
    for instr, text in LONGFORM_WEB:
        items.append({"input": instr, "output": text, "source": "C4"})
    for q, a in STACKEXCHANGE_ITEMS:
        items.append({"input": q, "output": a, "source": "StackExchange"})
    # WikiHow-style: all steps of a how-to, numbered, with a short intro.
    for task, steps in HOWTOS[N_CORPUS_HOWTOS:]:
        body = " ".join(f"{n}. {s}" for n, s in enumerate(steps, 1))
        intro = f"Here is a step-by-step guide to help you {task}."
        extra = " Work slowly the first time, and read all of the steps before you begin so you have everything you need to hand."
        text = f"{intro}\n{body}{extra}"
        items.append({"input": f"How do you {task}?", "output": text, "source": "WikiHow"})
    for it in items:
        it["subset"] = "test"
    return items


# ---------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------

N_WIKI = 240
N_C4 = 160

README_TEMPLATE = """# Shipped data

Everything in this folder is written by `instructgen/shipped.py` and is
committed so that the default pipeline runs offline. Do not edit these files
by hand; change the generator and regenerate:

```
python -m instructgen.shipped data/
```

The output is deterministic (fixed seeds, no clock or hash-order
dependence); `tests/test_shipped.py` regenerates it into a temporary folder
and checks that every file is byte-identical to the committed copy.

All passages, tasks and answers were written for this project. Towns, rivers,
species, people, crafts, festivals, products and shops are invented; the
files only follow the *formats* of the public data sets named below, and
contain none of their text. URLs point at the reserved `.invalid` top-level
domain so they can never resolve.

| File | Format of | Count |
|---|---|---|
{table}

Notes on each file:

- `corpus/wikipedia.jsonl`: encyclopedia-like passages with the fields of
  the Hugging Face `wikipedia` dataset (`id`, `url`, `title`, `text`);
  paragraphs are separated by a newline.
- `corpus/c4.jsonl`: web-like passages (product pages, how-to snippets,
  local news, forum replies, blog notes, recipes) with the fields of C4 `en`
  (`text`, `timestamp`, `url`).
- `self_instruct/seed_tasks.jsonl`: hand-written seed tasks in the
  Self-Instruct seed format; none mention images, pictures or graphs.
- `superni/tasks/*.json`: tasks in the Super-NaturalInstructions task-file
  format. The twelve `task90xx` tasks cover the twelve evaluation categories
  of the official test split; the eight `task91xx` tasks cover other
  categories and are used for training. `superni/splits/` lists them.
- `dolly/dolly.jsonl`: records in the databricks-dolly-15k format;
  `context` is filled only for closed_qa, information_extraction and
  summarization, where it is a passage from `corpus/wikipedia.jsonl`.
- `longform/test.jsonl`: LongForm-format test items (`input`, `output`,
  `source`, `subset`). The Wikipedia and C4 items use passages that are not
  in the corpus, so the held-out test does not overlap the training corpus.

## Licence

This data was written for the instructgen project and is dedicated to the
public domain under CC0 1.0 (the Super-NI style task files say so in their
`Instance License` field). It may be used, changed and redistributed without
restriction.
"""


def _write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # newline="\n" keeps LF endings on every platform.
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)


def _write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> int:
    lines = [json.dumps(r, ensure_ascii=False) for r in rows]
    _write_text(path, "".join(line + "\n" for line in lines))
    return len(lines)


def main(out_dir: str) -> dict[str, int]:
    """Write every shipped file under ``out_dir``; return counts per file."""
    out = Path(out_dir)
    registry = LineRegistry()
    counts: dict[str, int] = {}

    articles = build_wiki_articles(1001, registry, n_target=10_000)
    if len(articles) < N_WIKI + 8:
        raise RuntimeError(f"only {len(articles)} encyclopedia articles composed")
    # Hold out the last eight long-enough articles for LongForm so its test
    # items never appear in the training corpus.
    long_idx = [i for i, a in enumerate(articles) if word_count(a.text()) >= 80][-8:]
    spare_articles = [articles[i] for i in long_idx]
    corpus_articles = [a for i, a in enumerate(articles) if i not in long_idx][:N_WIKI]
    counts["corpus/wikipedia.jsonl"] = _write_jsonl(
        out / "corpus" / "wikipedia.jsonl", wiki_records(corpus_articles)
    )
    counts["corpus/c4.jsonl"] = _write_jsonl(
        out / "corpus" / "c4.jsonl", build_c4(2002, registry, N_C4)
    )
    counts["self_instruct/seed_tasks.jsonl"] = _write_jsonl(
        out / "self_instruct" / "seed_tasks.jsonl", build_seed_tasks()
    )

    test, train = build_superni()
    for name, task in test + train:
        _write_text(
            out / "superni" / "tasks" / f"{name}.json",
            json.dumps(task, indent=4, ensure_ascii=False) + "\n",
        )
        counts[f"superni/tasks/{name}.json"] = len(task["Instances"])
    _write_text(out / "superni" / "splits" / "test_tasks.txt", "".join(n + "\n" for n, _ in test))
    _write_text(out / "superni" / "splits" / "train_tasks.txt", "".join(n + "\n" for n, _ in train))
    counts["superni/splits/test_tasks.txt"] = len(test)
    counts["superni/splits/train_tasks.txt"] = len(train)

    counts["dolly/dolly.jsonl"] = _write_jsonl(
        out / "dolly" / "dolly.jsonl", build_dolly(corpus_articles, random.Random(3003))
    )
    counts["longform/test.jsonl"] = _write_jsonl(
        out / "longform" / "test.jsonl", build_longform(spare_articles)
    )

    formats = {
        "corpus/wikipedia.jsonl": ("Wikipedia (HF `wikipedia`)", "passages"),
        "corpus/c4.jsonl": ("C4 `en`", "passages"),
        "self_instruct/seed_tasks.jsonl": ("Self-Instruct seed tasks", "tasks"),
        "superni/splits/test_tasks.txt": ("Super-NI split (test)", "task names, 20 instances each"),
        "superni/splits/train_tasks.txt": (
            "Super-NI split (train)",
            "task names, 30 instances each",
        ),
        "dolly/dolly.jsonl": ("databricks-dolly-15k", "records"),
        "longform/test.jsonl": ("LongForm (test subset)", "items"),
    }
    table = "\n".join(
        f"| `{path}` | {fmt} | {counts[path]} {unit} |" for path, (fmt, unit) in formats.items()
    )
    _write_text(out / "README.md", README_TEMPLATE.format(table=table))
    return counts


def cli(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m instructgen.shipped OUT_DIR", file=sys.stderr)
        return 2
    counts = main(args[0])
    for path, n in counts.items():
        print(f"{n:6d}  {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(cli())
