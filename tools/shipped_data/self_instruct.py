"""Hand-written seed tasks in the Self-Instruct ``seed_tasks.jsonl`` format."""

from __future__ import annotations

from typing import Any

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
