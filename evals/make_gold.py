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
    ("fact", "Who is Alnur Musaev?", "A former senior Russian military officer.",
     ["former senior Russian military officer"], [S0], ["General Alnur Musaev, a former senior Russian military officer"]),
    ("paraphrase", "According to the former general, what is the one thing that frightens Putin?",
     "The uncertainty of his own future, i.e. losing power.", ["uncertainty of his own future|losing power"], [S0],
     ["there is one thing that does cause fear in Putin — the uncertainty of his own future"]),
    ("fact", "What leverage does Musaev say Europe and Ukraine should use in negotiations?", "Energy resources.",
     ["energy resources"], [S0], ["Instead, they should use their own leverage, such as energy resources, to push for a more favorable outcome."]),
    ("paraphrase", "What does the general think is the key for Europe and Ukraine to put pressure on Putin?",
     "Unity and consistency among Western leaders.", ["unity and consistency"], [S0],
     ["Gen. Musaev suggests that the key lies in unity and consistency among Western leaders."]),
    ("fact", "How old was Putin when he decided to invade Ukraine?", "69.", ["69"], [S1],
     ["the 69-year-old made his decision"]),
    ("number", "How many people have fled Ukraine into neighbouring countries according to the UN?", "Nearly four million.",
     ["four million"], [S1], ["nearly four million people have fled into neighbouring countries"]),
    ("number", "How many refugees is Poland thought to have taken in?", "More than two million.",
     ["two million"], [S1], ["Poland alone thought to have taken in more than two million"]),
    ("who", "Who wrote in the Journal of Democracy about why Putin invaded?", "Robert Person and Michael McFaul.",
     ["Person", "McFaul"], [S1], ["Robert Person and Michael McFaul wrote in the Journal of Democracy"]),
    ("fact", "Which revolution took place in Georgia in 2003?", "The Rose Revolution.", ["Rose Revolution"], [S1],
     ["The ‘Rose Revolution’ in Georgia from 2003"]),
    ("fact", "What does Putin want Ukraine to declare in its constitution?", "Neutrality between NATO and Russia.",
     ["neutrality"], [S1], ["One of the key stipulations President Putin wants is for Ukraine to amend its constitution and declare neutrality between the North Atlantic Treaty Organisation (NATO) and Russia."]),
    ("premise", "What is the exact confirmed death toll of the war in Ukraine?",
     "No exact figure has been confirmed; it is estimated at tens of thousands.", ["no exact figure|tens of thousands"], [S1],
     ["To date, the war in Ukraine is estimated to have killed tens of thousands of soldiers and civilians, though no exact figure has been confirmed from either side."]),
    ("paraphrase", "What reason has Putin given publicly for waging the war?", "To “demilitarise and de-Nazify Ukraine”.",
     ["demilitarise"], [S1], ["President Putin has claimed Russia is waging war to “demilitarise and de-Nazify Ukraine”"]),
    ("where", "Where did Blinken meet Sergey Lavrov in December?", "In Stockholm, Sweden.", ["Stockholm"], [S2],
     ["Blinken met with Russian Foreign Minister Sergey Lavrov in Stockholm, Sweden in December"]),
    ("when", "When was the NATO-Russia Council founded?", "In 2002.", ["2002"], [S2],
     ["The NATO-Russia Council, founded in 2002"]),
    ("who", "Who is Pasi Eronen?", "A research analyst at the Conflict Studies Research Center.",
     ["research analyst"], [S2], ["said Pasi Eronen, a research analyst at the Conflict Studies Research Center"]),
    ("paraphrase", "What did Bill Browder compare the size of Russia's economy to?", "New York.", ["New York"], [S2],
     ["“His country has an economy about the size of New York."]),
    ("who", "What position does Richard Connolly hold?", "Associate fellow at the Royal United Services Institute.",
     ["Royal United Services Institute"], [S2], ["Richard Connolly, associate fellow at the Royal United Services Institute"]),
    ("who", "Who is Lithuania's former defense minister quoted in the article?", "Rasa Juknevičienė.", ["Juknevičienė"], [S2],
     ["said Rasa Juknevičienė, Lithuania’s former defense minister"]),
    ("where", "Where were Russian troops sent to quell unrest?", "To neighboring Kazakhstan.", ["Kazakhstan"], [S2],
     ["Russian troops were sent to neighboring Kazakhstan to quell unrest"]),
    ("number", "How long has the NATO-Russia Council not met?", "For over two years.", ["two years"], [S2],
     ["has not met for over two years"]),
    ("where", "In which city will NATO and Russian representatives meet on Wednesday?", "Brussels.", ["Brussels"], [S2],
     ["will meet in Brussels"]),
    ("fact", "Which ship's sinking outraged Putin?", "The Russian cruiser Moscow.", ["cruiser Moscow"], [S3],
     ["He was especially outraged by the sinking of the Russian cruiser Moscow."]),
    ("when", "On what day does Putin reportedly want to present a success in Ukraine?", "Victory Day, May 9.",
     ["May 9|Victory Day"], [S3], ["he wants to style himself this way on Victory Day on May 9"]),
    ("number", "How many Kremlin insiders spoke to Bloomberg?", "Ten.", ["ten"], [S3],
     ["Bloomberg published a text on Wednesday in which ten Kremlin “insiders” spoke."]),
    ("fact", "What did the Kremlin insiders call Putin's war?", "A “catastrophic mistake”.", ["catastrophic mistake"], [S3],
     ["They called Putin’s war of aggression a “catastrophic mistake” that took the country back decades."]),
    ("who", "Which hard-line advisers is Putin increasingly relying on?",
     "Sergei Shoigu, Valery Gerasimov and Nikolai Patrushev.", ["Shoigu", "Gerasimov", "Patrushev"], [S3],
     ["These include Minister of Defense Sergei Shoigu, Chief of General Staff Valery Gerasimov and Secretary of the Russian Security Council Nikolai Patrushev."]),
    ("who", "Who is Josef Kraus?", "A security analyst at Masaryk University.", ["security analyst"], [S3],
     ["Josef Kraus, a security analyst at Masaryk University"]),
    ("fact", "Under what circumstances will Kyiv leave the talks?",
     "If the last defenders of Mariupol are killed or a “referendum” is held in occupied regions.", ["Mariupol"], [S3],
     ["killing the last defenders of Mariupol and holding a “referendum” on the independence of other Russian-occupied regions"]),
    ("where", "Where did Zelensky hold the briefing at which he called negotiations political theater?", "In the Kiev metro.",
     ["Kiev metro"], [S3], ["he said at a briefing in the Kiev metro"]),
    ("when", "When are the Twitter Spaces about helping refugees held?", "Every Monday at 19:00.", ["Monday", "19:00"], [S3],
     ["Join us every Monday at 19:00 on our Twitter Spaces."]),
    ("fact", "According to Rustam Minneyev, what is one of the Russian military's tasks?",
     "To establish full control over Donbas and southern Ukraine.", ["Donbas"], [S3],
     ["one of the Russian military’s tasks is to establish full control over Donbas and southern Ukraine"]),
    ("where", "Where does Abbas Gallyamov live now?", "In Tel Aviv.", ["Tel Aviv"], [S4],
     ["Gallyamov answers the phone from Tel Aviv, where he lives"]),
    ("when", "When did Gallyamov work on Putin's staff?", "From 2008 to 2010.", ["2008", "2010"], [S4],
     ["from 2008 to 2010 he worked on his staff and wrote his speeches"]),
    ("fact", "Which Western tanks are mentioned as arriving on the Ukrainian battlefields?", "German Leopards and American Abrams.",
     ["Leopard", "Abrams"], [S4], ["The impending arrival of the German Leopards, American Abrams and other tanks"]),
    ("why", "Why does Gallyamov think a long war is dangerous for Putin?",
     "It loses popularity and Russia heads for revolution.", ["revolution|popularity|weakens his position"], [S4],
     ["If the war lasts too long, it loses popularity and Russia heads for revolution.",
      "a long war weakens his position"]),
    ("when", "On what date were Zelenskyy's proposals presented in Istanbul?", "March 29, 2022.", ["March 29"], [S4],
     ["the negotiations in Istanbul on March 29, 2022"]),
    ("fact", "What group did Prigozhyn found?", "The Wagner mercenary group.", ["Wagner"], [S4],
     ["Prigozhyn (the founder of the Wagner mercenary group"]),
    ("why", "Why is a military coup unlikely in the foreseeable future?", "The armed forces are demotivated.",
     ["demotivated"], [S4], ["There would certainly not be a military coup in the foreseeable future: the armed forces are demotivated."]),
    ("premise", "Why did Abbas Gallyamov move to London?", "He lives in Tel Aviv, not London; he left Russia for security reasons.",
     ["Tel Aviv"], [S4], ["Gallyamov answers the phone from Tel Aviv, where he lives, after leaving Russia for security reasons."]),
    ("two-docs", "Which Russian foreign minister met both Antony Blinken and Dmytro Kuleba?", "Sergey (Sergei) Lavrov.",
     ["Lavrov"], [S2, S3], ["Blinken met with Russian Foreign Minister Sergey Lavrov",
                            "Ukrainian Foreign Minister Dmytro Kuleba said at the first meeting with Russian Foreign Minister Sergei Lavrov"]),
    ("two-docs", "What do Musaev and Juknevičienė each say Putin is afraid of?",
     "Losing power (Musaev); his own people and democratic elections (Juknevičienė).",
     ["losing power|own future", "own people|democratic elections"], [S0, S2],
     ["the uncertainty of his own future", "He is afraid of his own people, afraid of democratic elections"]),
    ("paraphrase", "Whose success would be the best means against the Kremlin, according to the Lithuanian politician?",
     "Ukraine's success.", ["Ukraine’s success"], [S2], ["Ukraine’s success would be the best means against the Kremlin."]),
    ("number", "How many member states does NATO have according to the CNN piece?", "30.", ["30"], [S2],
     ["its 30 member states"]),
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


def rows():
    n = 0
    for kind, q, answer, facts, sources, spans in A:
        n += 1
        yield {"id": n, "kind": kind, "question": q, "answerable": True, "answer": answer,
               "facts": facts, "sources": sources, "spans": spans}  # fmt: skip
    for kind, q in U:
        n += 1
        yield {"id": n, "kind": kind, "question": q, "answerable": False, "answer": "", "facts": [],
               "sources": [], "spans": []}  # fmt: skip


if __name__ == "__main__":
    out = Path(__file__).parent / "gold.jsonl"
    with out.open("w") as f:
        for row in rows():
            row["split"] = "test" if row["id"] % 3 == 0 else "dev"
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {out}")
