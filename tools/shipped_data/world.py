"""The invented world that all corpora share: towns, regions, rivers, people and months.

``TOWNS`` and ``PEOPLE`` are drawn once, at import, from their own seeded ``random.Random``,
so passages, web pages and tasks mention each other's places and people.
"""

from __future__ import annotations

import itertools
import random

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
