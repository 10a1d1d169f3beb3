"""The IUC Japan 2017–2020 programme, from the public facts in shared/data/iuc_japan_2017_2020.md.

Only published facts are here. Populations, coordinates and time zones come from the GeoNames
gazetteer (``geonames`` ids below); Japanese and Italian names of places are their standard
forms. Unknown details (exact hours, people's names) are left empty. The demo accounts and
their person records are the only sample content, and say so.
"""

PROGRAMME = {
    "slug": "iuc-japan",
    "acronym": "IUC Japan",
    "name": {
        "en": "International Urban Cooperation — Japan",
        "it": "Cooperazione urbana internazionale (IUC) — Giappone",
        "ja": "国際都市間協力（IUC）— 日本",
    },
    "funder": {
        "en": "European Commission, Directorate-General for Regional and Urban Policy (DG REGIO); "
        "financed through the EU's Foreign Policy Instrument",
        "it": "Commissione europea, Direzione generale della Politica regionale e urbana (DG REGIO); "
        "finanziato dallo Strumento di politica estera dell'UE",
        "ja": "欧州委員会 地域・都市政策総局（DG REGIO）、EU外交政策手段（FPI）の資金による",
    },
    "regions": {
        "en": "EU cities paired with cities in Japan (the programme also covered China, India, "
        "North America and Latin America)",
        "it": "Città dell'UE in coppia con città del Giappone (il programma copriva anche Cina, "
        "India, Nord America e America Latina)",
        "ja": "EUの都市と日本の都市のペア（プログラムは中国、インド、北米、中南米も対象）",
    },
    "start_date": "2017-11-10",  # official launch of the city-to-city component, Brussels
    "end_date": "2020-12-31",  # extended to the end of 2020 at the 5th Exchange Meeting
    "description": {
        "en": "City-to-city cooperation on sustainable urban development. Cities above 100,000 "
        "inhabitants (or groups of municipalities above that total) were selected through calls "
        "and paired for at least 18 months. Each pairing's deliverable is a joint Urban "
        "Cooperation Action Plan, with a method inspired by URBACT. The city-to-city component "
        "was officially launched in Brussels on 10 November 2017 with over 120 cities. "
        "Its successor is the International Urban and Regional Cooperation (IURC) programme, "
        "from 2021.",
        "it": "Cooperazione tra città sullo sviluppo urbano sostenibile. Le città con più di "
        "100.000 abitanti (o gruppi di comuni oltre tale soglia) sono state selezionate tramite "
        "bandi e messe in coppia per almeno 18 mesi. Il risultato di ogni coppia è un Piano "
        "d'azione congiunto di cooperazione urbana, con un metodo ispirato a URBACT. La "
        "componente città-città è stata lanciata ufficialmente a Bruxelles il 10 novembre 2017 "
        "con oltre 120 città. Dal 2021 prosegue con il programma International Urban and "
        "Regional Cooperation (IURC).",
        "ja": "持続可能な都市開発に関する都市間協力。人口10万人以上の都市（または合計がそれを"
        "超える自治体グループ）が公募で選ばれ、18か月以上ペアを組みました。各ペアの成果物は、"
        "URBACTに着想を得た手法による共同の都市協力行動計画です。都市間協力部門は2017年11月10日、"
        "120以上の都市が参加してブリュッセルで正式に開始されました。2021年からは後継の"
        "国際都市・地域協力（IURC）プログラムが続いています。",
    },
}

