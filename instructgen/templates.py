"""Every prompt of both papers, in one place, so rendering is tested once and used everywhere.

Sources: paper 1 Tables 7 (Alpaca), 9 (LongForm reverse-instruction styles) and 10 (LLM
extraction); REFINE-AF Appendix IX-C (instruction generation) and IX-D (instance generation),
which REFINE-AF says is Self-Instruct's prompt and prints only in part. Self-Instruct's own three
instance-stage prompts are not retyped here: the paper configuration downloads them from
Self-Instruct's repository at a pinned commit (instructgen.track_b.prompts parses them). The
project's own prompts below, the default configuration's, are written in their structure (Wang
et al., 2023, section 2.3): IX-D's printed demonstrations with this project's own after them, and
this project's own output-first prompt and classification question.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

ALPACA_WITH_INPUT = (
    "Below is an instruction that describes a task, paired with an input that provides further "
    "context. Write a response that appropriately completes the request.\n\n"
    "### Instruction:\n{instruction}\n\n### Input:\n{input}\n\n### Response:\n"
)
ALPACA_WITHOUT_INPUT = (
    "Below is an instruction that describes a task. Write a response that appropriately "
    "completes the request.\n\n### Instruction:\n{instruction}\n\n### Response:\n"
)


def alpaca_prompt(instruction: str, input_text: str = "") -> str:
    """Table 7: the instruction-following prompt, with or without an input."""
    if input_text and input_text.strip():
        return ALPACA_WITH_INPUT.format(instruction=instruction, input=input_text)
    return ALPACA_WITHOUT_INPUT.format(instruction=instruction)


def bare_prompt(instruction: str, input_text: str = "") -> str:
    """No template, the request as a user would type it: the instruction, then its input (if
    any) after a blank line, and a blank line (this project's own format)."""
    parts = [instruction.strip(), input_text.strip()]
    return "\n\n".join(p for p in parts if p) + "\n\n"


# How an evaluated model is prompted (config evaluation.<benchmark>.prompt and
# evaluation.judged.responses.prompt).
EVALUATION_PROMPTS = {"alpaca": alpaca_prompt, "bare": bare_prompt}


# Table 9: the reverse-instruction prompts. The output (corpus example) is given; the model
# writes X, the instruction, after the final "X:".
LONGFORM_TEMPLATES = {
    "instruction": (
        "Instruction: X\nOutput: {output}\n"
        "What kind of instruction could this be the answer to?\nX:"
    ),
    "chatbot": (
        "You are a chatbot. A user sent you an informal message and your reply is as follows.\n"
        "Message: X\nReply: {output}\nWhat is the informal message X?\nX:"
    ),
    "query": (
        "You are a search engine. A person queried something in detail and the most relevant "
        "document about the query is as follows.\n"
        "Query: X\nDocument: {output}\nWhat is the detailed query X?\nX:"
    ),
}
# The instruction-following variant (Table 3, "Instruction Following"): the same reversal asked
# through the Alpaca prompt of Table 7.
REVERSE_ALPACA_INSTRUCTION = "What kind of instruction could this be the answer to?"
GENERATOR_FORMATS = (*LONGFORM_TEMPLATES, "alpaca")


def generator_prompt(output: str, fmt: str) -> str:
    """The prompt from which the generator writes the instruction for `output`."""
    if fmt == "alpaca":
        return alpaca_prompt(REVERSE_ALPACA_INSTRUCTION, output)
    try:
        return LONGFORM_TEMPLATES[fmt].format(output=output)
    except KeyError:
        raise ValueError(f"unknown generator format {fmt!r}; known: {GENERATOR_FORMATS}") from None


def generator_target(instruction: str, fmt: str) -> str:
    """What the generator is trained to write after its prompt."""
    return instruction if fmt == "alpaca" else " " + instruction


EXTRACTION_INSTRUCTION = "Select key segments from the given article below."


def extraction_prompt(passage: str) -> str:
    """Table 10: the LLM extraction prompt."""
    return alpaca_prompt(EXTRACTION_INSTRUCTION, passage)


BOOTSTRAP_HEADER = (
    "You are asked to come up with a set of diverse task instructions. These task instructions "
    "will be given to a LLM and we will evaluate the LLM for completing the instructions.\n"
    "Here are the requirements:\n"
    "1. Try not to repeat the verb for each instruction to maximize diversity.\n"
    "2. The language used for the instruction also should be diverse. For example, you should "
    "combine questions with imperative instructions.\n"
    "3. The type of instructions should be diverse.\n"
    "4. The list should include diverse types of tasks like open-ended generation, "
    "classification, editing, etc.\n"
    "5. A language model should be able to complete the instruction. For example, do not ask the "
    "assistant to create any visual or audio output. For another example, do not ask the "
    "assistant to wake you up at 5 pm or set a reminder because it cannot perform any action.\n"
    "6. The instructions should be in English.\n"
    "7. The instructions should be 1 to 2 sentences long. Either an imperative sentence or a "
    "question is permitted.\n"
)


def bootstrap_prompt(instructions: Sequence[str]) -> str:
    """Appendix IX-C: numbered in-context instructions, ending with the next task's label."""
    lines = [BOOTSTRAP_HEADER]
    for number, instruction in enumerate(instructions, start=1):
        lines.append(f"Task {number}: {' '.join(instruction.split())}\n")
    lines.append(f"Task {len(instructions) + 1}:")
    return "".join(lines)


# Self-Instruct's input-first prompt for every other task. The request and the first five
# demonstrations are REFINE-AF Appendix IX-D's, as printed; IX-D then elides the rest ("..."),
# so the six after them are this project's own, of the kinds Self-Instruct's prompt continues
# with (a paragraph and an arithmetic question, code for a stated problem, an equation twice,
# a program without input, a choice from a list twice, a letter without input), to reach its
# eleven demonstrations.
INSTANCE_PROMPT = """Come up with examples for the following tasks. Try to generate multiple examples when possible. If the task doesn't require additional input, you can generate the output directly.

Task: Which exercises are best for reducing belly fat at home?
Output:
- Lying Leg Raises
- Leg In And Out
- Plank
- Side Plank
- Sit-ups

Task: Extract all the country names in the paragraph, list them separated by commas.
Example 1
Paragraph: Dr. No is the sixth novel by the English author Ian Fleming to feature his British Secret Service agent James Bond. Written at Fleming's Goldeneye estate in Jamaica, it was first published in the United Kingdom by Jonathan Cape in 1958. In the novel Bond looks into the disappearance in Jamaica of two fellow MI6 operatives who had been investigating Doctor No. Bond travels to No's Caribbean island and meets Honeychile Rider, who is there to collect shells. They are captured and taken to a luxurious facility carved into a mountain. The character of Doctor No, the son of a German missionary and a Chinese woman, was influenced by Sax Rohmer's Fu Manchu stories. Dr. No was the first of Fleming's novels to face widespread negative reviews in Britain, but it was received more favourably in the United States.
Output: English, British, Jamaica, the United Kingdom, German, Chinese, Britain, the United States.

Task: Converting 85 F to Celsius.
Output: 85\u00b0F = 29.44\u00b0C

Task: Sort the given list ascendingly.
Example 1
List: [10, 92, 2, 5, -4, 92, 5, 101]
Output: [-4, 2, 5, 5, 10, 92, 92, 101]
Example 2
Input 2 - List: [9.99, 10, -5, -1000, 5e6, 999]
Output: [-1000, -5, 9.99, 10, 999, 5e6]

Task: Suggest a better and more professional rephrasing of the following sentence.
Example 1
Sentence: This house is surprisingly not constructed very well, and you probably need more money to fix it after you buy it. If you ask me, I would suggest you to consider other candidates.
Output: This house does not seem to be constructed well, so you may need to spend more money to fix it after you purchase it. I would suggest that you look at other properties.
Example 2
Sentence: Just so you know, we did an experiment last week and found really surprising results - language model can improve itself!
Output: Our experiments last week demonstrated surprising results, proving that the language model can improve itself.

Task: Read the paragraph and answer the arithmetic question about it. Show the calculation that leads to the answer.
Example 1
Paragraph: A community garden opened in 2019 with 24 plots. In 2020 the city added 16 more plots, and in 2022 another 20 were built on a neighbouring lot. Each plot is rented for one season at a time, and in 2023 every plot was rented except 7, which were kept for school groups.
Question: How many plots were rented to the public in 2023?
Output:
24 + 16 + 20 = 60 plots in total, and 60 - 7 = 53.
So, 53 plots were rented to the public in 2023.

Task: Write a Python function that solves the programming problem.
Example 1
Problem: Given a string, return the length of the longest substring in which no character repeats.
Output:
def longest_unique_substring(s):
    last_seen = {}
    start = best = 0
    for i, ch in enumerate(s):
        if ch in last_seen and last_seen[ch] >= start:
            start = last_seen[ch] + 1
        last_seen[ch] = i
        best = max(best, i - start + 1)
    return best

Task: Solve the equation for y and show each step.
Example 1
Equation: 3y - 7 = 11
Output: 3y = 18, y = 6
Example 2
Equation: 2y + x = 8
Output: 2y = 8 - x, y = 4 - x/2

Task: Write a function that returns the factorial of n.
Output:
def factorial(n):
    result = 1
    for i in range(2, n + 1):
        result *= i
    return result

Task: Pick the city with the largest population from the list.
Example 1
List: Oslo, Tokyo, Lima, Dublin
Output: Tokyo
Example 2
List: Nairobi, Reykjavik, Cairo, Lisbon
Output: Cairo

Task: Write an email to a landlord asking for a broken heater to be repaired.
Output: Dear [Landlord's Name],
I hope you are well. I am writing to let you know that the heater in my apartment stopped working on Monday evening, and the rooms have been very cold since then. Could you please arrange for a technician to look at it as soon as possible? I am at home most afternoons this week and can let them in whenever it suits them.
Thank you for your help,
[Your Name]

"""

# Self-Instruct's output-first prompt for classification tasks (its instance stage writes each
# class label before an input of that class, so that inputs do not all fall in one class).
# Written for this project in the structure of Self-Instruct's: a request, then demonstrations
# of the same kinds and number (sixteen: labels with one- and multi-field inputs, multi-line
# inputs, multi-label answers, lettered options, and tasks without input that give labels alone).
CLASSIFICATION_INSTANCE_PROMPT = """For each classification task below, list its class labels and write, after each label, an input that belongs to that class. If a task needs no input, list the class labels alone.

Task: Classify the tone of the message as friendly, neutral, or hostile.
Class label: Hostile
Message: If you touch my bike again, you will regret it.
Class label: Friendly
Message: Thanks so much for watering my plants while I was away!
Class label: Neutral
Message: The meeting has been moved to room 204.

Task: Read the conversation and decide whether the customer's problem was solved. Answer "Solved" or "Not solved".
Class label: Solved
Conversation:
- Customer: The link to reset my password does not work.
- Agent: I have sent you a new link that stays valid for one hour.
- Customer: That one worked, thanks!
Class label: Not solved
Conversation:
- Customer: My package still has not arrived.
- Agent: Please wait a few more days.
- Customer: I have already waited two weeks and nobody can tell me where it is.

Task: Given a statement about where someone lives, decide whether the speaker prefers the city or the countryside.
Class label: City
Statement: I love having a dozen restaurants and a cinema within walking distance.
Class label: Countryside
Statement: Nothing beats waking up to birdsong and an empty field outside my window.

Task: Tell me whether the text message is a scam or not.
Class label: Scam
Text message: Congratulations! You have won a free cruise. Reply with your bank details to claim it.
Class label: Not scam
Text message: Hi, it's Sam. I'm running ten minutes late, start without me.

Task: Detect whether the comment contains a personal insult.
Class label: Insult
Comment: Only someone with no brain at all would post a chart this wrong.
Class label: No insult
Comment: I think the second chart would be easier to read with larger labels.

Task: Decide whether the passage confirms or contradicts the statement. Answer "Confirms" or "Contradicts".
Class label: Contradicts
Passage: The town library reopened in March after a two-year renovation. The new building has a larger children's section, a cafe and a rooftop reading garden, and it now stays open until nine in the evening on weekdays. Opening hours at the weekend have not changed.
Statement: The library closes at five in the evening on weekdays.
Class label: Confirms
Passage: After months of dry weather, the reservoir that supplies the region has fallen to a third of its capacity. Local authorities have asked residents to water their gardens only before eight in the morning and not to wash their cars until the autumn rains arrive.
Statement: Residents have been asked to limit their water use.

Task: Answer the multiple-choice question by choosing A, B, C, or D.
Class label: B
Question: Which gas do plants take in from the air to make their food?
A. Oxygen
B. Carbon dioxide
C. Nitrogen
D. Helium
Class label: D
Question: How many sides does a hexagon have?
A) Four
B) Five
C) Eight
D) Six
Class label: A
Question: Who painted the Mona Lisa?
A) Leonardo da Vinci
B) Vincent van Gogh
C) Pablo Picasso
D) Claude Monet
Class label: C
Question: At sea level, at what temperature in degrees Celsius does water boil?
A) 50
B) 90
C) 100
D) 212

Task: Read the Python function and tell whether it can raise a ZeroDivisionError. Output true or false.
Class label: True
Code:
def mean(values):
    return sum(values) / len(values)
Class label: False
Code:
def mean(values):
    if not values:
        return 0.0
    return sum(values) / len(values)

Task: Tag the recipe with every diet it fits. The possible tags are Vegetarian and Gluten-free. Output the tags separated by a comma.
Class label: Vegetarian
Recipe: Spinach and ricotta lasagna
Class label: Gluten-free
Recipe: Grilled salmon with roasted potatoes
Class label: Vegetarian, Gluten-free
Recipe: Chickpea curry with rice

Task: Given a flight's departure time, the weather forecast, and the current delays at the airport, classify whether the flight is likely to leave on time or late.
Class label: Late
Departure time: 18:40
Weather forecast: Heavy snow from the early afternoon, wind gusts up to 70 km/h.
Current delays: Most departures are leaving two hours behind schedule.
Class label: On time
Departure time: 07:15
Weather forecast: Clear skies and light wind all morning.
Current delays: None reported.

Task: Given a customer question, a product name, and the product's category, decide whether the question is about the product or off-topic.
Class label: About the product
Question: Does this kettle switch itself off when the water boils?
Product name: SteelBoil 1.7 L Kettle
Category: Kitchen appliances
Class label: Off-topic
Question: Which bus goes to the city centre from here?
Product name: TrailLite Hiking Boots
Category: Footwear

Task: Answer "yes" if the text answers the question, and "no" if it does not.
Class label: Yes
Text: The bakery opens at seven in the morning every day except Sunday.
Question: What time does the bakery open on Tuesdays?
Class label: No
Text: The bakery sells sourdough, rye and several kinds of pastries.
Question: How much does a loaf of rye bread cost?

Task: Name the longest river in South America.
Class label: Amazon

Task: Classify the triangle as equilateral, isosceles, or scalene from the lengths of its sides.
Class label: Equilateral
Sides: 5, 5, 5
Class label: Isosceles
Sides: 4, 4, 6
Class label: Scalene
Sides: 3, 4, 5

Task: Output the largest number in the given list.
Class label: 7
List: 3, 7, 1
Class label: 12
List: 12, 5, 9

Task: Which of these is not a primary colour of light? (a) red (b) green (c) blue (d) yellow
Class label: (d)

"""


# Self-Instruct's classification-identification prompt: before generating instances, the model
# is asked whether each instruction is a classification task (one whose outputs come from a
# finite set of labels), which picks the prompt above. Written for this project in the
# structure of Self-Instruct's: a question, then thirty-one demonstrations (twelve "Yes",
# nineteen "No"), each a task and "Is it classification?" with its answer.
IS_CLASSIFICATION_PROMPT = """Decide whether each task below is a classification task, that is, whether its answer is always chosen from a small, finite set of labels or options.

Task: Given a product review, tell me whether the customer would buy from the store again.
Is it classification? Yes

Task: Write a limerick about a forgetful cat.
Is it classification? No

Task: Fill in the blanks of the recipe with suitable ingredients.
Is it classification? No

Task: Decide whether the given statement about world history is true or false.
Is it classification? Yes

Task: Give me the phone number of the person mentioned in the text.
Is it classification? No

Task: Detect whether the tweet is sarcastic.
Is it classification? Yes

Task: Point out the logical fallacies in the argument below.
Is it classification? No

Task: Pick the sentence of the paragraph that states its main idea, and output the number of that sentence.
Is it classification? Yes

Task: Find the misspelled words in the email.
Is it classification? No

Task: Order these planets by their distance from the sun.
Is it classification? No

Task: Read a movie synopsis and tag it with every genre that applies. Possible genres are Comedy, Drama, Horror, Action, Romance, Science Fiction and Documentary. List the genres separated by commas.
Is it classification? Yes

Task: Describe how to brew a cup of pour-over coffee.
Is it classification? No

Task: Choose the cheapest item from the shopping list.
Is it classification? Yes

Task: List the first five prime numbers greater than 50.
Is it classification? No

Task: Does the review mention the price of the product? Answer "Mentioned" or "Not mentioned".
Is it classification? Yes

Task: Plan a three-day itinerary for a visit to Lisbon.
Is it classification? No

Task: Check whether the email contains personal information. If it does, list every piece of it; otherwise, output none.
Is it classification? No

Task: Explain what the proverb means and use it in a sentence of your own.
Is it classification? No

Task: What could I cook for dinner tonight with rice, spinach and chickpeas in under thirty minutes?
Is it classification? No

Task: Answer the trivia question by choosing one of the options (1), (2), (3) or (4).
Is it classification? Yes

Task: Tell me whether the conclusion follows from the two premises.
Is it classification? Yes

Task: How can a small team keep its meetings short and useful?
Is it classification? No

Task: What are good habits for sleeping better?
Is it classification? No

Task: Identify the smallest number in the given list and output it as it is written.
Is it classification? Yes

Task: Continue the story from where the text leaves off, in about one hundred words.
Is it classification? No

Task: Write a thank-you note to a colleague based on the details below.
Is it classification? No

Task: Tell me whether the verb in the sentence is in the past, present or future tense.
Is it classification? Yes

Task: Write a function that reverses the order of the words in a string.
Is it classification? No

Task: Determine whether the two questions ask for the same information. Answer yes or no.
Is it classification? Yes

Task: Complete the analogy with a single word.
Is it classification? No

Task: Given a budget and a list of prices, find every combination of items that costs exactly the budget.
Is it classification? No

"""
IS_CLASSIFICATION_QUESTION = "Is it classification?"


@dataclass(frozen=True)
class InstancePrompts:
    """Self-Instruct's three instance-stage prompts, each ending with "Task:", in the layout of
    its templates (yizhongw/self-instruct, self_instruct/templates): the input-first prompt
    (`input_first_template_for_gen`, REFINE-AF IX-D's), the output-first prompt for
    classification tasks (`output_first_template_for_clf`) and the classification question
    (`template_1`). Filled with one instruction as Self-Instruct's scripts fill them:
    generate_instances.py sends `template + " " + instruction.strip() + "\n"`,
    identify_clf_or_not.py the same followed by "Is it classification?"."""

    input_first: str
    output_first: str
    is_classification: str

    # Each prompt's name in Self-Instruct's template files.
    SELF_INSTRUCT_NAMES = {
        "input_first": "input_first_template_for_gen",
        "output_first": "output_first_template_for_clf",
        "is_classification": "template_1",
    }

    def __post_init__(self) -> None:
        for name in self.SELF_INSTRUCT_NAMES:
            if not getattr(self, name).endswith("Task:"):
                raise ValueError(f"the {name} prompt does not end with 'Task:'")

    def instance(self, instruction: str, *, classification: bool = False) -> str:
        """The instance prompt for one instruction: output-first for a classification task,
        input-first otherwise."""
        template = self.output_first if classification else self.input_first
        return f"{template} {instruction.strip()}\n"

    def classification_question(self, instruction: str) -> str:
        """The identification prompt for one instruction; the model answers "Yes" or "No"."""
        return f"{self.is_classification} {instruction.strip()}\n{IS_CLASSIFICATION_QUESTION}"

    def as_dict(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in self.SELF_INSTRUCT_NAMES}


# The default configuration's prompts: this project's own, in Self-Instruct's layout.
PROJECT_PROMPTS = InstancePrompts(
    INSTANCE_PROMPT + "Task:",
    CLASSIFICATION_INSTANCE_PROMPT + "Task:",
    IS_CLASSIFICATION_PROMPT + "Task:",
)


# Scoring formats of REFINE-AF's automated feedback (and of the tiny models trained for it).


def oasst_format(instruction: str, input_text: str, output: str) -> str:
    """The OpenAssistant reward model's conversation format."""
    prompt = f"{instruction}\n{input_text}".strip()
    return f"<|prompter|>{prompt}<|endoftext|><|assistant|>{output}<|endoftext|>"


# UniEval's dialogue dimensions as Boolean questions (Zhong et al., 2022).
UNIEVAL_QUESTIONS = {
    "naturalness": "question: Is this a natural response in the dialogue? </s> response: {output}",
    "coherence": (
        "question: Is this a coherent response given the dialogue history? </s> response: "
        "{output} </s> dialogue history: {context}"
    ),
    "understandability": (
        "question: Is this an understandable response in the dialogue? </s> response: {output}"
    ),
}


def unieval_input(dimension: str, output: str, context: str) -> str:
    return UNIEVAL_QUESTIONS[dimension].format(output=output, context=context)
