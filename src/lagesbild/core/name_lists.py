"""Word lists for finding personal names in Swedish (and some English) report text.

Written for this project from public facts: the most common first names and surnames in
Sweden as published by SCB (whole population and newborns of recent years), names common
among Swedes of Finnish, Balkan, Polish, Turkish, Arabic, Persian and Somali origin, and
common English names for reports written in English. The lists are deliberately compact;
:mod:`lagesbild.core.names` combines them with cues and word shapes, so a name missing here
is still found after a cue ("grannen", "rektor") or next to a listed name.
"""

from __future__ import annotations

from typing import Final


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


FIRST_NAMES: Final = _words(
    """
    Lars Mikael Michael Anders Johan Erik Per Pär Karl Carl Peter Jan Thomas Tomas Daniel
    Fredrik Hans Bengt Mats Sven Magnus Nils Björn Andreas Stefan Alexander Aleksander
    Jonas Martin Bo Mattias Matthias Mathias Göran Gustav Gustaf Henrik Leif Ulf Oskar
    Oscar Christer Krister Olof Olov Marcus Markus Niklas Nicklas Håkan Lennart Kent Anton
    William Emil Sebastian Simon Tommy Viktor Victor Kjell Rolf Stig Robert Christian
    Kristian Kristoffer Christoffer Joakim Roger Jonathan Patrik Patrick Filip Philip Åke
    Jakob Jacob Lucas Lukas Oliver Hugo Elias Isak Isac Liam Noah Adam Axel Gabriel Ludvig
    Albin Vincent Melvin Leo Theo Teo Olle Arvid Rasmus Jesper Tobias Robin Kevin Dennis
    Pontus Jimmy Roland Ingvar Gunnar Arne Rune Bertil Kurt Tore Sten Dag Tom Claes Klas
    Ola Ove Kenneth Conny Johnny Ronny Tony Samuel David Benjamin Felix Viggo Elis Vidar
    Malte Sixten Valter Walter Harry Charlie Frans Otto Josef Alfred Edvin Wilmer Love Max
    Sam Mio Milo Matteo Alvin Casper Kasper Linus Johannes Jörgen Ingemar Kalle Janne
    Micke Jocke Lasse Pelle Nisse Sigge Stellan Sture Folke Einar Erling Hampus Gösta Sune
    Evert Allan Alf Holger Harald Ragnar Torsten Birger Sigvard Vilhelm Wilhelm Hjalmar
    Ivar Ture Rikard Richard Jens Jon Torbjörn Tord Thord Melker August Loke Colin Elton
    Levi Otis Ebbe Henry Vilgot Iver Adrian Aron Aaron Julius Edward Eddie Neo Dante Eskil
    Bill Ben Kim Ville Milan
    Mohammed Mohamed Mohammad Mohamad Muhammad Muhammed Ahmed Ahmad Ali Omar Hassan Hussein
    Hussain Yusuf Yousef Youssef Ibrahim Ismail Mustafa Abdi Abdullah Abdullahi Abdirahman
    Mahmoud Hamid Reza Karim Khalid Khaled Samir Tarek Yasin Yassin Hamza Bilal Idris Amir
    Adnan Emir Edin Armin Mirza Haris Kenan Senad Dragan Goran Zoran Nikola Marko Dejan
    Nenad Mehmet Ahmet Murat Emre Kerem Burak Arash Babak Farid Navid Omid Saeed Mehdi
    Dariush Kaveh Piotr Pawel Paweł Tomasz Krzysztof Marek Jakub Andrzej Mikko Jukka Timo
    Pekka Matti Juha Kari Antti Jari Mika Dawit Yonas Mohamud
    John James Paul George Steven Stephen Mark Andrew Matthew Chris Christopher Brian Gary
    Jack Joe Joseph Charles Anthony Ryan Sean Connor Luke Nathan Ian Neil Stuart Craig
    Scott Kyle Lewis Jamie Alan Keith Graham
    Anna Eva Maria Karin Sara Sarah Kristina Christina Lena Emma Kerstin Ingrid Marie Malin
    Jenny Hanna Hannah Linda Annika Birgitta Susanne Elin Monica Monika Inger Sofia Sophia
    Sophie Johanna Ulla Elisabeth Elisabet Julia Carina Linnea Linnéa Katarina Catarina Ida
    Helena Camilla Åsa Anneli Sandra Gunilla Marianne Ebba Cecilia Josefin Josefine Anette
    Annette Margareta Lisa Matilda Maja Amanda Therese Theres Frida Louise Lovisa Elsa Alice
    Agnes Olivia Ella Wilma Vilma Alva Astrid Saga Vera Ellen Selma Alma Stella Freja Signe
    Klara Clara Tilda Moa Nora Lova Elvira Molly Ines Isabelle Isabella Emilia Felicia Tova
    Tove Tuva Ronja Linn Lina Hedvig Greta Siri Iris Liv Stina Ann Anne Annie Anja Anita
    Britt Gun Siv Barbro Birgit Gunnel Ingegerd Yvonne Pia Petra Jessica Caroline Emelie
    Emelia Emilie Fatima Amina Maryam Mariam Sofie Nathalie Natalie Jennifer Rebecka Rebecca
    Hilda Ester Mira Mina Vilja Majken Lo Viola Rosa Svea Tyra Elise Ellinor Evelina
    Madeleine Angelica Veronica Charlotte Magdalena Ulrika Ulrica Lotta Lotte Lise Marika Mia
    Sanna Jeanette Maj Gerd Solveig Agneta Lisbeth Mona Ewa Kajsa Hillevi Irene Ingela Inga
    Berit Gudrun Ruth Rut Märta Dagny Ingeborg Margit Sonja Lilian Carola Gabriella Erika
    Eleonora Filippa Fanny Hedda Hilma Joanna Jasmine Jasmin Yasmin Jonna Julie Karolina
    Kristin Mikaela Michaela Minna Miriam Nina Nellie Paula Sabina Sabrina Sigrid Tina
    Vanessa Victoria Viktoria Ylva Amira Aya Dina Leyla Lejla Nadia Noor Nour Rania Sana
    Samira Zeynep Elif Ayse Ayşe Emine Hanan Hodan Fadumo Ifrah Asha Halima Khadija Amal Huda
    Iman Marwa Sahar Shirin Parisa Mahsa Neda Mirja Kaisa Riitta Päivi Tuula Aino Katja
    Marja Seija Sirpa Agnieszka Katarzyna Aleksandra Ana Jelena Milica Ivana Marina Tatjana
    Natalia Amra Emina Amela Aida Edina Ajla Leila Layla Aisha Zahra Hawa
    Mary Emily Jane Susan Laura Kate Katie Lucy Rachel Helen Claire Amy Chloe Elizabeth
    Margaret Karen Patricia Michelle Nicola Megan Lauren Ellie Grace Rose
    """
)