# Theme tree of the programme, as the pairings published their focus.
# Each entry: key, parent key, names, SDG numbers.
THEMES = [
    (
        "energy",
        None,
        {
            "en": "Clean energy and climate change",
            "it": "Energia pulita e cambiamenti climatici",
            "ja": "クリーンエネルギーと気候変動",
        },
        [7, 13],
    ),
    (
        "renewables",
        "energy",
        {"en": "Renewable energy", "it": "Energie rinnovabili", "ja": "再生可能エネルギー"},
        [7],
    ),
    (
        "adaptation",
        "energy",
        {
            "en": "Climate change adaptation and nature-based solutions",
            "it": "Adattamento ai cambiamenti climatici e soluzioni basate sulla natura",
            "ja": "気候変動への適応と自然を基盤とした解決策",
        },
        [13, 15],
    ),
    (
        "inclusion",
        None,
        {"en": "Social inclusion", "it": "Inclusione sociale", "ja": "社会的包摂"},
        [10, 11],
    ),
    (
        "economy",
        None,
        {
            "en": "Sustainable economy and tourism",
            "it": "Economia sostenibile e turismo",
            "ja": "持続可能な経済と観光",
        },
        [8, 12],
    ),
    (
        "circular",
        "economy",
        {
            "en": "Circular economy and biomass",
            "it": "Economia circolare e biomassa",
            "ja": "循環型経済とバイオマス",
        },
        [12],
    ),
    (
        "smart",
        None,
        {"en": "Smart cities", "it": "Città intelligenti", "ja": "スマートシティ"},
        [9, 11],
    ),
    (
        "hydrogen",
        "smart",
        {
            "en": "Energy management and hydrogen",
            "it": "Gestione dell'energia e idrogeno",
            "ja": "エネルギーマネジメントと水素",
        },
        [7, 9],
    ),
    (
        "mobility",
        "smart",
        {
            "en": "Sustainable mobility and urban transport",
            "it": "Mobilità sostenibile e trasporto urbano",
            "ja": "持続可能なモビリティと都市交通",
        },
        [11],
    ),
    (
        "regeneration",
        None,
        {
            "en": "Building and site regeneration",
            "it": "Rigenerazione di edifici e aree",
            "ja": "建物と用地の再生",
        },
        [11],
    ),
    ("water", None, {"en": "Water management", "it": "Gestione delle acque", "ja": "水管理"}, [6]),
    (
        "health",
        None,
        {
            "en": "Medical-device industry",
            "it": "Industria dei dispositivi medici",
            "ja": "医療機器産業",
        },
        [3, 9],
    ),
    ("education", None, {"en": "Education", "it": "Istruzione", "ja": "教育"}, [4]),
]

# key: (geonames id, names, prefecture/province names or None, languages)
CITIES = {
    "ancona": (
        3183089,
        {"en": "Ancona", "it": "Ancona", "ja": "アンコーナ"},
        {"en": "Marche", "it": "Marche", "ja": "マルケ州"},
        ["it"],
    ),
    "frankfurt": (
        2925533,
        {
            "en": "Frankfurt am Main",
            "it": "Francoforte sul Meno",
            "ja": "フランクフルト・アム・マイン",
        },
        {"en": "Hesse", "it": "Assia", "ja": "ヘッセン州"},
        ["de"],
    ),
    "essen": (
        2928810,
        {"en": "Essen", "it": "Essen", "ja": "エッセン"},
        {
            "en": "North Rhine-Westphalia",
            "it": "Renania Settentrionale-Vestfalia",
            "ja": "ノルトライン＝ヴェストファーレン州",
        },
        ["de"],
    ),
    "donostia": (
        3110044,
        {"en": "Donostia / San Sebastián", "it": "San Sebastián", "ja": "サン・セバスティアン"},
        {"en": "Basque Country", "it": "Paesi Baschi", "ja": "バスク州"},
        ["es"],
    ),
    "ioannina": (
        261779,
        {"en": "Ioannina", "it": "Giannina", "ja": "ヨアニナ"},
        {"en": "Epirus", "it": "Epiro", "ja": "イピロス"},
        ["el"],
    ),
    "bratislava": (
        3060972,
        {"en": "Bratislava", "it": "Bratislava", "ja": "ブラチスラバ"},
        None,
        ["sk"],
    ),
    "grenoble": (3014728, {"en": "Grenoble", "it": "Grenoble", "ja": "グルノーブル"}, None, ["fr"]),
    "umea": (602150, {"en": "Umeå", "it": "Umeå", "ja": "ウメオ"}, None, ["sv"]),
    "marseille": (
        2995469,
        {"en": "Marseille", "it": "Marsiglia", "ja": "マルセイユ"},
        None,
        ["fr"],
    ),
    "turku": (633679, {"en": "Turku", "it": "Turku", "ja": "トゥルク"}, None, ["fi", "sv"]),
    "ikoma": (
        1861749,
        {"en": "Ikoma", "it": "Ikoma", "ja": "生駒市"},
        {"en": "Nara Prefecture", "it": "Prefettura di Nara", "ja": "奈良県"},
        ["ja"],
    ),
    "yokohama": (
        1848354,
        {"en": "Yokohama", "it": "Yokohama", "ja": "横浜市"},
        {"en": "Kanagawa Prefecture", "it": "Prefettura di Kanagawa", "ja": "神奈川県"},
        ["ja"],
    ),
    "koriyama": (
        2112141,
        {"en": "Koriyama", "it": "Koriyama", "ja": "郡山市"},
        {"en": "Fukushima Prefecture", "it": "Prefettura di Fukushima", "ja": "福島県"},
        ["ja"],
    ),
    "hirosaki": (
        2130057,
        {"en": "Hirosaki", "it": "Hirosaki", "ja": "弘前市"},
        {"en": "Aomori Prefecture", "it": "Prefettura di Aomori", "ja": "青森県"},
        ["ja"],
    ),
    "ichinomiya": (
        1861949,
        {"en": "Ichinomiya", "it": "Ichinomiya", "ja": "一宮市"},
        {"en": "Aichi Prefecture", "it": "Prefettura di Aichi", "ja": "愛知県"},
        ["ja"],
    ),
    "tokorozawa": (
        1850181,
        {"en": "Tokorozawa", "it": "Tokorozawa", "ja": "所沢市"},
        {"en": "Saitama Prefecture", "it": "Prefettura di Saitama", "ja": "埼玉県"},
        ["ja"],
    ),
    "toyota": (
        1849814,
        {"en": "Toyota", "it": "Toyota", "ja": "豊田市"},
        {"en": "Aichi Prefecture", "it": "Prefettura di Aichi", "ja": "愛知県"},
        ["ja"],
    ),
    "kamakura": (
        1860672,
        {"en": "Kamakura", "it": "Kamakura", "ja": "鎌倉市"},
        {"en": "Kanagawa Prefecture", "it": "Prefettura di Kanagawa", "ja": "神奈川県"},
        ["ja"],
    ),
    "kobe": (
        1859171,
        {"en": "Kobe", "it": "Kobe", "ja": "神戸市"},
        {"en": "Hyōgo Prefecture", "it": "Prefettura di Hyōgo", "ja": "兵庫県"},
        ["ja"],
    ),
    "nagano": (
        1856215,
        {"en": "Nagano", "it": "Nagano", "ja": "長野市"},
        {"en": "Nagano Prefecture", "it": "Prefettura di Nagano", "ja": "長野県"},
        ["ja"],
    ),
}

