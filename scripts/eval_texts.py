"""Reference texts for the synthetic evaluation set, and what they name.

`STORIES` are short English news stories written for mtcheck's evaluation:
every person, institution, treaty and place in them is invented (the EU, the
UN and NATO appear only as correct mentions). One string is one segment.

`PEOPLE` and `TERMS` say, per document, which persons and which institution or
treaty names the text contains, for these stories and for the project's own
demo and multisystem corpora. The evaluation injects errors into exactly these
spans; listing them by hand keeps the choice of targets independent of the
extraction code the checks use, so a name the extractor misses still gets
injected and still counts against recall.
"""

from __future__ import annotations

STORIES: dict[str, list[str]] = {
    "river-corridor": [
        "Grain barges return to the Lower Danube corridor",
        "Shipping on the Lower Danube corridor resumed on Monday after the Inland Waterways Safety Board (IWSB) lifted a three-week ban on night sailing.",
        "The board's chairman, Oleksandr Kovalsky, said 46 barges had left the port of Vadeni by noon.",
        "Kovalsky told reporters that divers had found no remaining wrecks near the Izmira bend.",
        "Farm minister Nadia Holban said about 1.7 million tonnes of wheat were waiting in silos along the river.",
        "Under the Agreement on Inland Grain Transit (AIGT), signed in 2019, the riverside states share the cost of dredging and pilot services.",
        "Holban said the government would ask the European Investment Bank for a loan of 240 million euros to rebuild the lock gates at Oltenesti.",
        "Dmitri Sokolov, a freight analyst at the Varna Maritime Institute, warned that low water could stop traffic again in August.",
        '"One dry month and we are back where we started," Sokolov said.',
        "Traders on the Danube-Carpathian Grain Exchange said wheat prices fell 12 percent after the announcement.",
        "The IWSB will publish its revised sailing rules on 14 October.",
        "Kovalsky said pilots would again be required for every convoy longer than 180 metres.",
    ],
    "clinic-network": [
        "Coastal towns get first mobile cancer screening units",
        "The Regional Health Agency (RHA) on Wednesday launched six mobile screening units that will visit 38 coastal towns before the end of the year.",
        "Leila Boutaleb, who directs the agency's prevention programme, said the vans could examine up to 90 patients a day.",
        "Boutaleb said the waiting time for a mammogram in the region had grown to 71 days, more than twice the national average.",
        "The units were paid for by the Foundation for Rural Medicine, which gave 4.2 million euros, and by a grant from the EU.",
        "Tomasz Wierzbicki, a radiologist who helped design the vans, said each one carries a digital scanner and a small laboratory.",
        "Patients' groups welcomed the plan but said the agency should also hire more specialists for the district hospitals.",
        "The Union of Coastal Nurses (UCN) warned that the units would draw staff away from clinics that were already short of 300 nurses.",
        "Wierzbicki rejected the criticism, saying the vans would be staffed by retired doctors who had volunteered for the programme.",
        "Health minister Grace Achterberg is expected to visit the first unit in the fishing town of Port Mellis on Friday.",
        "Achterberg has promised to cut waiting times for cancer tests by half within two years.",
        "The RHA said results would be sent to patients within 10 working days.",
    ],
    "ballot-court": [
        "Top court orders recount in disputed mayoral race",
        "The Constitutional Review Court on Thursday ordered a full recount of the mayoral election in the city of Tarvel, citing irregularities at 17 polling stations.",
        "The ruling was read out by the court's president, Aleksandra Maksimova, after a hearing that lasted more than nine hours.",
        "Maksimova said the Central Vote Registry (CVR) had failed to explain why 2,614 ballots were counted twice.",
        "The incumbent mayor, Ruslan Khalilov, had been declared the winner by a margin of only 312 votes.",
        "Khalilov called the decision a gift to his opponents but said he would accept it.",
        "His challenger, Irena Dobrava, said the recount would show that the election had been stolen.",
        "The CVR said it would begin the recount on Monday and publish the results within 21 days.",
        "Observers from the Association for Electoral Integrity said they had reported the problems in writing on election night.",
        "Dobrava thanked the observers and asked voters to remain calm until the final count.",
        "Under the Municipal Elections Act, a new vote must be held if the recount changes the result.",
        "The court fined the CVR 45,000 euros for failing to keep proper records.",
    ],
    "orbital-launch": [
        "Northern space agency launches its first weather satellite",
        "The Northern Space Research Agency (NSRA) successfully launched its first weather satellite on Saturday from the Kirnavik test range.",
        "Mission director Andreas Philippides said the satellite had reached its planned orbit at an altitude of 820 kilometres.",
        "Philippides said the first images would be sent to meteorologists within three weeks.",
        "The satellite was built with instruments supplied by the Institute for Polar Atmospheric Studies (IPAS), which has worked on the project since 2016.",
        "The project cost 310 million euros, about 40 million more than planned.",
        "Kenji Moriyama, who leads the IPAS instrument team, said the satellite would measure sea ice thickness with an accuracy of 5 centimetres.",
        "Moriyama said the data would be shared free of charge with research groups in 14 countries.",
        "Sunita Raghavan, an independent space analyst, said the launch showed that smaller agencies could compete with established ones.",
        "The NSRA plans to launch a second satellite in 2027 under the Arctic-Boreal Observation Programme.",
        "Raghavan warned that the agency still depended on foreign rockets for every mission.",
        "The satellite is designed to operate for at least seven years.",
    ],
    "fisheries-talks": [
        "Pacific states agree new limits on tuna catches",
        "Fisheries ministers from 11 countries agreed on Friday to cut tuna catches by 15 percent over three years at the Andean-Pacific Trade Forum in Valdora.",
        "The deal extends the Coastal Fisheries Compact, which has governed catches in the region since 2008.",
        "Camila Restrepo, who chaired the talks, said the cuts were needed to stop the collapse of bigeye tuna stocks.",
        "Restrepo said the Pacific Fisheries Monitoring Office (PFMO) would place observers on every vessel longer than 24 metres.",
        "Mateo Villanueva, who represents the fishing industry association, said the cuts would cost about 3,800 jobs.",
        "Villanueva asked governments to set up a compensation fund for crews who lose their work.",
        "Ingrid Halvorsen, a marine biologist at the University of Sor-Varanger, said the cuts were smaller than scientists had recommended.",
        "Halvorsen said stocks had fallen by almost half since 1995.",
        "The PFMO will report to ministers on the first year of the new limits in March 2026.",
        "Environmental groups said they would go to the Permanent Court of Maritime Arbitration if the limits were not enforced.",
        "The next meeting of the Andean-Pacific Trade Forum is planned for Lima.",
    ],
    "rail-alliance": [
        "Freight operators sign up to cross-border rail plan",
        "Seven freight operators on Tuesday joined the Baltic-Adriatic Rail Alliance, which aims to move 30 percent of road freight between the two seas onto trains by 2035.",
        "The alliance's secretary general, Yusuf Demirtash, said the members would invest 2.6 billion euros in new wagons and terminals.",
        "Demirtash said the first daily service between Gdynia and Koper would start in May.",
        "The European Rail Freight Office (ERFO) has promised to simplify border checks for trains run by alliance members.",
        "Petra Novakova, who heads the Czech operator Bohemia Cargo, said delays at borders still added up to 19 hours to each trip.",
        "Novakova said her company would buy 400 new wagons for the service.",
        "Road hauliers criticised the plan, saying it would receive subsidies that trucking companies did not get.",
        "Stefan Kolarov, a spokesman for the hauliers' association, said the alliance had been promised 700 million euros of public money.",
        "Kolarov said his members would challenge the subsidies before the Competition Appeals Tribunal.",
        "ERFO officials said the subsidies had been approved by the European Commission in 2023.",
        "The alliance expects to carry its first million tonnes of freight by the end of 2026.",
    ],
}