# First names that are also ordinary words ("Per dygn", "Björn observerad", "Inga skador",
# "Mark and door"): at the start of a sentence they need a surname after them, or a verb
# that only a person does ("Stig ringde").
AMBIGUOUS_FIRST_NAMES: Final = _words(
    """
    Per Bo Stig Dag Tom Sten Maj Klara Love Lo Liv Saga Vilja Rosa Iris Viola Linnea Björn
    Axel Mats Svea Mina Max Hans Lina Sanna Lotta Inga Rut Ester Frans Ben Ville Milan Mark
    Bill Jack Grace Rose Ebba August Said Jan Karl Lisa Linda Inger Roger Ruth Sam Kim Dina
    Marina Lova Ana Tina
    """
)

# Lower case, these are ordinary words ("hans", "per", "sten"): written in lower case
# they count as a name only with a listed surname after them.
LOWERCASE_AMBIGUOUS_FIRST_NAMES: Final = frozenset(
    name.lower() for name in AMBIGUOUS_FIRST_NAMES
) | _words("nisse tuva alma ella adam tina siv gun jon ana dina marina lova")

# First names that are also brands ("Max" burgers, "Svea" security): they need a surname
# or a cue wherever they stand.
BRAND_FIRST_NAMES: Final = _words("Max Svea")

# First names that are also district or parish names ("i Sofia", "på Klara").
PLACE_FIRST_NAMES: Final = _words(
    "Sofia Klara Maria Oscar Johannes Hedvig Katarina Gustav Kristina Milan"
)

# Months and weekdays in English that are also first names: "12 Jan", "in August".
MONTH_FIRST_NAMES: Final = _words("Jan August")