# Host cities of the programme's exchange meetings (not paired themselves).
CITIES["brussels"] = (
    2800866,
    {"en": "Brussels", "it": "Bruxelles", "ja": "ブリュッセル"},
    None,
    ["fr", "nl"],
)
CITIES["tokyo"] = (1850147, {"en": "Tokyo", "it": "Tokyo", "ja": "東京"}, None, ["ja"])

# Pairings: slug, cities, year selected, status, theme keys, focus as published.
PAIRINGS = [
    (
        "ancona-ikoma",
        ["ancona", "ikoma"],
        2017,
        ["energy", "inclusion", "economy"],
        {
            "en": "Clean energy and climate change; social inclusion; across them, sustainable economy and tourism.",
            "it": "Energia pulita e cambiamenti climatici; inclusione sociale; trasversalmente, economia sostenibile e turismo.",
            "ja": "クリーンエネルギーと気候変動、社会的包摂、そして横断的に持続可能な経済と観光。",
        },
    ),
    (
        "frankfurt-am-main-yokohama",
        ["frankfurt", "yokohama"],
        2017,
        ["smart", "hydrogen"],
        {
            "en": "Smart cities: energy management, hydrogen, public engagement.",
            "ja": "スマートシティ：エネルギーマネジメント、水素、市民参加。",
        },
    ),
    (
        "essen-koriyama",
        ["essen", "koriyama"],
        2017,
        ["renewables", "health", "water", "smart", "mobility", "education"],
        {
            "en": "Renewable energy, medical-device industry, water management, smart city, urban transport, education.",
        },
    ),
    (
        "donostia-san-sebastian-hirosaki",
        ["donostia", "hirosaki"],
        2017,
        ["regeneration"],
        {
            "en": "Building and site regeneration.",
        },
    ),
    (
        "ioannina-ichinomiya",
        ["ioannina", "ichinomiya"],
        2017,
        ["mobility"],
        {
            "en": "Sustainable mobility.",
        },
    ),
    (
        "bratislava-tokorozawa",
        ["bratislava", "tokorozawa"],
        2018,
        ["adaptation", "smart"],
        {
            "en": "Climate change adaptation, nature-based solutions, smart eco-city.",
        },
    ),
    (
        "grenoble-toyota",
        ["grenoble", "toyota"],
        2018,
        ["smart"],
        {
            "en": "Smart cities (Grenoble-Alpes Métropole with Toyota).",
        },
    ),
    (
        "umea-kamakura",
        ["umea", "kamakura"],
        2018,
        ["smart", "inclusion"],
        {
            "en": "Smart cities, social inclusion, SDGs.",
        },
    ),
    ("marseille-kobe", ["marseille", "kobe"], 2019, [], {}),
    (
        "turku-nagano",
        ["turku", "nagano"],
        2019,
        ["circular"],
        {
            "en": "Circular economy, biomass (Nagano together with the neighbouring town of Obuse).",
        },
    ),
]

# Ancona's departments named in the sources.
ANCONA_DEPARTMENTS = [
    {"en": "EU Programmes Office", "it": "Ufficio Programmi Comunitari"},
    {"en": "Social Policies"},
    {"en": "Planning and Environment"},
]

