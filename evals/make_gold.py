"""Writes gold.jsonl. Kept as a script so the gold set stays readable; the
split is fixed here (every third question is `test`, never tuned on)."""

import json
from pathlib import Path

S0, S1, S2, S3, S4 = (
    "seeds/000_f55471ebcdeb3b91.txt", "seeds/001_3e81b2b2ec14ff97.txt", "seeds/002_a32b31f8f4665c4d.txt",
    "seeds/003_7efb122e67c28a6b.txt", "seeds/004_23f3e9abca8474ef.txt",
)  # fmt: skip

# (kind, question, short answer, facts (each "a|b" = any of), sources, verbatim supporting spans)
A = [
    (
        "fact",
        "Who is Alnur Musaev?",
        "A former senior Russian military officer.",
        ["former senior Russian military officer"],
        [S0],
        ["General Alnur Musaev, a former senior Russian military officer"],
    ),
    (
        "paraphrase",
        "According to the former general, what is the one thing that frightens Putin?",
        "The uncertainty of his own future, i.e. losing power.",
        ["uncertainty of his own future|losing power"],
        [S0],
        ["there is one thing that does cause fear in Putin — the uncertainty of his own future"],
    ),
    (
        "fact",
        "What leverage does Musaev say Europe and Ukraine should use in negotiations?",
        "Energy resources.",
        ["energy resources"],
        [S0],
        [
            "Instead, they should use their own leverage, such as energy resources, to push for a more favorable outcome."
        ],
    ),
    (
        "paraphrase",
        "What does the general think is the key for Europe and Ukraine to put pressure on Putin?",
        "Unity and consistency among Western leaders.",
        ["unity and consistency"],
        [S0],
        ["Gen. Musaev suggests that the key lies in unity and consistency among Western leaders."],
    ),
    (
        "fact",
        "How old was Putin when he decided to invade Ukraine?",
        "69.",
        ["69"],
        [S1],
        ["the 69-year-old made his decision"],
    ),
    (
        "number",
        "How many people have fled Ukraine into neighbouring countries according to the UN?",
        "Nearly four million.",
        ["four million"],
        [S1],
        ["nearly four million people have fled into neighbouring countries"],
    ),
    (
        "number",
        "How many refugees is Poland thought to have taken in?",
        "More than two million.",
        ["two million"],
        [S1],
        ["Poland alone thought to have taken in more than two million"],
    ),
    (
        "who",
        "Who wrote in the Journal of Democracy about why Putin invaded?",
        "Robert Person and Michael McFaul.",
        ["Person", "McFaul"],
        [S1],
        ["Robert Person and Michael McFaul wrote in the Journal of Democracy"],
    ),
    (
        "fact",
        "Which revolution took place in Georgia in 2003?",
        "The Rose Revolution.",
        ["Rose Revolution"],
        [S1],
        ["The ‘Rose Revolution’ in Georgia from 2003"],
    ),
    (
        "fact",
        "What does Putin want Ukraine to declare in its constitution?",
        "Neutrality between NATO and Russia.",
        ["neutrality"],
        [S1],
        [
            "One of the key stipulations President Putin wants is for Ukraine to amend its constitution and declare neutrality between the North Atlantic Treaty Organisation (NATO) and Russia."
        ],
    ),
    (
        "premise",
        "What is the exact confirmed death toll of the war in Ukraine?",
        "No exact figure has been confirmed; it is estimated at tens of thousands.",
        ["no exact figure|tens of thousands"],
        [S1],
        [
            "To date, the war in Ukraine is estimated to have killed tens of thousands of soldiers and civilians, though no exact figure has been confirmed from either side."
        ],
    ),
    (
        "paraphrase",
        "What reason has Putin given publicly for waging the war?",
        "To “demilitarise and de-Nazify Ukraine”.",
        ["demilitarise"],
        [S1],
        ["President Putin has claimed Russia is waging war to “demilitarise and de-Nazify Ukraine”"],
    ),
    (
        "where",
        "Where did Blinken meet Sergey Lavrov in December?",
        "In Stockholm, Sweden.",
        ["Stockholm"],
        [S2],
        ["Blinken met with Russian Foreign Minister Sergey Lavrov in Stockholm, Sweden in December"],
    ),
    (
        "when",
        "When was the NATO-Russia Council founded?",
        "In 2002.",
        ["2002"],
        [S2],
        ["The NATO-Russia Council, founded in 2002"],
    ),
    (
        "who",
        "Who is Pasi Eronen?",
        "A research analyst at the Conflict Studies Research Center.",
        ["research analyst"],
        [S2],
        ["said Pasi Eronen, a research analyst at the Conflict Studies Research Center"],
    ),
    (
        "paraphrase",
        "What did Bill Browder compare the size of Russia's economy to?",
        "New York.",
        ["New York"],
        [S2],
        ["“His country has an economy about the size of New York."],
    ),
    (
        "who",
        "What position does Richard Connolly hold?",
        "Associate fellow at the Royal United Services Institute.",
        ["Royal United Services Institute"],
        [S2],
        ["Richard Connolly, associate fellow at the Royal United Services Institute"],
    ),
    (
        "who",
        "Who is Lithuania's former defense minister quoted in the article?",
        "Rasa Juknevičienė.",
        ["Juknevičienė"],
        [S2],
        ["said Rasa Juknevičienė, Lithuania’s former defense minister"],
    ),
    (
        "where",
        "Where were Russian troops sent to quell unrest?",
        "To neighboring Kazakhstan.",
        ["Kazakhstan"],
        [S2],
        ["Russian troops were sent to neighboring Kazakhstan to quell unrest"],
    ),
    (
        "number",
        "How long has the NATO-Russia Council not met?",
        "For over two years.",
        ["two years"],
        [S2],
        ["has not met for over two years"],
    ),
    (
        "where",
        "In which city will NATO and Russian representatives meet on Wednesday?",
        "Brussels.",
        ["Brussels"],
        [S2],
        ["will meet in Brussels"],
    ),
    (
        "fact",
        "Which ship's sinking outraged Putin?",
        "The Russian cruiser Moscow.",
        ["cruiser Moscow"],
        [S3],
        ["He was especially outraged by the sinking of the Russian cruiser Moscow."],
    ),
    (
        "when",
        "On what day does Putin reportedly want to present a success in Ukraine?",
        "Victory Day, May 9.",
        ["May 9|Victory Day"],
        [S3],
        ["he wants to style himself this way on Victory Day on May 9"],
    ),
    (
        "number",
        "How many Kremlin insiders spoke to Bloomberg?",
        "Ten.",
        ["ten"],
        [S3],
        ["Bloomberg published a text on Wednesday in which ten Kremlin “insiders” spoke."],
    ),
    (
        "fact",
        "What did the Kremlin insiders call Putin's war?",
        "A “catastrophic mistake”.",
        ["catastrophic mistake"],
        [S3],
        ["They called Putin’s war of aggression a “catastrophic mistake” that took the country back decades."],
    ),
    (
        "who",
        "Which hard-line advisers is Putin increasingly relying on?",
        "Sergei Shoigu, Valery Gerasimov and Nikolai Patrushev.",
        ["Shoigu", "Gerasimov", "Patrushev"],
        [S3],
        [
            "These include Minister of Defense Sergei Shoigu, Chief of General Staff Valery Gerasimov and Secretary of the Russian Security Council Nikolai Patrushev."
        ],
    ),
    (
        "who",
        "Who is Josef Kraus?",
        "A security analyst at Masaryk University.",
        ["security analyst"],
        [S3],
        ["Josef Kraus, a security analyst at Masaryk University"],
    ),
    (
        "fact",
        "Under what circumstances will Kyiv leave the talks?",
        "If the last defenders of Mariupol are killed or a “referendum” is held in occupied regions.",
        ["Mariupol"],
        [S3],
        [
            "killing the last defenders of Mariupol and holding a “referendum” on the independence of other Russian-occupied regions"
        ],
    ),
    (
        "where",
        "Where did Zelensky hold the briefing at which he called negotiations political theater?",
        "In the Kiev metro.",
        ["Kiev metro"],
        [S3],
        ["he said at a briefing in the Kiev metro"],
    ),
    (
        "when",
        "When are the Twitter Spaces about helping refugees held?",
        "Every Monday at 19:00.",
        ["Monday", "19:00"],
        [S3],
        ["Join us every Monday at 19:00 on our Twitter Spaces."],
    ),
    (
        "fact",
        "According to Rustam Minneyev, what is one of the Russian military's tasks?",
        "To establish full control over Donbas and southern Ukraine.",
        ["Donbas"],
        [S3],
        ["one of the Russian military’s tasks is to establish full control over Donbas and southern Ukraine"],
    ),
    (
        "where",
        "Where does Abbas Gallyamov live now?",
        "In Tel Aviv.",
        ["Tel Aviv"],
        [S4],
        ["Gallyamov answers the phone from Tel Aviv, where he lives"],
    ),
    (
        "when",
        "When did Gallyamov work on Putin's staff?",
        "From 2008 to 2010.",
        ["2008", "2010"],
        [S4],
        ["from 2008 to 2010 he worked on his staff and wrote his speeches"],
    ),
    (
        "fact",
        "Which Western tanks are mentioned as arriving on the Ukrainian battlefields?",
        "German Leopards and American Abrams.",
        ["Leopard", "Abrams"],
        [S4],
        ["The impending arrival of the German Leopards, American Abrams and other tanks"],
    ),
    (
        "why",
        "Why does Gallyamov think a long war is dangerous for Putin?",
        "It loses popularity and Russia heads for revolution.",
        ["revolution|popularity|weakens his position"],
        [S4],
        [
            "If the war lasts too long, it loses popularity and Russia heads for revolution.",
            "a long war weakens his position",
        ],
    ),
    (
        "when",
        "On what date were Zelenskyy's proposals presented in Istanbul?",
        "March 29, 2022.",
        ["March 29"],
        [S4],
        ["the negotiations in Istanbul on March 29, 2022"],
    ),
    (
        "fact",
        "What group did Prigozhyn found?",
        "The Wagner mercenary group.",
        ["Wagner"],
        [S4],
        ["Prigozhyn (the founder of the Wagner mercenary group"],
    ),
    (
        "why",
        "Why is a military coup unlikely in the foreseeable future?",
        "The armed forces are demotivated.",
        ["demotivated"],
        [S4],
        ["There would certainly not be a military coup in the foreseeable future: the armed forces are demotivated."],
    ),
    (
        "premise",
        "Why did Abbas Gallyamov move to London?",
        "He lives in Tel Aviv, not London; he left Russia for security reasons.",
        ["Tel Aviv"],
        [S4],
        ["Gallyamov answers the phone from Tel Aviv, where he lives, after leaving Russia for security reasons."],
    ),
    (
        "two-docs",
        "Which Russian foreign minister met both Antony Blinken and Dmytro Kuleba?",
        "Sergey (Sergei) Lavrov.",
        ["Lavrov"],
        [S2, S3],
        [
            "Blinken met with Russian Foreign Minister Sergey Lavrov",
            "Ukrainian Foreign Minister Dmytro Kuleba said at the first meeting with Russian Foreign Minister Sergei Lavrov",
        ],
    ),
    (
        "two-docs",
        "What do Musaev and Juknevičienė each say Putin is afraid of?",
        "Losing power (Musaev); his own people and democratic elections (Juknevičienė).",
        ["losing power|own future", "own people|democratic elections"],
        [S0, S2],
        ["the uncertainty of his own future", "He is afraid of his own people, afraid of democratic elections"],
    ),
    (
        "paraphrase",
        "Whose success would be the best means against the Kremlin, according to the Lithuanian politician?",
        "Ukraine's success.",
        ["Ukraine’s success"],
        [S2],
        ["Ukraine’s success would be the best means against the Kremlin."],
    ),
    (
        "number",
        "How many member states does NATO have according to the CNN piece?",
        "30.",
        ["30"],
        [S2],
        ["its 30 member states"],
    ),
]

