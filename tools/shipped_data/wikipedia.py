"""Encyclopedia-like passages in the fields of the Hugging Face ``wikipedia`` data set.

Articles about towns, rivers, species, people, crafts, festivals, dishes, landforms and
instruments are composed from hand-written sentence templates. The same articles feed
``corpus/wikipedia.jsonl``, the Dolly context categories and the LongForm Wikipedia items.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from tools.shipped_data.common import LineRegistry, a_or_an, word_count
from tools.shipped_data.world import (
    MONTHS,
    PEOPLE,
    REGION_ADJ,
    REGIONS,
    RIVER_NAMES,
    TOWN_HEADS,
    TOWNS,
)

WIKI_HOST = "https://encyclopedia.invalid/wiki/"


def ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


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
