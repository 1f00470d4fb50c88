"""Guards: spurious conflicts (a year vs an age, a city vs its own country, an outlet's name) do
not keep paraphrases apart; real ones (a changed figure, another place, planned vs done) do."""

from __future__ import annotations

import pytest

from monitor.pipeline.dedup import _prepare
from monitor.pipeline.guards import Facts, conflict, extract_facts, stance_of
from monitor.pipeline.guards.words import stem
from monitor.pipeline.normalize import normalize


def facts(text: str) -> Facts:
    prepared = _prepare(text)
    return extract_facts(prepared, normalize(prepared).split())


def clash(a: str, b: str) -> tuple[str, str] | None:
    """The conflict, checked to be the same (kind) in both directions."""
    ab, ba = conflict(facts(a), facts(b)), conflict(facts(b), facts(a))
    assert (ab is None) == (ba is None), (ab, ba)
    return ab


AGREE = [
    # a year or decade is not a count or an age
    (
        "tom hayden, who helped spur the 1960s anti-vietnam war movement, has died",
        "tom hayden, famed anti-vietnam war activist, dies at 76",
    ),
    ("amazon go opens in q1 2017", "amazon go opens one week after the announcement"),
    ("2016 is horrible. gwen ifill just passed away", "gwen ifill has died; she was 61"),
    # an age after a death is no toll
    ("gwen ifill passed away", "gwen ifill has died at 61"),
    ("tom hayden passed away at 76", "tom hayden, anti-war activist, dies"),
    # one text with both sides is left to the negation rules; the same side in other words agrees
    ("Hamas refuses to accept the proposal", "Hamas rejects the proposal"),
    ("Senate approves the aid bill", "Senate passes and signs off on the aid bill, approved 70-29"),
    # a bill or a deal can be killed without a death
    ("Senate kills the border bill", "Senate votes down the border bill"),
    ("The merger deal is dead, sources say", "The merger deal has collapsed, sources say"),
    # a toll both give, once as a figure and once as a word
    ("4 dead in train derailment in the Bronx", "train derailment in the Bronx kills four"),
    ("the 1960s protest movement", "the 1968 protest movement"),
    # a date is not a count; one figure read as two kinds agrees
    ("judge extends deadline until october 18", "judge extends deadline by one week"),
    ("disrupt is coming to london december 5-6", "join me at disrupt london 5-6 dec"),
    # an ordinal is not a count
    ("aoun becomes the 13th president of lebanon", "after 2 years lebanon has a president"),
    ("indians take 1st game of the world series", "what happened in game 1 of the world series"),
    # vague quantities
    ("43 million credentials stolen", "43 millions of accounts stolen"),
    ("millions of accounts stolen", "6 million accounts stolen"),
    ("poll shows clinton leads trump by double-digits", "poll puts clinton up 12 points"),
    # a city inside the country the other text names
    ("London fintech startup Soldo launches card", "UK startup Soldo launches card"),
    ("How Moscow uses Interpol to pursue its enemies", "Russia uses interpol to pursue enemies"),
    ("How Moscow uses Interpol to pursue its enemies", "Russia, Iran and others use Interpol"),
    ("Explosion reported in Baghdad", "Explosion reported in Iraq"),
    ("Tehran says talks are over", "Iran says talks are over"),
    ("crop fires account for much of delhi's pollution", "crop fires fuel india's air pollution"),
    # an outlet's name is attribution, not a place
    (
        "Sheriff Joe Arpaio loses bid in Arizona - The New York Times",
        "Sheriff Joe Arpaio loses bid in Arizona, US voters decide",
    ),
    (
        "Russia loses seat on rights council after Aleppo bombings",
        "Russia loses seat - Washington Post",
    ),
    # "rejects" a person or a proposal is no denial of a claim
    ("in 1986 the senate rejected jeff sessions", "jeff sessions as attorney general"),
    ("California rejects abolishing the death penalty", "California keeps the death penalty"),
    # synonyms, and a pair that opens the text in either order
    ("Fighting against ISIL in Raqqa", "Fighting against ISIS in Raqqa"),
    ("Trump and Putin spoke by phone", "Putin and Trump spoke by phone"),
    # both texts hedged, with different words: no planned-vs-actual
    ("could your own immune system kill cancer ?", "can your immune system kill cancer ?"),
    (
        "fbi director james comey may have violated the hatch act",
        "comey likely has violated the hatch act",
    ),
    (
        "google will launch dedicated search results",
        "google set to launch dedicated search results",
    ),
    # "seems to be", "said to be": a report, not a plan
    ("in face of brexit , the eu seems to be pulling together", "signs of eu pulling together"),
    ("pedals the bear said to be killed by a hunter", "pedals the bear killed by a hunter"),
    # an outcome and its cause, or an impact verb and a crash, are one event
    (
        "officer who fatally shot philando castile charged",
        "officer charged in philando castile killing",
    ),
    ("four men arrested in attack on alabama teen", "4 men arrested for beating up a teen"),
    (
        "multiple deaths reported in california tour bus crash",
        "13 people killed when california tour bus hits truck",
    ),
    ("police charge three men over the shooting", "police have charged three men over shooting"),
    # both texts negate: "refuses to", "too busy to", a split or bare negation
    ("countries that don't take back deportees", "countries that refuse to take back deportees"),
    ("bob dylan won't attend the nobel ceremony", "bob dylan is too busy to attend nobel ceremony"),
    (
        "trump plan would add to the debt and clinton's wouldnt",
        "trump plan adds debt; clinton's would not",
    ),
    (
        'he "wasn&squot;t impressed" when clinton walked by',
        'i "wasn\'t impressed" when clinton walked by',
    ),
    # "&#039;" is an apostrophe, not a figure
    ("dubai airport deploys &#039;drone hunter", "dubai airport deploys drone hunter"),
    # a place is only replaced by a place: "America" is the place, not a people
    (
        "why buzzfeed published the memos about trump",
        "why buzzfeed published the memos . make america great",
    ),
    # an opening "Place:" is a heading, and a speaker is passed over for what they say
    ("Kyiv: Russian drones hit residential buildings", "Russian drones hit Kyiv"),
    ("Iraq: ISIS attacks army base near Mosul", "ISIS attacks army base near Mosul, Iraq"),
    ("Trump says Iran will pay a big price", "Iran will pay a big price, Trump says"),
    ("Netanyahu says Israel will respond", "Israel will respond, Netanyahu says"),
    ("Ukraine says it downed 30 drones", "Ukraine downed 30 drones overnight"),
    # a passive's agent is the subject; a possessive names one more, no other
    ("US strikes Houthi targets in Yemen", "Houthi targets in Yemen hit by US strikes"),
    ("Russia's Putin orders troops to the border", "Putin orders troops to the border"),
    # "opens fire" is a shooting, not an opening; the same side of an opposition agrees
    ("Gunman opens fire at mall in Ohio", "Mall in Ohio closed after shooting"),
    ("Israeli tanks enter Rafah", "Israeli tanks have entered Rafah"),
    ("Suspect in custody after mall shooting", "Police: suspect in custody after mall shooting"),
    # a bomb is an attack and a blast
    ("Boston bomb suspect identified", "Boston bombing suspect identified"),
    ("Bombs reported near Boston finish line", "Two explosions near Boston finish line"),
    # who reports it is not what it says; a name typed with a letter more or less is one name
    (
        "Metro-North train derailed in New York; some cars in water: AP",
        "Police say a Metro-North train derailed in New York; some cars in water",
    ),
    ("Suspect identified as Dzhokhar Tsarnaev", "Suspect identified as Dzokhar Tsarnaev"),
    # a Title Case word is mentioned by any of its forms; LAX is in Los Angeles
    ("Suspect Charged in Airport Shooting", "Airport shooting suspect faces murder charge"),
    ("Los Angeles airport shooting suspect identified", "LAX shooting suspect identified"),
    # "tanker" is a truck or a ship
    ("fuel truck explosion kills 73 in Mozambique", "Mozambique fuel tanker blast kills 73"),
    # an arm of a state speaks for it; a cashtag is no name; SCOTUS is the Supreme Court
    (
        "Israel confirms killing of Hamas leader Sinwar",
        "IDF confirms killing of Hamas leader Yahya Sinwar",
    ),
    ("Tesla shares down 12% in premarket", "$TSLA shares down 12% in premarket"),
    ("Supreme Court strikes down abortion ban", "SCOTUS strikes down abortion ban"),
    # where the wounded were taken is not what was hit
    ("Explosion at school in Kabul", "Explosion at school in Kabul, wounded taken to hospital"),
    # the same roles in active and passive; "pass" and "passes" are one verb
    ("Police kill gunman at Texas school", "Gunman killed by police at Texas school"),
    ("Senate fails to pass the aid bill", "Senate did not pass the aid bill"),
    # a time is not a count: "6pm" and "6 p.m." agree, and do not clash with "6 arrested"
    ("Curfew in Dhaka from 6pm", "Curfew in Dhaka from 6 p.m."),
    ("Curfew in Dhaka from 6pm, 6 arrested", "Curfew in Dhaka, 6 arrested"),
    # a "to" that plans nothing: a reply to an attack, the first to die, a purpose
    ("Iran vows response to attack on consulate", "Iran: attack on consulate in Damascus"),
    ("He is the first TSA agent to die on duty", "TSA agent dies of his wounds"),
    ("Gunman returned to shoot the officer again", "Gunman shot the officer again"),
    # "4 confirmed dead" is a toll, not a confirmation; "IDd" is no name; the Bronx is in NYC
    ("Officials say 4 dead in train derailment", "4 confirmed dead in train derailment"),
    ("Bomb suspect identified as Dzhokhar Tsarnaev", "Bomb suspect IDd as Dzokhar Tsarnaev, 19"),
    ("4 dead, 67 injured in NYC train derailment", "4 dead, 67 injured in Bronx train derailment"),
    (
        "Officials: 4 dead, 67 injured in NYC train derailment",
        "Officials: 4 dead, 67 injured in Metro-North derailment in the Bronx",
    ),
    # a speed is not a toll; a vague count beside an exact one adds nothing
    ("NTSB: train was going 82 mph", "NTSB: train was going 82mph in a 30 mph zone"),
    ("96 killed after express derails in India", "96 killed and many injured as express derails"),
    # who died, read past a place ("suspect in Boston ... is dead"), and left open when unsaid
    (
        "1 suspect in Boston marathon bombings is dead",
        "Suspect #1 in Boston Marathon bombing shot and killed by police",
    ),
    (
        "Philippine mayor accused of drug links by Duterte is killed by police",
        "A mayor Duterte named as a drug suspect: he was killed by the police",
    ),
    ("Shooter killed TSA agent at LAX", "TSA agent killed at LAX"),
    ("Hundreds of bodies found in mass graves near Mosul", "250 bodies found in mass graves"),
    # the same figure written another way: "18k", "2,000,000", "miles per hour", "9 PM"
    ("Amazon to cut 18,000 jobs", "Amazon to cut 18k jobs, WSJ reports"),
    ("2 million without power in Florida", "2,000,000 without power in Florida"),
    ("Hurricane winds reach 180 mph", "Hurricane winds reach 180 miles per hour"),
    ("Curfew in Paris from 9 PM tonight", "Curfew in Paris from 9pm tonight, police say"),
    ("Magnitude 7.1 earthquake strikes Japan", "M7.1 earthquake strikes Japan"),
    (
        "Numerous casualties after blast at Beirut port",
        "Multiple casualties after Beirut port blast",
    ),
    # aliases: NYPD, TX, SoCal
    ("Two police officers wounded in shooting", "Two NYPD officers wounded in shooting"),
    ("Power outage across Texas after storm", "Power outage across TX after storm"),
    ("Wildfire forces evacuations in southern California", "Wildfire forces evacuations in SoCal"),
    # an object after a speaker; "killed in Israeli strike" names the agent; shot dead, actively
    ("Zelensky rules out talks with Putin", "Zelensky says no talks with Putin"),
    ("Israel kills Hezbollah commander in Beirut", "Hezbollah commander killed in Israeli strike"),
    (
        "Suspect shot dead by police after knife attack",
        "Police shoot dead suspect after knife attack",
    ),
    # a denial is a negation; a means is no plan; two words halting flights agree
    ("Iran denies involvement in attack on US base", "Iran says it was not involved in attack"),
    ("Police disperse protesters at parliament", "Police use tear gas to disperse protesters"),
    ("Delta cancels all flights nationwide", "Delta grounds all flights nationwide"),
    # a helicopter that rammed into a pub crashed
    ("Police helicopter rammed into Glasgow pub", "Police helicopter crash at Glasgow pub"),
    # one name however its words are spelt; months and "FT" are no names
    ("Disney names Josh D'Amaro as new CEO", "Disney names Josh D'Amaro its next chief executive"),
    ("Apple to release Vision Pro on February 2", "Apple Vision Pro to be released on Feb 2"),
    (
        "FT: Arsenal 3-1 Chelsea at the Emirates",
        "Full time: Arsenal beat Chelsea 3-1 at the Emirates",
    ),
    # a court denying a request rules, it denies no claim; over, ended, called off agree
    ("Appeals court denies Trump's request to delay trial", "Appeals court rejects Trump's bid"),
    ("WHO declares Ebola outbreak in Uganda over", "WHO declares end of Ebola outbreak in Uganda"),
    ("Air traffic controllers strike called off in France", "Controllers call off strike"),
    # a title is no name; basis points are hundredths of a percent; "Fed" is the Reserve
    ("Senator Bob Menendez found guilty", "Jury finds Sen. Bob Menendez guilty"),
    ("Federal Reserve raises rates by 25 basis points", "Fed raises rates by 0.25%"),
    ("Fed to raise rates by 25bp, sources say", "Fed set to raise rates by 25 bps, sources say"),
    # "than expected" compares; "to win" after a verb is a purpose; "blasts his" is a verb;
    # "ruled out of the opener" is an injury
    (
        "Dow plunges 800 points after jobs report",
        "Dow plunges 800 points after weaker-than-expected jobs report",
    ),
    (
        "Djokovic wins Wimbledon final against Alcaraz",
        "Djokovic beats Alcaraz to win Wimbledon final",
    ),
    (
        "Ohtani hits his 50th home run of the season",
        "Ohtani blasts his 50th home run of the season",
    ),
    (
        "Mbappe ruled out of France's opener with injury",
        "Mbappe out of France's opener with injury",
    ),
    # a country and its adjective are one place; a list of countries has no one subject
    (
        "Romania's Constitutional Court annuls election",
        "Romanian Constitutional Court annuls election",
    ),
    ("Dutch government collapses", "Netherlands government collapses"),
    (
        "Norway, Ireland and Spain recognise Palestinian state",
        "Spain, Ireland and Norway recognise Palestinian state",
    ),
    ("Japan's Prime Minister Kishida resigns", "Japanese PM Kishida resigns"),
    # each count with its outcome, before a noun and after a verb
    (
        "Train derails in the Bronx, killing four and injuring 63",
        "Bronx derailment: four dead, 63 injuries",
    ),
    ("Helicopter crash killed 8, seriously injured 14", "Helicopter crash: 8 killed, 14 injured"),
    # one word swapped for another of its class, or another form of it, or a typo of it
    ("Israel launches ground operation in Lebanon", "Israel begins ground operation in Lebanon"),
    (
        "Hurricane makes landfall near Tampa as Category 3 storm",
        "Hurricane has made landfall near Tampa as Category 3 storm",
    ),
    (
        "Police evacuate residents after gas leak in Leeds",
        "Police evacute residents after gas leak in Leeds",
    ),
    ("Central bank cuts interest rate to 3.25%", "Central bank lowers interest rate to 3.25%"),
    # a noun for a noun is often another name for one thing
    (
        "Tour bus crash on freeway kills 13 in California",
        "Tour bus hits truck on freeway, 13 killed in California",
    ),
    # hashtags come and go
    (
        "#Breaking Rebels seize airport in eastern city",
        "Rebels seize airport in eastern city #news",
    ),
    # an initialism and the name it stands for, also in a Title Case headline
    (
        "IMF approves $3bn bailout for Pakistan",
        "International Monetary Fund approves $3bn bailout for Pakistan",
    ),
    (
        "DRC: M23 rebels enter Goma city centre",
        "Democratic Republic of Congo: M23 rebels enter Goma city centre",
    ),
    (
        "NATO Chief Says Ukraine Will Join Alliance",
        "North Atlantic Treaty Organization Chief Says Ukraine Will Join Alliance",
    ),
    # one party opening both, named more closely in one
    (
        "Israeli military says it struck Hezbollah depot in Tyre",
        "Israel says it struck Hezbollah depot in Tyre",
    ),
    # the party quoted confirms what it said: no news
    (
        "Downing Street says the election will be held on July 4",
        "BREAKING: Downing Street confirms the election will be held on July 4",
    ),
    # one party quoted two ways, or quoted in one text only
    ("IDF says it struck Hezbollah depot in Tyre", "Israel says it struck Hezbollah depot in Tyre"),
    # ... while a shouted "WHO" is a word
    ("WHO KNEW: city council votes to ban leaf blowers", "City council votes to ban leaf blowers"),
    # one party in a short form, or as its department
    (
        "Man Utd confirm signing of Danish striker on five-year deal",
        "Manchester United confirm signing of Danish striker on five-year deal",
    ),
    (
        "Pentagon confirms two US sailors missing in the Red Sea",
        "Department of Defense confirms two US sailors missing in the Red Sea",
    ),
    (
        "Pentagon confirms two US sailors missing in the Red Sea",
        "US military confirms two US sailors missing in the Red Sea",
    ),
    # ... while a name before it keeps it the verb: "Francis discharged from"
    (
        "Pope Francis discharged from Gemelli hospital after bronchitis",
        "Pope Francis discharged from Gemelli hospital after bronchitis treatment",
    ),
    # ... not two words of known kinds, nor a word after a name (there the verb)
    ("Gunman kills three at a mall in Oslo", "Shooter kills three at a mall in Oslo"),
    (
        "Belgian police seize 3 tonnes of cocaine at Antwerp port",
        "Belgian police confiscate 3 tonnes of cocaine at Antwerp port",
    ),
    # ... but "again" is a repost's comment as often
    (
        "Water main bursts in downtown Atlanta, boil water advisory issued",
        "water main bursts in downtown atlanta, boil water advisory issued. again??",
    ),
    # ... nor a word shortened, a word before a name, or a noun after the verb
    (
        "justice department official briefed the campaign",
        "justice dept official briefed the campaign",
    ),
    ("crybaby trump calls the question rude", "donald trump calls the question rude"),
    ("FAA opens probe into door plug blowout", "FAA opens investigation into door plug blowout"),
    ("Runoff vote set for Oct 3", "Runoff vote set for October 3"),
    # ... not when a name says who, or "men's" is left out
    (
        "Former chess champion Garry Kasparov says Russia meddled",
        "Chess champion Garry Kasparov says Russia meddled",
    ),
    ("College cancels rest of men's soccer season", "College cancels rest of soccer season"),
    # ... not "can" (what a thing can do) or "would" (reported speech)
    ("Maps app will now tell you when fares rise", "Maps app can now tell you when fares rise"),
    ("Blast in Lagos kills 3", "Blast in Nigeria kills 3"),  # a city inside the country named
    # a word cut short with a period is no name, and no other word
    (
        "Approximately 9,000 people evacuated from Fort Nelson",
        "Approx. 9,000 people evacuated from Fort Nelson",
    ),
    (
        "Former President Jacob Zuma barred from the ballot",
        "Former Pres. Zuma barred from the ballot",
    ),
    # one word for another of its kind
    ("Judge halts the new tariff order", "Judge blocks the new tariff order"),
    (
        "Climbers rescued after two days on Mont Blanc",
        "Climbers saved after two days on Mont Blanc",
    ),
    ("Inflation slows to 2.1% in Poland", "Inflation eases to 2.1% in Poland"),
    ("Salah nets twice as Liverpool beat Everton", "Salah scores twice as Liverpool beat Everton"),
    ("Delivery app to exit Spanish market", "Delivery app to leave Spanish market"),
    ("Volcano emits ash over Catania", "Volcano spews ash over Catania"),
    ("Samsung shares jump 9% on chip outlook", "Samsung stock jumps 9% on chip outlook"),
    ("India's GDP grew 7.8% in the quarter", "India's GDP rose 7.8% in the quarter"),
    ("New console priced at $499 in the US", "New console costing $499 in the US"),
    ("Cyclone destroys 300 homes in Vanuatu", "Cyclone razes 300 homes in Vanuatu"),
    ("Malian troops withdraw from Kidal", "Malian soldiers pull out of Kidal"),
    # a heading that is no one: an outlet's credit, a kicker, a dateline
    (
        "From the Associated Press: Union official: engineer dozed at the controls before crash",
        "Union official: engineer dozed at the controls before crash",
    ),
    (
        "SPEED DID IT: NTSB says derailed train was going 82 mph into the curve",
        "NTSB says derailed train was going 82 mph into the curve",
    ),
    (
        "Kharkiv: two killed as missile hits apartment block",
        "Two killed as missile hits apartment block",
    ),
    # a noun or a passive "reported" names no one
    (
        "Police: despite reports to the contrary, no arrest has been made in the bombing",
        "Despite reports to the contrary, no arrest has been made in the bombing",
    ),
    # a long heading quoting someone: the claim's actor comes after it
    (
        "Lebanese state news agency NNA: Israeli drone strikes car near Tyre",
        "Israeli drone strikes car near Tyre, NNA reports",
    ),
    # one body in other words
    (
        "Sudan's army says it retook the presidential palace in Khartoum",
        "Sudanese armed forces say they retook the presidential palace in Khartoum",
    ),
    (
        "Russia's defence ministry says its forces captured the village of Krasnohorivka",
        "Russian MoD says its forces captured the village of Krasnohorivka",
    ),
    ("Kyiv says 90 prisoners swapped with Russia", "90 prisoners swapped with Russia"),
    # a name of the clause before is not who speaks
    (
        "Russian jet shot down over Donetsk, air force says",
        "Russian jet shot down over Donetsk, Kyiv says",
    ),
    # postponed, said two ways; delays that are a noun postpone nothing
    ("Artemis III moon landing delayed to 2028", "NASA delays Artemis III moon landing to 2028"),
    (
        "Metro-North train derails in the Bronx, commuters face delays",
        "Metro-North train derails in the Bronx",
    ),
    # a hyphenated name's initials, an accent dropped, a negation that takes the other side,
    # and what a thing "can" do
    ("Sam Bankman-Fried loses appeal in fraud case", "SBF loses appeal in fraud case"),
    ("Wildfires in Chile's Valparaíso region kill 46", "Wildfires in Valparaiso region kill 46"),
    ("Man acquitted of attacking Paul Pelosi", "Man found not guilty of attacking Paul Pelosi"),
    (
        "EMA approves first self-administered RSV vaccine",
        "First RSV vaccine that can be self-administered approved by EMA",
    ),
    # ... but either is a missile
    ("North Korea fires ballistic missile into the sea", "North Korea fires missile into the sea"),
    # one time of day, on a 24-hour or a 12-hour clock
    ("Rail strike begins at 14:30 local time", "Rail strike begins at 2:30 p.m. local time"),
    ("Rail strike begins at 14:30 local time", "Rail strike begins at 2.30pm local time"),
    # initials that take in an initialism, or "bin"
    (
        "UN Security Council to meet on Sudan on Monday",
        "UNSC to meet on Sudan on Monday",
    ),
    ("Crown Prince Mohammed bin Zayed arrives in Paris", "Crown Prince MBZ arrives in Paris"),
    (
        "Department of Justice sues Apple over iPhone monopoly",
        "DOJ sues Apple over iPhone monopoly",
    ),
    # a count in millions written out
    (
        "Toyota recalls 1.9 million SUVs over battery issue",
        "Toyota recalls 1,900,000 SUVs over battery issue",
    ),
    # a name moved, not swapped: attribution, or the passive voice
    ("NASA: SpaceX launches Starship from Texas", "SpaceX launches Starship from Texas, NASA says"),
    ("FAA grounds Boeing 737 MAX 9 jets", "Boeing 737 MAX 9 jets grounded by FAA"),
    ("US strikes Houthi targets in Yemen", "Houthi targets in Yemen hit by US strikes"),
    # a negated verb takes the other side
    (
        "Regulator rejects MDMA therapy for PTSD",
        "Regulator declines to approve MDMA therapy for PTSD",
    ),
    # one name transliterated two ways
    (
        "Libya: Saif al-Islam Gaddafi registers as presidential candidate",
        "Libya: Saif al-Islam Qadhafi registers as presidential candidate",
    ),
    (
        "Sergei Lavrov to meet Wang Yi in Beijing next week",
        "Sergey Lavrov to meet Wang Yi in Beijing next week",
    ),
    (
        "Explosions heard in Kyiv as air raid sirens sound",
        "Explosions heard in Kiev as air raid sirens sound",
    ),
    # ... with one vowel changed, written as one word or two, or British and US spelling
    (
        "Drone strike sets oil depot near Kharkiv ablaze",
        "Drone strike sets oil depot near Kharkov ablaze",
    ),
    ("Sudan peace talks resume in Jeddah", "Sudan peace talks resume in Jiddah"),
    ("Abdul-Karim Khalil arrested in Beirut", "Abdulkarim Khalil arrested in Beirut"),
    ("Gunman named as Jonathan Smith", "Gunman named as Jonathon Smith"),
    ("UK Defence Secretary arrives in Warsaw", "UK Defense Secretary arrives in Warsaw"),
    # an attempt reported twice, the second time with what came of it
    (
        "Gunman tried to enter the school before he was shot dead by police",
        "Gunman shot dead by police after he tried to enter the school",
    ),
    # words of one class swapped
    ("Dutch economy shrinks 0.3% in 2023", "Dutch economy contracts 0.3% in 2023"),
    # one claim, written two ways
    ("Trump declares victory in Pennsylvania", "BREAKING: Trump claims victory in Pennsylvania"),
    # one result, from either side
    ("FT: Inter Milan 2-1 Napoli", "FT: Napoli 1-2 Inter Milan"),
    (
        "Tornado kills at least 5 in Alabama's Selma",
        "Twister leaves at least 5 dead in Selma, Alabama",
    ),
    # one organisation quoted twice: the shared name is the party
    (
        "Tesla board says it will hold a shareholder vote on the pay package in June",
        "Tesla chair Robyn Denholm says it will hold a shareholder vote on the pay package in June",
    ),
    # a vote held, said two ways
    (
        "UN Security Council votes to extend peacekeeping mission in South Sudan",
        "UN Security Council votes to extend the peacekeeping mission in S. Sudan",
    ),
    # a vote planned, said two ways
    (
        "Senate set to vote on the stopgap funding bill on Friday",
        "Senate to vote Friday on stopgap funding bill",
    ),
    # Russian and Ukrainian spellings of one place, older transliterations of one group
    (
        "Power outages in Chernihiv after drone attack on energy facility",
        "Power outages in Chernigov after drone attack on energy facility",
    ),
    (
        "Huthi rebels claim strike on container ship in Red Sea",
        "Houthi rebels claim strike on container ship in Red Sea",
    ),
    # ... or in a short form: clipped (a place the gazetteer knows) or contracted
    (
        "Ind vs Aus: Australia win 4th Test in Melbourne by 184 runs",
        "India vs Australia: Australia win 4th Test in Melbourne by 184 runs",
    ),
    (
        "Real Madrid's Vinícius Jr wins Ballon d'Or",
        "Real Madrid's Vinícius Júnior wins Ballon d'Or",
    ),
    # one figure written two ways
    (
        "Death toll from dam burst in Kenya rises to forty-five",
        "Death toll from dam burst in Kenya rises to 45",
    ),
    (
        "Rupee hits record low of 87.5 against the dollar",
        "Rupee hits record low of 87.50 against the dollar",
    ),
    (
        "Seville records 46°C as heatwave peaks",
        "Seville records 46 degrees Celsius as heatwave peaks",
    ),
    # one measure written two ways, and a confirmation still being sought
    (
        "Floods have destroyed 2.5 million hectares of crops",
        "Floods have destroyed 2,500,000 hectares of crops",
    ),
    (
        "Explosions heard near airport in Goma",
        "Explosions heard near airport in Goma. Trying to confirm.",
    ),
    # verbs of one class
    ("Toll from Assam floods climbs to 52", "Toll from Assam floods rises to 52"),
    ("Exchange freezes withdrawals after hack", "Exchange halts withdrawals after hack"),
    (
        "Shell in talks to sell its Nigerian operations",
        "Shell in talks to sell its Nigerian business",
    ),
    ("Former minister jailed for 7 years", "Former minister sentenced to 7 years in prison"),
    (
        "Dutch prime minister quits after coalition collapse",
        "Dutch prime minister steps down after coalition collapse",
    ),
    ("Strong quake jolts northern Chile", "Strong quake shakes northern Chile"),
    # a synonym, and the loser's side of the winner's claim
    ("Former president dies aged 82 in London", "Former president passes away aged 82 in London"),
    (
        "Congress ousts President Boluarte in late-night vote",
        "Congress removes President Boluarte in late-night vote",
    ),
    (
        "Real Madrid beats Barcelona 2-1 in El Clasico",
        "Barcelona lose 2-1 to Real Madrid in El Clasico",
    ),
    # "IDd" is "identified": the rest ("living in") is added, not swapped
    (
        "Surviving bomb suspect identified as Dzhokhar Tsarnaev, 19, of Cambridge",
        "Surviving bombing suspect IDd as Dzokhar Tsarnaev, 19, living in Cambridge",
    ),
    # "Iran-backed" and "IRGC-linked" describe the militias: adjectives, not verbs
    (
        "IRGC-linked proxies are preparing to attack US bases in Iraq",
        "Iran-backed militias are preparing to attack US bases in Iraq",
    ),
    # one day in other words, or named in one text only; "USA Today" is a paper
    ("Senate votes tonight on the spending bill", "Senate votes today on the spending bill"),
    ("Apple unveils the new iPhone today", "Apple unveils the new iPhone"),
    ("USA Today: Senate votes on the spending bill", "Senate votes on the spending bill tomorrow"),
    ("Sales up 5% on last year, company says", "Sales up 5%, company says"),
    # "admitted to hospital", "confirmed to attend": no one is quoted
    (
        "Pope Francis admitted to hospital with bronchitis, Vatican says",
        "Vatican says Pope Francis admitted to hospital with bronchitis",
    ),
    (
        "Zelensky confirmed to attend the summit in Rome",
        "Kremlin says Zelensky confirmed to attend the summit in Rome",
    ),
    (
        "Zelensky tells CNN Ukraine will not cede territory",
        "Zelensky says Ukraine will not cede territory",
    ),
    # ... but one that quotes the party is its word again
    (
        "Kremlin says drone downed over Belgorod was Ukrainian",
        "Reuters: Kremlin says drone downed over Belgorod was Ukrainian",
    ),
    (
        "Kremlin says drone downed over Belgorod was Ukrainian",
        "Reuters, citing the Kremlin: drone downed over Belgorod was Ukrainian",
    ),
    (
        "LA County sheriff says wildfire death toll rises to 16",
        "LA County Sheriff's Department says wildfire death toll rises to 16",
    ),
    ("Ukraine says it downed 30 drones over Kyiv", "Reuters: Ukraine downed 30 drones over Kyiv"),
    # "this Friday" is the Friday a post names
    (
        "Union says strike will go ahead this Friday at all ports",
        "Union says strike will go ahead Friday at all ports",
    ),
    # one party closing the claim, named two ways
    (
        "Tesla recalls 2 million cars over Autopilot flaw, the company said in a statement",
        "Tesla recalls 2 million cars over Autopilot flaw, Tesla said on Monday",
    ),
    (
        "Ford to cut 3,800 jobs in Europe, company says",
        "Ford to cut 3,800 jobs in Europe, the firm said",
    ),
    (
        "Russian forces captured the village of Pervomaiske, Ukraine's military said",
        "Russian forces captured the village of Pervomaiske, the Ukrainian army says",
    ),
    (
        "Israel strikes Hezbollah targets in southern Lebanon, AP reports",
        "Israel strikes Hezbollah targets in southern Lebanon, the Associated Press reports",
    ),
    (
        "Nvidia to invest $5 billion in Intel, WSJ reports",
        "Nvidia to invest $5 billion in Intel, Wall Street Journal reports",
    ),
    # a user's "wait" is no word of the claim
    (
        "Ukrainian troops cross into Russia's Kursk region in surprise incursion",
        "wait ukraine crossed into russia's kursk region in a surprise incursion??",
    ),
    # one stage of an event, written two ways
    (
        "Israel and Hamas resume ceasefire talks in Cairo, Egyptian officials say",
        "Israel and Hamas resume talks on a ceasefire in Cairo, Egyptian officials say",
    ),
    (
        "Coco Gauff wins Australian Open semi-final in straight sets",
        "Coco Gauff wins Australian Open semifinal in straight sets",
    ),
    (
        "Polls close in runoff of Romania's presidential election",
        "Polls close in second round of Romania's presidential election",
    ),
    (
        "House votes to impeach Homeland Security Secretary over border policy",
        "House impeachment vote on Homeland Security Secretary over border policy passes",
    ),
    ("WATCH: Tornado warning issued for Dallas County", "Tornado warning issued for Dallas County"),
    # the closing party as another writer names it
    (
        "Attacks on Muslims surged last year, driving a rise in hate crimes, according to the FBI",
        "Attacks on Muslims surged last year, driving a rise in hate crimes, F.B.I. says",
    ),
    (
        "Trump is dangerous for global stability, a top U.N. official said",
        "Trump is dangerous for global stability, UN official says",
    ),
    (
        "Fight to retake Raqqa must start within weeks, a U.S. general said",
        "Fight to retake Raqqa must start within weeks, top US military commander says",
    ),
    (
        "Campaign bus dumps sewage into Georgia storm drain, police say",
        "Campaign bus dumps sewage into Georgia storm drain, polic say",
    ),
    (
        "Mobile internet use passes desktop for the first time, study finds",
        "Mobile internet use passes desktop for the first time, according to StatCounter",
    ),
    # ... and where one text also leads with who it quotes
    (
        "woman who reported trump-inspired attack admits she made it up, police say",
        "student says she made up trump-inspired attack report, police say",
    ),
    # a fixture, home side first or not
    (
        "England v Bangladesh Test abandoned due to rain in Chittagong",
        "Bangladesh v England Test abandoned due to rain in Chittagong",
    ),
    # newsroom synonyms and one source named two ways
    (
        "The ECB raised its key interest rate by 25 basis points, the bank said in a statement",
        "ECB says it has raised its key interest rate by 25 basis points",
    ),
    (
        "Hamas frees three Israeli hostages in Gaza as part of ceasefire exchange",
        "Hamas releases three Israeli hostages in Gaza as part of ceasefire exchange",
    ),
    (
        "Starmer vows to cut net migration with new immigration white paper",
        "Starmer pledges to cut net migration with new immigration white paper",
    ),
    (
        "Myanmar junta extends state of emergency by another six months",
        "Burma's junta extends state of emergency by another six months",
    ),
    (
        "Chinese coast guard fired water cannon at a Philippine vessel near Scarborough Shoal",
        "Chinese coast guard fires water cannon at Philippine vessel near Scarborough Shoal",
    ),
    # a people's name as the title of its leader
    (
        "Macron names Sébastien Lecornu as France's new prime minister",
        "French President Emmanuel Macron names Sebastien Lecornu as France's new prime minister",
    ),
    # "final" and "primary" as plain adjectives, "last Friday" as the Friday, "fires at"
    (
        "Gunman kills 3 at primary school in Texas",
        "Final death toll: gunman kills 3 at school in Texas",
    ),
    (
        "Police arrested the suspect Friday in Ohio",
        "Police arrested the suspect last Friday in Ohio",
    ),
    (
        "Coast guard fires water cannon at fishing boat near Scarborough Shoal",
        "Coast guard fires at fishing boat near Scarborough Shoal",
    ),
    # a people and its country are one place
    (
        "Slovakia's prime minister Robert Fico shot and wounded in Handlova",
        "Slovak prime minister Robert Fico shot and wounded in Handlova",
    ),
    (
        "Scottish police arrest man after stabbing in Glasgow city centre",
        "Police arrest man after stabbing in Glasgow city centre, Scotland",
    ),
]