# Dated steps published for the pairings: slug -> (start, end or None, title).
MILESTONES = {
    "ancona-ikoma": [
        (
            "2019-11-20",
            None,
            {
                "en": "Joint action plan definitively approved at the 5th IUC Exchange Meeting in Brussels",
                "it": "Piano d'azione congiunto approvato definitivamente al 5° Exchange Meeting IUC a Bruxelles",
                "ja": "ブリュッセルでの第5回IUC交流会議で共同行動計画が最終承認",
            },
        ),
    ],
    "essen-koriyama": [
        ("2018-04-22", "2018-04-27", {"en": "City visit"}),
        ("2018-11-14", "2018-11-17", {"en": "City visit"}),
        ("2019-05-14", "2019-05-19", {"en": "City visit"}),
    ],
}

AGREEMENTS = {
    "ancona-ikoma": {
        "title": {
            "en": "Ikoma–Ancona cooperation agreement",
            "it": "Accordo di cooperazione Ikoma–Ancona",
            "ja": "生駒市・アンコーナ市協力協定",
        },
        "signed_on": "2018-10-03",
        "signed_place": {"en": "Ancona", "it": "Ancona", "ja": "アンコーナ"},
        "summary": {
            "en": "Signed during the study visit of Ikoma's delegation to Ancona. Next step: the joint "
            "Urban Cooperation Action Plan, organising both cities' actions in the project themes and, "
            "across them, in sustainable economy and tourism.",
            "it": "Firmato durante la visita di studio della delegazione di Ikoma ad Ancona. Passo successivo: "
            "il Piano d'azione congiunto di cooperazione urbana, che organizza le azioni delle due città nei "
            "temi del progetto e, trasversalmente, nell'economia sostenibile e nel turismo.",
        },
        "signatories": [
            ("ancona", {"en": "Mayor of Ancona", "it": "Sindaca di Ancona", "ja": "アンコーナ市長"})
        ],
    },
    "essen-koriyama": {
        "title": {"en": "Essen–Koriyama cooperation agreement"},
        "signed_on": "2018-11-16",
        "signed_place": None,
        "summary": None,
        "signatories": [],
    },
}

DEMO_PASSWORD = "citybridge-demo"

# Demo accounts: username, role kind, scope key, display name. All sample, none a real person.
DEMO_USERS = [
    ("coordinator", "programme_coordinator", "programme", "Sample Programme Coordinator"),
    ("pairing-coordinator", "pairing_coordinator", "ancona-ikoma", "Sample Pairing Coordinator"),
    ("ancona-editor", "city_editor", "ancona", "Sample Ancona Editor"),
    ("ikoma-editor", "city_editor", "ikoma", "Sample Ikoma Editor"),
    ("ancona-viewer", "city_viewer", "ancona", "Sample Ancona Viewer"),
    ("evaluator", "evaluator", "programme", "Sample Evaluator"),
]

# Exchange meetings of IUC Japan (programme-wide). Hours were not published: whole days.
# (number, first day, last day, host, date precision, notes)
EXCHANGE_MEETINGS = [
    (
        1,
        "2017-11-10",
        "2017-11-10",
        "brussels",
        "day",
        {
            "en": "Held with the official launch of the city-to-city component (over 120 cities).",
            "it": "Tenuto insieme al lancio ufficiale della componente città-città (oltre 120 città).",
            "ja": "都市間協力部門の正式な開始（120以上の都市が参加）と同時に開催。",
        },
    ),
    (
        2,
        "2018-04-01",
        "2018-04-30",
        "tokyo",
        "month",
        {
            "en": "During the EU cities' study tours in Japan.",
            "it": "Durante le visite di studio delle città dell'UE in Giappone.",
            "ja": "EUの都市による日本視察の期間中に開催。",
        },
    ),
    (
        3,
        "2018-10-11",
        "2018-10-12",
        "brussels",
        "day",
        {
            "en": "Progress review; the new 2018 pairings were introduced.",
            "it": "Verifica dei progressi; presentazione dei nuovi abbinamenti del 2018.",
            "ja": "進捗の確認。2018年の新しい都市ペアを紹介。",
        },
    ),
    (
        4,
        "2019-05-17",
        "2019-05-17",
        "tokyo",
        "day",
        {
            "en": "The pairings presented the results of their study tours; guidance on action plans.",
            "it": "Gli abbinamenti hanno presentato i risultati delle visite di studio; indicazioni sui piani d'azione.",
            "ja": "各都市ペアが視察の成果を発表。行動計画に関するガイダンス。",
        },
    ),
    (
        5,
        "2019-11-20",
        "2019-11-20",
        "brussels",
        "day",
        {
            "en": "Action plans of the 2017 pairings presented; final approval of the Ancona–Ikoma plan; "
            "programme extended to the end of 2020.",
            "it": "Presentati i piani d'azione degli abbinamenti del 2017; approvazione definitiva del piano "
            "Ancona–Ikoma; programma prorogato fino alla fine del 2020.",
            "ja": "2017年の都市ペアの行動計画を発表。アンコーナ・生駒の計画を最終承認。プログラムを2020年末まで延長。",
        },
    ),
]
EXCHANGE_MEETING_TITLE = {
    "en": "IUC Japan Exchange Meeting no. {n}",
    "it": "IUC Giappone: {n}° Exchange Meeting",
    "ja": "IUC日本 第{n}回交流会議",
}

