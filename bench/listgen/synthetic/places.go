package synthetic

// country is a country as the lists name it: the FSF's ISO code and upper-
// case description, the UK list's short name, and a few of its cities.
type country struct {
	iso2, eu, uk string
	cities       []string
}

var countries = []country{
	{"IR", "IRAN (ISLAMIC REPUBLIC OF)", "Iran", []string{"Tehran", "Isfahan", "Bandar Abbas"}},
	{"RU", "RUSSIAN FEDERATION", "Russia", []string{"Moscow", "St Petersburg", "Novosibirsk"}},
	{"SY", "SYRIAN ARAB REPUBLIC", "Syria", []string{"Damascus", "Aleppo", "Latakia"}},
	{"KP", "KOREA (DEMOCRATIC PEOPLE'S REPUBLIC OF)", "North Korea", []string{"Pyongyang", "Nampo"}},
	{"BY", "BELARUS", "Belarus", []string{"Minsk", "Brest", "Hrodna"}},
	{"AF", "AFGHANISTAN", "Afghanistan", []string{"Kabul", "Kandahar", "Herat"}},
	{"LY", "LIBYA", "Libya", []string{"Tripoli", "Benghazi", "Misrata"}},
	{"YE", "YEMEN", "Yemen", []string{"Sana'a", "Aden"}},
	{"CN", "CHINA", "China", []string{"Shenzhen", "Dalian", "Shanghai"}},
	{"AE", "UNITED ARAB EMIRATES", "United Arab Emirates", []string{"Dubai", "Sharjah"}},
	{"TR", "TÜRKİYE", "Turkey", []string{"Istanbul", "Mersin"}},
	{"GR", "GREECE", "Greece", []string{"Piraeus", "Thessaloniki"}},
	{"CY", "CYPRUS", "Cyprus", []string{"Limassol", "Larnaca"}},
	{"HK", "HONG KONG", "Hong Kong", []string{"Hong Kong", "Kowloon"}},
	{"MM", "MYANMAR", "Myanmar", []string{"Naypyidaw", "Yangon"}},
	{"VE", "VENEZUELA (BOLIVARIAN REPUBLIC OF)", "Venezuela", []string{"Caracas", "Maracaibo"}},
	{"IQ", "IRAQ", "Iraq", []string{"Baghdad", "Basra"}},
	{"SA", "SAUDI ARABIA", "Saudi Arabia", []string{"Riyadh", "Jeddah"}},
}

// programme is a sanctions programme: its FSF code, whether the UN lists
// it too (and then the prefix of a UN reference), and the UK regime whose
// designations carry the same prefix.
type programme struct {
	eu, un, ukPrefix, ukRegime string
}

var programmes = []programme{
	{"RUS", "", "RUS", "The Russia (Sanctions) (EU Exit) Regulations 2019"},
	{"UKR", "", "RUS", "The Russia (Sanctions) (EU Exit) Regulations 2019"},
	{"BLR", "", "BEL", "The Republic of Belarus (Sanctions) (EU Exit) Regulations 2019"},
	{"IRN", "", "IRN", "The Iran (Sanctions) (Nuclear) (EU Exit) Regulations 2019"},
	{"SYR", "", "SYR", "The Syria (Sanctions) (EU Exit) Regulations 2019"},
	{"PRK", "KP", "DPR", "The Democratic People's Republic of Korea (Sanctions) (EU Exit) Regulations 2019"},
	{"LBY", "LY", "LIB", "The Libya (Sanctions) (EU Exit) Regulations 2020"},
	{"TAQA", "QD", "AQD", "Isil (Da'esh) and Al-Qaeda (United Nations Sanctions) (EU Exit) Regulations 2019"},
	{"AFG", "TA", "AFG", "The Afghanistan (Sanctions) (EU Exit) Regulations 2020"},
	{"TERR", "", "CTI", "The Counter-Terrorism (Sanctions) (EU Exit) Regulations 2019"},
	{"CYB", "", "CYB", "The Cyber (Sanctions) (EU Exit) Regulations 2020"},
	{"HR", "", "GHR", "The Global Human Rights Sanctions Regulations 2020"},
	{"MMR", "", "MYA", "The Myanmar (Sanctions) Regulations 2021"},
	{"VEN", "", "VEN", "The Venezuela (Sanctions) (EU Exit) Regulations 2019"},
}

// streets are street-name patterns for an invented name.
var streets = []string{"%s Street", "%s Avenue", "Km 30 %s Road", "%s Industrial Zone", "%s Square", "Building 7, %s Boulevard"}

// functions are what an entry's function attribute or position says.
var functions = []string{
	"Deputy Minister of Defence", "Director of a state procurement agency", "Member of the State Duma",
	"Commander of an air defence unit", "Head of an intelligence directorate", "Governor of a province",
	"Businessperson", "Chief executive of a shipping company",
}