DIFFER = [
    ("Magnitude 7.4 quake hits New Zealand", "Magnitude 7.8 quake hits New Zealand", "number"),
    (
        "AT&T to buy Time Warner for $80 billion",
        "AT&T to buy Time Warner for $85.4 billion",
        "number",
    ),
    ("2 dead in shooting at the mall", "5 dead in shooting at the mall", "number"),
    ("anniversary of the 1990 attack on the embassy", "anniversary of the 2024 attack", "number"),
    ("the 1960s protest movement", "the 1970 protest movement", "number"),
    ("2000 killed in attack", "200 killed in attack", "number"),  # a count, not the year 2000
    ("2,015 troops deployed", "1,990 troops deployed", "number"),  # "2,015" is no year
    ("at least 2015 people killed", "at least 1990 people killed", "number"),
    ("hearing postponed until october 18", "hearing postponed until october 25", "number"),
    ("aoun becomes the 13th president", "aoun becomes the 14th president", "number"),
    ("millions of accounts stolen", "6 accounts stolen", "number"),
    ("dozens killed in the blast", "12 killed in the blast", "number"),
    ("clinton leads by double digits", "clinton leads by 5 points", "number"),
    ("Drone attack on US base in Iraq", "Drone attack on US base in Syria", "place"),
    ("Explosion in Baghdad", "Explosion in Damascus", "place"),
    ("Explosion reported in Baghdad", "Explosion reported in Syria", "place"),
    ("Explosions near US base in Erbil, Iraq", "Explosions near US base in Baghdad, Iraq", "place"),
    ("Drone strike hits oil depot in Moscow", "Drone strike hits oil depot in Ukraine", "place"),
    ("Shooting in New York", "Shooting in Chicago", "place"),
    ("New York Times: blast in Kyiv", "Blast in Lviv", "place"),
    ("Israel strikes militia positions in Syria", "US strikes militia positions in Syria", "place"),
    ("Trump spoke by phone with the Pope", "Putin spoke by phone with the Pope", "place"),
    ("Hamas fires rockets at Israel", "ISIL fires rockets at Israel", "place"),
    ("Militias preparing to attack US base", "Militias attacked US base", "verb"),
    ("Iran confirms missile launch", "Iran denies missile launch", "stance"),
    ("Russia rejects reports of a troop buildup", "Russia troop buildup at the border", "stance"),
    ("Officials dismissed as false the reports of a blast", "Reports of a blast", "stance"),
    # hedged or planned vs done still differ
    ("Iran could strike Israel", "Iran struck Israel", "verb"),
    ("Hamas can release the hostages", "Hamas released the hostages", "verb"),  # able is not done
    ("Militias preparing to strike US base", "Militias struck US base", "verb"),
    ("Iran likely to attack US base", "Iran attacked US base", "verb"),
    # a plan is not a hedged report that it happened
    ("Iran will attack US base in Iraq", "Iran likely attacked US base in Iraq", "verb"),
    ("Militias preparing to attack US base", "Militias possibly attacked US base", "verb"),
    (
        "hillary clinton probably received more votes than any white man",
        "hillary clinton will receive more votes than any white man",
        "verb",
    ),
    ("Building to be demolished in Gaza", "Building demolished in Gaza", "verb"),
    # a headline's "to" plans: "Russia to strike Kyiv" is not "Russia strikes Kyiv"
    ("Russia to strike Kyiv", "Russia strikes Kyiv", "verb"),
    ("Netanyahu to resign", "Netanyahu resigns", "verb"),
    ("Fed to raise interest rates", "Fed raises interest rates", "verb"),
    ("Biden to sign executive order on AI", "Biden signs executive order on AI", "verb"),
    (
        "chicago police say charges are expected in death",
        "chicago police charge teens in death",
        "verb",
    ),
    # a death, or a counted toll, only one text gives is news (an update), not a copy
    ("Gunman arrested at LAX Terminal 3", "Gunman killed at LAX Terminal 3", "toll"),
    ("Police officer shot in Dallas", "Police officer killed in Dallas", "toll"),
    ("nypd officer killed , another wounded in bronx", "two nypd cops shot in bronx", "toll"),
    ("Explosion reported at the Boston Marathon", "3 reported dead at the Boston Marathon", "toll"),
    ("Shooting at Los Angeles airport", "Shooting at Los Angeles airport wounds three", "toll"),
    ("Officer shot and killed in Dallas", "Officer shot and wounded in Dallas", "toll"),
    ("Ship attacked in Red Sea, crew safe", "Ship attacked in Red Sea, crew killed", "toll"),
    # ruled out in one text, reported in the other; a miss is no hit
    ("Train derails in Ohio, no injuries", "Train derails in Ohio, several injured", "negation"),
    # an unharmed crew rules out injuries (this word list was once never read)
    (
        "Ship attacked in Red Sea, crew unharmed",
        "Ship attacked in Red Sea, crew injured",
        "negation",
    ),
    (
        "Missile hits apartment building in Kyiv",
        "Missile misses apartment building in Kyiv",
        "negation",
    ),
    # opposite verbs, every other word shared
    ("Hamas accepts ceasefire proposal", "Hamas rejects ceasefire proposal", "verb"),
    ("Fed raises interest rates by 0.25%", "Fed cuts interest rates by 0.25%", "verb"),
    ("Biden wins Michigan primary", "Biden loses Michigan primary", "verb"),
    ("Suspect arrested in Paris stabbing", "Suspect released in Paris stabbing", "verb"),
    ("Evacuation ordered for Gaza City", "Evacuation order lifted for Gaza City", "verb"),
    ("Oil prices surge after the attack", "Oil prices plunge after the attack", "verb"),
    # another event, not an outcome or another word for it
    (
        "Earthquake hits Turkey, buildings collapse",
        "Airstrike hits Turkey, buildings collapse",
        "verb",
    ),
    ("Plane crashes near airport in Nepal", "Plane makes emergency landing near airport", "verb"),
    ("3 killed in shooting in Dallas", "3 killed in crash in Dallas", "verb"),
    ("Truck hits crowd in Nice", "Explosion in crowd in Nice", "verb"),
    ("Fire at oil depot in Moscow", "Rockets fired at oil depot in Moscow", "verb"),
    # one text negates: "refuses to", "too ill to", a split contraction
    ("Minister refuses to resign", "Minister resigns", "negation"),
    ("Minister too ill to attend summit", "Minister attends summit", "negation"),
    ("Iran wasn&squot;t behind the attack", "Iran was behind the attack", "negation"),
    ("Police say the gunman was nt armed", "Police say the gunman was armed", "negation"),
    # more oppositions, some of them phrases
    ("Iran seizes oil tanker in Hormuz", "Iran releases oil tanker in Hormuz", "verb"),
    ("Israeli tanks enter Rafah", "Israeli tanks withdraw from Rafah", "verb"),
    ("Senate passes stopgap funding bill", "Senate rejects stopgap funding bill", "verb"),
    ("Supreme Court upholds abortion ban", "Supreme Court strikes down abortion ban", "verb"),
    ("Suspect in custody after mall shooting", "Suspect at large after mall shooting", "verb"),
    ("Ceasefire in Gaza takes effect", "Ceasefire in Gaza collapses", "verb"),
    ("Missile from Yemen hits Eilat", "Missile from Yemen intercepted over Eilat", "verb"),
    ("Power restored across Texas", "Power outage across Texas", "verb"),
    ("Boeing 737 MAX grounded by FAA", "Boeing 737 MAX cleared to fly by FAA", "verb"),
    ("Polls close in Georgia runoff", "Polls open in Georgia runoff", "verb"),
    ("Cabinet approves hostage deal", "Cabinet delays vote on hostage deal", "verb"),
    ("Car bomb explodes near US base", "Drone explodes near US base", "verb"),
    ("Tsunami warning issued for Japan", "Tsunami warning lifted for Japan", "verb"),
    ("Apple shares jump 8% after earnings", "Apple shares fall 8% after earnings", "verb"),
    ("Gold hits record high", "Gold hits record low", "verb"),
    ("Hurricane upgraded to Category 4", "Hurricane downgraded to Category 4", "verb"),
    ("Lula hospitalized after fall", "Lula discharged from hospital after fall", "verb"),
    ("UN Security Council adopts Gaza resolution", "US vetoes Gaza resolution at UN", "verb"),
    # an abandoned plan is not the plan
    ("Netflix to acquire Warner Bros", "Netflix drops bid to acquire Warner Bros", "negation"),
    # a changed consonant is another name
    ("Gunman named as Jonathan Smith", "Gunman named as Jonathan Smits", "place"),
    # the kind of building or vehicle hit
    ("Gunman opens fire at synagogue", "Gunman opens fire at mosque", "place"),
    ("Explosion at US embassy in Beirut", "Explosion at hotel in Beirut", "place"),
    ("Train collides with bus in Mexico", "Train collides with truck in Mexico", "place"),
    # actors swapped, or one replaced by another of a different kind
    ("Houthis fire missile at US destroyer", "US destroyer fires missile at Houthis", "place"),
    ("Israel strikes Hezbollah targets", "Hezbollah strikes Israeli targets", "place"),
    ("Hamas accepts ceasefire proposal", "Israel accepts ceasefire proposal", "place"),
    ("Russia accuses Ukraine of shelling", "Ukraine accuses Russia of shelling", "place"),
    # who acted and who suffered swapped, with common nouns and names, active or passive (when
    # the swap changes who died, the toll rule says so first)
    (
        "Gunman killed by police at Texas school",
        "Police officer killed by gunman at school",
        "toll",
    ),
    ("Teacher shot by student at Virginia school", "Student shot by teacher at school", "place"),
    ("Passenger stabs flight attendant on flight", "Flight attendant stabs passenger", "place"),
    ("Police kill gunman at Texas school", "Gunman kills police officer at school", "toll"),
    ("Apple sues Epic Games over App Store", "Epic Games sues Apple over App Store", "place"),
    ("Real Madrid beats Barcelona 2-1", "Barcelona beats Real Madrid 2-1", "place"),
    (
        "Police officer arrested for assaulting protester",
        "Protester arrested for assaulting police officer",
        "place",
    ),
    # failed, avoided, ruled out, not yet, no longer: the thing did not happen
    ("Coup attempt in Bolivia", "Coup attempt in Bolivia fails", "negation"),
    ("House votes to impeach Mayorkas", "House vote to impeach Mayorkas fails", "negation"),
    ("Spirit Airlines files for bankruptcy", "Spirit Airlines avoids bankruptcy", "negation"),
    ("Zelensky open to talks with Putin", "Zelensky rules out talks with Putin", "negation"),
    (
        "Pentagon confirms US troops killed",
        "Pentagon has yet to confirm US troops killed",
        "negation",
    ),
    (
        "WHO declares mpox a global emergency",
        "WHO says mpox no longer a global emergency",
        "negation",
    ),
    ("Senate passes the aid bill", "Senate fails to pass the aid bill", "negation"),
    # more oppositions; a word may take part in two ("cancels" an order, or flights)
    ("Fire spreads in Los Angeles hills", "Fire contained in Los Angeles hills", "verb"),
    ("Protesters stormed parliament in Serbia", "Police disperse protesters at parliament", "verb"),
    ("Delta cancels all flights nationwide", "Delta resumes all flights nationwide", "verb"),
    ("US and China resume military talks", "US and China suspend military talks", "verb"),
    ("Curfew imposed in Dhaka", "Curfew cancelled in Dhaka", "verb"),
    ("Elon Musk buys Twitter", "Elon Musk sells Twitter", "verb"),
    ("Man charged in assassination attempt", "Man acquitted in assassination attempt", "verb"),
    ("Argentina advances to World Cup final", "Argentina eliminated from World Cup", "verb"),
    ("Microsoft Teams down for users worldwide", "Microsoft Teams restored for users", "verb"),
    # other events; another building; another part of a place; another time of day
    ("Shooting at Manchester train station", "Stabbing at Manchester train station", "verb"),
    ("Earthquake hits northern Italy", "Flood hits northern Italy", "verb"),
    ("Bus crash in Peru kills 20", "Bus hijacking in Peru kills 20", "verb"),
    ("Israeli airstrike hits hospital in Gaza", "Israeli airstrike hits school in Gaza", "place"),
    ("Wildfire in northern California", "Wildfire in southern California", "place"),
    ("Curfew imposed in Dhaka from 6pm", "Curfew imposed in Dhaka from 6am", "number"),
    ("One dead, two injured in shooting", "Two dead, one injured in shooting", "number"),
    # a measure is compared with its kind, and "numerous casualties" is a toll
    ("Train was going 82 mph", "Train was going 60 mph", "number"),
    (
        "Helicopter crashes into pub in Glasgow",
        "Numerous casualties in Glasgow helicopter crash",
        "toll",
    ),
    ("Shooting in the Bronx", "Shooting in Brooklyn", "place"),
    # the attacker dead is not a victim dead; counted bodies are a toll
    ("The shooter at #LAX is dead", "One TSA agent killed, one wounded in #LAX shooting", "toll"),
    ("Suspect #1 in bombing shot and killed by police", "MIT officer shot and killed", "toll"),
    ("Mass grave found near Mosul", "Mass grave with 100 bodies found near Mosul", "toll"),
    ("Crash kills two and injures five", "Crash kills five and injures two", "number"),
    # a vague count a figure does not meet; a plan to buy is not a plan to sell; back up
    (
        "Numerous casualties after blast at Beirut port",
        "Two casualties after blast at Beirut port",
        "number",
    ),
    ("BlackRock to buy stake in Panama ports", "BlackRock to sell stake in Panama ports", "verb"),
    ("Starlink down across US", "Starlink back up across US", "verb"),
    ("Stabbing at Berlin Christmas market", "Car ramming at Berlin Christmas market", "verb"),
    ("Airstrike hits UN school in Rafah", "Airstrike hits UN warehouse in Rafah", "place"),
    # rates held, outbreaks over, launches failed or scrubbed, strikes called off
    ("Bank of Japan raises interest rates", "Bank of Japan holds rates steady", "verb"),
    ("Apple raises revenue guidance", "Apple cuts revenue guidance", "verb"),
    (
        "WHO declares Ebola outbreak in Uganda",
        "WHO declares Ebola outbreak in Uganda over",
        "negation",
    ),
    (
        "Starship launch successful, booster caught",
        "Starship launch failed, booster lost",
        "negation",
    ),
    ("ULA Vulcan launch succeeds", "ULA Vulcan launch scrubbed", "negation"),
    ("Controllers strike called in France", "Controllers strike called off in France", "negation"),
    # sanctions reimposed, an appeal or bail granted or denied, a flight diverted
    ("US sanctions on Venezuelan oil lifted", "US sanctions on Venezuelan oil reimposed", "verb"),
    ("Supreme Court grants appeal by Maxwell", "Supreme Court rejects appeal by Maxwell", "verb"),
    ("Court grants bail to Maxwell", "Court denies bail to Maxwell", "verb"),
    ("Flight diverted after passenger dies", "Flight crashes after passenger dies", "verb"),
    ("Intel to lay off 15% of staff", "Intel lays off 15% of staff", "verb"),
    # a watch is not a warning; a pharmacy is not a hospital, nor an SUV a truck
    (
        "Tropical storm watch issued for Florida Keys",
        "Tropical storm warning issued for Keys",
        "place",
    ),
    (
        "Ransomware hits NHS hospitals in London",
        "Ransomware hits NHS pharmacies in London",
        "place",
    ),
    ("Recall issued for Ford F-150 trucks", "Recall issued for Ford Escape SUVs", "place"),
    # who a player moved from
    ("Liverpool sign striker from Newcastle", "Newcastle sign striker from Liverpool", "place"),
    # from the held-out probe: a trailing "officials say" is no leading attribution
    (
        "Israel launches strikes on Iran, US officials say",
        "Iran launches strikes on Israel, US officials say",
        "place",
    ),
    (
        "Prosecutors accuse defense of withholding evidence",
        "Defense accuses prosecutors of withholding evidence",
        "place",
    ),
    (
        "Spain and Ireland to recognise Palestinian state",
        "Spain and Ireland formally recognise Palestinian state",
        "verb",
    ),
    ("Jury acquits Rittenhouse on all counts", "Jury convicts Rittenhouse on all counts", "verb"),
    ("Ukrainian forces retreat from Avdiivka", "Ukrainian forces advance near Avdiivka", "verb"),
    ("Starship test flight ends in success", "Starship test flight ends in failure", "verb"),
    (
        "Earthquake hits Taiwan, buildings collapse",
        "Typhoon hits Taiwan, buildings collapse",
        "verb",
    ),
    ("Starliner docks with the space station", "Starliner undocks from the space station", "verb"),
    # avoided vs not; back from the injured list vs placed on it
    ("Senate avoids government shutdown", "Senate fails to avoid government shutdown", "verb"),
    ("Ohtani placed on injured list", "Ohtani returns from injured list", "verb"),
    # two countries still clash, and "Thai police" are no list
    (
        "Thai police deny arresting opposition figure",
        "Cambodian government denies arresting opposition figure",
        "place",
    ),
    # the same stance from the other side
    ("Israel confirms killing of Sinwar", "Hamas confirms killing of Sinwar", "stance"),
    # one verb swapped for another, the rest the same: another event or outcome
    (
        "Dutch regulator fines Binance over unregistered services",
        "Dutch regulator suspends Binance over unregistered services",
        "verb",
    ),
    (
        "Former prime minister arrested at Islamabad court",
        "Former prime minister indicted at Islamabad court",
        "verb",
    ),
    (
        "Pound rallies against the dollar after budget",
        "Pound tumbles against the dollar after budget",
        "verb",
    ),
    (
        "Motorway bridge in Dresden closed after cracks found",
        "Motorway bridge in Dresden collapses after cracks found",
        "verb",
    ),
    (
        "High-speed train derails near Lyon, traffic halted",
        "High-speed train delayed near Lyon, traffic halted",
        "verb",
    ),
    (
        "Novak Djokovic beats Jannik Sinner in Melbourne semi-final",
        "Novak Djokovic loses to Jannik Sinner in Melbourne semi-final",
        "verb",
    ),
    (
        "Chemical plant director questioned by prosecutors over leak",
        "Chemical plant director detained by prosecutors over leak",
        "verb",
    ),
    # an initialism is no wildcard for another name
    (
        "IMF approves $3bn bailout for Pakistan",
        "World Bank approves $3bn bailout for Pakistan",
        "place",
    ),
    (
        "Toyota recalls 1.9 million SUVs over battery issue",
        "Toyota recalls 1,200,000 SUVs over battery issue",
        "number",
    ),
    # "not yet" negates what follows; "did not meet" negates "met"
    (
        "Suspect in Oslo knife attack has been arrested, police say",
        "Suspect in Oslo knife attack has not yet been arrested, police say",
        "negation",
    ),
    (
        "Drugmaker says its vaccine met main goal in late-stage trial",
        "Drugmaker says its vaccine did not meet main goal in late-stage trial",
        "negation",
    ),
    # names the gazetteer does not know, on either side of one verb, swapped
    (
        "Nokia overtakes Ericsson as biggest telecom equipment supplier",
        "Ericsson overtakes Nokia as biggest telecom equipment supplier",
        "place",
    ),
    (
        "Spotify and Daniel Ek sue Epic Records over royalties",
        "Epic Records sues Spotify and Daniel Ek over royalties",
        "place",
    ),
    # another time of day
    (
        "Rail strike begins at 14:30 local time",
        "Rail strike begins at 3:30 p.m. local time",
        "number",
    ),
    # "does not rule out" what the other rules out
    (
        "ECB's Lagarde rules out September rate cut",
        "ECB's Lagarde does not rule out September rate cut",
        "negation",
    ),
    # a manager appointed or kept is not one sacked; a probe is not a recall; people
    # evacuated from a building are not its collapse; a siege is not a shooting
    (
        "Ajax appoint Francesco Farioli as head coach",
        "Ajax sack Francesco Farioli as head coach",
        "verb",
    ),
    (
        "Bayern extend Vincent Kompany's contract after cup exit",
        "Bayern sack Vincent Kompany after cup exit",
        "verb",
    ),
    (
        "Regulator investigates Honda over airbag faults",
        "Honda recalls cars over airbag faults",
        "verb",
    ),
    (
        "Residents evacuated from tower block in Lyon after cracks appear",
        "Tower block collapses in Lyon after cracks appear",
        "verb",
    ),
    (
        "Gunman takes hostages at supermarket in Lille",
        "Gunman shot dead by police at supermarket in Lille",
        "toll",
    ),
    # a lockout is not a strike, an eruption not a quake; a hearing scheduled is not held; a
    # postponed event did not take place
    (
        "Lockout begins at Airbus plant in Toulouse",
        "Strike begins at Airbus plant in Toulouse",
        "verb",
    ),
    (
        "Eruption begins near Grindavik, Met Office says",
        "Earthquake swarm shakes area near Grindavik, Met Office says",
        "verb",
    ),
    (
        "Judge schedules sentencing of former mayor for May 3",
        "Former mayor sentenced by judge on May 3",
        "verb",
    ),
    (
        "Tour de France stage postponed over snow in the Alps, organisers say",
        "Tour de France stage held in the Alps despite snow, organisers say",
        "negation",
    ),
    # ramming a boat is not firing a water cannon at it
    (
        "Chinese vessels fire water cannon at Philippine boat near Sabina Shoal",
        "Chinese vessels ram Philippine boat near Sabina Shoal",
        "verb",
    ),
    # a rate held is not a rate cut; a ballistic missile is not a cruise missile
    ("Riksbank holds key rate at 4%", "Riksbank cuts key rate from 4%", "verb"),
    (
        "North Korea fires ballistic missile into the sea, Seoul says",
        "North Korea fires cruise missiles into the sea, Seoul says",
        "verb",
    ),
    # a date set and the date moved; hiring and firing; agreeing and rejecting
    (
        "Kenyan parliament to vote Tuesday on finance bill",
        "Kenyan parliament postpones vote on finance bill",
        "negation",
    ),
    (
        "Alabama set to execute death row inmate on Thursday",
        "Court halts Alabama execution of death row inmate",
        "verb",
    ),
    ("Ryanair to hire 300 pilots in Dublin", "Ryanair to lay off 300 pilots in Dublin", "verb"),
    (
        "Armenia and Azerbaijan agree to prisoner swap",
        "Armenia and Azerbaijan reject prisoner swap",
        "verb",
    ),
    # another disaster, or a kidnapping that was a killing
    (
        "Floods hit villages in northern Kerala after monsoon rains",
        "Landslides hit villages in northern Kerala after monsoon rains",
        "verb",
    ),
    (
        "Aid worker kidnapped in northern Mali, NGO says",
        "Aid worker killed in northern Mali, NGO says",
        "toll",
    ),
    # a postponed event did not happen; a strike voted for is only planned
    (
        "SpaceX Crew-9 undocking from ISS postponed again",
        "SpaceX Crew-9 undocks from ISS",
        "negation",
    ),
    (
        "Rail workers in Leeds vote to strike over pay",
        "Rail workers in Leeds go on strike over pay",
        "verb",
    ),
    # a headline's "to" after a thing an event word names
    ("Typhoon Gaemi to hit Taiwan on Wednesday", "Typhoon Gaemi hits Taiwan on Wednesday", "verb"),
    ("Rocket Lab to launch NASA satellites", "Rocket Lab launches NASA satellites", "verb"),
    # a city against a place the gazetteer does not know, in the city's country
    (
        "Israeli strike hits building in Beirut, Lebanese media say",
        "Israeli strike hits building in Nabatieh, Lebanese media say",
        "place",
    ),
    # another party quoted saying it
    (
        "Ukraine and Russia swap 90 prisoners each, Kyiv says",
        "Ukraine and Russia swap 90 prisoners each, Moscow says",
        "source",
    ),
    # ... named or not in the gazetteer, when both open with who says it
    (
        "US officials say Israel struck radar site near Isfahan",
        "Israel says it struck radar site near Isfahan",
        "source",
    ),
    (
        "Airbus says A320 engine checks found no further cracks",
        "EASA says A320 engine checks found no further cracks",
        "source",
    ),
    # ... also when both name the country they belong to
    (
        "Kenya's interior ministry says police killed 39 people during protests",
        "Kenya National Commission on Human Rights says police killed 39 people during protests",
        "source",
    ),
    # ... or the owner they belong to, known to the gazetteer or not
    (
        "Freedonia's President Rufus Firefly says he has been placed under house arrest",
        "Freedonia's army officers say President Rufus Firefly has been placed under house arrest",
        "source",
    ),
    # a clipped name the gazetteer does not know is another name
    (
        "Nvidia signs chips deal with Sam",
        "Nvidia signs chips deal with Samsung",
        "place",
    ),
    # who says "it" does: the speaker acts
    (
        "Hezbollah says it accepts French truce plan",
        "Israel says it accepts French truce plan",
        "place",
    ),
    # one people's name for the place: "Latvian" is Latvia's
    (
        "Latvia expels Russian diplomat over spying",
        "Russia expels Latvian diplomat over spying",
        "place",
    ),
    # two vowels changed: two people
    (
        "Police name Martin as suspect in Leeds stabbing",
        "Police name Morton as suspect in Leeds stabbing",
        "place",
    ),
    # ... after a plural name, and with a "by" that names no doer
    (
        "Celtic complete signing of Kyogo Furuhashi from Rangers",
        "Rangers complete signing of Kyogo Furuhashi from Celtic",
        "place",
    ),
    (
        "IDC: Xiaomi overtakes Apple as top phone maker by shipments",
        "IDC: Apple overtakes Xiaomi as top phone maker by shipments",
        "place",
    ),
    # the bare verb after a plural subject, and a market's close
    ("Swiss voters approve pension increase", "Swiss voters reject pension increase", "verb"),
    ("Nikkei closes up 3% as yen weakens", "Nikkei closes down 3% as yen weakens", "verb"),
    # a negative prefix
    (
        "Central bank governor says rate cut in December is likely",
        "Central bank governor says rate cut in December is unlikely",
        "negation",
    ),
    (
        "Court rules strike by rail workers was legal",
        "Court rules strike by rail workers was illegal",
        "negation",
    ),
    # names that sound alike are still two people
    (
        "Hassan Nasrallah addresses supporters in Beirut",
        "Hussein Nasrallah addresses supporters in Beirut",
        "place",
    ),
    (
        "Death toll from dam burst rises to forty-five",
        "Death toll from dam burst rises to 40",
        "number",
    ),
    # opposite results, and a plan against the event
    (
        "Champion's doping sample tested positive for EPO",
        "Champion's doping sample tested negative for EPO",
        "verb",
    ),
    (
        "Powell: a rate cut in September is on the table",
        "Powell: a rate cut in September is off the table",
        "verb",
    ),
    (
        "Court finds former president guilty of conspiracy",
        "Court acquits former president of conspiracy",
        "verb",
    ),
    (
        "India beat Australia by 6 wickets in Perth",
        "India lose to Australia by 6 wickets in Perth",
        "verb",
    ),
    (
        "SpaceX launches Starship Flight 8 from Starbase",
        "SpaceX scrubs Starship Flight 8 launch from Starbase",
        "negation",
    ),
    (
        "Crew scheduled to launch to the space station on Wednesday",
        "Crew launches to the space station",
        "verb",
    ),
    # events new to the lexicon: a seizure is not a sinking, a stampede not a fire
    (
        "Rebels seize cargo ship carrying grain in the Red Sea",
        "Cargo ship carrying grain sank in the Red Sea",
        "verb",
    ),
    (
        "Stampede at religious gathering in Hathras kills more than 100",
        "Fire at religious gathering in Hathras kills more than 100",
        "verb",
    ),
    (
        "Pipeline leak in Rivers state, Shell says production affected",
        "Pipeline explosion in Rivers state, Shell says production affected",
        "verb",
    ),
    # a headline's plan to deploy, and the deployment
    (
        "Kenya to deploy 1,000 police officers to Haiti, Ruto says",
        "Kenya deploys 1,000 police officers to Haiti, Ruto says",
        "verb",
    ),
    # in vs outside, reached vs turned back, tightened vs lifted, burst vs overflowed
    (
        "Protesters storm parliament in Lima as lawmakers debate pension bill",
        "Protesters surround parliament in Lima as lawmakers debate pension bill",
        "verb",
    ),
    (
        "Japan says its moon probe has lost contact with mission control shortly after the burn",
        "Japan says its moon probe has entered orbit around the Moon shortly after the burn",
        "verb",
    ),
    (
        "Turkey lifts most currency controls on exporters, lira to float within a band",
        "Turkey tightens currency controls on exporters as lira slides",
        "verb",
    ),
    (
        "Two dams burst near the city after days of heavy rain",
        "Two dams overflow near the city after days of heavy rain",
        "verb",
    ),
    # "WHO" opening a text is the organisation, not the pronoun
    (
        "Africa CDC declares cholera outbreak a continental emergency",
        "WHO declares cholera outbreak a continental emergency",
        "place",
    ),
    # ... who confirms it, named or not in the gazetteer
    (
        "FDA confirms first US case of the new measles strain in Ohio",
        "Ohio health department confirms first US case of the new measles strain",
        "source",
    ),
    # a threat of the act in its noun ("retaliation" is "retaliates")
    (
        "Armenia vows retaliation for the shelling of Jermuk",
        "Armenia retaliates for the shelling of Jermuk",
        "verb",
    ),
    # the bare verb after a plural: talks that stall have not resumed
    ("Sudan peace talks resume in Jeddah", "Sudan peace talks collapse in Jeddah", "verb"),
    ("Sudan peace talks resume in Jeddah", "Sudan peace talks stall in Jeddah", "verb"),
    # a participle after its noun is not the text's verb
    (
        "Bandits abduct 40 villagers from a market in Zamfara",
        "Bandits free 40 villagers abducted from a market in Zamfara",
        "verb",
    ),
    # the one noun both texts open with, swapped: who it is about, named or not
    (
        "rivian recalls 13,000 trucks over seat belt flaw",
        "lucid recalls 13,000 trucks over seat belt flaw",
        "verb",
    ),
    (
        "nurse charged with murder of three patients in leeds",
        "doctor charged with murder of three patients in leeds",
        "verb",
    ),
    # one more of them
    (
        "Fresh airstrikes hit Khan Younis overnight",
        "Airstrikes hit Khan Younis overnight",
        "number",
    ),
    # ... or the bare verb of one subject
    (
        "Lakers waive veteran guard before the deadline",
        "Lakers sign veteran guard before the deadline",
        "verb",
    ),
    ("Arsenal sack manager after derby defeat", "Arsenal back manager after derby defeat", "verb"),
    (
        "Syrian troops mass near the border at Kessab",
        "Syrian troops cross the border at Kessab",
        "verb",
    ),
    # a headline's plan, and "goes" is "go"
    (
        "Boeing to deliver first 777X to Emirates in May",
        "Boeing delivers first 777X to Emirates in May",
        "verb",
    ),
    ("App set to go dark in India on Friday", "App goes dark in India on Friday", "verb"),
    # a bill under debate is not yet passed
    (
        "Finance committee debates the budget bill ahead of a floor vote",
        "Finance committee approves the budget bill, sending it to a floor vote",
        "verb",
    ),
    # a month or a weekday named, not the modal "may"
    ("Runoff vote set for May 3 in Ecuador", "Runoff vote set for June 3 in Ecuador", "number"),
    ("Strike called for Wednesday at the port", "Strike called for Friday at the port", "number"),
    # who tells it: "X tells Y" quotes X, as "X says" does
    (
        "Witnesses tell Reuters rebels have entered the capital",
        "Government says rebels have entered the capital",
        "source",
    ),
    # ... the party named with its place: the report names the place, not the party
    (
        "Georgia secretary of state certifies Trump win in Georgia and its 16 electoral votes",
        "AP projects Trump wins Georgia and its 16 electoral votes",
        "source",
    ),
    # two bodies of one county
    (
        "LA County sheriff says wildfire death toll rises to 16",
        "LA County medical examiner says wildfire death toll rises to 16",
        "source",
    ),
    # the party's own word vs a media report that does not name it
    (
        "White House: Biden set to block the steel merger",
        "Bloomberg: Biden set to block the steel merger",
        "source",
    ),
    # a day or a period named relative to the post
    (
        "Israel to strike Iran today, officials say",
        "Israel to strike Iran tomorrow, officials say",
        "number",
    ),
    (
        "Explosion at the refinery yesterday kills 3",
        "Explosion at the refinery today kills 3",
        "number",
    ),
    (
        "Beijing to lift remaining Covid rules next week",
        "Beijing to lift remaining Covid rules this week",
        "number",
    ),
    (
        "Fed to cut rates next year, Powell says",
        "Fed to cut rates this year, Powell says",
        "number",
    ),
    # another holder of the office, another team
    ("Former Peruvian president arrested in Lima", "Peruvian president arrested in Lima", "place"),
    ("Arsenal women's coach sacked after cup exit", "Arsenal coach sacked after cup exit", "place"),
    ("Ireland men's team reach the final", "Ireland women's team reach the final", "place"),
    # what will happen vs what may
    (
        "Brazil will send troops to the border, minister says",
        "Brazil may send troops to the border, minister says",
        "verb",
    ),
    # a vote's side, prices going up or down, a hint of a cut
    (
        "Danish parliament votes in favour of the base deal",
        "Danish parliament votes against the base deal",
        "verb",
    ),
    ("petrol prices going up again this week", "petrol prices going down again this week", "verb"),
    ("Bank of Canada signals a rate cut in July", "Bank of Canada cuts rates in July", "verb"),
    # capitals a lower-case post names
    ("protesters storm parliament in accra rn", "protesters storm parliament in dakar rn", "place"),
    # a negation added to a text that negates something else as well
    (
        "Club says it will sell its stadium without a fan vote",
        "Club says it will not sell its stadium without a fan vote",
        "negation",
    ),
    # "agree" and "agreed" are one word, so "fails to agree" negates "agreed"
    (
        "Unions and ministry agreed to extend the pay deal",
        "Unions and ministry fail to agree to extend the pay deal",
        "negation",
    ),
    # who says it, as a wire heads a quote
    (
        "Coach Ortega: striker Mbeki out for the season with a knee injury",
        "Club doctor: striker Mbeki out for the season with a knee injury",
        "source",
    ),
    ("Élysée: French envoy has left Bamako", "Mali junta: French envoy has left Bamako", "source"),
    # ... trailing, with the body in lower case
    (
        "Attack drone downed over Belgorod region, Russia's defence ministry says",
        "Attack drone downed over Belgorod region, Ukraine's general staff says",
        "source",
    ),
    # ... or admits it
    (
        "Rebels say the army shelled the hospital in Kadugli",
        "Army admits it shelled the hospital in Kadugli",
        "source",
    ),
    # a party's own claim vs another's report of it
    (
        "Al-Shabaab claims responsibility for car bomb attack on Mogadishu hotel",
        "Somali officials say al-Shabaab was behind car bomb attack on Mogadishu hotel",
        "stance",
    ),
    (
        "Ruling party claims victory in parliamentary election with 54% of the vote",
        "Election commission names ruling party winner of parliamentary election with 54% of vote",
        "stance",
    ),
    # one score, the sides swapped
    (
        "FT: Inter Milan 2-1 Napoli. Inter go top of Serie A",
        "FT: Napoli 2-1 Inter Milan. Napoli go top of Serie A",
        "place",
    ),
    # advice or an offer vs the act
    (
        "Federal police recommend charging ex-president over alleged coup plot",
        "Prosecutor general charges ex-president over alleged coup plot",
        "verb",
    ),
    (
        "Authorities lift evacuation order for villages near the volcano",
        "Authorities issue evacuation order for villages near the volcano",
        "verb",
    ),
    # two US states, lower case as a tweet writes them
    (
        "freight train carrying chemicals derailed near the ohio-pennsylvania border",
        "freight train carrying chemicals derailed near the ohio-indiana border",
        "place",
    ),
    # an attempt vs the deed
    (
        "UKMTO: armed men in a skiff attempt to board a tanker off Eyl",
        "UKMTO: armed men in a skiff hijack a tanker off Eyl",
        "verb",
    ),
    # a vote planned vs held or decided
    (
        "Thai senate to vote next week on same-sex marriage bill",
        "Thai senate approves same-sex marriage bill, Thailand set to become first in the region",
        "verb",
    ),
    (
        "Dockworkers in Antwerp to vote Monday on the port's latest pay offer",
        "Dockworkers in Antwerp approve the port's latest pay offer",
        "verb",
    ),
    (
        "Ecuador's assembly schedules impeachment vote against the interior minister",
        "Ecuador's assembly votes to remove the interior minister",
        "verb",
    ),
    # a wire's tag is no word of the claim: the one word swapped is still the only change
    (
        "Opposition candidate wins Senegal presidential election, provisional results show",
        "Opposition candidate leads Senegal presidential election, provisional results show - Reuters",
        "verb",
    ),
    # a day or a period counted from the post
    (
        "Thai parliament vote to choose new prime minister set for Friday",
        "Thai parliament vote to choose new prime minister set for next Friday",
        "number",
    ),
    (
        "Comet will be visible to the naked eye this weekend, astronomers say",
        "Comet will be visible to the naked eye next weekend, astronomers say",
        "number",
    ),
    (
        "Olympic silver medallist announces retirement after this season",
        "Olympic silver medallist announces retirement after next season",
        "number",
    ),
    # a name written with "&" is a name
    (
        "Hackers stole call and text records of nearly all AT&T cellular customers",
        "Hackers stole call and text records of nearly all T-Mobile cellular customers",
        "place",
    ),
    # who acts, before a closing "sources tell X"
    (
        "Hamas accepts Egyptian-Qatari ceasefire proposal, sources tell Al Jazeera",
        "Israel accepts Egyptian-Qatari ceasefire proposal, sources tell Al Jazeera",
        "place",
    ),
    # "could use" is possible, "used" done
    (
        "Ukraine could use ATACMS to strike targets inside Russia, US officials say",
        "Ukraine used ATACMS to strike targets inside Russia, US officials say",
        "verb",
    ),
    # what is decided vs only weighed
    (
        "Microsoft will require all employees to return to office five days a week",
        "Microsoft is considering requiring all employees to return to office five days a week",
        "verb",
    ),
    # one action and its opposite
    (
        "Operators shut down reactor at Vogtle nuclear plant after coolant leak",
        "Operators restart reactor at Vogtle nuclear plant after coolant leak",
        "verb",
    ),
    (
        "M23 rebels capture strategic eastern Congo city of Goma, residents say",
        "M23 rebels encircle strategic eastern Congo city of Goma, residents say",
        "verb",
    ),
    (
        "Israeli prime minister reinstates defense minister weeks after firing him",
        "Israeli prime minister dismisses defense minister weeks after firing him",
        "verb",
    ),
    # another stage or kind of one event
    (
        "Coco Gauff wins Australian Open semi-final in straight sets",
        "Coco Gauff wins Australian Open final in straight sets",
        "verb",
    ),
    (
        "Polls close in first round of Romania's presidential election",
        "Polls close in runoff of Romania's presidential election",
        "verb",
    ),
    (
        "Armenia and Azerbaijan sign peace treaty at White House ceremony",
        "Armenia and Azerbaijan sign ceasefire at White House ceremony",
        "verb",
    ),
    (
        "Israel and Hamas agree to ceasefire talks, Egyptian and Qatari mediators say",
        "Israel and Hamas agree to ceasefire, Egyptian and Qatari mediators say",
        "verb",
    ),
    (
        "Judge declares mistrial in trial of three officers charged in Tyre Nichols death",
        "Jury reaches verdict in trial of three officers charged in Tyre Nichols death",
        "verb",
    ),
    (
        "House votes to impeach Homeland Security Secretary over border policy",
        "House votes to censure Homeland Security Secretary over border policy",
        "verb",
    ),
    (
        "Met Office issues red weather warning for wind across Scotland for Friday",
        "Met Office issues amber weather warning for wind across Scotland for Friday",
        "verb",
    ),
    # weather alerts of another level
    (
        "Heat advisory issued for Phoenix as temperatures near 115F",
        "Extreme heat warning issued for Phoenix as temperatures near 115F",
        "place",
    ),
    (
        "Flash flood watch in effect for New York City through Thursday evening",
        "Flash flood emergency in effect for New York City through Thursday evening",
        "place",
    ),
    (
        "NWS issues flood advisories for Kent County",
        "NWS issues flood warnings for Kent County",
        "place",
    ),
    # two parties closing one claim
    (
        "Subway attack suspect had long history of mental illness, police say",
        "Subway attack suspect had long history of mental illness, family says",
        "source",
    ),
    (
        "Death toll in Libya floods rises to 5,300, according to Red Crescent",
        "Death toll in Libya floods rises to 5,300, according to interior ministry",
        "source",
    ),
    (
        "Ford to cut 3,800 jobs in Europe over next three years, company says",
        "Ford to cut 3,800 jobs in Europe over next three years, IG Metall union says",
        "source",
    ),
    # one country's two bodies: its people's name is a place, not a shared party
    (
        "Slovak police say suspect in prime minister shooting acted alone",
        "Slovak interior minister says suspect in prime minister shooting acted alone",
        "source",
    ),
]