SURNAMES: Final = _words(
    """
    Andersson Johansson Karlsson Carlsson Nilsson Eriksson Larsson Olsson Persson Svensson
    Gustafsson Gustavsson Pettersson Petersson Jonsson Jansson Hansson Bengtsson Jönsson
    Lindberg Jakobsson Jacobsson Magnusson Olofsson Lindström Lindqvist Lindkvist Lindgren
    Axelsson Berg Bergström Lundberg Lind Lundgren Lundqvist Lundkvist Mattsson Berglund
    Fredriksson Sandberg Henriksson Forsberg Sjöberg Wallin Ali Engström Mohamed Mohammed
    Eklund Danielsson Lundin Håkansson Björk Bergman Gunnarsson Holm Wikström Samuelsson
    Isaksson Fransson Bergqvist Bergkvist Nyström Holmberg Arvidsson Löfgren Söderberg
    Nyberg Blomqvist Claesson Nordström Mårtensson Lundström Ahmed Viklund Björklund
    Eliasson Pålsson Hassan Berggren Sandström Lund Nordin Ström Åberg Hermansson Ekström
    Holmgren Sundberg Hedlund Dahlberg Hellström Sjögren Abrahamsson Falk Öberg Andreasson
    Blom Ek Månsson Strand Dahl Sundström Hussein Ibrahim Omar Abdi Yusuf Nyman Lindholm
    Jensen Nielsen Hansen Larsen Öhman Jonasson Ekberg Ekman Hedberg Lindblom Johnsson
    Johnson Davidsson Göransson Nordberg Lindahl Sjöstedt Wennberg Törnqvist Kristiansson
    Christiansson Adolfsson Ottosson Åkesson Nordqvist Nordlund Sandin Lindell Lindén
    Forslund Hedström Sundqvist Sundin Söderström Söderlund Åström Holmqvist Bäckström
    Strömberg Ekholm Engberg Englund Berntsson Svedberg Sjödin Ljung Ljungberg Ljunggren
    Boström Edlund Eklöf Ekblom Blomberg Blomgren Borg Brandt Björkman Dahlgren Dahlström
    Ekdahl Fagerström Forsman Franzén Grönberg Grönlund Hagström Hallberg Hammar Hedin
    Hedman Hellberg Holmström Hult Kjellberg Kvist Lindh Lundmark Lundell Malm Malmberg
    Malmström Norberg Nordgren Norman Nyqvist Palm Rosén Rydberg Sandell Stenberg
    Strandberg Wahlberg Wahlström Wallgren Wiberg Wikman Westberg Westerberg Åkerman
    Åkerlund Khalil Yilmaz Yıldız Kaya Demir Çelik Şahin Öztürk Aydın Arslan Hosseini
    Ahmadi Mohammadi Hashemi Rahimi Karimi Jafari Mahmoud Osman Warsame Farah Jama Nur Aden
    Abdullahi Mohamud Khan Saleh Nguyen Tran Nowak Kowalski Virtanen Korhonen Mäkinen
    Nieminen Heikkinen Smith Jones Williams Brown Taylor Wilson Miller Davies Evans
    """
)

# Surnames that are also ordinary words or towns ("Lund", "Berg", "Ek"): never a name on
# their own, only with a first name, an initial or a cue.
WORDLIKE_SURNAMES: Final = _words(
    """
    Berg Lind Lund Holm Björk Ström Falk Blom Ek Strand Dahl Omar Ali Borg Brandt Hammar
    Hult Kvist Ljung Malm Palm Norman Nur Khan Brown Smith Miller Jones Taylor Hassan Ahmed
    Ibrahim Hussein Yusuf Mohamed Mohammed Abdi Osman Farah Aden Said Saleh Demir Kaya
    """
)

# Lower-case particles inside a surname: "von Platen", "af Klint", "de la Gardie".
NAME_PARTICLES: Final = _words(
    "von af de del della der den di da du la le van ter ten zu bin ibn al el dos das"
)
# Particles that mark a surname even after a first name we do not know ("Hedda af Klint").
STRONG_PARTICLES: Final = _words("von af van della ibn bin")
# Lower-case prefixes glued to a surname by a hyphen: "al-Hassan", "el-Sayed".
NAME_PREFIXES: Final = _words("al el bin ibn abu ben")

# Words that put a name after them: titles, roles and relations in Swedish and English.
NAME_CUES: Final = _words(
    """
    heter hette heta kallad kallas kallade namnet alias herr hr fru fröken rektor rektorn
    vaktmästare vaktmästaren väktare väktaren ordningsvakt ordningsvakten skiftledare
    skiftledaren grannen granne kollega kollegan eleven elev målsägande målsäganden vittnet
    anmälaren anmälare hyresgäst hyresgästen hyresvärden fastighetsskötare
    fastighetsskötaren läraren lärare lärarinnan mentor mentorn kurator kuratorn
    skolsköterskan skolsköterska fritidsledare fritidsledaren elevassistent elevassistenten
    skolvärd skolvärden butikschef butikschefen förvaltare förvaltaren styrkeledare
    styrkeledaren insatsledare insatsledaren räddningsledare räddningsledaren brandman
    brandmannen brandorsaksutredare brandorsaksutredaren polisassistent polisassistenten
    kommissarie inspektör boende familjen sonen dottern mamman pappan brodern systern
    kontaktperson kontaktpersonen ordförande ordföranden
    mr mrs ms miss dr teacher caretaker guard neighbour neighbor pupil student tenant
    witness officer firefighter manager named called
    """
)

# Verbs that only a person does: "Stig ringde" is a man, "Stig längs ån" a path.
PERSON_VERBS: Final = _words(
    """
    ringde ringer sa sade säger berättade berättar meddelade meddelar larmade larmar uppgav
    uppger anmälde anmäler rapporterade rapporterar lovade lovar svarade svarar frågade
    frågar pratade pratar skrev skriver kontaktade kontaktar called said reported told
    """
)