U = [
    ("off-topic", "What is the capital of Australia?"),
    ("off-topic", "Who won the 2018 FIFA World Cup?"),
    ("not-stated", "How many tanks did Germany send to Ukraine?"),
    ("not-stated", "What is Vladimir Putin's net worth?"),
    ("not-stated", "How many people attended the meeting in Stockholm?"),
    ("not-stated", "What is the title of Alnur Musaev's book?"),
    ("not-stated", "When was Vladimir Putin born?"),
    ("not-stated", "How many missiles were fired in the barrage at Ukraine?"),
    ("off-topic", "What is the population of Finland?"),
    ("off-topic", "Who is the current Prime Minister of the United Kingdom?"),
    ("not-stated", "How much money has the United States pledged to Ukraine?"),
    ("off-topic", "What is a good recipe for borscht?"),
    ("not-stated", "What is Sergei Shoigu's date of birth?"),
]

# A second batch of dev questions, written later to tune on more than the first batch (all "dev").
A2 = [
    (
        "fact",
        "What does Musaev say Putin's actions in Ukraine are really a means of?",
        "Maintaining his grip on power.",
        ["grip on power"],
        [S0],
        [
            "are not driven by a desire for expansion or aggression, but rather as a means of maintaining his grip on power"
        ],
    ),
    (
        "paraphrase",
        "How could sanctions on the people close to Putin weaken him, according to Musaev?",
        "They create uncertainty and fear among those closest to him.",
        ["uncertainty|fear"],
        [S0],
        [
            "By exerting pressure and imposing sanctions that directly target Putin’s inner circle, they can create a sense of uncertainty and fear among those closest to him, ultimately weakening his grip on power."
        ],
    ),
    (
        "fact",
        "What does Musaev say Europe and Ukraine should support inside Russia?",
        "Civil society and democracy.",
        ["civil society|democracy"],
        [S0],
        ["Gen. Musaev emphasizes the importance of supporting civil society and promoting democracy within Russia."],
    ),
    (
        "fact",
        "What theories have been proposed about Putin's decision to invade?",
        "From the ‘Putin Paradox’ to speculation he has cancer.",
        ["Putin Paradox|cancer"],
        [S1],
        ["From the ‘Putin Paradox’ to speculation the Russian leader is suffering from cancer"],
    ),
    (
        "when",
        "In which year did Ukraine's Orange Revolution take place?",
        "2004, a year after Georgia's 2003 Rose Revolution.",
        ["a year later"],
        [S1],
        ["Ukraine’s ‘Orange Revolution’ a year later"],
    ),
    (
        "who",
        "Who believes Russia has a right to veto its neighbours' sovereign decisions?",
        "Putin, according to Person and McFaul.",
        ["Putin"],
        [S1],
        [
            "They argued that President Putin believes in spheres of influence and that as a great power, Russia has a right to veto the sovereign political decisions of its neighbours."
        ],
    ),
    (
        "paraphrase",
        "What kind of Ukraine does Putin find threatening, according to Person and McFaul?",
        "A successful democracy in Ukraine.",
        ["successful democracy"],
        [S1],
        ["“Putin is threatened by a successful democracy in Ukraine."],
    ),
    (
        "fact",
        "What did Moscow publish last month to ease tensions at the Ukrainian border?",
        "Two draft agreements outlining its demands.",
        ["two draft agreements"],
        [S2],
        ["Moscow published two draft agreements outlining its demands to ease tensions at the Ukrainian border"],
    ),
    (
        "who",
        "Who led the push for the Magnitsky Act sanctions?",
        "Bill Browder.",
        ["Browder"],
        [S2],
        ["said Bill Browder, a prominent American-born financier who has led if push for Magnitsky Act sanctions"],
    ),
    (
        "fact",
        "What has Russia been ravaged by, according to Eronen?",
        "Covid-19.",
        ["Covid"],
        [S2],
        ["“Russia has been ravaged by Covid-19 and the future of its hydrocarbon export economy looks bleak.”"],
    ),
    (
        "number",
        "For how many years has Putin been in power?",
        "More than 20 years.",
        ["20 years"],
        [S2],
        ["However, Putin has not been in power for more than 20 years for no reason."],
    ),
    (
        "fact",
        "What must the West be prepared to do to make new sanctions effective?",
        "Suffer some pain.",
        ["suffer some pain"],
        [S2],
        ["the West must be prepared to suffer some pain"],
    ),
    (
        "paraphrase",
        "What does Putin believe despite the evidence, even in private?",
        "That Russia in Ukraine will not attack civilian targets.",
        ["civilian targets"],
        [S3],
        [
            "The president, even in private, despite evidence to the contrary, insists that Russia in Ukraine will not attack civilian targets."
        ],
    ),
    (
        "who",
        "Who is trying to convince Putin of the need to act?",
        "Erdogan, Charles Michel and Roman Abramovich, among others.",
        ["Erdogan|Michel|Abramovich"],
        [S3],
        [
            "Many influential people, from Turkish President Recep Tayyip Erdogan to European Council President Charles Michel to Russian oligarch Roman Abramovich, are trying to convince Putin of the need to act."
        ],
    ),
    (
        "fact",
        "What did Putin tell Michel Ukraine had built?",
        "A wall.",
        ["wall"],
        [S3],
        ["Putin told Michel in a phone call on Friday that Ukraine had “built a wall”"],
    ),
    (
        "fact",
        "What are Ukrainians increasingly afraid Russia will use?",
        "Tactical nuclear weapons.",
        ["tactical nuclear weapons"],
        [S3],
        ["they are increasingly afraid that Russia will resort to the use of tactical nuclear weapons"],
    ),
    (
        "why",
        "Why did the Kremlin insiders ask for anonymity?",
        "They were afraid of retaliation.",
        ["retaliation"],
        [S3],
        ["They asked for anonymity because they were afraid of retaliation."],
    ),
    (
        "fact",
        "What does Gallyamov say Putin regrets?",
        "Not taking what he was offered last March.",
        ["last March|March proposals"],
        [S4],
        ["“He wanted too much and now regrets not taking what he was offered last March,” he tells Fanpage.it."],
    ),
    (
        "paraphrase",
        "Where does Putin's only legitimacy come from, according to his former speechwriter?",
        "Being considered the victor, the strong man in every situation.",
        ["victor|strong man"],
        [S4],
        [
            "It must be understood that his only legitimacy lies in the fact that he is considered the victor, the strong man in every situation."
        ],
    ),
    (
        "number",
        "Within how many hours did Putin first attempt to take Kyiv?",
        "Within 24 hours.",
        ["24 hours"],
        [S4],
        ["his first attempt to take Kyiv within 24 hours"],
    ),
    (
        "fact",
        "What would happen if Putin cancelled the 2024 presidential election, according to Gallyamov?",
        "His legitimacy would decline and he would become a usurper.",
        ["usurper|legitimacy would decline"],
        [S4],
        ["Without his formal re-election, his legitimacy would decline.", "He would become a usurper."],
    ),
]
U2 = [
    ("not-stated", "How many soldiers did Russia mobilize in September?"),
    ("off-topic", "What is the boiling point of water at sea level?"),
    ("not-stated", "What did Antony Blinken say about China?"),
    ("not-stated", "Which university did Abbas Gallyamov graduate from?"),
]