@pytest.mark.parametrize(("a", "b"), AGREE)
def test_spurious_conflicts_are_gone(a: str, b: str) -> None:
    assert clash(a, b) is None


@pytest.mark.parametrize(("a", "b", "kind"), DIFFER)
def test_real_conflicts_stay(a: str, b: str, kind: str) -> None:
    found = clash(a, b)
    assert found is not None and found[0] == kind, found


def test_a_swapped_word_is_shown_as_written() -> None:
    found = clash(
        "Streaming service gains 7 million subscribers",
        "Streaming service loses 7 million subscribers",
    )
    assert found == ("verb", "one word swapped for another: gains vs loses")


def test_year_shown_without_its_kind_prefix() -> None:
    found = clash("the 1990 attack", "the 2024 attack")
    assert found == ("number", "numbers differ ['1990'] vs ['2024']")


def test_outlet_place_still_a_place_when_named_elsewhere_in_the_text() -> None:
    # "New York" the place and "The New York Times" the outlet in one text
    assert clash("Shooting in New York, the New York Times reports", "Shooting in Chicago")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pentagon confirms 2 killed in strike on US base", ("confirmed", "Pentagon")),
        (
            "Iran's Foreign Ministry denies involvement in the attack",
            ("denied", "Iran's Foreign Ministry"),
        ),
        ("2 killed in the strike, Pentagon confirms", ("confirmed", "Pentagon")),
        ("The White House has denied the report", ("denied", "White House")),
        ("Officials confirmed the blast", ("confirmed", None)),  # no one named
        ("reports of a blast confirmed", None),
        ("2 killed in strike on US base", None),
    ],
)
def test_stance_of_names_who_confirms_or_denies(text: str, expected: object) -> None:
    assert stance_of(text) == expected


@pytest.mark.parametrize(
    "forms",
    [
        ("agree", "agrees", "agreed", "agreeing"),
        ("strike", "strikes", "striking"),
        ("employee", "employees"),
        ("detect", "detects", "detected"),
        ("evacuation", "evacuations", "evacuates", "evacuated"),
        ("use", "uses", "used", "using"),
        ("die", "dies", "died", "dying"),
    ],
)
def test_stem_is_one_for_every_form(forms: tuple[str, ...]) -> None:
    assert len({stem(w) for w in forms}) == 1, [stem(w) for w in forms]


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        ("Platform to charge verified accounts $8 a month", None),  # a kind of account
        ("Police verified the video of the attack", "confirm"),
    ],
)
def test_verified_confirms_only_as_a_verb(text: str, stance: str | None) -> None:
    src = _prepare(text)
    assert extract_facts(src, normalize(src).split()).stance == stance


def test_a_short_word_with_a_period_at_the_very_end_reads_as_a_name() -> None:
    # nothing follows the period but a space: no word to look at, no crash
    text = "Mass led by Msgr. "
    assert ("msgr", "") in extract_facts(text, normalize(text).split()).entities
