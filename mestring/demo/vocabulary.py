"""Norwegian course vocabulary for the demo data: what LMS and municipalities really offer.

Each template describes one kind of course; the generator varies title, audience, place and
timing around it. Titles and topics are written the way hospital and municipal course pages
write them, compound words included.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class CourseTemplate:
    titles: tuple[str, ...]
    theme: str
    fields: tuple[str, ...]
    diagnoses: tuple[str, ...]
    target_groups: tuple[str, ...]  # main target group drawn from these, first most likely
    age_groups: tuple[str, ...]
    sessions: tuple[int, int]
    level: str  # who offers it: "specialist", "municipal" or "both"
    intro: str
    topics: tuple[str, ...]
    referral: float = 0.2  # share of offers that need a doctor's referral
    evening: bool = False  # held in the evening only (its texts say so)
    bring: str = ""  # what participants should bring, where it matters


TEMPLATES: tuple[CourseTemplate, ...] = (
    CourseTemplate(
        (
            "Diabeteskurs – type 2",
            "Leve med diabetes type 2",
            "Diabetesskole",
            "Kurs om diabetes type 2",
        ),
        "spesifikk_diagnose",
        ("somatikk",),
        ("diabetes",),
        ("pasient", "pasient_og_parorende"),
        ("voksne",),
        (2, 4),
        "both",
        "Kurset gir deg kunnskap om diabetes type 2 og hvordan du kan ta vare på helsen din i hverdagen.",
        (
            "blodsukker og måling",
            "kosthold og måltidsrytme",
            "fysisk aktivitet",
            "medisiner og insulin",
            "føtter, øyne og hjerte",
            "erfaringer fra en som selv har diabetes",
        ),
    ),
    CourseTemplate(
        (
            "Diabeteskurs for ungdom med type 1",
            "Leve med diabetes type 1 – ungdom",
            "Diabetesleir for unge",
        ),
        "spesifikk_diagnose",
        ("somatikk",),
        ("diabetes",),
        ("pasient", "hele_familien"),
        ("ungdom", "unge_voksne"),
        (2, 3),
        "specialist",
        "For ungdom med diabetes type 1 som vil bli tryggere på å styre sykdommen selv.",
        (
            "insulinpumpe og sensor",
            "trening og fest",
            "overgang til voksenavdeling",
            "å fortelle andre",
        ),
        0.6,
    ),
    CourseTemplate(
        (
            "Hjertekurs etter hjerteinfarkt",
            "Hjerteskole",
            "Leve med hjertesvikt",
            "Kurs for hjertepasienter og pårørende",
        ),
        "spesifikk_diagnose",
        ("somatikk",),
        ("hjerte_kar",),
        ("pasient_og_parorende", "pasient"),
        ("voksne", "eldre"),
        (2, 6),
        "specialist",
        "Etter et hjerteinfarkt eller med hjertesvikt er det mye å lære. Kurset gir svar på vanlige spørsmål.",
        (
            "hvordan hjertet virker",
            "medisiner",
            "fysisk aktivitet etter infarkt",
            "angst og uro etter sykdom",
            "samliv og sex",
            "kosthold for hjertet",
        ),
        0.4,
    ),
    CourseTemplate(
        ("KOLS-skole", "Lungeskole", "Leve med KOLS", "Kurs for personer med astma og KOLS"),
        "spesifikk_diagnose",
        ("somatikk",),
        ("lunge",),
        ("pasient_og_parorende", "pasient"),
        ("voksne", "eldre"),
        (3, 6),
        "both",
        "For deg som har kronisk obstruktiv lungesykdom (KOLS) eller astma, og dine nærmeste.",
        (
            "pust og pusteteknikker",
            "inhalasjonsmedisiner",
            "forverring og egenbehandlingsplan",
            "trening med lungesykdom",
            "røykeslutt",
            "energiøkonomisering",
        ),
        0.4,
    ),
    CourseTemplate(
        (
            "Leve med kreft",
            "Kurs for kreftrammede og pårørende",
            "Mestringskurs etter kreftbehandling",
            "Hverdag etter brystkreft",
        ),
        "spesifikk_diagnose",
        ("somatikk",),
        ("kreft",),
        ("pasient_og_parorende", "pasient", "parorende_voksne"),
        ("voksne",),
        (1, 5),
        "specialist",
        "Et kurs om å leve med kreft og senskader, med tid til samtale med andre i samme situasjon.",
        (
            "utmattelse (fatigue)",
            "kosthold under og etter behandling",
            "tilbake til jobb",
            "rettigheter og økonomi",
            "å snakke med barna om kreft",
        ),
    ),
    CourseTemplate(
        (
            "Lær å leve med langvarige smerter",
            "Smertemestringskurs",
            "Kurs i mestring av kroniske smerter",
        ),
        "spesifikk_diagnose",
        ("somatikk",),
        ("smerte", "muskel_skjelett"),
        ("pasient",),
        ("voksne",),
        (4, 8),
        "both",
        "Et kurs for deg som har hatt smerter i lang tid og vil finne måter å leve bedre med dem.",
        (
            "hva er langvarige smerter",
            "aktivitet og hvile",
            "søvn og smerte",
            "tanker og følelser",
            "medisiner mot smerte",
        ),
        0.5,
    ),
    CourseTemplate(
        (
            "Kurs for pårørende til personer med demens",
            "Pårørendeskole demens",
            "Demensskole for pårørende",
        ),
        "spesifikk_diagnose",
        ("somatikk",),
        ("demens",),
        ("parorende_voksne", "pasient_og_parorende"),
        ("voksne", "eldre"),
        (4, 6),
        "municipal",
        "Pårørendeskolen gir kunnskap om demens og hjelp til å stå i en krevende hverdag.",
        (
            "hva er demens og Alzheimers sykdom",
            "kommunikasjon",
            "rettigheter og tjenester",
            "å ta vare på seg selv som pårørende",
            "juridiske spørsmål og fremtidsfullmakt",
        ),
        0.0,
    ),
    CourseTemplate(
        ("Leve med hjerneslag", "Slagskole", "Kurs etter hjerneslag for pasienter og pårørende"),
        "spesifikk_diagnose",
        ("somatikk",),
        ("hjerneslag",),
        ("pasient_og_parorende",),
        ("voksne", "eldre"),
        (3, 5),
        "specialist",
        "Etter et hjerneslag endrer hverdagen seg. Kurset er for den som har hatt slag og de nærmeste.",
        ("slag og følger av slag", "afasi og kommunikasjon", "trøtthet", "bilkjøring og arbeid"),
        0.5,
    ),
    CourseTemplate(
        ("Leve med revmatisk sykdom", "Revmatismeskole", "Kurs om leddgikt"),
        "spesifikk_diagnose",
        ("somatikk",),
        ("muskel_skjelett",),
        ("pasient",),
        ("voksne",),
        (2, 4),
        "specialist",
        "Kunnskap om revmatiske sykdommer, behandling og hvordan du kan bruke kroppen på en god måte.",
        ("betennelse og medisiner", "trening og leddvern", "arbeid og rettigheter"),
        0.6,
    ),
    CourseTemplate(
        (
            "Leve med epilepsi",
            "Epilepsiskole for foreldre",
            "Kurs om MS for nydiagnostiserte",
            "Parkinsonskole",
        ),
        "spesifikk_diagnose",
        ("somatikk",),
        ("nevrologi",),
        ("pasient_og_parorende", "parorende_foresatte"),
        ("voksne", "tvers_av_alder"),
        (1, 4),
        "specialist",
        "Et kurs om å leve med en nevrologisk sykdom, med leger, sykepleiere og brukerrepresentanter.",
        ("diagnose og behandling", "anfall og førstehjelp", "skole og arbeid", "rettigheter"),
        0.6,
    ),
    CourseTemplate(
        (
            "Kurs om inflammatorisk tarmsykdom",
            "Leve med Crohns sykdom og ulcerøs kolitt",
            "Cøliakikurs",
        ),
        "spesifikk_diagnose",
        ("somatikk",),
        ("fordoyelse",),
        ("pasient",),
        ("voksne", "unge_voksne"),
        (1, 2),
        "specialist",
        "For deg som har fått en sykdom i tarmen og vil vite mer om behandling og hverdagsliv.",
        ("sykdommen og behandlingen", "kosthold", "utmattelse", "graviditet og arv"),
        0.5,
    ),
    CourseTemplate(
        ("Kurs for foreldre til barn med sjelden diagnose", "Familiekurs – sjeldne diagnoser"),
        "spesifikk_diagnose",
        ("somatikk",),
        ("sjelden",),
        ("parorende_foresatte", "hele_familien"),
        ("barn", "tvers_av_alder"),
        (2, 3),
        "specialist",
        "For familier som har et barn med en sjelden diagnose: kunnskap, nettverk og erfaringsdeling.",
        (
            "habilitering og oppfølging",
            "søsken",
            "barnehage og skole",
            "hjelpestønad og rettigheter",
        ),
        0.7,
    ),
    CourseTemplate(
        ("Foreldrekurs ADHD", "ADHD-skole for foreldre", "Kurs for foresatte til barn med ADHD"),
        "spesifikk_diagnose",
        ("psykisk_helse",),
        ("adhd",),
        ("parorende_foresatte",),
        ("barn", "ungdom"),
        (4, 8),
        "specialist",
        "Et kurs for foreldre og foresatte til barn og unge med ADHD.",
        (
            "hva er ADHD",
            "struktur og rutiner",
            "samarbeid med skolen",
            "medisiner",
            "søsken og familieliv",
        ),
        0.7,
    ),
    CourseTemplate(
        ("Leve med ADHD som voksen", "ADHD-kurs for voksne"),
        "spesifikk_diagnose",
        ("psykisk_helse",),
        ("adhd",),
        ("pasient",),
        ("voksne", "unge_voksne"),
        (4, 6),
        "specialist",
        "For voksne med ADHD som vil lære mer om diagnosen og finne strategier for hverdagen.",
        ("konsentrasjon og planlegging", "søvn", "arbeid og studier", "relasjoner"),
        0.8,
    ),
    CourseTemplate(
        (
            "Kurs i mestring av depresjon (KiD)",
            "KiD – kurs i mestring av depresjon",
            "Depresjonsmestring",
        ),
        "spesifikk_diagnose",
        ("psykisk_helse",),
        ("depresjon",),
        ("pasient",),
        ("voksne",),
        (8, 8),
        "both",
        "KiD er et kurs for deg som har milde til moderate plager med nedstemthet og depresjon.",
        ("tanker og følelser", "aktivitet og glede", "søvn", "å forebygge tilbakefall"),
        0.1,
    ),
    CourseTemplate(
        ("Kurs i belastningsmestring (KiB)", "Mestring av stress og belastning"),
        "tvers_av_diagnoser",
        ("psykisk_helse",),
        (),
        ("alle_interesserte", "pasient"),
        ("voksne",),
        (6, 8),
        "municipal",
        "Et kurs for deg som opplever stress og belastninger i hverdagen og vil håndtere dem bedre.",
        ("stress og kropp", "tankemønstre", "grensesetting", "avspenning"),
        0.0,
    ),
    CourseTemplate(
        ("Angstmestringskurs", "Kurs om angst – for unge", "Mestring av angst og uro"),
        "spesifikk_diagnose",
        ("psykisk_helse",),
        ("angst",),
        ("pasient",),
        ("voksne", "ungdom", "unge_voksne"),
        (4, 8),
        "both",
        "For deg som kjenner på angst, uro og bekymringer og vil lære hva som hjelper.",
        ("hva er angst", "pust og kropp", "eksponering i små steg", "søvn og bekymring"),
        0.3,
    ),
    CourseTemplate(
        (
            "Psykoseskole for pårørende",
            "Familiekurs psykose",
            "Kurs for pårørende til personer med psykoselidelse",
        ),
        "spesifikk_diagnose",
        ("psykisk_helse",),
        ("psykose",),
        ("parorende_voksne", "parorende_foresatte", "nettverk"),
        ("voksne",),
        (4, 8),
        "specialist",
        "Et kurs for foreldre, partnere og andre nære pårørende til personer med psykoselidelse.",
        (
            "psykose og schizofreni",
            "behandling og medisiner",
            "kommunikasjon",
            "kriseplan",
            "å ta vare på seg selv",
        ),
        0.0,
    ),
    CourseTemplate(
        ("Kurs om bipolar lidelse", "Leve med bipolar lidelse"),
        "spesifikk_diagnose",
        ("psykisk_helse",),
        ("bipolar",),
        ("pasient_og_parorende",),
        ("voksne",),
        (4, 6),
        "specialist",
        "Kunnskap om bipolar lidelse, behandling og hvordan pasient og pårørende kan samarbeide.",
        ("svingninger og varseltegn", "medisiner", "døgnrytme", "pårørendes rolle"),
        0.6,
    ),
    CourseTemplate(
        (
            "Kurs for foreldre til barn med autisme",
            "Autismeskole for foresatte",
            "Asperger – kurs for familier",
        ),
        "spesifikk_diagnose",
        ("psykisk_helse",),
        ("asperger",),
        ("parorende_foresatte", "hele_familien"),
        ("barn", "ungdom"),
        (3, 6),
        "specialist",
        "For foreldre og foresatte til barn og unge med autismespekterdiagnose.",
        ("hva er autisme", "kommunikasjon og struktur", "skole", "søsken"),
        0.7,
    ),
    CourseTemplate(
        ("Touretteskole for familier", "Kurs om Tourettes syndrom"),
        "spesifikk_diagnose",
        ("psykisk_helse",),
        ("tourette",),
        ("parorende_foresatte", "hele_familien"),
        ("barn", "ungdom"),
        (1, 2),
        "specialist",
        "For familier med barn som har Tourettes syndrom eller andre tics-lidelser.",
        ("tics og behandling", "skole og venner", "følgetilstander"),
        0.6,
    ),
    CourseTemplate(
        (
            "Kurs for pårørende til personer med spiseforstyrrelser",
            "Foreldrekurs spiseforstyrrelser",
        ),
        "spesifikk_diagnose",
        ("psykisk_helse",),
        ("spiseforstyrrelser",),
        ("parorende_foresatte",),
        ("ungdom", "unge_voksne"),
        (3, 5),
        "specialist",
        "For foreldre og andre nære pårørende til unge med spiseforstyrrelser.",
        ("anoreksi, bulimi og overspising", "måltider hjemme", "samarbeid med behandlerne"),
        0.2,
    ),
    CourseTemplate(
        ("Kurs om rus for pårørende", "Pårørendekurs rus", "Pårørendeskole – rus og avhengighet"),
        "spesifikk_diagnose",
        ("rus",),
        ("rus",),
        ("parorende_voksne", "parorende_foresatte", "nettverk"),
        ("voksne",),
        (4, 8),
        "both",
        "For deg som er pårørende til en som har problemer med rusmidler eller avhengighet.",
        (
            "avhengighet og rusmidler",
            "medavhengighet",
            "grensesetting",
            "hjelpeapparatet",
            "håp og bedring",
        ),
        0.0,
    ),
    CourseTemplate(
        (
            "Mestringskurs for personer i rusbehandling",
            "Kurs om rus og psykisk helse",
            "Tilbakefallsforebygging",
        ),
        "spesifikk_diagnose",
        ("rus", "psykisk_helse"),
        ("rus",),
        ("pasient",),
        ("voksne", "unge_voksne"),
        (6, 12),
        "specialist",
        "Et gruppetilbud for deg som er i behandling for rusproblemer og vil styrke mestringen av hverdagen.",
        ("sug og tilbakefall", "følelser", "nettverk og fritid", "bolig, arbeid og økonomi"),
        0.9,
    ),
    CourseTemplate(
        (
            "Kurs for barn som pårørende",
            "Gruppe for barn som pårørende (BAP)",
            "Barnegruppe – når mor eller far er syk",
            "Ungdomsgruppe for unge pårørende",
        ),
        "tvers_av_diagnoser",
        ("psykisk_helse", "rus"),
        (),
        ("parorende_barn",),
        ("barn", "ungdom"),
        (6, 10),
        "both",
        "Et tilbud til barn og unge som har en mor, far eller søsken med psykisk sykdom eller rusproblemer.",
        (
            "å forstå sykdommen",
            "følelser og tanker",
            "hvem kan jeg snakke med",
            "lek og fellesskap",
        ),
        0.0,
    ),
    CourseTemplate(
        (
            "Mestringskurs for pårørende",
            "Pårørendeskolen",
            "Kurs for pårørende til personer med psykisk lidelse",
        ),
        "tvers_av_diagnoser",
        ("psykisk_helse",),
        (),
        ("parorende_voksne", "nettverk", "parorende_foresatte"),
        ("voksne",),
        (4, 8),
        "both",
        "Pårørendeskolen er for deg som står nær en person med psykiske helseproblemer.",
        (
            "psykiske lidelser og behandling",
            "kommunikasjon",
            "rettigheter som pårørende",
            "egen helse og grenser",
            "erfaringer fra andre pårørende",
        ),
        0.0,
    ),
    CourseTemplate(
        ("Søskengruppe", "Kurs for søsken til barn med sykdom eller funksjonsnedsettelse"),
        "tvers_av_diagnoser",
        ("somatikk", "psykisk_helse"),
        (),
        ("parorende_sosken",),
        ("barn",),
        (2, 4),
        "specialist",
        "Et tilbud til søsken som vil lære mer og møte andre i samme situasjon.",
        ("å være søsken", "følelser", "spørsmål om sykdom"),
        0.0,
    ),
    CourseTemplate(
        (
            "Mestringskurs – å leve med langvarig sykdom",
            "Livsstyrketrening",
            "Kurs i å mestre hverdagen med kronisk sykdom",
        ),
        "tvers_av_diagnoser",
        ("somatikk",),
        (),
        ("pasient", "alle_interesserte"),
        ("voksne", "tvers_av_alder"),
        (4, 8),
        "both",
        "Et kurs for alle som lever med en langvarig sykdom, uansett diagnose.",
        ("mål og små steg", "energi og hvile", "samtaler med helsepersonell", "mestring og mening"),
        0.0,
    ),
    CourseTemplate(
        (
            "Temakveld om psykisk helse",
            "Åpent møte: psykisk helse i hverdagen",
            "Kurs i psykisk førstehjelp",
        ),
        "tvers_av_diagnoser",
        ("psykisk_helse",),
        (),
        ("alle_interesserte",),
        ("tvers_av_alder", "voksne"),
        (1, 1),
        "both",
        "En åpen kveld med foredrag og samtale om psykisk helse. Alle er velkomne.",
        ("vanlige plager", "hvor kan man få hjelp", "å snakke om psykisk helse"),
        0.0,
        evening=True,
    ),
    CourseTemplate(
        (
            "Helsepedagogikk for helsepersonell",
            "Kurs i helsepedagogikk",
            "Veiledning i pasient- og pårørendeopplæring",
        ),
        "helsepedagogikk",
        ("somatikk", "psykisk_helse"),
        (),
        ("helsepersonell",),
        ("voksne",),
        (1, 3),
        "specialist",
        "Kurs for helsepersonell og brukerrepresentanter som planlegger og holder lærings- og mestringstilbud.",
        ("læring hos voksne", "dialog og gruppeprosesser", "Standard metode", "evaluering"),
        0.0,
    ),
    CourseTemplate(
        (
            "Opplæring av brukerrepresentanter",
            "Kurs for erfaringskonsulenter",
            "Brukeropplæring – samarbeid i LMS",
        ),
        "brukeropplaering",
        ("somatikk", "psykisk_helse", "rus"),
        (),
        ("brukerrepresentanter",),
        ("voksne",),
        (1, 2),
        "specialist",
        "Opplæring for brukerrepresentanter som er med og planlegger og holder kurs.",
        ("rollen som brukerrepresentant", "å bruke egne erfaringer", "samarbeid med fagfolk"),
        0.0,
    ),
    CourseTemplate(
        ("Snus- og røykeslutt", "Røykesluttkurs", "Slutta – kurs i snus- og røykeslutt"),
        "levevaner",
        ("somatikk",),
        (),
        ("alle_interesserte", "pasient"),
        ("voksne", "unge_voksne"),
        (4, 6),
        "municipal",
        "Vil du slutte å røyke eller snuse? Vi hjelper deg i gang.",
        (
            "nikotinavhengighet",
            "legemidler som hjelper",
            "sug og sprekk",
            "belønning og motivasjon",
        ),
        0.0,
    ),
    CourseTemplate(
        ("Bra mat for bedre helse", "Kurs i sunt kosthold", "Bra mat-kurset"),
        "levevaner",
        ("somatikk",),
        (),
        ("alle_interesserte",),
        ("voksne",),
        (4, 6),
        "municipal",
        "Et praktisk kurs om mat, måltider og helse, med matlaging og smaking.",
        ("tallerkenmodellen", "innkjøp og varedeklarasjon", "måltidsrytme", "matlaging"),
        0.0,
    ),
    CourseTemplate(
        ("Bedre søvn", "Søvnkurs", "Kurs i søvnmestring"),
        "levevaner",
        ("somatikk", "psykisk_helse"),
        (),
        ("alle_interesserte", "pasient"),
        ("voksne",),
        (4, 6),
        "municipal",
        "For deg som sover dårlig og vil lære hva som hjelper mot søvnvansker.",
        ("søvn og døgnrytme", "søvnhygiene", "bekymring om natten", "søvnrestriksjon"),
        0.0,
    ),
    CourseTemplate(
        ("Aktiv hverdag", "Trening i gruppe – frisklivstrening", "Kom i gang med fysisk aktivitet"),
        "levevaner",
        ("somatikk",),
        (),
        ("alle_interesserte", "pasient"),
        ("voksne", "eldre"),
        (8, 16),
        "municipal",
        "Trening i gruppe for deg som vil komme i gang med fysisk aktivitet, uansett form.",
        ("utholdenhet", "styrke og balanse", "aktivitet i hverdagen"),
        0.0,
    ),
    CourseTemplate(
        (
            "Kurs om overvekt for familier",
            "Sunne familier – kurs for barn med overvekt og foreldrene",
            "Livsstilskurs ved overvekt",
        ),
        "spesifikk_diagnose",
        ("somatikk",),
        ("overvekt",),
        ("hele_familien", "pasient"),
        ("barn", "voksne"),
        (4, 10),
        "both",
        "Et familiebasert kurs om mat, aktivitet og trivsel for familier der barn har overvekt.",
        ("mat og måltider i familien", "aktivitet og lek", "skjermtid og søvn", "selvfølelse"),
        0.5,
    ),
)

# Real names of patient and user organisations (no organisation numbers are invented).
USER_ORGANISATIONS: tuple[tuple[str, str], ...] = (
    ("brukerorg-mental-helse", "Mental Helse"),
    ("brukerorg-lpp", "LPP – Landsforeningen for pårørende innen psykisk helse"),
    ("brukerorg-adhd-norge", "ADHD Norge"),
    ("brukerorg-lms", "Landsforbundet mot stoffmisbruk"),
    ("brukerorg-bar", "Barn av rusmisbrukere (BAR)"),
    ("brukerorg-diabetesforbundet", "Diabetesforbundet"),
    ("brukerorg-lhl", "LHL"),
    ("brukerorg-kreftforeningen", "Kreftforeningen"),
    ("brukerorg-revmatikerforbundet", "Norsk Revmatikerforbund"),
    ("brukerorg-afasiforbundet", "Afasiforbundet"),
    ("brukerorg-nasjonalforeningen", "Nasjonalforeningen for folkehelsen"),
    ("brukerorg-autismeforeningen", "Autismeforeningen i Norge"),
    ("brukerorg-ros", "ROS – Rådgivning om spiseforstyrrelser"),
)

# Which user organisations typically take part, by diagnosis or field.
USER_ORGANISATIONS_BY_TOPIC: dict[str, tuple[str, ...]] = {
    "diabetes": ("brukerorg-diabetesforbundet",),
    "hjerte_kar": ("brukerorg-lhl",),
    "lunge": ("brukerorg-lhl",),
    "kreft": ("brukerorg-kreftforeningen",),
    "muskel_skjelett": ("brukerorg-revmatikerforbundet",),
    "smerte": ("brukerorg-revmatikerforbundet",),
    "hjerneslag": ("brukerorg-afasiforbundet", "brukerorg-lhl"),
    "demens": ("brukerorg-nasjonalforeningen",),
    "adhd": ("brukerorg-adhd-norge",),
    "asperger": ("brukerorg-autismeforeningen",),
    "spiseforstyrrelser": ("brukerorg-ros",),
    "rus": ("brukerorg-lms", "brukerorg-bar"),
    "psykisk_helse": ("brukerorg-mental-helse", "brukerorg-lpp"),
    "somatikk": ("brukerorg-lhl",),
}


def user_organisation_topics(external_id: str) -> set[str]:
    """The diagnoses and fields a user organisation works for (the map above, read back)."""
    return {topic for topic, ids in USER_ORGANISATIONS_BY_TOPIC.items() if external_id in ids}


# Qualifiers a title may carry; each one binds the structured fields (generator.py).
QUALIFIERS: tuple[str, ...] = (
    "kveldskurs",
    "dagkurs",
    "for nydiagnostiserte",
    "oppfriskningskurs",
    "for minoritetsspråklige",
    "digitalt",
    "fire samlinger",
)
# Share of titles without a qualifier.
PLAIN_TITLES = 0.45

FREE_NOTES: tuple[str, ...] = (
    "Kurset er gratis.",
    "Gratis. Pårørende betaler heller ikke.",
)
PAID_NOTE = (
    "Egenandel {amount} kr, som for en poliklinisk konsultasjon. Har du frikort, betaler du "
    "ikke egenandel. Pårørende betaler ikke."
)
REFERRAL_NOTE = (
    "Fastlegen eller en annen lege sender henvisning til {provider}. Henvisningen må si hvem "
    "som skal delta, og navnet på kurset."
)
NO_REFERRAL_NOTE = "Du trenger ingen henvisning."
CANCELLATION_NOTES: tuple[str, ...] = (
    "Gi beskjed senest 24 timer før kursstart.",
    "Meld avbud så tidlig som mulig, slik at andre kan få plassen.",
)
PAID_CANCELLATION_NOTE = "Melder du avbud senere enn 24 timer før kursstart, kan du få et gebyr."
SIGNUP_FORM = "Meld deg på med skjemaet på nettsiden, eller send oss en e-post."
SIGNUP_REFERRAL = (
    "Påmelding skjer gjennom henvisning fra lege. Du får innkalling i posten eller på Helsenorge."
)
SIGNUP_OPEN = "Ingen påmelding, bare møt opp."
SIGNUP_HEALTHY_LIFE = "Ta kontakt med frisklivssentralen for en samtale før kurset."

# The person to contact is given by role, never by a name (no real person is implied).
CONTACT_ROLES: dict[str, str] = {
    "lms": "Kurskoordinator, Lærings- og mestringssenteret",
    "klinikk": "Fagkoordinator for pasient- og pårørendeopplæring",
    "frisklivssentral": "Frisklivsveileder",
    "kommunal_lm": "Koordinator, lærings- og mestringstjenesten",
    "brukerorganisasjon": "Kurskontakt",
}

# The main target group in one sentence, after the template's introduction.
TARGET_SENTENCES: dict[str, str] = {
    "pasient": "Tilbudet er for pasienter.",
    "pasient_og_parorende": "Tilbudet er for pasienter og pårørende.",
    "parorende_voksne": "Tilbudet er for voksne pårørende, som partnere og voksne barn.",
    "parorende_foresatte": "Tilbudet er for foreldre og andre foresatte.",
    "parorende_barn": "Tilbudet er for barn og unge som pårørende.",
    "parorende_sosken": "Tilbudet er for søsken.",
    "hele_familien": "Hele familien er velkommen.",
    "nettverk": "Tilbudet er for familie, venner og andre rundt pasienten.",
    "alle_interesserte": "Alle interesserte er velkomne.",
    "helsepersonell": "Tilbudet er for helsepersonell.",
    "brukerrepresentanter": "Tilbudet er for brukerrepresentanter og erfaringskonsulenter.",
}

# What to bring, by the template's first title.
BRING: dict[str, str] = {
    "Diabeteskurs – type 2": "Blodsukkerapparatet ditt, hvis du har et.",
    "Diabeteskurs for ungdom med type 1": "Insulin, sensor og noe å spise.",
    "KOLS-skole": "Inhalasjonsmedisinene dine og klær du kan bevege deg i.",
    "Aktiv hverdag": "Treningstøy, innesko og drikkeflaske.",
    "Bra mat for bedre helse": "Forkle og en matboks til smaksprøver.",
    "Lær å leve med langvarige smerter": "Klær du kan bevege deg i.",
}

# How a digital run is joined, by format.
JOIN_INSTRUCTIONS: dict[str, str] = {
    "digitalt_direkte": (
        "Lenke til videomøtet kommer på e-post dagen før første samling. Du trenger PC, "
        "nettbrett eller mobil med kamera og mikrofon."
    ),
    "hybrid": (
        "Du kan også delta digitalt: lenke til videomøtet kommer på e-post dagen før første "
        "samling."
    ),
    "digitalt_selvstudium": (
        "Etter påmelding får du en lenke til kurset på e-post. Samlingene er spørretimer på "
        "video med den samme lenken."
    ),
}

# Where hospital courses are held: the town of the trust's main hospital (by organisation
# number). Checked against the reference data's municipality names when providers are planned.
HOSPITAL_TOWNS: dict[str, str] = {
    "983974880": "Hammerfest",
    "983974899": "Tromsø",
    "983974910": "Bodø",
    "983974929": "Rana",
    "983974791": "Levanger",
    "883974832": "Trondheim",
    "997005562": "Ålesund",
    "983974732": "Sunnfjord",
    "983974724": "Bergen",
    "983974694": "Haugesund",
    "983974678": "Stavanger",
    "983971768": "Sarpsborg",
    "983971636": "Lørenskog",
    "993467049": "Oslo",
    "965985166": "Oslo",
    "982791952": "Oslo",
    "983971709": "Hamar",
    "894166762": "Drammen",
    "983975259": "Tønsberg",
    "983975267": "Skien",
    "983975240": "Kristiansand",
    "984027737": "Bergen",
    "883971752": "Nesodden",
}