# Activities of the Ancona–Ikoma pairing: key, kind, first day, last day, host, title, description.
ANCONA_IKOMA_ACTIVITIES = [
    (
        "ancona-in-ikoma",
        "study_tour",
        "2018-04-17",
        "2018-04-24",
        "ikoma",
        {
            "en": "Ancona's delegation in Ikoma",
            "it": "La delegazione di Ancona a Ikoma",
            "ja": "アンコーナ市代表団の生駒市訪問",
        },
        {
            "en": "The first exchange of the pairing; a presentation of it was published.",
            "it": "Il primo scambio dell'abbinamento; ne è stata pubblicata una presentazione.",
            "ja": "都市ペアの最初の交流。その発表資料が公開されています。",
        },
    ),
    (
        "ikoma-in-ancona",
        "study_tour",
        "2018-10-03",
        "2018-10-06",
        "ancona",
        {
            "en": "Study visit of Ikoma's delegation to Ancona",
            "it": "Visita di studio della delegazione di Ikoma ad Ancona",
            "ja": "生駒市代表団のアンコーナ視察",
        },
        {
            "en": "Four full days of meetings between Ikoma's managers and officials and their Ancona "
            "counterparts, and with other public and private bodies of the territory, on environment, "
            "climate and social-policy services.",
            "it": "Quattro giornate intere di incontri tra dirigenti e funzionari di Ikoma e i loro omologhi "
            "di Ancona, e con altri enti pubblici e privati del territorio, su ambiente, clima e servizi "
            "di politiche sociali.",
            "ja": "生駒市の管理職・職員とアンコーナ市の担当者、および地域の公的・民間団体との、環境・気候・"
            "社会福祉サービスに関する丸4日間の会議。",
        },
    ),
    (
        "signing",
        "signing_ceremony",
        "2018-10-03",
        "2018-10-03",
        "ancona",
        {
            "en": "Signing of the Ikoma–Ancona cooperation agreement",
            "it": "Firma dell'accordo di cooperazione Ikoma–Ancona",
            "ja": "生駒市・アンコーナ市協力協定の締結",
        },
        {
            "en": "Signed by Ancona's mayor during the study visit of Ikoma's delegation.",
            "it": "Firmato dalla sindaca di Ancona durante la visita di studio della delegazione di Ikoma.",
            "ja": "生駒市代表団の視察中にアンコーナ市長が署名。",
        },
    ),
]

# Illustrative agenda of the October 2018 visit: the real hours and rooms were not published,
# so every item is marked as sample on the pages. (day, start, end, title, department index)
SAMPLE_AGENDA = [
    (
        "2018-10-03",
        "10:00",
        "12:00",
        {
            "en": "Welcome at the City Hall and signing of the agreement",
            "it": "Accoglienza in Municipio e firma dell'accordo",
            "ja": "市庁舎での歓迎と協定締結",
        },
        0,
    ),
    (
        "2018-10-04",
        "09:30",
        "12:30",
        {
            "en": "Meeting with the Planning and Environment department: climate and energy",
            "it": "Incontro con l'ufficio Pianificazione e Ambiente: clima ed energia",
            "ja": "計画・環境部との会議：気候とエネルギー",
        },
        2,
    ),
    (
        "2018-10-05",
        "09:30",
        "12:30",
        {
            "en": "Meeting with the Social Policies department: social-policy services",
            "it": "Incontro con l'ufficio Politiche Sociali: servizi sociali",
            "ja": "社会政策部との会議：社会福祉サービス",
        },
        1,
    ),
    (
        "2018-10-06",
        "10:00",
        "12:00",
        {
            "en": "Closing session and next steps towards the joint action plan",
            "it": "Sessione conclusiva e prossimi passi verso il piano d'azione congiunto",
            "ja": "閉会セッションと共同行動計画に向けた次のステップ",
        },
        0,
    ),
]