# A fresh held-out batch, written on 2026-11-24 from the articles alone, before the bot was run on any
# of it; every question is `test` (never tuned on). Reported with the rest of the test split.
A3 = [
    ("fact", "Which newspaper reported that Putin has lost interest in a diplomatic solution?", "The Financial Times.",
     ["Financial Times"], [S3],
     ["Referring to three sources familiar with the Russian president’s talks with those around him, the Financial Times (FT) reports."]),
    ("number", "How many sources familiar with Putin's talks did the Financial Times refer to?", "Three.", ["three"], [S3],
     ["Referring to three sources familiar with the Russian president’s talks with those around him"]),
    ("who-said", "Who said the negotiation process has so far been fiction and political theater?", "Volodymyr Zelensky.",
     ["Zelensky"], [S3],
     ["Ukrainian President Volodymyr Zelensky spoke skeptically about Russia’s willingness to negotiate.",
      "“Their actions show that the negotiation process has so far been fiction and political theater,” he said"]),
    ("fact", "Which Turkish leader is next in line to try to convince Putin?", "Recep Tayyip Erdogan.", ["Erdogan"], [S3],
     ["Erdogan is now apparently next in line to convince the head of the Kremlin."]),
    ("where", "Where would dominating southern Ukraine give Russia further ties, according to Minneyev?", "Transnistria.",
     ["Transnistria"], [S3], ["“Dominating southern Ukraine will provide Russia with further ties with Transnistria"]),
    ("fact", "What would Ukraine lose access to if it were cut off from the sea?",
     "The important ports through which it exports grain to the whole world.", ["ports|grain"], [S3],
     ["it would cut Ukraine off from the sea, and therefore from the important ports through which it exports grain to the whole world."]),
    ("fact", "What did senior officials warn Putin the sanctions would erase?",
     "The two decades of growth and higher living standards Putin provided.", ["two decades of growth"], [S3],
     ["would erase the two decades of growth and higher living standards that Putin provided during his reign"]),
    ("who", "Who is the Chief of General Staff among Putin's hard-line advisers?", "Valery Gerasimov.", ["Gerasimov"], [S3],
     ["Chief of General Staff Valery Gerasimov"]),
    ("fact", "Which ally reportedly advised Moscow to stop resorting to nuclear bombs?", "The Chinese ally.",
     ["Chinese|China"], [S4],
     ["Or maybe they have decided once and for all to stop resorting to nuclear bombs, as advised by the same Chinese ally?"]),
    ("consequence", "According to Gallyamov, what happens to Russia if the war lasts too long?",
     "The war loses popularity and Russia heads for revolution.", ["revolution"], [S4],
     ["If the war lasts too long, it loses popularity and Russia heads for revolution."]),
    ("fact", "What was the Ukrainian president ready to declare in the March proposals?",
     "Kyiv's neutrality and non-NATO status, with international guarantees.", ["neutrality"], [S4],
     ["At that time, the Ukrainian president was ready to declare Kiev’s neutrality and non-NATO status, as well as international guarantees for the occupied territories."]),
    ("paraphrase", "How has Putin regarded the passage of time in the war so far?",
     "As his ally, because it can increase the likelihood of splits in the Western coalition.", ["ally"], [S4],
     ["Until now, he has viewed time as his ally because it can increase the likelihood of splits in the Western coalition supporting Ukraine."]),
    ("fact", "What is Putin obsessed with, according to Eronen?",
     "The legacy of his rule and the failure of the Soviet Union.", ["legacy of his rule|failure of the Soviet Union"],
     [S2], ["“Putin is an aging autocrat, obsessed with the legacy of his rule and the failure of the Soviet Union,” Eronen said."]),
    ("fact", "To what does Richard Connolly compare the damage secondary sanctions could do?",
     "To what secondary sanctions have done against Iran.", ["Iran"], [S2],
     ["could do similar damage as secondary sanctions have done against Iran"]),
    ("fact", "What does Rasa Juknevičienė think it is time to speed up?", "Ukraine's accession to NATO.", ["accession"],
     [S2], ["She believes it is now time to speed up Ukraine’s accession to NATO."]),
    ("fact", "To what point does Russia want NATO missions in Eastern Europe rolled back?", "To a point in the 1990s.",
     ["1990s"], [S2], ["These demands include the rollback of NATO missions in Eastern Europe to a point in the 1990s"]),
    ("fact", "According to Person and McFaul, what did the Orange Revolution undermine?",
     "A core objective of Putin's grand strategy: an exclusive sphere of influence over the former Soviet territory.",
     ["grand strategy|sphere of influence"], [S1],
     ["To Russia’s President, the Orange Revolution undermined a core objective of his grand strategy"]),
    ("paraphrase", "What exclusivity does Putin demand in his neighbourhood?",
     "That Russia be the only great power to exercise such privilege with those countries.", ["only great power"], [S1],
     ["Russia can be the only great power to exercise such privilege (or even develop close ties) with these countries."]),
    ("fact", "Which of Putin's actions in Ukraine does Musaev give as examples?",
     "The annexation of Crimea and support for separatists in eastern Ukraine.", ["Crimea|separatists"], [S0],
     ["including the annexation of Crimea and support for separatists in eastern Ukraine"]),
    ("paraphrase", "What background gives Musaev insight into Putin's mindset?",
     "He is a former member of the Russian security services and a close observer of Putin's inner circle.",
     ["security services|inner circle"], [S0],
     ["As a former member of the Russian security services and a close observer of Putin’s inner circle"]),
    ("premise", "Why did Zelensky hold his briefing in Moscow?", "He held it in the Kiev metro, not in Moscow.",
     ["Kiev metro"], [S3], ["he said at a briefing in the Kiev metro"]),
    ("fact", "Which Russian oligarch is among those trying to convince Putin?", "Roman Abramovich.", ["Abramovich"], [S3],
     ["Russian oligarch Roman Abramovich"]),
    ("number", "How many Russian soldiers died in the first attempt to take Kyiv?", "Thousands.", ["thousands"], [S4],
     ["which cost the lives of thousands of Russian soldiers"]),
]  # fmt: skip
U3 = [
    ("not-stated", "How many tanks did the United States promise to send to Ukraine?"),
    ("not-stated", "What is the name of the captain of the cruiser Moscow?"),
    ("off-topic", "Which country won the Eurovision Song Contest in 2022?"),
    ("not-stated", "How many refugees has Germany taken in?"),
    ("not-stated", "What did Erdogan say to Putin in their phone call?"),
    ("not-stated", "When will the NATO-Russia Council meet next?"),
]


def rows():
    """Batches in order, ids counted across them; split None = every third id is `test`."""
    batches = [(A, U, None), (A2, U2, "dev"), (A3, U3, "test")]
    n = 0
    for answerable, unanswerable, split in batches:
        for kind, q, answer, facts, sources, spans in answerable:
            n += 1
            yield _row(n, kind, q, True, answer, facts, sources, spans, split)
        for kind, q in unanswerable:
            n += 1
            yield _row(n, kind, q, False, "", [], [], [], split)


def _row(n, kind, q, answerable, answer, facts, sources, spans, split) -> dict:
    row = {"id": n, "kind": kind, "question": q, "answerable": answerable, "answer": answer,
           "facts": facts, "sources": sources, "spans": spans}  # fmt: skip
    row["split"] = split or ("test" if n % 3 == 0 else "dev")
    return row


if __name__ == "__main__":
    out = Path(__file__).parent / "gold.jsonl"
    with out.open("w") as f:
        for row in rows():
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {out}")
