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