# --- The Ancona–Ikoma Urban Cooperation Action Plan -------------------------------------
# Published: the plan organises both cities' actions in "clean energy and climate change" and
# "social inclusion" and, across them, in "sustainable economy and tourism"; it was due in July
# 2019; it was presented and definitively approved at the 5th Exchange Meeting in Brussels on
# 20 November 2019. The list of actions, the indicators and the figures were not published:
# every action, indicator, measurement and progress report below is sample content and says
# so in every language. The hours of submission and approval were not published either; noon
# local time keeps the same calendar day in UTC, CET and JST.
ANCONA_IKOMA_PLAN = {
    "pairing": "ancona-ikoma",
    "title": {
        "en": "Ancona–Ikoma Urban Cooperation Action Plan",
        "it": "Piano d'azione di cooperazione urbana Ancona–Ikoma",
        "ja": "アンコーナ・生駒 都市協力行動計画",
    },
    "context": {
        "en": "Ancona (Italy) and Ikoma (Nara Prefecture, Japan) were paired in 2017 by the "
        "International Urban Cooperation (IUC) programme. Ancona's delegation visited Ikoma from "
        "17 to 24 April 2018; Ikoma's delegation held four full days of meetings in Ancona from "
        "3 to 6 October 2018, when the Ikoma–Ancona cooperation agreement was signed. The joint "
        "action plan was due in July 2019. It was presented and definitively approved at the 5th "
        "IUC Exchange Meeting in Brussels on 20 November 2019.",
        "it": "Ancona (Italia) e Ikoma (Prefettura di Nara, Giappone) sono state messe in coppia nel "
        "2017 dal programma International Urban Cooperation (IUC). La delegazione di Ancona ha "
        "visitato Ikoma dal 17 al 24 aprile 2018; la delegazione di Ikoma ha tenuto ad Ancona "
        "quattro giornate intere di incontri dal 3 al 6 ottobre 2018, quando è stato firmato "
        "l'accordo di cooperazione Ikoma–Ancona. Il piano d'azione congiunto era atteso per luglio "
        "2019. È stato presentato e approvato definitivamente al 5° Exchange Meeting IUC a "
        "Bruxelles il 20 novembre 2019.",
        "ja": "アンコーナ（イタリア）と生駒市（奈良県）は、2017年に国際都市間協力（IUC）プログラムに"
        "よってペアとなりました。アンコーナ市代表団は2018年4月17日から24日まで生駒市を訪問し、生駒市"
        "代表団は2018年10月3日から6日までアンコーナで丸4日間の会議を行い、その間に生駒市・アンコーナ市"
        "協力協定が締結されました。共同行動計画の提出期限は2019年7月でした。計画は2019年11月20日に"
        "ブリュッセルで開かれた第5回IUC交流会議で発表され、最終承認されました。",
    },
    "vision": {
        "en": "(sample) Two cities learning from each other so that the energy transition, social "
        "services and a sustainable local economy move forward together.",
        "it": "(esempio) Due città che imparano l'una dall'altra, perché transizione energetica, "
        "servizi sociali ed economia locale sostenibile avanzino insieme.",
        "ja": "（サンプル）二つの都市が互いに学び合い、エネルギー転換、社会福祉サービス、持続可能な"
        "地域経済を共に前進させる。",
    },
    "objectives": {
        "en": "The plan organises both cities' actions in the themes of the cooperation, clean "
        "energy and climate change and social inclusion, and, across them, in sustainable economy "
        "and tourism. The detailed objectives and the list of actions were not published: the "
        "actions, indicators and progress reports shown here are samples.",
        "it": "Il piano organizza le azioni delle due città nei temi della cooperazione, energia "
        "pulita e cambiamenti climatici e inclusione sociale, e, trasversalmente, nell'economia "
        "sostenibile e nel turismo. Gli obiettivi dettagliati e l'elenco delle azioni non sono "
        "stati pubblicati: le azioni, gli indicatori e i rapporti sui progressi mostrati qui sono "
        "esempi.",
        "ja": "本計画は、両市の行動を協力のテーマである「クリーンエネルギーと気候変動」と「社会的包摂」、"
        "そしてそれらを横断する「持続可能な経済と観光」に沿って整理しています。詳細な目標と行動の一覧は"
        "公表されていないため、ここに示す行動、指標、進捗報告はサンプルです。",
    },
    # (day, local time, zone, demo username). The day of submission was not published; the
    # plan was due in July 2019, so the demo submits it on the last day of that month (sample).
    "submitted": ("2019-07-31", "12:00", "Europe/Rome", "ancona-editor"),
    "approved": ("2019-11-20", "12:00", "Europe/Brussels", "coordinator"),
    "approved_at_exchange_meeting": 5,
}

