"""Records in the databricks-dolly-15k format: hand-written open categories, plus
closed-QA, information-extraction and summarisation records whose context is a corpus passage
and whose answers come from the facts that produced it.
"""

from __future__ import annotations

import random

from tools.shipped_data.wikipedia import Article

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