# Persons named in each document, as the reference writes their full names.
PEOPLE: dict[str, list[str]] = {
    # corpora/demo
    "energy-summit": ["Taras Zhuravskyy", "Aino Kettunen"],
    "flood-relief": ["Elena de la Vega", "Jean-Luc Moreau-Diallo", "Anna von Hartmann", "M. K. Adeyemi"],
    "parliament-vote": ["Elin Brandt", "Tomas Lindqvist", "Marta Ekholm"],
    "port-strike": ["Marta Kolesnik", "Pavel Dorin"],
    # corpora/multisystem
    "rail-tender": ["Annegret Wolterink"],
    "hospital-reform": ["Bernd Aschauer"],
    # STORIES
    "river-corridor": ["Oleksandr Kovalsky", "Nadia Holban", "Dmitri Sokolov"],
    "clinic-network": ["Leila Boutaleb", "Tomasz Wierzbicki", "Grace Achterberg"],
    "ballot-court": ["Aleksandra Maksimova", "Ruslan Khalilov", "Irena Dobrava"],
    "orbital-launch": ["Andreas Philippides", "Kenji Moriyama", "Sunita Raghavan"],
    "fisheries-talks": ["Camila Restrepo", "Mateo Villanueva", "Ingrid Halvorsen"],
    "rail-alliance": ["Yusuf Demirtash", "Petra Novakova", "Stefan Kolarov"],
}

# Institution, treaty and programme names (without acronyms) in each document.
TERMS: dict[str, list[str]] = {
    "energy-summit": ["Nordic-Baltic Energy Council"],
    "flood-relief": [],
    "parliament-vote": ["Baltic Arms Limitation Treaty", "Constitutional Court"],
    "port-strike": ["United Dockworkers' Union", "Coastal Shipping Authority", "Port Authority"],
    "rail-tender": ["Railway Regulatory Authority"],
    "hospital-reform": ["Institute for Hospital Planning"],
    "river-corridor": [
        "Inland Waterways Safety Board",
        "Agreement on Inland Grain Transit",
        "Varna Maritime Institute",
        "Danube-Carpathian Grain Exchange",
        "European Investment Bank",
    ],
    "clinic-network": ["Regional Health Agency", "Foundation for Rural Medicine", "Union of Coastal Nurses"],
    "ballot-court": [
        "Constitutional Review Court",
        "Central Vote Registry",
        "Association for Electoral Integrity",
        "Municipal Elections Act",
    ],
    "orbital-launch": [
        "Northern Space Research Agency",
        "Institute for Polar Atmospheric Studies",
        "Arctic-Boreal Observation Programme",
    ],
    "fisheries-talks": [
        "Andean-Pacific Trade Forum",
        "Coastal Fisheries Compact",
        "Pacific Fisheries Monitoring Office",
        "Permanent Court of Maritime Arbitration",
    ],
    "rail-alliance": [
        "Baltic-Adriatic Rail Alliance",
        "European Rail Freight Office",
        "Competition Appeals Tribunal",
    ],
}