# Sample actions: theme (English name), lead city key, lead organisation (English name of one of
# Ancona's departments, or None), start, end, title, description, progress updates
# (day, status, percent, narrative). Every text is marked as sample.
PLAN_ACTIONS = [
    (
        "Clean energy and climate change",
        "ancona",
        "Planning and Environment",
        "2020-01-01",
        "2020-12-31",
        {
            "en": "Exchange on local climate and energy planning (sample)",
            "it": "Scambio sulla pianificazione locale per il clima e l'energia (esempio)",
            "ja": "地域の気候・エネルギー計画に関する交流（サンプル）",
        },
        {
            "en": "(sample) The two planning and environment services compare how they set and "
            "follow local climate and energy targets.",
            "it": "(esempio) I due servizi di pianificazione e ambiente confrontano come fissano e "
            "seguono gli obiettivi locali per il clima e l'energia.",
            "ja": "（サンプル）両市の計画・環境部門が、地域の気候・エネルギー目標の設定と進捗管理の方法を"
            "比較します。",
        },
        [
            (
                "2020-03-31",
                "on_track",
                25,
                {
                    "en": "(sample) Documents on both cities' climate targets exchanged.",
                    "it": "(esempio) Scambiati i documenti sugli obiettivi climatici delle due città.",
                    "ja": "（サンプル）両市の気候目標に関する資料を交換しました。",
                },
            ),
            (
                "2020-09-30",
                "delayed",
                40,
                {
                    "en": "(sample) The visit is postponed; the exchange continues online.",
                    "it": "(esempio) La visita è rinviata; lo scambio prosegue online.",
                    "ja": "（サンプル）訪問は延期となり、交流はオンラインで続いています。",
                },
            ),
        ],
    ),
    (
        "Clean energy and climate change",
        "ikoma",
        None,
        "2020-01-01",
        "2020-12-31",
        {
            "en": "Energy savings in municipal buildings: peer review (sample)",
            "it": "Risparmio energetico negli edifici comunali: revisione tra pari (esempio)",
            "ja": "市有施設の省エネルギー：相互レビュー（サンプル）",
        },
        {
            "en": "(sample) Each city reviews the other's energy-saving measures in municipal "
            "buildings and suggests improvements.",
            "it": "(esempio) Ogni città esamina le misure di risparmio energetico dell'altra negli "
            "edifici comunali e propone miglioramenti.",
            "ja": "（サンプル）各市が相手市の市有施設における省エネルギー対策を評価し、改善を提案します。",
        },
        [
            (
                "2020-06-30",
                "on_track",
                30,
                {
                    "en": "(sample) The first buildings of each city were reviewed.",
                    "it": "(esempio) Esaminati i primi edifici di ciascuna città.",
                    "ja": "（サンプル）各市の最初の施設の評価を行いました。",
                },
            ),
        ],
    ),
    (
        "Social inclusion",
        "ancona",
        "Social Policies",
        "2020-01-01",
        "2020-12-31",
        {
            "en": "Staff exchange on social-policy services (sample)",
            "it": "Scambio di personale sui servizi di politiche sociali (esempio)",
            "ja": "社会福祉サービスに関する職員交流（サンプル）",
        },
        {
            "en": "(sample) Officials of both social-policy services work for a time in each "
            "other's offices to compare how services reach residents.",
            "it": "(esempio) Funzionari dei servizi di politiche sociali delle due città lavorano per "
            "un periodo negli uffici dell'altra per confrontare come i servizi raggiungono i "
            "residenti.",
            "ja": "（サンプル）両市の社会福祉部門の職員が一定期間相手市の職場で働き、サービスが住民に"
            "届く方法を比較します。",
        },
        [
            (
                "2020-06-30",
                "delayed",
                20,
                {
                    "en": "(sample) Travel is postponed; the first sessions were held by video call.",
                    "it": "(esempio) I viaggi sono rinviati; le prime sessioni si sono svolte in "
                    "videochiamata.",
                    "ja": "（サンプル）渡航は延期となり、最初のセッションはビデオ通話で行いました。",
                },
            ),
        ],
    ),
    (
        "Social inclusion",
        "ikoma",
        None,
        "2020-01-01",
        "2020-12-31",
        {
            "en": "Community participation in local services (sample)",
            "it": "Partecipazione della comunità ai servizi locali (esempio)",
            "ja": "地域サービスへの市民参加（サンプル）",
        },
        {
            "en": "(sample) Joint workshops on involving residents and local associations in the "
            "design of social services.",
            "it": "(esempio) Laboratori congiunti sul coinvolgimento di residenti e associazioni "
            "locali nella progettazione dei servizi sociali.",
            "ja": "（サンプル）住民や地域団体を社会福祉サービスの設計に参加させる方法についての合同"
            "ワークショップ。",
        },
        [
            (
                "2020-03-31",
                "on_track",
                15,
                {
                    "en": "(sample) The first joint workshop was held.",
                    "it": "(esempio) Si è svolto il primo laboratorio congiunto.",
                    "ja": "（サンプル）最初の合同ワークショップを開催しました。",
                },
            ),
            (
                "2020-09-30",
                "on_track",
                45,
                {
                    "en": "(sample) Three workshops held so far.",
                    "it": "(esempio) Finora si sono svolti tre laboratori.",
                    "ja": "（サンプル）これまでに3回のワークショップを開催しました。",
                },
            ),
        ],
    ),
    (
        "Sustainable economy and tourism",
        "ancona",
        "EU Programmes Office",
        "2020-01-01",
        "2020-12-31",
        {
            "en": "Joint promotion of sustainable tourism (sample)",
            "it": "Promozione congiunta del turismo sostenibile (esempio)",
            "ja": "持続可能な観光の共同プロモーション（サンプル）",
        },
        {
            "en": "(sample) Each city presents the other to its residents and visitors, with "
            "attention to low-impact tourism.",
            "it": "(esempio) Ciascuna città presenta l'altra ai propri residenti e visitatori, con "
            "attenzione a un turismo a basso impatto.",
            "ja": "（サンプル）両市が互いを自市の住民や来訪者に紹介し、環境負荷の低い観光に重点を"
            "置きます。",
        },
        [
            (
                "2020-06-30",
                "delayed",
                10,
                {
                    "en": "(sample) The joint material is being prepared.",
                    "it": "(esempio) Il materiale congiunto è in preparazione.",
                    "ja": "（サンプル）共同の資料を準備中です。",
                },
            ),
        ],
    ),
    (
        "Sustainable economy and tourism",
        "ikoma",
        None,
        "2020-01-01",
        "2020-12-31",
        {
            "en": "Exchange between local businesses on sustainable products (sample)",
            "it": "Scambio tra imprese locali su prodotti sostenibili (esempio)",
            "ja": "持続可能な製品に関する地元企業間の交流（サンプル）",
        },
        {
            "en": "(sample) Contacts between local businesses of both territories interested in "
            "sustainable products and services.",
            "it": "(esempio) Contatti tra imprese locali dei due territori interessate a prodotti e "
            "servizi sostenibili.",
            "ja": "（サンプル）持続可能な製品やサービスに関心のある両地域の地元企業の間の交流。",
        },
        [
            (
                "2020-09-30",
                "on_track",
                25,
                {
                    "en": "(sample) First contacts between businesses made.",
                    "it": "(esempio) Avviati i primi contatti tra imprese.",
                    "ja": "（サンプル）企業間の最初の交流を行いました。",
                },
            ),
        ],
    ),
]

# Sample indicators: index of the action in PLAN_ACTIONS, name, unit, direction,
# (baseline, day), (target, day), measurements (day, value).
PLAN_INDICATORS = [
    (
        0,
        {
            "en": "Shared documents on local climate targets (sample)",
            "it": "Documenti condivisi sugli obiettivi climatici locali (esempio)",
            "ja": "地域の気候目標に関する共有資料の数（サンプル）",
        },
        "documents",
        "increase",
        (0, "2019-11-20"),
        (4, "2020-12-31"),
        [("2020-03-31", 2), ("2020-09-30", 3)],
    ),
    (
        1,
        {
            "en": "Municipal buildings reviewed for energy savings (sample)",
            "it": "Edifici comunali esaminati per il risparmio energetico (esempio)",
            "ja": "省エネルギー評価を行った市有施設の数（サンプル）",
        },
        "buildings",
        "increase",
        (0, "2019-11-20"),
        (10, "2020-12-31"),
        [("2020-06-30", 2), ("2020-09-30", 4)],
    ),
    (
        2,
        {
            "en": "Officials taking part in staff exchanges (sample)",
            "it": "Funzionari coinvolti negli scambi di personale (esempio)",
            "ja": "職員交流に参加した職員の数（サンプル）",
        },
        "people",
        "increase",
        (0, "2019-11-20"),
        (20, "2020-12-31"),
        [("2020-03-31", 4), ("2020-06-30", 6), ("2020-09-30", 9)],
    ),
    (
        3,
        {
            "en": "Joint workshops held (sample)",
            "it": "Laboratori congiunti svolti (esempio)",
            "ja": "合同ワークショップの開催数（サンプル）",
        },
        "workshops",
        "increase",
        (0, "2019-11-20"),
        (6, "2020-12-31"),
        [("2020-03-31", 1), ("2020-09-30", 3)],
    ),
]
PLAN_MEASUREMENT_SOURCE = {
    "en": "Sample figure for the demo",
    "it": "Dato di esempio per la demo",
    "ja": "デモ用のサンプル値",
}
